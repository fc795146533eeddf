// SPDX-License-Identifier: Apache-2.0
// test_folder_watch.cpp — FolderWatcher against real folders under the temp dir.
//
// "Nothing was reported" is never shown by waiting: after the steps that must
// not be reported, the test writes a sentinel file and checks that the next
// poll() returns the sentinel alone (inotify keeps events in order, so anything
// wrongly reported would come with it or before it). Files meant to be "already
// there" (as on a stick) get a modification time an hour back: a scan holds back
// files with a recent time, which one test checks on its own.
//
// Index
//   - helpers                 temp folders, files with old times, expectations
//   - is_candidate_name       the table
//   - first poll              what a scan reports and what it ignores
//   - events                  close-after-write, renames, ignored arrivals
//   - subfolders              created, moved in, two levels, nested configured folders
//   - missing folders         appearing later, removed and made again
//   - rescans                 unchanged files not repeated, changed ones are
//   - held-back files         recent times wait for stillness or the close event
//   - interrupt               from another thread
//   - limits                  256 watches, 10,000 entries, 1,000 candidates
//   - mounts (root only)      a tmpfs bind-mounted over a watched folder
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../support/dies_in_child.hpp"
#include "madoguchi/platform/folder_watch.hpp"

namespace {

namespace fs = std::filesystem;
using madoguchi::platform::FolderWatcher;
using madoguchi::platform::FolderWatchOptions;
using Paths = std::vector<std::string>;

// --- helpers -------------------------------------------------------------------------

// A fresh folder under the system temp dir, removed when the test ends.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = fs::absolute(fs::temp_directory_path() /
                             ("madoguchi-watch-test-" + std::to_string(rd()) + std::to_string(rd())))
                    .lexically_normal();
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    std::string operator/(const std::string& rel) const { return (path_ / rel).string(); }

private:
    fs::path path_;
};

