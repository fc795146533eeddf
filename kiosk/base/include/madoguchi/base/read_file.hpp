// SPDX-License-Identifier: Apache-2.0
// read_file.hpp — the one reader for files of uncertain origin: a bundle on a
// USB stick, a key file, the store's own small files.
//
// Why it is built this way: what we read may be on a stick anyone handed in,
// or in a folder someone else can write, so
//   - it is opened with O_NOFOLLOW (a symbolic link is refused, never followed
//     to /dev/zero or someone else's file), O_NONBLOCK (a FIFO must not hang
//     the thread) and O_CLOEXEC (nothing leaks into a child process);
//   - it must be a regular file (fstat on the opened descriptor, no race);
//   - it is read once, whole, with a cap checked both against the size fstat
//     gave and while reading (a file that grows meanwhile is refused too);
//   - a failure says what went wrong in plain words naming the path, and as a
//     ReadFailure so callers can word it their own way without parsing text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace madoguchi::base {

enum class ReadFailure {
    none,
    symlink,      // the path is a symbolic link (O_NOFOLLOW: ELOOP)
    cannot_open,  // open() failed otherwise (error_number says why)
    not_regular,  // a folder, device, FIFO, socket…
    too_large,    // fstat says it is larger than the cap
    cannot_read,  // read() failed (a stick pulled out: EIO)
    grew,         // it grew beyond the cap while it was read
};

// Which file was read (to notice the same file again without reading it).
struct FileIdentity {
    long long size = 0;
    long long mtime_ns = 0;
    long long inode = 0;
};

struct ReadFileResult {
    ReadFailure failure = ReadFailure::none;
    int error_number = 0;  // errno of open() or read() when that failed
    FileIdentity identity; // set once fstat worked
    std::string error;     // "" when it worked; else plain words naming the path
    bool ok() const { return failure == ReadFailure::none; }
};

// Reads all of `path` into `out` (replaced; left empty on failure) when it is a
// regular file of at most `cap` bytes.
ReadFileResult read_file(const std::string& path, std::size_t cap, std::vector<uint8_t>& out);
ReadFileResult read_file(const std::string& path, std::size_t cap, std::string& out);

// The same opening and checks without reading: identity (or why not).
ReadFileResult file_identity(const std::string& path);

class UniqueFd;
// The same opening and checks, the file left open in `fd` for a caller that
// reads it once, in pieces, and keeps the cap itself (the bundle store streams
// a bundle into the store; BundleStore::install). Does not check a cap.
ReadFileResult open_file(const std::string& path, UniqueFd& fd);

}  // namespace madoguchi::base
