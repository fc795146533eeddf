// SPDX-License-Identifier: Apache-2.0
// bundle_loader.cpp — see bundle_loader.hpp.
//
// Index
//   - read_private            a candidate file into memory, capped, never following links
//   - BundleLoader()          keys, store, recovery
//   - open_initial / start
//   - worker / examine / run  the worker thread
//   - pump                    the main thread's step
//   - write_status            the fleet status file (worker only)
#include "madoguchi/base/start_trace.hpp"
#include "bundle_loader.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>

#include "madoguchi/base/quiet_thread.hpp"
#include "madoguchi/base/read_file.hpp"
#include "madoguchi/platform/folder_watch.hpp"

namespace madoguchi::app {
namespace {

constexpr size_t kDefaultMaxBundleBytes = (512ull << 20) + (64 << 10);  // as StoreOptions

struct ReadResult {
    bool ok = false;
    std::vector<uint8_t> bytes;
    std::string error;  // plain words
    long long size = 0, mtime_ns = 0, ino = 0;
};

// A candidate file, read privately (base::read_file: no symbolic link
// followed, no blocking on a FIFO, a regular file only, read once with a cap)
// and its identity; `identity_only`: opened and looked at, not read. The file
// is never written, moved or removed. The words are the admin screen's: the
// file's name is shown beside them, so they do not repeat it.
ReadResult read_private(const std::string& path, size_t cap, bool identity_only = false) {
    ReadResult r;
    const base::ReadFileResult rd = identity_only ? base::file_identity(path) : base::read_file(path, cap, r.bytes);
    r.size = rd.identity.size;
    r.mtime_ns = rd.identity.mtime_ns;
    r.ino = rd.identity.inode;
    switch (rd.failure) {
        case base::ReadFailure::none: r.ok = true; break;
        case base::ReadFailure::symlink: r.error = "it is a symbolic link"; break;
        case base::ReadFailure::cannot_open: r.error = std::string("it cannot be opened (") + std::strerror(rd.error_number) + ")"; break;
        case base::ReadFailure::not_regular: r.error = "it is not a regular file"; break;
        case base::ReadFailure::too_large:
            r.error = "the file is " + std::to_string(rd.identity.size >> 20) + " MiB, more than a bundle may be (" + std::to_string(cap >> 20) + " MiB)";
            break;
        case base::ReadFailure::cannot_read: r.error = "it cannot be read (the stick may have been pulled out)"; break;
        case base::ReadFailure::grew: r.error = "the file grew beyond the size a bundle may be while it was read"; break;
    }
    return r;
}

// Whether the kiosk's user can use the store folder at all, before the store
// is opened. Why here: BundleStore::recover() would try to make the folders it
// cannot see and report "cannot make …/bundles: permission denied", and the
// kiosk would then say "no bundle is installed" — both wrong and no help to
// staff. The usual cause is a store written by root (the kiosk or
// `madoguchi-bundle` once run as root; the kiosk's umask 077 makes what it
// writes private) while the kiosk runs as its own user. Returns "" when the folder is usable or does not exist yet
// (recover() makes it); `fatal` says the store cannot be read at all;
// otherwise the problem only stops installs.
std::string store_access_problem(const std::string& dir, bool* fatal) {
    *fatal = true;
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0) {
        const int e = errno;
        if (e == ENOENT) return {};
        return "bundle store " + dir + " cannot be reached (" + std::strerror(e) + ")";
    }
    if (!S_ISDIR(st.st_mode)) return "bundle store " + dir + " is not a folder";
    // errno of faccessat for the kiosk's effective user, 0 when allowed.
    auto denied = [](const std::string& path, int mode) {
        return ::faccessat(AT_FDCWD, path.c_str(), mode, AT_EACCESS) == 0 ? 0 : errno;
    };
    // Named only when something is wrong (getpwuid may ask NSS).
    auto user = [] {
        const struct passwd* pw = ::getpwuid(::geteuid());
        return pw && pw->pw_name ? std::string(pw->pw_name) : std::to_string(::geteuid());
    };
    auto fix = [&] { return "; it must belong to that user (as root: chown -R " + user() + ": " + dir + ")"; };
    if (const int e = denied(dir, R_OK | X_OK))
        return "bundle store " + dir + " cannot be read by the kiosk's user " + user() + " (" + std::strerror(e) + ")" + fix();
    // The bundle shown lives below current/; a store readable at the top but not
    // below (an install made by root into a store of the kiosk's user) is as bad.
    const std::string current = dir + "/current";  // a symbolic link into bundles/
    struct stat link;
    if (::lstat(current.c_str(), &link) == 0) {
        const int e = denied(current, R_OK | X_OK);
        if (e != 0 && e != ENOENT)  // ENOENT: a dangling link, which recover() and verified_current() explain
            return "bundle store " + dir + ": the installed bundle (current) cannot be read by the kiosk's user " + user() + " (" +
                   std::strerror(e) + ")" + fix();
    }
    *fatal = false;
    if (const int e = denied(dir, W_OK))
        return "bundle store " + dir + " cannot be written by the kiosk's user " + user() + " (" + std::strerror(e) +
               "): the bundle installed is shown, new bundles cannot be installed" + fix();
    return {};
}

}  // namespace

