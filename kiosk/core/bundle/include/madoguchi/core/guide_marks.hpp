// SPDX-License-Identifier: Apache-2.0
// guide_marks.hpp — every sentence of a guide says where its facts come from.
//
// A guide's Japanese text (guides.csv, `summary` and `body`) carries a source
// mark after each sentence: [[key]] names a row of evidence.csv (table
// `guides`, id = the guide, field = key) whose quote holds the sentence's
// fact; [[a;b]] names several; [[-]] says the sentence states no fact (an
// encouragement, a question to the reader) — the reviewer checks those by eye
// (docs/content-style.md). The builder refuses a sentence without a mark and a
// mark without its evidence; the catalogue stores the text with the marks
// taken out. Why marks in the text rather than a column of claims: the claim
// and its proof stay side by side where the writer edits the sentence, so a
// rewritten sentence cannot silently keep an old proof.
//
// A sentence ends at 。！？!? (closing brackets after it still belong to it) or
// at a line break; a mark belongs to the sentence before it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::core {

inline constexpr std::string_view kNoFactMark = "-";

struct MarkedSentence {
    std::string text;                // without marks, trimmed
    std::vector<std::string> marks;  // evidence keys, or kNoFactMark
    size_t offset = 0;               // byte offset of the sentence in the marked text
};

struct MarkProblem {
    size_t offset = 0;  // byte offset in the marked text
    std::string message;
};

struct MarkedText {
    std::string plain;  // the text a visitor reads: marks removed
    std::vector<MarkedSentence> sentences;
    std::vector<MarkProblem> problems;  // malformed marks, sentences without one
};

MarkedText parse_source_marks(std::string_view marked);

// The text with every [[…]] removed, whatever is inside (for display of a
// source whose marks were already checked, and for translations).
std::string strip_source_marks(std::string_view marked);

// True when the text contains "[[" (translations must not carry marks: the
// Japanese original holds the proof).
bool has_source_marks(std::string_view text);

}  // namespace madoguchi::core
