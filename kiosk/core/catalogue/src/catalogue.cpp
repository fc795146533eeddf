// SPDX-License-Identifier: Apache-2.0
// catalogue.cpp — read side of the catalogue file.
//
// Index
//   - open()                 hardened open and verification
//   - text helpers           translations with Japanese fallback
//   - region tiers           where a service sits relative to the kiosk
//   - find_services()        browse
//   - search()               free-text search
//   - expand()               everyday words → concerns, family, the urgent route
//   - service(), guides()    detail pages
//   - open_state()           schedules → open now
//   - past_review()          records due for another check
//   - correction_link()      the "report a mistake" QR payload
#include "madoguchi/core/catalogue.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "madoguchi/base/invariant.hpp"
#include "madoguchi/core/regions.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "keyword_index.hpp"
#include "search_index.hpp"
#include "sqlite_handle.hpp"

namespace madoguchi::core {

struct Catalogue::Impl {
    sql::Db db;
    std::set<int> holidays;  // yyyymmdd
    // Built by the first search for a region (docs/search.md, "How it runs");
    // kept until the catalogue is closed or the region changes: it holds
    // catalogue text only, nothing a visitor did.
    std::unique_ptr<SearchIndex> search_index;
    Region search_region;
    size_t search_outside = 0;  // first document with tier RegionTier::elsewhere
    // Documents of the region (before search_outside) by "concern:code" and
    // "audience:code", in ranking order: what a term named in everyday words
    // brings up (docs/search.md, "Ranking").
    std::map<std::string, std::vector<uint32_t>, std::less<>> term_docs;
    std::unique_ptr<KeywordIndex> keywords;  // built with the first search or expand()
    // search() and prepare_search() change the cache above without a lock:
    // not for concurrent use (catalogue.hpp), checked in debug builds.
    check::OneAtATime searching;
};

namespace {

namespace fs = std::filesystem;

int date_key(CivilDate d) { return d.year * 10000 + d.month * 100 + d.day; }

std::string uri_escape_path(const std::string& path) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    size_t start = 0;
    while (true) {
        size_t end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

bool is_japanese(std::string_view lang) { return lang.rfind("ja", 0) == 0; }

LocalizedText localized(const std::string& ja, const std::string& translated, bool has_translation, std::string_view lang) {
    if (lang == "ja" || ja.empty()) return {ja, false, false, {}};
    if (has_translation) return {translated, false, false, {}};
    return {ja, true, false, {}};
}

// Region tier of a service (see RegionTier and docs/search.md) as an SQL
// expression over service_reach `r`, for the kiosk's prefecture ?100 (0 = none)
// and municipality ?101 ('' = none): a RegionTier's number, 5 (elsewhere) outside the region. With no region at
// all, a service for one place ranks after the nationwide ones (4). The tier is the best
// of the service's areas, hence min() over one candidate per kind of area.
constexpr const char* TIER_SQL = R"((min(
  CASE WHEN ?101 <> '' AND instr(r.municipalities, ',' || ?101 || ',') THEN 0 ELSE 5 END,
  CASE WHEN ?100 = 0 AND (r.prefectures <> ',' OR r.municipalities <> ',') THEN 4
       WHEN ?100 <> 0 AND instr(r.prefectures, ',' || ?100 || ',') THEN 1
       WHEN ?100 <> 0 AND ?101 = '' AND instr(r.municipality_prefectures, ',' || ?100 || ',') THEN 1
       ELSE 5 END,
  CASE WHEN r.national THEN 2 + r.online_only ELSE 5 END,
  CASE WHEN ?101 <> '' AND instr(r.municipality_prefectures, ',' || ?100 || ',') THEN 4 ELSE 5 END)))";
constexpr int kOutsideRegion = static_cast<int>(RegionTier::elsewhere);
static_assert(kOutsideRegion == 5, "TIER_SQL writes RegionTier::elsewhere as 5");

void bind_region(sql::Stmt& st, const Region& region) {
    st.bind(100, region.prefecture).bind(101, region.municipality);
}

// Codes are [a-z0-9_-] (checked at build time); anything else cannot match and is left out.
std::string json_list(const std::vector<std::string>& v) {
    std::string s = "[";
    for (const auto& x : v) {
        bool safe = !x.empty() && std::all_of(x.begin(), x.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
        });
        if (!safe) continue;
        if (s.size() > 1) s += ',';
        s += "\"" + x + "\"";
    }
    return s + "]";
}

}  // namespace

Catalogue::Catalogue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalogue::~Catalogue() = default;