// --- opening -----------------------------------------------------------------------

BundleLoader::BundleLoader(BundleLoaderOptions options) : options_(std::move(options)) { open_store(); }

// Keys, store and recovery: the constructor's work, and trust_keys()'s again.
void BundleLoader::open_store() {
    if (!options_.status_file.empty()) {
        char host[256] = {};
        if (::gethostname(host, sizeof host - 1) == 0) hostname_ = host;
    }
    for (const auto& path : options_.trusted_keys) {
        std::string err;
        if (auto k = core::load_trusted_key(path, &err)) keys_.push_back(std::move(*k));
        else open_problems_.push_back("trusted key " + path + ": " + err);
    }
    if (options_.store.empty()) {
        if (options_.development_catalogue.empty()) open_problems_.push_back("no bundle store is configured ([bundle] store)");
    } else if (keys_.empty()) {
        open_problems_.push_back("no trusted public key could be read ([bundle] trusted_keys), so no bundle can be shown or installed");
    } else {
        bool fatal = false;
        const std::string access = store_access_problem(options_.store, &fatal);
        if (!access.empty()) open_problems_.push_back(access);
        if (fatal) {
            store_unusable_ = access;  // no store: nothing to show, nothing to install into
        } else {
            core::StoreOptions so;
            so.dir = options_.store;
            so.trusted = keys_;
            try {
                store_ = std::make_unique<core::BundleStore>(std::move(so));
                core::RecoverResult rr = store_->recover();
                recovery_actions_ = std::move(rr.actions);
                for (auto& p : rr.problems) open_problems_.push_back("bundle store " + options_.store + ": " + p);
            } catch (const std::exception& e) {
                store_.reset();
                open_problems_.push_back("bundle store " + options_.store + ": " + e.what());
            }
        }
    }
    view_.store_dir = options_.store;
    view_.development_catalogue = options_.development_catalogue;
    view_.problems = open_problems_;
}

BundleLoader::~BundleLoader() { stop_worker(); }

