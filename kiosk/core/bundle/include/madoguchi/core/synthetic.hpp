// SPDX-License-Identifier: Apache-2.0
// synthetic.hpp — generated bundle sources for load tests and benchmarks.
//
// The output is a complete source folder (same CSV files as data/sample) whose
// metadata says `synthetic=yes` and whose every record is obviously made up:
// names start with 「合成」, phone numbers use the unassigned 03-0000-NNNN / 06-0000-NNNN blocks
// (a local number never starts with 0), URLs point at example.org. Never ship it.
#pragma once

#include <cstdint>
#include <string>

namespace madoguchi::core {

struct SyntheticOptions {
    int services = 1000;   // spread across the 47 prefectures, ~5% national
    uint64_t seed = 1;     // same seed, same output
};

// Writes the CSV files into `dir` (created if missing). Returns "" or an error.
std::string generate_synthetic_source(const std::string& dir, const SyntheticOptions& options);

}  // namespace madoguchi::core
