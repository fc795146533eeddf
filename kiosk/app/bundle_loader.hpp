// SPDX-License-Identifier: Apache-2.0
// bundle_loader.hpp — the kiosk's side of signed bundles: which catalogue is
// shown, bundles arriving in watched folders, installing them between visitor
// sessions, rollback from the admin screen (docs/bundles.md "Loading on the kiosk").
//
// Why it is built this way:
//   - One worker thread owns the BundleStore and the FolderWatcher: reading a
//     bundle off a USB stick, checking its signature and installing it take
//     seconds, and the kiosk must keep drawing (and stay asleep when idle)
//     meanwhile. The worker wakes the main loop through `wake` (the app passes
//     SDL_PushEvent(SDL_USEREVENT), which SDL allows from any thread); nothing polls.
//   - The store's current bundle is verified (signature over the whole file,
//     quick_check) and opened by the worker as its first step, not before the
//     window opens: the attract screen needs no catalogue, so it is on screen
//     while the check runs (docs/performance.md). The Catalogue the check opened
//     is the one shown (checked once), handed to the main thread by pump(). Only
//     the development catalogue (unverified) is opened before the first frame.
//   - The main thread owns the Catalogue on screen. pump(), called from the
//     main loop, decides with the UI: an install starts only when the UI is
//     between sessions (clean attract screen, or the admin screen); the new
//     catalogue is opened and handed to the UI only when it is STILL between
//     sessions — a visitor who started meanwhile keeps the old one until the
//     next attract screen. Then the old catalogue is destroyed.
//   - A candidate is read once, privately, into memory with a size cap, checked
//     (check_bundle_bytes) against the trusted keys and the version floor, and
//     the bytes checked are the bytes installed (install_verified): nothing is
//     parsed where it lies, and its signature is verified once, when it is found.
//   - Nothing here ever sees what a visitor does; the admin screen's view holds
//     only bundle facts.
//   - The fleet status file (fleet_status.hpp, docs/fleet.md) is written by the
//     worker: at its start, when a bundle file is found (refused, or waiting),
//     after what staff did on the admin screen, and on the wall-clock beat. An
//     install that started by itself waited for nobody to be using the kiosk,
//     so its outcome is written at the next beat, not at once: the moment it
//     ended would tell when a visitor left.
//
// Index
//   - BundleLoaderOptions   plain options (zero value: nothing configured)
//   - BundleLoader::open    keys, store, recover(), the catalogue to show first
//   - start                 the worker (the first catalogue, watcher, installs, rollbacks)
//   - pump                  main-thread step: installs between sessions, swaps
//   - write_status          the fleet status file (worker only)
#pragma once

#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/core/bundle_store.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/fleet_status.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"

namespace madoguchi::platform {
class FolderWatcher;
}

namespace madoguchi::app {

struct BundleLoaderOptions {
    std::string store;                      // the bundle store ([bundle] store / --store); "" → no store
    std::vector<std::string> trusted_keys;  // public key files ([bundle] trusted_keys / --pubkey)
    std::vector<std::string> watch;         // watched folders ([bundle] watch / --watch); empty → none
    std::string development_catalogue;      // shown unverified instead of the store's ([bundle] catalogue / --catalogue)
    std::function<void()> wake;             // called from the worker when something changed (thread-safe)
    std::string status_file;                // the fleet status file ([fleet] status_file); "" → none
    std::string kiosk_id;                   // [fleet] kiosk_id, "" → none
    int status_interval_seconds = 0;        // [fleet] status_interval_seconds; 0 → 900
};

class BundleLoader {
public:
    // Loads the keys, opens the store, runs its start-up recovery. Problems are
    // collected in plain words (problems(): for stderr and the admin screen).
    explicit BundleLoader(BundleLoaderOptions options);
    ~BundleLoader();  // stops the worker (an install in progress finishes first)
    BundleLoader(const BundleLoader&) = delete;
    BundleLoader& operator=(const BundleLoader&) = delete;

    // The catalogue to show at start. The development one, if set, is opened
    // here and returned. Otherwise the store's current bundle is verified and
    // opened by the worker (start()) as its first step: this returns nullptr,
    // initial_pending() is true, and pump() hands the UI the catalogue — or
    // nullptr, with initial_error() saying why — as soon as the check is done.
    // nullptr + *error when there is nothing to show at all (no store, no key).
    // Owned by the loader (it replaces it on pump()).
    const core::Catalogue* open_initial(std::string* error);
    // Starts the worker thread (the first catalogue, watching and installing).
    // Safe before the window exists: `wake` may then do nothing, as pump()
    // looks for the first catalogue on every call.
    void start();
    // Main thread: the worker is still checking the first catalogue (the UI
    // shows the attract screen meanwhile, KioskUiDeps::catalogue_pending).
    bool initial_pending() const { return initial_pending_; }
    // Main thread: why the store's current bundle cannot be shown, once the
    // check is done ("" when it is shown or still pending).
    const std::string& initial_error() const { return initial_error_; }
    // Scripts only (`bundle-check hold`): pump() keeps the first catalogue back
    // until released, so that a script can act while it is still pending.
    void hold_initial(bool hold) { hold_initial_ = hold; }

