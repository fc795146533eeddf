// SPDX-License-Identifier: Apache-2.0
// unique_fd.hpp — the one owner of a POSIX file descriptor (closed when the owner goes).
//
// Why one: the folder watcher, the process hardening and the printer each had
// their own small class for this, subtly different (one movable, two not).
// A descriptor leaked on an early return is a real problem in a kiosk that
// runs for months (and an open printer or stick keeps the device busy), so
// every function that opens something holds it in a UniqueFd.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace madoguchi::base {

class UniqueFd {
public:
    UniqueFd() = default;
    // Takes ownership of `fd` (a negative value: holds nothing, as open() failing).
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept {
        if (this != &o) reset(std::exchange(o.fd_, -1));
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    // Closes what it held (keeping errno: callers often report the error of the
    // call that made them give up, not close()'s) and holds `fd` instead.
    void reset(int fd = -1) {
        if (fd_ >= 0) {
            const int saved = errno;
            ::close(fd_);
            errno = saved;
        }
        fd_ = fd;
    }
    // Gives the descriptor up without closing it.
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_ = -1;
};

}  // namespace madoguchi::base