namespace {

// One schedule rule from a row whose columns, from `col` on, are days, opens,
// closes, holidays, valid_from, valid_to (the order of table `schedule`):
// open_state() and service() read rules the same way.
ScheduleRule rule_of(sql::Stmt& s, int col) {
    ScheduleRule r;
    load_stored_days(r, s.integer(col));
    r.opens = static_cast<int>(s.integer(col + 1));
    r.closes = static_cast<int>(s.integer(col + 2));
    r.holidays = parse_holiday_rule(s.text(col + 3)).value_or(HolidayRule::closed);
    if (!s.is_null(col + 4)) r.valid_from = parse_date(s.text(col + 4));
    if (!s.is_null(col + 5)) r.valid_to = parse_date(s.text(col + 5));
    return r;
}

// glibc keeps heap memory that a program frees for its own later use, and the
// search index's build frees tens of MB at 100,000 services in blocks among
// those it keeps: without malloc_trim they stayed resident as long as the kiosk
// ran (docs/search.md, "How it runs").
void return_freed_heap() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

// Before SQLite starts: no bulk page-cache block (pcache1 otherwise keeps up to
// SQLITE_DEFAULT_PCACHE_INITSZ pages in one block that release_memory cannot
// give back, so rows a visitor viewed would stay in it). Returns SQLITE_MISUSE,
// harmlessly, when SQLite was started earlier by other code (tools, tests).
void configure_sqlite_once() {
    static const int rc = sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
    (void)rc;
}

}  // namespace

std::unique_ptr<Catalogue> Catalogue::open(const std::string& path, std::string* error, const CatalogueOpenOptions& options) {
    configure_sqlite_once();
    auto fail = [&](const std::string& why) -> std::unique_ptr<Catalogue> {
        if (error) *error = why;
        return nullptr;
    };
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return fail(path + ": no such catalogue file");

    // immutable=1: SQLite takes no locks and never writes (no journal, no -wal/-shm
    // files next to a file on a read-only stick); the file must not change while open.
    const std::string uri = "file:" + uri_escape_path(fs::absolute(path).string()) + "?mode=ro&immutable=1";
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    auto impl = std::make_unique<Impl>();
    impl->db = sql::Db(raw);
    if (rc != SQLITE_OK) return fail(path + ": cannot open (" + impl->db.errmsg() + ")");

    // SQLite's advice for database files of uncertain origin
    // (https://www.sqlite.org/security.html): defensive mode, untrusted schema,
    // no views or triggers, cell size checks, no memory-mapped I/O.
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, 1 << 24);
    try {
        // temp_store=MEMORY: sorting and temporary b-trees never touch the disk
        // (a temp file could hold what a visitor searched for).
        // cache_size=-512 (KiB, SQLite's default is 2000): the catalogue is read
        // only and lies in the OS's page cache after the check at open, so a page
        // SQLite does not keep costs one pread, not a disk read; the searching
        // is done by the in-memory index, and SQLite fetches the rows of one
        // screen at a time. Its own cache is heap that stays at its high-water
        // mark (quick_check fills it at open): about 1 MiB off the kiosk's peak
        // with 20,000 services (issue 22), and fewer rows a visitor viewed held
        // between release_memory() calls. mmap stays off (untrusted files, above).
        impl->db.exec("PRAGMA temp_store = MEMORY; PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0; PRAGMA cache_size = -512;");
        sql::Stmt app(raw, "PRAGMA application_id");
        long long app_id = app.step() ? app.integer(0) : 0;
        if (app_id != kCatalogueApplicationId)
            return fail(path + ": not a madoguchi catalogue (wrong application id)");
        sql::Stmt ver(raw, "PRAGMA user_version");
        long long version = ver.step() ? ver.integer(0) : 0;
        if (!catalogue_schema_readable(version))
            return fail(path + ": catalogue schema " + std::to_string(version) + " is not supported by this program (it reads schemas " +
                        readable_catalogue_schemas() + ")");
        if (!options.bytes_checked_at_install) {
            sql::Stmt qc(raw, "PRAGMA quick_check");
            std::string first = qc.step() ? qc.text(0) : "no answer";
            if (first != "ok") return fail(path + ": the file is damaged (" + first + ")");
        }
        // A catalogue is tables and indexes only. Views and triggers are switched
        // off above, so they could not run; one being there at all means the
        // file was not made by `madoguchi-bundle build`.
        sql::Stmt extra(raw, "SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY name LIMIT 1");
        if (extra.step())
            return fail(path + ": not a madoguchi catalogue (it contains a " + extra.text(0) + " \"" + extra.text(1) +
                        "\"; catalogues have tables and indexes only)");
        sql::Stmt hol(raw, "SELECT date FROM holiday");
        while (hol.step())
            if (auto d = parse_date(hol.text(0))) impl->holidays.insert(date_key(*d));
        // Touch every table the kiosk reads, so a truncated schema fails here, not later.
        for (const char* t : {"bundle_meta", "source", "vocabulary", "prefecture", "municipality", "organization", "location",
                              "service", "service_reach", "service_term", "service_area", "service_at_location", "service_language", "phone",
                              "service_fact", "schedule", "guide", "guide_term", "guide_service", "translation", "search_doc", "keyword"}) {
            sql::Stmt probe(raw, std::string("SELECT 1 FROM ") + t + " LIMIT 1");
            probe.step();
        }
    } catch (const sql::Error& e) {
        return fail(path + ": not a valid catalogue (" + e.what() + ")");
    }
    return std::unique_ptr<Catalogue>(new Catalogue(std::move(impl)));
}

std::string readable_catalogue_schemas() {
    return std::to_string(kOldestReadableCatalogueSchema) + " to " + std::to_string(kCatalogueSchemaVersion);
}

void Catalogue::release_memory() const { sqlite3_db_release_memory(impl_->db.get()); }

