// SPDX-License-Identifier: Apache-2.0
// glyph_atlas.hpp — glyphs rasterized by FreeType on demand into single-channel
// pages, keyed by (font, glyph, size), within a byte budget.
//
// Why on demand: baking every kanji at every kiosk size up front costs hundreds
// of MB and most of a second; a screen shows a few hundred distinct glyphs.
// When the budget is reached the least recently used page is emptied whole
// (shelf packing cannot free single glyphs), and drawn again on next use.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "madoguchi/text/font_set.hpp"

namespace madoguchi::text {

// Why 1024² pages, not 512² (tried for issue 22): smaller pages saved 2 MiB on
// the attract screen, but a session's text then filled more of them, each paid
// twice (these pixels and the GL texture, ordinary memory under Mesa's
// software renderer), and the soak (GUI flow monkey_soak) saw the heap between
// sessions grow by 18 MiB, against 4 MiB allowed. Where a glyph sits in a page
// never changes its pixels on screen (quads map texels 1:1; tested).
struct GlyphAtlasOptions {
    int page_size = 0;         // width = height of a page in pixels; 0 → 1024
    size_t byte_budget = 0;    // all pages together; 0 → 8 MiB (8 pages of 1024²)
};

struct AtlasGlyph {
    uint16_t page = 0;
    uint16_t x = 0, y = 0, w = 0, h = 0;  // in the page; w == 0: nothing to draw (space)
    int16_t left = 0, top = 0;            // bitmap offset from the pen position (top = up)
};

struct AtlasPage {
    std::vector<uint8_t> pixels;  // page_size², coverage 0..255
    uint32_t generation = 0;      // changes whenever pixels change (re-upload)
    uint64_t last_used = 0;
    int shelf_y = 0, shelf_h = 0, cursor_x = 0;  // shelf packer
};

class GlyphAtlas {
public:
    GlyphAtlas(const FontSet& fonts, GlyphAtlasOptions options = {});

    // The glyph at a pixel size (quantized to 1/4 px), rasterizing it if needed.
    // Returns nullptr only if FreeType fails or the glyph is larger than a page.
    const AtlasGlyph* get(FontId font, uint32_t glyph, float size_px);

    // Marks a new frame for least-recently-used eviction.
    void next_frame() { ++frame_; }

    const std::vector<AtlasPage>& pages() const { return pages_; }
    int page_size() const { return page_size_; }
    size_t glyph_count() const { return map_.size(); }
    size_t bytes() const { return pages_.size() * static_cast<size_t>(page_size_) * page_size_; }
    size_t byte_budget() const { return budget_; }
    uint64_t evictions() const { return evictions_; }
    // Counts wipe() calls, so that GPU copies of the pages can tell they are stale
    // even if the atlas has been refilled since.
    uint64_t wipe_count() const { return wipes_; }

    // Zeroes every page and forgets every glyph (session end).
    void wipe();

private:
    bool place(int w, int h, uint16_t& page, uint16_t& x, uint16_t& y);
    void evict_page(size_t index);

    const FontSet& fonts_;
    int page_size_;
    size_t budget_;
    uint64_t frame_ = 1;
    uint64_t evictions_ = 0;
    uint64_t wipes_ = 0;
    std::vector<AtlasPage> pages_;
    std::unordered_map<uint64_t, AtlasGlyph> map_;
};

struct TextLayout;

// Rasterizes every glyph `layout` shows into `atlas`, as drawing it would
// (ImGuiTextRenderer::draw, draw_layout), without drawing: for a first frame
// prepared on another thread than the one with the GL context (KioskUi::rehearse_first_frame).
void rasterize_glyphs(const TextLayout& layout, GlyphAtlas& atlas);

}  // namespace madoguchi::text
