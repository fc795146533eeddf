// SPDX-License-Identifier: Apache-2.0
// reading.hpp — the text a voice receives: what is on screen, made speakable.
//
// Why a separate step: a speech engine reads what it is given, and what the
// kiosk shows is not always what should be heard. Our Japanese carries its own
// readings in the text engine's ruby markup ({相談|そうだん}, docs/text.md), and
// names carry the reading the data gives (name_kana): the voice must use those
// rather than guess, so that 大阪ダルク is read as the bundle says. A phone number
// must be heard digit by digit (Open JTalk reads #7119 as 七千百十九), a time like
// 9:00 as 9時 and not "nine, zero zero", and a URL is no use read aloud letter by
// letter. These are pure functions so that a table of cases tests them headless;
// the Speaker calls them on its worker thread just before synthesis.
//
// What comes out:
//   ja, ja-x-easy (Open JTalk)
//     {漢字|かんじ}                → かんじ (the reading, not the base)
//     0120-111-351, ０６－…        → 0120-111-351 (ASCII, as written: Open JTalk reads a
//                                  number that starts with 0 digit by digit, pausing
//                                  at the hyphens only; test_voices.cpp checks it)
//     #7119                      → シャープ ナナ イチ イチ キュウ (it would say 七千百十九)
//     119番 / 110 (alone)        → イチ イチ キュウ番
//     9:00 / 17:30               → 9時 / 17時30分;  〜 between them → から
//     https://…, www.…           → options.url_word (e.g. 「ホームページ」), or nothing
//   other languages (espeak-ng)
//     {漢字|かんじ}                → kanji (the reading in Hepburn romaji: espeak has no
//                                  Japanese, and a name it cannot read is skipped)
//     0120-111-351               → 0 1 2 0, 1 1 1, 3 5 1
//     URLs                       → options.url_word
// Markup a voice would otherwise read aloud or stumble on (arrows, stars,
// bullets, ruby braces) is removed. Text that is not markup stays as it is.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::speech {

// The key in assets/strings/<lang>.toml of the word said in place of a URL
// (the lead's code looks it up and puts it in ReadingOptions::url_word).
inline constexpr const char* kUrlWordKey = "speech.url";

struct ReadingOptions {
    // Said instead of each URL (from kUrlWordKey in the screen's language);
    // "" drops the URL.
    std::string url_word;
};

// True for the languages Open JTalk reads (ja, ja-x-easy and ja-*).
bool is_japanese(std::string_view lang);

// The text for the voice of `lang` (see above). `text` is UTF-8 as shown on
// screen, with the kiosk's ruby markup.
std::string reading_for_voice(std::string_view text, std::string_view lang, const ReadingOptions& options = {});

// A name to be spoken with the reading the data gives: "{name|name_kana}" in
// the ruby markup (name alone when name_kana is empty). reading_for_voice then
// reads it as the kana in Japanese and in romaji in the other languages.
// Characters of the markup inside either part are dropped.
std::string spoken_name(std::string_view name, std::string_view name_kana);

// Hiragana and katakana → Hepburn romaji ("おおさか" → "oosaka", "ダルク" →
// "daruku"); other characters are kept.
std::string kana_to_romaji(std::string_view kana);

}  // namespace madoguchi::speech
