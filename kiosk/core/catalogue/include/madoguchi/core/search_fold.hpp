// SPDX-License-Identifier: Apache-2.0
// search_fold.hpp — the one normalization applied to both the search index and
// the visitor's query, so that 「だるく」「ﾀﾞﾙｸ」「ダルク」 all meet.
//
// Steps: NFKC with case folding (full-width ＡＢＣ and half-width ｶﾅ become
// abc and カナ), katakana → hiragana, small kana → full size (ぁ→あ, っ→つ,
// ゃ→や …), ぢ/づ → じ/ず, the long-vowel mark ー dropped, and everything that is
// not a letter, digit or combining mark (spaces, ・, hyphens, punctuation) dropped
// — except that a run of such separators between two Latin letters becomes one
// space, so that English words keep their boundaries. The result never holds a
// control character, which lets the index use U+001F to separate parts.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::core {

std::string search_fold(std::string_view utf8);

// Number of code points in a UTF-8 string.
size_t utf8_length(std::string_view utf8);

}  // namespace madoguchi::core