sqlite3* Catalogue::raw_db() const { return impl_->db.get(); }

std::string BundleInfo::meta_value(std::string_view key) const {
    for (const auto& [k, v] : meta)
        if (k == key) return v;
    return {};
}

BundleInfo Catalogue::info() const {
    BundleInfo info;
    sqlite3* db = impl_->db.get();
    sql::Stmt m(db, "SELECT key, value FROM bundle_meta ORDER BY key");
    while (m.step()) info.meta.emplace_back(m.text(0), m.text(1));
    for (const char* t : {"organization", "service", "location", "phone", "service_fact", "schedule", "service_area", "service_term",
                          "guide", "translation", "vocabulary", "holiday", "municipality", "source", "keyword"}) {
        sql::Stmt c(db, std::string("SELECT count(*) FROM ") + t);
        info.counts.emplace_back(t, c.step() ? c.integer(0) : 0);
    }
    sql::Stmt v(db, "PRAGMA user_version");
    info.schema_version = v.step() ? static_cast<int>(v.integer(0)) : 0;
    return info;
}

std::string Catalogue::meta_value(std::string_view key) const {
    sql::Stmt st(impl_->db.get(), "SELECT value FROM bundle_meta WHERE key = ?");
    st.bind(1, key);
    return st.step() ? st.text(0) : std::string();
}

std::vector<Catalogue::OrganizationRow> Catalogue::organizations() const {
    sql::Stmt st(impl_->db.get(),
                 "SELECT o.id, o.name, (SELECT count(*) FROM service s WHERE s.organization_id = o.id AND s.status = 'active') "
                 "FROM organization o ORDER BY o.name_kana, o.id");
    std::vector<OrganizationRow> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), static_cast<int>(st.integer(2))});
    return out;
}

std::vector<Term> Catalogue::vocabulary(std::string_view vocabulary, std::string_view lang) const {
    sql::Stmt st(impl_->db.get(),
                 "SELECT v.code, v.label_ja, v.label_en, v.sort, t.text FROM vocabulary v "
                 "LEFT JOIN translation t ON t.table_name = 'vocabulary' AND t.row_id = v.vocabulary || ':' || v.code "
                 " AND t.field = 'label' AND t.lang = ?2 "
                 "WHERE v.vocabulary = ?1 ORDER BY v.sort, v.code");
    st.bind(1, vocabulary).bind(2, lang);
    std::vector<Term> out;
    while (st.step()) {
        Term t;
        t.vocabulary = std::string(vocabulary);
        t.code = st.text(0);
        if (lang == "en") t.label = {st.text(2), false, false, {}};
        else t.label = localized(st.text(1), st.text(4), !st.is_null(4), lang);
        t.sort = static_cast<int>(st.integer(3));
        out.push_back(std::move(t));
    }
    return out;
}

bool Catalogue::is_holiday(CivilDate d) const { return impl_->holidays.count(date_key(d)) > 0; }

OpenState Catalogue::open_state(std::string_view service_id, LocalDateTime now) const {
    OpenState s;
    sql::Stmt st(impl_->db.get(),
                 "SELECT phone_id, days, opens, closes, holidays, valid_from, valid_to FROM schedule WHERE service_id = ?");
    st.bind(1, service_id);
    HolidayTest hol = [this](CivilDate d) { return is_holiday(d); };
    std::vector<ScheduleRule> rules;
    while (st.step()) {
        s.has_hours = true;
        const ScheduleRule r = rule_of(st, 1);
        rules.push_back(r);
        if (!rule_open_at(r, now, hol)) continue;
        if (st.is_null(0)) s.open_now = true;
        else s.phone_open_now = true;
    }
    // In-person hours and phone lines alike: either is a way in.
    s.next_opening = next_opening(rules, now, hol);
    s.round_the_clock = round_the_clock(rules, now, hol);
    return s;
}

