// SPDX-License-Identifier: Apache-2.0
// folder_watch.cpp — the inotify watcher of the folders where bundles arrive.
// What is promised is in folder_watch.hpp; what admins are told is in
// docs/watching.md ("Where the kiosk looks for bundles").
//
// Index
//   - names              is_candidate_name: which file names count
//   - limits, mask       caps, depth, the one inotify mask every watch uses
//   - helpers            paths, clocks, a file's stamp, owned descriptors
//   - Impl               state: folders by watch descriptor, reported and held-back files
//   - rescan()           everything again: forgetting what is gone, anchors for missing roots
//   - visit()            one folder: watch it, read it, go down
//   - found(), announced(), release_held()   a file seen by a scan / by an event / held back
//   - on_event()         what each inotify event means
//   - poll()             the wait loop: inotify, the wake-up eventfd, the mount table
//
// Why the walk is done with descriptors: a stick may hold symbolic links, and a
// path like /media/usb0/a/b follows a link at "a" even when the last step does
// not. So folders below a configured one are opened one name at a time with
// openat(O_NOFOLLOW | O_DIRECTORY), and the watch is put on the opened folder
// through /proc/self/fd/N, never on a path that could lead elsewhere. No
// descriptor stays open between calls: an open folder would keep the stick from
// being unmounted.
//
// Why whole rescans rather than careful bookkeeping: a rescan costs a directory
// read per watched folder, happens rarely (mounts, folders appearing or moving,
// queue overflow), and rebuilds every path from scratch, so no event order can
// leave a watch under a stale name. Files reported before are remembered by
// (size, modification time), so a rescan repeats nothing that did not change.
#include "madoguchi/platform/folder_watch.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <utility>

#include "madoguchi/base/invariant.hpp"
#include "madoguchi/base/unique_fd.hpp"

namespace madoguchi::platform {

// --- names ------------------------------------------------------------------
// ".bundle" must be the last extension, which already rules out every temporary
// name that tools put after the real one (x.bundle.part, .partial — our own
// admin tool's —, .tmp, .crdownload, .download, .swp, x.bundle~, rclone's
// .partial, Resilio's .!sync). Tools that put a prefix instead hide the file
// (Syncthing's .syncthing.x.bundle.tmp, rsync's .x.bundle.Ab12Cd, Nextcloud's
// .x.bundle.~1a2b, Vim and Emacs) or start with '~' (older Syncthing on Windows
// writes ~syncthing~x.bundle.tmp; Office writes ~$x). Control characters are
// refused so that a name shown on the admin screen is what it looks like.
bool FolderWatcher::is_candidate_name(const std::string& name) {
    static constexpr std::string_view kExt = ".bundle";
    if (name.size() <= kExt.size()) return false;  // "", ".bundle" (hidden anyway)
    if (name[0] == '.' || name[0] == '~') return false;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f || c == '/') return false;
    }
    const size_t at = name.size() - kExt.size();
    for (size_t i = 0; i < kExt.size(); ++i) {
        char c = name[at + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');  // ASCII only: no locale
        if (c != kExt[i]) return false;
    }
    return true;
}

