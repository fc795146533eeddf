// SPDX-License-Identifier: Apache-2.0
// bundle_source.cpp — reads a bundle source folder and checks everything.
//
// Index
//   - Table / Field      a CSV file with named columns; a cell with its position
//   - Checker            per-cell checks that report `column: message` at the cell
//   - load_*             one function per file, in dependency order
//   - resolve_refs       references between files, checked once all are read
//   - check_evidence     every contact value against the quote that proves it,
//                        every guide sentence against its source mark
//   - check_translations every visitor text in every language the bundle requires
#include "bundle_source.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/csv_reader.hpp"
#include "madoguchi/core/evidence.hpp"
#include "madoguchi/core/field_checks.hpp"
#include "madoguchi/core/guide_marks.hpp"
#include "madoguchi/core/regions.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

namespace fs = std::filesystem;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

struct ColumnSpec {
    const char* name;
    bool required;  // must be present in the header (values may still be optional)
};

struct Field {
    std::string_view text;
    SourcePosition pos;
    const char* column;
};

class Table {
public:
    Table(CsvDocument doc, std::vector<ColumnSpec> cols, Diagnostics& diags) : doc_(std::move(doc)) {
        for (size_t i = 0; i < doc_.header.size(); ++i) {
            const CsvCell& h = doc_.header[i];
            std::string name(trim(h.text));
            auto it = std::find_if(cols.begin(), cols.end(), [&](const ColumnSpec& c) { return name == c.name; });
            if (it == cols.end()) {
                std::string expected;
                for (const auto& c : cols) expected += std::string(expected.empty() ? "" : ", ") + c.name;
                diags.add({doc_.file, h.line, h.column},
                          "unknown column \"" + name + "\" (columns of this file: " + expected + ")");
                ok_ = false;
                continue;
            }
            if (index_.count(name)) {
                diags.add({doc_.file, h.line, h.column}, "column \"" + name + "\" appears twice");
                ok_ = false;
                continue;
            }
            index_[name] = i;
        }
        for (const auto& c : cols) {
            if (c.required && !index_.count(c.name)) {
                diags.add({doc_.file, 1, 1}, std::string("missing column \"") + c.name + "\"");
                ok_ = false;
            }
        }
    }

    bool ok() const { return ok_; }
    const std::string& file() const { return doc_.file; }
    const std::vector<CsvRow>& rows() const { return doc_.rows; }

    Field get(const CsvRow& row, const char* column) const {
        auto it = index_.find(column);
        if (it == index_.end()) return Field{{}, {doc_.file, row.line, 1}, column};
        const CsvCell& c = row.cells[it->second];
        return Field{c.text, {doc_.file, c.line, c.column}, column};
    }

private:
    CsvDocument doc_;
    std::map<std::string, size_t> index_;
    bool ok_ = true;
};

struct PendingRef {
    std::string kind;  // "organization", "service", "concern", …
    std::string id;
    SourcePosition pos;
    const char* column;
};

class Checker {
public:
    explicit Checker(Diagnostics& d) : d_(d) {}

    void error(const Field& f, const std::string& msg) { d_.add(f.pos, std::string(f.column) + ": " + msg); }

    // Text that must not be empty.
    std::string text(const Field& f, bool required) {
        if (required && trim(f.text).empty()) {
            error(f, "required field is empty");
            return {};
        }
        check_ruby(f);
        return std::string(f.text);
    }

    // Ids, codes and other tokens: no surrounding spaces allowed.
    std::string token(const Field& f, bool required) {
        if (f.text.empty()) {
            if (required) error(f, "required field is empty");
            return {};
        }
        if (trim(f.text).size() != f.text.size()) {
            error(f, "\"" + std::string(f.text) + "\" has spaces before or after it");
            return std::string(trim(f.text));
        }
        return std::string(f.text);
    }

    std::string id(const Field& f, std::map<std::string, int>& seen) {
        std::string v = token(f, true);
        if (v.empty()) return v;
        if (std::string e = check_id(v); !e.empty()) {
            error(f, e);
            return v;
        }
        auto [it, inserted] = seen.emplace(v, f.pos.line);
        if (!inserted) error(f, "duplicate id \"" + v + "\" (first used on line " + std::to_string(it->second) + ")");
        return v;
    }

    std::string ref(const Field& f, const std::string& kind, bool required) {
        std::string v = token(f, required);
        if (!v.empty()) refs.push_back({kind, v, f.pos, f.column});
        return v;
    }

    std::vector<std::string> list(const Field& f, const std::string& ref_kind, bool required) {
        std::vector<std::string> out;
        std::string_view s = f.text;
        size_t start = 0;
        while (start <= s.size() && !trim(s).empty()) {
            size_t end = s.find(';', start);
            if (end == std::string_view::npos) end = s.size();
            std::string_view item = trim(s.substr(start, end - start));
            if (item.empty()) {
                error(f, "empty item in list \"" + std::string(s) + "\" (items are separated by ;)");
            } else if (std::find(out.begin(), out.end(), item) != out.end()) {
                error(f, "\"" + std::string(item) + "\" is listed twice");
            } else {
                out.emplace_back(item);
                if (!ref_kind.empty()) refs.push_back({ref_kind, std::string(item), f.pos, f.column});
            }
            start = end + 1;
        }
        if (required && out.empty()) error(f, "needs at least one value");
        return out;
    }

    std::string date(const Field& f, bool required) {
        std::string v = token(f, required);
        if (!v.empty() && !parse_date(v)) error(f, "\"" + v + "\" is not a date of the form YYYY-MM-DD");
        return v;
    }

    std::string url(const Field& f, UrlUse use) {
        std::string v = token(f, false);
        if (!v.empty())
            if (std::string e = check_url(v, use); !e.empty()) error(f, e);
        return v;
    }

    std::string email(const Field& f) {
        std::string v = token(f, false);
        if (!v.empty())
            if (std::string e = check_email(v); !e.empty()) error(f, e);
        return v;
    }

    std::string reading(const Field& f) {
        std::string v = text(f, true);
        if (!v.empty())
            if (std::string e = check_reading(v); !e.empty()) error(f, e);
        return v;
    }

    std::string one_of(const Field& f, std::initializer_list<const char*> values, const char* dflt) {
        std::string v = token(f, dflt == nullptr);
        if (v.empty()) return dflt ? dflt : "";
        for (const char* ok : values)
            if (v == ok) return v;
        std::string list;
        for (const char* ok : values) list += std::string(list.empty() ? "" : ", ") + ok;
        error(f, "\"" + v + "\" is not one of: " + list);
        return v;
    }

    int integer(const Field& f, int min_value) {
        std::string v = token(f, true);
        if (v.empty()) return 0;
        bool digits = v.size() <= 9 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || std::stoi(v) < min_value) {
            error(f, "\"" + v + "\" is not a whole number of at least " + std::to_string(min_value));
            return 0;
        }
        return std::stoi(v);
    }

    // {base|reading} ruby markup: balanced, both parts present, no nesting.
    void check_ruby(const Field& f) {
        std::string_view s = f.text;
        size_t i = 0;
        while ((i = s.find_first_of("{}", i)) != std::string_view::npos) {
            if (s[i] == '}') {
                error(f, "ruby markup: \"}\" without an opening \"{\" (write ruby as {漢字|かんじ})");
                return;
            }
            size_t close = s.find('}', i);
            size_t next_open = s.find('{', i + 1);
            if (close == std::string_view::npos || (next_open != std::string_view::npos && next_open < close)) {
                error(f, "ruby markup: \"{\" is not closed (write ruby as {漢字|かんじ})");
                return;
            }
            std::string_view inner = s.substr(i + 1, close - i - 1);
            size_t bar = inner.find('|');
            if (bar == std::string_view::npos || bar == 0 || bar + 1 == inner.size() ||
                inner.find('|', bar + 1) != std::string_view::npos) {
                error(f, "ruby markup: \"{" + std::string(inner) + "}\" must be {base|reading}");
                return;
            }
            i = close + 1;
        }
    }

    std::vector<PendingRef> refs;

