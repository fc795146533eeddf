// SPDX-License-Identifier: Apache-2.0
// Tests of base::UniqueFd: closed exactly once, by whoever owns it last.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "madoguchi/base/unique_fd.hpp"

using madoguchi::base::UniqueFd;

namespace {
// Whether `fd` is an open descriptor of this process.
bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }
}  // namespace

TEST_CASE("unique_fd: closes what it holds when it goes") {
    int raw = -1;
    {
        UniqueFd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        REQUIRE(fd);
        raw = fd.get();
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("unique_fd: a failed open holds nothing") {
    UniqueFd fd(::open("/nonexistent/madoguchi", O_RDONLY | O_CLOEXEC));
    CHECK_FALSE(fd);
    CHECK(fd.get() == -1);
    CHECK_FALSE(UniqueFd());
}

TEST_CASE("unique_fd: moving hands the descriptor over, closed once by the last owner") {
    UniqueFd a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    const int raw = a.get();
    UniqueFd b(std::move(a));
    CHECK_FALSE(a);
    CHECK(b.get() == raw);
    UniqueFd c;
    c = std::move(b);
    CHECK_FALSE(b);
    CHECK(c.get() == raw);
    CHECK(is_open(raw));
    c = UniqueFd();  // assigning over it closes the old one
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("unique_fd: release gives it up without closing; reset keeps errno") {
    UniqueFd a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    const int raw = a.release();
    CHECK_FALSE(a);
    CHECK(is_open(raw));
    a.reset(raw);
    CHECK(a.get() == raw);
    errno = ENOSPC;  // the error a caller is about to report
    a.reset();
    CHECK(errno == ENOSPC);
    CHECK_FALSE(is_open(raw));
}
