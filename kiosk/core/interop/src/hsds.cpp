// SPDX-License-Identifier: Apache-2.0
// hsds.cpp — Open Referral HSDS 3.0 data packages in and out (docs/hsds.md).
//
// Index
//   - Json                 datapackage.json via nlohmann/json; where its parts begin (line:column)
//   - HSDS 3.0 tables      table names, export paths and field names
//   - HsdsTable            one CSV resource with its columns, cells with positions
//   - Importer             HSDS rows → madoguchi rows, reporting what does not fit
//       read_package       datapackage.json, its resources, files not listed
//       taxonomies         the madoguchi / madoguchi-field taxonomies, --taxonomy-map
//       organizations … schedules, attributes, finish (defaults, required fields)
//       check_evidence     evidence attributes → evidence.csv rows
//       write              the bundle source files, then the builder's own check
//                          (missing evidence left to `build`)
//   - Exporter             bundle source → HSDS package, extension fields as attributes
#include "madoguchi/core/hsds.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "bundle_source.hpp"
#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/csv_reader.hpp"
#include "madoguchi/core/field_checks.hpp"
#include "madoguchi/core/regions.hpp"
#include "madoguchi/core/schedule.hpp"
#include "madoguchi/core/search_fold.hpp"

namespace madoguchi::core {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
    return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(sep, start);
        if (end == std::string_view::npos) end = s.size();
        std::string item = trim(s.substr(start, end - start));
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

void add_unique(std::vector<std::string>& v, const std::string& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// Folder given for output: must not exist or be empty, so an import never mixes
// with (or overwrites) an admin's own files.
std::string check_empty_output(const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return {};
    if (!fs::is_directory(dir, ec)) return "exists and is not a folder; give a new folder for the output";
    if (fs::directory_iterator(dir, ec) != fs::directory_iterator()) return "is not empty; give a new or empty folder for the output";
    return {};
}

// ---------------------------------------------------------------------------
// Json: datapackage.json is read and written with nlohmann/json (Debian:
// nlohmann-json3-dev). ordered_json keeps members in the order they are set, so
// an export always has the same layout. nlohmann/json keeps no positions in its
// values, so a parser callback notes where the parts that messages point at
// begin: the package, its "resources" array and each resource.

using Json = nlohmann::ordered_json;

// Line and column (1-based, the column in characters) of byte `offset` of `text`.
SourcePosition position_in(const std::string& file, std::string_view text, size_t offset) {
    const std::string_view before = text.substr(0, std::min(offset, text.size()));
    const size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0: the first line
    return {file, 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n')),
            1 + static_cast<int>(utf8_length(before.substr(line_start)))};
}

struct PackageJson {
    Json value;
    SourcePosition start, resources;       // the package value, its "resources" array
    std::vector<SourcePosition> resource;  // each item of "resources", in order
};

// Parses datapackage.json (`text`, read from `file`). A syntax error is reported
// where nlohmann/json stopped: the last character it read.
std::optional<PackageJson> parse_package(const std::string& file, const std::string& text, Diagnostics& errors) {
    PackageJson out;
    std::istringstream in(text);
    // How far the parser has read: it takes one byte at a time from the stream,
    // so at an object or array start the '{' or '[' is the last byte taken (at
    // a value, the value's last byte, or the one after a number).
    auto last_read = [&] { return static_cast<size_t>(in.rdbuf()->pubseekoff(0, std::ios::cur, std::ios::in)) - 1; };
    std::string top_key;  // the member of the package being read
    auto note = [&](int depth, Json::parse_event_t event, Json& parsed) {
        using E = Json::parse_event_t;
        if (depth == 1 && event == E::key) {
            top_key = parsed.get<std::string>();
        } else if (depth == 1 && event == E::array_start && top_key == "resources") {
            out.resources = position_in(file, text, last_read());
            out.resource.clear();
        } else if (depth == 2 && top_key == "resources" && (event == E::object_start || event == E::array_start || event == E::value)) {
            out.resource.push_back(position_in(file, text, last_read()));
        }
        return true;
    };
    try {
        out.value = Json::parse(in, note);
    } catch (const Json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 9: syntax error …": keep the part after the
        // position, and give the position in characters (e.byte is the 1-based byte index of the last byte read).
        std::string message = e.what();
        if (size_t k = message.find(": "); k != std::string::npos) message.erase(0, k + 2);
        // Without "; last read: '…'": the position says where, and that text can be long or not UTF-8.
        if (size_t k = message.find("; last read: '"); k != std::string::npos) {
            const size_t end = message.rfind("'; expected ");
            message.erase(k, (end != std::string::npos && end > k ? end + 1 : message.size()) - k);
        }
        errors.add(position_in(file, text, e.byte == 0 ? 0 : e.byte - 1), "not valid JSON: " + message);
        return std::nullopt;
    }
    out.start = position_in(file, text, text.find_first_not_of(" \t\r\n"));
    return out;
}

// Reading: a member of an object, or null (absent, or `j` is not an object).
const Json& member(const Json& j, const char* key) {
    static const Json none;
    if (!j.is_object()) return none;
    auto it = j.find(key);
    return it == j.end() ? none : *it;
}

// A string member, or "" (absent or not a string).
std::string str(const Json& j, const char* key) {
    const Json& v = member(j, key);
    return v.is_string() ? v.get<std::string>() : std::string();
}

// The items of an array member (none when absent or not an array).
const Json& items(const Json& j, const char* key) {
    static const Json none = Json::array();
    const Json& v = member(j, key);
    return v.is_array() ? v : none;
}

// ---------------------------------------------------------------------------
// HSDS 3.0 tables: the tabular fields of each (array and object properties of
// the JSON schema are separate tables in a data package).

struct HsdsTableSpec {
    const char* name;
    const char* path;  // what export writes; import follows datapackage.json
    std::vector<const char*> fields;
};

const std::vector<HsdsTableSpec>& hsds_tables() {
    static const std::vector<HsdsTableSpec> t = {
        {"organization", "organizations.csv",
         {"id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id", "year_incorporated",
          "legal_status", "logo", "uri", "parent_organization_id"}},
        {"program", "programs.csv", {"id", "organization_id", "name", "alternate_name", "description"}},
        {"service", "services.csv",
         {"id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email", "status",
          "interpretation_services", "application_process", "fees_description", "wait_time", "fees", "accreditations",
          "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert",
          "last_modified"}},
        {"attribute", "attributes.csv", {"id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value", "label"}},
        {"service_at_location", "service_at_locations.csv", {"id", "service_id", "location_id", "description"}},
        {"location", "locations.csv",
         {"id", "location_type", "url", "organization_id", "name", "alternate_name", "description", "transportation",
          "latitude", "longitude", "external_identifier", "external_identifier_type"}},
        {"phone", "phones.csv",
         {"id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id", "number",
          "extension", "type", "description"}},
        {"contact", "contacts.csv",
         {"id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title", "department",
          "email"}},
        {"address", "addresses.csv",
         {"id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code",
          "country", "address_type"}},
        {"schedule", "schedules.csv",
         {"id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart", "timezone",
          "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday", "byyearday", "description",
          "opens_at", "closes_at", "schedule_link", "attending_type", "notes"}},
        {"funding", "funding.csv", {"id", "organization_id", "service_id", "source"}},
        {"service_area", "service_areas.csv",
         {"id", "service_id", "service_at_location_id", "name", "description", "extent", "extent_type", "uri"}},
        {"required_document", "required_documents.csv", {"id", "service_id", "document", "uri"}},
        {"language", "languages.csv", {"id", "service_id", "location_id", "phone_id", "name", "code", "note"}},
        {"accessibility", "accessibility.csv", {"id", "location_id", "description", "details", "url"}},
        {"taxonomy_term", "taxonomy_terms.csv",
         {"id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"}},
        {"taxonomy", "taxonomies.csv", {"id", "name", "description", "uri", "version"}},
        {"metadata", "metadata.csv",
         {"id", "resource_id", "resource_type", "last_action_date", "last_action_type", "field_name", "previous_value",
          "replacement_value", "updated_by"}},
        {"meta_table_description", "meta_table_descriptions.csv", {"id", "name", "language", "character_set"}},
        {"cost_option", "cost_options.csv",
         {"id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"}},
        {"organization_identifier", "organization_identifiers.csv",
         {"id", "organization_id", "identifier_scheme", "identifier_type", "identifier"}},
        {"service_capacity", "service_capacities.csv",
         {"id", "service_id", "unit_id", "available", "maximum", "description", "updated"}},
        {"unit", "units.csv", {"id", "name", "scheme", "identifier", "uri"}},
        {"url", "urls.csv", {"id", "label", "url", "organization_id", "service_id"}},
    };
    return t;
}

const HsdsTableSpec* find_table(const std::string& name) {
    for (const auto& t : hsds_tables())
        if (name == t.name) return &t;
    return nullptr;
}

// Tables whose rows madoguchi has no place for, and why (docs/hsds.md).
const std::map<std::string, std::string>& ignored_tables() {
    static const std::map<std::string, std::string> m = {
        {"program", "madoguchi does not group services into programs"},
        {"contact", "the kiosk shows no named contact persons"},
        {"funding", "the kiosk does not show funding"},
        {"required_document", "the kiosk does not list required documents"},
        {"metadata", "madoguchi records where facts come from (sources.csv), not an edit history"},
        {"meta_table_description", "madoguchi has no table descriptions"},
        {"organization_identifier", "madoguchi keeps no third-party organization identifiers"},
        {"service_capacity", "the kiosk does not show capacity"},
        {"unit", "the kiosk does not show capacity"},
        {"url", "madoguchi keeps one website per organization and service"},
    };
    return m;
}

// The madoguchi vocabularies (bundle-source.md, vocabulary.csv) with the labels
// of data/sample: an import fills in every code the kiosk needs that the
// package does not bring.
struct DefaultTerm { const char* vocabulary; const char* code; const char* label_ja; const char* label_en; int sort; };
constexpr DefaultTerm kDefaultTerms[] = {
    {"concern", "alcohol", "お酒", "Alcohol", 10},
    {"concern", "drugs", "薬物", "Drugs", 20},
    {"concern", "medicines", "処方薬・市販薬", "Prescription and over-the-counter medicines", 30},
    {"concern", "gambling", "ギャンブル", "Gambling", 40},
    {"concern", "gaming", "ゲーム・ネット", "Gaming and the internet", 50},
    {"concern", "sex", "性の問題", "Sexual behaviour", 60},
    {"concern", "other", "わからない・その他", "Not sure / something else", 70},
    {"audience", "self", "自分のこと", "For myself", 10},
    {"audience", "family", "家族・友人のこと", "For family or a friend", 20},
    {"situation", "youth", "10代・若い人", "Teenagers and young people", 10},
    {"situation", "parenting", "子育て中", "Raising children", 20},
    {"situation", "women", "女性", "Women", 30},
    {"situation", "justice", "保釈中・保護観察中・出所後", "On bail, on probation or after release", 40},
    {"situation", "employment", "仕事をさがしている", "Looking for work", 50},
    {"situation", "dual_diagnosis", "ほかの病気や障がいもある", "Also living with another illness or disability", 60},
    {"kind", "consultation", "相談窓口", "Consultation", 10},
    {"kind", "recovery", "回復施設", "Recovery facility", 20},
    {"kind", "self_help", "自助グループ", "Self-help group", 30},
    {"kind", "medical", "医療機関", "Medical care", 40},
    {"kind", "family_class", "家族教室", "Family class", 50},
    {"kind", "legal", "法律相談", "Legal advice", 60},
    {"kind", "employment", "就労支援", "Employment support", 70},
    {"mode", "phone", "電話", "Phone", 10},
    {"mode", "in_person", "対面", "In person", 20},
    {"mode", "online", "オンライン", "Online", 30},
};
constexpr const char* kVocabularies[] = {"concern", "audience", "situation", "kind", "mode"};

constexpr const char* kVocabTaxonomy = "madoguchi";
constexpr const char* kFieldTaxonomy = "madoguchi-field";
// madoguchi-field terms: which entity each may describe (docs/hsds.md).
const std::map<std::string, std::set<std::string>>& field_terms() {
    static const std::map<std::string, std::set<std::string>> m = {
        {"name_kana", {"organization", "service"}},
        {"source", {"organization", "service"}},
        {"assured_date", {"organization"}},
        {"sector", {"organization"}},
        {"cost", {"service"}},
        {"anonymous", {"service"}},
        {"status_note", {"service"}},
        {"tier", {"service"}},
        {"municipality_code", {"location"}},
        {"label", {"phone"}},
        {"phone_id", {"schedule"}},
        {"holidays", {"schedule"}},
        {"year_end", {"schedule"}},
        {"sort", {"taxonomy_term"}},
        {"translation", {"organization", "service", "location", "phone", "schedule", "taxonomy_term"}},
        {"evidence", {"organization", "service", "location", "phone", "schedule"}},
    };
    return m;
}

// evidence.csv: the contact values each entity holds (its `field` column), as
// bundle_source.cpp checks them. An evidence attribute's label names one.
const std::map<std::string, std::set<std::string>>& evidence_fields() {
    static const std::map<std::string, std::set<std::string>> m = {
        {"organization", {"website", "email"}}, {"service", {"website", "email"}}, {"location", {"address"}},
        {"phone", {"number"}},                  {"schedule", {"hours", "year_end"}},
    };
    return m;
}

// Our translations.csv table for an HSDS entity, and back.
const std::map<std::string, std::string>& translation_tables() {
    static const std::map<std::string, std::string> m = {
        {"organization", "organizations"}, {"service", "services"}, {"location", "locations"},
        {"phone", "phones"},               {"schedule", "schedules"}, {"taxonomy_term", "vocabulary"},
    };
    return m;
}

constexpr const char* kWeekdayCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr const char* kWeekdayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string clock_text(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

// "大阪府", "大阪", "Osaka", "27" → 27.
std::optional<int> prefecture_from_text(const std::string& s) {
    if (auto p = parse_prefecture_code(s)) return p;
    for (const Prefecture& p : prefectures()) {
        std::string name = p.name;
        if (s == name || lower_ascii(s) == lower_ascii(p.name_en)) return p.code;
        // 大阪府 → 大阪, 東京都 → 東京 (北海道 is only ever written whole).
        for (const char* suffix : {"都", "府", "県"})
            if (name.size() > 3 && name.compare(name.size() - 3, 3, suffix) == 0 && s == name.substr(0, name.size() - 3))
                return p.code;
    }
    return std::nullopt;
}

bool is_national_area(const std::string& s) {
    return s == "national" || s == "全国" || s == "日本" || lower_ascii(s) == "japan" || s == "00";
}

// ---------------------------------------------------------------------------
// HsdsTable: one resource of the package.

struct HsdsTable {
    std::string name;  // HSDS table name (organization, …)
    std::string file;  // path as reported
    CsvDocument doc;
    std::map<std::string, size_t> columns;

    const CsvCell* cell(const CsvRow& row, const std::string& column) const {
        auto it = columns.find(column);
        if (it == columns.end() || it->second >= row.cells.size()) return nullptr;
        return &row.cells[it->second];
    }
    std::string get(const CsvRow& row, const std::string& column) const {
        const CsvCell* c = cell(row, column);
        return c ? trim(c->text) : std::string();
    }
    // Text kept exactly as written (descriptions, names).
    std::string text(const CsvRow& row, const std::string& column) const {
        const CsvCell* c = cell(row, column);
        return c ? c->text : std::string();
    }
    SourcePosition at(const CsvRow& row, const std::string& column) const {
        const CsvCell* c = cell(row, column);
        if (c) return {file, c->line, c->column};
        return {file, row.line, 1};
    }
};

// ---------------------------------------------------------------------------
// Importer

struct OutOrg {
    std::string id, name, name_kana, alternate_name, description, website, email, sector, source, assured_date;
    SourcePosition pos;
};
struct OutLocation {
    std::string id, organization_id, name, postal_code, prefecture_code, municipality_code, address, accessibility;
    SourcePosition pos;
    bool has_address = false;
};
struct OutService {
    std::string id, organization_id, name, name_kana, alternate_name, description;
    std::vector<std::string> concerns, audiences, situations, kinds, modes, areas, locations, languages;
    std::string website, email, cost, fees_description, anonymous, status, status_note, tier, source, assured_date;
    SourcePosition pos, status_pos;
    bool has_phone = false;
    std::vector<double> cost_amounts;
};
struct OutPhone { std::string id, service_id, number, type, label, note; SourcePosition pos; };
struct OutSchedule {
    // holidays: an HSDS weekly rule applies on every matching day, national
    // holidays included (HSDS has no notion of them), so "open" unless the
    // package says otherwise (our own export writes the attribute for "closed"
    // and "only"). Defaulting to our format's "closed" would show a 24-hour
    // line as shut on every holiday.
    std::string id, service_id, phone_id, days, opens, closes, holidays = "open", valid_from, valid_to, note;
    std::string year_end;  // "closed": not on 12-29 … 01-03 (a madoguchi-field attribute)
    uint8_t mask = 0, weeks = 0;  // weeks: ScheduleRule::weeks (0 = every week)
    SourcePosition pos;
};
struct OutTerm { std::string vocabulary, code, label_ja, label_en; int sort = 0; bool sort_given = false; };
struct OutTranslation { std::string table, id, field, lang, text; };
// One evidence.csv row from a madoguchi-field `evidence` attribute. `entity` is
// the HSDS entity (organization, …), `id` our id; `pos` is the attribute's label.
struct OutEvidence { std::string entity, id, field, source, quote; SourcePosition pos; };

struct TermInfo {
    std::string code, name, description, taxonomy_name;
    enum class Kind { vocabulary, field, other } kind = Kind::other;
    SourcePosition pos;
};

class Importer {
public:
    Importer(std::string dir, std::string out, const HsdsImportOptions& opt, HsdsImportReport& r)
        : dir_(std::move(dir)), out_(std::move(out)), opt_(opt), r_(r) {}

    void run() {
        if (std::string e = check_empty_output(out_); !e.empty()) {
            r_.errors.add({out_, 0, 0}, e);
            return;
        }
        if (!read_package()) return;
        if (!opt_.taxonomy_map.empty() && !read_taxonomy_map()) return;
        taxonomies();
        organizations();
        locations();
        services();
        service_at_location();
        phones();
        languages();
        service_areas();
        schedules();
        cost_options();
        attributes();
        ignored();
        finish();
        write();
    }

private:
    std::string dir_, out_;
    const HsdsImportOptions& opt_;
    HsdsImportReport& r_;
    std::map<std::string, HsdsTable> tables_;
    Json meta_;  // datapackage.json's "madoguchi" object, if any (our own export)
    Json package_;

    std::vector<OutOrg> orgs_;
    std::vector<OutLocation> locations_;
    std::vector<OutService> services_;
    std::vector<OutPhone> phones_;
    std::vector<OutSchedule> schedules_;
    std::vector<OutTerm> terms_;
    std::vector<OutTranslation> translations_;
    std::vector<OutEvidence> evidence_;
    // HSDS id → index in the vectors above.
    std::map<std::string, size_t> org_ix_, loc_ix_, svc_ix_, phone_ix_, sched_ix_;
    std::map<std::string, std::string> sal_service_;  // service_at_location id → HSDS service id
    std::map<std::string, std::string> sal_location_;
    std::map<std::string, TermInfo> terms_by_id_;
    std::map<std::string, size_t> vocab_term_ix_;  // HSDS taxonomy_term id → terms_ index
    std::map<std::pair<std::string, std::string>, std::string> taxonomy_map_;  // (taxonomy, code) → vocab:code
    std::map<std::string, std::set<std::string>> used_ids_;  // our ids per kind, to keep them unique
    std::string default_source_;

    void warn(SourcePosition p, std::string m) { r_.unmapped.add(std::move(p), std::move(m)); }
    void error(SourcePosition p, std::string m) { r_.errors.add(std::move(p), std::move(m)); }
    const HsdsTable* table(const std::string& name) const {
        auto it = tables_.find(name);
        return it == tables_.end() ? nullptr : &it->second;
    }

    // HSDS ids are often UUIDs (fine once lower-cased); anything else is made
    // into our id form [a-z0-9_-]{1,64} and the change is reported.
    std::string our_id(const std::string& kind, const std::string& raw, const SourcePosition& pos) {
        std::string id = lower_ascii(raw);
        for (char& c : id)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) c = '-';
        if (id.size() > 64) id.resize(64);
        if (id.empty()) return id;
        std::string base = id;
        for (int n = 2; used_ids_[kind].count(id); ++n) {
            std::string suffix = "-" + std::to_string(n);
            id = base.substr(0, 64 - suffix.size()) + suffix;
        }
        used_ids_[kind].insert(id);
        if (id != lower_ascii(raw) && id != raw)
            warn(pos, "id: \"" + raw + "\" is written as \"" + id + "\" (madoguchi ids are 1-64 of a-z 0-9 _ -)");
        return id;
    }

    // Reports every non-empty cell of a column this mapping does not use.
    void report_unused(const HsdsTable& t, const CsvRow& row, const std::set<std::string>& used,
                       const std::map<std::string, std::string>& why = {}) {
        for (const auto& [column, index] : t.columns) {
            if (used.count(column) || index >= row.cells.size()) continue;
            const CsvCell& c = row.cells[index];
            if (trim(c.text).empty()) continue;
            auto w = why.find(column);
            // Long values are cut (at a character boundary) to keep the report readable.
            std::string v = c.text;
            if (v.size() > 60) {
                size_t cut = 60;
                while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
                v = v.substr(0, cut) + "…";
            }
            warn({t.file, c.line, c.column},
                 column + ": \"" + v + "\" not imported (" +
                     (w != why.end() ? w->second : "madoguchi has no field for " + t.name + "." + column) + ")");
        }
    }

    // --- read_package -------------------------------------------------------

    bool read_package() {
        const std::string dp_path = (fs::path(dir_) / "datapackage.json").string();
        std::error_code ec;
        if (!fs::is_directory(dir_, ec)) {
            error({dir_, 0, 0}, "not a folder (give the folder of an HSDS data package: datapackage.json and its CSV files)");
            return false;
        }
        std::ifstream in(dp_path, std::ios::binary);
        if (!in) {
            error({dp_path, 0, 0},
                  "missing: an HSDS data package lists its CSV files in datapackage.json, and this folder has none");
            return false;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        std::optional<PackageJson> parsed = parse_package(dp_path, ss.str(), r_.errors);
        if (!parsed) return false;
        package_ = std::move(parsed->value);
        if (!package_.is_object()) {
            error(parsed->start, "datapackage.json must hold a JSON object");
            return false;
        }
        if (const Json& m = member(package_, "madoguchi"); m.is_object()) meta_ = m;
        const Json& resources = member(package_, "resources");
        if (!resources.is_array()) {
            error(parsed->start, "no \"resources\" list (the tables of the package)");
            return false;
        }
        bool fatal = false;
        std::set<std::string> listed_files;
        for (size_t k = 0; k < resources.size(); ++k) {
            const Json& res = resources[k];
            const SourcePosition rp = k < parsed->resource.size() ? parsed->resource[k] : parsed->resources;
            std::string name = str(res, "name"), path = str(res, "path");
            if (name.empty() || path.empty()) {
                error(rp, "a resource needs a \"name\" and a \"path\"");
                fatal = true;
                continue;
            }
            const HsdsTableSpec* spec = find_table(name);
            listed_files.insert(fs::path(path).lexically_normal().string());
            if (!spec) {
                warn(rp, "resource \"" + name + "\" (" + path + ") is not an HSDS 3.0 table; not read");
                continue;
            }
            if (tables_.count(name)) {
                error(rp, "resource \"" + name + "\" is listed twice");
                fatal = true;
                continue;
            }
            if (path.find("..") != std::string::npos || fs::path(path).is_absolute()) {
                error(rp, "resource \"" + name + "\": path \"" + path + "\" must be a file inside the package folder");
                fatal = true;
                continue;
            }
            const std::string file = (fs::path(dir_) / path).string();
            if (!fs::exists(file, ec)) {
                error(rp, "resource \"" + name + "\" lists " + path + ", which does not exist");
                fatal = true;
                continue;
            }
            HsdsTable t;
            t.name = name;
            t.file = file;
            if (!read_csv_file(file, t.doc, r_.errors)) {
                fatal = true;
                continue;
            }
            for (size_t k = 0; k < t.doc.header.size(); ++k) {
                const CsvCell& h = t.doc.header[k];
                std::string col = trim(h.text);
                bool known = std::find_if(spec->fields.begin(), spec->fields.end(),
                                          [&](const char* f) { return col == f; }) != spec->fields.end();
                if (!known) warn({file, h.line, h.column}, "column \"" + col + "\" is not an HSDS 3.0 field of " + name + "; not imported");
                if (t.columns.count(col)) {
                    error({file, h.line, h.column}, "column \"" + col + "\" appears twice");
                    fatal = true;
                }
                t.columns[col] = k;
            }
            if (!t.columns.count("id")) {
                error({file, 1, 1}, "missing column \"id\" (every HSDS table has one)");
                fatal = true;
                continue;
            }
            tables_.emplace(name, std::move(t));
        }
        for (const auto& entry : fs::directory_iterator(dir_, ec)) {
            if (entry.path().extension() != ".csv") continue;
            std::string rel = entry.path().filename().string();
            if (!listed_files.count(rel)) warn({entry.path().string(), 0, 0}, "not listed in datapackage.json; not read");
        }
        for (const char* needed : {"organization", "service"})
            if (!tables_.count(needed) && !fatal) {
                error(parsed->resources,
                      std::string("no \"") + needed + "\" resource: nothing to import without it");
                fatal = true;
            }
        return !fatal;
    }

    bool read_taxonomy_map() {
        CsvDocument doc;
        if (!read_csv_file(opt_.taxonomy_map, doc, r_.errors)) return false;
        std::map<std::string, size_t> col;
        for (size_t k = 0; k < doc.header.size(); ++k) col[trim(doc.header[k].text)] = k;
        for (const char* c : {"taxonomy", "code", "term"})
            if (!col.count(c)) {
                error({opt_.taxonomy_map, 1, 1}, std::string("missing column \"") + c + "\" (columns: taxonomy, code, term)");
                return false;
            }
        bool ok = true;
        for (const CsvRow& row : doc.rows) {
            const CsvCell& term = row.cells[col["term"]];
            std::string t = trim(term.text);
            auto colon = t.find(':');
            std::string vocab = t.substr(0, colon);
            if (colon == std::string::npos ||
                std::find(std::begin(kVocabularies), std::end(kVocabularies), vocab) == std::end(kVocabularies)) {
                error({opt_.taxonomy_map, term.line, term.column},
                      "term: \"" + t + "\" is not vocabulary:code (e.g. concern:alcohol, kind:self_help)");
                ok = false;
                continue;
            }
            taxonomy_map_[{trim(row.cells[col["taxonomy"]].text), trim(row.cells[col["code"]].text)}] = t;
        }
        return ok;
    }

    // --- taxonomies ---------------------------------------------------------

    void taxonomies() {
        std::map<std::string, std::string> taxonomy_names;  // taxonomy id → name
        if (const HsdsTable* t = table("taxonomy"))
            for (const CsvRow& row : t->doc.rows) {
                taxonomy_names[t->get(row, "id")] = t->get(row, "name");
                report_unused(*t, row, {"id", "name", "description", "uri", "version"});
            }
        const HsdsTable* t = table("taxonomy_term");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            TermInfo info;
            info.code = t->get(row, "code");
            info.name = t->text(row, "name");
            info.description = t->text(row, "description");
            info.pos = t->at(row, "id");
            std::string tax_id = t->get(row, "taxonomy_id");
            info.taxonomy_name = taxonomy_names.count(tax_id) ? taxonomy_names[tax_id] : t->get(row, "taxonomy");
            if (info.taxonomy_name.empty()) info.taxonomy_name = tax_id;
            std::string id = t->get(row, "id");
            if (info.taxonomy_name == kVocabTaxonomy) {
                info.kind = TermInfo::Kind::vocabulary;
                auto colon = info.code.find(':');
                std::string vocab = info.code.substr(0, colon == std::string::npos ? 0 : colon);
                std::string code = colon == std::string::npos ? "" : info.code.substr(colon + 1);
                if (std::find(std::begin(kVocabularies), std::end(kVocabularies), vocab) == std::end(kVocabularies) ||
                    !check_id(code).empty()) {
                    error(t->at(row, "code"), "code: \"" + info.code + "\" is not a madoguchi term such as concern:alcohol "
                                              "(vocabularies: concern, audience, situation, kind, mode)");
                    continue;
                }
                OutTerm term{vocab, code, info.name, info.description, 0, false};
                for (const auto& d : kDefaultTerms)
                    if (vocab == d.vocabulary && code == d.code) term.sort = d.sort;
                if (term.label_ja.empty()) error(t->at(row, "name"), "name: the Japanese label of " + info.code + " is empty");
                if (term.label_en.empty()) error(t->at(row, "description"), "description: the English label of " + info.code + " is empty");
                vocab_term_ix_[id] = terms_.size();
                terms_.push_back(term);
                report_unused(*t, row, {"id", "code", "name", "description", "taxonomy", "taxonomy_id", "language"});
            } else if (info.taxonomy_name == kFieldTaxonomy) {
                info.kind = TermInfo::Kind::field;
                if (!field_terms().count(info.code))
                    warn(t->at(row, "code"), "code: \"" + info.code + "\" is not a madoguchi-field term; attributes using it are not imported");
            } else {
                // Terms of other taxonomies: used only through --taxonomy-map,
                // reported when an attribute uses them.
            }
            terms_by_id_[id] = info;
        }
    }

    // --- organizations ------------------------------------------------------

    std::string email_or_warn(const HsdsTable& t, const CsvRow& row, const char* column) {
        std::string v = t.get(row, column);
        if (v.empty()) return v;
        if (std::string e = check_email(v); !e.empty()) {
            warn(t.at(row, column), std::string(column) + ": " + e + "; left out");
            return {};
        }
        return v;
    }
    std::string url_or_warn(const HsdsTable& t, const CsvRow& row, const char* column) {
        std::string v = t.get(row, column);
        if (v.empty()) return v;
        if (std::string e = check_url(v, UrlUse::website); !e.empty()) {
            warn(t.at(row, column), std::string(column) + ": " + e + "; left out");
            return {};
        }
        return v;
    }

    void organizations() {
        const HsdsTable& t = *table("organization");
        for (const CsvRow& row : t.doc.rows) {
            std::string hid = t.get(row, "id");
            if (hid.empty()) { error(t.at(row, "id"), "id: required field is empty; row not imported"); continue; }
            if (org_ix_.count(hid)) { error(t.at(row, "id"), "id: duplicate id \"" + hid + "\"; row not imported"); continue; }
            OutOrg o;
            o.pos = t.at(row, "id");
            o.id = our_id("organization", hid, o.pos);
            o.name = t.text(row, "name");
            o.alternate_name = t.text(row, "alternate_name");
            o.description = t.text(row, "description");
            o.email = email_or_warn(t, row, "email");
            o.website = url_or_warn(t, row, "website");
            if (o.name.empty()) error(t.at(row, "name"), "name: required field is empty");
            if (o.description.empty()) error(t.at(row, "description"), "description: required field is empty (the kiosk shows it)");
            org_ix_[hid] = orgs_.size();
            orgs_.push_back(std::move(o));
            report_unused(t, row, {"id", "name", "alternate_name", "description", "email", "website"},
                          {{"parent_organization_id", "madoguchi has no organization hierarchy"},
                           {"logo", "the kiosk shows no logos"}});
        }
    }

    // --- locations, addresses, accessibility -------------------------------

    void locations() {
        const HsdsTable* t = table("location");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            std::string hid = t->get(row, "id");
            std::string type = lower_ascii(t->get(row, "location_type"));
            if (type == "virtual" || type == "postal") {
                warn(t->at(row, "location_type"), "location_type: " + type + " location not imported (madoguchi lists physical places; "
                                                  "give online services a url)");
                continue;
            }
            if (hid.empty() || loc_ix_.count(hid)) { error(t->at(row, "id"), "id: empty or duplicate; row not imported"); continue; }
            OutLocation l;
            l.pos = t->at(row, "id");
            l.id = our_id("location", hid, l.pos);
            std::string org = t->get(row, "organization_id");
            if (!org_ix_.count(org)) {
                warn(t->at(row, "organization_id"), "organization_id: \"" + org + "\" names no organization; location not imported "
                                                    "(madoguchi places belong to an organization)");
                used_ids_["location"].erase(l.id);
                continue;
            }
            l.organization_id = orgs_[org_ix_[org]].id;
            l.name = t->text(row, "name");
            loc_ix_[hid] = locations_.size();
            locations_.push_back(std::move(l));
            report_unused(*t, row, {"id", "location_type", "organization_id", "name"},
                          {{"latitude", "madoguchi places by prefecture and municipality codes, not coordinates"},
                           {"longitude", "madoguchi places by prefecture and municipality codes, not coordinates"}});
        }
        if (const HsdsTable* a = table("address")) {
            for (const CsvRow& row : a->doc.rows) {
                std::string lid = a->get(row, "location_id");
                std::string type = lower_ascii(a->get(row, "address_type"));
                if (!loc_ix_.count(lid)) {
                    warn(a->at(row, "location_id"), "location_id: \"" + lid + "\" names no imported location; address not imported");
                    continue;
                }
                OutLocation& l = locations_[loc_ix_[lid]];
                if (!type.empty() && type != "physical") {
                    warn(a->at(row, "address_type"), "address_type: " + type + " address not imported (madoguchi shows where to go)");
                    continue;
                }
                if (l.has_address) {
                    warn(a->at(row, "id"), "a second physical address for location \"" + lid + "\"; not imported (one address per place)");
                    continue;
                }
                std::string country = lower_ascii(a->get(row, "country"));
                if (!country.empty() && country != "jp" && country != "jpn" && country != "japan" && country != "日本")
                    warn(a->at(row, "country"), "country: \"" + a->get(row, "country") + "\": madoguchi lists places in Japan; "
                                                "the address is read as Japanese");
                l.has_address = true;
                std::string pref = a->get(row, "state_province");
                if (auto p = prefecture_from_text(pref)) {
                    char buf[16];
                    std::snprintf(buf, sizeof buf, "%02d", *p);
                    l.prefecture_code = buf;
                } else {
                    error(a->at(row, "state_province"), "state_province: \"" + pref + "\" is not a prefecture name (大阪府) or "
                                                        "JIS X 0401 code (27); locations.csv prefecture_code left empty");
                }
                std::string postal = a->get(row, "postal_code");
                if (starts_with(postal, "〒")) postal = trim(postal.substr(3));
                if (postal.size() == 7 && postal.find('-') == std::string::npos) postal = postal.substr(0, 3) + "-" + postal.substr(3);
                if (!postal.empty()) {
                    if (std::string e = check_postal_code(postal); !e.empty())
                        warn(a->at(row, "postal_code"), "postal_code: " + e + "; left out");
                    else
                        l.postal_code = postal;
                }
                // Our address starts at the municipality: city, then address_1/2
                // (address_1 may already start with the city, as our export writes it).
                std::string city = a->text(row, "city"), line1 = a->text(row, "address_1"), line2 = a->text(row, "address_2");
                std::string addr = (!city.empty() && !starts_with(line1, city)) ? city + line1 : line1;
                if (!line2.empty()) addr += (addr.empty() ? "" : " ") + line2;
                l.address = addr;
                report_unused(*a, row, {"id", "location_id", "address_type", "country", "state_province", "postal_code", "city",
                                        "address_1", "address_2"},
                              {{"attention", "the kiosk shows the place, not a person to ask for"}});
            }
        }
        if (const HsdsTable* a = table("accessibility")) {
            for (const CsvRow& row : a->doc.rows) {
                std::string lid = a->get(row, "location_id");
                if (!loc_ix_.count(lid)) {
                    warn(a->at(row, "location_id"), "location_id: \"" + lid + "\" names no imported location; not imported");
                    continue;
                }
                OutLocation& l = locations_[loc_ix_[lid]];
                std::string d = a->text(row, "description");
                std::string details = a->text(row, "details");
                if (!details.empty()) d += (d.empty() ? "" : "（") + details + (d.empty() ? "" : "）");
                if (!d.empty()) l.accessibility += (l.accessibility.empty() ? "" : "。") + d;
                report_unused(*a, row, {"id", "location_id", "description", "details"});
            }
        }
        // A place needs its prefecture: one without any address cannot be placed.
        for (size_t k = 0; k < locations_.size(); ++k)
            if (!locations_[k].has_address)
                error(locations_[k].pos, "location \"" + locations_[k].id + "\" has no physical address (addresses.csv), so no "
                                         "prefecture; fill locations.csv prefecture_code");
    }

    // --- services -----------------------------------------------------------

    void services() {
        const HsdsTable& t = *table("service");
        for (const CsvRow& row : t.doc.rows) {
            std::string hid = t.get(row, "id");
            if (hid.empty()) { error(t.at(row, "id"), "id: required field is empty; row not imported"); continue; }
            if (svc_ix_.count(hid)) { error(t.at(row, "id"), "id: duplicate id \"" + hid + "\"; row not imported"); continue; }
            std::string org = t.get(row, "organization_id");
            if (!org_ix_.count(org)) {
                error(t.at(row, "organization_id"), "organization_id: \"" + org + "\" names no organization; service not imported");
                continue;
            }
            OutService s;
            s.pos = t.at(row, "id");
            s.status_pos = t.at(row, "status");
            s.id = our_id("service", hid, s.pos);
            s.organization_id = orgs_[org_ix_[org]].id;
            s.name = t.text(row, "name");
            s.alternate_name = t.text(row, "alternate_name");
            s.description = t.text(row, "description");
            if (s.name.empty()) error(t.at(row, "name"), "name: required field is empty");
            if (s.description.empty()) error(t.at(row, "description"), "description: required field is empty (the kiosk shows it)");
            s.website = url_or_warn(t, row, "url");
            s.email = email_or_warn(t, row, "email");
            s.fees_description = t.text(row, "fees_description");
            std::string status = lower_ascii(t.get(row, "status"));
            if (status.empty() || status == "active") s.status = "active";
            else if (status == "inactive") s.status = "inactive";
            else if (status == "defunct" || status == "temporarily closed") {
                s.status = "inactive";
                warn(t.at(row, "status"), "status: \"" + status + "\" imported as inactive (madoguchi has active and inactive)");
            } else {
                s.status = "inactive";
                warn(t.at(row, "status"), "status: \"" + status + "\" is not an HSDS status; imported as inactive");
            }
            std::string assured = t.get(row, "assured_date");
            if (!assured.empty()) {
                // A date-time is cut to its date.
                std::string date = assured.substr(0, 10);
                if (parse_date(date)) s.assured_date = date;
                else warn(t.at(row, "assured_date"), "assured_date: \"" + assured + "\" is not a date YYYY-MM-DD; left out");
            }
            svc_ix_[hid] = services_.size();
            services_.push_back(std::move(s));
            report_unused(t, row, {"id", "organization_id", "name", "alternate_name", "description", "url", "email",
                                   "fees_description", "status", "assured_date"},
                          {{"program_id", "madoguchi does not group services into programs"},
                           {"eligibility_description", "madoguchi describes who a service is for with audience and situation terms"},
                           {"minimum_age", "madoguchi describes who a service is for with audience and situation terms"},
                           {"maximum_age", "madoguchi describes who a service is for with audience and situation terms"},
                           {"interpretation_services", "madoguchi lists the languages a service is used in (languages)"},
                           {"last_modified", "madoguchi keeps assured_date, the day the facts were checked"}});
        }
    }

    // HSDS rows link to a service directly or through service_at_location.
    std::optional<size_t> service_of(const HsdsTable& t, const CsvRow& row) {
        std::string sid = t.get(row, "service_id");
        if (sid.empty()) {
            std::string sal = t.get(row, "service_at_location_id");
            if (!sal.empty() && sal_service_.count(sal)) sid = sal_service_[sal];
        }
        if (!sid.empty() && svc_ix_.count(sid)) return svc_ix_[sid];
        return std::nullopt;
    }

    void service_at_location() {
        const HsdsTable* t = table("service_at_location");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            std::string sid = t->get(row, "service_id"), lid = t->get(row, "location_id");
            sal_service_[t->get(row, "id")] = sid;
            sal_location_[t->get(row, "id")] = lid;
            if (!svc_ix_.count(sid) || !loc_ix_.count(lid)) {
                warn(t->at(row, svc_ix_.count(sid) ? "location_id" : "service_id"),
                     "links service \"" + sid + "\" and location \"" + lid + "\", not both imported; link not imported");
                continue;
            }
            OutService& s = services_[svc_ix_[sid]];
            const OutLocation& l = locations_[loc_ix_[lid]];
            if (l.organization_id != s.organization_id) {
                warn(t->at(row, "location_id"), "location \"" + lid + "\" belongs to another organization than service \"" + sid +
                                                    "\"; link not imported (madoguchi links a service to its own organization's places)");
                continue;
            }
            add_unique(s.locations, l.id);
            report_unused(*t, row, {"id", "service_id", "location_id"});
        }
    }

