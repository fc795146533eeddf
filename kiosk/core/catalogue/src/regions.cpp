// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/regions.hpp"

namespace madoguchi::core {
namespace {

// JIS X 0401, in code order.
const Prefecture kPrefectures[] = {
    {1, "北海道", "ほっかいどう", "Hokkaido"},   {2, "青森県", "あおもりけん", "Aomori"},
    {3, "岩手県", "いわてけん", "Iwate"},        {4, "宮城県", "みやぎけん", "Miyagi"},
    {5, "秋田県", "あきたけん", "Akita"},        {6, "山形県", "やまがたけん", "Yamagata"},
    {7, "福島県", "ふくしまけん", "Fukushima"},  {8, "茨城県", "いばらきけん", "Ibaraki"},
    {9, "栃木県", "とちぎけん", "Tochigi"},      {10, "群馬県", "ぐんまけん", "Gunma"},
    {11, "埼玉県", "さいたまけん", "Saitama"},   {12, "千葉県", "ちばけん", "Chiba"},
    {13, "東京都", "とうきょうと", "Tokyo"},     {14, "神奈川県", "かながわけん", "Kanagawa"},
    {15, "新潟県", "にいがたけん", "Niigata"},   {16, "富山県", "とやまけん", "Toyama"},
    {17, "石川県", "いしかわけん", "Ishikawa"},  {18, "福井県", "ふくいけん", "Fukui"},
    {19, "山梨県", "やまなしけん", "Yamanashi"}, {20, "長野県", "ながのけん", "Nagano"},
    {21, "岐阜県", "ぎふけん", "Gifu"},          {22, "静岡県", "しずおかけん", "Shizuoka"},
    {23, "愛知県", "あいちけん", "Aichi"},       {24, "三重県", "みえけん", "Mie"},
    {25, "滋賀県", "しがけん", "Shiga"},         {26, "京都府", "きょうとふ", "Kyoto"},
    {27, "大阪府", "おおさかふ", "Osaka"},       {28, "兵庫県", "ひょうごけん", "Hyogo"},
    {29, "奈良県", "ならけん", "Nara"},          {30, "和歌山県", "わかやまけん", "Wakayama"},
    {31, "鳥取県", "とっとりけん", "Tottori"},   {32, "島根県", "しまねけん", "Shimane"},
    {33, "岡山県", "おかやまけん", "Okayama"},   {34, "広島県", "ひろしまけん", "Hiroshima"},
    {35, "山口県", "やまぐちけん", "Yamaguchi"}, {36, "徳島県", "とくしまけん", "Tokushima"},
    {37, "香川県", "かがわけん", "Kagawa"},      {38, "愛媛県", "えひめけん", "Ehime"},
    {39, "高知県", "こうちけん", "Kochi"},       {40, "福岡県", "ふくおかけん", "Fukuoka"},
    {41, "佐賀県", "さがけん", "Saga"},          {42, "長崎県", "ながさきけん", "Nagasaki"},
    {43, "熊本県", "くまもとけん", "Kumamoto"},  {44, "大分県", "おおいたけん", "Oita"},
    {45, "宮崎県", "みやざきけん", "Miyazaki"},  {46, "鹿児島県", "かごしまけん", "Kagoshima"},
    {47, "沖縄県", "おきなわけん", "Okinawa"},
};

const PrefectureRegion kRegions[] = {
    {1, "hokkaido", "北海道", "ほっかいどう", "Hokkaido"}, {2, "tohoku", "東北", "とうほく", "Tohoku"},
    {3, "kanto", "関東", "かんとう", "Kanto"},              {4, "chubu", "中部", "ちゅうぶ", "Chubu"},
    {5, "kinki", "近畿", "きんき", "Kinki"},                {6, "chugoku", "中国", "ちゅうごく", "Chugoku"},
    {7, "shikoku", "四国", "しこく", "Shikoku"},            {8, "kyushu", "九州・沖縄", "きゅうしゅう・おきなわ", "Kyushu and Okinawa"},
};

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

}  // namespace

std::span<const Prefecture> prefectures() { return kPrefectures; }

const Prefecture* find_prefecture(int code) {
    if (code < 1 || code > 47) return nullptr;
    return &kPrefectures[code - 1];
}

std::span<const PrefectureRegion> regions() { return kRegions; }

int prefecture_region(int code) {
    if (code < 1 || code > 47) return 0;
    if (code == 1) return 1;   // 北海道
    if (code <= 7) return 2;   // 青森 … 福島
    if (code <= 14) return 3;  // 茨城 … 神奈川
    if (code <= 23) return 4;  // 新潟 … 愛知
    if (code <= 30) return 5;  // 三重 … 和歌山
    if (code <= 35) return 6;  // 鳥取 … 山口
    if (code <= 39) return 7;  // 徳島 … 高知
    return 8;                  // 福岡 … 沖縄
}

std::optional<int> parse_prefecture_code(std::string_view s) {
    if (s.size() != 2 || !all_digits(s)) return std::nullopt;
    int code = (s[0] - '0') * 10 + (s[1] - '0');
    if (!find_prefecture(code)) return std::nullopt;
    return code;
}

int municipality_check_digit(std::string_view d) {
    int sum = 0;
    for (int i = 0; i < 5; ++i) sum += (d[i] - '0') * (6 - i);
    return (11 - sum % 11) % 10;
}

std::optional<std::string> parse_municipality_code(std::string_view s, std::string* error) {
    if ((s.size() != 5 && s.size() != 6) || !all_digits(s)) {
        if (error) *error = "municipality code \"" + std::string(s) + "\" must be 5 digits, or 6 with the check digit";
        return std::nullopt;
    }
    if (!parse_prefecture_code(s.substr(0, 2))) {
        if (error) *error = "municipality code \"" + std::string(s) + "\" does not start with a prefecture code 01-47";
        return std::nullopt;
    }
    if (s.size() == 6 && municipality_check_digit(s) != s[5] - '0') {
        if (error)
            *error = "municipality code \"" + std::string(s) + "\" has a wrong check digit (expected " +
                     std::to_string(municipality_check_digit(s)) + "); check the code";
        return std::nullopt;
    }
    return std::string(s.substr(0, 5));
}

}  // namespace madoguchi::core
