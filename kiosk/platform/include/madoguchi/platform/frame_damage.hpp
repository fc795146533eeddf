// SPDX-License-Identifier: Apache-2.0
// frame_damage.hpp — which pixels of a frame differ from a frame drawn before,
// worked out from the draw lists alone (no GL), so that the window redraws only
// those (docs/performance.md, "Drawing only what changed").
//
// Why: without a GPU, Mesa's llvmpipe shades every covered pixel on the CPU,
// and a whole 1080p frame cost 17 ms whatever changed in it. A finger dragging
// the results list changes the list's rectangle; a tapped button changes one
// rectangle; a blinking caret a few pixels.
//
// How: the screen is cut into square tiles. Every triangle of the frame, in
// draw order, is hashed with everything that decides its pixels (positions,
// texture coordinates, colours, texture, clip rectangle) and mixed into the
// hash of each tile its clipped bounding box touches. Two frames whose tile
// hashes are equal drew the same triangles, in the same order, over that tile,
// so its pixels are equal too (64-bit hashes: a collision is not a practical
// concern). A tile whose hash differs is damaged. What a triangle cannot show
// is the contents of its texture: the caller says when texels already drawn
// from were overwritten (`textures_rewritten`), and every tile is damaged.
//
// The hashes of the last few frames are kept, so that a back buffer last drawn
// N frames ago (EGL/GLX buffer age) gets exactly the tiles that changed since.
//
// Scrolling: a list dragged by a finger changes every pixel of its rectangle,
// yet most of them were drawn already, one frame up or down. When the UI
// names the scrolled area and its offset (ScrollHint), and the content drawn
// inside it is the same as in the buffer's frame but for that offset (its
// triangles hashed relative to the offset), the plan says to move the pixels
// by the offset's change and redraw only the strip that came into view, the
// tiles where anything else is drawn over the area (a position bar), and the
// tiles along its edges. Moved pixels can differ from a fresh drawing by one
// colour step at a few antialiased edges (float positions do not move by an
// exact whole pixel), so such a frame marks the area approximate, and frames
// that move nothing redraw it, kRefineRows rows a frame (a whole 1080p list
// at once cost 9–13 ms, over the 8 ms a frame may take), until settled():
// a list at rest is pixel-identical to a full redraw (the GUI flows compare
// every screenshot).
// Plain data, no GL: unit-tested headless (tests/platform/test_frame_damage.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

struct ImDrawData;
struct ImDrawVert;

namespace madoguchi::platform {

struct DamageRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // pixels, top-left origin, x1/y1 exclusive
    int width() const { return x1 - x0; }
    int height() const { return y1 - y0; }
    long long area() const { return static_cast<long long>(width()) * height(); }
};

// The scrolled area of a frame: its clip rectangle exactly as pushed for the
// content (pixels; the draw commands with this ClipRect are its content) and
// the scroll offset the content was drawn at (content y = screen y + offset).
struct ScrollHint {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float offset = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
};

// What to do to the back buffer: first move `copy_area`'s pixels by `copy_dy`
// rows (positive: down; rows whose source lies outside the area are left for
// `rects`), then redraw `rects`.
struct RedrawPlan {
    std::vector<DamageRect> rects;
    DamageRect copy_area;
    int copy_dy = 0;  // 0: no move
};

class FrameDamage {
public:
    static constexpr int kTile = 32;         // pixels; a glyph or a caret damages one to four tiles
    static constexpr int kHistory = 4;       // frames remembered (buffer ages 1 … 4)
    static constexpr std::size_t kMaxRects = 8;   // more damaged rectangles are merged (each costs a pass)

    // Hashes the frame about to be drawn: `data` as ImGui::Render left it,
    // cleared to `clear_rgb` at `width` × `height` pixels. Call once per frame
    // before damage_since(); commit() then makes it the newest frame.
    void record(const ImDrawData& data, uint32_t clear_rgb, int width, int height, bool textures_rewritten,
                const ScrollHint& scroll = {});

    // What must be redrawn in a buffer whose contents are the frame drawn
    // `age` frames before this one (1: the last frame). Age 0 (unknown), an
    // age older than the history, another size or textures rewritten: the
    // whole frame. Empty: nothing changed. Merged rectangles may overlap:
    // redrawing a pixel twice gives the same pixel.
    std::vector<DamageRect> damage_since(int age);
    // The same, moving the scrolled area's pixels where that is exact enough
    // (see the top of this file); `allow_move` false: never. Call once per
    // frame, before commit(): a plan that moves pixels marks the frame
    // approximate, and a later plan from it redraws its scrolled area.
    RedrawPlan plan_since(int age, bool allow_move);

    // The recorded frame becomes the newest of the history.
    void commit();
    // Forgets (and wipes) the history: the next frame is damaged whole.
    void forget();

    // The recorded frame (before commit) draws exactly what the newest
    // committed one drew: the same size, clear colour and tile hashes, no
    // texels rewritten, and the newest frame's pixels all drawn exactly (none
    // left approximate by a move). Its pixels are then the ones on screen.
    bool unchanged() const;

    // No approximate pixels left in the newest committed frame. The loop
    // draws frames until it is (the window has no other reason to).
    bool settled() const { return history_count_ == 0 || history_[0].approx.area() == 0; }
    static constexpr int kRefineRows = 192;


private:
    std::vector<DamageRect> rects_of(const std::vector<uint8_t>& damaged) const;
    void hash_content(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c, void* texture);
    static constexpr int kBand = 16;  // content rows per band of the scrolled area
    // What a frame knows of its scrolled area.
    struct Scrolled {
        ScrollHint hint;
        DamageRect area;             // the pixels the content's scissor lets through
        int band0 = 0;               // content rows are hashed in bands of kBand: the first kept
        std::vector<uint64_t> bands; // triangles relative to the offset, per band of content rows
        std::vector<uint8_t> other;  // tiles the area touches that anything else draws on
        bool valid = false;
    };

    int width_ = 0, height_ = 0, cols_ = 0, rows_ = 0;
    bool textures_rewritten_ = false;
    std::vector<uint64_t> current_;
    Scrolled scrolled_;
    DamageRect current_approx_;  // rows of the recorded frame not drawn exactly (plan_since)
    uint32_t clear_rgb_ = 0;
    // history_[0] is the newest committed frame; each knows its own size.
    struct Past {
        int width = 0, height = 0;
        std::vector<uint64_t> tiles;
        Scrolled scrolled;
        DamageRect approx;  // pixels moved, not drawn, and not yet drawn again since
        uint32_t clear_rgb = 0;
    };
    std::array<Past, kHistory> history_{};
    int history_count_ = 0;
};

// The pixels a clip rectangle (window pixels) lets through, as the scissor
// of window.cpp's draw_lists (and of imgui_impl_opengl3 1.86 before it):
// whole pixels by truncation of the corner and of the size, GL rows counted from the bottom; returned in
// rows from the top. A clip of (10.4, 96) – (.., 100.4) lets rows 97–100
// through, not 96: a pass cut to a rectangle must cut this box, not the clip.
DamageRect scissor_pixels(float x0, float y0, float x1, float y1, int height);

// Merges rectangles until at most `max_rects` are left, each time the pair whose
// bounding box adds the least area not already covered. Exposed for tests.
std::vector<DamageRect> merge_damage_rects(std::vector<DamageRect> rects, std::size_t max_rects);

}  // namespace madoguchi::platform
