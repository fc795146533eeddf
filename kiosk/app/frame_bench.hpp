// SPDX-License-Identifier: Apache-2.0
// frame_bench.hpp — the `bench-scroll` script command: what each frame of a
// scrolled list costs (frame_bench.cpp, bench/scroll_bench.sh, docs/performance.md).
#pragma once

#include <string>

#include "player.hpp"

namespace madoguchi::app::script {

// `drags` strokes on the list in mid-screen, each followed by its glide;
// prints the "bench-scroll: …" percentiles. "" or why it could not measure.
std::string bench_scroll(Player& p, platform::Window& window, ui::KioskUi& ui, int drags);

}  // namespace madoguchi::app::script
