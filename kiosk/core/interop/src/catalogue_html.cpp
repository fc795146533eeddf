// SPDX-License-Identifier: Apache-2.0
// catalogue_html.cpp — see catalogue_html.hpp.
#include "madoguchi/core/catalogue_html.hpp"

#include <map>

namespace madoguchi::core {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string html_with_ruby(std::string_view s) {
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        const size_t open = s.find('{', i);
        if (open == std::string_view::npos) break;
        const size_t bar = s.find('|', open), close = s.find('}', open);
        // Only a well-formed {base|reading} is ruby; anything else is text.
        if (bar == std::string_view::npos || close == std::string_view::npos || bar > close || bar == open + 1 || close == bar + 1) {
            out += html_escape(s.substr(i, open + 1 - i));
            i = open + 1;
            continue;
        }
        out += html_escape(s.substr(i, open - i));
        out += "<ruby>" + html_escape(s.substr(open + 1, bar - open - 1)) + "<rt>" + html_escape(s.substr(bar + 1, close - bar - 1)) +
               "</rt></ruby>";
        i = close + 1;
    }
    out += html_escape(s.substr(std::min(i, s.size())));
    return out;
}

namespace {

// Paragraphs (blank line) and line breaks of a bundle text.
std::string paragraphs(std::string_view s) {
    std::string out = "<p>";
    size_t i = 0;
    while (i <= s.size()) {
        const size_t nl = s.find('\n', i);
        const std::string_view line = s.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
        out += html_with_ruby(line);
        if (nl == std::string_view::npos) break;
        if (nl + 1 < s.size() && s[nl + 1] == '\n') {
            out += "</p>\n<p>";
            i = nl + 2;
        } else {
            out += "<br>";
            i = nl + 1;
        }
    }
    return out + "</p>\n";
}

// The same faces as the kiosk's per-language chains (Chinese and Korean glyph
// forms for those languages), then whatever the system has.
std::string font_family(std::string_view lang) {
    if (lang.rfind("zh", 0) == 0) return "'Noto Sans CJK SC','Noto Sans',sans-serif";
    if (lang == "ko") return "'Noto Sans CJK KR','Noto Sans',sans-serif";
    if (lang == "ne") return "'Noto Sans Devanagari','Noto Sans',sans-serif";
    if (lang.rfind("ja", 0) == 0) return "'Noto Sans CJK JP','Noto Sans',sans-serif";
    return "'Noto Sans','Noto Sans CJK JP',sans-serif";
}

const char* kStyle =
    "body{max-width:60em;margin:2em auto;padding:0 1em;color:#1c1c1e;"
    "background:#f7f4ee;line-height:1.6}article{background:#fff;border:1px solid #807a70;border-radius:6px;padding:.8em 1.2em;"
    "margin:1em 0;break-inside:avoid}h1{font-size:1.8em}h2{margin-top:2em}h3{margin:.2em 0}.org{color:#46464a}.label{color:#1a546e;"
    "font-size:.9em;margin-top:.6em}.phone{font-size:1.3em}.muted{color:#46464a;font-size:.9em}ul.index{columns:2}"
    "@media print{body{background:#fff}a{color:inherit}}";

}  // namespace

