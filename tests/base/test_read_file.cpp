// SPDX-License-Identifier: Apache-2.0
// Tests of base::read_file: whole, capped, never through a link, never hanging.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "madoguchi/base/read_file.hpp"

namespace fs = std::filesystem;
using namespace madoguchi::base;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "madoguchi-base-XXXXXX").string();
        REQUIRE(::mkdtemp(t.data()) != nullptr);
        path = t;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name, const std::string& content) const {
        const std::string p = (path / name).string();
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
};

}  // namespace

TEST_CASE("read_file: a regular file is read whole, up to the cap included") {
    TempDir d;
    const std::string p = d.file("a.txt", "hello, kiosk");
    std::string text;
    ReadFileResult r = read_file(p, 12, text);
    CHECK(r.ok());
    CHECK(r.error.empty());
    CHECK(text == "hello, kiosk");
    std::vector<uint8_t> bytes;
    CHECK(read_file(p, 1 << 20, bytes).ok());
    CHECK(std::string(bytes.begin(), bytes.end()) == "hello, kiosk");
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK(r.identity.size == 12);
    CHECK(r.identity.inode == static_cast<long long>(st.st_ino));
    CHECK(file_identity(p).identity.inode == r.identity.inode);
    CHECK(read_file(d.file("empty", ""), 0, text).ok());
    CHECK(text.empty());
}

TEST_CASE("read_file: larger than the cap is refused, nothing kept, the path named") {
    TempDir d;
    const std::string p = d.file("big", std::string(13, 'x'));
    std::string text = "old";
    const ReadFileResult r = read_file(p, 12, text);
    CHECK(r.failure == ReadFailure::too_large);
    CHECK(r.identity.size == 13);
    CHECK(text.empty());
    CHECK(r.error.find(p) == 0);
}

TEST_CASE("read_file: a symbolic link is refused, not followed") {
    TempDir d;
    const std::string target = d.file("real", "secret");
    const std::string link = (d.path / "link").string();
    REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
    std::string text;
    const ReadFileResult r = read_file(link, 100, text);
    CHECK(r.failure == ReadFailure::symlink);
    CHECK(text.empty());
    CHECK(r.error == link + ": is a symbolic link (not followed)");
    CHECK(file_identity(link).failure == ReadFailure::symlink);
}

TEST_CASE("read_file: folders and FIFOs are not regular files (and a FIFO does not hang)") {
    TempDir d;
    std::string text;
    CHECK(read_file(d.path.string(), 100, text).failure == ReadFailure::not_regular);
    const std::string fifo = (d.path / "fifo").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const ReadFileResult r = read_file(fifo, 100, text);  // no writer: a blocking open would wait forever
    CHECK(r.failure == ReadFailure::not_regular);
    CHECK(r.error == fifo + ": is not a regular file");
}

TEST_CASE("read_file: a missing file says why with errno") {
    std::string text;
    const ReadFileResult r = read_file("/nonexistent/madoguchi.bundle", 100, text);
    CHECK(r.failure == ReadFailure::cannot_open);
    CHECK(r.error_number == ENOENT);
    CHECK(r.error.find("/nonexistent/madoguchi.bundle: cannot be opened (") == 0);
}

TEST_CASE("read_file: a file that turns out longer than its size said is cut off at the cap") {
    // /proc files say size 0 and then give more: the cap is also checked while reading.
    std::string text;
    const ReadFileResult r = read_file("/proc/self/status", 16, text);
    CHECK(r.failure == ReadFailure::grew);
    CHECK(text.empty());
    CHECK(read_file("/proc/self/status", 1 << 20, text).ok());
    CHECK(text.find("Name:") == 0);
}

TEST_CASE("read_file: the descriptor is closed again and not inherited") {
    // Count this process's descriptors before and after: none left open.
    auto open_fds = [] {
        int n = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
        return n;
    };
    TempDir d;
    const std::string p = d.file("a", "x");
    const int before = open_fds();
    std::string text;
    for (int i = 0; i < 10; ++i) {
        CHECK(read_file(p, 100, text).ok());
        CHECK(read_file(p, 0, text).failure == ReadFailure::too_large);
    }
    CHECK(open_fds() == before);
}