std::vector<ServiceSummary> Catalogue::find_services(const ServiceQuery& q) const {
    const std::string lang = q.lang.empty() ? "ja" : q.lang;
    // Filters are driven from the term index (service_term_by_code): the planner
    // starts from the services that have the concern, not from every service.
    std::string sqltext = std::string(
        "SELECT s.id, s.name, tn.text, s.name_kana, o.name, tor.text, s.cost, s.anonymous, "
        "(SELECT group_concat(t.code, ';') FROM service_term t WHERE t.service_id = s.id AND t.vocabulary = 'mode'), "
        "(SELECT group_concat(t.code, ';') FROM service_term t WHERE t.service_id = s.id AND t.vocabulary = 'kind'), "
        "(SELECT count(*) FROM service_term t WHERE t.service_id = s.id AND t.vocabulary = 'situation' "
        "   AND t.code IN (SELECT value FROM json_each(?2))) AS situation_matches, "
        "(?4 IS NULL OR EXISTS (SELECT 1 FROM service_term t WHERE t.service_id = s.id AND t.vocabulary = 'audience' "
        "   AND t.code IN (SELECT value FROM json_each(?4)))) AS audience_match, ") +
        TIER_SQL + " AS tier, o.sector, "
        // Public before non-profit before private, and free before paid, when
        // everything above is equal (docs/search.md, "Browse order").
        "CASE o.sector WHEN 'public' THEN 0 WHEN 'nonprofit' THEN 1 WHEN 'private' THEN 3 ELSE 2 END AS sector_rank, "
        "CASE s.cost WHEN 'free' THEN 0 ELSE 1 END AS cost_rank, "
        // The card's first contact (FirstContact): a voice line, else the web, else mail.
        "(SELECT p.number FROM phone p WHERE p.service_id = s.id AND p.type = 'voice' ORDER BY p.sort LIMIT 1), "
        "coalesce(nullif(s.website, ''), o.website), coalesce(nullif(s.email, ''), o.email) "
        "FROM service s JOIN service_reach r ON r.rowid = s.rowid JOIN organization o ON o.id = s.organization_id "
        "LEFT JOIN translation tn ON tn.table_name = 'services' AND tn.row_id = s.id AND tn.field = 'name' AND tn.lang = ?1 "
        "LEFT JOIN translation tor ON tor.table_name = 'organizations' AND tor.row_id = o.id AND tor.field = 'name' AND tor.lang = ?1 "
        "WHERE s.status = 'active' AND tier < 5 ";  // not RegionTier::elsewhere
    auto term_filter = [&](const char* vocab, int param) {
        sqltext += std::string("AND s.id IN (SELECT service_id FROM service_term WHERE vocabulary = '") + vocab +
                   "' AND code IN (SELECT value FROM json_each(?" + std::to_string(param) + "))) ";
    };
    if (!q.concern.empty()) term_filter("concern", 3);
    // "self" keeps only services for the person; "family" lists services for
    // families first, then the person's own services (docs/search.md: a family
    // member often looks for where their relative can go).
    if (!q.audience.empty() && q.audience != "family") term_filter("audience", 4);
    if (!q.kinds.empty()) term_filter("kind", 5);
    if (!q.modes.empty()) term_filter("mode", 6);
    if (q.voice_free_only) sqltext += "AND EXISTS (SELECT 1 FROM phone p WHERE p.service_id = s.id AND p.type <> 'voice') ";
    sqltext += "ORDER BY audience_match DESC, situation_matches DESC, tier, sector_rank, cost_rank, s.name_kana, s.id";

    sql::Stmt st(impl_->db.get(), sqltext);
    st.bind(1, lang).bind(2, json_list(q.situations));
    if (!q.concern.empty()) st.bind(3, json_list({q.concern}));
    if (!q.audience.empty()) st.bind(4, json_list({q.audience}));
    else st.bind_null(4);
    if (!q.kinds.empty()) st.bind(5, json_list(q.kinds));
    if (!q.modes.empty()) st.bind(6, json_list(q.modes));
    bind_region(st, q.region);

    std::vector<ServiceSummary> out;
    while (st.step()) {
        ServiceSummary s;
        s.id = st.text(0);
        s.name = localized(st.text(1), st.text(2), !st.is_null(2), lang);
        s.name_kana = st.text(3);
        s.organization = localized(st.text(4), st.text(5), !st.is_null(5), lang);
        s.cost = st.text(6);
        s.anonymous = st.text(7);
        s.modes = split(st.text(8), ';');
        s.kinds = split(st.text(9), ';');
        s.situation_matches = static_cast<int>(st.integer(10));
        s.for_audience = st.integer(11) != 0;
        s.tier = static_cast<RegionTier>(st.integer(12));
        s.sector = st.text(13);
        if (!st.is_null(16)) s.contact = {FirstContact::Kind::phone, st.text(16)};
        else if (!st.text(17).empty()) s.contact = {FirstContact::Kind::website, st.text(17)};
        else if (!st.text(18).empty()) s.contact = {FirstContact::Kind::email, st.text(18)};
        if (q.now) {
            s.open = open_state(s.id, *q.now);
            if (q.open_now_only && !s.open->reachable_now()) continue;
        }
        out.push_back(std::move(s));
    }
    return out;
}