namespace {

// --- limits, mask ---------------------------------------------------------------
// Depth: /media is depth 0, /media/usb0 (usbmount) and /media/<user> depth 1,
// /media/<user>/<LABEL> (udisks) depth 2, so a stick's top level is reached
// whichever way it was mounted; folders on the stick are not looked into.
constexpr int kMaxDepth = 2;
// A hostile stick can hold millions of folders and names; these bound the work
// of one rescan (and the kernel memory of the watches).
constexpr size_t kMaxWatches = 256;
constexpr size_t kMaxEntriesPerFolder = 10000;
// Files found by scans that are remembered at once (reported or held back):
// otherwise 256 × 10,000 empty *.bundle files would be hundreds of megabytes of
// paths, all handed to the installer. Files announced by events are not
// counted against it: events come from writers on this machine, not from a stick.
constexpr size_t kMaxCandidates = 1000;
constexpr int kDefaultSettleMs = 3000;

// Every watch gets the same mask. inotify keeps one watch per inode and a second
// inotify_add_watch replaces its mask, so one mask means a folder that is both
// watched and the anchor of a missing folder never loses events.
//   IN_CLOSE_WRITE, IN_MOVED_TO   a file finished or moved in (the only file events reported)
//   IN_CREATE, IN_MOVED_TO        a folder appeared: watch it (or a missing root may have)
//   IN_DELETE_SELF, IN_MOVE_SELF  a watched folder went away or moved: rescan if it mattered;
//                                 a move always, since every path below it changed
//   IN_EXCL_UNLINK                no events for names already unlinked
// IN_UNMOUNT, IN_IGNORED and IN_Q_OVERFLOW always come.
constexpr uint32_t kMask =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

// --- helpers -----------------------------------------------------------------------
using Clock = std::chrono::steady_clock;

std::string join(const std::string& dir, const std::string& name) {
    return dir == "/" ? "/" + name : dir + "/" + name;
}

std::string errno_text(int e) { return std::strerror(e); }

// What says that a file changed without reading it.
struct Stamp {
    long long size = 0;
    long long mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
};

Stamp stamp_of(const struct stat& st) {
    return {static_cast<long long>(st.st_size),
            static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

long long realtime_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// Milliseconds from now until t, rounded up (so a wait never ends just short of
// t and spins), 0 if past, clamped to int.
int ms_until(Clock::time_point t, Clock::time_point now) {
    if (t <= now) return 0;
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(t - now).count();
    return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

using base::UniqueFd;

// A folder below a configured one, never through a symbolic link.
UniqueFd open_subfolder(int parent_fd, const std::string& name) {
    return UniqueFd(::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

}  // namespace

// --- Impl --------------------------------------------------------------------------
struct FolderWatcher::Impl {
    // One watched inode. A folder is a "content" folder (depth >= 0: files in it
    // count), an anchor (the nearest existing folder above a missing root,
    // watched for the next name on the way down), or both.
    struct Dir {
        std::string path;               // absolute, as reached from its root
        size_t root = 0;                // index in roots
        std::vector<std::string> rel;   // names from the root down (empty for the root)
        int depth = -1;                 // -1: anchor only
        std::set<std::string> anchor_names;
    };
    struct Held {
        Stamp stamp;
        Clock::time_point due;
    };

    UniqueFd inotify_fd, wake_fd, mounts_fd;
    std::vector<std::string> roots;
    std::chrono::milliseconds settle{kDefaultSettleMs};

    std::map<int, Dir> dirs;                      // by watch descriptor
    std::map<std::string, Stamp> reported;        // what was reported, as it was then
    std::map<std::string, Held> held;             // scanned but maybe still being written
    std::set<std::string> outbox;                 // to return from this poll()
    bool rescan_wanted = false;
    bool first_poll = true;
    bool watch_cap_noted = false;
    bool candidate_cap_noted = false;

    std::string mounts_note;                      // kept across rescans
    std::vector<std::string> notes;               // built by poll()
    mutable std::mutex published_mutex;           // notes() runs on other threads
    std::vector<std::string> published;

    void note(std::string text) {
        if (std::find(notes.begin(), notes.end(), text) == notes.end()) notes.push_back(std::move(text));
    }
    void publish_notes() {
        std::lock_guard<std::mutex> lock(published_mutex);
        published = notes;
    }

    // --- rescan() ------------------------------------------------------------------
    void rescan() {
        watch_cap_noted = false;
        candidate_cap_noted = false;
        notes.clear();
        if (!mounts_note.empty()) notes.push_back(mounts_note);
        std::map<int, Dir> old = std::move(dirs);
        dirs.clear();
        forget_gone();

        // Anchors first: they are few (one per missing root) and must not be
        // crowded out by a stick's folders when the watch cap is reached.
        std::vector<std::pair<size_t, UniqueFd>> present;
        for (size_t i = 0; i < roots.size(); ++i) {
            // The configured folder itself may be a link: the admin chose it.
            UniqueFd fd(::open(roots[i].c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            if (fd) {
                present.emplace_back(i, std::move(fd));
            } else if (errno == ENOENT || errno == ENOTDIR) {
                note(roots[i] + ": not there (looked for again when it appears)");
                add_anchor(i);
            } else {
                note(roots[i] + ": cannot be read (" + errno_text(errno) + ")");
            }
        }
        for (auto& [i, fd] : present) visit(fd.get(), roots[i], i, {}, 0);

        // Watches no longer wanted: folders gone, or mounted over (the old watch
        // sees the directory underneath, which nobody can reach any more).
        // inotify_add_watch on the same inode returned the same descriptor, so
        // a folder that is still there kept its watch and lost no event.
        for (const auto& entry : old) {
            if (!dirs.count(entry.first)) inotify_rm_watch(inotify_fd.get(), entry.first);
        }
        publish_notes();
    }

    // Forgets files that are gone, so that a stick taken out and put back in is
    // reported again, and so that they do not count against kMaxCandidates.
    // Done before the walk: when a stick was swapped for another between two
    // polls, the first stick's files must not crowd out the second's.
    void forget_gone() {
        auto gone = [](const std::string& path) {
            struct stat st{};
            return ::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode);
        };
        std::erase_if(reported, [&](const auto& entry) { return gone(entry.first); });
        std::erase_if(held, [&](const auto& entry) { return gone(entry.first); });
    }

    // Watches the nearest existing folder above the missing roots[i] for the next
    // name on the way down; when that name appears, on_event() asks for a rescan,
    // which walks one step further or finds the root.
    void add_anchor(size_t i) {
        std::filesystem::path p = roots[i];
        std::string child;
        for (;;) {
            std::filesystem::path parent = p.parent_path();
            if (parent == p) return;  // "/" is missing: nothing to watch
            child = p.filename().string();
            p = parent;
            struct stat st{};
            if (::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) break;
        }
        if (!room_for_watch(p.string())) return;
        const int wd = inotify_add_watch(inotify_fd.get(), p.c_str(), kMask);
        if (wd < 0) {
            watch_failed(p.string(), errno);
            return;
        }
        auto [it, inserted] = dirs.try_emplace(wd);
        if (inserted) {
            it->second.path = p.string();
            it->second.root = i;
        }
        it->second.anchor_names.insert(child);
    }

    bool room_for_watch(const std::string& path) {
        if (dirs.size() < kMaxWatches) return true;
        if (!watch_cap_noted) {
            watch_cap_noted = true;
            note("more than " + std::to_string(kMaxWatches) + " folders to watch: " + path +
                 " and the folders after it are not looked at");
        }
        return false;
    }

    void watch_failed(const std::string& path, int e) {
        if (e == ENOSPC)
            note(path + ": cannot be watched (the system's limit on watched folders, "
                        "fs.inotify.max_user_watches, is reached)");
        else
            note(path + ": cannot be watched (" + errno_text(e) + ")");
    }

    // --- visit() ----------------------------------------------------------------------
    // Watches the folder open as dfd (reached as path), reports the candidates in
    // it and goes down to kMaxDepth. The watch comes before the read, so a file
    // that arrives during the read is either read or announced by an event.
    void visit(int dfd, const std::string& path, size_t root, const std::vector<std::string>& rel, int depth) {
        if (!room_for_watch(path)) return;
        const std::string proc_path = "/proc/self/fd/" + std::to_string(dfd);
        int wd = inotify_add_watch(inotify_fd.get(), proc_path.c_str(), kMask);
        if (wd < 0 && errno == ENOENT) {
            // No /proc: the path, not following a link at its last step, is the
            // best left (the folder was just opened without following links).
            wd = inotify_add_watch(inotify_fd.get(), path.c_str(), kMask | IN_DONT_FOLLOW);
        }
        if (wd < 0) {
            watch_failed(path, errno);
            return;
        }
        auto [it, inserted] = dirs.try_emplace(wd);
        Dir& d = it->second;
        // The same folder reached twice (two configured folders, one inside the
        // other, or a bind mount): keep the way that reaches deeper.
        if (!inserted && d.depth >= 0 && d.depth <= depth) return;
        d.path = path;
        d.root = root;
        d.rel = rel;
        d.depth = depth;

        // A second open file description: readdir moves its offset, and dfd is
        // still needed for openat below.
        const int list_fd = ::openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (list_fd < 0) {
            note(path + ": cannot be read (" + errno_text(errno) + ")");
            return;
        }
        DIR* dir = ::fdopendir(list_fd);
        if (!dir) {
            ::close(list_fd);
            note(path + ": cannot be read (" + errno_text(errno) + ")");
            return;
        }
        std::vector<std::string> subfolders;
        size_t entries = 0;
        while (const dirent* e = ::readdir(dir)) {
            const std::string name = e->d_name;
            if (name == "." || name == "..") continue;
            if (++entries > kMaxEntriesPerFolder) {
                note(path + ": more than " + std::to_string(kMaxEntriesPerFolder) + " entries; only the first " +
                     std::to_string(kMaxEntriesPerFolder) + " were looked at");
                break;
            }
            const bool candidate = is_candidate_name(name);
            unsigned char type = e->d_type;
            if (type == DT_UNKNOWN && (candidate || depth < kMaxDepth)) {
                // Some file systems do not fill d_type; ask, without following links.
                struct stat st{};
                if (::fstatat(::dirfd(dir), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
            }
            if (type == DT_DIR) {
                if (depth < kMaxDepth) subfolders.push_back(name);
            } else if (type == DT_REG && candidate) {
                struct stat st{};
                if (::fstatat(::dirfd(dir), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
                    found(join(path, name), st);
            }
        }
        ::closedir(dir);

        // Sorted, so that which folders the watch cap leaves out does not depend
        // on the order the file system lists them in.
        std::sort(subfolders.begin(), subfolders.end());
        for (const std::string& name : subfolders) {
            UniqueFd sub = open_subfolder(dfd, name);
            if (!sub) {
                // ELOOP/ENOTDIR: replaced by a link or a file since the read;
                // ENOENT: gone. Neither is worth a note.
                if (errno != ELOOP && errno != ENOTDIR && errno != ENOENT)
                    note(join(path, name) + ": cannot be read (" + errno_text(errno) + ")");
                continue;
            }
            std::vector<std::string> sub_rel = rel;
            sub_rel.push_back(name);
            visit(sub.get(), join(path, name), root, sub_rel, depth + 1);
        }
    }

    // A folder created or moved into a watched one, between rescans.
    void add_subfolder(const Dir& parent, const std::string& name) {
        if (parent.depth < 0 || parent.depth >= kMaxDepth) return;
        // Down again from the configured folder, one name at a time: holding
        // descriptors between calls would keep sticks from being unmounted.
        UniqueFd fd(::open(roots[parent.root].c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        for (const std::string& step : parent.rel) {
            if (!fd) return;
            fd = open_subfolder(fd.get(), step);
        }
        if (!fd) return;
        UniqueFd sub = open_subfolder(fd.get(), name);
        if (!sub) return;
        std::vector<std::string> rel = parent.rel;
        rel.push_back(name);
        visit(sub.get(), join(parent.path, name), parent.root, rel, parent.depth + 1);
    }

    // --- found(), announced(), release_held() -----------------------------------------
    void report(const std::string& path, const Stamp& s) {
        reported[path] = s;
        outbox.insert(path);
    }

    // A regular file with a candidate name, seen by reading its folder.
    void found(const std::string& path, const struct stat& st) {
        const Stamp s = stamp_of(st);
        auto r = reported.find(path);
        if (r != reported.end() && r->second == s) return;  // reported before, unchanged
        if (r == reported.end() && !held.count(path) && reported.size() + held.size() >= kMaxCandidates) {
            if (!candidate_cap_noted) {
                candidate_cap_noted = true;
                note("more than " + std::to_string(kMaxCandidates) + " bundle files found: " + path +
                     " and others are not looked at");
            }
            return;
        }
        // A recent modification time means it may still be being written; a time
        // far in the future means a clock we cannot judge by (FAT sticks keep
        // local time), so it is not held.
        const long long age = realtime_ns() - s.mtime_ns;
        const long long settle_ns = static_cast<long long>(settle.count()) * 1000000LL;
        if (age < settle_ns && age > -settle_ns) {
            auto h = held.find(path);
            if (h == held.end() || !(h->second.stamp == s)) held[path] = Held{s, Clock::now() + settle};
            return;
        }
        held.erase(path);
        report(path, s);
    }

    // A file closed after writing, or moved in: complete by definition.
    void announced(const std::string& path) {
        struct stat st{};
        if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
        held.erase(path);
        report(path, stamp_of(st));
    }

    // Held-back files that stayed the same for `settle` are reported; changed
    // ones wait again; vanished ones are dropped.
    void release_held(Clock::time_point now) {
        for (auto it = held.begin(); it != held.end();) {
            if (it->second.due > now) {
                ++it;
                continue;
            }
            struct stat st{};
            if (::lstat(it->first.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
                it = held.erase(it);
                continue;
            }
            const Stamp s = stamp_of(st);
            if (s == it->second.stamp) {
                report(it->first, s);
                it = held.erase(it);
            } else {
                it->second = Held{s, now + settle};
                ++it;
            }
        }
    }

    // --- on_event() ----------------------------------------------------------------------
    void on_event(const inotify_event& ev) {
        if (ev.mask & IN_Q_OVERFLOW) {  // events were lost: look at everything again
            rescan_wanted = true;
            return;
        }
        auto it = dirs.find(ev.wd);
        if (it == dirs.end()) return;  // a watch removed by the last rescan
        Dir& d = it->second;
        const bool matters = d.depth == 0 || !d.anchor_names.empty();
        if (ev.mask & IN_IGNORED) {  // the kernel dropped the watch (folder deleted, unmounted)
            if (matters) rescan_wanted = true;
            dirs.erase(it);
            return;
        }
        if (ev.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
            // A moved folder keeps its watch under a path that is now wrong.
            if (matters || (ev.mask & IN_MOVE_SELF)) rescan_wanted = true;
            return;
        }
        if (ev.len == 0) return;
        const std::string name = ev.name;
        if ((ev.mask & (IN_CREATE | IN_MOVED_TO)) && d.anchor_names.count(name)) rescan_wanted = true;
        if (d.depth < 0) return;
        if (ev.mask & IN_ISDIR) {
            // A folder moved here from inside the tree already has its watch,
            // under the old path; its IN_MOVE_SELF (queued next) asks for a rescan.
            if (ev.mask & (IN_CREATE | IN_MOVED_TO)) add_subfolder(Dir(d), name);
            return;
        }
        if ((ev.mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) && FolderWatcher::is_candidate_name(name))
            announced(join(d.path, name));
    }

    void read_events() {
        alignas(inotify_event) char buf[16384];
        for (;;) {
            const ssize_t n = ::read(inotify_fd.get(), buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return;  // EAGAIN: drained
            // The kernel pads each name so that the next event stays aligned.
            for (ssize_t at = 0; at + static_cast<ssize_t>(sizeof(inotify_event)) <= n;) {
                const auto* ev = reinterpret_cast<const inotify_event*>(buf + at);
                on_event(*ev);
                at += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            }
        }
    }

    check::OneAtATime polling;  // poll() is not for two threads at once (folder_watch.hpp)
};

// --- poll() ------------------------------------------------------------------------------
FolderWatcher::FolderWatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FolderWatcher::~FolderWatcher() = default;

std::unique_ptr<FolderWatcher> FolderWatcher::open(const FolderWatchOptions& options, std::string* error) {
    auto fail = [&](const std::string& why) -> std::unique_ptr<FolderWatcher> {
        if (error) *error = why;
        return nullptr;
    };
    auto impl = std::make_unique<Impl>();
    impl->inotify_fd = UniqueFd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!impl->inotify_fd) return fail("cannot watch folders: inotify is not available (" + errno_text(errno) + ")");
    impl->wake_fd = UniqueFd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!impl->wake_fd) return fail("cannot watch folders: no eventfd (" + errno_text(errno) + ")");
    // poll() flags this file with POLLPRI|POLLERR after every change of this
    // process's mount table (proc(5)); nothing needs to be read from it.
    impl->mounts_fd = UniqueFd(::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC));
    if (!impl->mounts_fd)
        impl->mounts_note = "a stick mounted onto a watched folder may be missed: cannot read the mount table (" +
                            errno_text(errno) + ")";
    if (options.settle_ms > 0) impl->settle = std::chrono::milliseconds(options.settle_ms);

    for (const std::string& folder : options.folders) {
        if (folder.empty()) continue;
        std::error_code ec;
        std::string p = std::filesystem::absolute(folder, ec).lexically_normal().string();
        if (ec) p = folder;
        while (p.size() > 1 && p.back() == '/') p.pop_back();
        if (std::find(impl->roots.begin(), impl->roots.end(), p) == impl->roots.end()) impl->roots.push_back(p);
    }
    return std::unique_ptr<FolderWatcher>(new FolderWatcher(std::move(impl)));
}

std::vector<std::string> FolderWatcher::poll(int timeout_ms) {
    Impl& m = *impl_;
    const check::OneAtATime::Scope busy(m.polling, "FolderWatcher: poll() from one thread at a time");
    const Clock::time_point start = Clock::now();
    const Clock::time_point deadline = start + std::chrono::milliseconds(timeout_ms > 0 ? timeout_ms : 0);
    bool interrupted = false;
    if (m.first_poll) {
        m.first_poll = false;
        m.rescan();
    }
    for (;;) {
        const Clock::time_point now = Clock::now();
        // With something to return, only collect what is already queued.
        int wait = -1;
        if (!m.outbox.empty() || interrupted) wait = 0;
        else if (timeout_ms >= 0) wait = ms_until(deadline, now);
        for (const auto& entry : m.held) {
            const int h = ms_until(entry.second.due, now);
            wait = wait < 0 ? h : std::min(wait, h);
        }

        pollfd fds[3] = {{m.inotify_fd.get(), POLLIN, 0}, {m.wake_fd.get(), POLLIN, 0}, {m.mounts_fd.get(), POLLPRI, 0}};
        const nfds_t nfds = m.mounts_fd ? 3 : 2;
        const int n = ::poll(fds, nfds, wait);
        if (n < 0 && errno != EINTR) break;
        if (n > 0) {
            if (fds[1].revents & POLLIN) {
                uint64_t count = 0;
                [[maybe_unused]] ssize_t r = ::read(m.wake_fd.get(), &count, sizeof count);
                interrupted = true;
            }
            if (nfds == 3 && (fds[2].revents & (POLLPRI | POLLERR))) m.rescan_wanted = true;
            if (fds[0].revents & POLLIN) m.read_events();
        }
        if (m.rescan_wanted) {
            m.rescan_wanted = false;
            m.rescan();
        }
        m.release_held(Clock::now());
        if (!m.outbox.empty() || interrupted) break;
        if (timeout_ms >= 0 && Clock::now() >= deadline) break;
    }
    m.publish_notes();
    std::vector<std::string> out(m.outbox.begin(), m.outbox.end());
    m.outbox.clear();
    return out;
}

void FolderWatcher::interrupt() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t r = ::write(impl_->wake_fd.get(), &one, sizeof one);
}

std::vector<std::string> FolderWatcher::notes() const {
    std::lock_guard<std::mutex> lock(impl_->published_mutex);
    return impl_->published;
}

}  // namespace madoguchi::platform
