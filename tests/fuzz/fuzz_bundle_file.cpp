// SPDX-License-Identifier: Apache-2.0
// fuzz_bundle_file.cpp — read_bundle_file on arbitrary bytes (the bundle tar
// arrives on a USB stick). Small limits so that the size checks are in reach.
//
// Invariants: a refusal says why; an accepted bundle's members are within the
// limits, write_bundle_file() of them reads back as the same members, and the
// same input with another block of zero padding at the end reads the same.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "madoguchi/core/bundle_file.hpp"

using namespace madoguchi::core;

namespace {
constexpr BundleLimits kLimits{.max_file_bytes = 4096, .max_signature_bytes = 1024};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> tar(data, size);
    std::string error;
    const auto bundle = read_bundle_file(tar, kLimits, &error);
    if (!bundle) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }
    FUZZ_CHECK(bundle->catalogue.size() <= kLimits.max_file_bytes);
    FUZZ_CHECK(bundle->signature.size() <= kLimits.max_signature_bytes);

    const std::vector<uint8_t> written = write_bundle_file(*bundle);
    const auto again = read_bundle_file(written, kLimits, nullptr);
    FUZZ_CHECK(again && again->catalogue == bundle->catalogue && again->signature == bundle->signature);

    std::vector<uint8_t> padded(tar.begin(), tar.end());
    padded.resize(padded.size() + 512, 0);
    const auto padded_read = read_bundle_file(padded, kLimits, nullptr);
    FUZZ_CHECK(padded_read && padded_read->catalogue == bundle->catalogue &&
               padded_read->signature == bundle->signature);
    return 0;
}
