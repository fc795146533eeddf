// SPDX-License-Identifier: Apache-2.0
// fuzz_minisign_pubkey.cpp — parse_minisign_public_key on arbitrary text (a
// --pubkey file or the base64 line alone, as an admin may paste it).
//
// Invariants: a refusal says why; an accepted key written back with
// minisign_public_key_file() reads as the same key, and so does that file's
// base64 line alone; its id prints as 16 upper-case hex digits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "madoguchi/core/minisign.hpp"

using namespace madoguchi::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto key = parse_minisign_public_key(text, &error);
    if (!key) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }

    const std::string file = minisign_public_key_file(*key);
    const auto again = parse_minisign_public_key(file, nullptr);
    FUZZ_CHECK(again && again->key_id == key->key_id && again->key == key->key);

    const size_t nl = file.find('\n');
    FUZZ_CHECK(nl != std::string::npos);
    const std::string line = file.substr(nl + 1, file.find('\n', nl + 1) - nl - 1);
    const auto from_line = parse_minisign_public_key(line, nullptr);
    FUZZ_CHECK(from_line && from_line->key_id == key->key_id && from_line->key == key->key);

    const std::string hex = key->key_id_hex();
    FUZZ_CHECK(hex.size() == 16 && hex.find_first_not_of("0123456789ABCDEF") == std::string::npos);
    return 0;
}
