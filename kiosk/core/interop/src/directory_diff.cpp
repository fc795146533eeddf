// SPDX-License-Identifier: Apache-2.0
// directory_diff.cpp — a directory as a DirectorySnapshot, from a bundle
// source folder, a catalogue file or a signed bundle, and the differences
// between two snapshots.
//
// Index
//   - text forms        days, times, hours, addresses: one form for both readers
//   - from_source       a checked BundleSource
//   - from_catalogue    SQL over an open catalogue (file or deserialized bundle)
//   - load_snapshot     which of the three a path is
//   - diff_directories  added / removed / status / field by field
//   - summarize_tiers   `inspect`'s counts
#include "madoguchi/core/directory_diff.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "bundle_source.hpp"
#include "madoguchi/core/bundle_file.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/regions.hpp"
#include "madoguchi/core/schedule.hpp"
#include "sqlite_handle.hpp"

namespace madoguchi::core {
namespace {

namespace fs = std::filesystem;

// -- text forms ---------------------------------------------------------------
// Both readers end in these, so a folder and the catalogue built from it give
// the same strings.

// bit 0 = Monday. Runs of three or more days are written as ranges.
std::string days_text(long long stored) {
    ScheduleRule r;
    load_stored_days(r, stored);
    return days_code(r);
}

std::string clock_text(int minutes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

std::string hours_text(const std::string& phone_id, long long days, int opens, int closes, const std::string& holidays,
                       const std::string& valid_from, const std::string& valid_to, const std::string& note) {
    std::string s = phone_id.empty() ? "opening hours: " : "phone " + phone_id + ": ";
    const std::string d = days_text(days);
    if (!d.empty()) s += d + " ";
    s += clock_text(opens) + "-" + clock_text(closes) + ", holidays " + holidays;
    if (!valid_from.empty()) s += ", from " + valid_from;
    if (!valid_to.empty()) s += ", to " + valid_to;
    if (days & kStoredYearEndClosed) s += ", closed 12-29 to 01-03";
    if (!note.empty()) s += ", note: " + note;
    return s;
}

std::string address_text(const std::string& postal_code, int prefecture, const std::string& address) {
    std::string s;
    auto add = [&](const std::string& part) {
        if (!part.empty()) s += (s.empty() ? "" : " ") + part;
    };
    if (!postal_code.empty()) add("〒" + postal_code);
    if (const Prefecture* p = find_prefecture(prefecture)) add(p->name);
    add(address);
    return s;
}

void sort_snapshot(DirectorySnapshot& s) {
    auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(s.organizations.begin(), s.organizations.end(), by_id);
    std::sort(s.services.begin(), s.services.end(), by_id);
    for (auto& svc : s.services) {
        std::sort(svc.phones.begin(), svc.phones.end(),
                  [](const SnapshotPhone& a, const SnapshotPhone& b) { return std::tie(a.sort, a.id) < std::tie(b.sort, b.id); });
        std::sort(svc.schedules.begin(), svc.schedules.end(), by_id);
        std::sort(svc.locations.begin(), svc.locations.end(), by_id);
    }
}

// -- from_source ----------------------------------------------------------------

DirectorySnapshot from_source(const BundleSource& src) {
    DirectorySnapshot out;
    out.kind = "bundle source folder";
    out.meta = src.meta;
    for (const auto& o : src.organizations) out.organizations.push_back({o.id, o.name, o.website, o.email});
    std::map<std::string, const SrcLocation*> locs;
    for (const auto& l : src.locations) locs[l.id] = &l;
    std::map<std::string, size_t> index;
    for (const auto& s : src.services) {
        SnapshotService v{s.id, s.organization_id, s.name, s.status, s.status_note, s.tier, s.website, s.email, {}, {}, {}};
        for (const auto& l : s.locations)
            if (auto it = locs.find(l); it != locs.end())
                v.locations.push_back({l, it->second->name, address_text(it->second->postal_code, it->second->prefecture, it->second->address)});
        index[s.id] = out.services.size();
        out.services.push_back(std::move(v));
    }
    for (const auto& p : src.phones)
        if (auto it = index.find(p.service_id); it != index.end())
            out.services[it->second].phones.push_back({p.id, p.number.empty() ? p.link : p.number, p.type, p.label, p.sort});
    for (const auto& s : src.schedules) {
        auto it = index.find(s.service_id);
        if (it == index.end()) continue;
        const ScheduleRule& r = s.rule;
        out.services[it->second].schedules.push_back(
            {s.id, s.phone_id,
             hours_text(s.phone_id, stored_days(r), r.opens, r.closes, holiday_rule_name(r.holidays),
                        r.valid_from ? format_date(*r.valid_from) : "", r.valid_to ? format_date(*r.valid_to) : "", s.note)});
    }
    sort_snapshot(out);
    return out;
}

// -- from_catalogue ---------------------------------------------------------------

// The checks Catalogue::open makes of a file of uncertain origin, for a
// connection this file opened itself. Throws sql::Error with the reason.
void check_catalogue(sqlite3* db) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 24);
    char* err = nullptr;
    if (sqlite3_exec(db, "PRAGMA temp_store = MEMORY; PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0;", nullptr, nullptr,
                     &err) != SQLITE_OK) {
        std::string m = err ? err : "unknown error";
        sqlite3_free(err);
        throw sql::Error(m);
    }
    sql::Stmt app(db, "PRAGMA application_id");
    if ((app.step() ? app.integer(0) : 0) != kCatalogueApplicationId)
        throw sql::Error("not a madoguchi catalogue (wrong application id)");
    sql::Stmt ver(db, "PRAGMA user_version");
    const long long version = ver.step() ? ver.integer(0) : 0;
    if (!catalogue_schema_readable(version))
        throw sql::Error("catalogue schema " + std::to_string(version) + " is not supported by this program (it reads schemas " +
                         readable_catalogue_schemas() + ")");
    sql::Stmt qc(db, "PRAGMA quick_check");
    const std::string first = qc.step() ? qc.text(0) : "no answer";
    if (first != "ok") throw sql::Error("the file is damaged (" + first + ")");
}

DirectorySnapshot from_catalogue(sqlite3* db, const char* kind) {
    check_catalogue(db);
    DirectorySnapshot out;
    out.kind = kind;
    sql::Stmt m(db, "SELECT key, value FROM bundle_meta");
    while (m.step()) out.meta[m.text(0)] = m.text(1);
    sql::Stmt o(db, "SELECT id, name, website, email FROM organization");
    while (o.step()) out.organizations.push_back({o.text(0), o.text(1), o.text(2), o.text(3)});
    std::map<std::string, size_t> index;
    sql::Stmt s(db, "SELECT id, organization_id, name, status, status_note, directory_tier, website, email FROM service ORDER BY id");
    while (s.step()) {
        index[s.text(0)] = out.services.size();
        out.services.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7), {}, {}, {}});
    }
    sql::Stmt p(db, "SELECT service_id, id, coalesce(number, link), type, label, sort FROM phone");
    while (p.step())
        if (auto it = index.find(p.text(0)); it != index.end())
            out.services[it->second].phones.push_back({p.text(1), p.text(2), p.text(3), p.text(4), static_cast<int>(p.integer(5))});
    sql::Stmt h(db, "SELECT service_id, id, phone_id, days, opens, closes, holidays, valid_from, valid_to, note FROM schedule");
    while (h.step())
        if (auto it = index.find(h.text(0)); it != index.end())
            out.services[it->second].schedules.push_back(
                {h.text(1), h.text(2),
                 hours_text(h.text(2), h.integer(3), static_cast<int>(h.integer(4)), static_cast<int>(h.integer(5)),
                            h.text(6), h.text(7), h.text(8), h.text(9))});
    sql::Stmt l(db,
                "SELECT a.service_id, l.id, l.name, l.postal_code, l.prefecture_code, l.address "
                "FROM service_at_location a JOIN location l ON l.id = a.location_id");
    while (l.step())
        if (auto it = index.find(l.text(0)); it != index.end())
            out.services[it->second].locations.push_back(
                {l.text(1), l.text(2), address_text(l.text(3), static_cast<int>(l.integer(4)), l.text(5))});
    sort_snapshot(out);
    return out;
}

