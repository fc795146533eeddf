// SPDX-License-Identifier: Apache-2.0
// directory_diff.hpp — what changed between two versions of a directory
// (`madoguchi-bundle diff`, docs/review-and-diff.md), and the per-tier counts
// of `inspect`.
//
// Either side may be a bundle source folder, a built catalogue or a signed
// bundle; each is read into one DirectorySnapshot: the values a visitor sees
// and a second person checks before signing (phones, hours, mail, websites,
// addresses), in one text form whichever file they came from. A bundle's
// catalogue is read from memory (sqlite3_deserialize): no temporary file, and
// its signature is not checked (that is `verify`'s job).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/core/diagnostics.hpp"

namespace madoguchi::core {

struct SnapshotPhone {
    std::string id, number, type, label;
    int sort = 0;
};
struct SnapshotSchedule {
    std::string id, phone_id;
    std::string hours;  // "mon-fri 10:00-17:00, holidays closed[, from …][, to …]"
};
struct SnapshotLocation {
    std::string id, name;
    std::string address;  // "〒530-0001 大阪府 北区1-1" (postal code and prefecture as present)
};
struct SnapshotService {
    std::string id, organization_id, name, status, status_note, tier, website, email;
    std::vector<SnapshotPhone> phones;        // by sort
    std::vector<SnapshotSchedule> schedules;  // by id
    std::vector<SnapshotLocation> locations;  // by id
};
struct SnapshotOrganization {
    std::string id, name, website, email;
};

struct DirectorySnapshot {
    std::string kind;  // "bundle source folder", "catalogue", "signed bundle"
    std::map<std::string, std::string> meta;          // bundle.csv / bundle_meta
    std::vector<SnapshotOrganization> organizations;  // by id
    std::vector<SnapshotService> services;            // by id
};

// Reads `path`: a folder is loaded and checked as `check` does (its problems go
// to `diags`), a file is a catalogue when it starts as SQLite files do, else a
// bundle. nullopt and *error (one sentence naming the path) when it cannot be read.
std::optional<DirectorySnapshot> load_snapshot(const std::string& path, std::string* error, Diagnostics* diags);

// One value that differs: `old_value` or `new_value` is "" when the thing was
// added or removed.
struct ValueChange {
    std::string what, old_value, new_value;
};
struct RecordChanges {
    std::string id, name;  // name as in NEW
    std::vector<ValueChange> changes;
};
struct RecordRef {
    std::string id, name;
};
struct StatusChange {
    std::string id, name, old_status, new_status, note;  // note: NEW's status_note, or OLD's when it became active
};

struct DirectoryDiff {
    std::vector<ValueChange> meta;  // title, publisher, version, valid_until, region, correction_url
    std::vector<RecordRef> services_added, services_removed;  // by id
    std::vector<StatusChange> status_changed;                 // by id
    std::vector<RecordChanges> services_changed;              // by id; changes in a fixed order (below)
    std::vector<RecordRef> organizations_added, organizations_removed;
    std::vector<RecordChanges> organizations_changed;  // name, website, e-mail
    bool empty() const {
        return meta.empty() && services_added.empty() && services_removed.empty() && status_changed.empty() &&
               services_changed.empty() && organizations_added.empty() && organizations_removed.empty() &&
               organizations_changed.empty();
    }
};

// Services in both are compared field by field: name, status note (when the
// status is the same), website, e-mail, then each phone (by id: number, type,
// label; or the whole phone when added or removed), each schedule rule (by id:
// its hours and the phone it belongs to), each location (by id: its address).
DirectoryDiff diff_directories(const DirectorySnapshot& old_snapshot, const DirectorySnapshot& new_snapshot);

// `inspect`: services per directory tier (service.directory_tier; "" = none).
struct TierCount {
    std::string tier;
    int services = 0, active = 0;
};
struct TierSummary {
    std::vector<TierCount> tiers;  // by tier name, "" last
    int active = 0, active_with_voice_phone = 0;
};
TierSummary summarize_tiers(const DirectorySnapshot& snapshot);

}  // namespace madoguchi::core