    // --- phones and languages -----------------------------------------------

    void phones() {
        const HsdsTable* t = table("phone");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            auto svc = service_of(*t, row);
            if (!svc) {
                warn(t->at(row, "id"), "phone \"" + t->get(row, "number") + "\" belongs to no imported service; not imported "
                                       "(madoguchi phones belong to a service; give it a service_id)");
                continue;
            }
            std::string type = lower_ascii(t->get(row, "type"));
            if (type.empty() || type == "cell") type = "voice";
            // text (SMS), video and textphone lines are how a visitor who cannot
            // or will not speak reaches a service: kept, as phones.csv types.
            if (!channel_has_number(type)) {
                warn(t->at(row, "type"), "type: \"" + type + "\" phone not imported (the kiosk shows voice, fax, text, video and textphone numbers)");
                continue;
            }
            std::string number = t->get(row, "number");
            if (std::string e = check_phone(number); !e.empty()) {
                warn(t->at(row, "number"), "number: \"" + number + "\": " + e + "; phone not imported");
                continue;
            }
            OutPhone p;
            p.pos = t->at(row, "id");
            p.id = our_id("phone", t->get(row, "id"), p.pos);
            p.service_id = services_[*svc].id;
            p.number = number;
            p.type = type;
            p.note = t->text(row, "description");
            services_[*svc].has_phone = true;
            phone_ix_[t->get(row, "id")] = phones_.size();
            phones_.push_back(std::move(p));
            report_unused(*t, row, {"id", "service_id", "service_at_location_id", "number", "type", "description"},
                          {{"extension", "madoguchi dials the number as written; put the extension in the description"},
                           {"organization_id", "the phone is listed under its service"},
                           {"location_id", "the phone is listed under its service"}});
        }
    }

    std::string language_code(const std::string& code, const std::string& name) {
        std::string c = code;
        if (!c.empty()) {
            auto dash = c.find('-');
            c = lower_ascii(c.substr(0, dash)) + (dash == std::string::npos ? "" : c.substr(dash));
            return well_formed_language_tag(c) ? c : std::string();
        }
        static const std::map<std::string, std::string> names = {
            {"japanese", "ja"}, {"日本語", "ja"}, {"english", "en"}, {"英語", "en"}, {"chinese", "zh"}, {"中国語", "zh"},
            {"korean", "ko"},   {"韓国語", "ko"}, {"vietnamese", "vi"}, {"ベトナム語", "vi"}, {"portuguese", "pt"},
            {"ポルトガル語", "pt"}, {"spanish", "es"}, {"スペイン語", "es"}, {"tagalog", "tl"}, {"nepali", "ne"}};
        auto it = names.find(lower_ascii(name));
        return it == names.end() ? std::string() : it->second;
    }

    void languages() {
        const HsdsTable* t = table("language");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            std::string code = language_code(t->get(row, "code"), t->get(row, "name"));
            if (code.empty()) {
                warn(t->at(row, t->get(row, "code").empty() ? "name" : "code"),
                     "language \"" + t->get(row, "code") + t->get(row, "name") + "\" is not a language code (ja, en, zh-Hans, …); not imported");
                continue;
            }
            std::string sid = t->get(row, "service_id"), pid = t->get(row, "phone_id");
            if (!sid.empty()) {
                if (!svc_ix_.count(sid)) { warn(t->at(row, "service_id"), "service_id: \"" + sid + "\" names no imported service; not imported"); continue; }
                add_unique(services_[svc_ix_[sid]].languages, code);
            } else if (!pid.empty()) {
                if (!phone_ix_.count(pid)) { warn(t->at(row, "phone_id"), "phone_id: \"" + pid + "\" names no imported phone; not imported"); continue; }
                const OutPhone& p = phones_[phone_ix_[pid]];
                for (auto& s : services_)
                    if (s.id == p.service_id) add_unique(s.languages, code);
                warn(t->at(row, "phone_id"), "phone language \"" + code + "\" of " + p.number + " added to the languages of service \"" +
                                                 p.service_id + "\" (madoguchi has no language per phone)");
            } else {
                warn(t->at(row, "id"), "language \"" + code + "\" of a location is not imported (madoguchi lists languages per service)");
                continue;
            }
            report_unused(*t, row, {"id", "service_id", "phone_id", "location_id", "code", "name"});
        }
    }

    // --- service areas ------------------------------------------------------

    void service_areas() {
        const HsdsTable* t = table("service_area");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            auto svc = service_of(*t, row);
            if (!svc) { warn(t->at(row, "id"), "service area of no imported service; not imported"); continue; }
            std::string extent = t->get(row, "extent"), type = lower_ascii(t->get(row, "extent_type"));
            std::string name = t->get(row, "name"), area, err;
            auto as_code = [&](const std::string& s) -> std::string {
                if (is_national_area(s)) return "national";
                if (s.size() == 2 && parse_prefecture_code(s)) return s;
                if ((s.size() == 5 || s.size() == 6) && parse_municipality_code(s, &err)) return s;
                return {};
            };
            if (!extent.empty() && (type.empty() || type == "text")) area = as_code(extent);
            if (area.empty()) area = as_code(name);
            if (area.empty())
                if (auto p = prefecture_from_text(name)) {
                    char buf[16];
                    std::snprintf(buf, sizeof buf, "%02d", *p);
                    area = buf;
                }
            if (area.empty()) {
                warn(t->at(row, name.empty() ? "extent" : "name"),
                     "service area \"" + (name.empty() ? extent : name) + "\" is not 全国, a prefecture name or a JIS X 0401/0402 "
                     "code; not imported (madoguchi places services by those codes)");
                continue;
            }
            add_unique(services_[*svc].areas, area);
            report_unused(*t, row, {"id", "service_id", "service_at_location_id", "name", "extent", "extent_type"});
        }
    }

    // --- schedules ----------------------------------------------------------

    // "09:00", "09:00:00", with an optional "+09:00" (Japan). Other offsets are refused.
    std::optional<int> hsds_time(const std::string& s, bool closing, std::string* why) {
        std::string v = s;
        if (v.size() > 5 && (v.back() == 'Z' || v.find_first_of("+-", 5) != std::string::npos)) {
            size_t at = v.back() == 'Z' ? v.size() - 1 : v.find_first_of("+-", 5);
            std::string zone = v.substr(at);
            if (zone != "+09:00" && zone != "+0900" && zone != "+09") {
                *why = "time zone " + zone + " is not Japan's (+09:00)";
                return std::nullopt;
            }
            v = v.substr(0, at);
        }
        if (v.size() == 8 && v[5] == ':') v = v.substr(0, 5);
        auto m = parse_clock(v, true);
        if (!m) { *why = "not a time HH:MM"; return std::nullopt; }
        if (closing && *m == 0) return 1440;  // midnight closing is 24:00 for us
        if (!closing && *m == 1440) { *why = "opening at 24:00"; return std::nullopt; }
        return m;
    }

    void schedules() {
        const HsdsTable* t = table("schedule");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            auto svc = service_of(*t, row);
            if (!svc) {
                warn(t->at(row, "id"), "schedule of no imported service (e.g. of a location only); not imported "
                                       "(madoguchi keeps hours per service)");
                continue;
            }
            // WEEKLY (or empty) with plain weekdays; MONTHLY with ordinals (1WE,3WE:
            // the 1st and 3rd Wednesday), as RFC 5545 pairs them. Checked below.
            std::string freq = lower_ascii(t->get(row, "freq"));
            if (!freq.empty() && freq != "weekly" && freq != "monthly") {
                warn(t->at(row, "freq"), "freq: \"" + t->get(row, "freq") + "\" schedule not imported (madoguchi hours repeat weekly; "
                                         "say it in the service description)");
                continue;
            }
            std::string interval = t->get(row, "interval");
            if (!interval.empty() && interval != "1") {
                warn(t->at(row, "interval"), "interval: every " + interval + " weeks cannot be shown; schedule not imported");
                continue;
            }
            // BYDAY items: MO … SU, or 1MO … 5SU (the n-th in the month; madoguchi's
            // "mon#n"). A mix must be every pairing of its days and weeks, as
            // parse_days requires, so the text is rebuilt and parsed by it.
            std::string days_spec;
            bool bad = false;
            for (const std::string& day : split(t->get(row, "byday"), ',')) {
                std::string d = day;
                size_t k = 0;
                while (k < d.size() && (d[k] == '+' || d[k] == '-' || (d[k] >= '0' && d[k] <= '9'))) ++k;
                std::string code = d.substr(k);
                auto it = std::find(std::begin(kWeekdayCodes), std::end(kWeekdayCodes), code);
                if (it == std::end(kWeekdayCodes)) {
                    error(t->at(row, "byday"), "byday: \"" + day + "\" is not a weekday code (MO, TU, WE, TH, FR, SA, SU); "
                                               "schedule not imported");
                    bad = true;
                    break;
                }
                const std::string nth = d.substr(0, k);
                if (k > 0 && (nth.size() != 1 || nth[0] < '1' || nth[0] > '5')) {
                    warn(t->at(row, "byday"), "byday: \"" + day + "\" (counted from the end of the month, or past the 5th) "
                                              "cannot be shown; schedule not imported");
                    bad = true;
                    break;
                }
                if (!days_spec.empty()) days_spec += ';';
                days_spec += kWeekdayNames[it - std::begin(kWeekdayCodes)];
                if (k > 0) days_spec += "#" + nth;
            }
            if (bad) continue;
            uint8_t weeks = 0;
            std::string days_error;
            const auto parsed_days = parse_days(days_spec, &days_error, &weeks);
            if (!parsed_days) {
                warn(t->at(row, "byday"), "byday: " + days_error + "; schedule not imported");
                continue;
            }
            if ((weeks != 0) != (freq == "monthly")) {
                warn(t->at(row, "freq"), weeks ? "freq: byday names weeks of the month (1WE), so freq must be MONTHLY; "
                                                 "schedule not imported"
                                               : "freq: MONTHLY needs weeks of the month in byday (1WE,3WE); schedule not imported");
                continue;
            }
            const uint8_t mask = *parsed_days;
            std::string why;
            auto opens = hsds_time(t->get(row, "opens_at"), false, &why);
            if (!opens) {
                warn(t->at(row, "opens_at"), "opens_at: \"" + t->get(row, "opens_at") + "\": " +
                                                 (t->get(row, "opens_at").empty() ? "no opening time" : why) + "; schedule not imported");
                continue;
            }
            auto closes = hsds_time(t->get(row, "closes_at"), true, &why);
            if (!closes) {
                warn(t->at(row, "closes_at"), "closes_at: \"" + t->get(row, "closes_at") + "\": " +
                                                  (t->get(row, "closes_at").empty() ? "no closing time" : why) + "; schedule not imported");
                continue;
            }
            if (*opens == *closes % 1440 && *closes != 1440) {
                warn(t->at(row, "closes_at"), "closes_at: same as opens_at; schedule not imported");
                continue;
            }
            std::string tz = t->get(row, "timezone");
            if (!tz.empty() && tz != "9" && tz != "+9" && tz != "9.0") {
                warn(t->at(row, "timezone"), "timezone: UTC offset " + tz + " is not Japan's (9); schedule not imported");
                continue;
            }
            OutSchedule s;
            s.pos = t->at(row, "id");
            s.id = our_id("schedule", t->get(row, "id"), s.pos);
            s.service_id = services_[*svc].id;
            s.mask = mask;
            s.weeks = weeks;
            s.opens = clock_text(*opens);
            s.closes = clock_text(*closes);
            for (const char* f : {"valid_from", "valid_to"}) {
                std::string v = t->get(row, f);
                if (v.empty()) continue;
                if (!parse_date(v.substr(0, 10))) { warn(t->at(row, f), std::string(f) + ": \"" + v + "\" is not a date; left out"); continue; }
                (f[6] == 'f' ? s.valid_from : s.valid_to) = v.substr(0, 10);
            }
            s.note = t->text(row, "description");
            std::set<std::string> used = {"id", "service_id", "service_at_location_id", "location_id", "freq", "interval",
                                          "byday", "opens_at", "closes_at", "timezone", "valid_from", "valid_to", "description"};
            if (s.note.empty()) {
                s.note = t->text(row, "notes");
                used.insert("notes");
            }
            sched_ix_[t->get(row, "id")] = schedules_.size();
            schedules_.push_back(std::move(s));
            report_unused(*t, row, used, {{"notes", "madoguchi has one note per rule; description was taken"},
                                          {"bymonthday", "madoguchi hours repeat weekly"},
                                          {"byweekno", "madoguchi hours repeat weekly"},
                                          {"byyearday", "madoguchi hours repeat weekly"}});
        }
    }

    // --- cost options -------------------------------------------------------

    void cost_options() {
        const HsdsTable* t = table("cost_option");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            auto svc = service_of(*t, row);
            std::string amount = t->get(row, "amount");
            if (!svc || amount.empty()) {
                warn(t->at(row, "id"), "cost option without a service or an amount; not imported");
                continue;
            }
            char* end = nullptr;
            double v = std::strtod(amount.c_str(), &end);
            if (!end || *end) { warn(t->at(row, "amount"), "amount: \"" + amount + "\" is not a number; not imported"); continue; }
            services_[*svc].cost_amounts.push_back(v);
            warn(t->at(row, "id"), "cost option used only to set services.csv cost (free, paid or partly); "
                                   "put the details in the service's fees_description");
        }
    }

    // --- attributes ---------------------------------------------------------

    void attributes() {
        const HsdsTable* t = table("attribute");
        if (!t) return;
        for (const CsvRow& row : t->doc.rows) {
            std::string term_id = t->get(row, "taxonomy_term_id"), entity = lower_ascii(t->get(row, "link_entity"));
            std::string link = t->get(row, "link_id"), value = t->text(row, "value");
            auto ti = terms_by_id_.find(term_id);
            if (ti == terms_by_id_.end()) {
                warn(t->at(row, "taxonomy_term_id"), "taxonomy_term_id: \"" + term_id + "\" names no taxonomy term; not imported");
                continue;
            }
            const TermInfo& term = ti->second;
            if (term.kind == TermInfo::Kind::vocabulary || term.kind == TermInfo::Kind::other) {
                std::string vocab_code = term.code;
                if (term.kind == TermInfo::Kind::other) {
                    auto m = taxonomy_map_.find({term.taxonomy_name, term.code});
                    if (m == taxonomy_map_.end()) {
                        warn(t->at(row, "taxonomy_term_id"), "term \"" + term.code + " " + term.name + "\" of taxonomy \"" + term.taxonomy_name +
                                                                 "\" has no madoguchi meaning; not imported (map it with --taxonomy-map)");
                        continue;
                    }
                    vocab_code = m->second;
                }
                if (entity != "service" || !svc_ix_.count(link)) {
                    warn(t->at(row, "link_id"), "term " + vocab_code + " applies to services; \"" + link + "\" (" + entity +
                                                    ") is not an imported service; not imported");
                    continue;
                }
                OutService& s = services_[svc_ix_[link]];
                std::string vocab = vocab_code.substr(0, vocab_code.find(':')), code = vocab_code.substr(vocab_code.find(':') + 1);
                auto& list = vocab == "concern" ? s.concerns : vocab == "audience" ? s.audiences : vocab == "situation" ? s.situations
                           : vocab == "kind" ? s.kinds : s.modes;
                add_unique(list, code);
                if (term.kind == TermInfo::Kind::other) ensure_term(vocab, code, t->at(row, "taxonomy_term_id"));
                continue;
            }
            // madoguchi-field: a field of ours carried as the attribute's value.
            auto allowed = field_terms().find(term.code);
            if (allowed == field_terms().end()) continue;  // reported with the term
            if (!allowed->second.count(entity)) {
                warn(t->at(row, "link_entity"), "madoguchi-field " + term.code + " does not apply to " + entity + "; not imported");
                continue;
            }
            if (!apply_field(entity, link, term.code, value, t->get(row, "label"), t->at(row, "value"), t->at(row, "label")))
                warn(t->at(row, "link_id"), "link_id: \"" + link + "\" names no imported " + entity + "; not imported");
        }
    }

    // A term reached through --taxonomy-map whose code the package does not define.
    void ensure_term(const std::string& vocab, const std::string& code, const SourcePosition& pos) {
        for (const auto& t : terms_)
            if (t.vocabulary == vocab && t.code == code) return;
        for (const auto& d : kDefaultTerms)
            if (vocab == d.vocabulary && code == d.code) return;  // filled in later
        error(pos, vocab + ":" + code + " is not a madoguchi term; add it to the madoguchi taxonomy or fix the --taxonomy-map");
    }

    // Our id of an imported entity named by its HSDS id, or "" when there is none.
    std::string imported_id(const std::string& entity, const std::string& link) {
        if (entity == "organization" && org_ix_.count(link)) return orgs_[org_ix_[link]].id;
        if (entity == "service" && svc_ix_.count(link)) return services_[svc_ix_[link]].id;
        if (entity == "location" && loc_ix_.count(link)) return locations_[loc_ix_[link]].id;
        if (entity == "phone" && phone_ix_.count(link)) return phones_[phone_ix_[link]].id;
        if (entity == "schedule" && sched_ix_.count(link)) return schedules_[sched_ix_[link]].id;
        return {};
    }

    bool apply_field(const std::string& entity, const std::string& link, const std::string& field, const std::string& value,
                     const std::string& label, const SourcePosition& pos, const SourcePosition& label_pos) {
        if (field == "evidence") {
            // label = field[@source], value = the quote (docs/hsds.md, Evidence).
            const auto at = label.find('@');
            const std::string f = label.substr(0, at), source = at == std::string::npos ? "" : label.substr(at + 1);
            const std::set<std::string>& fields = evidence_fields().at(entity);
            if (!fields.count(f) || (at != std::string::npos && source.empty())) {
                warn(label_pos, "label: \"" + label + "\" is not field or field@source with a contact value of " + entity + " (" +
                                    join(std::vector<std::string>(fields.begin(), fields.end()), ", ") + "); evidence not imported");
                return true;
            }
            if (trim(value).empty()) {
                warn(pos, "value: the evidence quote is empty; not imported");
                return true;
            }
            std::string id = imported_id(entity, link);
            if (id.empty()) return false;
            evidence_.push_back({entity, id, f, source, value, label_pos});
            return true;
        }
        if (field == "translation") {
            auto at = label.find('@');
            if (at == std::string::npos || value.empty()) {
                warn(pos, "translation attribute needs label field@lang (e.g. description@en) and the text as value; not imported");
                return true;
            }
            std::string id;
            if (entity == "taxonomy_term" && vocab_term_ix_.count(link)) {
                const OutTerm& term = terms_[vocab_term_ix_[link]];
                id = term.vocabulary + ":" + term.code;
            } else {
                id = imported_id(entity, link);
            }
            if (id.empty()) return false;
            translations_.push_back({translation_tables().at(entity), id, label.substr(0, at), label.substr(at + 1), value});
            return true;
        }
        if (entity == "organization") {
            if (!org_ix_.count(link)) return false;
            OutOrg& o = orgs_[org_ix_[link]];
            if (field == "sector") {
                if (value == "public" || value == "nonprofit" || value == "private") o.sector = value;
                else warn(pos, "value: sector \"" + value + "\" is not public, nonprofit or private; left out");
                return true;
            }
            (field == "name_kana" ? o.name_kana : field == "source" ? o.source : o.assured_date) = value;
        } else if (entity == "service") {
            if (!svc_ix_.count(link)) return false;
            OutService& s = services_[svc_ix_[link]];
            (field == "name_kana" ? s.name_kana : field == "source" ? s.source : field == "cost" ? s.cost
             : field == "anonymous" ? s.anonymous : field == "status_note" ? s.status_note : s.tier) = value;
        } else if (entity == "location") {
            if (!loc_ix_.count(link)) return false;
            locations_[loc_ix_[link]].municipality_code = value;
        } else if (entity == "phone") {
            if (!phone_ix_.count(link)) return false;
            phones_[phone_ix_[link]].label = value;
        } else if (entity == "schedule") {
            if (!sched_ix_.count(link)) return false;
            OutSchedule& s = schedules_[sched_ix_[link]];
            if (field == "holidays") s.holidays = value;
            else if (field == "year_end") s.year_end = value;
            else if (phone_ix_.count(value)) s.phone_id = phones_[phone_ix_[value]].id;
            else warn(pos, "value: phone \"" + value + "\" was not imported; the schedule is kept as opening hours");
        } else if (entity == "taxonomy_term") {
            if (!vocab_term_ix_.count(link)) return false;
            OutTerm& term = terms_[vocab_term_ix_[link]];
            bool digits = !value.empty() && value.size() < 9 && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (digits) term.sort = std::stoi(value), term.sort_given = true;
            else warn(pos, "value: sort \"" + value + "\" is not a whole number; not imported");
        }
        return true;
    }

    void ignored() {
        for (const auto& [name, why] : ignored_tables()) {
            const HsdsTable* t = table(name);
            if (!t) continue;
            for (const CsvRow& row : t->doc.rows) warn(t->at(row, "id"), name + " row not imported (" + why + ")");
        }
    }

    // --- finish: fallbacks and what is still missing ------------------------

    std::string reading_or_error(const std::string& name, const std::string& given, const SourcePosition& pos, const char* file) {
        if (!given.empty()) return given;
        if (!name.empty() && check_reading(name).empty()) return name;  // already kana or Latin
        error(pos, "no reading (よみ) for 「" + name + "」: HSDS has no field for it; give an attribute of taxonomy madoguchi-field, "
                   "code name_kana, or fill name_kana in " + file);
        return {};
    }

    void finish() {
        // Bundle metadata: options first, then our own export's "madoguchi" object.
        auto meta_value = [&](const char* key) { return str(member(meta_, "bundle"), key); };
        default_source_ = "hsds";
        if (const Json& sources = items(meta_, "sources"); !sources.empty()) default_source_ = str(sources.front(), "id");
        for (auto& o : orgs_) {
            o.name_kana = reading_or_error(o.name, o.name_kana, o.pos, "organizations.csv");
            if (o.source.empty()) o.source = default_source_;
        }
        for (auto& s : services_) {
            s.name_kana = reading_or_error(s.name, s.name_kana, s.pos, "services.csv");
            if (s.source.empty()) s.source = default_source_;
            if (s.concerns.empty()) error(s.pos, "service \"" + s.id + "\" has no concern term (madoguchi taxonomy, concern:…); "
                                                 "the kiosk lists services by concern");
            if (s.audiences.empty()) error(s.pos, "service \"" + s.id + "\" has no audience term (audience:self, audience:family)");
            if (s.kinds.empty()) error(s.pos, "service \"" + s.id + "\" has no kind term (kind:consultation, kind:self_help, …)");
            if (s.modes.empty()) {
                if (s.has_phone) s.modes.push_back("phone");
                if (!s.locations.empty()) s.modes.push_back("in_person");
                if (!s.website.empty()) s.modes.push_back("online");
                if (s.modes.empty()) error(s.pos, "service \"" + s.id + "\" has no mode term and no phone, place or url to tell it from");
                else warn(s.pos, "service \"" + s.id + "\": no mode term; modes taken from its phones, places and url: " + join(s.modes, ";"));
            }
            if (s.areas.empty()) {
                for (const auto& lid : s.locations)
                    for (const auto& l : locations_)
                        if (l.id == lid && !l.prefecture_code.empty()) add_unique(s.areas, l.prefecture_code);
                if (s.areas.empty()) error(s.pos, "service \"" + s.id + "\" has no service_area madoguchi can read (全国, a prefecture or a JIS code)");
                else warn(s.pos, "service \"" + s.id + "\": no service area; taken from the prefectures of its places: " + join(s.areas, ";"));
            }
            if (s.cost.empty()) {
                if (s.cost_amounts.empty()) s.cost = "unknown";
                else {
                    bool any_free = false, any_paid = false;
                    for (double v : s.cost_amounts) (v > 0 ? any_paid : any_free) = true;
                    s.cost = any_paid ? (any_free ? "partly" : "paid") : "free";
                }
            }
            if (s.anonymous.empty()) s.anonymous = "unknown";
            if (s.status == "inactive" && trim(s.status_note).empty())
                error(s.status_pos, "status: service \"" + s.id + "\" is inactive and no status_note says why: give an attribute "
                                    "of taxonomy madoguchi-field, code status_note, or fill status_note in services.csv");
            if (s.assured_date.empty()) {
                if (!opt_.checked.empty()) {
                    s.assured_date = opt_.checked;
                    warn(s.pos, "service \"" + s.id + "\": no assured_date; --checked " + opt_.checked + " used");
                } else {
                    error(s.pos, "service \"" + s.id + "\": no assured_date (the day the facts were checked); give --checked DATE");
                }
            }
        }
        for (auto& o : orgs_) {
            if (!o.assured_date.empty()) continue;
            // The oldest check of its services is what the organization's facts can claim.
            // Active services first: a closed service's old date says nothing about the rest.
            for (const char* status : {"active", "inactive"}) {
                for (const auto& s : services_)
                    if (s.organization_id == o.id && s.status == status && !s.assured_date.empty() &&
                        (o.assured_date.empty() || s.assured_date < o.assured_date))
                        o.assured_date = s.assured_date;
                if (!o.assured_date.empty()) break;
            }
            if (o.assured_date.empty()) o.assured_date = opt_.checked;
            if (o.assured_date.empty())
                error(o.pos, "organization \"" + o.id + "\": no assured_date and no service to take it from; give --checked DATE");
        }
        for (auto it = schedules_.begin(); it != schedules_.end();) {
            // The bundle source's own form (core days_code), as a folder
            // written by hand would have it: runs of three days or more as
            // ranges (mon-wed;fri), weeks of the month as wed#1.
            ScheduleRule r;
            r.days = it->mask;
            r.weeks = it->weeks;
            it->days = days_code(r);
            if (it->mask == 0 && it->holidays != "only") {
                warn(it->pos, "schedule \"" + it->id + "\" has no byday; not imported (madoguchi needs the weekdays)");
                it = schedules_.erase(it);
            } else {
                ++it;
            }
        }
        // Vocabulary: the package's madoguchi terms, then every code the kiosk needs.
        for (const auto& d : kDefaultTerms) {
            bool have = false;
            for (const auto& t : terms_) have = have || (t.vocabulary == d.vocabulary && t.code == d.code);
            if (!have) terms_.push_back({d.vocabulary, d.code, d.label_ja, d.label_en, d.sort, true});
        }
        for (auto& t : terms_)
            if (!t.sort_given && t.sort == 0) t.sort = 1000;
        auto vocab_rank = [](const std::string& v) {
            return std::find(std::begin(kVocabularies), std::end(kVocabularies), v) - std::begin(kVocabularies);
        };
        std::stable_sort(terms_.begin(), terms_.end(), [&](const OutTerm& a, const OutTerm& b) {
            if (vocab_rank(a.vocabulary) != vocab_rank(b.vocabulary)) return vocab_rank(a.vocabulary) < vocab_rank(b.vocabulary);
            if (a.sort != b.sort) return a.sort < b.sort;
            return a.code < b.code;
        });
        // bundle.csv
        const std::string dp = (fs::path(dir_) / "datapackage.json").string();
        auto pick = [&](const std::string& option, const char* key, const std::string& from_package) {
            if (!option.empty()) return option;
            if (!meta_value(key).empty()) return meta_value(key);
            return from_package;
        };
        bundle_["title"] = pick(opt_.title, "title", str(package_, "title"));
        bundle_["publisher"] = pick(opt_.publisher, "publisher", "");
        bundle_["version"] = pick(opt_.version, "version", "");
        bundle_["valid_until"] = pick(opt_.valid_until, "valid_until", "");
        bundle_["source_notes"] = meta_value("source_notes");
        bundle_["region"] = pick(opt_.region, "region", "");
        bundle_["synthetic"] = meta_value("synthetic");
        bundle_["correction_url"] = meta_value("correction_url");
        for (const char* key : {"title", "publisher", "version", "valid_until"})
            if (bundle_[key].empty())
                error({dp, 0, 0}, std::string("bundle.csv ") + key + ": the package does not say; give --" +
                                      (std::string(key) == "valid_until" ? "valid-until" : key));
        // sources.csv
        if (const Json& sources = items(meta_, "sources"); !sources.empty()) {
            for (const Json& s : sources)
                sources_.push_back({str(s, "id"), str(s, "title"), str(s, "url"), str(s, "publisher"), str(s, "published"),
                                    str(s, "checked"), str(s, "licence"), str(s, "note")});
        } else {
            std::string title = str(package_, "title").empty() ? str(package_, "name") : str(package_, "title");
            if (title.empty()) title = "Open Referral HSDS data package";
            std::string url = str(package_, "homepage");
            if (!url.empty() && !check_url(url, UrlUse::website).empty()) url.clear();
            if (opt_.checked.empty())
                error({dp, 0, 0}, "sources.csv checked: the day this package was read is not known; give --checked YYYY-MM-DD");
            sources_.push_back({"hsds", title, url, "", "", opt_.checked, package_licence(), "Open Referral HSDS から取り込み"});
        }
        check_evidence();
    }

    // The package's licence for sources.csv `licence`: Data Package `licenses`
    // (objects with name, title, path), or the older single `license` (a string
    // or such an object). Each as its title, else its name, else its path.
    std::string package_licence() const {
        auto one = [](const Json& l) {
            if (l.is_string()) return l.get<std::string>();
            for (const char* k : {"title", "name", "path"})
                if (!str(l, k).empty()) return str(l, k);
            return std::string();
        };
        std::vector<std::string> all;
        for (const Json& l : items(package_, "licenses"))
            if (std::string v = one(l); !v.empty()) add_unique(all, v);
        if (all.empty())
            if (std::string v = one(member(package_, "license")); !v.empty()) all.push_back(v);
        return join(all, "; ");
    }

    // Evidence attributes: each must prove a value that was imported (a value
    // left out, or a schedule not imported, leaves it nothing to prove), and
    // name a source of sources.csv. Without @source it is the package's own.
    void check_evidence() {
        std::set<std::string> source_ids;
        for (const auto& s : sources_) source_ids.insert(s.id);
        std::vector<OutEvidence> kept;
        for (OutEvidence& e : evidence_) {
            std::string value;
            bool found = false;
            auto take = [&](const auto& rows, auto get) {
                for (const auto& r : rows)
                    if (r.id == e.id) { found = true; value = get(r); }
            };
            if (e.entity == "organization")
                take(orgs_, [&](const OutOrg& o) { return e.field == "website" ? o.website : o.email; });
            else if (e.entity == "service")
                take(services_, [&](const OutService& s) { return e.field == "website" ? s.website : s.email; });
            else if (e.entity == "location") take(locations_, [](const OutLocation& l) { return l.address; });
            else if (e.entity == "phone") take(phones_, [](const OutPhone& p) { return p.number; });
            else take(schedules_, [](const OutSchedule& s) { return s.opens; });
            if (!found || value.empty()) {
                warn(e.pos, "evidence for the " + e.field + " of " + e.entity + " \"" + e.id + "\", which " +
                                (found ? "has no " + e.field : "was not imported") + "; not imported");
                continue;
            }
            if (e.source.empty()) e.source = default_source_;
            if (!source_ids.count(e.source))
                error(e.pos, "label: source \"" + e.source + "\" is not in sources.csv (the package's sources: " +
                                 join(std::vector<std::string>(source_ids.begin(), source_ids.end()), ", ") + ")");
            kept.push_back(std::move(e));
        }
        evidence_ = std::move(kept);
    }

    // --- write --------------------------------------------------------------

    std::map<std::string, std::string> bundle_;
    std::vector<SrcSource> sources_;

    void write() {
        std::error_code ec;
        fs::create_directories(out_, ec);
        if (ec) {
            error({out_, 0, 0}, "cannot create the folder: " + ec.message());
            return;
        }
        bool ok = true;
        // `optional`: columns the builder lets a file leave out; written only when
        // some row has a value, so a source without them comes back without them.
        auto put = [&](const char* name, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::set<std::string>& optional = {}) {
            std::vector<bool> keep(header.size(), true);
            for (size_t k = 0; k < header.size(); ++k)
                if (optional.count(header[k]))
                    keep[k] = std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return !r[k].empty(); });
            std::string text;
            auto line = [&](const std::vector<std::string>& cells) {
                bool first = true;
                for (size_t k = 0; k < cells.size(); ++k)
                    if (keep[k]) text += (first ? "" : ",") + csv_quote(cells[k]), first = false;
                text += "\n";
            };
            line(header);
            for (const auto& r : rows) line(r);
            std::ofstream f(fs::path(out_) / name, std::ios::binary | std::ios::trunc);
            f << text;
            if (!f) ok = false;
        };
        std::vector<std::vector<std::string>> rows;
        for (const char* key : {"title", "publisher", "version", "valid_until", "source_notes", "region", "synthetic", "correction_url"})
            if (!bundle_[key].empty()) rows.push_back({key, bundle_[key]});
        put("bundle.csv", {"key", "value"}, rows);
        rows.clear();
        for (const auto& s : sources_) rows.push_back({s.id, s.title, s.url, s.publisher, s.published, s.checked, s.licence, s.note});
        put("sources.csv", {"id", "title", "url", "publisher", "published", "checked", "licence", "note"}, rows, {"published", "licence"});
        rows.clear();
        for (const auto& t : terms_) rows.push_back({t.vocabulary, t.code, t.label_ja, t.label_en, std::to_string(t.sort)});
        put("vocabulary.csv", {"vocabulary", "code", "label_ja", "label_en", "sort"}, rows);
        rows.clear();
        for (const auto& o : orgs_)
            rows.push_back({o.id, o.name, o.name_kana, o.alternate_name, o.description, o.website, o.email, o.sector, o.source, o.assured_date});
        put("organizations.csv", {"id", "name", "name_kana", "alternate_name", "description", "website", "email", "sector", "source",
                                  "assured_date"}, rows, {"sector"});
        rows.clear();
        for (const auto& l : locations_)
            rows.push_back({l.id, l.organization_id, l.name, l.postal_code, l.prefecture_code, l.municipality_code, l.address, l.accessibility});
        put("locations.csv", {"id", "organization_id", "name", "postal_code", "prefecture_code", "municipality_code", "address", "accessibility"}, rows);
        rows.clear();
        for (const auto& s : services_)
            rows.push_back({s.id, s.organization_id, s.name, s.name_kana, s.alternate_name, s.description, join(s.concerns, ";"),
                            join(s.audiences, ";"), join(s.situations, ";"), join(s.kinds, ";"), join(s.modes, ";"),
                            join(s.areas, ";"), join(s.locations, ";"), join(s.languages, ";"), s.website, s.email, s.cost,
                            s.fees_description, s.anonymous, s.status, s.status_note, s.tier, s.source, s.assured_date});
        put("services.csv", {"id", "organization_id", "name", "name_kana", "alternate_name", "description", "concerns", "audiences",
                             "situations", "kinds", "modes", "areas", "locations", "languages", "website", "email", "cost",
                             "fees_description", "anonymous", "status", "status_note", "tier", "source", "assured_date"},
            rows, {"status_note", "tier"});
        rows.clear();
        for (const auto& p : phones_) rows.push_back({p.id, p.service_id, p.number, p.type, p.label, p.note});
        put("phones.csv", {"id", "service_id", "number", "type", "label", "note"}, rows);
        rows.clear();
        for (const auto& s : schedules_)
            rows.push_back({s.id, s.service_id, s.phone_id, s.days, s.opens, s.closes, s.holidays, s.valid_from, s.valid_to, s.note, s.year_end});
        put("schedules.csv", {"id", "service_id", "phone_id", "days", "opens", "closes", "holidays", "valid_from", "valid_to", "note", "year_end"},
            rows);
        put("guides.csv", {"id", "title", "summary", "body", "concerns", "situations", "services", "sort", "source", "assured_date"}, {});
        rows.clear();
        for (const Json& t : items(meta_, "bundle_translations"))
            rows.push_back({"bundle", str(t, "key"), "value", str(t, "lang"), str(t, "text")});
        for (const auto& t : translations_) rows.push_back({t.table, t.id, t.field, t.lang, t.text});
        put("translations.csv", {"table", "id", "field", "lang", "text"}, rows);
        rows.clear();
        for (const Json& d : items(meta_, "holidays")) rows.push_back({str(d, "date"), str(d, "name")});
        put("holidays.csv", {"date", "name"}, rows);
        rows.clear();
        for (const Json& d : items(meta_, "municipalities")) rows.push_back({str(d, "code"), str(d, "name"), str(d, "name_kana")});
        put("municipalities.csv", {"code", "name", "name_kana"}, rows);
        // Always written, if only its header: an admin adds the rows `build` asks for.
        rows.clear();
        for (const auto& e : evidence_) rows.push_back({translation_tables().at(e.entity), e.id, e.field, e.source, e.quote});
        put("evidence.csv", {"table", "id", "field", "source", "quote"}, rows);
        if (!ok) {
            error({out_, 0, 0}, "could not write every file");
            return;
        }
        r_.written = true;
        r_.organizations = static_cast<int>(orgs_.size());
        r_.services = static_cast<int>(services_.size());
        r_.locations = static_cast<int>(locations_.size());
        r_.phones = static_cast<int>(phones_.size());
        r_.schedules = static_cast<int>(schedules_.size());
        // The builder's own check catches anything the mapping let through
        // (an e-mail the kiosk refuses, a municipality outside its prefecture).
        // When errors are already listed it would only repeat them.
        // A value with no evidence at all is left out of this check: HSDS has no
        // place for evidence, so a package from another tool never has any, and
        // the import is not where it is missing. `build` lists each one (docs/hsds.md,
        // Evidence). A quote that does not hold its value is still reported here.
        if (r_.errors.empty()) {
            BuildResult check = check_bundle_source(out_, {.allow_missing_evidence = true});
            for (const auto& d : check.diagnostics.items()) r_.errors.add(d.where, d.message);
        }
    }
};