void set_mtime_ago(const std::string& path, int seconds) {
    timespec times[2]{};
    times[0].tv_nsec = UTIME_OMIT;
    clock_gettime(CLOCK_REALTIME, &times[1]);
    times[1].tv_sec -= seconds;
    REQUIRE(utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
}

// Writes a whole file (one open, one close). `old`: as if it had been on the stick for an hour.
void write_file(const std::string& path, const std::string& content, bool old = true) {
    {
        std::ofstream out(path, std::ios::binary);
        out << content;
        REQUIRE(out.good());
    }
    if (old) set_mtime_ago(path, 3600);
}

std::unique_ptr<FolderWatcher> open_watcher(std::vector<std::string> folders, int settle_ms = 0) {
    FolderWatchOptions options;
    options.folders = std::move(folders);
    options.settle_ms = settle_ms;
    std::string error;
    auto w = FolderWatcher::open(options, &error);
    REQUIRE_MESSAGE(w != nullptr, error);
    return w;
}

// The absolute paths of `rels` under `dir`, sorted as poll() returns them.
Paths under(const TempDir& dir, std::vector<std::string> rels) {
    Paths out;
    for (const auto& r : rels) out.push_back(dir / r);
    std::sort(out.begin(), out.end());
    return out;
}

// Generous: poll() returns as soon as there is something, so this is only
// reached when a test is about to fail.
constexpr int kWait = 10000;

// --- is_candidate_name -----------------------------------------------------------------

TEST_CASE("is_candidate_name: *.bundle, not hidden, not temporary, no control characters") {
    struct Row {
        const char* name;
        bool candidate;
    };
    const Row rows[] = {
        {"mine-v7.bundle", true},
        {"MINE-V7.BUNDLE", true},
        {"x.Bundle", true},
        {"with space.bundle", true},
        {"\xe5\xa4\xa7\xe9\x98\xaa.bundle", true},  // 大阪.bundle
        {"x.part.bundle", true},                    // .bundle is the last extension: a candidate
        {"", false},
        {"bundle", false},
        {".bundle", false},
        {"x.bundlex", false},
        {"xbundle", false},
        {"x.bundle ", false},
        {"x.bundle.zip", false},
        {".x.bundle", false},                     // hidden
        {"~x.bundle", false},                     // editor / Office lock style
        {"x.bundle.part", false},                 // Firefox, KDE
        {"x.bundle.partial", false},              // madoguchi-bundle's own temporary name
        {"x.bundle.tmp", false},
        {"x.bundle.crdownload", false},           // Chromium
        {"x.bundle.download", false},             // Safari
        {"x.bundle~", false},                     // backup
        {".x.bundle.swp", false},                 // Vim
        {".syncthing.x.bundle.tmp", false},       // Syncthing
        {"~syncthing~x.bundle.tmp", false},       // Syncthing on Windows
        {".x.bundle.Xa81Qz", false},              // rsync
        {"a\nb.bundle", false},
        {"tab\t.bundle", false},
        {"del\x7f.bundle", false},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        CHECK(FolderWatcher::is_candidate_name(row.name) == row.candidate);
    }
}

// --- first poll --------------------------------------------------------------------------

TEST_CASE("the first poll returns every candidate already there, two levels down, and ignores the rest") {
    TempDir t, elsewhere;
    const std::string r = t.str();
    fs::create_directories(t / "sub/deeper/deepest");
    fs::create_directories(t / "e.bundle");
    fs::create_directories(elsewhere / "linked");
    write_file(t / "a.bundle", "a");
    write_file(t / "B.BUNDLE", "b");
    write_file(t / "sub/i.bundle", "i");
    write_file(t / "sub/deeper/j.bundle", "j");
    write_file(t / "e.bundle/m.bundle", "m");            // a folder named *.bundle is a folder
    write_file(t / "sub/deeper/deepest/k.bundle", "k");  // three levels down: not looked at
    write_file(t / "notes.txt", "n");
    write_file(t / ".hidden.bundle", "h");
    write_file(t / "~lock.bundle", "l");
    write_file(t / "c.bundle.part", "c");
    write_file(t / "d.bundle.tmp", "d");
    write_file(elsewhere / "linked/l.bundle", "l");
    write_file(elsewhere / "target.bundle", "t");
    fs::create_symlink(t / "a.bundle", t / "f.bundle");                // link to a candidate
    fs::create_symlink(elsewhere / "target.bundle", t / "g.bundle");  // link out of the folder
    fs::create_symlink("/nonexistent/x.bundle", t / "dangling.bundle");
    fs::create_directory_symlink(elsewhere / "linked", t / "linked");  // folder link: not followed
    REQUIRE(mkfifo((t / "h.bundle").c_str(), 0600) == 0);              // never opened, or this would block

    auto w = open_watcher({r});
    CHECK(w->notes().empty());
    CHECK(w->poll(0) == under(t, {"a.bundle", "B.BUNDLE", "sub/i.bundle", "sub/deeper/j.bundle", "e.bundle/m.bundle"}));
    CHECK(w->poll(0).empty());
    CHECK(w->notes().empty());
}

TEST_CASE("a configured folder may be a link; given with a trailing slash or twice, it is read once") {
    TempDir t;
    fs::create_directory(t / "real");
    write_file(t / "real/a.bundle", "a");
    fs::create_directory_symlink(t / "real", t / "inbox");
    auto w = open_watcher({t / "inbox/", t / "inbox"});
    CHECK(w->poll(0) == under(t, {"inbox/a.bundle"}));
    write_file(t / "inbox/b.bundle", "b", false);
    CHECK(w->poll(kWait) == under(t, {"inbox/b.bundle"}));
}

// --- events ------------------------------------------------------------------------------

TEST_CASE("a file written in several steps is reported once, after it is closed") {
    TempDir t;
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    const std::string path = t / "slow.bundle";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    for (const char* part : {"first part;", "second part;", "last part"}) {
        REQUIRE(::write(fd, part, std::char_traits<char>::length(part)) > 0);
        CHECK(w->poll(0).empty());
    }
    REQUIRE(::close(fd) == 0);
    CHECK(w->poll(kWait) == Paths{path});
    CHECK(w->poll(0).empty());

    // Written again in place: reported again.
    write_file(path, "version two", false);
    CHECK(w->poll(kWait) == Paths{path});
}

TEST_CASE("a file renamed into place from a temporary name, or moved in, is reported; the temporary name is not") {
    TempDir t, outside;
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    write_file(t / "mine-v7.bundle.partial", "v7", false);
    write_file(t / ".syncthing.theirs.bundle.tmp", "theirs", false);
    CHECK(w->poll(0).empty());
    fs::rename(t / "mine-v7.bundle.partial", t / "mine-v7.bundle");
    CHECK(w->poll(kWait) == under(t, {"mine-v7.bundle"}));
    fs::rename(t / ".syncthing.theirs.bundle.tmp", t / "theirs.bundle");
    CHECK(w->poll(kWait) == under(t, {"theirs.bundle"}));

    write_file(outside / "from-elsewhere.bundle", "x");  // old time: moved in, still reported
    fs::rename(outside / "from-elsewhere.bundle", t / "from-elsewhere.bundle");
    CHECK(w->poll(kWait) == under(t, {"from-elsewhere.bundle"}));
}

TEST_CASE("arrivals that do not count are ignored: hidden and temporary names, links, folders named *.bundle") {
    TempDir t, outside;
    write_file(outside / "real.bundle", "r");
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    write_file(t / ".hidden.bundle", "h", false);
    write_file(t / "~lock.bundle", "l", false);
    write_file(t / "get.bundle.crdownload", "c", false);
    write_file(t / "readme.txt", "t", false);
    fs::create_directory(t / "folder.bundle");
    fs::create_symlink(outside / "real.bundle", t / "link.bundle");
    fs::create_symlink(outside / "real.bundle", outside / "moved-link.bundle");
    fs::rename(outside / "moved-link.bundle", t / "moved-link.bundle");  // IN_MOVED_TO of a link
    write_file(t / "sentinel.bundle", "s", false);
    CHECK(w->poll(kWait) == under(t, {"sentinel.bundle"}));
}

TEST_CASE("a folder replaced by a link before the watcher gets to it is not followed") {
    TempDir t, outside;
    fs::create_directory(outside / "elsewhere");
    write_file(outside / "elsewhere/secret.bundle", "s");
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    // The watcher learns of "new" as a folder, but by the time it opens it the
    // name is a link to a folder outside (a stick can play such tricks).
    fs::create_directory(t / "new");
    fs::remove(t / "new");
    fs::create_directory_symlink(outside / "elsewhere", t / "new");
    write_file(t / "sentinel.bundle", "s", false);
    CHECK(w->poll(kWait) == under(t, {"sentinel.bundle"}));
    write_file(outside / "elsewhere/later.bundle", "l", false);
    write_file(t / "sentinel2.bundle", "s", false);
    CHECK(w->poll(kWait) == under(t, {"sentinel2.bundle"}));
}

// --- subfolders ----------------------------------------------------------------------------

TEST_CASE("a folder created in a watched folder is watched, down to two levels") {
    TempDir t;
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    fs::create_directory(t / "user");
    CHECK(w->poll(0).empty());
    write_file(t / "user/a.bundle", "a", false);
    CHECK(w->poll(kWait) == under(t, {"user/a.bundle"}));

    fs::create_directory(t / "user/LABEL");  // udisks: /media/<user>/<LABEL>
    CHECK(w->poll(0).empty());
    write_file(t / "user/LABEL/b.bundle", "b", false);
    CHECK(w->poll(kWait) == under(t, {"user/LABEL/b.bundle"}));

    fs::create_directory(t / "user/LABEL/bundles");  // a folder on the stick: not looked into
    CHECK(w->poll(0).empty());
    write_file(t / "user/LABEL/bundles/c.bundle", "c", false);
    write_file(t / "sentinel.bundle", "s", false);
    CHECK(w->poll(kWait) == under(t, {"sentinel.bundle"}));
}

TEST_CASE("a folder moved in with bundles already in it is read at once") {
    TempDir t, outside;
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    fs::create_directories(outside / "drop/inner");
    write_file(outside / "drop/a.bundle", "a");
    write_file(outside / "drop/b.bundle.part", "b");
    write_file(outside / "drop/inner/c.bundle", "c");
    fs::rename(outside / "drop", t / "drop");
    CHECK(w->poll(kWait) == under(t, {"drop/a.bundle", "drop/inner/c.bundle"}));
    // Its watch works: a file written into it later is reported.
    write_file(t / "drop/inner/d.bundle", "d", false);
    CHECK(w->poll(kWait) == under(t, {"drop/inner/d.bundle"}));
}

TEST_CASE("two configured folders, one inside the other: the inner one is read to its own two levels") {
    TempDir t;
    fs::create_directories(t / "media/inbox/x/y");
    write_file(t / "media/inbox/a.bundle", "a");
    write_file(t / "media/inbox/x/y/deep.bundle", "d");  // 4 levels below media, 2 below inbox
    auto w = open_watcher({t / "media", t / "media/inbox"});
    CHECK(w->poll(0) == under(t, {"media/inbox/a.bundle", "media/inbox/x/y/deep.bundle"}));
    write_file(t / "media/inbox/x/y/later.bundle", "l", false);
    CHECK(w->poll(kWait) == under(t, {"media/inbox/x/y/later.bundle"}));
}

// --- missing folders -----------------------------------------------------------------------

TEST_CASE("a folder that is not there yet is noted, watched for, and read when it appears") {
    TempDir t;
    const std::string inbox = t / "later/inbox";
    auto w = open_watcher({inbox});
    CHECK(w->poll(0).empty());
    CHECK(w->notes() == Paths{inbox + ": not there (looked for again when it appears)"});

    fs::create_directory(t / "later");  // one step closer
    CHECK(w->poll(0).empty());
    CHECK(w->notes() == Paths{inbox + ": not there (looked for again when it appears)"});

    fs::create_directory(inbox);
    CHECK(w->poll(0).empty());
    CHECK(w->notes().empty());
    write_file(inbox + "/a.bundle", "a", false);
    CHECK(w->poll(kWait) == Paths{inbox + "/a.bundle"});
}

TEST_CASE("a folder made with its contents in one go (mkdir -p, then a copy) is read") {
    TempDir t;
    const std::string inbox = t / "a/b/inbox";
    auto w = open_watcher({inbox});
    CHECK(w->poll(0).empty());
    fs::create_directories(inbox);
    write_file(inbox + "/x.bundle", "x");
    CHECK(w->poll(kWait) == Paths{inbox + "/x.bundle"});
    CHECK(w->notes().empty());
}

TEST_CASE("a watched folder removed is noted; made again, it is watched and its files reported again") {
    TempDir t;
    const std::string inbox = t / "inbox";
    fs::create_directory(inbox);
    write_file(inbox + "/a.bundle", "same bytes");
    auto w = open_watcher({inbox});
    CHECK(w->poll(0) == Paths{inbox + "/a.bundle"});

    fs::remove_all(inbox);
    CHECK(w->poll(0).empty());
    CHECK(w->notes() == Paths{inbox + ": not there (looked for again when it appears)"});

    fs::create_directory(inbox);
    CHECK(w->poll(0).empty());
    CHECK(w->notes().empty());
    // The same name, size and time as before: it went away, so it counts again.
    write_file(inbox + "/a.bundle", "same bytes");
    CHECK(w->poll(kWait) == Paths{inbox + "/a.bundle"});
}

// --- rescans ---------------------------------------------------------------------------------

TEST_CASE("a rescan reports files changed without an event, not unchanged ones") {
    TempDir t;
    fs::create_directory(t / "box");
    write_file(t / "a.bundle", "aaaa");
    write_file(t / "b.bundle", "bbbb");
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0) == under(t, {"a.bundle", "b.bundle"}));

    // truncate() and utimensat() change size and time without a close-write.
    REQUIRE(::truncate((t / "b.bundle").c_str(), 2) == 0);
    set_mtime_ago(t / "b.bundle", 7200);
    CHECK(w->poll(0).empty());

    // A folder moved within the watched one makes the watcher read everything again.
    fs::rename(t / "box", t / "box2");
    CHECK(w->poll(kWait) == under(t, {"b.bundle"}));
    // And the moved folder is watched under its new name.
    write_file(t / "box2/c.bundle", "c", false);
    CHECK(w->poll(kWait) == under(t, {"box2/c.bundle"}));
}