void Catalogue::prepare_search(const Region& region) const {
    const check::OneAtATime::Scope busy(impl_->searching, "Catalogue: search, expand and prepare_search from one thread at a time");
    sqlite3* db = impl_->db.get();
    if (impl_->search_index && impl_->search_region.prefecture == region.prefecture &&
        impl_->search_region.municipality == region.municipality)
        return;
    impl_->search_index.reset();
    sql::Stmt st(db, std::string("SELECT d.rowid, ") + TIER_SQL +
                         " AS tier FROM search_doc d JOIN service sv ON sv.rowid = d.rowid JOIN service_reach r ON r.rowid = d.rowid "
                         "ORDER BY tier = 5, tier, sv.name_kana, d.service_id");  // 5: RegionTier::elsewhere
    bind_region(st, region);
    std::vector<SearchIndex::Ranked> ranked;
    while (st.step()) ranked.push_back({st.integer(0), static_cast<uint8_t>(st.integer(1))});
    auto index = std::make_unique<SearchIndex>(db, ranked);
    size_t outside = 0;  // services in the region come first
    while (outside < index->size() && index->tier(outside) != kOutsideRegion) ++outside;
    // Each concern's and audience's services in the region, in the index's (ranking) order.
    std::unordered_map<long long, uint32_t> doc_of;
    for (size_t d = 0; d < outside; ++d) doc_of.emplace(index->rowid(d), static_cast<uint32_t>(d));
    std::map<std::string, std::vector<uint32_t>, std::less<>> term_docs;
    sql::Stmt terms(db, "SELECT d.rowid, t.vocabulary || ':' || t.code FROM service_term t JOIN service sv ON sv.id = t.service_id "
                        "JOIN search_doc d ON d.rowid = sv.rowid WHERE t.vocabulary IN ('concern', 'audience')");
    while (terms.step())
        if (auto it = doc_of.find(terms.integer(0)); it != doc_of.end()) term_docs[terms.text(1)].push_back(it->second);
    for (auto& [term, docs] : term_docs) std::sort(docs.begin(), docs.end());
    if (!impl_->keywords) impl_->keywords = std::make_unique<KeywordIndex>(db);
    impl_->search_index = std::move(index);
    impl_->search_region = region;
    impl_->search_outside = outside;
    impl_->term_docs = std::move(term_docs);
    // What the build read and let go (SQLite's pages of search_doc, the services'
    // sort, the documents in rowid order, the maps) goes back to the system
    // instead of staying resident for as long as the kiosk runs.
    ranked = {};
    doc_of = {};
    sqlite3_db_release_memory(db);
    return_freed_heap();
}

Expansion Catalogue::expand(std::string_view query, std::string_view lang_in) const {
    const check::OneAtATime::Scope busy(impl_->searching, "Catalogue: search, expand and prepare_search from one thread at a time");
    const std::string lang = lang_in.empty() ? "ja" : std::string(lang_in);
    if (!impl_->keywords) impl_->keywords = std::make_unique<KeywordIndex>(impl_->db.get());
    Expansion out;
    std::map<std::string, std::set<std::string>> named;  // vocabulary → codes
    for (const auto& t : impl_->keywords->match(query, lang)) {
        if (t.vocabulary == "route") out.urgent = out.urgent || t.code == "urgent";
        else named[t.vocabulary].insert(t.code);
    }
    for (const char* v : {"concern", "audience", "situation", "kind", "mode"}) {
        auto it = named.find(v);
        if (it == named.end()) continue;
        for (Term& t : vocabulary(v, lang))
            if (it->second.count(t.code)) out.terms.push_back(std::move(t));
    }
    return out;
}