// ---------------------------------------------------------------------------
// Exporter

class Exporter {
public:
    Exporter(const BundleSource& src, std::string out, HsdsExportReport& r) : src_(src), out_(std::move(out)), r_(r) {}

    void run() {
        add_taxonomies();
        for (const auto& o : src_.organizations) {
            tables_["organization"].push_back({o.id, o.name, o.alternate_name, o.description, o.email, o.website});
            field(o.id, "organization", "name_kana", o.name_kana);
            field(o.id, "organization", "source", o.source);
            field(o.id, "organization", "assured_date", o.assured_date);
            field(o.id, "organization", "sector", o.sector);
        }
        std::map<std::string, std::string> municipality_names;
        for (const auto& m : src_.municipalities) municipality_names[m.code] = m.name;
        for (const auto& l : src_.locations) {
            tables_["location"].push_back({l.id, "physical", l.organization_id, l.name});
            const Prefecture* p = find_prefecture(l.prefecture);
            // city only when the address starts with it, so import gives back the same address.
            std::string city = municipality_names.count(l.municipality_code) ? municipality_names[l.municipality_code] : "";
            if (!starts_with(l.address, city)) city.clear();
            tables_["address"].push_back({l.id + "-address", l.id, l.address, city, p ? p->name : "", l.postal_code, "JP", "physical"});
            if (!l.accessibility.empty()) tables_["accessibility"].push_back({l.id + "-access", l.id, l.accessibility});
            field(l.id, "location", "municipality_code", l.municipality_code);
        }
        for (const auto& s : src_.services) {
            tables_["service"].push_back({s.id, s.organization_id, s.name, s.alternate_name, s.description, s.website, s.email,
                                          s.status, s.fees_description, s.assured_date});
            const std::pair<const char*, const std::vector<std::string>*> lists[] = {
                {"concern", &s.concerns}, {"audience", &s.audiences}, {"situation", &s.situations}, {"kind", &s.kinds}, {"mode", &s.modes}};
            for (const auto& [vocab, codes] : lists)
                for (const auto& c : *codes) attribute(s.id, "service", vocab_term_id(vocab, c), "", "");
            field(s.id, "service", "name_kana", s.name_kana);
            field(s.id, "service", "source", s.source);
            field(s.id, "service", "cost", s.cost);
            field(s.id, "service", "anonymous", s.anonymous);
            field(s.id, "service", "status_note", s.status_note);
            field(s.id, "service", "tier", s.tier);
            for (const auto& l : s.locations) tables_["service_at_location"].push_back({s.id + "--" + l, s.id, l});
            int n = 0;
            for (const auto& a : s.areas) {
                std::string code = a.scope == "national" ? "national" : a.scope == "prefecture" ? two_digits(a.prefecture) : a.municipality;
                std::string name = a.scope == "national" ? "全国" : a.scope == "prefecture" ? find_prefecture(a.prefecture)->name
                                   : municipality_names.count(a.municipality) ? municipality_names[a.municipality] : a.municipality;
                tables_["service_area"].push_back({s.id + "-area-" + std::to_string(++n), s.id, name, code, "text"});
            }
            n = 0;
            for (const auto& l : s.languages) tables_["language"].push_back({s.id + "-lang-" + std::to_string(++n), s.id, l});
        }
        // HSDS's phone is a number: a channel reached by a link (line, chat,
        // web_form, email, sns) has no place there, nor do its hours and proofs.
        std::set<std::string> link_channels;
        for (const auto& p : src_.phones) {
            if (!channel_has_number(p.type)) {
                link_channels.insert(p.id);
                continue;
            }
            tables_["phone"].push_back({p.id, p.service_id, p.number, p.type, p.note});
            field(p.id, "phone", "label", p.label);
        }
        if (!link_channels.empty())
            r_.unmapped.add({(fs::path(src_dir_) / "phones.csv").string(), 0, 0},
                            std::to_string(link_channels.size()) +
                                " channels reached by a link (line, chat, web_form, email, sns) not exported, with their hours and evidence (an HSDS phone is a number)");
        if (!src_.service_facts.empty())
            r_.unmapped.add({(fs::path(src_dir_) / "service_facts.csv").string(), 0, 0},
                            std::to_string(src_.service_facts.size()) + " facts about services not exported, with their evidence (HSDS has no place for them)");
        for (const auto& s : src_.schedules) {
            if (link_channels.count(s.phone_id)) continue;
            std::vector<std::string> days;  // BYDAY: WE, or 1WE for the month's first Wednesday
            for (int d = 0; d < 7; ++d) {
                if (!(s.rule.days & (1 << d))) continue;
                if (s.rule.weeks == 0) days.push_back(kWeekdayCodes[d]);
                for (int w = 0; w < 5; ++w)
                    if ((s.rule.weeks >> w) & 1) days.push_back(std::to_string(w + 1) + kWeekdayCodes[d]);
            }
            auto when = [](int m) { return clock_text(m % 1440) + "+09:00"; };
            const char* freq = days.empty() ? "" : s.rule.weeks ? "MONTHLY" : "WEEKLY";
            tables_["schedule"].push_back({s.id, s.service_id, freq, join(days, ","), when(s.rule.opens),
                                           when(s.rule.closes), "9",
                                           s.rule.valid_from ? format_date(*s.rule.valid_from) : "",
                                           s.rule.valid_to ? format_date(*s.rule.valid_to) : "", s.note});
            field(s.id, "schedule", "phone_id", s.phone_id);
            if (s.rule.holidays != HolidayRule::open) field(s.id, "schedule", "holidays", holiday_rule_name(s.rule.holidays));
            if (s.rule.year_end_closed) field(s.id, "schedule", "year_end", "closed");
        }
        for (const auto& t : src_.translations) {
            if (t.table == "bundle" || t.table == "guides" || t.review == "untranslated") continue;
            std::string entity;
            for (const auto& [e, table] : translation_tables())
                if (table == t.table) entity = e;
            std::string link = t.table == "vocabulary" ? vocab_term_id(t.id.substr(0, t.id.find(':')), t.id.substr(t.id.find(':') + 1)) : t.id;
            attribute(link, entity, field_term_id("translation"), t.text, t.field + "@" + t.lang);
        }
        // evidence.csv in its own order, so that import writes it back the same.
        size_t guide_evidence = 0;
        for (const auto& e : src_.evidence) {
            if (e.table == "guides") {  // guides are not exported (below), nor their proofs
                ++guide_evidence;
                continue;
            }
            if (e.table == "service_facts" || (e.table == "phones" && link_channels.count(e.id))) continue;  // counted above
            if (e.table == "schedules" && std::any_of(src_.schedules.begin(), src_.schedules.end(), [&](const SrcSchedule& x) {
                    return x.id == e.id && link_channels.count(x.phone_id);
                }))
                continue;
            std::string entity;
            for (const auto& [en, table] : translation_tables())
                if (table == e.table) entity = en;
            attribute(e.id, entity, field_term_id("evidence"), e.quote, e.field + "@" + e.source);
        }
        if (!src_.guides.empty())
            r_.unmapped.add({(fs::path(src_dir_) / "guides.csv").string(), 0, 0},
                            std::to_string(src_.guides.size()) + " topic guides not exported (HSDS has no topic guides)");
        size_t guide_translations = 0;
        for (const auto& t : src_.translations) guide_translations += t.table == "guides";
        if (guide_translations)
            r_.unmapped.add({(fs::path(src_dir_) / "translations.csv").string(), 0, 0},
                            std::to_string(guide_translations) + " translations of topic guides not exported");
        if (guide_evidence)
            r_.unmapped.add({(fs::path(src_dir_) / "evidence.csv").string(), 0, 0},
                            std::to_string(guide_evidence) + " evidence rows of topic guides not exported");
        size_t marked = 0;
        for (const auto& t : src_.translations) marked += t.table != "guides" && (!t.origin.empty() || t.review != "unreviewed");
        if (marked)
            r_.unmapped.add({(fs::path(src_dir_) / "translations.csv").string(), 0, 0},
                            std::to_string(marked) + " translations' origin and review state not exported (HSDS has no place for them)");
        if (!src_.keywords.empty())
            r_.unmapped.add({(fs::path(src_dir_) / "keywords.csv").string(), 0, 0},
                            std::to_string(src_.keywords.size()) + " everyday words not exported (HSDS has no search keywords)");
        write();
    }

