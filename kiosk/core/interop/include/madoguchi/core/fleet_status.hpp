// SPDX-License-Identifier: Apache-2.0
// fleet_status.hpp — the kiosk's status file for fleet admins: which software
// and which bundle a kiosk runs, what became of the last bundle delivered to
// it (docs/fleet.md "The status file").
//
// Why it is built this way:
//   - One small JSON object, so that the tools an admin already has (Syncthing,
//     rsync, Mender's inventory, jq) can carry and read it; nothing to parse
//     on the kiosk's side, it only writes.
//   - Admin facts only. The struct below has no field that could hold anything
//     about visitors: no session, no count, no time of anything a visitor did.
//     The times in it are when the kiosk started, when a bundle file was found,
//     when an admin acted, and when the file was written — and the kiosk writes
//     it only at those moments and on a fixed wall-clock beat
//     (next_status_beat()), never at a moment chosen by a visitor. (An install
//     waits until nobody is using the kiosk: the moment it ends would tell
//     when a visitor left, so it is reported at the next beat, not at once.)
//   - Written atomically (temporary file in the same folder, fsync, rename,
//     fsync of the folder) with mode 0644, so a sync tool running as another
//     user reads either the old file or the new one, never half of one.
//   - Failing to write it costs only the file: the error comes back in plain
//     words and the kiosk goes on.
//
// Index
//   - FleetAttempt, FleetStatus    what the file says
//   - fleet_status_json            struct → JSON text (valid UTF-8 whatever the file names hold)
//   - write_fleet_status           atomic replace, mode 0644
//   - fleet_utc_time, next_status_beat   times, and the beat
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/core/bundle_store.hpp"

namespace madoguchi::core {

// The outcome of the last bundle the kiosk (or `madoguchi-bundle`) dealt with.
struct FleetAttempt {
    // "installed", "refused" (not signed by a trusted key, not newer, broken…),
    // "failed" (the store could not take it: disk full, I/O error),
    // "waiting" (valid and newer, installed when nobody is using the kiosk),
    // "rolled back", "rollback refused".
    std::string outcome;
    std::string file;       // the bundle file as found (path); "" for a rollback
    long long version = 0;  // the bundle's signed version, 0 when unknown
    std::string publisher;  // as signed, "" when unknown
    std::string message;    // plain words: the reason of a refusal, the store's message
    std::string at;         // UTC, YYYY-MM-DDThh:mm:ssZ: when the file was found, or when the admin acted
};

// The words the status file uses for an install's or a rollback's outcome
// (FleetAttempt::outcome), from the store's typed outcome.
const char* fleet_install_outcome(InstallOutcome o);   // "installed", "refused", "failed"
const char* fleet_rollback_outcome(InstallOutcome o);  // "rolled back", "rollback refused"

struct FleetStatus {
    std::string software;   // "madoguchi 0.1.0" / "madoguchi-bundle 0.1.0"
    std::string kiosk_id;   // [fleet] kiosk_id, "" when not set
    std::string hostname;
    std::string store;      // the bundle store folder
    std::optional<InstalledBundle> current, previous;
    long long floor = 0;    // only a greater version is installed
    std::string today;      // UTC date (YYYY-MM-DD) the file was written: a bundle is stale when valid_until < today
    std::vector<std::string> problems;  // the store's problems, in plain words (admin facts)
    std::optional<FleetAttempt> last_attempt;
    std::string written_at;  // UTC, YYYY-MM-DDThh:mm:ssZ
};

// The JSON text (one object, keys in a fixed order, 2-space indented, ending
// in a newline), written with nlohmann/json. Bytes that are not valid UTF-8 (a
// file name on a stick) become U+FFFD (one for each bad byte, or for each cut-off
// sequence), so the text is always valid JSON.
std::string fleet_status_json(const FleetStatus& status);

// Replaces `path` atomically with `text`: `.NAME.tmp` in the same folder,
// written, fsync'ed, renamed over NAME, folder fsync'ed; mode 0644 whatever
// the umask. The folder is made (0755) if it is missing but its parent exists.
// Returns "" on success, else one sentence ("cannot write the status file
// /x/status.json: permission denied"); never throws. A failed write leaves the
// old file as it was and no temporary file behind.
std::string write_fleet_status(const std::string& path, const std::string& text);

// "YYYY-MM-DDThh:mm:ssZ" and "YYYY-MM-DD" of a time, in UTC.
std::string fleet_utc_time(std::time_t t);
std::string fleet_utc_date(std::time_t t);

// The beat: the status is written again at every whole multiple of
// `interval_seconds` of the wall clock (UTC), the same moments on every kiosk.
// The next such moment strictly after `now`.
std::time_t next_status_beat(std::time_t now, int interval_seconds);

}  // namespace madoguchi::core
