// SPDX-License-Identifier: Apache-2.0
// catalogue.hpp — the directory a kiosk shows, read from a catalogue file.
//
// The file may come from a USB stick, so it is opened the way SQLite advises for
// files of uncertain origin: read-only and immutable, defensive mode, untrusted
// schema, cell size checks, and a quick_check before first use; its
// application_id and user_version must say it is a madoguchi catalogue of a
// schema this build knows.
//
// Index
//   - Catalogue::open            open + verify
//   - info()                     metadata and row counts (admin tool `inspect`)
//   - vocabulary()               concern / audience / situation / kind / mode labels
//   - find_services()            browse by concern × audience × … × region, ranked
//   - search()                   free text (readings, kana/width/case variants)
//   - expand()                   the concerns, family, … a query names in everyday words
//   - service()                  everything about one service
//   - guides(), guide()          topic guides
//   - open_state()               "open now" from schedules and holidays, and when next
//   - urgent_services()          the urgent route's lines, open ones first (catalogue_urgent.cpp)
//   - past_review()              records due for another check (admin screen)
//   - correction_link()          the QR payload of "report a mistake" (detail screen)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "madoguchi/core/schedule.hpp"

struct sqlite3;

namespace madoguchi::core {

inline constexpr int32_t kCatalogueApplicationId = 0x4D444743;  // "MDGC"
// The schema `madoguchi-bundle build` writes, and the oldest the kiosk still
// reads. Schema 6 (issue 22) dropped `search_fts`, the FTS5 index nothing had
// read since the search index replaced it (search_index.hpp): 14 MB of a
// 20,000-service catalogue's 50, hashed at every start and copied with every
// bundle. A schema-5 catalogue is read as before; its search_fts stays unread.
inline constexpr int kCatalogueSchemaVersion = 6;
inline constexpr int kOldestReadableCatalogueSchema = 5;
constexpr bool catalogue_schema_readable(long long schema) {
    return schema >= kOldestReadableCatalogueSchema && schema <= kCatalogueSchemaVersion;
}
// "5 to 6": for messages that say which schemas this program reads.
std::string readable_catalogue_schemas();

// Language tags the kiosk knows. "ja" is the text in the tables themselves.
inline constexpr std::string_view kLanguages[] = {"ja", "ja-x-easy", "en", "zh-Hans", "ko", "vi", "pt-BR", "ne", "tl"};

// A text in the requested language; `fallback` is true when there was no
// translation and the Japanese text is shown instead (the kiosk marks it).
// `unreviewed` is true when the text is a translation no speaker has reviewed
// yet; `original` then holds the Japanese, which the kiosk shows one tap away.
// (Set by the detail and guide lookups; lists leave them empty.)
struct LocalizedText {
    std::string text;
    bool fallback = false;
    bool unreviewed = false;
    std::string original;
    friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

struct Term {
    std::string vocabulary, code;
    LocalizedText label;
    int sort = 0;
    friend bool operator==(const Term&, const Term&) = default;
};

struct BundleInfo {
    std::vector<std::pair<std::string, std::string>> meta;  // key, value (sorted by key)
    std::vector<std::pair<std::string, long long>> counts;  // table, rows
    int schema_version = 0;
    std::string meta_value(std::string_view key) const;
};

// Where the kiosk stands. prefecture 0 = no region (every service, e.g. admin tools).
struct Region {
    int prefecture = 0;
    std::string municipality;  // 5-digit JIS X 0402 code, optional
};

// Region tiers, in ranking order (docs/search.md). Every value the catalogue
// computes is named here: the SQL that ranks services yields these numbers.
enum class RegionTier : int {
    municipality = 0,   // serves the kiosk's municipality
    prefecture = 1,     // serves the kiosk's prefecture
    national = 2,       // serves all of Japan (phone, in person)
    online = 3,         // national and reachable only online
    nearby = 4,         // another municipality of the same prefecture
    elsewhere = 5,      // only other prefectures: never browsed; search finds it, after all the others
};

struct ServiceQuery {
    std::string concern;                  // required for browsing; "" = any
    std::string audience;                 // "self": only for the person; "family": family first, then the person's; "" = any
    std::vector<std::string> situations;  // boost, not filter
    std::vector<std::string> kinds;       // any of; empty = all
    std::vector<std::string> modes;       // any of; empty = all
    Region region;
    std::string lang = "ja";
    std::optional<LocalDateTime> now;     // set to compute "open now"
    bool open_now_only = false;           // needs `now`
    bool voice_free_only = false;         // only services with a channel that needs no voice (phones of type ≠ voice)
};

struct OpenState {
    bool has_hours = false;      // any schedule at all
    bool open_now = false;       // in-person opening hours say open
    bool phone_open_now = false; // any phone line's hours say open
    // When any of its hours next begins (now when reachable now; schedule.hpp
    // next_opening), and whether its hours cover the whole coming week
    // (round_the_clock): what a result card and the urgent route show.
    std::optional<LocalDateTime> next_opening;
    bool round_the_clock = false;
    bool reachable_now() const { return open_now || phone_open_now; }
    friend bool operator==(const OpenState&, const OpenState&) = default;
};

// The first way a visitor can reach a service, for its result card: its first
// voice phone (by the data's order), else its website, else its e-mail
// (the service's own, then its organization's); none when the data has none.
struct FirstContact {
    enum class Kind : uint8_t { none, phone, website, email } kind = Kind::none;
    std::string value;  // the number, the URL or the address
    friend bool operator==(const FirstContact&, const FirstContact&) = default;
};

struct ServiceSummary {
    std::string id;
    LocalizedText name;
    std::string name_kana;
    LocalizedText organization;
    std::vector<std::string> kinds, modes;
    std::string cost, anonymous;
    std::string sector;  // the operator: public, nonprofit, private, or "" (not stated)
    RegionTier tier = RegionTier::national;
    int situation_matches = 0;
    bool for_audience = true;       // tagged for the query's audience (false: the person's own service, listed for a family)
    std::optional<OpenState> open;  // set when the query had `now`
    FirstContact contact;
    friend bool operator==(const ServiceSummary&, const ServiceSummary&) = default;
};

// The urgent route's groups, in the order it lists them (docs/kiosk.md, "The
// urgent route"): lines open round the clock, lines open now, lines that open
// later today, and the others (opening another day, or without hours).
enum class UrgentGroup : uint8_t { round_the_clock, open_now, later_today, other };
// Which group a service of the urgent route falls in at `now` (its `open` set
// for that time; a summary without it is `other`).
UrgentGroup urgent_group(const ServiceSummary& s, LocalDateTime now);
// Orders the urgent route's services: by group; within "later today" and
// "other", by when they next open (none last); otherwise as they came
// (find_services' ranking: region, operator, cost, reading). Stable.
void order_urgent(std::vector<ServiceSummary>& services, LocalDateTime now);

// One way to reach a service (phones.csv). `type`: voice, fax, text, video,
// textphone (number and tel_uri set) or line, chat, web_form, email, sns
// (`link` set: a URL, a mail address or a LINE ID). Only voice needs a voice.
struct PhoneInfo {
    std::string id, number, tel_uri, type, link;
    LocalizedText label, note;
    LocalizedText say;  // what to say when you call (phones.csv `say`), "" when the data has none
    std::vector<std::string> hours;  // described rules in the requested language
    bool open_now = false;
    std::vector<ScheduleRule> rules;  // the rules `hours` describes, in the same order (a slip's today and tomorrow: hours_on)
    friend bool operator==(const PhoneInfo&, const PhoneInfo&) = default;
};

struct LocationInfo {
    std::string id;
    LocalizedText name;
    std::string postal_code, prefecture, municipality;  // names in the requested language
    LocalizedText address, accessibility;
    friend bool operator==(const LocationInfo&, const LocationInfo&) = default;
};

struct SourceInfo {
    std::string id, title, url, publisher, checked;
    friend bool operator==(const SourceInfo&, const SourceInfo&) = default;
};

// What happens when you call (service_facts.csv): one fact the operator's or a
// public body's page states. `fact`: anonymous, confidential, police_not_told,
// family_may_call (value yes | no) or call_charge (free | charged). `sources`:
// the pages its evidence cites, in evidence order. A fact no page states is not
// here at all (the kiosk then says nothing about it).
struct ServiceFact {
    std::string id, fact, value;
    LocalizedText note;
    std::vector<SourceInfo> sources;
    friend bool operator==(const ServiceFact&, const ServiceFact&) = default;
};

struct ServiceDetail {
    std::string id;
    LocalizedText name, description, alternate_name, fees_description;
    std::string name_kana;
    std::string organization_id;
    LocalizedText organization, organization_description;
    std::string website, email, organization_website, organization_email;
    std::string cost, anonymous;
    std::string sector;  // the operator: public, nonprofit, private, or "" (not stated)
    std::vector<Term> concerns, audiences, situations, kinds, modes;
    std::vector<std::string> languages;
    std::vector<std::string> areas;  // "全国" / "大阪府" … in the requested language
    std::vector<PhoneInfo> phones;
    std::vector<ServiceFact> facts;  // in service_facts.csv order
    std::vector<std::string> opening_hours;
    std::vector<LocationInfo> locations;
    std::optional<OpenState> open;
    SourceInfo source;
    std::string assured_date;
    std::vector<std::string> guide_ids;
    friend bool operator==(const ServiceDetail&, const ServiceDetail&) = default;
};

// concern: a service of a concern the query names in everyday words
// (expand()), placed after the name matches (docs/search.md, "Ranking").
enum class MatchField : int { name_prefix = 0, name = 1, organization = 2, body = 3, concern = 4 };

struct SearchHit {
    std::string id;
    LocalizedText name;
    LocalizedText organization;
    MatchField matched = MatchField::body;
    RegionTier tier = RegionTier::national;
    friend bool operator==(const SearchHit&, const SearchHit&) = default;
};

struct SearchOptions {
    std::string lang = "ja";
    Region region;
    size_t limit = 50;
};

// What a query names in everyday words (keywords.csv; docs/search.md,
// "Everyday words"): パチンコ → the gambling concern, 息子 → family, 死にたい →
// the urgent route.
struct Expansion {
    // Vocabulary terms, labelled in the requested language, in vocabulary order
    // (concerns, audiences, situations, kinds, modes; each by its sort).
    std::vector<Term> terms;
    bool urgent = false;  // the query asks for the urgent route (「いますぐ話したい」)
    bool empty() const { return terms.empty() && !urgent; }
    friend bool operator==(const Expansion&, const Expansion&) = default;
};

// Records whose facts are due for another check: assured_date more than
// kReviewMonths months before today (docs/kiosk.md, "Admin screen"). Every
// row counts, inactive services too (their status is a fact to check as well).
inline constexpr int kReviewMonths = 6;
struct ReviewDue {
    long long services = 0, organizations = 0;
    long long total() const { return services + organizations; }
};

// The first assured_date that is NOT yet due on `today`: today minus
// kReviewMonths months, the day clamped to the end of a shorter month
// (2027-08-31 → 2027-02-28). A record is due when its date is before this.
CivilDate review_cutoff(CivilDate today);

// What the correction QR code on a detail screen carries (docs/kiosk.md, "Report
// a mistake"): the bundle's correction_url with two query parameters,
// service=<service id>&bundle=<bundle version>, each value percent-encoded
// (RFC 3986: only A-Z a-z 0-9 - . _ ~ stay as they are). Appended with '?', or
// with '&' when the URL already has a query (nothing when it ends in '?' or
// '&'), and before a '#fragment'. Nothing else is ever added: no kiosk id, no
// time, no language, nothing about the visitor. "" when correction_url is "".
std::string correction_link(std::string_view correction_url, std::string_view service_id, std::string_view bundle_version);

struct GuideSummary {
    std::string id;
    LocalizedText title, summary;
};

struct Guide {
    std::string id;
    LocalizedText title, summary, body;
    std::vector<std::string> concerns, situations, service_ids;
    SourceInfo source;
    std::vector<SourceInfo> fact_sources;  // the pages its sentences' marks cite (evidence), in first-cited order
    std::string assured_date;
    friend bool operator==(const Guide&, const Guide&) = default;
};

// How Catalogue::open checks the file; the zero value checks everything.
struct CatalogueOpenOptions {
    // The file's bytes are ones a full open has checked before: an installed
    // bundle whose signature was just verified again (the install opened the
    // same bytes with every check, bundle_store.cpp). SQLite's quick_check
    // reads every page of the file (80 ms at 20,000 services, on the way to
    // the kiosk's first screen) and gives the same answer for the same bytes,
    // so it is not run again; every other check is.
    bool bytes_checked_at_install = false;
};

class Catalogue {
public:
    // Opens and verifies the file. On failure returns nullptr and says why in
    // *error (plain words for an admin).
    static std::unique_ptr<Catalogue> open(const std::string& path, std::string* error, const CatalogueOpenOptions& options = {});
    ~Catalogue();
    Catalogue(const Catalogue&) = delete;
    Catalogue& operator=(const Catalogue&) = delete;

