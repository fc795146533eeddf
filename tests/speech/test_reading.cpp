// SPDX-License-Identifier: Apache-2.0
// test_reading.cpp — what a voice receives for screen text (reading.hpp), as
// a table: ruby, names with name_kana, phone numbers, times, URLs, symbols,
// in Japanese and in the languages espeak-ng reads. What Open JTalk then makes
// of these readings is checked in test_voices.cpp against its own analysis.
#include <doctest/doctest.h>

#include <string>

#include "madoguchi/speech/reading.hpp"

using namespace madoguchi::speech;

namespace {
struct Case {
    const char* lang;
    const char* text;
    const char* expected;
};
}  // namespace

TEST_CASE("readings: the table") {
    ReadingOptions url;
    url.url_word = "ホームページ";
    const Case cases[] = {
        // ruby: the reading, not the base
        {"ja-x-easy", "{相談|そうだん}は {無料|むりょう}です", "そうだんは むりょうです"},
        {"ja", "{大阪|おおさか}ダルク", "おおさかダルク"},
        // malformed ruby: its braces are not read, its text is
        {"ja", "{相談 です", "相談 です"},
        {"ja", "{|よみ}", "よみ"},
        // phone numbers digit by digit, a pause at each hyphen
        {"ja", "相談は0120-111-351です", "相談は0120-111-351です"},
        {"ja", "電話 ０２７−２６３−１１５６", "電話 027-263-1156"},
        {"ja", "＃７１１９", "シャープ ナナ イチ イチ キュウ"},
        {"ja", "0570‐064‐556", "0570-064-556"},
        {"ja", "＃８０００", "シャープ ハチ ゼロ ゼロ ゼロ"},
        {"ja", "119番", "イチ イチ キュウ番"},
        {"ja", "110", "イチ イチ ゼロ"},
        // numbers that are not phone numbers stay numbers
        {"ja", "2024年に100人", "2024年に100人"},
        {"ja", "確認日 2024-04-01", "確認日 2024-04-01"},
        {"ja", "1.5キロ", "1.5キロ"},
        // times
        {"ja", "9:00〜17:00", "9時から17時"},
        {"ja", "月〜金 10:30-16:00", "月から金 10時30分-16時"},
        // URLs: a word, or nothing
        {"ja", "https://example.org/a?b=1 を見る", "ホームページ を見る"},
        {"ja", "www.example.org。", "ホームページ。"},
        // symbols drawn, not said
        {"ja", "→ 次へ ★ 無料※", "次へ 無料"},
        // other languages: digits spaced, pauses as commas, romaji for ruby
        {"en", "Call 0120-111-351 now.", "Call 0 1 2 0, 1 1 1, 3 5 1 now."},
        {"en", "Dial #7119", "Dial # 7 1 1 9"},
        {"en", "{大阪ダルク|おおさかだるく} helps", "oosakadaruku helps"},
        {"pt-BR", "Ligue 03-1234-5678 às 9:00", "Ligue 0 3, 1 2 3 4, 5 6 7 8 às 9:00"},
        {"vi", "Trang web: https://example.org", "Trang web: ホームページ"},
        {"en", "In 2024, 100 people", "In 2024, 100 people"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        CHECK(reading_for_voice(c.text, c.lang, url) == c.expected);
    }
}

TEST_CASE("readings: a URL without a word is dropped") {
    CHECK(reading_for_voice("詳しくは https://example.org/x を", "ja") == "詳しくは を");
    CHECK(reading_for_voice("see www.example.org.", "en") == "see.");
}

TEST_CASE("readings: names with name_kana") {
    CHECK(spoken_name("大阪ダルク", "おおさかだるく") == "{大阪ダルク|おおさかだるく}");
    CHECK(spoken_name("大阪ダルク", "") == "大阪ダルク");
    CHECK(spoken_name("a{b|c}", "よ|み") == "{abc|よみ}");
    CHECK(reading_for_voice("場所: " + spoken_name("堺市こころの健康センター", "さかいしこころのけんこうせんたー"), "ja") ==
          "場所: さかいしこころのけんこうせんたー");
}

TEST_CASE("readings: romaji for voices without Japanese") {
    CHECK(kana_to_romaji("おおさか") == "oosaka");
    CHECK(kana_to_romaji("ダルク") == "daruku");
    CHECK(kana_to_romaji("しゃかいふっき") == "shakaifukki");
    CHECK(kana_to_romaji("ちゅうおうく") == "chuuouku");
    CHECK(kana_to_romaji("じゅんかんき") == "junkanki");
    CHECK(kana_to_romaji("センター") == "sentaa");
    CHECK(kana_to_romaji("ファミリー") == "famirii");
    CHECK(kana_to_romaji("マッチ") == "matchi");
    CHECK(kana_to_romaji("きょうと") == "kyouto");
}

TEST_CASE("readings: what is Japanese") {
    CHECK(is_japanese("ja"));
    CHECK(is_japanese("ja-x-easy"));
    CHECK_FALSE(is_japanese("jav"));
    CHECK_FALSE(is_japanese("en"));
}

TEST_CASE("readings: broken UTF-8 is not passed on") {
    const std::string bad = std::string("a\xff") + "b\xe3\x81";
    CHECK(reading_for_voice(bad, "en") == "a b");
}