void BundleLoader::stop_worker() {
    {
        std::lock_guard lk(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (watcher_) watcher_->interrupt();
    if (thread_.joinable()) thread_.join();
}

// Staff chose the publisher's key on the setup screens (setup_link.hpp): as if
// the kiosk had started again with it. Why a restart and not a key added to
// the running store: the store, the watcher and every candidate's verdict were
// made with the old keys (a bundle refused as "not signed by a trusted key" a
// minute ago may be the very one to install now), and the start-up path is the
// one that is tested at every fault point. The catalogue on screen stays until
// the worker's first check hands over its verdict under the new keys (pump()).
// Main thread, between sessions (the setup screens are up).
void BundleLoader::trust_keys(std::vector<std::string> key_files) {
    stop_worker();
    watcher_.reset();
    store_.reset();
    options_.trusted_keys = std::move(key_files);
    keys_.clear();
    open_problems_.clear();
    recovery_actions_.clear();
    store_unusable_.clear();
    store_status_ = {};
    {
        std::lock_guard lk(mutex_);
        stop_ = false;
        commands_.clear();
        queued_.reset();
        ready_.reset();
        initial_.reset();
        seen_.clear();  // every file on the sticks is looked at again, with the new keys
        std::vector<std::string> protections = std::move(view_.protections);
        view_ = {};
        view_.protections = std::move(protections);
        ++generation_;
    }
    initial_pending_ = initial_by_worker_ = false;
    initial_error_.clear();
    open_store();
    for (const auto& a : recovery_actions_) std::fprintf(stderr, "madoguchi: bundle store: %s\n", a.c_str());
    for (const auto& p : open_problems_) std::fprintf(stderr, "madoguchi: %s\n", p.c_str());
    if (store_ && options_.development_catalogue.empty()) initial_by_worker_ = initial_pending_ = true;
    else if (!store_) refresh_status_locked_out();
    start();
}

std::vector<std::string> BundleLoader::problems() const {
    std::lock_guard lk(mutex_);
    return view_.problems;
}

void BundleLoader::set_protections(std::vector<std::string> lines) {
    std::lock_guard lk(mutex_);
    view_.protections = std::move(lines);
}

ui::AdminView BundleLoader::view() const {
    std::lock_guard lk(mutex_);
    return view_;
}

const core::Catalogue* BundleLoader::open_initial(std::string* error) {
    std::string err;
    if (!options_.development_catalogue.empty()) {
        shown_ = core::Catalogue::open(options_.development_catalogue, &err);
    } else if (store_) {
        // Verified and opened by the worker as its first step (check_initial):
        // the signature over the whole file and the quick_check are most of
        // the kiosk's start (0.2 s at 20,000 services), and the attract
        // screen, which needs no catalogue, can be on screen meanwhile.
        initial_by_worker_ = initial_pending_ = true;
        return nullptr;
    } else {
        err = !store_unusable_.empty() ? store_unusable_
              : open_problems_.empty() ? "no bundle store is configured"
                                       : open_problems_.front();
    }
    if (!shown_ && error) *error = err;
    // What the admin screen lists (current and previous bundle, floor) is read
    // by the worker as its first step, not here: store_->status() verifies each
    // installed bundle again (signature, quick_check) — 0.2 s at 20,000
    // services before the first frame (docs/performance.md). Without a worker
    // (no store) there is nothing to read.
    if (!store_) refresh_status_locked_out();
    return shown_.get();
}

void BundleLoader::start() {
    if (thread_.joinable()) return;
    if (!store_) {
        // Nothing to watch or install, but the fleet should still learn why
        // this kiosk shows nothing (the problems): written once, off the UI thread.
        if (!options_.status_file.empty()) thread_ = base::start_quiet_thread([this] { write_status(); });
        return;
    }
    if (!options_.watch.empty()) {
        std::string err;
        platform::FolderWatchOptions wo;
        wo.folders = options_.watch;
        watcher_ = platform::FolderWatcher::open(wo, &err);
        if (!watcher_) {
            std::lock_guard lk(mutex_);
            view_.problems.push_back("watched folders: " + err);
            ++generation_;
        }
    }
    thread_ = base::start_quiet_thread([this] { worker(); });
}

// --- the worker thread ---------------------------------------------------------------

void BundleLoader::check_initial() {
    std::string err;
    std::unique_ptr<core::Catalogue> opened;
    start_trace::mark("(bundle worker) checking the store's bundle");
    const std::optional<core::InstalledBundle> cur = store_->verified_current(&err, &opened);
    start_trace::mark("(bundle worker) the store's bundle verified and opened");
    {
        std::lock_guard lk(mutex_);
        initial_ = Initial{std::move(opened), cur ? std::string() : err};
    }
    if (options_.wake) options_.wake();
    // The admin screen's view, without checking the current bundle a second time.
    refresh_status_locked_out(cur ? &*cur : nullptr);
}

void BundleLoader::refresh_status_locked_out(const core::InstalledBundle* current_known) {
    if (!store_) return;
    core::StoreStatus st = store_->status(current_known);
    if (!options_.status_file.empty()) store_status_ = st;  // what the status file says until the next refresh
    std::lock_guard lk(mutex_);
    view_.current = std::move(st.current);
    view_.previous = std::move(st.previous);
    view_.floor = st.floor;
    view_.problems = open_problems_;
    for (auto& p : st.problems) view_.problems.push_back("bundle store: " + p);
    if (!status_problem_.empty()) view_.problems.push_back(status_problem_);
    ++generation_;
}

int BundleLoader::ms_to_beat() const {
    if (options_.status_file.empty()) return -1;
    using namespace std::chrono;
    const long long now_ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    const long long wait = static_cast<long long>(next_beat_) * 1000 - now_ms;
    return static_cast<int>(std::clamp(wait, 0LL, static_cast<long long>(INT_MAX)));
}

ui::AdminCandidate* BundleLoader::candidate_locked(const std::string& file) {
    for (auto& c : view_.candidates)
        if (c.file == file) return &c;
    return nullptr;
}

void BundleLoader::set_candidate(const std::string& file, ui::AdminCandidate::State state, long long version, std::string publisher,
                                 std::string message) {
    {
        std::lock_guard lk(mutex_);
        ui::AdminCandidate* c = candidate_locked(file);
        if (!c) {
            view_.candidates.push_back({});
            c = &view_.candidates.back();
            c->file = file;
        }
        c->state = state;
        c->version = version;
        c->publisher = std::move(publisher);
        c->message = std::move(message);
        ++generation_;
    }
    if (options_.wake) options_.wake();
}

void BundleLoader::worker() {
    // Deferred from open_initial: off the first frame's path.
    if (initial_by_worker_) check_initial();
    else refresh_status_locked_out();
    // The status file: now (the kiosk started), then on every beat.
    auto beat = [this] {
        if (options_.status_file.empty()) return;
        const std::time_t now = std::time(nullptr);
        if (next_beat_ != 0 && now < next_beat_) return;
        write_status();
        next_beat_ = core::next_status_beat(now, options_.status_interval_seconds);
    };
    beat();
    bool first = true;
    for (;;) {
        beat();
        Command cmd;
        bool have = false;
        {
            std::unique_lock lk(mutex_);
            if (!watcher_) {
                auto ready = [&] { return stop_ || !commands_.empty(); };
                const int ms = ms_to_beat();
                if (ms < 0) cv_.wait(lk, ready);
                else cv_.wait_for(lk, std::chrono::milliseconds(ms), ready);
            }
            if (stop_) return;
            if (!commands_.empty()) {
                cmd = std::move(commands_.front());
                commands_.pop_front();
                have = true;
            }
        }
        if (have) {
            run(cmd);
            continue;
        }
        if (!watcher_) continue;  // woken for the beat
        // The first call returns what is already there; later ones wait for
        // inotify, a mount, interrupt() (a command, or stopping) or the beat.
        const std::vector<std::string> files = watcher_->poll(first ? 0 : ms_to_beat());
        first = false;
        for (const auto& f : files) {
            {
                std::lock_guard lk(mutex_);
                if (stop_) return;
            }
            examine(f);
        }
        std::vector<std::string> notes = watcher_->notes();
        bool notes_changed = false;
        {
            std::lock_guard lk(mutex_);
            if (notes != view_.watch_notes) {
                view_.watch_notes = std::move(notes);
                ++generation_;
                notes_changed = true;
            }
        }
        if (notes_changed && options_.wake) options_.wake();
    }
}

void BundleLoader::examine(const std::string& file) {
    using State = ui::AdminCandidate::State;
    const size_t cap = store_->options().max_bundle_bytes ? store_->options().max_bundle_bytes : kDefaultMaxBundleBytes;
    // The same file again (a rescan after a mount, a touch): nothing new to say.
    ReadResult id = read_private(file, cap, true);
    if (id.ok) {
        std::lock_guard lk(mutex_);
        for (const auto& s : seen_)
            if (s.file == file && s.size == id.size && s.mtime_ns == id.mtime_ns && s.ino == id.ino) return;
    }
    set_candidate(file, State::checking, 0, {}, {});
    ReadResult r = read_private(file, cap);
    auto remember = [&] {
        std::lock_guard lk(mutex_);
        std::erase_if(seen_, [&](const Seen& s) { return s.file == file; });
        seen_.push_back({file, r.size, r.mtime_ns, r.ino});
    };
    // Refusals go to the admin log too (admin events: a file name and a reason).
    // Refusals and "waiting" are written to the status file at once: the
    // moment a file is found says nothing about visitors.
    auto attempt = [&](const char* outcome, long long version, const std::string& publisher, const std::string& why) {
        last_attempt_ = core::FleetAttempt{outcome, file, version, publisher, why, core::fleet_utc_time(std::time(nullptr))};
        write_status();
    };
    auto refuse = [&](long long version, const std::string& publisher, const std::string& why) {
        set_candidate(file, State::refused, version, publisher, why);
        store_->log_admin_event("refused " + file + ": " + why);
        remember();
        attempt("refused", version, publisher, why);
    };
    if (!r.ok) {
        refuse(0, {}, r.error);
        return;
    }
    const core::BundleCheck check = core::check_bundle_bytes(std::move(r.bytes), keys_, 0);  // kept, not copied (issue 22)
    if (!check.ok) {
        refuse(0, {}, check.reason);
        return;
    }
    r.bytes = {};  // what was verified is in check.verified now
    const core::BundleManifest& m = check.manifest;
    const long long floor = store_->floor();
    if (m.version <= floor) {
        // Rare (the same stick again). The installed bundle as the worker last
        // listed it (verified then: the store changes only through this
        // worker, which lists it again after every change), not verified again.
        bool same = false;
        {
            std::lock_guard lk(mutex_);
            same = view_.current && view_.current->manifest.version == m.version && view_.current->manifest.key_id_hex == m.key_id_hex;
        }
        if (same) {
            set_candidate(file, State::already_installed, m.version, m.publisher, {});
            remember();
        } else {
            refuse(m.version, m.publisher, core::not_newer_reason(m.version, floor));
        }
        return;
    }
    // Valid and newer: queued (only the newest one found; an older one waits for nothing).
    std::string superseded_file;
    bool queued = false;
    {
        std::lock_guard lk(mutex_);
        if (queued_ && queued_->version >= m.version && queued_->file != file) {
            // keep the newer one queued
        } else {
            if (queued_ && queued_->file != file) superseded_file = queued_->file;
            queued_ = Queued{check.verified, file, m.version, m.publisher, std::time(nullptr)};
            queued = true;
        }
    }
    if (queued) {
        set_candidate(file, State::queued, m.version, m.publisher, {});
        attempt("waiting", m.version, m.publisher, "installed when nobody is using the kiosk");
        if (!superseded_file.empty()) {
            std::lock_guard lk(mutex_);
            if (auto* c = candidate_locked(superseded_file)) c->state = State::superseded;
            ++generation_;
        }
    } else {
        set_candidate(file, State::superseded, m.version, m.publisher, {});
    }
    remember();
}

void BundleLoader::run(const Command& c) {
    using State = ui::AdminCandidate::State;
    auto progress = [this](int step, int steps, const std::string& what) {
        {
            std::lock_guard lk(mutex_);
            view_.step = step;
            view_.steps = steps;
            view_.step_what = what;
            ++generation_;
        }
        if (options_.wake) options_.wake();
    };
    {
        std::lock_guard lk(mutex_);
        view_.busy = true;
        view_.step = 0;
        view_.steps = 0;
        view_.step_what.clear();
    }
    std::optional<Ready> ready;
    std::string message;
    std::optional<core::FleetAttempt> outcome;
    std::optional<core::InstalledBundle> now_current;  // verified by the install or rollback: listed without checking again
    if (c.kind == Command::Kind::rollback) {
        std::unique_ptr<core::Catalogue> opened;  // rollback() checks and opens it: shown as it is, not opened again
        const core::InstallResult r = store_->rollback(&opened);
        message = r.message;
        outcome = core::FleetAttempt{core::fleet_rollback_outcome(r.outcome), {}, 0, {}, r.message,
                                     core::fleet_utc_time(std::time(nullptr))};
        if (r.ok() && r.installed) {
            ready = Ready{std::move(opened), {}, r.installed->manifest.version};
            now_current = r.installed;
        }
    } else {
        std::optional<Queued> q;
        std::string file = c.file;
        {
            std::lock_guard lk(mutex_);
            if (queued_ && (c.kind == Command::Kind::install_queued || queued_->file == c.file)) {
                q = std::move(queued_);
                queued_.reset();
                file = q->file;
            }
        }
        if (file.empty()) {
            std::lock_guard lk(mutex_);
            view_.busy = false;
            ++generation_;
            return;
        }
        long long version = 0;
        std::string publisher;
        {
            std::lock_guard lk(mutex_);
            if (auto* cand = candidate_locked(file)) {
                cand->state = State::installing;
                version = cand->version;
                publisher = cand->publisher;
            }
            ++generation_;
        }
        // A queued bundle was verified when it was found; "install now" on a
        // file reads it again (it may have changed) and so checks it again.
        const core::InstallResult r = q ? store_->install_verified(*q->bundle, file, progress) : store_->install(file, progress);
        if (q) q->bundle.reset();  // the private copy is not needed any more
        message = r.message;
        // An install that started by itself (install_queued) waited for the kiosk
        // to be free: its time is when the file was found, not when it ended.
        outcome = core::FleetAttempt{core::fleet_install_outcome(r.outcome), file,
                                     r.ok() && r.installed ? r.installed->manifest.version : version,
                                     r.ok() && r.installed ? r.installed->manifest.publisher : publisher, r.message,
                                     core::fleet_utc_time(q && c.kind == Command::Kind::install_queued ? q->found : std::time(nullptr))};
        if (r.ok() && r.installed) {
            std::string err;
            auto opened = core::Catalogue::open(r.installed->catalogue_path, &err);
            ready = Ready{std::move(opened), err, r.installed->manifest.version};
            now_current = r.installed;
            set_candidate(file, State::installed, r.installed->manifest.version, r.installed->manifest.publisher, r.message);
        } else {
            // The admin screen lists it as not installed: a refusal with its
            // reason (the screen says "refused"), a failure with the store's whole sentence.
            set_candidate(file, State::failed, version, publisher,
                          r.outcome == core::InstallOutcome::refused ? r.reason : r.message);
        }
    }
    refresh_status_locked_out(now_current ? &*now_current : nullptr);
    if (outcome) last_attempt_ = std::move(outcome);
    // Staff's own actions (rollback, "install now") are written at once; an
    // install that began by itself at the next beat (see the header).
    if (c.kind != Command::Kind::install_queued) write_status();
    {
        std::lock_guard lk(mutex_);
        view_.busy = false;
        view_.last_message = message;
        if (ready) ready_ = std::move(ready);
        view_.swap_pending = ready_.has_value();
        ++generation_;
    }
    if (options_.wake) options_.wake();
}

// --- the main thread --------------------------------------------------------------------

bool BundleLoader::pump(ui::KioskUi& ui) {
    bool need_frame = false;
    bool notify = false;
    // The first catalogue, as soon as the worker has checked it — whatever the
    // visitor is doing: the UI had none, so nothing shown so far came from a
    // catalogue and nothing can be mixed up (set_catalogue's "between
    // sessions" is about replacing one). The SQLite connection was opened on
    // the worker; it is used by one thread at a time (the handover is under
    // mutex_), which SQLite allows for a connection opened NOMUTEX.
    if (initial_pending_ && !hold_initial_) {
        std::optional<Initial> got;
        {
            std::lock_guard lk(mutex_);
            got = std::move(initial_);
            initial_.reset();
        }
        if (got) {
            initial_pending_ = false;
            // After trust_keys() a catalogue may be on screen: the UI lets go of
            // it (set_catalogue) before it is destroyed.
            std::unique_ptr<core::Catalogue> before = std::move(shown_);
            shown_ = std::move(got->catalogue);
            initial_error_ = shown_ ? std::string() : got->error;
            if (!shown_) std::fprintf(stderr, "madoguchi: the directory cannot be shown: %s\n", initial_error_.c_str());
            ui.set_catalogue(shown_.get());  // nullptr: the calm "not available" screen
            need_frame = true;
        }
    }
    // What staff asked for on the admin screen.
    while (auto req = ui.take_admin_request()) {
        if (!store_) continue;
        std::lock_guard lk(mutex_);
        if (req->kind == ui::AdminRequest::Kind::rollback) commands_.push_back({Command::Kind::rollback, {}});
        else commands_.push_back({Command::Kind::install_file, req->file});
        view_.busy = true;  // the buttons go at once
        ++generation_;
        notify = true;
    }
    // A valid newer bundle waits for the kiosk to be between sessions.
    if (store_ && ui.between_sessions()) {
        std::lock_guard lk(mutex_);
        if (queued_ && !view_.busy && commands_.empty()) {
            commands_.push_back({Command::Kind::install_queued, {}});
            view_.busy = true;
            ++generation_;
            notify = true;
        }
    }
    if (notify) {
        cv_.notify_one();
        if (watcher_) watcher_->interrupt();
    }
    // A bundle that became current is shown only while STILL between sessions
    // (and after the first one: the worker checks that before any install).
    std::optional<Ready> ready;
    if (ui.between_sessions() && !initial_pending_) {
        std::lock_guard lk(mutex_);
        if (ready_) {
            ready = std::move(ready_);
            ready_.reset();
        }
    }
    if (ready) {
        std::unique_ptr<core::Catalogue> next = std::move(ready->catalogue);  // opened by the worker
        std::lock_guard lk(mutex_);
        if (next) {
            std::unique_ptr<core::Catalogue> old = std::move(shown_);
            shown_ = std::move(next);
            ui.set_catalogue(shown_.get());
            old.reset();  // only now: the UI no longer refers to it
            view_.development_catalogue.clear();  // a verified bundle is shown from now on
        } else {
            view_.problems.push_back("the installed bundle cannot be opened: " + ready->open_error);
        }
        view_.swap_pending = false;
        ++generation_;
        need_frame = true;
    }
    {
        std::lock_guard lk(mutex_);
        if (generation_ != seen_generation_) {
            seen_generation_ = generation_;
            ui.set_admin_view(view_);
            need_frame = true;
        }
    }
    return need_frame;
}

// --- the fleet status file ---------------------------------------------------------------

void BundleLoader::write_status() {
    if (options_.status_file.empty()) return;
    const std::time_t now = std::time(nullptr);
    core::FleetStatus st;
    st.software = std::string("madoguchi ") + MADOGUCHI_VERSION;
    st.kiosk_id = options_.kiosk_id;
    st.hostname = hostname_;
    st.store = options_.store;
    st.current = store_status_.current;
    st.previous = store_status_.previous;
    st.floor = store_status_.floor;
    st.problems = open_problems_;
    for (const auto& p : store_status_.problems) st.problems.push_back("bundle store: " + p);
    st.today = core::fleet_utc_date(now);
    st.last_attempt = last_attempt_;
    st.written_at = core::fleet_utc_time(now);
    std::string err = core::write_fleet_status(options_.status_file, core::fleet_status_json(st));
    if (err == status_problem_) return;
    // Said once when it starts failing (stderr is the journal: admin facts only),
    // and shown on the admin screen until a write works again.
    if (!err.empty()) std::fprintf(stderr, "madoguchi: %s\n", err.c_str());
    {
        std::lock_guard lk(mutex_);
        std::erase(view_.problems, status_problem_);
        if (!err.empty()) view_.problems.push_back(err);
        ++generation_;
    }
    status_problem_ = std::move(err);
    if (options_.wake) options_.wake();
}

}  // namespace madoguchi::app
