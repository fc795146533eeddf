// SPDX-License-Identifier: Apache-2.0
// quiet_thread.hpp — a std::thread that never takes SIGTERM or SIGINT.
//
// Why: SDL's handler for those signals only notes them; the event loop sees
// SDL_QUIT when the main thread's wait returns. A signal the kernel hands to
// another thread instead (any thread that has it unblocked may get it) does not
// end that wait, and the kiosk kept running after `systemctl stop` (seen under
// strace, with the bundle worker). A thread inherits the signal mask of the
// thread that makes it, so every thread the kiosk makes is made here: the mask
// is blocked around the making and restored for the caller. SDL and Mesa keep
// the signals out of their own threads the same way.
#pragma once

#include <pthread.h>
#include <signal.h>

#include <thread>
#include <utility>

namespace madoguchi::base {

template <typename F>
std::thread start_quiet_thread(F&& run) {
    sigset_t quit, before;
    sigemptyset(&quit);
    sigaddset(&quit, SIGTERM);
    sigaddset(&quit, SIGINT);
    pthread_sigmask(SIG_BLOCK, &quit, &before);
    struct Restore {
        sigset_t* mask;
        ~Restore() { pthread_sigmask(SIG_SETMASK, mask, nullptr); }  // also when making the thread throws
    } restore{&before};
    return std::thread(std::forward<F>(run));
}

}  // namespace madoguchi::base