// --- held-back files ---------------------------------------------------------------------------

TEST_CASE("a scanned file with a recent time is held back until its close-write comes") {
    TempDir t;
    write_file(t / "old.bundle", "old");
    write_file(t / "fresh.bundle", "fresh", false);
    // Being written when the watcher starts: half there, still open.
    const std::string copying = t / "copying.bundle";
    const int fd = ::open(copying.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, "half", 4) == 4);

    auto w = open_watcher({t.str()}, 60000);  // a minute: never reached in this test
    CHECK(w->poll(0) == under(t, {"old.bundle"}));
    REQUIRE(::write(fd, " and the rest", 13) == 13);
    REQUIRE(::close(fd) == 0);
    CHECK(w->poll(kWait) == Paths{copying});
    CHECK(w->poll(0).empty());
}

TEST_CASE("a scanned file with a recent time is reported once it has stayed the same for settle_ms") {
    TempDir t;
    write_file(t / "fresh.bundle", "fresh", false);
    auto w = open_watcher({t.str()}, 200);
    Paths got;
    for (int i = 0; i < 3 && got.empty(); ++i) got = w->poll(kWait);
    CHECK(got == under(t, {"fresh.bundle"}));
    CHECK(w->poll(0).empty());
}

// --- interrupt ----------------------------------------------------------------------------------

