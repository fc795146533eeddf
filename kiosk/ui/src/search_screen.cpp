// SPDX-License-Identifier: Apache-2.0
// search_screen.cpp — the search by name on an on-screen keyboard (かな and
// ABC). The query lives in the visitor's session and goes with it.
#include <algorithm>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

static std::vector<std::string> utf8_chars(std::string_view s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        out.emplace_back(s.substr(i, n));
        i += n;
    }
    return out;
}

// Adds ゛ or ゜ to the last kana (か → が, は → ぱ) by canonical composition.
static void add_mark(Kiosk& k, const char* combining) {
    auto chars = utf8_chars(k.visitor.session.query);
    if (chars.empty()) return;
    const std::string candidate = chars.back() + combining;
    UErrorCode st = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
    if (U_FAILURE(st)) return;
    icu::UnicodeString u = nfc->normalize(icu::UnicodeString::fromUTF8(candidate), st);
    if (U_FAILURE(st) || u.length() != 1) return;  // this kana takes no such mark
    std::string composed;
    u.toUTF8String(composed);
    k.visitor.session.query.resize(k.visitor.session.query.size() - chars.back().size());
    k.visitor.session.query += composed;
}

void search_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    float y = c.y;
    // The field.
    TextOpts cl;
    cl.size_mm = theme::mm::small;
    const float clear_w = std::max(k.ui.mm(28), k.ui.text_width(k.S("search.clear"), cl) + k.ui.mm(10));
    if (!k.visitor.session.query.empty() &&
        k.ui.button("search.clear", Rect{c.x + c.w - clear_w, y, clear_w, k.ui.mm(18)}, k.S("search.clear"), Ui::Style::quiet, 0, theme::mm::small)) {
        core::secure_clear(k.visitor.session.query);
        k.want_frame = true;
    }
    Rect field{c.x, y, c.w - clear_w - k.ui.mm(3), k.ui.mm(18)};
    TextOpts ft;
    ft.size_mm = theme::mm::heading * 0.8f;
    ft.max_lines = 1;
    if (k.visitor.session.query.empty()) {
        // The hint whole: smaller first, then on more lines (the field grows).
        ft.color = k.P().text_muted;
        ft.max_lines = 0;
        const float tw = field.w - k.ui.mm(8);
        float th = k.ui.text_height(k.S("search.placeholder"), tw, ft);
        while (th > field.h - k.ui.mm(6) && ft.size_mm > theme::mm::small) {
            ft.size_mm = std::max(theme::mm::small, ft.size_mm * 0.88f);
            th = k.ui.text_height(k.S("search.placeholder"), tw, ft);
        }
        field.h = std::max(field.h, th + k.ui.mm(6));
        k.ui.fill(field, k.P().surface, theme::mm::radius);
        k.ui.stroke(field, k.P().accent, theme::mm::radius, 0.6f);
        k.ui.text(k.S("search.placeholder"), field.x + k.ui.mm(4), field.y + k.ui.mm(3), tw, ft);
    } else {
        k.ui.fill(field, k.P().surface, theme::mm::radius);
        k.ui.stroke(field, k.P().accent, theme::mm::radius, 0.6f);
        // A query longer than the field shows its end (where typing happens).
        const float tw = field.w - k.ui.mm(8);
        if (k.ui.text_width(k.visitor.session.query, ft) <= tw) {
            k.ui.text(k.visitor.session.query, field.x + k.ui.mm(4), field.y + k.ui.mm(3), tw, ft);
        } else {
            auto chars = utf8_chars(k.visitor.session.query);
            std::string tail;
            for (size_t from = 1; from < chars.size(); ++from) {
                core::secure_clear(tail);
                tail = "…";
                for (size_t i = from; i < chars.size(); ++i) tail += chars[i];
                if (k.ui.text_width(tail, ft) <= tw) break;
            }
            k.ui.text(tail, field.x + k.ui.mm(4), field.y + k.ui.mm(3), tw, ft);
            core::secure_clear(tail);
            for (auto& ch : chars) core::secure_clear(ch);
        }
    }
    y += field.h + k.ui.mm(4);
    // Keyboard at the bottom, results between.
    const float gap = k.ui.mm(2.5f);
    // Keys as large as the column allows (at least 14 mm, at most 24 mm).
    const float key = std::clamp((c.w - 9 * gap) / 10, k.ui.mm(14), k.ui.mm(24));
    const char* kana[] = {"あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの", "はひふへほ",
                          "まみむめも", "や ゆ よ", "らりるれろ", "わ を ん"};
    const char* latin[] = {"ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-.@ ", "1234567890"};
    const int cols = 10, rows = k.visitor.latin_keys ? 5 : 6;
    const float kb_w = std::min(c.w, cols * (key + gap) - gap), kb_h = rows * (key + gap) - gap;
    const float kb_x = c.x + (c.w - kb_w) / 2, kb_y = c.y + c.h - kb_h;
    const float kw = (kb_w - gap * (cols - 1)) / cols;
    auto key_at = [&](int r, int col) { return Rect{kb_x + col * (kw + gap), kb_y + r * (key + gap), kw, key}; };
    bool changed = false;
    if (!k.visitor.latin_keys) {
        // Columns あ か さ … わ, vowels down, as on ticket machines.
        for (int col = 0; col < cols; ++col) {
            auto chars = utf8_chars(kana[col]);
            for (int r = 0; r < 5 && r < static_cast<int>(chars.size()); ++r) {
                if (chars[r] == " ") continue;
                if (k.ui.button("key." + chars[r], key_at(r, col), chars[r], Ui::Style::secondary, 0, theme::mm::body)) {
                    k.visitor.session.query += chars[r];
                    changed = true;
                }
            }
        }
        const char* extra[] = {"ー", "っ", "ゃ", "ゅ", "ょ"};
        for (int i = 0; i < 5; ++i)
            if (k.ui.button(std::string("key.") + extra[i], key_at(5, i), extra[i], Ui::Style::secondary, 0, theme::mm::body)) {
                k.visitor.session.query += extra[i];
                changed = true;
            }
        if (k.ui.button("key.voiced", key_at(5, 5), "゛", Ui::Style::secondary, 0, theme::mm::body)) add_mark(k, "\u3099"), changed = true;
        if (k.ui.button("key.semivoiced", key_at(5, 6), "゜", Ui::Style::secondary, 0, theme::mm::body)) add_mark(k, "\u309A"), changed = true;
    } else {
        for (int r = 0; r < 4; ++r) {
            auto chars = utf8_chars(latin[r]);
            for (int col = 0; col < cols; ++col) {
                if (chars[col] == " ") continue;
                if (k.ui.button("key." + chars[col], key_at(r, col), chars[col], Ui::Style::secondary, 0, theme::mm::body)) {
                    k.visitor.session.query += chars[col];
                    changed = true;
                }
            }
        }
    }
    const int last_row = rows - 1;
    const Rect mode_r = k.visitor.latin_keys ? key_at(last_row, 0) : key_at(last_row, 7);
    Rect mode_wide = mode_r;
    if (k.visitor.latin_keys) mode_wide.w = kw * 2 + gap;
    if (k.ui.button("key.mode", mode_wide, k.visitor.latin_keys ? "かな" : "ABC", Ui::Style::quiet, 0, theme::mm::small)) {
        k.visitor.latin_keys = !k.visitor.latin_keys;
        k.want_frame = true;
    }
    Rect back_r = key_at(last_row, 8);
    back_r.w = kw * 2 + gap;
    if (k.ui.button("key.backspace", back_r, k.S("search.delete"), Ui::Style::quiet, 0, theme::mm::small)) {
        auto chars = utf8_chars(k.visitor.session.query);
        if (!chars.empty()) k.visitor.session.query.resize(k.visitor.session.query.size() - chars.back().size());
        changed = true;
    }
    if (changed) k.want_frame = true;

    // Results for what has been typed so far.
    const std::string key_now = k.visitor.session.lang + "|" + k.visitor.session.query;
    if (key_now != k.visitor.views.hits_key) {
        core::secure_clear(k.visitor.views.hits_key);
        k.visitor.views.hits_key = key_now;
        for (auto& h : k.visitor.views.hits) core::secure_clear(h.id);
        k.visitor.views.hits.clear();
        k.visitor.views.named = {};
        if (k.deps.catalogue && !k.visitor.session.query.empty()) {
            k.visitor.views.hits = k.deps.catalogue->search(k.visitor.session.query, {.lang = k.visitor.session.lang,
                                                          .region = {k.deps.config.prefecture, k.deps.config.municipality},
                                                          .limit = 50});
            k.visitor.views.named = k.deps.catalogue->expand(k.visitor.session.query, k.visitor.session.lang);
        }
    }
    // A concern the query names in everyday words (パチンコ → ギャンブル) is a chip:
    // it opens that concern's results as the concern screen does (then "who is
    // it for?"; straight to the results for families when the query named
    // family too: 息子 パチンコ). A query that asks for the urgent route
    // (死にたい, OD, 倒れた, in any language: keywords.csv `route,urgent`) gets
    // 「いますぐ話したい」 first, before any concern: the urgent screen puts 119 and
    // the lines open now ahead of everything else.
    bool family_named = false;
    for (const auto& t : k.visitor.views.named.terms) family_named = family_named || (t.vocabulary == "audience" && t.code == "family");
    float chip_x = c.x;
    const float chip_h = k.ui.mm(16);
    if (k.visitor.views.named.urgent) {
        TextOpts uo;
        uo.size_mm = theme::mm::small;
        const float w = std::min(c.w, k.ui.text_width(k.S("common.urgent"), uo) + k.ui.mm(12));
        if (k.ui.button("search.urgent", Rect{chip_x, y, w, chip_h}, k.S("common.urgent"), Ui::Style::primary, 0, theme::mm::small))
            open_urgent(k);
        chip_x += w + k.ui.mm(2);
    }
    for (const auto& t : k.visitor.views.named.terms) {
        if (t.vocabulary != "concern") continue;
        std::string label = k.S("search.named_concern");
        if (const auto at = label.find("{term}"); at != std::string::npos) label.replace(at, 6, t.label.text);
        TextOpts co;
        co.size_mm = theme::mm::small;
        const float w = std::min(c.w, k.ui.text_width(label, co) + k.ui.mm(12));
        if (chip_x > c.x && chip_x + w > c.x + c.w) chip_x = c.x, y += chip_h + k.ui.mm(2);
        if (k.ui.button("search.named." + t.code, Rect{chip_x, y, w, chip_h}, label, Ui::Style::tile,
                        theme::concern_tile(k.P(), t.code), theme::mm::small)) {
            k.visitor.session.concern = t.code;
            if (family_named) {
                k.visitor.session.audience = "family";
                k.ui.reset_scroll("results");
                k.navigate(Screen::results);
            } else {
                k.navigate(Screen::who);
            }
        }
        chip_x += w + k.ui.mm(2);
        core::secure_clear(label);
    }
    if (chip_x > c.x) y += chip_h + k.ui.mm(3);
    const Rect view{c.x, y, c.w, kb_y - y - k.ui.mm(4)};
    if (!k.visitor.session.query.empty() && k.visitor.views.hits.empty()) {
        TextOpts o;
        o.color = k.P().text_muted;
        k.ui.text(k.S("search.none"), view.x, view.y, view.w, o);
        return;
    }
    const float row_h = k.ui.mm(20) * k.ui.text_scale(), row_gap = k.ui.mm(2);
    const float off = k.ui.scroll("search", view, k.visitor.views.hits.size() * (row_h + row_gap));
    k.ui.push_clip(view);
    for (size_t i = 0; i < k.visitor.views.hits.size(); ++i) {
        const Rect r{view.x, view.y + i * (row_h + row_gap) - off, view.w - k.ui.mm(4), row_h};
        if (r.y + r.h < view.y || r.y > view.y + view.h) continue;
        if (k.ui.button("search.result." + k.visitor.views.hits[i].id, r, k.visitor.views.hits[i].name.text, Ui::Style::secondary)) {
            k.visitor.session.service_id = k.visitor.views.hits[i].id;
            k.navigate(Screen::detail);
        }
    }
    k.ui.pop_clip();
}

}  // namespace madoguchi::ui
