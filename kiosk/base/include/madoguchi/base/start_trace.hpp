// SPDX-License-Identifier: Apache-2.0
// start_trace.hpp — where the time to the first frames goes (issue 22).
//
// The kiosk marks its steps on the way up (config, store, hardening, fonts,
// SDL, the GL context, each of the first frames in parts) and, with
// `--trace-start`, prints them to stderr once the catalogue is on screen:
//
//   madoguchi: start: +  41.2 ms (+ 12.0)  window: GL context
//
// Only the program's own steps are marked, never anything a visitor does: the
// trace closes for good at the first frame that shows the catalogue (or after
// kMaxMarks marks), before anyone can have touched the screen. Marks are a
// clock read into a fixed array, so they stay in every build; nothing is
// printed unless asked. Any thread may mark until close(), which the thread
// that marked last must have been joined before (the main thread's first
// frames: the preparing thread is joined when the window is open).
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

// No more marks. Returns the report (one line per mark, as above) if the
// trace was enabled and not yet closed, else "".
std::string close();

}  // namespace madoguchi::start_trace
