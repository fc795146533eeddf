// SPDX-License-Identifier: Apache-2.0
// bundle_store.hpp — the kiosk's bundle store: install a signed bundle, recover
// from an interrupted install, roll back, say what is installed. Shared by the
// admin tool (`madoguchi-bundle install | rollback | status`) and the kiosk.
//
// Why it is built this way: the power may go at any moment and the stick may
// hold anything, so
//   - the bundle is read once, capped, in pieces (nothing on the stick or in
//     the inbox is parsed where it lies, and the source file is never written,
//     moved or removed); each piece of the catalogue is hashed and written to
//     staging/ as it is read, so the bytes hashed are the bytes installed and
//     no second copy of a bundle of hundreds of MiB is held in memory (issue 22);
//   - the signature and trusted comment are checked before any byte of the
//     catalogue is parsed, fsynced or moved out of staging/ (where a refused or
//     failed attempt's copy is removed at once); the catalogue is then opened
//     as Catalogue::open does for files of uncertain origin;
//   - every change on disk goes through StoreFs, whose numbered fault points let
//     the tests crash (kill -9) or fail (ENOSPC, EIO) at each write, fsync,
//     rename and unlink; a failed fsync or rename ends the attempt (never retried);
//   - the switch is one rename() of a symlink, and recover() — run before every
//     install and at kiosk start — is idempotent and finishes or removes
//     whatever an interrupted install left.
//
// Store layout (DIR is [bundle] store in the kiosk config):
//   DIR/bundles/v<version>-<keyid>/catalog.sqlite     one directory per installed bundle
//   DIR/bundles/v<version>-<keyid>/catalog.sqlite.minisig
//   DIR/current  -> bundles/v8-…    symlink: what the kiosk shows
//   DIR/previous -> bundles/v7-…    symlink: what rollback returns to
//   DIR/floor                       highest version ever installed ("8\n"); installs must exceed it
//   DIR/pending                     name of a bundle being switched to (only during an install)
//   DIR/staging/                    private work area, emptied by recover()
//   DIR/admin.log                   admin events (installed, refused, rolled back); never visitors
// The kiosk reads DIR/current/catalog.sqlite.
//
// Index
//   - StoreFs, FaultPlan        the file system layer and its fault points
//   - BundleStore::install      steps 1..5 of docs/bundles.md "Installing"
//   - BundleStore::recover      start-up recovery
//   - BundleStore::rollback     current <-> previous
//   - BundleStore::status       what is installed (admin screen, `status`)
//   - check_bundle_bytes        the checks alone (verify, the watcher's candidates);
//                               VerifiedBundle: what they checked, installed without checking again
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "madoguchi/core/bundle_file.hpp"
#include "madoguchi/core/minisign.hpp"

namespace madoguchi::core {

class Catalogue;

// --- fault points -------------------------------------------------------------
// Every mutating file-system call of the store counts as one step. A FaultPlan
// makes step `at` (1-based) fail with `error` (e.g. ENOSPC, EIO) or, with
// `crash`, kills the process there with SIGKILL before the call happens. The
// zero value injects nothing. Tests only; the kiosk and the admin tool never set one.
struct FaultPlan {
    int at = 0;          // 0: none
    int error = 0;       // errno to fail with (when !crash)
    bool crash = false;  // raise(SIGKILL) instead

