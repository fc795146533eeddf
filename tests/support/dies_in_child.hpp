// SPDX-License-Identifier: Apache-2.0
// dies_in_child.hpp — runs code in a forked child and reports how the child
// ended: how the tests see a MADOGUCHI_ASSERT (kiosk/base) stop a debug build.
//
// Why a fork: a broken invariant abort()s, which would end the test run
// itself. The child's stderr goes to /dev/null: the assertion's message is
// expected there, and would only look like a failure in the test log.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <functional>

namespace madoguchi::test {

// The signal that ended the child running `body`, or 0 when it returned.
inline int signal_of_child(const std::function<void()>& body) {
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null >= 0) ::dup2(null, STDERR_FILENO);
        body();
        ::_exit(0);  // no atexit handlers, no LeakSanitizer in the child
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

// True when `body` stops at an assertion (abort: SIGABRT).
inline bool aborts(const std::function<void()>& body) { return signal_of_child(body) == SIGABRT; }

}  // namespace madoguchi::test