TEST_CASE("interrupt() from another thread wakes a waiting poll()") {
    TempDir t;
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    const auto start = std::chrono::steady_clock::now();
    std::thread other([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let poll() start waiting
        w->interrupt();
    });
    const Paths got = w->poll(kWait);
    const auto waited = std::chrono::steady_clock::now() - start;
    other.join();
    CHECK(got.empty());
    // Not a speed test: only that poll() did not sit out its whole timeout.
    CHECK(waited < std::chrono::milliseconds(kWait / 2));

    // An interrupt with nobody waiting makes the next poll() return at once,
    // and is used up by it: files still come afterwards.
    w->interrupt();
    const auto start2 = std::chrono::steady_clock::now();
    CHECK(w->poll(kWait).empty());
    CHECK(std::chrono::steady_clock::now() - start2 < std::chrono::milliseconds(kWait / 2));
    write_file(t / "after.bundle", "a", false);
    CHECK(w->poll(kWait) == under(t, {"after.bundle"}));
}

// --- limits ----------------------------------------------------------------------------------------

TEST_CASE("at most 256 folders are watched, the rest in name order are left out and noted") {
    TempDir t;
    for (int i = 0; i < 300; ++i) {
        char name[8];
        std::snprintf(name, sizeof name, "s%03d", i);
        fs::create_directory(t / name);
    }
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());
    // The folder itself and s000..s254 make 256.
    CHECK(w->notes() == Paths{"more than 256 folders to watch: " + (t / "s255") +
                              " and the folders after it are not looked at"});
    write_file(t / "s299/not-watched.bundle", "n", false);
    write_file(t / "s254/watched.bundle", "w", false);
    CHECK(w->poll(kWait) == under(t, {"s254/watched.bundle"}));
}

