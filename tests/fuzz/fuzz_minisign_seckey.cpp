// SPDX-License-Identifier: Apache-2.0
// fuzz_minisign_seckey.cpp — parse_minisign_secret_key on arbitrary text with
// an empty password (an unencrypted key, as `minisign -G -W` or `keygen`
// without a password writes it; an encrypted one is refused before scrypt).
//
// Invariants: a refusal says why; an accepted key written back unencrypted with
// minisign_secret_key_file() reads as the same key id and key.
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
    const auto key = parse_minisign_secret_key(text, "", &error);
    if (!key) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }
    const auto again = parse_minisign_secret_key(minisign_secret_key_file(*key, ""), "", nullptr);
    FUZZ_CHECK(again && again->key_id == key->key_id && again->key == key->key);
    return 0;
}
