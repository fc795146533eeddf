// SPDX-License-Identifier: Apache-2.0
// read_file.cpp — see read_file.hpp.
#include "madoguchi/base/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "madoguchi/base/unique_fd.hpp"

namespace madoguchi::base {
namespace {

ReadFileResult failed(const std::string& path, ReadFailure f, int e, std::string what) {
    ReadFileResult r;
    r.failure = f;
    r.error_number = e;
    r.error = path + ": " + std::move(what);
    return r;
}

// Opens and checks `path`; on success `fd` holds it and r.identity is set.
ReadFileResult open_checked(const std::string& path, UniqueFd& fd) {
    fd.reset(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        const int e = errno;
        if (e == ELOOP) return failed(path, ReadFailure::symlink, e, "is a symbolic link (not followed)");
        return failed(path, ReadFailure::cannot_open, e, std::string("cannot be opened (") + std::strerror(e) + ")");
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
        return failed(path, ReadFailure::not_regular, 0, "is not a regular file");
    ReadFileResult r;
    r.identity.size = static_cast<long long>(st.st_size);
    r.identity.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    r.identity.inode = static_cast<long long>(st.st_ino);
    return r;
}

// One loop for both containers (bytes for bundles, text for keys and small files).
template <class Out>
ReadFileResult read_into(const std::string& path, std::size_t cap, Out& out) {
    out.clear();
    UniqueFd fd;
    const ReadFileResult r = open_checked(path, fd);
    if (!r.ok()) return r;
    // Past this point the file was opened: the failure keeps its identity.
    auto fail = [&](ReadFailure f, int e, std::string what) {
        out.clear();
        ReadFileResult x = failed(path, f, e, std::move(what));
        x.identity = r.identity;
        return x;
    };
    if (static_cast<unsigned long long>(r.identity.size) > cap)
        return fail(ReadFailure::too_large, 0,
                    "is " + std::to_string(r.identity.size) + " bytes, more than the " + std::to_string(cap) + " bytes allowed");
    out.reserve(static_cast<std::size_t>(r.identity.size));
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            return fail(ReadFailure::cannot_read, e, std::string("cannot be read (") + std::strerror(e) + ")");
        }
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
        if (out.size() > cap)
            return fail(ReadFailure::grew, 0, "grew beyond the " + std::to_string(cap) + " bytes allowed while it was read");
    }
    return r;
}

}  // namespace

ReadFileResult read_file(const std::string& path, std::size_t cap, std::vector<uint8_t>& out) { return read_into(path, cap, out); }
ReadFileResult read_file(const std::string& path, std::size_t cap, std::string& out) { return read_into(path, cap, out); }

ReadFileResult open_file(const std::string& path, UniqueFd& fd) { return open_checked(path, fd); }

ReadFileResult file_identity(const std::string& path) {
    UniqueFd fd;
    return open_checked(path, fd);
}

}  // namespace madoguchi::base