// -- load_snapshot ----------------------------------------------------------------

std::optional<DirectorySnapshot> open_catalogue_file(const std::string& path, std::string* error) {
    // Read-only and immutable, as Catalogue::open: no journal, no lock, no write.
    std::string uri = "file:";
    for (unsigned char c : fs::absolute(path).string()) {
        static const char* hex = "0123456789ABCDEF";
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') uri += static_cast<char>(c);
        else { uri += '%'; uri += hex[c >> 4]; uri += hex[c & 15]; }
    }
    uri += "?mode=ro&immutable=1";
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    sql::Db db(raw);
    if (rc != SQLITE_OK) {
        if (error) *error = path + ": cannot open (" + db.errmsg() + ")";
        return std::nullopt;
    }
    try {
        return from_catalogue(db.get(), "catalogue");
    } catch (const sql::Error& e) {
        if (error) *error = path + ": not a valid catalogue (" + e.what() + ")";
    }
    return std::nullopt;
}

std::optional<DirectorySnapshot> open_bundle_file(const std::string& path, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<DirectorySnapshot> {
        if (error) *error = path + ": " + why;
        return std::nullopt;
    };
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return fail("cannot be read");
    std::string why;
    auto bundle = read_bundle_file(bytes, {}, &why);
    if (!bundle) return fail("neither a catalogue nor a bundle (" + why + ")");
    bytes.clear();
    bytes.shrink_to_fit();

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    sql::Db db(raw);
    if (rc != SQLITE_OK) return fail("cannot open an in-memory database");
    const auto size = static_cast<sqlite3_int64>(bundle->catalogue.size());
    auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size ? size : 1)));
    if (!buf) return fail("out of memory reading the bundle's catalogue");
    if (size) std::memcpy(buf, bundle->catalogue.data(), static_cast<size_t>(size));
    // FREEONCLOSE: SQLite owns buf from here, also when this fails.
    if (sqlite3_deserialize(db.get(), "main", buf, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
        return fail("the bundle's catalogue cannot be opened (" + db.errmsg() + ")");
    try {
        return from_catalogue(db.get(), "signed bundle (signature not checked)");
    } catch (const sql::Error& e) {
        return fail(std::string("the bundle's catalogue is not valid (") + e.what() + ")");
    }
}

// -- diff_directories ---------------------------------------------------------------

template <class T>
std::map<std::string, const T*> by_id(const std::vector<T>& v) {
    std::map<std::string, const T*> m;
    for (const auto& x : v) m[x.id] = &x;
    return m;
}

void compare(std::vector<ValueChange>& out, const std::string& what, const std::string& a, const std::string& b) {
    if (a != b) out.push_back({what, a, b});
}

std::string phone_text(const SnapshotPhone& p) {
    return p.number + " (" + p.type + (p.label.empty() ? "" : ", " + p.label) + ")";
}

std::string location_text(const SnapshotLocation& l) { return l.name.empty() ? l.address : l.name + ": " + l.address; }

// Things with ids inside a service: those in NEW in NEW's order, then those only in OLD.
template <class T, class Both, class Whole>
void compare_parts(std::vector<ValueChange>& out, const std::vector<T>& a, const std::vector<T>& b, const std::string& label,
                   Both both, Whole whole) {
    auto old_by_id = by_id(a);
    auto new_by_id = by_id(b);
    for (const T& n : b) {
        auto it = old_by_id.find(n.id);
        if (it == old_by_id.end()) out.push_back({label + " " + n.id, "", whole(n)});
        else both(*it->second, n);
    }
    for (const T& o : a)
        if (!new_by_id.count(o.id)) out.push_back({label + " " + o.id, whole(o), ""});
}

std::vector<ValueChange> service_changes(const SnapshotService& a, const SnapshotService& b) {
    std::vector<ValueChange> c;
    compare(c, "name", a.name, b.name);
    if (a.status == b.status) compare(c, "status note", a.status_note, b.status_note);
    compare(c, "website", a.website, b.website);
    compare(c, "e-mail", a.email, b.email);
    compare_parts(
        c, a.phones, b.phones, "phone",
        [&](const SnapshotPhone& o, const SnapshotPhone& n) {
            compare(c, "phone " + n.id + " number", o.number, n.number);
            compare(c, "phone " + n.id + " type", o.type, n.type);
            compare(c, "phone " + n.id + " label", o.label, n.label);
        },
        phone_text);
    compare_parts(
        c, a.schedules, b.schedules, "hours",
        [&](const SnapshotSchedule& o, const SnapshotSchedule& n) { compare(c, "hours " + n.id, o.hours, n.hours); },
        [](const SnapshotSchedule& s) { return s.hours; });
    compare_parts(
        c, a.locations, b.locations, "location",
        [&](const SnapshotLocation& o, const SnapshotLocation& n) { compare(c, "location " + n.id + " address", o.address, n.address); },
        location_text);
    return c;
}

}  // namespace