private:
    Diagnostics& d_;
};

bool open_table(const std::string& dir, const char* name, std::vector<ColumnSpec> cols, bool optional_file,
                Diagnostics& diags, std::optional<Table>& out) {
    std::string path = (fs::path(dir) / name).string();
    if (optional_file && !fs::exists(path)) return false;
    CsvDocument doc;
    if (!read_csv_file(path, doc, diags)) return false;
    out.emplace(std::move(doc), std::move(cols), diags);
    return out->ok();
}

// "en zh-Hans" or "en;zh-Hans" → {"en", "zh-Hans"}.
std::vector<std::string> split_languages(std::string_view s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = s.find_first_of(" ;,", i);
        if (j == std::string_view::npos) j = s.size();
        if (j > i) out.emplace_back(s.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

// The position of byte `offset` inside a cell's text (which may span lines).
SourcePosition position_in_cell(const Field& f, size_t offset) {
    SourcePosition p = f.pos;
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < f.text.size(); ++i)
        if (f.text[i] == '\n') {
            ++p.line;
            line_start = i + 1;
        }
    const int cps = static_cast<int>(utf8::length(f.text.substr(line_start, std::min(offset, f.text.size()) - line_start)));
    p.column = line_start == 0 ? f.pos.column + cps : cps + 1;
    return p;
}

constexpr const char* kVocabularies[] = {"concern", "audience", "situation", "kind", "mode"};

const std::map<std::string, std::vector<std::string>>& required_terms() {
    static const std::map<std::string, std::vector<std::string>> m = {
        {"concern", {"alcohol", "drugs", "medicines", "gambling", "gaming", "sex", "other"}},
        {"audience", {"self", "family"}},
        {"situation", {"youth", "parenting", "women", "justice", "employment", "dual_diagnosis"}},
        {"kind", {"consultation", "recovery", "self_help", "medical", "family_class", "legal", "employment"}},
        {"mode", {"phone", "in_person", "online"}},
    };
    return m;
}


// ---------------------------------------------------------------------------
// One loader per file.

struct Loader {
    Loader(std::string d, BundleSource& o, Diagnostics& dg) : dir(std::move(d)), out(o), diags(dg), ck(dg) {}
    std::string dir;
    BundleSource& out;
    Diagnostics& diags;
    Checker ck;
    std::map<std::string, std::map<std::string, int>> ids;  // kind → id → line
    std::map<std::string, std::string> phone_service;        // phone id → service id
    std::map<std::string, std::string> location_org;          // location id → organization id
    std::map<std::string, std::string> service_org;           // service id → organization id
    std::vector<std::string> required_languages;              // bundle.csv translations_required

    // Cells of visitor text, by table/id/field: where a missing translation is reported.
    std::map<std::string, SourcePosition> text_cells;
    void remember_cell(const char* table, const std::string& id, const Field& f) {
        if (!id.empty() && !trim(f.text).empty()) text_cells[std::string(table) + "\x1f" + id + "\x1f" + f.column] = f.pos;
    }

    // A [[key]] in a guide's text, waiting for evidence.csv to be read.
    struct MarkNeed { std::string guide, key; SourcePosition where; const char* column; };
    std::vector<MarkNeed> mark_needs;
    void read_marks(const std::string& guide, const Field& f) {
        const MarkedText m = parse_source_marks(f.text);
        for (const auto& p : m.problems) diags.add(position_in_cell(f, p.offset), std::string(f.column) + ": " + p.message);
        for (const auto& st : m.sentences)
            for (const auto& k : st.marks)
                if (k != kNoFactMark) mark_needs.push_back({guide, k, position_in_cell(f, st.offset), f.column});
    }

    // Kinds of record whose file could not be read: references to them are not
    // reported again (the file's own problem is the one to fix).
    std::set<std::string> unreadable_kinds;
    void unreadable(std::initializer_list<const char*> kinds) {
        for (const char* k : kinds) unreadable_kinds.insert(k);
    }

    void bundle() {
        std::optional<Table> t;
        if (!open_table(dir, "bundle.csv", {{"key", true}, {"value", true}}, false, diags, t)) { unreadable({"bundle"}); return; }
        std::map<std::string, int> seen;
        for (const CsvRow& row : t->rows()) {
            Field k = t->get(row, "key"), v = t->get(row, "value");
            std::string key = ck.token(k, true);
            if (key.empty()) continue;
            static const std::set<std::string> known = {"title", "publisher", "version", "valid_until",
                                                        "source_notes", "region", "synthetic", "correction_url",
                                                        "translations_required"};
            if (!known.count(key)) {
                ck.error(k, "unknown key \"" + key +
                                "\" (keys: title, publisher, version, valid_until, source_notes, region, synthetic, "
                                "correction_url, translations_required)");
                continue;
            }
            if (!seen.emplace(key, row.line).second) {
                ck.error(k, "key \"" + key + "\" appears twice");
                continue;
            }
            std::string value;
            if (key == "version") value = std::to_string(ck.integer(v, 1));
            else if (key == "valid_until") value = ck.date(v, true);
            else if (key == "region") {
                value = ck.token(v, true);
                if (!value.empty() && value != "00" && !parse_prefecture_code(value))
                    ck.error(v, "\"" + value + "\" is not a prefecture code 01-47 (or 00 for national)");
            } else if (key == "synthetic") value = ck.one_of(v, {"yes", "no"}, nullptr);
            else if (key == "translations_required") {
                value = ck.token(v, true);
                for (const auto& lang : split_languages(value)) {
                    bool known = false;
                    for (auto l : kLanguages) known = known || (l == lang && l != "ja");
                    if (!known) ck.error(v, "\"" + lang + "\" is not a translation language (en, zh-Hans, ko, vi, pt-BR, ne, tl, ja-x-easy)");
                    else required_languages.push_back(lang);
                }
            } else if (key == "correction_url") {
                value = ck.url(v, UrlUse::website);
                if (value.empty()) ck.error(v, "required field is empty");
            }
            else value = ck.text(v, key == "title" || key == "publisher");
            out.meta[key] = value;
            ids["bundle"][key] = row.line;
        }
        for (const char* req : {"title", "publisher", "version", "valid_until"})
            if (!seen.count(req)) diags.add({t->file(), 0, 0}, std::string("missing key \"") + req + "\"");
    }

    void sources() {
        std::optional<Table> t;
        if (!open_table(dir, "sources.csv",
                        {{"id", true}, {"title", true}, {"url", false}, {"publisher", false}, {"published", false},
                         {"checked", true}, {"licence", false}, {"note", false}},
                        false, diags, t))
            { unreadable({"source"}); return; }
        for (const CsvRow& row : t->rows()) {
            SrcSource s;
            s.id = ck.id(t->get(row, "id"), ids["source"]);
            s.title = ck.text(t->get(row, "title"), true);
            s.url = ck.url(t->get(row, "url"), UrlUse::website);
            s.publisher = ck.text(t->get(row, "publisher"), false);
            s.published = ck.text(t->get(row, "published"), false);
            s.checked = ck.date(t->get(row, "checked"), true);
            s.licence = ck.text(t->get(row, "licence"), false);
            s.note = ck.text(t->get(row, "note"), false);
            out.sources.push_back(std::move(s));
        }
    }

    void vocabulary() {
        std::optional<Table> t;
        if (!open_table(dir, "vocabulary.csv",
                        {{"vocabulary", true}, {"code", true}, {"label_ja", true}, {"label_en", true}, {"sort", true}},
                        false, diags, t))
            { unreadable({"vocabulary", "concern", "audience", "situation", "kind", "mode"}); return; }
        for (const CsvRow& row : t->rows()) {
            SrcTerm term;
            Field vf = t->get(row, "vocabulary");
            term.vocabulary = ck.one_of(vf, {"concern", "audience", "situation", "kind", "mode"}, nullptr);
            Field cf = t->get(row, "code");
            term.code = ck.token(cf, true);
            if (!term.code.empty()) {
                if (std::string e = check_id(term.code); !e.empty()) ck.error(cf, e);
                auto [it, inserted] = ids[term.vocabulary].emplace(term.code, row.line);
                if (!inserted)
                    ck.error(cf, "duplicate code \"" + term.code + "\" in vocabulary " + term.vocabulary +
                                     " (first on line " + std::to_string(it->second) + ")");
                ids["vocabulary"][term.vocabulary + ":" + term.code] = row.line;
            }
            term.label_ja = ck.text(t->get(row, "label_ja"), true);
            term.label_en = ck.text(t->get(row, "label_en"), true);
            term.sort = ck.integer(t->get(row, "sort"), 0);
            out.vocabulary.push_back(std::move(term));
        }
        for (const auto& [vocab, codes] : required_terms())
            for (const auto& code : codes)
                if (!ids[vocab].count(code))
                    diags.add({t->file(), 0, 0},
                              "the kiosk needs " + vocab + " code \"" + code + "\", which is missing");
    }

    void municipalities() {
        std::optional<Table> t;
        if (!open_table(dir, "municipalities.csv", {{"code", true}, {"name", true}, {"name_kana", false}}, true, diags, t))
            { unreadable({"municipality"}); return; }
        for (const CsvRow& row : t->rows()) {
            Field cf = t->get(row, "code");
            SrcMunicipality m;
            std::string raw = ck.token(cf, true), err;
            if (!raw.empty()) {
                if (auto code = parse_municipality_code(raw, &err)) {
                    m.code = *code;
                    m.prefecture = std::stoi(m.code.substr(0, 2));
                    auto [it, inserted] = ids["municipality"].emplace(m.code, row.line);
                    if (!inserted) ck.error(cf, "duplicate code \"" + raw + "\" (first on line " + std::to_string(it->second) + ")");
                } else {
                    ck.error(cf, err);
                }
            }
            m.name = ck.text(t->get(row, "name"), true);
            Field kf = t->get(row, "name_kana");
            if (!kf.text.empty()) m.name_kana = ck.reading(kf);
            out.municipalities.push_back(std::move(m));
        }
    }

    void organizations() {
        std::optional<Table> t;
        if (!open_table(dir, "organizations.csv",
                        {{"id", true}, {"name", true}, {"name_kana", true}, {"alternate_name", false},
                         {"description", true}, {"website", false}, {"email", false}, {"sector", false},
                         {"source", true}, {"assured_date", true}},
                        false, diags, t))
            { unreadable({"organization"}); return; }
        for (const CsvRow& row : t->rows()) {
            SrcOrganization o;
            o.id = ck.id(t->get(row, "id"), ids["organization"]);
            o.name = ck.text(t->get(row, "name"), true);
            remember_cell("organizations", o.id, t->get(row, "name"));
            o.name_kana = ck.reading(t->get(row, "name_kana"));
            o.alternate_name = ck.text(t->get(row, "alternate_name"), false);
            o.description = ck.text(t->get(row, "description"), true);
            remember_cell("organizations", o.id, t->get(row, "description"));
            Field wf = t->get(row, "website"), ef = t->get(row, "email");
            o.website = ck.url(wf, UrlUse::website);
            o.email = ck.email(ef);
            Field sf = t->get(row, "sector");
            if (!sf.text.empty()) o.sector = ck.one_of(sf, {"public", "nonprofit", "private"}, nullptr);
            o.source = ck.ref(t->get(row, "source"), "source", true);
            need_proof("organizations", o.id, "website", o.website, wf, check_url(o.website, UrlUse::website).empty());
            need_proof("organizations", o.id, "email", o.email, ef, check_email(o.email).empty());
            o.assured_date = ck.date(t->get(row, "assured_date"), true);
            out.organizations.push_back(std::move(o));
        }
    }

    void locations() {
        std::optional<Table> t;
        if (!open_table(dir, "locations.csv",
                        {{"id", true}, {"organization_id", true}, {"name", false}, {"postal_code", false},
                         {"prefecture_code", true}, {"municipality_code", false}, {"address", false},
                         {"accessibility", false}},
                        false, diags, t))
            { unreadable({"location"}); return; }
        for (const CsvRow& row : t->rows()) {
            SrcLocation l;
            l.id = ck.id(t->get(row, "id"), ids["location"]);
            l.organization_id = ck.ref(t->get(row, "organization_id"), "organization", true);
            location_org[l.id] = l.organization_id;
            l.name = ck.text(t->get(row, "name"), false);
            Field pc = t->get(row, "postal_code");
            l.postal_code = ck.token(pc, false);
            if (!l.postal_code.empty())
                if (std::string e = check_postal_code(l.postal_code); !e.empty()) ck.error(pc, e);
            Field pf = t->get(row, "prefecture_code");
            std::string pref = ck.token(pf, true);
            if (!pref.empty()) {
                if (auto p = parse_prefecture_code(pref)) l.prefecture = *p;
                else ck.error(pf, "\"" + pref + "\" is not a prefecture code 01-47 (JIS X 0401, two digits)");
            }
            Field mf = t->get(row, "municipality_code");
            std::string muni = ck.token(mf, false), err;
            if (!muni.empty()) {
                if (auto code = parse_municipality_code(muni, &err)) {
                    l.municipality_code = *code;
                    if (l.prefecture && std::stoi(code->substr(0, 2)) != l.prefecture)
                        ck.error(mf, "municipality \"" + muni + "\" is not in prefecture " + pref);
                } else {
                    ck.error(mf, err);
                }
            }
            Field adf = t->get(row, "address");
            l.address = ck.text(adf, false);
            need_proof("locations", l.id, "address", l.address, adf, true);
            l.accessibility = ck.text(t->get(row, "accessibility"), false);
            out.locations.push_back(std::move(l));
        }
    }

    void services() {
        std::optional<Table> t;
        if (!open_table(dir, "services.csv",
                        {{"id", true}, {"organization_id", true}, {"name", true}, {"name_kana", true},
                         {"alternate_name", false}, {"description", true}, {"concerns", true}, {"audiences", true},
                         {"situations", false}, {"kinds", true}, {"modes", true}, {"areas", true},
                         {"locations", false}, {"languages", false}, {"website", false}, {"email", false},
                         {"cost", true}, {"fees_description", false}, {"anonymous", true}, {"status", false},
                         {"status_note", false}, {"tier", false}, {"source", true}, {"assured_date", true}},
                        false, diags, t))
            { unreadable({"service"}); return; }
        for (const CsvRow& row : t->rows()) {
            SrcService s;
            s.id = ck.id(t->get(row, "id"), ids["service"]);
            s.organization_id = ck.ref(t->get(row, "organization_id"), "organization", true);
            service_org[s.id] = s.organization_id;
            s.name = ck.text(t->get(row, "name"), true);
            remember_cell("services", s.id, t->get(row, "name"));
            s.name_kana = ck.reading(t->get(row, "name_kana"));
            s.alternate_name = ck.text(t->get(row, "alternate_name"), false);
            s.description = ck.text(t->get(row, "description"), true);
            remember_cell("services", s.id, t->get(row, "description"));
            s.concerns = ck.list(t->get(row, "concerns"), "concern", true);
            s.audiences = ck.list(t->get(row, "audiences"), "audience", true);
            s.situations = ck.list(t->get(row, "situations"), "situation", false);
            s.kinds = ck.list(t->get(row, "kinds"), "kind", true);
            s.modes = ck.list(t->get(row, "modes"), "mode", true);
            Field af = t->get(row, "areas");
            for (const std::string& a : ck.list(af, "", true)) {
                SrcArea area;
                std::string err;
                if (a == "national") {
                    area.scope = "national";
                } else if (a.size() == 2) {
                    if (auto p = parse_prefecture_code(a)) { area.scope = "prefecture"; area.prefecture = *p; }
                    else { ck.error(af, "\"" + a + "\" is not a prefecture code 01-47"); continue; }
                } else if (auto m = parse_municipality_code(a, &err)) {
                    area.scope = "municipality";
                    area.municipality = *m;
                    area.prefecture = std::stoi(m->substr(0, 2));
                } else {
                    ck.error(af, "\"" + a + "\" is not national, a prefecture code or a municipality code (" + err + ")");
                    continue;
                }
                s.areas.push_back(std::move(area));
            }
            Field lf = t->get(row, "locations");
            s.locations = ck.list(lf, "location", false);
            for (const auto& loc : s.locations) pending_location_checks.push_back({s.id, loc, lf});
            Field lang = t->get(row, "languages");
            s.languages = ck.list(lang, "", false);
            for (const auto& l : s.languages)
                if (!well_formed_language_tag(l))
                    ck.error(lang, "\"" + l + "\" is not a language tag such as ja, en, zh-Hans, pt-BR");
            Field wf = t->get(row, "website"), ef = t->get(row, "email");
            s.website = ck.url(wf, UrlUse::website);
            s.email = ck.email(ef);
            need_proof("services", s.id, "website", s.website, wf, check_url(s.website, UrlUse::website).empty());
            need_proof("services", s.id, "email", s.email, ef, check_email(s.email).empty());
            s.cost = ck.one_of(t->get(row, "cost"), {"free", "paid", "partly", "unknown"}, nullptr);
            s.fees_description = ck.text(t->get(row, "fees_description"), false);
            remember_cell("services", s.id, t->get(row, "fees_description"));
            s.anonymous = ck.one_of(t->get(row, "anonymous"), {"yes", "no", "unknown"}, nullptr);
            Field stf = t->get(row, "status");
            s.status = ck.one_of(stf, {"active", "inactive"}, "active");
            Field snf = t->get(row, "status_note");
            s.status_note = ck.text(snf, false);
            if (s.status == "inactive" && trim(s.status_note).empty())
                ck.error(snf, "an inactive service needs a status_note saying why (e.g. the number could not be confirmed)");
            Field tf = t->get(row, "tier");
            s.tier = ck.token(tf, false);
            if (!s.tier.empty())
                if (std::string e = check_id(s.tier); !e.empty()) ck.error(tf, e);
            s.source = ck.ref(t->get(row, "source"), "source", true);
            s.assured_date = ck.date(t->get(row, "assured_date"), true);
            out.services.push_back(std::move(s));
        }
    }

    struct LocationCheck { std::string service, location; Field field; };
    std::vector<LocationCheck> pending_location_checks;

    void phones() {
        std::optional<Table> t;
        if (!open_table(dir, "phones.csv",
                        {{"id", true}, {"service_id", true}, {"number", true}, {"type", true}, {"link", false},
                         {"label", false}, {"note", false}, {"say", false}},
                        false, diags, t))
            { unreadable({"phone"}); return; }
        int sort = 0;
        for (const CsvRow& row : t->rows()) {
            SrcPhone p;
            p.id = ck.id(t->get(row, "id"), ids["phone"]);
            p.service_id = ck.ref(t->get(row, "service_id"), "service", true);
            phone_service[p.id] = p.service_id;
            Field tf = t->get(row, "type");
            p.type = ck.one_of(tf, {"voice", "fax", "text", "video", "textphone", "line", "chat", "web_form", "email", "sns"}, nullptr);
            // A channel is reached either by a number or by a link, never both:
            // the kiosk shows a tel: QR for the one and the address for the other.
            const bool numbered = channel_has_number(p.type), known = channel_is_known(p.type);
            Field nf = t->get(row, "number"), lf = t->get(row, "link");
            p.number = ck.token(nf, false);
            p.link = ck.token(lf, false);
            if (!p.number.empty()) {
                std::string digits;
                std::string e = check_phone(p.number, &digits);
                if (!e.empty()) ck.error(nf, e);
                else p.tel_uri = tel_uri(digits);
                if (known && !numbered) ck.error(nf, "a " + p.type + " channel has no number; put its address in link");
                need_proof("phones", p.id, "number", p.number, nf, e.empty() && (numbered || !known));
            } else if (numbered) {
                ck.error(nf, "required field is empty (a " + p.type + " line needs its number)");
            }
            if (!p.link.empty() && numbered) {
                ck.error(lf, "link is for line, chat, web_form, email and sns channels; a " + p.type + " line has only its number");
            } else if (known && !numbered) {
                std::string e = check_channel_link(p.type, p.link);
                if (!e.empty()) ck.error(p.link.empty() ? tf : lf, e);
                need_proof("phones", p.id, "link", p.link, lf, e.empty());
            } else if (!known) {
                need_proof("phones", p.id, "link", p.link, lf, false);  // the type is the problem to report, not its proof
            }
            p.label = ck.text(t->get(row, "label"), false);
            p.note = ck.text(t->get(row, "note"), false);
            // What to say when you call: a short phrase the visitor can read
            // out (「依存症の相談をしたいです」), printed on the slip in Japanese
            // for the person who answers. Kept short: one line on 58 mm paper.
            Field sf = t->get(row, "say");
            p.say = ck.text(sf, false);
            if (utf8::length(p.say) > 40) ck.error(sf, "what to say is " + std::to_string(utf8::length(p.say)) +
                                                          " characters; keep it to 40 or fewer (one short sentence a caller can read out)");
            p.sort = sort++;
            out.phones.push_back(std::move(p));
        }
    }

    // service_facts.csv: what happens when you call — each row one fact the
    // operator's page states, so every row needs evidence (check_evidence).
    void service_facts() {
        std::optional<Table> t;
        if (!open_table(dir, "service_facts.csv",
                        {{"id", true}, {"service_id", true}, {"fact", true}, {"value", true}, {"note", false}}, true, diags, t))
            { unreadable({"service_fact"}); return; }
        std::map<std::string, int> seen;  // service + fact → line
        int sort = 0;
        for (const CsvRow& row : t->rows()) {
            SrcServiceFact f;
            f.id = ck.id(t->get(row, "id"), ids["service_fact"]);
            f.service_id = ck.ref(t->get(row, "service_id"), "service", true);
            Field ff = t->get(row, "fact"), vf = t->get(row, "value");
            f.fact = ck.one_of(ff, {"anonymous", "confidential", "police_not_told", "family_may_call", "call_charge"}, nullptr);
            f.value = f.fact == "call_charge" ? ck.one_of(vf, {"free", "charged"}, nullptr) : ck.one_of(vf, {"yes", "no"}, nullptr);
            if (!f.service_id.empty() && !f.fact.empty()) {
                auto [it, inserted] = seen.emplace(f.service_id + "\x1f" + f.fact, row.line);
                if (!inserted)
                    ck.error(ff, "service \"" + f.service_id + "\" already has fact " + f.fact + " (line " + std::to_string(it->second) +
                                     "); one row per fact, with as many evidence rows as you like");
            }
            Field nf = t->get(row, "note");
            f.note = ck.text(nf, false);
            remember_cell("service_facts", f.id, nf);
            need_proof("service_facts", f.id, "value", f.value, vf, !f.value.empty());
            f.sort = sort++;
            out.service_facts.push_back(std::move(f));
        }
    }

    void schedules() {
        std::optional<Table> t;
        if (!open_table(dir, "schedules.csv",
                        {{"id", true}, {"service_id", true}, {"phone_id", false}, {"days", true}, {"opens", true},
                         {"closes", true}, {"holidays", false}, {"valid_from", false}, {"valid_to", false}, {"note", false},
                         {"year_end", false}},
                        false, diags, t))
            { unreadable({"schedule"}); return; }
        for (const CsvRow& row : t->rows()) {
            SrcSchedule s;
            s.id = ck.id(t->get(row, "id"), ids["schedule"]);
            s.service_id = ck.ref(t->get(row, "service_id"), "service", true);
            Field pf = t->get(row, "phone_id");
            s.phone_id = ck.ref(pf, "phone", false);
            if (!s.phone_id.empty()) pending_phone_checks.push_back({s.service_id, s.phone_id, pf});
            Field hf = t->get(row, "holidays");
            auto hol = parse_holiday_rule(hf.text);
            if (!hol) ck.error(hf, "\"" + std::string(hf.text) + "\" is not one of: closed, open, only");
            s.rule.holidays = hol.value_or(HolidayRule::closed);
            Field df = t->get(row, "days");
            std::string err;
            if (auto days = parse_days(df.text, &err, &s.rule.weeks)) {
                s.rule.days = *days;
                if (*days == 0 && s.rule.holidays != HolidayRule::only)
                    ck.error(df, "days is empty; give weekdays (e.g. mon-fri), or set holidays to only");
            } else {
                ck.error(df, err);
            }
            Field of = t->get(row, "opens"), cf = t->get(row, "closes");
            auto opens = parse_clock(of.text, false);
            auto closes = parse_clock(cf.text, true);
            if (!opens) ck.error(of, "\"" + std::string(of.text) + "\" is not a time HH:MM between 00:00 and 23:59");
            if (!closes) ck.error(cf, "\"" + std::string(cf.text) + "\" is not a time HH:MM between 00:01 and 24:00");
            else if (*closes == 0) ck.error(cf, "write midnight as 24:00");
            if (opens && closes && *opens == *closes)
                ck.error(cf, "opens and closes are the same time; for all day write 00:00 and 24:00");
            s.rule.opens = opens.value_or(0);
            s.rule.closes = closes.value_or(0);
            need_proof("schedules", s.id, "hours", std::string(of.text) + "–" + std::string(cf.text), of,
                       opens && closes && *opens != *closes && *closes != 0, s.rule.opens, s.rule.closes);
            Field vf = t->get(row, "valid_from"), vt = t->get(row, "valid_to");
            std::string from = ck.date(vf, false), to = ck.date(vt, false);
            if (auto d = parse_date(from)) s.rule.valid_from = *d;
            if (auto d = parse_date(to)) s.rule.valid_to = *d;
            if (s.rule.valid_from && s.rule.valid_to && *s.rule.valid_to < *s.rule.valid_from)
                ck.error(vt, "valid_to is before valid_from");
            s.note = ck.text(t->get(row, "note"), false);
            // Closed over the New Year (12-29 … 01-03): a claim about the
            // line like its hours, so its quote must say 年末年始 or the dates.
            Field yf = t->get(row, "year_end");
            const std::string year_end = ck.one_of(yf, {"closed", "open"}, "open");
            s.rule.year_end_closed = year_end == "closed";
            need_proof("schedules", s.id, "year_end", s.rule.year_end_closed ? std::string("closed") : std::string(), yf, s.rule.year_end_closed);
            out.schedules.push_back(std::move(s));
        }
    }

    struct PhoneCheck { std::string service, phone; Field field; };
    std::vector<PhoneCheck> pending_phone_checks;

    void guides() {
        std::optional<Table> t;
        if (!open_table(dir, "guides.csv",
                        {{"id", true}, {"title", true}, {"summary", true}, {"body", true}, {"concerns", false},
                         {"situations", false}, {"services", false}, {"sort", true}, {"source", true}, {"assured_date", true}},
                        false, diags, t))
            { unreadable({"guide"}); return; }
        for (const CsvRow& row : t->rows()) {
            SrcGuide g;
            g.id = ck.id(t->get(row, "id"), ids["guide"]);
            Field tif = t->get(row, "title"), suf = t->get(row, "summary"), bof = t->get(row, "body");
            g.title = ck.text(tif, true);
            g.summary = ck.text(suf, true);
            g.body = ck.text(bof, true);
            remember_cell("guides", g.id, tif);
            remember_cell("guides", g.id, suf);
            remember_cell("guides", g.id, bof);
            if (has_source_marks(g.title)) ck.error(tif, "a title carries no source mark (marks go after the sentences of summary and body)");
            read_marks(g.id, suf);
            read_marks(g.id, bof);
            g.concerns = ck.list(t->get(row, "concerns"), "concern", false);
            g.situations = ck.list(t->get(row, "situations"), "situation", false);
            g.services = ck.list(t->get(row, "services"), "service", false);
            g.sort = ck.integer(t->get(row, "sort"), 0);
            g.source = ck.ref(t->get(row, "source"), "source", true);
            g.assured_date = ck.date(t->get(row, "assured_date"), true);
            out.guides.push_back(std::move(g));
        }
    }

    void translations() {
        std::optional<Table> t;
        if (!open_table(dir, "translations.csv",
                        {{"table", true}, {"id", true}, {"field", true}, {"lang", true}, {"text", true},
                         {"origin", false}, {"review", false}},
                        false, diags, t))
            { unreadable({}); return; }
        static const std::map<std::string, std::pair<std::string, std::set<std::string>>> fields = {
            {"organizations", {"organization", {"name", "alternate_name", "description"}}},
            {"services", {"service", {"name", "alternate_name", "description", "fees_description"}}},
            {"locations", {"location", {"name", "address", "accessibility"}}},
            {"phones", {"phone", {"label", "note", "say"}}},
            {"schedules", {"schedule", {"note"}}},
            {"service_facts", {"service_fact", {"note"}}},
            {"guides", {"guide", {"title", "summary", "body"}}},
            {"vocabulary", {"vocabulary", {"label"}}},
            {"bundle", {"bundle", {"value"}}},
        };
        std::map<std::string, int> seen;
        for (const CsvRow& row : t->rows()) {
            SrcTranslation tr;
            Field tf = t->get(row, "table"), idf = t->get(row, "id"), ff = t->get(row, "field"), lf = t->get(row, "lang");
            tr.table = ck.token(tf, true);
            tr.id = ck.token(idf, true);
            tr.field = ck.token(ff, true);
            tr.lang = ck.token(lf, true);
            tr.origin = ck.text(t->get(row, "origin"), false);
            tr.review = ck.one_of(t->get(row, "review"), {"unreviewed", "reviewed", "untranslated"}, "unreviewed");
            Field xf = t->get(row, "text");
            tr.text = ck.text(xf, tr.review != "untranslated");
            if (tr.review == "untranslated" && !tr.text.empty())
                ck.error(xf, "a row marked review=untranslated says there is no translation yet: leave text empty, or set review to unreviewed");
            if (tr.table == "guides" && has_source_marks(tr.text))
                ck.error(xf, "source marks [[…]] belong in guides.csv (the Japanese original holds the proof), not in a translation");
            auto it = fields.find(tr.table);
            if (!tr.table.empty() && it == fields.end()) {
                ck.error(tf, "\"" + tr.table + "\" is not a table with translatable text (organizations, services, "
                                               "locations, phones, schedules, service_facts, guides, vocabulary, bundle)");
            } else if (it != fields.end()) {
                if (!tr.id.empty()) ck.refs.push_back({it->second.first, tr.id, idf.pos, idf.column});
                if (!tr.field.empty() && !it->second.second.count(tr.field)) {
                    std::string list;
                    for (const auto& f : it->second.second) list += std::string(list.empty() ? "" : ", ") + f;
                    ck.error(ff, "\"" + tr.field + "\" is not a translatable field of " + tr.table + " (" + list + ")");
                }
            }
            bool known_lang = false;
            for (auto l : kLanguages) known_lang = known_lang || (l == tr.lang && l != "ja");
            if (!tr.lang.empty() && !known_lang)
                ck.error(lf, "\"" + tr.lang + "\" is not a translation language (en, zh-Hans, ko, vi, pt-BR, ne, tl, ja-x-easy)");
            if (tr.table == "vocabulary" && tr.lang == "en")
                ck.error(lf, "English vocabulary labels go in vocabulary.csv (column label_en), not here");
            std::string key = tr.table + "\x1f" + tr.id + "\x1f" + tr.field + "\x1f" + tr.lang;
            auto [sit, inserted] = seen.emplace(key, row.line);
            if (!inserted)
                ck.error(tf, "translation repeated (same table, id, field and lang as line " + std::to_string(sit->second) + ")");
            out.translations.push_back(std::move(tr));
        }
    }

    // keywords.csv (optional; docs/bundle-source.md, docs/search.md "Everyday
    // words"): the words visitors type for a concern, a family member, the
    // urgent route. Matched, never shown, so no avoided-label check here
    // beyond the one every CSV gets (tests/core/test_visitor_words.cpp).
    void keywords() {
        std::optional<Table> t;
        if (!open_table(dir, "keywords.csv",
                        {{"lang", true}, {"word", true}, {"vocabulary", true}, {"code", true}, {"note", false},
                         {"origin", false}, {"review", false}},
                        true, diags, t))
            return;
        constexpr size_t kMaxWord = 40, kMaxNote = 500;  // characters: words people type; a reviewer's remark
        std::map<std::string, int> seen;                 // lang, word, vocabulary, code → line
        std::map<std::string, std::pair<bool, int>> folded_use;  // lang, folded word → (stop?, line)
        for (const CsvRow& row : t->rows()) {
            SrcKeyword k;
            Field lf = t->get(row, "lang"), wf = t->get(row, "word"), vf = t->get(row, "vocabulary"), cf = t->get(row, "code");
            Field nf = t->get(row, "note");
            k.lang = ck.token(lf, true);
            bool known_lang = false;
            for (auto l : kLanguages) known_lang = known_lang || l == k.lang;
            if (!k.lang.empty() && !known_lang)
                ck.error(lf, "\"" + k.lang + "\" is not a kiosk language (ja, ja-x-easy, en, zh-Hans, ko, vi, pt-BR, ne, tl)");
            k.word = ck.token(wf, true);
            const std::string folded = search_fold(k.word);
            if (!k.word.empty() && folded.empty())
                ck.error(wf, "\"" + k.word + "\" has no letter or digit left once folded for search: it could never match");
            if (utf8::length(k.word) > kMaxWord)
                ck.error(wf, "longer than " + std::to_string(kMaxWord) + " characters (a keyword is a word or a short phrase)");
            k.vocabulary = ck.one_of(vf, {"concern", "audience", "situation", "kind", "mode", "route", "stop"}, nullptr);
            k.code = ck.token(cf, false);
            if (k.vocabulary == "route") {
                if (k.code != "urgent") ck.error(cf, "the only route is \"urgent\" (the 「いますぐ話したい」 route)");
            } else if (k.vocabulary == "stop") {
                if (!k.code.empty()) ck.error(cf, "a stop word maps to nothing: leave code empty");
            } else if (std::find(std::begin(kVocabularies), std::end(kVocabularies), k.vocabulary) != std::end(kVocabularies)) {
                if (k.code.empty()) ck.error(cf, "required field is empty");
                else ck.refs.push_back({k.vocabulary, k.code, cf.pos, cf.column});
            }
            k.note = ck.text(nf, false);
            if (utf8::length(k.note) > kMaxNote) ck.error(nf, "longer than " + std::to_string(kMaxNote) + " characters");
            k.origin = ck.text(t->get(row, "origin"), false);
            k.review = ck.one_of(t->get(row, "review"), {"unreviewed", "reviewed"}, "unreviewed");
            if (k.lang.empty() || k.word.empty() || k.vocabulary.empty()) continue;
            auto [it, inserted] = seen.emplace(k.lang + "\x1f" + k.word + "\x1f" + k.vocabulary + "\x1f" + k.code, row.line);
            if (!inserted) {
                ck.error(wf, "keyword repeated (same lang, word, vocabulary and code as line " + std::to_string(it->second) + ")");
                continue;
            }
            // The same word (once folded) cannot both hide what is inside it and mean something.
            const bool stop = k.vocabulary == "stop";
            auto [use, first] = folded_use.emplace(k.lang + "\x1f" + folded, std::make_pair(stop, row.line));
            if (!first && use->second.first != stop)
                ck.error(vf, "\"" + k.word + "\" is a stop word on one line and a keyword on the other (lines " +
                                 std::to_string(use->second.second) + " and " + std::to_string(row.line) + "); keep one");
            out.keywords.push_back(std::move(k));
        }
    }

    void holidays() {
        std::optional<Table> t;
        if (!open_table(dir, "holidays.csv", {{"date", true}, {"name", true}}, false, diags, t)) { unreadable({}); return; }
        std::map<std::string, int> seen;
        for (const CsvRow& row : t->rows()) {
            SrcHoliday h;
            Field df = t->get(row, "date");
            h.date = ck.date(df, true);
            if (!h.date.empty()) {
                auto [it, inserted] = seen.emplace(h.date, row.line);
                if (!inserted) ck.error(df, "date " + h.date + " is listed twice (first on line " + std::to_string(it->second) + ")");
            }
            h.name = ck.text(t->get(row, "name"), true);
            out.holidays.push_back(std::move(h));
        }
    }

    // -- Evidence -------------------------------------------------------------
    // A contact value waiting for its proof: checked in check_evidence() once
    // evidence.csv and sources.csv are read. `where` is the value's own cell, so
    // the admin is sent to the value, not to the quote.
    struct ProofNeed {
        std::string table, id, field, value;
        Field where;
        int opens = 0, closes = 0;  // hours only
    };
    std::vector<ProofNeed> proof_needs;
    std::set<std::string> values_present;  // table/id/field of every non-empty value, valid or not

    // `valid`: the value passed its own check. An invalid one is reported for
    // that alone; its evidence is not looked at (one problem, one message).
    void need_proof(const char* table, const std::string& id, const char* field, const std::string& value, const Field& where,
                    bool valid, int opens = 0, int closes = 0) {
        if (id.empty() || value.empty()) return;
        values_present.insert(std::string(table) + "\x1f" + id + "\x1f" + field);
        if (!valid) return;
        Field at = where;
        at.text = {};  // the table's text is gone by the time the proof is checked
        proof_needs.push_back({table, id, field, value, at, opens, closes});
    }

    // The fields that carry a contact value, per table (evidence.csv's `field`).
    static const std::map<std::string, std::pair<std::string, std::set<std::string>>>& proof_fields() {
        static const std::map<std::string, std::pair<std::string, std::set<std::string>>> m = {
            {"organizations", {"organization", {"website", "email"}}},
            {"services", {"service", {"website", "email"}}},
            {"phones", {"phone", {"number", "link"}}},
            {"schedules", {"schedule", {"hours", "year_end"}}},
            {"service_facts", {"service_fact", {"value"}}},
            {"locations", {"location", {"address"}}},
        };
        return m;
    }

    bool evidence_file_present = false;
    bool allow_missing_evidence = false;

    void evidence() {
        std::optional<Table> t;
        const bool present = fs::exists(fs::path(dir) / "evidence.csv");
        if (!open_table(dir, "evidence.csv",
                        {{"table", true}, {"id", true}, {"field", true}, {"source", true}, {"quote", true}}, true, diags, t)) {
            if (present) unreadable({"evidence"});
            return;
        }
        evidence_file_present = true;
        for (const CsvRow& row : t->rows()) {
            SrcEvidence e;
            Field tf = t->get(row, "table"), idf = t->get(row, "id"), ff = t->get(row, "field"), qf = t->get(row, "quote");
            e.table = ck.token(tf, true);
            e.id = ck.token(idf, true);
            e.field = ck.token(ff, true);
            e.source = ck.ref(t->get(row, "source"), "source", true);
            e.quote = ck.text(qf, true);
            e.pos = tf.pos;
            auto it = proof_fields().find(e.table);
            if (e.table == "guides") {
                // field = the key a [[key]] mark in the guide's text names.
                if (!e.id.empty()) ck.refs.push_back({"guide", e.id, idf.pos, idf.column});
                if (!e.field.empty() && !std::all_of(e.field.begin(), e.field.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                    }))
                    ck.error(ff, "\"" + e.field + "\" is not a source-mark key (a-z 0-9 - _)");
            } else if (!e.table.empty() && it == proof_fields().end()) {
                ck.error(tf, "\"" + e.table + "\" is not a table with contact values (organizations, services, phones, "
                                              "schedules, locations, service_facts) or guides");
            } else if (it != proof_fields().end()) {
                if (!e.id.empty()) ck.refs.push_back({it->second.first, e.id, idf.pos, idf.column});
                if (!e.field.empty() && !it->second.second.count(e.field)) {
                    std::string list;
                    for (const auto& f : it->second.second) list += std::string(list.empty() ? "" : ", ") + f;
                    ck.error(ff, "\"" + e.field + "\" is not a contact value of " + e.table + " (" + list + ")");
                }
            }
            out.evidence.push_back(std::move(e));
        }
    }

    // Every value needs a quote that holds it (evidence.hpp says what may differ).
    // Synthetic bundles (made-up load-test data, marked as such everywhere) are
    // exempt: their values are invented on purpose and never shipped.
    void check_evidence() {
        if (unreadable_kinds.count("evidence") || unreadable_kinds.count("source")) return;
        std::map<std::string, const SrcSource*> sources;
        for (const auto& s : out.sources) sources[s.id] = &s;
        std::multimap<std::string, const SrcEvidence*> by_value;
        for (const auto& e : out.evidence) by_value.emplace(e.table + "\x1f" + e.id + "\x1f" + e.field, &e);
        const bool synthetic = out.meta.count("synthetic") && out.meta.at("synthetic") == "yes";
        for (const ProofNeed& n : proof_needs) {
            const std::string key = n.table + "\x1f" + n.id + "\x1f" + n.field;
            if (synthetic) continue;
            auto [a, b] = by_value.equal_range(key);
            if (a == b) {
                // A stated fact is nothing but its source: no option excuses a missing one.
                if (allow_missing_evidence && n.table != "service_facts") continue;
                ck.error(n.where, (n.field == "hours" ? "the hours " + n.value : "\"" + n.value + "\"") + " " +
                                      (n.field == "hours" ? "have" : "has") + " no evidence: add a row to evidence.csv (" + n.table + "," + n.id + "," +
                                      n.field + ",<source id>,<the sentence of the source that holds it>)" +
                                      (evidence_file_present ? "" : "; there is no evidence.csv"));
                continue;
            }
            bool held = false;
            std::string lines;
            // (Every quote of a fact is looked at: each must name a page.)
            for (auto it = a; it != b && (!held || n.table == "service_facts"); ++it) {
                const SrcEvidence& e = *it->second;
                auto src = sources.find(e.source);
                if (n.field == "number") held = quote_holds_phone(n.value, e.quote);
                else if (n.field == "email") held = quote_holds_email(n.value, e.quote);
                else if (n.field == "website")
                    held = quote_holds_url(n.value, e.quote) || (src != sources.end() && same_url(n.value, src->second->url));
                else if (n.field == "hours") held = quote_holds_hours(n.opens, n.closes, e.quote);
                else if (n.field == "year_end") held = quote_holds_year_end(e.quote);
                else if (n.field == "link") {
                    if (n.value.front() == '@') held = quote_holds_text(n.value, e.quote);  // a LINE ID
                    else if (n.value.find("://") == std::string::npos) held = quote_holds_email(n.value, e.quote);
                    else held = quote_holds_url(n.value, e.quote) || (src != sources.end() && same_url(n.value, src->second->url));
                } else if (n.table == "service_facts") {
                    // "yes" is in no quote: like a guide's fact, the second reader
                    // compares the sentence by eye; the machine asks for a page to open.
                    held = true;
                    if (src != sources.end() && src->second->url.empty())
                        diags.add(e.pos, "source: \"" + e.source + "\" has no url; a fact about a service needs a page a reader can open");
                }
                else held = quote_holds_text(n.value, e.quote);
                lines += std::string(lines.empty() ? "" : ", ") + std::to_string(e.pos.line);
            }
            if (!held && n.field == "year_end") {
                ck.error(n.where, "closed over the New Year, but its evidence quote (evidence.csv line " + lines +
                                      ") says neither 年末年始 nor 12月29日 and 1月3日; quote the sentence of the source that says so");
            } else if (!held) {
                const std::string what = n.field == "hours" ? "the hours " + n.value : "\"" + n.value + "\"";
                // Hours are reported at `opens` but are about both times.
                ck.error(n.where, what + " " + (n.field == "hours" ? "are" : "is") + " not in its evidence quote (evidence.csv line " +
                                      lines + "); copy the value from the quote, or the quote from the source, exactly");
            }
        }
        for (const auto& e : out.evidence) {
            const std::string key = e.table + "\x1f" + e.id + "\x1f" + e.field;
            if (e.table.empty() || e.id.empty() || e.field.empty() || values_present.count(key)) continue;
            auto it = proof_fields().find(e.table);
            if (it == proof_fields().end() || !it->second.second.count(e.field) || !ids[it->second.first].count(e.id)) continue;
            diags.add(e.pos, "table: " + e.table + " \"" + e.id + "\" has no " + e.field + " for this evidence to prove");
        }
        check_marks(sources);
    }

    // Every [[key]] of a guide names an evidence row (guides, the guide, key)
    // whose source has an address a reader can open; every such row is used.
    void check_marks(const std::map<std::string, const SrcSource*>& sources) {
        std::set<std::string> rows, used;
        for (const auto& e : out.evidence)
            if (e.table == "guides") rows.insert(e.id + "\x1f" + e.field);
        for (const auto& n : mark_needs) {
            const std::string key = n.guide + "\x1f" + n.key;
            used.insert(key);
            if (!rows.count(key))
                diags.add(n.where, std::string(n.column) + ": source mark [[" + n.key + "]] has no evidence: add a row to evidence.csv (guides," + n.guide + "," +
                                       n.key + ",<source id>,<the sentence of the source that holds the fact>)");
        }
        for (const auto& e : out.evidence) {
            if (e.table != "guides" || e.id.empty() || e.field.empty()) continue;
            if (!used.count(e.id + "\x1f" + e.field) && ids["guide"].count(e.id))
                diags.add(e.pos, "table: guide \"" + e.id + "\" has no [[" + e.field + "]] mark for this evidence to prove");
            auto src = sources.find(e.source);
            if (src != sources.end() && src->second->url.empty())
                diags.add(e.pos, "source: \"" + e.source + "\" has no url; a guide's fact needs a page a reader can open");
        }
    }

    // bundle.csv `translations_required`: every visitor text of a guide and of
    // an active service (and its organization) has a row in translations.csv
    // for each of these languages — a translation, or an explicit
    // review=untranslated row. Reported at the Japanese text's own cell.
    void check_translations() {
        if (required_languages.empty()) return;
        std::set<std::string> have;
        for (const auto& t : out.translations) have.insert(t.table + "\x1f" + t.id + "\x1f" + t.field + "\x1f" + t.lang);
        std::set<std::string> active_orgs;
        std::vector<std::pair<std::string, std::string>> needs;  // table, id
        for (const auto& s : out.services)
            if (s.status == "active") {
                needs.push_back({"services", s.id});
                active_orgs.insert(s.organization_id);
            }
        for (const auto& o : active_orgs) needs.push_back({"organizations", o});
        for (const auto& g : out.guides) needs.push_back({"guides", g.id});
        static const std::map<std::string, std::vector<const char*>> fields = {
            {"services", {"name", "description", "fees_description"}},
            {"organizations", {"name", "description"}},
            {"guides", {"title", "summary", "body"}},
        };
        for (const auto& [table, id] : needs)
            for (const char* field : fields.at(table)) {
                auto cell = text_cells.find(table + "\x1f" + id + "\x1f" + field);
                if (cell == text_cells.end()) continue;  // empty in Japanese: nothing to translate
                std::string missing;
                for (const auto& lang : required_languages)
                    if (!have.count(table + "\x1f" + id + "\x1f" + field + "\x1f" + lang)) missing += (missing.empty() ? "" : ", ") + lang;
                if (!missing.empty())
                    diags.add(cell->second, std::string(field) + ": no translation in " + missing +
                                                " (add it to translations.csv, or a row with review=untranslated and no text)");
            }
    }

    void resolve_refs() {
        for (const PendingRef& r : ck.refs) {
            if (unreadable_kinds.count(r.kind)) continue;
            const auto& known = ids[r.kind];
            if (known.count(r.id)) continue;
            std::string what = r.kind;
            bool vocab = std::find(std::begin(kVocabularies), std::end(kVocabularies), r.kind) != std::end(kVocabularies);
            diags.add(r.pos, std::string(r.column) + ": " +
                                 (vocab ? "\"" + r.id + "\" is not a " + what + " code in vocabulary.csv"
                                        : "no " + what + " with id \"" + r.id + "\""));
        }
        for (const auto& c : pending_phone_checks) {
            auto it = phone_service.find(c.phone);
            if (it != phone_service.end() && it->second != c.service)
                ck.error(c.field, "phone \"" + c.phone + "\" belongs to service \"" + it->second + "\", not \"" + c.service + "\"");
        }
        for (const auto& c : pending_location_checks) {
            auto loc = location_org.find(c.location);
            auto svc = service_org.find(c.service);
            // An unknown organization is already reported; do not add a knock-on error.
            if (loc != location_org.end() && svc != service_org.end() && ids["organization"].count(svc->second) &&
                loc->second != svc->second)
                ck.error(c.field, "location \"" + c.location + "\" belongs to organization \"" + loc->second +
                                      "\", not to this service's organization \"" + svc->second + "\"");
        }
    }
};

}  // namespace

