// SPDX-License-Identifier: Apache-2.0
// base::start_quiet_thread: the thread it makes has SIGTERM and SIGINT
// blocked (so the main thread's SDL wait is the one that sees them), and the
// caller's own mask is as it was.
#include <doctest/doctest.h>

#include <pthread.h>
#include <signal.h>

#include "madoguchi/base/quiet_thread.hpp"

namespace {
bool blocked(int sig) {
    sigset_t now;
    pthread_sigmask(SIG_SETMASK, nullptr, &now);
    return sigismember(&now, sig) == 1;
}
}  // namespace

TEST_CASE("quiet thread: SIGTERM and SIGINT blocked in the thread, the caller's mask unchanged") {
    REQUIRE(!blocked(SIGTERM));
    REQUIRE(!blocked(SIGINT));
    bool term = false, intr = false, usr1 = true;
    std::thread t = madoguchi::base::start_quiet_thread([&] {
        term = blocked(SIGTERM);
        intr = blocked(SIGINT);
        usr1 = blocked(SIGUSR1);
    });
    t.join();
    CHECK(term);
    CHECK(intr);
    CHECK(!usr1);  // only those two
    CHECK(!blocked(SIGTERM));
    CHECK(!blocked(SIGINT));
}
