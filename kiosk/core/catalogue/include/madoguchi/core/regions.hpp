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

// The eight regions the setup screen groups prefectures by (地方区分, as
// schoolbooks and the weather service list them): 1 北海道, 2 東北, 3 関東,
// 4 中部, 5 近畿, 6 中国, 7 四国, 8 九州・沖縄. Why a fixed table: a person
// finding their prefecture among 47 buttons finds it faster under its region.
struct PrefectureRegion {
    int code;              // 1..8
    const char* slug;      // "kanto": target names (setup.region.kanto)
    const char* name;      // 関東
    const char* name_kana; // かんとう
    const char* name_en;   // Kanto
};
std::span<const PrefectureRegion> regions();
// The region (1..8) of a prefecture code 1..47; 0 for any other code.
int prefecture_region(int code);

// Parses a 2-digit prefecture code "01".."47".
std::optional<int> parse_prefecture_code(std::string_view s);

// JIS X 0402 check digit of a 5-digit code ((11 - Σ mod 11) mod 10 with weights 6..2).
int municipality_check_digit(std::string_view five_digits);

// Accepts 5 digits, or 6 with a correct check digit; the prefecture part must exist.
// On success returns the 5-digit form; otherwise sets *error.
std::optional<std::string> parse_municipality_code(std::string_view s, std::string* error);

}  // namespace madoguchi::core