std::optional<DirectorySnapshot> load_snapshot(const std::string& path, std::string* error, Diagnostics* diags) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        BundleSource src;
        Diagnostics local;
        Diagnostics& d = diags ? *diags : local;
        const size_t before = d.size();
        if (!load_bundle_source(path, src, d)) {
            const size_t n = d.size() - before;
            if (error)
                *error = path + ": the bundle source has " + std::to_string(n) + (n == 1 ? " problem" : " problems") +
                         " (see `madoguchi-bundle check`)";
            return std::nullopt;
        }
        return from_source(src);
    }
    if (!fs::is_regular_file(path, ec)) {
        if (error) *error = path + ": no such file or folder";
        return std::nullopt;
    }
    char head[16] = {};
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            if (error) *error = path + ": cannot be read";
            return std::nullopt;
        }
        in.read(head, sizeof head);
    }
    if (std::memcmp(head, "SQLite format 3", 16) == 0) return open_catalogue_file(path, error);
    return open_bundle_file(path, error);
}

DirectoryDiff diff_directories(const DirectorySnapshot& a, const DirectorySnapshot& b) {
    DirectoryDiff d;
    for (const char* key : {"title", "publisher", "version", "valid_until", "region", "correction_url"}) {
        auto get = [&](const DirectorySnapshot& s) { return s.meta.count(key) ? s.meta.at(key) : std::string(); };
        compare(d.meta, key, get(a), get(b));
    }

    auto old_orgs = by_id(a.organizations), new_orgs = by_id(b.organizations);
    for (const auto& n : b.organizations) {
        auto it = old_orgs.find(n.id);
        if (it == old_orgs.end()) {
            d.organizations_added.push_back({n.id, n.name});
            continue;
        }
        RecordChanges r{n.id, n.name, {}};
        compare(r.changes, "name", it->second->name, n.name);
        compare(r.changes, "website", it->second->website, n.website);
        compare(r.changes, "e-mail", it->second->email, n.email);
        if (!r.changes.empty()) d.organizations_changed.push_back(std::move(r));
    }
    for (const auto& o : a.organizations)
        if (!new_orgs.count(o.id)) d.organizations_removed.push_back({o.id, o.name});

    auto old_services = by_id(a.services), new_services = by_id(b.services);
    for (const auto& n : b.services) {
        auto it = old_services.find(n.id);
        if (it == old_services.end()) {
            d.services_added.push_back({n.id, n.name});
            continue;
        }
        const SnapshotService& o = *it->second;
        if (o.status != n.status)
            d.status_changed.push_back({n.id, n.name, o.status, n.status, n.status == "inactive" ? n.status_note : o.status_note});
        RecordChanges r{n.id, n.name, service_changes(o, n)};
        if (!r.changes.empty()) d.services_changed.push_back(std::move(r));
    }
    for (const auto& o : a.services)
        if (!new_services.count(o.id)) d.services_removed.push_back({o.id, o.name});
    return d;
}

TierSummary summarize_tiers(const DirectorySnapshot& snapshot) {
    TierSummary t;
    std::map<std::string, TierCount> by_tier;
    for (const auto& s : snapshot.services) {
        TierCount& c = by_tier[s.tier];
        c.tier = s.tier;
        ++c.services;
        if (s.status != "active") continue;
        ++c.active;
        ++t.active;
        if (std::any_of(s.phones.begin(), s.phones.end(), [](const SnapshotPhone& p) { return p.type == "voice"; }))
            ++t.active_with_voice_phone;
    }
    for (const auto& [name, c] : by_tier)
        if (!name.empty()) t.tiers.push_back(c);
    if (by_tier.count("")) t.tiers.push_back(by_tier.at(""));
    return t;
}

}  // namespace madoguchi::core