TEST_CASE("at most 10,000 entries of a folder are looked at, and that is noted") {
    TempDir t;
    for (int i = 0; i < 10000; ++i) write_file(t / ("f" + std::to_string(i) + ".txt"), "", false);
    {
        auto w = open_watcher({t.str()});
        CHECK(w->poll(0).empty());
        CHECK(w->notes().empty());
    }
    write_file(t / "one-more.txt", "", false);
    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());
    CHECK(w->notes() == Paths{t.str() + ": more than 10000 entries; only the first 10000 were looked at"});
}

TEST_CASE("at most 1,000 bundle files found by scans are taken; files announced by events still are") {
    TempDir t;
    for (int i = 0; i < 1000; ++i) write_file(t / ("f" + std::to_string(i) + ".bundle"), "");
    {
        auto w = open_watcher({t.str()});
        CHECK(w->poll(0).size() == 1000);
        CHECK(w->notes().empty());
    }
    write_file(t / "g.bundle", "");
    auto w = open_watcher({t.str()});
    const Paths first = w->poll(0);
    CHECK(first.size() == 1000);
    REQUIRE(w->notes().size() == 1);
    CHECK(w->notes()[0].rfind("more than 1000 bundle files found: " + t.str() + "/", 0) == 0);
    write_file(t / "by-event.bundle", "e", false);
    CHECK(w->poll(kWait) == under(t, {"by-event.bundle"}));
}

