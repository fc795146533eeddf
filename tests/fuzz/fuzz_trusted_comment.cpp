// SPDX-License-Identifier: Apache-2.0
// fuzz_trusted_comment.cpp — parse_trusted_comment on arbitrary text (the
// trusted comment is signed, but by whoever holds a trusted key; the parser
// must still never misbehave).
//
// Invariants: a refusal says why; on success every key is non-empty and holds
// neither ' ' nor '=', there is one entry per space-separated pair (so no key
// was silently merged), and the map percent-encoded back into a comment parses
// to the same map.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "madoguchi/core/minisign.hpp"

using namespace madoguchi::core;

namespace {

std::string percent_encode(std::string_view v) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : v) {
        if (c > 0x20 && c < 0x7f && c != '%') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view comment(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto pairs = parse_trusted_comment(comment, &error);
    if (!pairs) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }

    // Pairs are separated by single spaces: count them the same way (a final
    // space ends the last pair and starts none).
    size_t count = 0;
    for (size_t start = 0; start < comment.size();) {
        size_t end = comment.find(' ', start);
        if (end == std::string_view::npos) end = comment.size();
        ++count;
        start = end + 1;
    }
    FUZZ_CHECK(pairs->size() == count);

    std::string again;
    for (const auto& [key, value] : *pairs) {
        FUZZ_CHECK(!key.empty());
        FUZZ_CHECK(key.find(' ') == std::string::npos && key.find('=') == std::string::npos);
        if (!again.empty()) again += ' ';
        again += key + "=" + percent_encode(value);
    }
    std::string error2;
    const auto reparsed = parse_trusted_comment(again, &error2);
    FUZZ_CHECK(reparsed && *reparsed == *pairs);
    return 0;
}