std::vector<SearchHit> Catalogue::search(std::string_view query, const SearchOptions& options) const {
    const std::string folded = search_fold(query);
    if (folded.empty() || options.limit == 0) return {};
    const std::string lang = options.lang.empty() ? "ja" : options.lang;
    sqlite3* db = impl_->db.get();

    // Ranking (docs/search.md): services in the region before the others, then
    // where it matched, region tier, reading, id. Everything but "where it
    // matched" is the same for every query, so SQLite sorts the services once
    // per region (the same TIER_SQL as browsing) and each keystroke only visits
    // them in that order (docs/search.md, "How it runs").
    prepare_search(options.region);
    const check::OneAtATime::Scope busy(impl_->searching, "Catalogue: search, expand and prepare_search from one thread at a time");
    const SearchIndex& index = *impl_->search_index;

    // Which services can hold every character of the query at all; then, in
    // ranking order, where each one matches. Within the services of the region
    // (then within the others) a hit is placed by where it matched and then by
    // the order of the visit, so the walk can stop once `limit` hits matched at
    // the start of a name: nothing later can come before them.
    std::vector<uint64_t> mask;
    struct Found {
        uint32_t doc;
        uint8_t tier;
        int matched;
    };
    std::vector<Found> found;
    const SearchIndex::Query coded = index.query(folded);
    if (index.candidates(coded, mask)) {
        std::vector<Found> by_field[4];
        const size_t groups[3] = {0, impl_->search_outside, index.size()};
        for (int g = 0; g < 2 && found.size() < options.limit; ++g) {
            for (auto& b : by_field) b.clear();
            const size_t want = options.limit - found.size();
            for (size_t doc = groups[g]; doc < groups[g + 1]; ++doc) {
                if (!(mask[doc >> 6] >> (doc & 63) & 1)) continue;
                const int m = index.match(doc, coded);
                if (m < 0) continue;
                by_field[m].push_back({static_cast<uint32_t>(doc), index.tier(doc), m});
                if (m == 0 && by_field[0].size() >= want) break;
            }
            for (const auto& b : by_field)
                for (const Found& f : b)
                    if (found.size() < options.limit) found.push_back(f);
        }
    }

    // Services of the concerns the query names in everyday words (パチンコ →
    // gambling), in the region's ranking order, those for the named audience
    // first (息子 → family); a family word alone brings up families' services. They
    // come after the name matches, before matches in an organization or a
    // text (docs/search.md, "Ranking").
    std::vector<uint32_t> named, for_audience;
    auto docs_of = [&](const std::string& term, std::vector<uint32_t>& into) {
        if (auto it = impl_->term_docs.find(term); it != impl_->term_docs.end()) into.insert(into.end(), it->second.begin(), it->second.end());
    };
    bool concern_named = false;
    for (const auto& t : impl_->keywords->match(query, lang)) {
        if (t.vocabulary == "concern") docs_of("concern:" + t.code, named), concern_named = true;
        // "self" (自分) is what a service is for unless it says otherwise: no lift.
        else if (t.vocabulary == "audience" && t.code != "self") docs_of("audience:" + t.code, for_audience);
    }
    std::sort(for_audience.begin(), for_audience.end());
    for_audience.erase(std::unique(for_audience.begin(), for_audience.end()), for_audience.end());
    if (!concern_named) named = for_audience;
    if (!named.empty()) {
        std::sort(named.begin(), named.end());
        named.erase(std::unique(named.begin(), named.end()), named.end());
        std::stable_partition(named.begin(), named.end(),
                              [&](uint32_t d) { return std::binary_search(for_audience.begin(), for_audience.end(), d); });
        std::vector<Found> merged;
        std::vector<bool> placed(index.size(), false);
        for (const Found& f : found)
            if (f.matched <= static_cast<int>(MatchField::name) && f.doc < impl_->search_outside && !placed[f.doc])
                merged.push_back(f), placed[f.doc] = true;
        for (uint32_t doc : named)
            if (!placed[doc]) merged.push_back({doc, index.tier(doc), static_cast<int>(MatchField::concern)}), placed[doc] = true;
        for (const Found& f : found)
            if (!placed[f.doc]) merged.push_back(f), placed[f.doc] = true;
        if (merged.size() > options.limit) merged.resize(options.limit);
        found = std::move(merged);
    }

    // Names in the visitor's language, for the hits alone.
    sql::Stmt st(db,
                 "SELECT s.id, s.name, tn.text, o.name, tor.text FROM service s JOIN organization o ON o.id = s.organization_id "
                 "LEFT JOIN translation tn ON tn.table_name = 'services' AND tn.row_id = s.id AND tn.field = 'name' AND tn.lang = ?2 "
                 "LEFT JOIN translation tor ON tor.table_name = 'organizations' AND tor.row_id = o.id AND tor.field = 'name' AND tor.lang = ?2 "
                 "WHERE s.rowid = ?1");
    std::vector<SearchHit> out;
    for (const Found& f : found) {
        st.reset();
        st.bind(1, index.rowid(f.doc)).bind(2, lang);
        if (!st.step()) continue;
        SearchHit h;
        h.id = st.text(0);
        h.matched = static_cast<MatchField>(f.matched);
        // Search reaches the whole directory; services for other regions come last.
        h.tier = static_cast<RegionTier>(f.tier);
        h.name = localized(st.text(1), st.text(2), !st.is_null(2), lang);
        h.organization = localized(st.text(3), st.text(4), !st.is_null(4), lang);
        out.push_back(std::move(h));
    }
    return out;
}

namespace {

// One translated field, or the Japanese text marked as fallback.
LocalizedText tr(sqlite3* db, const char* table, const std::string& id, const char* field, const std::string& ja,
                 std::string_view lang) {
    if (lang == "ja" || ja.empty()) return {ja, false, false, {}};
    sql::Stmt st(db, "SELECT text, review FROM translation WHERE table_name = ? AND row_id = ? AND field = ? AND lang = ?");
    st.bind(1, table).bind(2, id).bind(3, field).bind(4, lang);
    if (!st.step()) return {ja, true, false, {}};
    LocalizedText t{st.text(0), false, false, {}};
    if (st.text(1) != "reviewed") {
        t.unreviewed = true;
        t.original = ja;
    }
    return t;
}

SourceInfo source_info(sqlite3* db, const std::string& id) {
    SourceInfo s;
    sql::Stmt st(db, "SELECT id, title, url, publisher, checked FROM source WHERE id = ?");
    st.bind(1, id);
    if (st.step()) s = {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)};
    return s;
}

}  // namespace

