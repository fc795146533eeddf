// SPDX-License-Identifier: Apache-2.0
// site_settings.hpp — the settings staff make on the kiosk itself (the
// first-run setup screens, and the same screens later from the admin screen):
// a small TOML file in the kiosk's own state folder, laid over the packaged
// /etc/madoguchi/madoguchi.toml.
//
// Why a second file: the sandbox keeps /etc read-only (and a package upgrade
// owns it), while the kiosk may write its bundle store. So the setup screens
// write `<[bundle] store>/site.toml`, and the kiosk reads /etc first and the
// site file over it, key by key: a key the site file holds wins; every other
// key keeps the /etc value (or the default). The site file may hold only the
// keys the setup screens set (kSiteKeys); any other key in it is refused with
// a `file:line:column` message (a file written from a screen must never move
// the store, the watched folders or the status file).
//
// Why it is safe to write at any moment: the file is replaced as a whole —
// written to `site.toml.tmp` (O_EXCL, 0600), fsync'd, renamed over site.toml,
// and the folder fsync'd. Power cut or kill -9 anywhere: either the old file or
// the new one is read at the next start, never a mix; a `.tmp` left behind is
// removed by the next write and ignored by every read. Each mutating call is a
// numbered fault point (FaultPlan, as bundle_store.hpp), so the tests crash or
// fail at each of them and check that the previous settings stay in force.
//
// Nothing here is about a visitor: these are the staff's settings, and each
// change becomes one admin-log line naming the setting (never a PIN, never its hash).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/bundle_store.hpp"  // FaultPlan, load_trusted_key
#include "madoguchi/core/kiosk_config.hpp"

namespace madoguchi::core {

inline constexpr const char* kSiteSettingsName = "site.toml";  // inside [bundle] store
inline constexpr const char* kSiteKeysFolder = "keys";          // inside [bundle] store: imported *.pub

// "table.key" of every key the site file may hold: [kiosk] prefecture,
// municipality, languages, default_language, idle_seconds, countdown_seconds;
// [screen] layout, large_text; [printer] kind, target, dots; [admin] pin_hash;
// [bundle] trusted_keys.
const std::vector<std::string_view>& site_settings_keys();

std::string site_settings_path(const std::string& store_dir);  // store_dir + "/site.toml"

// The effective config: `base` (what /etc gave) with the site file's keys laid
// over it. A missing site file is normal (found = false, no message); a key
// not in site_settings_keys(), or a bad value, costs that key with a message;
// a file that is not TOML costs the file (base unchanged).
struct SiteLoad {
    KioskConfig config;
    std::vector<std::string> messages;  // "site.toml:line:column: …", for the staff (stderr)
    bool found = false;
};
SiteLoad load_site_settings(const std::string& path, const KioskConfig& base);
SiteLoad parse_site_settings(std::string_view toml_text, const std::string& name, const KioskConfig& base);

// The site file's text for `c`: every site key with c's value, in a fixed
// order, with a comment line saying what wrote it. parse_site_settings of it
// gives c back for every site key.
std::string site_settings_toml(const KioskConfig& c);

// Writes `text` as the site file at `path` atomically (see above). Creates the
// folder (0700, and missing parents) when missing. false + *error (plain
// words: "the disk is full", "input/output error", with the path) when any
// step fails. Up to the rename the previous file is then untouched (and the
// .tmp removed); the rename is the commit point, so when only the folder's
// fsync after it fails the new file is in place and *error says it may not
// survive a power cut. Fault points, in order: mkdir of each missing folder,
// unlink of a stale .tmp (only when one is there), create, write, fsync,
// close, rename, fsync of the folder.
struct SiteWriteOptions {
    FaultPlan fault;  // tests only
};
// Returns true once the rename is done (the commit point), even when the
// folder's fsync after it fails: the new file is then the one in force, and
// *error warns that a power cut could bring the previous one back.
bool write_site_settings(const std::string& path, std::string_view text, std::string* error, const SiteWriteOptions& o = {});

// --- the publisher's key, from a USB stick -------------------------------------
// A *.pub file found in a folder (not in sub-folders), as the setup screen
// lists it: its key id (16 hex digits, as minisign prints it) and its
// untrusted comment, for the person to compare with what their publisher sent.
struct PublisherKeyFile {
    std::string path;
    std::string key_id_hex;  // "" when the file is not a minisign public key
    std::string comment;     // the untrusted comment without "untrusted comment: "
    std::string problem;     // why it cannot be used ("not a minisign public key: …"); "" when usable
    bool demo = false;       // the repository's demo key (its comment says DEMO)
};
// Looks in each folder for *.pub files (at most 64 KiB each, at most 32 per
// folder), sorted by path. Folders that do not exist are skipped quietly.
std::vector<PublisherKeyFile> find_publisher_keys(const std::vector<std::string>& folders);

// Copies the key file into `<store_dir>/keys/<KEYID>.pub` (atomically, as the
// site file) and returns that path; nullopt + *error when the file is not a
// usable key or the copy fails.
std::optional<std::string> import_publisher_key(const std::string& key_file, const std::string& store_dir, std::string* error,
                                                const SiteWriteOptions& o = {});

// --- what changed, for the admin log -------------------------------------------
// One line per site key whose value differs: "setting changed: kiosk.prefecture
// 13 → 27". The PIN hash is never written: "setting changed: admin PIN".
// Trusted keys are named by key id when the file is a key, else by path.
// The caller appends each line with append_admin_log (bundle_store.hpp) to
// the store's admin.log.
std::vector<std::string> describe_setting_changes(const KioskConfig& before, const KioskConfig& after);

// --- when the first-run setup shows ------------------------------------------------
// At start, when there is no site file, no admin PIN in the effective config
// (a fleet that provisions by file sets one) and no development catalogue.
bool needs_first_run_setup(bool site_file_found, const KioskConfig& effective);

}  // namespace madoguchi::core