    // The fault point before one mutating call; `steps` counts them. False
    // (errno = `error`, or EIO) at step `at`, or the process is killed there
    // with `crash`. The store (StoreFs) and the site file (site_settings.cpp)
    // both step through this one.
    bool step(int& steps) const;
};

// --- what a bundle says of itself ----------------------------------------------
struct BundleManifest {
    long long version = 0;
    int schema = 0;
    std::string created;    // as signed (YYYY-MM-DDThh:mm:ssZ)
    std::string publisher;  // percent-decoded
    std::string trusted_comment;
    std::string key_id_hex;
};

struct InstalledBundle {
    std::string name;            // "v8-5A1C…", the directory under bundles/
    std::string catalogue_path;  // absolute path of its catalog.sqlite
    BundleManifest manifest;
    std::string valid_until;     // from the catalogue's metadata (YYYY-MM-DD), "" if none
    std::string title;           // from the catalogue's metadata (bundle.csv `title`), "" if none
    std::vector<std::pair<std::string, long long>> counts;  // table, rows (as Catalogue::info)
    bool demo_key = false;       // signed with a key whose public key file is marked demo (see TrustedKey)
};

struct TrustedKey {
    MinisignPublicKey key;
    std::string label;      // the file it came from, for messages
    bool demo = false;      // the repository's demo key: the admin screen warns
};

// Reads a public key file; its untrusted comment containing "DEMO" marks a demo key.
std::optional<TrustedKey> load_trusted_key(const std::string& path, std::string* error);

struct StoreOptions {
    std::string dir;                    // the store directory (created if missing)
    std::vector<TrustedKey> trusted;    // at least one
    size_t max_bundle_bytes = 0;        // 0 → 512 MiB + 64 KiB
    FaultPlan fault;                    // tests only
    std::string admin_log;              // "" → DIR/admin.log; "-" → no log
};

// Progress of an install, for the admin screen: step k of n, in plain words.
using InstallProgress = std::function<void(int step, int steps, const std::string& what)>;

// What became of an install or a rollback. Callers (the admin tool's exit
// code, the fleet status file, the admin screen) switch on this, never on the
// words: the words are for people and may change.
enum class InstallOutcome {
    installed,    // install: the bundle is now current
    rolled_back,  // rollback: the previous bundle is now current
    refused,      // the bundle (or rollback) is not acceptable: not signed by a trusted key,
                  // not newer, damaged, no previous bundle…; nothing changed
    failed,       // the store could not do it (disk full, I/O error, the store needs attention);
                  // the message says which bundle is shown
};

struct InstallResult {
    InstallOutcome outcome = InstallOutcome::failed;
    // Plain words without the verdict: why it was refused ("version 2 is not
    // newer than …"), why it failed ("the store needs attention: …", "while
    // writing the catalogue: the disk is full; v7 is still shown"); for an
    // install or rollback that worked, the same as message.
    std::string reason;
    // The whole sentence staff read (stderr, the admin screen, the status
    // file): "installed version 8 from … (…)", "rolled back to v7; …",
    // "refused: <reason>", "failed: <reason>" or "failed while <step>: <why>; v7 is still shown".
    std::string message;
    std::optional<InstalledBundle> installed;  // install / rollback that worked: what is current now
    bool ok() const { return outcome == InstallOutcome::installed || outcome == InstallOutcome::rolled_back; }
};

struct RecoverResult {
    std::vector<std::string> actions;   // what was cleaned or finished, in plain words (empty: nothing to do)
    std::vector<std::string> problems;  // what could not be fixed
};

struct StoreStatus {
    std::optional<InstalledBundle> current, previous;
    long long floor = 0;
    std::vector<std::string> problems;  // e.g. "current points to a missing bundle"
};

class VerifiedBundle;

class BundleStore {
public:
    explicit BundleStore(StoreOptions options);

    // Installs the bundle file at `source_path` (never modified). Runs recover()
    // first. Refuses a version not greater than the floor.
    InstallResult install(const std::string& source_path, const InstallProgress& progress = {});
    // The same for bytes already read privately (tests, and what install() read).
    InstallResult install_bytes(std::span<const uint8_t> bundle, const std::string& source_name,
                                const InstallProgress& progress = {});
    // A bundle check_bundle_bytes verified (the kiosk's watcher checks each
    // candidate when it is found): installed without verifying its signature
    // a second time. Still refused when the floor has moved past its version
    // since, or when it was checked against a key this store does not trust.
    InstallResult install_verified(const VerifiedBundle& bundle, const std::string& source_name,
                                   const InstallProgress& progress = {});

    RecoverResult recover();
    // Makes previous current (and current previous). Does not lower the floor.
    // The bundle gone back to is verified (signature, then Catalogue::open)
    // before the switch; `opened` (optional) receives that catalogue when the
    // rollback worked, and InstallResult::installed says what it is, so that
    // the caller shows and lists it without checking it again.
    InstallResult rollback(std::unique_ptr<Catalogue>* opened = nullptr);
    // Verifies each installed bundle's signature and opens its catalogue (as
    // Catalogue::open does): seconds for a very large catalogue, so the kiosk
    // calls it off the UI thread. `current_known`: what verified_current()
    // returned a moment ago; if `current` still names that bundle it is taken
    // as it is instead of being verified again (an installed bundle's folder
    // never changes: a new version is a new folder).
    StoreStatus status(const InstalledBundle* current_known = nullptr) const;
    // DIR/current/catalog.sqlite after verifying its signature against the
    // trusted keys; nullopt + *error when there is no verified current bundle.
    // `opened` (optional): the Catalogue opened to check it (Catalogue::open:
    // quick_check, schema), handed over so that the caller shows this one
    // rather than opening and checking the same file a second time.
    std::optional<InstalledBundle> verified_current(std::string* error, std::unique_ptr<Catalogue>* opened = nullptr) const;

