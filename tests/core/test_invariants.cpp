// SPDX-License-Identifier: Apache-2.0
// test_invariants.cpp — the rules kiosk/base makes checkable (invariant.hpp)
// and the core's own: a debug build stops where one is broken. Each breach runs
// in a forked child (../support/dies_in_child.hpp).
#include <doctest/doctest.h>

#include <thread>

#include "../support/dies_in_child.hpp"
#include "madoguchi/base/invariant.hpp"
#include "madoguchi/core/admin_pin.hpp"
#include "madoguchi/core/ui_strings.hpp"

using madoguchi::test::aborts;
using madoguchi::test::signal_of_child;

#ifdef NDEBUG
TEST_CASE("invariants: not checked in this build (NDEBUG)" * doctest::skip()) {}
#else
TEST_CASE("invariants: MADOGUCHI_ASSERT stops a debug build, and only when broken") {
    CHECK(signal_of_child([] { MADOGUCHI_ASSERT(1 + 1 == 2, "arithmetic"); }) == 0);
    CHECK(aborts([] { MADOGUCHI_ASSERT(1 + 1 == 3, "arithmetic"); }));
}

TEST_CASE("invariants: OwnerThread — the first thread to check owns it; a copy is owned anew") {
    CHECK(signal_of_child([] {
              madoguchi::check::OwnerThread o;
              o.check("rule");
              o.check("rule");  // the owner again
              std::thread([copy = o] { copy.check("rule"); }).join();  // a copy: another owner
          }) == 0);
    CHECK(aborts([] {
        madoguchi::check::OwnerThread o;
        o.check("rule");
        std::thread([&] { o.check("rule"); }).join();
    }));
}

TEST_CASE("invariants: OneAtATime — one scope at a time, from any thread") {
    CHECK(signal_of_child([] {
              madoguchi::check::OneAtATime o;
              { const madoguchi::check::OneAtATime::Scope s(o, "rule"); }
              std::thread([&] { const madoguchi::check::OneAtATime::Scope s(o, "rule"); }).join();  // after: fine
          }) == 0);
    CHECK(aborts([] {
        madoguchi::check::OneAtATime o;
        const madoguchi::check::OneAtATime::Scope s(o, "rule");
        std::thread([&] { const madoguchi::check::OneAtATime::Scope t(o, "rule"); }).join();  // while busy
    }));
}

TEST_CASE("invariants: the UI strings belong to one thread") {
    CHECK(aborts([] {
        madoguchi::core::UiStrings strings;
        strings.get("ja", "attract.start");
        std::thread([&] { strings.get("ja", "attract.start"); }).join();
    }));
}

TEST_CASE("invariants: a PIN gate belongs to one thread") {
    CHECK(aborts([] {
        madoguchi::core::PinGate gate("");  // no PIN set: nothing is hashed
        gate.try_pin("1234", 0);
        std::thread([&] { gate.try_pin("1234", 1); }).join();
    }));
}
#endif
