// SPDX-License-Identifier: Apache-2.0
// glyph_atlas.cpp — on-demand FreeType rasterization into shelf-packed pages.
#include "madoguchi/text/glyph_atlas.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstring>

#include "madoguchi/base/secure_clear.hpp"
#include "madoguchi/text/text_layout.hpp"

namespace madoguchi::text {
namespace {

constexpr int kPad = 1;  // empty pixels around each glyph: no bleeding under bilinear sampling

uint64_t key_of(FontId font, uint32_t glyph, int quarter_px) {
    return (static_cast<uint64_t>(font.index) << 48) | (static_cast<uint64_t>(quarter_px & 0xFFFF) << 32) | glyph;
}

}  // namespace

GlyphAtlas::GlyphAtlas(const FontSet& fonts, GlyphAtlasOptions options)
    : fonts_(fonts),
      page_size_(options.page_size > 0 ? options.page_size : 1024),  // why not 512: glyph_atlas.hpp
      budget_(options.byte_budget > 0 ? options.byte_budget : (8u << 20)) {
    // At least one page, whatever the budget says.
    budget_ = std::max(budget_, static_cast<size_t>(page_size_) * page_size_);
}

void GlyphAtlas::evict_page(size_t index) {
    AtlasPage& p = pages_[index];
    for (auto it = map_.begin(); it != map_.end();) {
        if (it->second.page == index) it = map_.erase(it);
        else ++it;
    }
    std::fill(p.pixels.begin(), p.pixels.end(), 0);
    p.shelf_y = p.shelf_h = p.cursor_x = 0;
    p.generation++;
    evictions_++;
}

bool GlyphAtlas::place(int w, int h, uint16_t& page, uint16_t& x, uint16_t& y) {
    const int W = w + kPad, H = h + kPad;
    if (W > page_size_ || H > page_size_) return false;
    auto try_page = [&](size_t i) {
        AtlasPage& p = pages_[i];
        if (p.cursor_x + W > page_size_) {  // next shelf
            p.shelf_y += p.shelf_h;
            p.shelf_h = 0;
            p.cursor_x = 0;
        }
        if (p.shelf_y + H > page_size_) return false;
        x = static_cast<uint16_t>(p.cursor_x);
        y = static_cast<uint16_t>(p.shelf_y);
        p.cursor_x += W;
        p.shelf_h = std::max(p.shelf_h, H);
        page = static_cast<uint16_t>(i);
        return true;
    };
    // Only the newest page has room worth trying; older ones are full or being reused.
    for (size_t i = 0; i < pages_.size(); ++i)
        if (pages_[i].shelf_y + std::max(pages_[i].shelf_h, H) <= page_size_ && try_page(i)) return true;
    const size_t page_bytes = static_cast<size_t>(page_size_) * page_size_;
    if ((pages_.size() + 1) * page_bytes <= budget_) {
        AtlasPage p;
        p.pixels.assign(page_bytes, 0);
        pages_.push_back(std::move(p));
        return try_page(pages_.size() - 1);
    }
    // Budget reached: empty the least recently used page and use it.
    size_t lru = 0;
    for (size_t i = 1; i < pages_.size(); ++i)
        if (pages_[i].last_used < pages_[lru].last_used) lru = i;
    evict_page(lru);
    return try_page(lru);
}

const AtlasGlyph* GlyphAtlas::get(FontId font, uint32_t glyph, float size_px) {
    const int quarter = std::max(1, static_cast<int>(std::lround(size_px * 4)));
    const uint64_t key = key_of(font, glyph, quarter);
    auto it = map_.find(key);
    if (it != map_.end()) {
        pages_[it->second.page].last_used = frame_;
        return &it->second;
    }
    FT_Face face = fonts_.ft_face(font);
    if (FT_Set_Char_Size(face, 0, static_cast<FT_F26Dot6>(quarter * 16), 72, 72) != 0) return nullptr;
    // Light hinting: crisp vertical stems without distorting CJK shapes.
    if (FT_Load_Glyph(face, glyph, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT) != 0) return nullptr;
    if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0) return nullptr;
    const FT_Bitmap& bm = face->glyph->bitmap;
    AtlasGlyph g;
    g.left = static_cast<int16_t>(face->glyph->bitmap_left);
    g.top = static_cast<int16_t>(face->glyph->bitmap_top);
    if (bm.width > 0 && bm.rows > 0) {
        if (!place(static_cast<int>(bm.width), static_cast<int>(bm.rows), g.page, g.x, g.y)) return nullptr;
        g.w = static_cast<uint16_t>(bm.width);
        g.h = static_cast<uint16_t>(bm.rows);
        AtlasPage& p = pages_[g.page];
        for (unsigned r = 0; r < bm.rows; ++r)
            std::memcpy(&p.pixels[static_cast<size_t>(g.y + r) * page_size_ + g.x], bm.buffer + static_cast<ptrdiff_t>(r) * bm.pitch, bm.width);
        p.generation++;
        p.last_used = frame_;
    }
    return &(map_[key] = g);
}

void GlyphAtlas::wipe() {
    ++wipes_;
    map_.clear();
    for (auto& p : pages_) base::secure_clear(p.pixels);
    pages_.clear();
}

void rasterize_glyphs(const TextLayout& layout, GlyphAtlas& atlas) {
    for (const PositionedGlyph& pg : layout.glyphs) (void)atlas.get(pg.font, pg.glyph, pg.size_px);
}

}  // namespace madoguchi::text
