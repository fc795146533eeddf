// SPDX-License-Identifier: Apache-2.0
// fuzz_minisign_verify.cpp — verify_minisign with a fixed trusted key, on a
// fuzzed signature text and fuzzed data. The input is
//     <.minisig text> NUL <signed data>
// (no NUL: all of it is the signature text and the data is empty). The seeds
// are real signatures by the key in fuzz_keys.hpp (ours and stock minisign's).
//
// Invariants: a refusal says why; an accepted signature is by the trusted key,
// its lines 2–4 are exactly what minisign_sign() writes for this data and
// trusted comment (nothing but the untrusted comment, line ends and empty
// trailing lines may vary), and it is refused with no trusted key, with only
// another key trusted, and for the data with one more byte; trusting another
// key as well changes nothing.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_keys.hpp"
#include "madoguchi/core/minisign.hpp"

using namespace madoguchi::core;

namespace {

struct Keys {
    MinisignPublicKey trusted;
    MinisignPublicKey other;
    MinisignSecretKey secret;
};

const Keys* g_keys = nullptr;

// The lines of a text the way verify_minisign splits them: LF, CR before it dropped.
std::vector<std::string_view> lines_of(std::string_view s) {
    std::vector<std::string_view> v;
    size_t start = 0;
    while (start < s.size()) {
        size_t nl = s.find('\n', start);
        if (nl == std::string_view::npos) nl = s.size();
        std::string_view line = s.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        v.push_back(line);
        start = nl + 1;
    }
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    static Keys keys;
    auto pub = parse_minisign_public_key(kFuzzPublicKey, nullptr);
    auto other = parse_minisign_public_key(kFuzzOtherPublicKey, nullptr);
    auto sec = parse_minisign_secret_key(kFuzzSecretKey, "", nullptr);
    FUZZ_CHECK(pub && other && sec && pub->key_id == sec->key_id && other->key_id != pub->key_id);
    keys.trusted = *pub;
    keys.other = *other;
    keys.secret.key_id = sec->key_id;
    keys.secret.key = sec->key;
    g_keys = &keys;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t nul = input.find('\0');
    const std::string_view minisig = input.substr(0, nul);
    const std::string_view signed_text = nul == std::string_view::npos ? std::string_view{} : input.substr(nul + 1);
    const std::span<const uint8_t> signed_data(reinterpret_cast<const uint8_t*>(signed_text.data()), signed_text.size());

    const std::array<MinisignPublicKey, 1> trusted{g_keys->trusted};
    std::string error;
    const auto verified = verify_minisign(signed_data, minisig, trusted, &error);
    if (!verified) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }
    FUZZ_CHECK(verified->key_id == g_keys->trusted.key_id);

    // Ed25519 signatures are deterministic and libsodium refuses malleated
    // ones, so an accepted signature can only be the one we would write.
    const std::string expected = minisign_sign(signed_data, g_keys->secret, verified->trusted_comment);
    const auto got_lines = lines_of(minisig);
    const auto want_lines = lines_of(expected);
    FUZZ_CHECK(got_lines.size() >= 4 && want_lines.size() == 4);
    FUZZ_CHECK(got_lines[1] == want_lines[1]);
    FUZZ_CHECK(got_lines[2] == "trusted comment: " + verified->trusted_comment);
    FUZZ_CHECK(got_lines[3] == want_lines[3]);
    for (size_t i = 4; i < got_lines.size(); ++i) FUZZ_CHECK(got_lines[i].empty());

    std::string why;
    FUZZ_CHECK(!verify_minisign(signed_data, minisig, {}, &why) && !why.empty());
    const std::array<MinisignPublicKey, 1> only_other{g_keys->other};
    why.clear();
    FUZZ_CHECK(!verify_minisign(signed_data, minisig, only_other, &why) && !why.empty());
    std::vector<uint8_t> longer(signed_data.begin(), signed_data.end());
    longer.push_back(0);
    why.clear();
    FUZZ_CHECK(!verify_minisign(longer, minisig, trusted, &why) && !why.empty());
    const std::array<MinisignPublicKey, 2> both{g_keys->other, g_keys->trusted};
    const auto with_both = verify_minisign(signed_data, minisig, both, nullptr);
    FUZZ_CHECK(with_both && with_both->trusted_comment == verified->trusted_comment &&
               with_both->key_id == verified->key_id);
    return 0;
}
