// SPDX-License-Identifier: Apache-2.0
// font_set.hpp — the fonts the kiosk draws with, loaded once.
//
// Each font file is opened and memory-mapped once, and shared by HarfBuzz
// (shaping, through the mapping) and FreeType (rasterizing, with pread: see
// MappedFile in font_set.cpp) at every size: the CJK collection is ~20 MB and holds
// the Japanese, Simplified Chinese and Korean faces, so it must not be read per
// face or per size. Faces are chosen per language (JP glyph forms for ja, SC for
// zh-Hans, KR for ko) and per code point (fallback along a chain), so nothing
// falls to a tofu box while any font has the character. The three CJK faces
// share one FreeType face (their outlines are the same bytes of the
// collection); HarfBuzz keeps a face each, for their own cmap and GSUB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

struct hb_font_t;
typedef struct FT_FaceRec_* FT_Face;

namespace madoguchi::text {

// Typed handle of a face in a FontSet (index into its table).
struct FontId {
    uint16_t index = 0xFFFF;
    bool valid() const { return index != 0xFFFF; }
    friend bool operator==(FontId, FontId) = default;
};

enum class FontFace : uint8_t { cjk_jp, cjk_sc, cjk_kr, latin, devanagari, count };

struct FontSetOptions {
    // Empty: the Debian package paths, else whatever fontconfig finds.
    std::string cjk_path = {};         // fonts-noto-cjk: NotoSansCJK-Regular.ttc
    std::string latin_path = {};       // fonts-noto-core: NotoSans-Regular.ttf
    std::string devanagari_path = {};  // fonts-noto-core: NotoSansDevanagari-Regular.ttf
};

struct FontMetrics {
    float ascender = 0;   // in em (positive, above the baseline)
    float descender = 0;  // in em (positive, below the baseline)
};

class FontSet {
public:
    // Loads every face; on failure says which font is missing and which Debian
    // package provides it.
    static std::unique_ptr<FontSet> load(const FontSetOptions& options, std::string* error);
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    FontId face(FontFace f) const { return FontId{static_cast<uint16_t>(f)}; }
    // Fallback chain for a language tag ("ja", "ja-x-easy", "zh-Hans", "ko", "ne", "en", …).
    std::span<const FontId> chain(std::string_view lang) const;
    // First font of the chain that has the code point (nominal glyph), or an invalid id.
    FontId font_for(char32_t cp, std::span<const FontId> chain) const;
    bool has_glyph(FontId font, char32_t cp) const;

    hb_font_t* hb_font(FontId font) const;  // scale = units per em
    FT_Face ft_face(FontId font) const;
    int units_per_em(FontId font) const;
    FontMetrics metrics(FontId font) const;
    std::string name(FontId font) const;
    std::string path(FontId font) const;
    size_t mapped_bytes() const;  // size of all mapped files (shared pages, not heap)

private:
    FontSet();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::text