// --- mounts (root only) ------------------------------------------------------------------------------

// Unmounts what it was given, in reverse order, even when a check throws.
struct Unmounter {
    std::vector<std::string> points;
    ~Unmounter() {
        for (auto it = points.rbegin(); it != points.rend(); ++it) ::umount2(it->c_str(), MNT_DETACH);
    }
};

// Not root: marked skipped (doctest counts it under "skipped", not "passed").
TEST_CASE("a stick mounted over a watched folder is read through the mount table, and again when put back" *
          doctest::skip(geteuid() != 0)) {
    if (geteuid() != 0) {  // run anyway with --no-skip
        MESSAGE("not run: mounting needs root (this test does not count as passed)");
        return;
    }
    TempDir t, staging;
    fs::create_directory(t / "usb0");
    fs::create_directory(staging / "stick");
    const std::string stick = staging / "stick", usb0 = t / "usb0";
    Unmounter unmount;
    if (::mount("tmpfs", stick.c_str(), "tmpfs", 0, "size=4m,mode=0755") != 0) {
        MESSAGE("not run: cannot mount a tmpfs here (" << std::strerror(errno) << ")");
        return;
    }
    unmount.points.push_back(stick);
    fs::create_directory(stick + "/sub");
    write_file(stick + "/a.bundle", "a");
    write_file(stick + "/readme.txt", "r");
    write_file(stick + "/sub/b.bundle", "b");

    auto w = open_watcher({t.str()});
    CHECK(w->poll(0).empty());

    // Like a stick: the files are there before the mount, so no inotify event
    // names them; only the mount table changes.
    if (::mount(stick.c_str(), usb0.c_str(), nullptr, MS_BIND, nullptr) != 0) {
        MESSAGE("not run: cannot bind-mount here (" << std::strerror(errno) << ")");
        return;
    }
    unmount.points.push_back(usb0);
    CHECK(w->poll(kWait) == under(t, {"usb0/a.bundle", "usb0/sub/b.bundle"}));
    // The watch is on the mounted folder now, not on the one underneath.
    write_file(usb0 + "/c.bundle", "c", false);
    CHECK(w->poll(kWait) == under(t, {"usb0/c.bundle"}));
    set_mtime_ago(usb0 + "/c.bundle", 3600);

    // Taken out: nothing to report, and the folder underneath is watched again.
    REQUIRE(::umount2(usb0.c_str(), 0) == 0);
    unmount.points.pop_back();
    CHECK(w->poll(0).empty());
    write_file(usb0 + "/underneath.bundle", "u", false);
    CHECK(w->poll(kWait) == under(t, {"usb0/underneath.bundle"}));
    fs::remove(usb0 + "/underneath.bundle");

    // Put back: its files are reported again.
    REQUIRE(::mount(stick.c_str(), usb0.c_str(), nullptr, MS_BIND, nullptr) == 0);
    unmount.points.push_back(usb0);
    CHECK(w->poll(kWait) == under(t, {"usb0/a.bundle", "usb0/c.bundle", "usb0/sub/b.bundle"}));
    CHECK(w->notes().empty());
}

}  // namespace

#ifndef NDEBUG
// folder_watch.hpp: poll() from one thread at a time. Two threads waiting in
// poll() at once (an empty folder: each waits its full second) stop a debug build.
TEST_CASE("poll() from two threads at once stops a debug build") {
    TempDir t;
    CHECK(madoguchi::test::aborts([&] {
        FolderWatchOptions options;
        options.folders = {t.str()};
        std::string error;
        auto w = FolderWatcher::open(options, &error);
        if (!w) return;  // no inotify: the child returns, and the check fails
        std::thread other([&] { w->poll(1000); });
        w->poll(1000);
        other.join();
    }));
}
#endif
