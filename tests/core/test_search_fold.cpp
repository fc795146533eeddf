// SPDX-License-Identifier: Apache-2.0
// test_search_fold.cpp — the normalization shared by the search index and the
// visitor's query (search_fold.hpp).
#include <doctest/doctest.h>

#include <string>

#include "madoguchi/core/search_fold.hpp"

using namespace madoguchi::core;

namespace {

struct FoldRow {
    const char* in;
    const char* out;
};

// Every row is also checked for idempotence: fold(fold(x)) == fold(x).
const FoldRow kRows[] = {
    // Katakana, half-width katakana and hiragana meet.
    {"ダルク", "だるく"},
    {"ﾀﾞﾙｸ", "だるく"},
    {"だるく", "だるく"},
    {"ﾊﾟﾁﾝｺ", "ぱちんこ"},
    // Full-width and upper-case Latin fold to lower-case ASCII.
    {"ＤＡＲＣ", "darc"},
    {"DARC", "darc"},
    {"Darc", "darc"},
    // ー and ・ are dropped.
    {"アルコホーリクス・アノニマス", "あるこほりくすあのにます"},
    {"ｱﾙｺｰﾙ", "あるこる"},
    {"ゲーム", "げむ"},
    // Small kana become full size.
    {"ギャンブル", "ぎやんぶる"},
    {"ぎゃんぶる", "ぎやんぶる"},
    {"ｷﾞｬﾝﾌﾞﾙ", "ぎやんぶる"},
    {"ぁぃぅぇぉっゃゅょゎ", "あいうえおつやゆよわ"},
    {"ァィゥェォッャュョヮ", "あいうえおつやゆよわ"},
    {"ヵヶ", "かけ"},
    {"サポート", "さぽと"},  // ポ keeps its handakuten (ぽ, not ほ)
    // ヴ, ぢ, づ
    {"ヴ", "ゔ"},
    {"ゔ", "ゔ"},
    {"ぢ", "じ"},
    {"づ", "ず"},
    {"ヂヅ", "じず"},
    {"ちぢみ", "ちじみ"},
    // Digits: separators vanish.
    {"0120-111-351", "0120111351"},
    {"０１２０－１１１－３５１", "0120111351"},
    {"0120 111 351", "0120111351"},
    // Latin words keep one space between them.
    {"Alcoholics  Anonymous", "alcoholics anonymous"},
    {"Alcoholics Anonymous", "alcoholics anonymous"},
    {"Ｎａｒｃｏｔｉｃｓ　Ａｎｏｎｙｍｏｕｓ", "narcotics anonymous"},
    {"A.A.", "a a"},
    {"AA・NA", "aa na"},
    {"  leading and trailing  ", "leading and trailing"},
    {"self-help", "self help"},
    {"okinawa and nara", "okinawa and nara"},
    // Between Latin and other scripts or digits, separators vanish.
    {"AA 大阪", "aa大阪"},
    {"大阪 AA", "大阪aa"},
    {"route 66", "route66"},
    {"ダルク DARC", "だるくdarc"},
    // Kanji pass through; compatibility characters are decomposed.
    {"依存症 相談", "依存症相談"},
    {"㈱", "株"},
    {"①", "1"},
    // Control characters never survive (the index uses U+001F as separator).
    {"a\tb", "a b"},
    {"a\x1f" "b", "a b"},
    {"\x1f", ""},
    {"だる\nく", "だるく"},
    // Nothing meaningful left.
    {"", ""},
    {"・、。！？ -", ""},
    {"ーー", ""},
    {"　", ""},
};

}  // namespace

TEST_CASE("search_fold: table of inputs") {
    for (const FoldRow& r : kRows) {
        CAPTURE(std::string(r.in));
        CHECK(search_fold(r.in) == std::string(r.out));
    }
}

TEST_CASE("search_fold: idempotent on every row") {
    for (const FoldRow& r : kRows) {
        CAPTURE(std::string(r.in));
        const std::string once = search_fold(r.in);
        CHECK(search_fold(once) == once);
    }
}

TEST_CASE("search_fold: the three spellings of DARC meet") {
    const std::string a = search_fold("ダルク");
    CHECK(a == search_fold("ﾀﾞﾙｸ"));
    CHECK(a == search_fold("だるく"));
    CHECK(search_fold("ギャンブル") == search_fold("ぎやんぶる"));
    CHECK(search_fold("アルコホーリクス・アノニマス") == search_fold("あるこほりくす あのにます"));
}

TEST_CASE("search_fold: Latin word boundaries do not leak matches") {
    const std::string f = search_fold("okinawa and nara");
    CHECK(f.find("aa") == std::string::npos);
    CHECK(f.find("wa an") != std::string::npos);
    // Whatever separates the words, it becomes exactly one space.
    for (const char* s : {"okinawa-and-nara", "okinawa・and・nara", "okinawa / and / nara", "okinawa\tand\nnara",
                          "ＯＫＩＮＡＷＡ　ＡＮＤ　ＮＡＲＡ"}) {
        CAPTURE(std::string(s));
        CHECK(search_fold(s) == "okinawa and nara");
    }
}

TEST_CASE("search_fold: output holds no control character") {
    for (const char* s : {"a\x01" "b", "\x1f" "x\x1f", "line1\r\nline2", "tab\tsep", "\x7f" "del"}) {
        CAPTURE(std::string(s));
        const std::string f = search_fold(s);
        for (char c : f) {
            const unsigned char u = static_cast<unsigned char>(c);
            CHECK((u >= 0x20 && u != 0x7F));
        }
    }
}

// A voiced sound mark written as a separate spacing character (゛ U+309B, ゜ U+309C)
// or after a small kana that folds to a full-size one must end up composed, so that
// it meets the precomposed kana and a second fold changes nothing.
TEST_CASE("search_fold: separated voiced sound marks compose like the precomposed kana") {
    const FoldRow rows[] = {
        {"か゛", "が"},         // か + U+309B
        {"カ゛", "が"},
        {"ｶ ﾞ", "が"},          // half-width with a space in between
        {"は゜", "ぱ"},         // は + U+309C
        {"っ\u3099", "ず"},     // small っ + combining dakuten: っ→つ, つ+U+3099 = づ → ず
        {"ぅ\u3099", "ゔ"},
    };
    for (const FoldRow& r : rows) {
        CAPTURE(std::string(r.in));
        const std::string once = search_fold(r.in);
        CAPTURE(utf8_length(once));  // 2 when the mark was left uncomposed
        CHECK(once == std::string(r.out));
        CHECK(search_fold(once) == once);
    }
}

TEST_CASE("utf8_length counts code points") {
    CHECK(utf8_length("") == 0);
    CHECK(utf8_length("abc") == 3);
    CHECK(utf8_length("だるく") == 3);
    CHECK(utf8_length("ﾀﾞﾙｸ") == 4);  // ﾞ is its own code point
    CHECK(utf8_length("AA 大阪") == 5);
    CHECK(utf8_length("é") == 1);
    CHECK(utf8_length("😀") == 1);
    CHECK(utf8_length("𠮷野家") == 3);
    CHECK(utf8_length(search_fold("ﾀﾞﾙｸ")) == 3);  // folded: だるく
}