    // The version floor alone (cheap: one small file), 0 for a new store.
    long long floor() const;
    // Appends one line to the admin log (best effort; never visitor content:
    // callers pass admin events such as a bundle refused by the watcher).
    void log_admin_event(const std::string& line) const;

    const StoreOptions& options() const { return options_; }
    int fault_steps_taken() const { return steps_; }  // tests: how many fault points the last call passed

private:
    RecoverResult recover_impl();  // recover() without resetting the fault-point count
    struct RawSource;              // install / install_bytes: the bundle's bytes, read once in pieces
    // raw (streamed into the store and checked on the way) or verified (checked already): one of the two.
    InstallResult install_impl(RawSource* raw, const VerifiedBundle* verified, const std::string& source_name,
                               const InstallProgress& progress);
    StoreOptions options_;
    mutable int steps_ = 0;
};

// The checks of install steps 1–2 alone (tar, signature, trusted comment,
// version > floor when floor > 0), on bytes in memory. Used by `verify` and to
// list candidates on the admin screen without installing.
struct BundleCheck {
    bool ok = false;
    std::string reason;   // why it is refused, plain words ("" when ok)
    std::string message;  // "refused: <reason>" when !ok, "ok" when ok
    BundleManifest manifest;
    std::shared_ptr<const VerifiedBundle> verified;  // when ok: what was checked, for install_verified
};
BundleCheck check_bundle_bytes(std::span<const uint8_t> bundle, std::span<const TrustedKey> trusted, long long floor);
// The same for bytes the caller gives up (the kiosk's watcher, which read the
// file privately): `verified` keeps them as they are instead of copying the
// catalogue out, so a bundle waiting to be installed costs its size once.
BundleCheck check_bundle_bytes(std::vector<uint8_t>&& bundle, std::span<const TrustedKey> trusted, long long floor);

// The two files of a bundle whose signature and trusted comment
// check_bundle_bytes verified, with what they say. Why it exists: one
// signature check per bundle. The watcher verifies a candidate when it finds
// it and the install comes later (between visitors); handing on the bytes that
// were verified — held here, read-only — means the bytes checked are the
// bytes installed, and they need not be hashed again (a second or more for a
// large catalogue). Only check_bundle_bytes makes one. It holds the bundle
// file as read, once (the catalogue is a part of it, not a copy).
class VerifiedBundle {
public:
    std::span<const uint8_t> catalogue() const { return std::span(bundle_).subspan(catalogue_offset_, catalogue_size_); }
    const std::string& signature() const { return signature_; }
    const BundleManifest& manifest() const { return manifest_; }

private:
    friend BundleCheck check_bundle_bytes(std::span<const uint8_t>, std::span<const TrustedKey>, long long);
    friend BundleCheck check_bundle_bytes(std::vector<uint8_t>&&, std::span<const TrustedKey>, long long);
    VerifiedBundle() = default;
    std::vector<uint8_t> bundle_;
    size_t catalogue_offset_ = 0, catalogue_size_ = 0;
    std::string signature_;
    BundleManifest manifest_;
};

// Appends "<UTC time> <line>" to the admin log at `log_path` (best effort,
// one rotation to .1 at 1 MiB). The one writer of the admin log: the store's
// events (BundleStore::log_admin_event) and the settings changed on the setup
// screens (site_settings.hpp) both come here. Admin events only: never a
// visitor's action, never a PIN or its hash.
void append_admin_log(const std::string& log_path, const std::string& line);

// The refusal of a version at or below the floor, in the words check_bundle_bytes uses.
std::string not_newer_reason(long long version, long long floor);

}  // namespace madoguchi::core
