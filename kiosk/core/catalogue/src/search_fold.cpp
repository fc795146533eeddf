// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/search_fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

char32_t fold_kana(char32_t c) {
    // Katakana ァ..ヶ → hiragana ぁ..ゖ (same layout, 0x60 apart).
    if (c >= 0x30A1 && c <= 0x30F6) c -= 0x60;
    switch (c) {  // small → full size, so ぎゃんぶる meets ぎやんぶる-style input
        case U'ぁ': return U'あ';
        case U'ぃ': return U'い';
        case U'ぅ': return U'う';
        case U'ぇ': return U'え';
        case U'ぉ': return U'お';
        case U'っ': return U'つ';
        case U'ゃ': return U'や';
        case U'ゅ': return U'ゆ';
        case U'ょ': return U'よ';
        case U'ゎ': return U'わ';
        case U'ゕ': return U'か';
        case U'ゖ': return U'け';
        case U'ぢ': return U'じ';  // ぢ/じ and づ/ず sound the same; people type either
        case U'づ': return U'ず';
        default: return c;
    }
}

bool keep(char32_t c) {
    // Letters, digits and combining marks carry meaning; the rest (spaces, ・, -, ー,
    // punctuation, symbols) only separates and is dropped from both sides.
    if (c == 0x30FC) return false;  // ー long-vowel mark: アルコホーリクス ~ あるこほりくす
    int8_t type = u_charType(static_cast<UChar32>(c));
    switch (type) {
        case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
        case U_MODIFIER_LETTER: case U_OTHER_LETTER:
        case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
        case U_NON_SPACING_MARK: case U_COMBINING_SPACING_MARK: case U_ENCLOSING_MARK:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::string search_fold(std::string_view in) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    std::string normalized;
    if (U_SUCCESS(status)) {
        icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(in.data(), static_cast<int32_t>(in.size())));
        icu::UnicodeString dst = nfkc_cf->normalize(src, status);
        if (U_SUCCESS(status)) dst.toUTF8String(normalized);
    }
    if (!U_SUCCESS(status)) normalized.assign(in);  // ICU data missing: still fold kana

    // Between two Latin letters a dropped separator becomes one space, so that
    // "aa" does not match across "okinawa and"; elsewhere (kana, kanji, digits:
    // 0120-111-351 → 0120111351) separators simply vanish.
    auto latin = [](char32_t c) {
        UErrorCode e = U_ZERO_ERROR;
        return u_isalpha(static_cast<UChar32>(c)) && uscript_getScript(static_cast<UChar32>(c), &e) == USCRIPT_LATIN;
    };
    std::string out;
    out.reserve(normalized.size());
    size_t i = 0;
    char32_t last = 0;
    bool separated = false;
    while (i < normalized.size()) {
        char32_t c = utf8::next(normalized, i);
        if (!keep(c)) {
            if (c != 0x30FC) separated = true;
            continue;
        }
        if (separated && latin(last) && latin(c)) out += ' ';
        separated = false;
        last = c;
        utf8::append(out, fold_kana(c));
    }
    // A voiced sound mark that was kept apart from its kana (「ｶ ﾞ」, 「か゛」) only
    // meets it once the separator is gone: compose again (NFC), then fold the
    // composed kana (ち+゛ → ぢ → じ), so that folding twice changes nothing.
    if (out.find("\xE3\x82\x99") != std::string::npos || out.find("\xE3\x82\x9A") != std::string::npos) {
        UErrorCode st = U_ZERO_ERROR;
        const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
        if (U_SUCCESS(st)) {
            icu::UnicodeString composed =
                nfc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(out.data(), static_cast<int32_t>(out.size()))), st);
            if (U_SUCCESS(st)) {
                std::string again;
                composed.toUTF8String(again);
                out.clear();
                size_t k = 0;
                while (k < again.size()) utf8::append(out, fold_kana(utf8::next(again, k)));
            }
        }
    }
    return out;
}

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace madoguchi::core