std::string export_html(const Catalogue& cat, const HtmlExportOptions& o) {
    const std::string lang = o.lang.empty() ? "ja" : o.lang;
    // Without the kiosk's strings (a library caller): the Japanese labels of
    // assets/strings/ja.toml, the few this page needs.
    static const std::map<std::string, std::string, std::less<>> kJapanese = {
        {"detail.what", "どんなところ"},  {"detail.phone", "電話"},         {"detail.hours", "受付時間"},
        {"detail.email", "メール"},       {"detail.website", "ウェブサイト"}, {"detail.address", "住所"},
        {"detail.cost", "費用"},          {"detail.anonymous", "名前を言わずに相談"},
        {"detail.last_checked", "情報を確認した日"}, {"detail.source", "情報のもと"}, {"guides.title", "知っておきたいこと"},
        {"results.title", "相談先"},      {"detail.translation_missing", "翻訳がないため、日本語で表示しています"}};
    auto label = [&](std::string_view key) -> std::string {
        if (o.strings) return o.strings->get(lang, key);
        auto it = kJapanese.find(key);
        return it == kJapanese.end() ? std::string(key) : it->second;
    };
    const BundleInfo info = cat.info();
    std::string title = info.meta_value("title");
    if (title.empty()) title = "madoguchi";
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"" + html_escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>" + html_escape(title) + "</title>\n<style>body{font-family:" + font_family(lang) + "}" + std::string(kStyle) +
         "</style>\n</head>\n<body>\n";
    h += "<h1>" + html_with_ruby(title) + "</h1>\n<p class=\"muted\">";
    for (const char* key : {"publisher", "version", "created"}) {
        const std::string v = info.meta_value(key);
        if (!v.empty()) h += html_escape(key) + ": " + html_escape(v) + " &nbsp; ";
    }
    h += "</p>\n";

    // Index by concern, then every service once.
    ServiceQuery all;
    all.lang = lang;
    const std::vector<ServiceSummary> services = cat.find_services(all);
    h += "<nav>\n";
    for (const Term& c : cat.vocabulary("concern", lang)) {
        ServiceQuery q;
        q.concern = c.code;
        q.lang = lang;
        const auto listed = cat.find_services(q);
        if (listed.empty()) continue;
        h += "<h2>" + html_with_ruby(c.label.text) + "</h2>\n<ul class=\"index\">\n";
        for (const auto& s : listed) h += "<li><a href=\"#s-" + html_escape(s.id) + "\">" + html_with_ruby(s.name.text) + "</a></li>\n";
        h += "</ul>\n";
    }
    h += "</nav>\n<h2>" + html_with_ruby(label("results.title")) + "</h2>\n";
    for (const auto& summary : services) {
        const auto d = cat.service(summary.id, lang);
        if (!d) continue;
        h += "<article id=\"s-" + html_escape(d->id) + "\">\n<h3>" + html_with_ruby(d->name.text) + "</h3>\n";
        if (!d->organization.text.empty()) h += "<div class=\"org\">" + html_with_ruby(d->organization.text) + "</div>\n";
        if (!d->description.text.empty()) {
            h += "<div class=\"label\">" + html_with_ruby(label("detail.what")) + "</div>\n" + paragraphs(d->description.text);
            if (d->description.fallback && lang != "ja")
                h += "<p class=\"muted\">" + html_with_ruby(label("detail.translation_missing")) + "</p>\n";
        }
        if (!d->phones.empty()) {
            h += "<div class=\"label\">" + html_with_ruby(label("detail.phone")) + "</div>\n";
            for (const auto& p : d->phones) {
                h += "<div class=\"phone\">";
                if (!p.label.text.empty()) h += html_with_ruby(p.label.text) + " ";
                if (p.number.empty()) h += html_escape(p.link) + "</div>\n";  // a web form, LINE, …: shown, not linked
                else h += "<a href=\"" + html_escape(p.tel_uri) + "\">" + html_escape(p.number) + "</a></div>\n";
                for (const auto& hr : p.hours) h += "<div class=\"muted\">" + html_with_ruby(hr) + "</div>\n";
            }
        }
        if (!d->opening_hours.empty()) {
            h += "<div class=\"label\">" + html_with_ruby(label("detail.hours")) + "</div>\n";
            for (const auto& hr : d->opening_hours) h += "<div>" + html_with_ruby(hr) + "</div>\n";
        }
        const std::string email = d->email.empty() ? d->organization_email : d->email;
        if (!email.empty())
            h += "<div class=\"label\">" + html_with_ruby(label("detail.email")) + "</div>\n<div><a href=\"mailto:" + html_escape(email) +
                 "\">" + html_escape(email) + "</a></div>\n";
        const std::string web = d->website.empty() ? d->organization_website : d->website;
        // Only http(s) becomes a link: a bundle must not be able to plant javascript: URLs.
        if (!web.empty()) {
            h += "<div class=\"label\">" + html_with_ruby(label("detail.website")) + "</div>\n<div>";
            if (web.rfind("https://", 0) == 0 || web.rfind("http://", 0) == 0)
                h += "<a href=\"" + html_escape(web) + "\">" + html_escape(web) + "</a>";
            else
                h += html_escape(web);
            h += "</div>\n";
        }
        for (const auto& l : d->locations) {
            h += "<div class=\"label\">" + html_with_ruby(label("detail.address")) + "</div>\n<div>";
            if (!l.name.text.empty()) h += html_with_ruby(l.name.text) + "<br>";
            if (!l.postal_code.empty()) h += "〒" + html_escape(l.postal_code) + " ";
            h += html_escape(l.prefecture + l.municipality) + html_with_ruby(l.address.text) + "</div>\n";
        }
        h += "<p class=\"muted\">" + html_with_ruby(label("detail.last_checked")) + " " + html_escape(d->assured_date) + " · " +
             html_with_ruby(label("detail.source")) + " " + html_with_ruby(d->source.title) + "</p>\n</article>\n";
    }
    // Guides.
    const auto guides = cat.guides(lang);
    if (!guides.empty()) {
        h += "<h2>" + html_with_ruby(label("guides.title")) + "</h2>\n";
        for (const auto& gs : guides) {
            const auto g = cat.guide(gs.id, lang);
            if (!g) continue;
            h += "<article id=\"g-" + html_escape(g->id) + "\">\n<h3>" + html_with_ruby(g->title.text) + "</h3>\n" + paragraphs(g->body.text);
            for (const auto& sid : g->service_ids)
                for (const auto& sv : services)
                    if (sv.id == sid) h += "<div>→ <a href=\"#s-" + html_escape(sid) + "\">" + html_with_ruby(sv.name.text) + "</a></div>\n";
            h += "</article>\n";
        }
    }
    h += "</body>\n</html>\n";
    return h;
}

}  // namespace madoguchi::core