    // Main thread, once per loop turn (and by the script player): hands the UI
    // the admin view when it changed, takes the admin screen's requests, starts
    // a queued install when the UI is between sessions, and shows a newly
    // installed (or rolled back) bundle when the UI is between sessions.
    // Returns true when the UI needs a frame.
    bool pump(ui::KioskUi& ui);

    // Main thread, between sessions: the setup screens saved other trusted keys.
    // The worker stops, the keys are read and the store opened and recovered
    // as at start, and the worker starts again (its first step checks the
    // current bundle under the new keys; pump() hands over the verdict).
    void trust_keys(std::vector<std::string> key_files);

    // Plain-words problems found while opening (keys, store, recovery, watcher).
    std::vector<std::string> problems() const;
    // The process hardening report, shown on the admin screen (set once at start).
    void set_protections(std::vector<std::string> lines);
    // What happened during recovery (also in the store's admin log).
    const std::vector<std::string>& recovery_actions() const { return recovery_actions_; }

    // Scripts and tests: the state as the admin screen would see it.
    ui::AdminView view() const;
    bool has_store() const { return store_ != nullptr; }

private:
    struct Command {
        enum class Kind { install_queued, install_file, rollback } kind;
        std::string file;
    };
    struct Queued {
        // What examine() verified: installed as it is, not verified again.
        std::shared_ptr<const core::VerifiedBundle> bundle;
        std::string file;
        long long version = 0;
        std::string publisher;
        std::time_t found = 0;  // when the file was found: the time the status file gives for its install
    };
    struct Ready {  // a bundle now current in the store, not yet on screen
        // Opened by the worker, as the first catalogue is (pump() explains the
        // handover): the check SQLite does on opening costs a large bundle a
        // quarter of a second, which the UI thread must not spend.
        std::unique_ptr<core::Catalogue> catalogue;  // null: it could not be opened (open_error)
        std::string open_error;
        long long version = 0;
    };
    struct Seen {  // a file already examined, by identity
        std::string file;
        long long size = 0, mtime_ns = 0, ino = 0;
    };

    void open_store();   // keys, store, recovery (the constructor, trust_keys)
    void stop_worker();  // the destructor, trust_keys
    void worker();
    void examine(const std::string& file);
    void run(const Command& c);
    void check_initial();  // the store's current bundle, verified and opened (worker only, first)
    // store.status() → view (worker only); `current_known`: just verified (the
    // first check, an install, a rollback), not verified again.
    void refresh_status_locked_out(const core::InstalledBundle* current_known = nullptr);
    // The fleet status file from the last store status and last_attempt_ (worker only).
    void write_status();
    // Milliseconds until the next beat of the status file (-1: no status file).
    int ms_to_beat() const;
    ui::AdminCandidate* candidate_locked(const std::string& file);
    void set_candidate(const std::string& file, ui::AdminCandidate::State state, long long version, std::string publisher,
                       std::string message);

    BundleLoaderOptions options_;
    std::vector<core::TrustedKey> keys_;
    std::unique_ptr<core::BundleStore> store_;     // touched by the main thread only before start(), then by the worker only
    std::unique_ptr<platform::FolderWatcher> watcher_;
    std::vector<std::string> open_problems_, recovery_actions_;
    std::string store_unusable_;  // why the store cannot be read at all ("" if it can): open_initial's error
    std::string hostname_;

    // Worker only: what the fleet status file says.
    core::StoreStatus store_status_;
    std::optional<core::FleetAttempt> last_attempt_;
    std::time_t next_beat_ = 0;
    std::string status_problem_;  // the last write's error, "" when it worked

    // Main thread only (initial_by_worker_ is set before the worker starts).
    std::unique_ptr<core::Catalogue> shown_;
    uint64_t seen_generation_ = ~0ull;
    bool initial_by_worker_ = false;  // the worker checks the store's current bundle first
    bool initial_pending_ = false;    // … and pump() has not handed it over yet
    bool hold_initial_ = false;
    std::string initial_error_;

    // Shared (mutex_).
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::deque<Command> commands_;
    std::optional<Queued> queued_;
    std::optional<Ready> ready_;
    struct Initial {  // the worker's check of the current bundle at start
        std::unique_ptr<core::Catalogue> catalogue;  // opened by the check; null if it failed
        std::string error;
    };
    std::optional<Initial> initial_;
    ui::AdminView view_;
    uint64_t generation_ = 0;
    std::vector<Seen> seen_;

    std::thread thread_;
};

}  // namespace madoguchi::app
