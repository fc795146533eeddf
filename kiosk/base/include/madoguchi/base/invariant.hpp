// SPDX-License-Identifier: Apache-2.0
// invariant.hpp — MADOGUCHI_ASSERT and two thread-use checks: the rules the
// comments state ("main thread only", "call once", "one thread at a time"),
// checked in debug and test builds.
//
// Why not leave them to the comments: a rule broken in a way that works most
// of the time (two threads in a cache that is not locked, READY=1 sent twice)
// shows up as a rare crash at a kiosk, far from its cause. Checked, the test
// build stops at the cause, naming the rule.
//
// Why only in debug builds: the kiosk must come up and keep going whatever
// happens (docs/kiosk.md); aborting a kiosk a visitor is using over a broken
// rule would be worse than the rare fault. With NDEBUG (CMake's Release and
// RelWithDebInfo) the checks cost nothing and the condition is not evaluated.
//
// A failure prints where and which rule to stderr, then abort()s. It never
// prints data: conditions and rules are code, not anything a visitor did.
#pragma once

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace madoguchi::check {

[[noreturn]] inline void invariant_failed(const char* condition, const char* rule, const char* file, int line) noexcept {
    std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", file, line, rule, condition);
    std::fflush(stderr);
    std::abort();
}

}  // namespace madoguchi::check

#ifdef NDEBUG
// Not evaluated (sizeof), so nothing used only here is "unused" in a release build.
#define MADOGUCHI_ASSERT(condition, rule) ((void)sizeof(!(condition)))
#else
#define MADOGUCHI_ASSERT(condition, rule) \
    ((condition) ? (void)0 : ::madoguchi::check::invariant_failed(#condition, rule, __FILE__, __LINE__))
#endif

namespace madoguchi::check {

// The checks name their caller's file and line through __builtin_FILE() and
// __builtin_LINE() as default arguments, not std::source_location: the fuzz
// build's clang 14 has no <source_location> with Debian 12's libstdc++.

// "Only the thread that owns it": the first thread to call check() owns the
// object from then on (objects are often made on one thread and used on
// another, as the bundle worker opens what the main thread then shows).
// Copies and moves are unowned again. Always the same size, NDEBUG or not.
class OwnerThread {
public:
    OwnerThread() = default;
    OwnerThread(const OwnerThread&) noexcept {}
    OwnerThread& operator=(const OwnerThread&) noexcept {
        owner_.store(std::thread::id{});
        return *this;
    }

    void check([[maybe_unused]] const char* rule,
               [[maybe_unused]] const char* file = __builtin_FILE(), [[maybe_unused]] int line = __builtin_LINE()) const noexcept {
#ifndef NDEBUG
        const std::thread::id me = std::this_thread::get_id();
        std::thread::id owner{};
        if (!owner_.compare_exchange_strong(owner, me) && owner != me)
            invariant_failed("called from its owner thread", rule, file, line);
#endif
    }

    // The owner gives the object away: the next thread to call check() owns it.
    // Only where something orders the two threads' use (a join): the kiosk's
    // UI is made and rehearsed on the thread that loads the fonts, then used by
    // the main thread after it has joined that one (docs/performance.md, "Start").
    void hand_over() const noexcept { owner_.store(std::thread::id{}); }

private:
    mutable std::atomic<std::thread::id> owner_{};
};

// "One thread at a time": a scope marks the object busy; a second thread
// entering while it is busy breaks the rule. Cheaper and looser than
// OwnerThread: the object may move between threads, just never be shared.
// Not for calls that nest (the inner scope would find it busy).
class OneAtATime {
public:
    OneAtATime() = default;
    OneAtATime(const OneAtATime&) noexcept {}
    OneAtATime& operator=(const OneAtATime&) noexcept { return *this; }

    class Scope {
    public:
        Scope(const OneAtATime& o, [[maybe_unused]] const char* rule,
              [[maybe_unused]] const char* file = __builtin_FILE(), [[maybe_unused]] int line = __builtin_LINE()) noexcept
            : o_(o) {
#ifndef NDEBUG
            if (o_.busy_.exchange(true))
                invariant_failed("not in use by another thread", rule, file, line);
#endif
        }
        ~Scope() {
#ifndef NDEBUG
            o_.busy_.store(false);
#endif
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        const OneAtATime& o_;
    };

private:
    mutable std::atomic<bool> busy_{false};
};

}  // namespace madoguchi::check
