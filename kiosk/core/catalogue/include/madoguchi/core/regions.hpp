// SPDX-License-Identifier: Apache-2.0
// regions.hpp — Japanese prefectures (JIS X 0401) and municipality codes (JIS X 0402).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi::core {

struct Prefecture {
    int code;              // 1..47
    const char* name;      // 大阪府
    const char* name_kana; // おおさかふ
    const char* name_en;   // Osaka
};

std::span<const Prefecture> prefectures();
const Prefecture* find_prefecture(int code);

// Parses a 2-digit prefecture code "01".."47".
std::optional<int> parse_prefecture_code(std::string_view s);

// JIS X 0402 check digit of a 5-digit code ((11 - Σ mod 11) mod 10 with weights 6..2).
int municipality_check_digit(std::string_view five_digits);

// Accepts 5 digits, or 6 with a correct check digit; the prefecture part must exist.
// On success returns the 5-digit form; otherwise sets *error.
std::optional<std::string> parse_municipality_code(std::string_view s, std::string* error);

}  // namespace madoguchi::core
