// SPDX-License-Identifier: Apache-2.0
// fuzz_check.hpp — FUZZ_CHECK(cond): an invariant of the code under test. On
// violation it says which one and aborts, so libFuzzer saves the input as a
// crash (see docs/fuzzing.md).
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                        \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::fflush(stderr);                                                                \
            std::abort();                                                                       \
        }                                                                                       \
    } while (0)