std::optional<ServiceDetail> Catalogue::service(std::string_view id, std::string_view lang_in, std::optional<LocalDateTime> now) const {
    const std::string lang = lang_in.empty() ? "ja" : std::string(lang_in);
    sqlite3* db = impl_->db.get();
    sql::Stmt st(db,
                 "SELECT s.id, s.name, s.name_kana, s.alternate_name, s.description, s.website, s.email, s.cost, "
                 "s.fees_description, s.anonymous, s.source_id, s.assured_date, o.id, o.name, o.description, o.website, o.email, o.sector "
                 "FROM service s JOIN organization o ON o.id = s.organization_id WHERE s.id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    ServiceDetail d;
    d.id = st.text(0);
    d.name = tr(db, "services", d.id, "name", st.text(1), lang);
    d.name_kana = st.text(2);
    d.alternate_name = tr(db, "services", d.id, "alternate_name", st.text(3), lang);
    d.description = tr(db, "services", d.id, "description", st.text(4), lang);
    d.website = st.text(5);
    d.email = st.text(6);
    d.cost = st.text(7);
    d.fees_description = tr(db, "services", d.id, "fees_description", st.text(8), lang);
    d.anonymous = st.text(9);
    d.source = source_info(db, st.text(10));
    d.assured_date = st.text(11);
    d.organization_id = st.text(12);
    d.organization = tr(db, "organizations", d.organization_id, "name", st.text(13), lang);
    d.organization_description = tr(db, "organizations", d.organization_id, "description", st.text(14), lang);
    d.organization_website = st.text(15);
    d.organization_email = st.text(16);
    d.sector = st.text(17);

    for (const char* vocab : {"concern", "audience", "situation", "kind", "mode"}) {
        std::vector<Term> all = vocabulary(vocab, lang);
        sql::Stmt t(db, "SELECT code FROM service_term WHERE service_id = ? AND vocabulary = ?");
        t.bind(1, d.id).bind(2, vocab);
        std::set<std::string> codes;
        while (t.step()) codes.insert(t.text(0));
        std::vector<Term>& dst = std::string_view(vocab) == "concern"    ? d.concerns
                                 : std::string_view(vocab) == "audience" ? d.audiences
                                 : std::string_view(vocab) == "situation" ? d.situations
                                 : std::string_view(vocab) == "kind"     ? d.kinds
                                                                         : d.modes;
        for (auto& term : all)
            if (codes.count(term.code)) dst.push_back(term);
    }
    {
        sql::Stmt l(db, "SELECT language FROM service_language WHERE service_id = ? ORDER BY rowid");
        l.bind(1, d.id);
        while (l.step()) d.languages.push_back(l.text(0));
    }
    const bool ja = is_japanese(lang);
    {
        sql::Stmt a(db,
                    "SELECT a.scope, p.name, p.name_en, m.name, a.municipality_code FROM service_area a "
                    "LEFT JOIN prefecture p ON p.code = a.prefecture_code LEFT JOIN municipality m ON m.code = a.municipality_code "
                    "WHERE a.service_id = ? ORDER BY a.rowid");
        a.bind(1, d.id);
        while (a.step()) {
            std::string scope = a.text(0);
            if (scope == "national") d.areas.push_back(ja ? "全国" : "Nationwide");
            else if (scope == "prefecture") d.areas.push_back(ja ? a.text(1) : a.text(2));
            else d.areas.push_back((ja ? a.text(1) : a.text(2)) + " " + (a.is_null(3) ? a.text(4) : a.text(3)));
        }
    }
    HolidayTest hol = [this](CivilDate x) { return is_holiday(x); };
    {
        sql::Stmt p(db, "SELECT id, number, tel_uri, type, label, note, link, say FROM phone WHERE service_id = ? ORDER BY sort");
        sql::Stmt h(db, "SELECT id, note, days, opens, closes, holidays, valid_from, valid_to FROM schedule WHERE phone_id = ? ORDER BY rowid");
        p.bind(1, d.id);
        while (p.step()) {
            PhoneInfo ph;
            ph.id = p.text(0);
            ph.number = p.text(1);
            ph.tel_uri = p.text(2);
            ph.type = p.text(3);
            ph.link = p.text(6);
            ph.label = tr(db, "phones", ph.id, "label", p.text(4), lang);
            ph.note = tr(db, "phones", ph.id, "note", p.text(5), lang);
            ph.say = tr(db, "phones", ph.id, "say", p.text(7), lang);
            h.bind(1, ph.id);
            while (h.step()) {
                ScheduleRule r = rule_of(h, 2);
                std::string text = describe_rule(r, lang);
                LocalizedText note = tr(db, "schedules", h.text(0), "note", h.text(1), lang);
                if (!note.text.empty()) text += " " + note.text;
                ph.hours.push_back(text);
                if (now && rule_open_at(r, *now, hol)) ph.open_now = true;
                ph.rules.push_back(r);
            }
            h.reset();
            d.phones.push_back(std::move(ph));
        }
    }
    {
        sql::Stmt f(db, "SELECT id, fact, value, note FROM service_fact WHERE service_id = ? ORDER BY sort");
        sql::Stmt e(db, "SELECT source_id FROM evidence WHERE table_name = 'service_facts' AND row_id = ? ORDER BY rowid");
        f.bind(1, d.id);
        while (f.step()) {
            ServiceFact sf;
            sf.id = f.text(0);
            sf.fact = f.text(1);
            sf.value = f.text(2);
            sf.note = tr(db, "service_facts", sf.id, "note", f.text(3), lang);
            e.bind(1, sf.id);
            std::set<std::string> seen;
            while (e.step())
                if (seen.insert(e.text(0)).second) sf.sources.push_back(source_info(db, e.text(0)));
            e.reset();
            d.facts.push_back(std::move(sf));
        }
    }
    {
        sql::Stmt h(db, "SELECT id, note, days, opens, closes, holidays, valid_from, valid_to FROM schedule "
                        "WHERE service_id = ? AND phone_id IS NULL ORDER BY rowid");
        h.bind(1, d.id);
        while (h.step()) {
            std::string text = describe_rule(rule_of(h, 2), lang);
            LocalizedText note = tr(db, "schedules", h.text(0), "note", h.text(1), lang);
            if (!note.text.empty()) text += " " + note.text;
            d.opening_hours.push_back(text);
        }
    }
    {
        sql::Stmt l(db,
                    "SELECT l.id, l.name, l.postal_code, p.name, p.name_en, m.name, l.address, l.accessibility "
                    "FROM service_at_location sl JOIN location l ON l.id = sl.location_id "
                    "JOIN prefecture p ON p.code = l.prefecture_code LEFT JOIN municipality m ON m.code = l.municipality_code "
                    "WHERE sl.service_id = ? ORDER BY l.rowid");
        l.bind(1, d.id);
        while (l.step()) {
            LocationInfo li;
            li.id = l.text(0);
            li.name = tr(db, "locations", li.id, "name", l.text(1), lang);
            li.postal_code = l.text(2);
            li.prefecture = ja ? l.text(3) : l.text(4);
            li.municipality = l.text(5);
            li.address = tr(db, "locations", li.id, "address", l.text(6), lang);
            li.accessibility = tr(db, "locations", li.id, "accessibility", l.text(7), lang);
            d.locations.push_back(std::move(li));
        }
    }
    {
        sql::Stmt g(db, "SELECT gs.guide_id FROM guide_service gs JOIN guide g ON g.id = gs.guide_id WHERE gs.service_id = ? ORDER BY g.sort");
        g.bind(1, d.id);
        while (g.step()) d.guide_ids.push_back(g.text(0));
    }
    if (now) d.open = open_state(d.id, *now);
    return d;
}

std::vector<GuideSummary> Catalogue::guides(std::string_view lang_in) const {
    const std::string lang = lang_in.empty() ? "ja" : std::string(lang_in);
    sqlite3* db = impl_->db.get();
    sql::Stmt st(db, "SELECT id, title, summary FROM guide ORDER BY sort, id");
    std::vector<GuideSummary> out;
    while (st.step()) {
        GuideSummary g;
        g.id = st.text(0);
        g.title = tr(db, "guides", g.id, "title", st.text(1), lang);
        g.summary = tr(db, "guides", g.id, "summary", st.text(2), lang);
        out.push_back(std::move(g));
    }
    return out;
}

std::optional<Guide> Catalogue::guide(std::string_view id, std::string_view lang_in) const {
    const std::string lang = lang_in.empty() ? "ja" : std::string(lang_in);
    sqlite3* db = impl_->db.get();
    sql::Stmt st(db, "SELECT id, title, summary, body, source_id, assured_date FROM guide WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    Guide g;
    g.id = st.text(0);
    g.title = tr(db, "guides", g.id, "title", st.text(1), lang);
    g.summary = tr(db, "guides", g.id, "summary", st.text(2), lang);
    g.body = tr(db, "guides", g.id, "body", st.text(3), lang);
    g.source = source_info(db, st.text(4));
    g.assured_date = st.text(5);
    sql::Stmt t(db, "SELECT vocabulary, code FROM guide_term WHERE guide_id = ? ORDER BY vocabulary, code");
    t.bind(1, g.id);
    while (t.step()) (t.text(0) == "concern" ? g.concerns : g.situations).push_back(t.text(1));
    sql::Stmt s(db, "SELECT service_id FROM guide_service WHERE guide_id = ? ORDER BY sort");
    s.bind(1, g.id);
    while (s.step()) g.service_ids.push_back(s.text(0));
    sql::Stmt e(db, "SELECT source_id FROM evidence WHERE table_name = 'guides' AND row_id = ? ORDER BY rowid");
    e.bind(1, g.id);
    std::set<std::string> seen;
    while (e.step())
        if (seen.insert(e.text(0)).second) g.fact_sources.push_back(source_info(db, e.text(0)));
    return g;
}

// --- records due for another check ------------------------------------------------

CivilDate review_cutoff(CivilDate today) { return add_months(today, -kReviewMonths); }

ReviewDue Catalogue::past_review(CivilDate today) const {
    // assured_date is YYYY-MM-DD (checked at build time), so text order is date order.
    const std::string cutoff = format_date(review_cutoff(today));
    auto count = [&](const char* table) {
        sql::Stmt st(impl_->db.get(), std::string("SELECT count(*) FROM ") + table + " WHERE assured_date < ?");
        st.bind(1, cutoff);
        return st.step() ? st.integer(0) : 0;
    };
    return ReviewDue{count("service"), count("organization")};
}

// --- the "report a mistake" link ----------------------------------------------------

std::string correction_link(std::string_view url, std::string_view service_id, std::string_view bundle_version) {
    if (url.empty()) return {};
    auto encode = [](std::string_view v) {
        static const char* hex = "0123456789ABCDEF";
        std::string out;
        for (unsigned char c : v) {
            if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
            else {
                out += '%';
                out += hex[c >> 4];
                out += hex[c & 15];
            }
        }
        return out;
    };
    // Query parameters go before a fragment (RFC 3986 §3: …?query#fragment).
    const size_t hash = url.find('#');
    const std::string_view base = url.substr(0, hash);
    const std::string_view fragment = hash == std::string_view::npos ? std::string_view() : url.substr(hash);
    std::string out(base);
    if (base.find('?') == std::string_view::npos) out += '?';
    else if (base.back() != '?' && base.back() != '&') out += '&';
    out += "service=" + encode(service_id) + "&bundle=" + encode(bundle_version);
    out += fragment;
    return out;
}

}  // namespace madoguchi::core