    BundleInfo info() const;
    // What `build` checks in the CSV files, checked in this file (the signed
    // catalogue a kiosk is about to install): every text cell strict UTF-8
    // without NUL and within its length, websites, mails, phone numbers and
    // their tel: links in the form the builder gives them, opening-hours rules
    // well formed, every reference pointing at a row that exists
    // (catalogue_content.cpp). At most `limit` problems, each naming its row;
    // empty when the content is sound.
    std::vector<std::string> content_problems(size_t limit = 5) const;
    // One value of the bundle's metadata ("" when the key is absent), without
    // counting every table as info() does (the kiosk reads correction_url and
    // version this way when it shows a catalogue).
    std::string meta_value(std::string_view key) const;
    // id, name (Japanese) and number of active services, by reading.
    struct OrganizationRow {
        std::string id, name;
        int services = 0;
    };
    std::vector<OrganizationRow> organizations() const;
    std::vector<Term> vocabulary(std::string_view vocabulary, std::string_view lang) const;
    std::vector<ServiceSummary> find_services(const ServiceQuery& query) const;
    // The first call reads the search documents into memory and each new region
    // sorts the services once (docs/search.md, "How it runs"); later calls only
    // visit them. Not for concurrent use from several threads (nor is the rest).
    std::vector<SearchHit> search(std::string_view query, const SearchOptions& options) const;
    // Builds what search() needs for this region now (0.2 s at 20,000 services,
    // 1 s at 100,000), so that the first visitor's first keystroke does not pay
    // it: the kiosk calls it between sessions after showing a catalogue.
    void prepare_search(const Region& region) const;
    // The vocabulary terms and the urgent route the query names in everyday
    // words (keywords of every language; docs/search.md). search() ranks the
    // named concerns' services with the same matching.
    Expansion expand(std::string_view query, std::string_view lang) const;
    std::optional<ServiceDetail> service(std::string_view id, std::string_view lang,
                                         std::optional<LocalDateTime> now = std::nullopt) const;
    std::vector<GuideSummary> guides(std::string_view lang) const;
    std::optional<Guide> guide(std::string_view id, std::string_view lang) const;
    OpenState open_state(std::string_view service_id, LocalDateTime now) const;
    // The urgent route (「いますぐ話したい」): the active services of kind
    // `urgent` the kiosk's region may browse, with their open state at `now`,
    // in order_urgent's order. One query for the list and one per service for
    // its hours: the kiosk calls it when the screen opens, not per frame.
    std::vector<ServiceSummary> urgent_services(const Region& region, LocalDateTime now, std::string_view lang) const;
    bool is_holiday(CivilDate d) const;
    // Services and organizations whose assured_date is before
    // review_cutoff(today). One query per table; the admin screen calls it
    // when it loads its data, never per frame.
    ReviewDue past_review(CivilDate today) const;
    // Frees SQLite's page cache for this connection (the kiosk calls it when a
    // session ends): cached pages hold the rows a visitor looked at. With
    // SQLite's bulk page allocation turned off (Catalogue::open does that
    // before SQLite starts) every page is its own heap block, so the kiosk's
    // wipe-on-free allocator overwrites them. Later queries read pages again.
    void release_memory() const;

private:
    sqlite3* raw_db() const;  // for the checks of catalogue_content.cpp
    struct Impl;
    explicit Catalogue(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::core
