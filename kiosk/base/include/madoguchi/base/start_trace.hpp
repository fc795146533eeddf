// SPDX-License-Identifier: Apache-2.0
// start_trace.hpp — where the time to the first frames goes (issue 22).
//
// The kiosk marks its steps on the way up (config, store, hardening, fonts,
// SDL, the GL context, each of the first frames in parts) and, with
// `--trace-start`, prints them to stderr once the catalogue is on screen:
//
//   madoguchi: start: +   41.2 ms (+  12.0)  window: GL context made
//
// Only the program's own steps are marked, never anything a visitor does: the
// trace is closed for good at the first frame drawn after the bundle check,
// and at the first touch or key whatever comes first (madoguchi_main.cpp), so
// it never holds the timing of a visitor's input. Marks past kMaxMarks are
// dropped. Marks are a clock read into a fixed array under a lock, so they
// stay in every build; nothing is printed unless asked. Any thread may mark;
// marks after close() are ignored.
#pragma once

#include <string>

namespace madoguchi::start_trace {

constexpr int kMaxMarks = 64;

// Turns printing on (--trace-start) and makes the steps honest: GL work is
// asynchronous, so with the trace on the window waits for it (glFinish) before
// it marks a frame drawn. Off by default.
void enable();
bool enabled();

// The step just finished; `step` must be a string literal (kept, not copied).
// Time zero is the first mark. Ignored once closed or full.
void mark(const char* step);

// No more marks. Returns the report (one line per mark, in the order of
// their times, each step measured from the mark before it) if the trace was
// enabled and not yet closed, else "".
std::string close();

}  // namespace madoguchi::start_trace