    std::string src_dir_;

private:
    const BundleSource& src_;
    std::string out_;
    HsdsExportReport& r_;
    std::map<std::string, std::vector<std::vector<std::string>>> tables_;
    int attribute_count_ = 0;

    static std::string two_digits(int n) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d", n);
        return buf;
    }
    static std::string vocab_term_id(const std::string& vocab, const std::string& code) { return "madoguchi-" + vocab + "-" + code; }
    static std::string field_term_id(const std::string& f) { return "madoguchi-field-" + f; }

    void attribute(const std::string& link, const std::string& entity, const std::string& term, const std::string& value,
                   const std::string& label) {
        tables_["attribute"].push_back({"attr-" + std::to_string(++attribute_count_), link, term, entity, value, label});
    }
    void field(const std::string& link, const std::string& entity, const std::string& f, const std::string& value) {
        if (!value.empty()) attribute(link, entity, field_term_id(f), value, "");
    }

    void add_taxonomies() {
        tables_["taxonomy"].push_back({kVocabTaxonomy, kVocabTaxonomy,
                                       "madoguchi の語彙: concern, audience, situation, kind, mode (term code = vocabulary:code)",
                                       "", "1"});
        tables_["taxonomy"].push_back({kFieldTaxonomy, kFieldTaxonomy,
                                       "madoguchi fields HSDS has no place for; the attribute value holds the field's value", "", "1"});
        for (const auto& t : src_.vocabulary) {
            std::string id = vocab_term_id(t.vocabulary, t.code);
            tables_["taxonomy_term"].push_back({id, t.vocabulary + ":" + t.code, t.label_ja, t.label_en, kVocabTaxonomy, "ja"});
            attribute(id, "taxonomy_term", field_term_id("sort"), std::to_string(t.sort), "");
        }
        for (const auto& [f, entities] : field_terms())
            tables_["taxonomy_term"].push_back({field_term_id(f), f, f, "madoguchi field " + f + " of " + join(std::vector<std::string>(entities.begin(), entities.end()), ", "),
                                                kFieldTaxonomy, "en"});
    }

    // What each exported table holds, in this order (HSDS 3.0 field names).
    struct Written { const char* table; std::vector<const char*> fields; };
    static const std::vector<Written>& written() {
        static const std::vector<Written> w = {
            {"organization", {"id", "name", "alternate_name", "description", "email", "website"}},
            {"service", {"id", "organization_id", "name", "alternate_name", "description", "url", "email", "status", "fees_description", "assured_date"}},
            {"location", {"id", "location_type", "organization_id", "name"}},
            {"address", {"id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type"}},
            {"accessibility", {"id", "location_id", "description"}},
            {"service_at_location", {"id", "service_id", "location_id"}},
            {"phone", {"id", "service_id", "number", "type", "description"}},
            {"schedule", {"id", "service_id", "freq", "byday", "opens_at", "closes_at", "timezone", "valid_from", "valid_to", "description"}},
            {"service_area", {"id", "service_id", "name", "extent", "extent_type"}},
            {"language", {"id", "service_id", "code"}},
            {"taxonomy", {"id", "name", "description", "uri", "version"}},
            {"taxonomy_term", {"id", "code", "name", "description", "taxonomy_id", "language"}},
            {"attribute", {"id", "link_id", "taxonomy_term_id", "link_entity", "value", "label"}},
        };
        return w;
    }

    void write() {
        std::error_code ec;
        fs::create_directories(out_, ec);
        if (ec) {
            r_.errors.add({out_, 0, 0}, "cannot create the folder: " + ec.message());
            return;
        }
        Json resources = Json::array();
        bool ok = true;
        for (const auto& w : written()) {
            const HsdsTableSpec* spec = find_table(w.table);
            std::string text;
            for (size_t k = 0; k < w.fields.size(); ++k) text += (k ? "," : "") + std::string(w.fields[k]);
            text += "\n";
            for (const auto& row : tables_[w.table]) {
                for (size_t k = 0; k < w.fields.size(); ++k) text += (k ? "," : "") + csv_quote(k < row.size() ? row[k] : "");
                text += "\n";
            }
            std::ofstream f(fs::path(out_) / spec->path, std::ios::binary | std::ios::trunc);
            f << text;
            if (!f) ok = false;
            Json fields = Json::array();
            for (const char* name : w.fields) {
                Json field = {{"name", name}, {"type", std::string(name) == "timezone" ? "number" : "string"}};
                if (std::string(name) == "id") field["constraints"] = {{"required", true}, {"unique", true}};
                fields.push_back(field);
            }
            resources.push_back(Json{{"name", w.table}, {"path", spec->path}, {"format", "csv"}, {"mediatype", "text/csv"},
                                     {"encoding", "utf-8"}, {"profile", "tabular-data-resource"},
                                     {"schema", {{"primaryKey", "id"}, {"fields", fields}}}});
        }
        Json pkg;
        pkg["name"] = "madoguchi-hsds-export";
        pkg["title"] = src_.meta.count("title") ? src_.meta.at("title") : "madoguchi";
        pkg["profile"] = "tabular-data-package";
        pkg["description"] = "Open Referral HSDS 3.0 data package written by madoguchi-bundle export-hsds";
        pkg["resources"] = resources;
        // Our own fields without an HSDS home; import-hsds reads them back.
        Json m;
        m["format"] = 1;
        Json bundle = Json::object();
        for (const char* key : {"title", "publisher", "version", "valid_until", "source_notes", "region", "synthetic", "correction_url"})
            if (src_.meta.count(key) && !src_.meta.at(key).empty()) bundle[key] = src_.meta.at(key);
        m["bundle"] = bundle;
        Json bt = Json::array();
        for (const auto& t : src_.translations)
            if (t.table == "bundle") bt.push_back(Json{{"key", t.id}, {"lang", t.lang}, {"text", t.text}});
        m["bundle_translations"] = bt;
        Json sources = Json::array();
        for (const auto& s : src_.sources)
            sources.push_back(Json{{"id", s.id}, {"title", s.title}, {"url", s.url}, {"publisher", s.publisher},
                                   {"published", s.published}, {"checked", s.checked}, {"licence", s.licence}, {"note", s.note}});
        m["sources"] = sources;
        Json holidays = Json::array();
        for (const auto& h : src_.holidays) holidays.push_back(Json{{"date", h.date}, {"name", h.name}});
        m["holidays"] = holidays;
        Json munis = Json::array();
        for (const auto& mu : src_.municipalities)
            munis.push_back(Json{{"code", mu.code}, {"name", mu.name}, {"name_kana", mu.name_kana}});
        m["municipalities"] = munis;
        pkg["madoguchi"] = m;
        // Two-space indent, UTF-8 as it is (Japanese stays readable); the source was checked as UTF-8 when loaded.
        const std::string text = pkg.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
        std::ofstream f(fs::path(out_) / "datapackage.json", std::ios::binary | std::ios::trunc);
        f << text;
        if (!f || !ok) {
            r_.errors.add({out_, 0, 0}, "could not write every file");
            return;
        }
        r_.written = true;
        r_.organizations = static_cast<int>(src_.organizations.size());
        r_.services = static_cast<int>(src_.services.size());
    }
};

}  // namespace

HsdsImportReport import_hsds(const std::string& hsds_dir, const std::string& out_src_dir, const HsdsImportOptions& options) {
    HsdsImportReport report;
    Importer(hsds_dir, out_src_dir, options, report).run();
    return report;
}

HsdsExportReport export_hsds(const std::string& src_dir, const std::string& out_dir) {
    HsdsExportReport report;
    if (std::string e = check_empty_output(out_dir); !e.empty()) {
        report.errors.add({out_dir, 0, 0}, e);
        return report;
    }
    BundleSource src;
    if (!load_bundle_source(src_dir, src, report.errors)) return report;
    Exporter ex(src, out_dir, report);
    ex.src_dir_ = src_dir;
    ex.run();
    return report;
}

}  // namespace madoguchi::core
