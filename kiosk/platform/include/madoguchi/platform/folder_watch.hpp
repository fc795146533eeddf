// SPDX-License-Identifier: Apache-2.0
// folder_watch.hpp — noticing bundle files that arrive in watched folders
// (a USB stick's mount point, an inbox folder a sync tool fills).
//
// Linux inotify, no SDL: IN_CLOSE_WRITE and IN_MOVED_TO only, so a file still
// being copied is never reported; temporary names are ignored. A USB stick
// mounted onto a folder brings files without any inotify event, so the mount
// table (/proc/self/mountinfo, which poll() flags on every mount and unmount)
// triggers a rescan of every watched folder. Folders that do not exist yet are
// retried at each rescan.
//
// Only regular files named *.bundle are candidates; the watcher never opens
// them — that is the installer's job (bundle_store.hpp).
//
// What is watched (docs/watching.md, "Where the kiosk looks for bundles"):
//   - each configured folder and its subfolders down to two levels below it:
//     /media itself, /media/usb0 (a stick mounted by usbmount) and
//     /media/<user>/<LABEL> (a stick mounted by udisks) are all looked at;
//     /media/<user>/<LABEL>/<folder> is not. Subfolders are never reached
//     through symbolic links (a stick may hold anything); a configured folder
//     itself may be a link, since the admin chose it.
//   - at most 256 folders are watched, at most 10,000 entries are looked at
//     per folder, and at most 1,000 files found by reading folders are taken
//     (files announced by events always are); when a limit is hit, notes() says so.
//
// When everything is looked at again (a "rescan"): at the first poll(); when
// the mount table changes; when the inotify queue overflowed; when a configured
// folder (or one on the way to a missing one) appears, goes away or is
// unmounted; when any watched folder is renamed. A folder created inside a
// watched one is simply watched and read, without a rescan. A missing folder is
// found without a mount change: the nearest existing folder above it is watched
// for the next name on the way down. There is no periodic rescan: nothing
// needs one (the tests reach rescans by creating, removing and renaming
// folders, and by mounting when run as root), and a hostile stick's
// 256 × 10,000 entries would otherwise be read over and over.
//
// A file found by a scan rather than announced by an event may still be being
// written (the scan cannot tell). So a scanned file whose modification time is
// within settle_ms of now is held back until its size and modification time
// have stayed the same for settle_ms (or its close-write or move event comes
// first). Files already on a stick have old times and are reported at once.
//
// Threads: poll() is called from one thread at a time (checked in debug
// builds); interrupt() and notes() may be called from any thread, also while
// poll() waits.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace madoguchi::platform {

struct FolderWatchOptions {
    std::vector<std::string> folders;  // watched, with subfolders two levels down (a stick's top level)
    // How long a scanned file with a recent modification time must stay
    // unchanged before it is reported (see above); 0: 3000 ms. (3 s rather
    // than 1 because FAT, the usual stick file system, keeps times in 2 s steps.)
    int settle_ms = 0;
};

class FolderWatcher {
public:
    // Never fails for missing folders (they are retried); nullptr + *error only
    // when inotify itself is unavailable. Does not read any folder: the first
    // poll() does (it may be slow on a big stick, and poll() runs where waiting is fine).
    static std::unique_ptr<FolderWatcher> open(const FolderWatchOptions& options, std::string* error);
    ~FolderWatcher();
    FolderWatcher(const FolderWatcher&) = delete;
    FolderWatcher& operator=(const FolderWatcher&) = delete;

    // Waits up to timeout_ms (0: don't wait; negative: no limit) and returns the
    // candidate files (absolute paths, sorted, each once per call) that completed
    // or appeared since the last call; it returns as soon as there is at least
    // one. The first call also returns every candidate already present.
    // A file is reported again when an event says it was written or moved in
    // again, or when a rescan finds it with a new size or modification time.
    std::vector<std::string> poll(int timeout_ms);
    // Wakes a poll() blocked in another thread (it returns what it has). When no
    // poll() is waiting, the next one returns at once.
    void interrupt();
    // Plain-words notes for the admin screen, e.g. "/media/usb0: not there (looked
    // for again when it appears)", as of the last poll(). Empty before the first poll().
    std::vector<std::string> notes() const;

    // Whether a file name is a bundle candidate: ends in ".bundle" (ASCII case
    // ignored; it must be the last extension, so x.bundle.part is not one), not
    // hidden ('.' or '~' first), no control characters. Temporary names of
    // browsers and sync tools (.part, .partial, .tmp, .crdownload, .download,
    // .swp, ~, Syncthing's .syncthing.*.tmp and ~syncthing~*.tmp, rsync's .x.XXXXXX)
    // all fail one of these.
    static bool is_candidate_name(const std::string& file_name);

private:
    struct Impl;
    explicit FolderWatcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::platform
