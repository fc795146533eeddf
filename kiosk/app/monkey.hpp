// SPDX-License-Identifier: Apache-2.0
// monkey.hpp — the `monkey` script command: a seeded random session with the
// memory and texture bounds checked between visitors (monkey.cpp, docs/soak.md).
#pragma once

#include <cstdint>
#include <string>

#include "player.hpp"

namespace madoguchi::app::script {

// `steps` random actions from a PRNG seeded with `seed`, settled and measured
// after `warmup` steps and at every tenth. "" when every bound held (then
// *summary gets the one-line "monkey: …" report); else what went wrong.
std::string run_monkey(Player& p, platform::Window& window, ui::KioskUi& ui, uint64_t seed, long steps, long warmup,
                       std::string* summary);

}  // namespace madoguchi::app::script