bool well_formed_language_tag(std::string_view s) {
    // BCP 47 shape: 2-3 letter primary subtag, then -subtags of 1-8 alphanumerics.
    size_t dash = s.find('-');
    std::string_view primary = s.substr(0, dash);
    if (primary.size() < 2 || primary.size() > 3) return false;
    for (char c : primary)
        if (c < 'a' || c > 'z') return false;
    while (dash != std::string_view::npos) {
        size_t next = s.find('-', dash + 1);
        std::string_view sub = s.substr(dash + 1, next == std::string_view::npos ? std::string_view::npos : next - dash - 1);
        if (sub.empty() || sub.size() > 8) return false;
        for (char c : sub)
            if (!std::isalnum(static_cast<unsigned char>(c))) return false;
        dash = next;
    }
    return true;
}

bool load_bundle_source(const std::string& dir, BundleSource& out, Diagnostics& diags, bool allow_missing_evidence) {
    out = BundleSource{};
    if (!fs::is_directory(dir)) {
        diags.add({dir, 0, 0}, "not a folder (give the folder that holds bundle.csv, services.csv, …)");
        return false;
    }
    Loader l(dir, out, diags);
    l.allow_missing_evidence = allow_missing_evidence;
    l.bundle();
    l.sources();
    l.vocabulary();
    l.municipalities();
    l.organizations();
    l.locations();
    l.services();
    l.phones();
    l.service_facts();
    l.schedules();
    l.guides();
    l.translations();
    l.holidays();
    l.keywords();
    l.evidence();
    l.resolve_refs();
    l.check_evidence();
    l.check_translations();
    return diags.empty();
}

}  // namespace madoguchi::core
