// SPDX-License-Identifier: Apache-2.0
// frame_damage.cpp — tile hashes of a frame's draw lists (frame_damage.hpp).
//
// Cost: one pass over the frame's triangles, a few multiplications each, and
// one mix per tile a triangle touches. The 20k results list while scrolling has
// about 9,000 triangles at 1080p: 0.1–0.2 ms (bench-scroll's UI figure includes it).
#include "madoguchi/platform/frame_damage.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace madoguchi::platform {
namespace {

// A 64-bit mix (the finalizer of splitmix64): every input bit reaches every
// output bit, so a position that moved by 1/256 px changes the hash.
inline uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBULL;
    h ^= h >> 31;
    return h;
}

inline uint64_t bits(float f) {
    uint32_t u = 0;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

inline uint64_t vertex_hash(const ImDrawVert& v) {
    return mix(mix(bits(v.pos.x) << 32 | bits(v.pos.y), bits(v.uv.x) << 32 | bits(v.uv.y)), v.col);
}

}  // namespace

DamageRect scissor_pixels(float x0, float y0, float x1, float y1, int height) {
    const int sx = static_cast<int>(x0), sw = static_cast<int>(x1 - x0), sh = static_cast<int>(y1 - y0);
    const int gl_y = static_cast<int>(static_cast<float>(height) - y1);
    return DamageRect{sx, height - gl_y - sh, sx + sw, height - gl_y};
}

void FrameDamage::record(const ImDrawData& data, uint32_t clear_rgb, int width, int height, bool textures_rewritten,
                         const ScrollHint& scroll) {
    width_ = std::max(0, width);
    height_ = std::max(0, height);
    cols_ = (width_ + kTile - 1) / kTile;
    rows_ = (height_ + kTile - 1) / kTile;
    textures_rewritten_ = textures_rewritten;
    current_approx_ = DamageRect{};
    clear_rgb_ = clear_rgb;
    const uint64_t start = mix(clear_rgb, 0x6d61646f67756368ULL);  // the clear colour is under every tile
    current_.assign(static_cast<size_t>(cols_) * rows_, start);
    const ImVec2 off = data.DisplayPos;
    // The scrolled area: its tiles (wholly inside) and its content's hash.
    scrolled_ = Scrolled{};
    int in_tx0 = 0, in_ty0 = 0, in_tx1 = -1, in_ty1 = -1;  // tiles the area touches (inclusive)
    if (!scroll.empty()) {
        scrolled_.hint = scroll;
        scrolled_.area = scissor_pixels(scroll.x0 - off.x, scroll.y0 - off.y, scroll.x1 - off.x, scroll.y1 - off.y, height_);
        const DamageRect& a = scrolled_.area;
        scrolled_.valid = a.x0 >= 0 && a.y0 >= 0 && a.x1 <= width_ && a.y1 <= height_ && a.width() > 0 && a.height() > 0;
        if (scrolled_.valid) {
            in_tx0 = a.x0 / kTile, in_ty0 = a.y0 / kTile;
            in_tx1 = (a.x1 - 1) / kTile, in_ty1 = (a.y1 - 1) / kTile;
        }
        scrolled_.other.assign(current_.size(), 0);
        // Bands of content rows from just above the area to just below it; a
        // band starts with the clear colour (it shows between the shapes) and
        // the area's size.
        scrolled_.band0 = static_cast<int>(std::floor((static_cast<float>(a.y0) + scroll.offset) / kBand)) - 1;
        const int band1 = static_cast<int>(std::floor((static_cast<float>(a.y1) + scroll.offset) / kBand)) + 1;
        scrolled_.bands.assign(static_cast<size_t>(std::max(0, band1 - scrolled_.band0 + 1)),
                               mix(mix(0x7363726f6c6cULL, bits(scroll.x1 - scroll.x0) << 32 | bits(scroll.y1 - scroll.y0)), clear_rgb));
    }
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList* list = data.CmdLists[l];
        const ImDrawVert* vtx = list->VtxBuffer.Data;
        const ImDrawIdx* idx = list->IdxBuffer.Data;
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                // Whatever a callback draws is unknown here: damage everything.
                textures_rewritten_ = true;
                continue;
            }
            // The clip rectangle as the GL backend turns it into a scissor
            // (whole pixels, truncated), in window pixels.
            const float cx0 = std::max(0.f, cmd.ClipRect.x - off.x), cy0 = std::max(0.f, cmd.ClipRect.y - off.y);
            const float cx1 = std::min(static_cast<float>(width_), cmd.ClipRect.z - off.x);
            const float cy1 = std::min(static_cast<float>(height_), cmd.ClipRect.w - off.y);
            if (cx1 <= cx0 || cy1 <= cy0) continue;  // the backend skips it too
            const uint64_t cmd_hash =
                mix(mix(bits(cx0) << 32 | bits(cy0), bits(cx1) << 32 | bits(cy1)), reinterpret_cast<uintptr_t>(cmd.TextureId));
            // Content of the scrolled area: exactly its clip rectangle.
            const bool content = scrolled_.valid && cmd.ClipRect.x == scroll.x0 && cmd.ClipRect.y == scroll.y0 &&
                                 cmd.ClipRect.z == scroll.x1 && cmd.ClipRect.w == scroll.y1;
            const ImDrawVert* base = vtx + cmd.VtxOffset;
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawVert& a = base[idx[cmd.IdxOffset + i]];
                const ImDrawVert& b = base[idx[cmd.IdxOffset + i + 1]];
                const ImDrawVert& c = base[idx[cmd.IdxOffset + i + 2]];
                if (content) hash_content(a, b, c, cmd.TextureId);
                // The triangle's bounding box, widened to whole pixels and one
                // more (a pixel whose centre lies on an edge), cut by the clip.
                const float x0 = std::max(cx0, std::floor(std::min({a.pos.x, b.pos.x, c.pos.x}) - off.x) - 1.f);
                const float y0 = std::max(cy0, std::floor(std::min({a.pos.y, b.pos.y, c.pos.y}) - off.y) - 1.f);
                const float x1 = std::min(cx1, std::ceil(std::max({a.pos.x, b.pos.x, c.pos.x}) - off.x) + 1.f);
                const float y1 = std::min(cy1, std::ceil(std::max({a.pos.y, b.pos.y, c.pos.y}) - off.y) + 1.f);
                if (x1 <= x0 || y1 <= y0) continue;  // wholly clipped away: draws nothing
                const uint64_t tri = mix(mix(mix(cmd_hash, vertex_hash(a)), vertex_hash(b)), vertex_hash(c));
                const int tx0 = static_cast<int>(x0) / kTile, ty0 = static_cast<int>(y0) / kTile;
                const int tx1 = std::min(cols_ - 1, (static_cast<int>(std::ceil(x1)) - 1) / kTile);
                const int ty1 = std::min(rows_ - 1, (static_cast<int>(std::ceil(y1)) - 1) / kTile);
                for (int ty = ty0; ty <= ty1; ++ty) {
                    uint64_t* row = &current_[static_cast<size_t>(ty) * cols_];
                    for (int tx = tx0; tx <= tx1; ++tx) row[tx] = mix(row[tx], tri);
                }
                if (content) {
                } else if (scrolled_.valid) {
                    // Anything else drawn on a tile the area touches: that tile is redrawn.
                    for (int ty = std::max(ty0, in_ty0); ty <= std::min(ty1, in_ty1); ++ty)
                        for (int tx = std::max(tx0, in_tx0); tx <= std::min(tx1, in_tx1); ++tx)
                            scrolled_.other[static_cast<size_t>(ty) * cols_ + tx] = 1;
                }
            }
        }
    }
}

// A triangle of the scrolled content, into the bands of content rows its
// bounding box touches, whether or not it is clipped away: a card is drawn
// whole or not at all, so a band seen whole in two frames holds the same
// triangles in both. Positions are taken relative to the offset and to
// 1/16 px: a list moved by whole pixels hashes the same although its float
// positions may differ in the last bits (such a frame is approximate).
void FrameDamage::hash_content(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c, void* texture) {
    const float off = scrolled_.hint.offset;
    auto rel = [&](const ImDrawVert& v) {
        const int64_t qx = std::llround(v.pos.x * 16.f), qy = std::llround((v.pos.y + off) * 16.f);
        return mix(mix(static_cast<uint64_t>(qx) << 32 ^ static_cast<uint64_t>(qy), bits(v.uv.x) << 32 | bits(v.uv.y)), v.col);
    };
    const float top = std::min({a.pos.y, b.pos.y, c.pos.y}) + off - 1.f, bottom = std::max({a.pos.y, b.pos.y, c.pos.y}) + off + 1.f;
    const int last = scrolled_.band0 + static_cast<int>(scrolled_.bands.size()) - 1;
    const int b0 = std::max(scrolled_.band0, static_cast<int>(std::floor(top / kBand)));
    const int b1 = std::min(last, static_cast<int>(std::floor(bottom / kBand)));
    if (b1 < b0) return;
    const uint64_t tri = mix(mix(mix(reinterpret_cast<uintptr_t>(texture), rel(a)), rel(b)), rel(c));
    for (int k = b0; k <= b1; ++k) {
        uint64_t& band = scrolled_.bands[static_cast<size_t>(k - scrolled_.band0)];
        band = mix(band, tri);
    }
}

std::vector<DamageRect> FrameDamage::damage_since(int age) { return plan_since(age, false).rects; }

RedrawPlan FrameDamage::plan_since(int age, bool allow_move) {
    RedrawPlan out;
    const DamageRect whole{0, 0, width_, height_};
    if (width_ == 0 || height_ == 0) return out;
    if (age < 1 || age > history_count_ || textures_rewritten_) {
        out.rects = {whole};
        return out;
    }
    const Past& then = history_[static_cast<size_t>(age - 1)];
    if (then.width != width_ || then.height != height_) {
        out.rects = {whole};
        return out;
    }
    const Scrolled& was = then.scrolled;
    const Scrolled& now = scrolled_;
    // Move the scrolled area? Same area, an offset changed by whole pixels,
    // less than the area's height.
    int dy = 0;
    // Pixels beside the area in the tiles it touches are taken to be the clear
    // colour: not when that changed.
    if (allow_move && now.valid && was.valid && clear_rgb_ == then.clear_rgb && now.hint.x0 == was.hint.x0 && now.hint.y0 == was.hint.y0 &&
        now.hint.x1 == was.hint.x1 && now.hint.y1 == was.hint.y1) {
        const float d = was.hint.offset - now.hint.offset;  // content up (offset grows): pixels move up
        if (d == std::round(d) && std::fabs(d) < static_cast<float>(now.area.height())) dy = static_cast<int>(d);
    }
    std::vector<uint8_t> damaged(current_.size());
    std::vector<DamageRect> extra;
    const DamageRect& a = now.area;
    auto touched = [&](int tx, int ty) { return tx * kTile < a.x1 && (tx + 1) * kTile > a.x0 && ty * kTile < a.y1 && (ty + 1) * kTile > a.y0; };
    for (int ty = 0; ty < rows_; ++ty)
        for (int tx = 0; tx < cols_; ++tx) {
            const size_t i = static_cast<size_t>(ty) * cols_ + tx;
            if (dy != 0 && touched(tx, ty)) {
                // Moved, not compared. Its pixels inside the area are the same
                // content one offset away; outside it only the clear colour
                // unless something else is drawn on the tile. Redrawn where
                // something else is drawn on it now, or was where its pixels
                // came from.
                damaged[i] = now.other[i] || was.other[i];
                if (was.other[i]) extra.push_back({tx * kTile, ty * kTile + dy, (tx + 1) * kTile, (ty + 1) * kTile + dy});
            } else {
                damaged[i] = current_[i] != then.tiles[i];
            }
        }
    if (dy != 0) {
        // The strip that came into view.
        extra.push_back(dy < 0 ? DamageRect{a.x0, a.y1 + dy, a.x1, a.y1} : DamageRect{a.x0, a.y0, a.x1, a.y0 + dy});
        // Content rows seen in both frames: where a band differs, or is seen
        // only in part (its other part may hold shapes drawn in one frame
        // only), its rows are drawn again.
        const float off_now = now.hint.offset;
        const int lo = std::max(a.y0, a.y0 + dy), hi = std::min(a.y1, a.y1 + dy);  // screen rows (now) whose pixels are moved
        for (int k = std::max(now.band0, was.band0); k < std::min(now.band0 + static_cast<int>(now.bands.size()),
                                                                  was.band0 + static_cast<int>(was.bands.size()));
             ++k) {
            const int r0 = static_cast<int>(std::floor(static_cast<float>(k * kBand) - off_now));
            const int r1 = static_cast<int>(std::ceil(static_cast<float>((k + 1) * kBand) - off_now));
            if (r1 <= lo || r0 >= hi) continue;
            const bool whole = r0 >= lo && r1 <= hi;
            if (!whole || now.bands[static_cast<size_t>(k - now.band0)] != was.bands[static_cast<size_t>(k - was.band0)])
                extra.push_back({a.x0, std::max(r0, lo), a.x1, std::min(r1, hi)});
        }
        out.copy_area = a;
        out.copy_dy = dy;
        current_approx_ = a;
    } else if (then.approx.area() > 0) {
        // Nothing moves: the buffer's moved pixels are drawn again, the top
        // kRefineRows rows of them now, the rest in the next frames.
        DamageRect now_rows = then.approx;
        now_rows.y1 = std::min(then.approx.y1, then.approx.y0 + kRefineRows);
        extra.push_back(now_rows);
        current_approx_ = then.approx;
        current_approx_.y0 = now_rows.y1;
        if (current_approx_.height() <= 0) current_approx_ = DamageRect{};
    }
    std::vector<DamageRect> rects = rects_of(damaged);
    for (DamageRect r : extra) {
        r.x0 = std::max(r.x0, 0), r.y0 = std::max(r.y0, 0), r.x1 = std::min(r.x1, width_), r.y1 = std::min(r.y1, height_);
        if (dy != 0) {  // moved tiles' rows stay inside the area
            r.y0 = std::max(r.y0, std::min(r.y1, a.y0));
            r.y1 = std::min(r.y1, std::max(r.y0, a.y1));
        }
        if (r.width() > 0 && r.height() > 0) rects.push_back(r);
    }
    if (rects.empty()) return out;
    out.rects = merge_damage_rects(std::move(rects), kMaxRects);
    return out;
}

std::vector<DamageRect> FrameDamage::rects_of(const std::vector<uint8_t>& damaged) const {
    // Runs of damaged tiles along each row, then runs with the same span on
    // consecutive rows joined into one rectangle.
    std::vector<DamageRect> out;
    std::vector<size_t> open;  // rectangles that end on the row above
    for (int ty = 0; ty < rows_; ++ty) {
        std::vector<size_t> now_open;
        for (int tx = 0; tx < cols_;) {
            if (!damaged[static_cast<size_t>(ty) * cols_ + tx]) {
                ++tx;
                continue;
            }
            int end = tx;
            while (end < cols_ && damaged[static_cast<size_t>(ty) * cols_ + end]) ++end;
            const int x0 = tx * kTile, x1 = std::min(width_, end * kTile);
            const int y0 = ty * kTile, y1 = std::min(height_, (ty + 1) * kTile);
            auto above = std::find_if(open.begin(), open.end(), [&](size_t r) { return out[r].x0 == x0 && out[r].x1 == x1; });
            if (above != open.end()) {
                out[*above].y1 = y1;
                now_open.push_back(*above);
            } else {
                out.push_back({x0, y0, x1, y1});
                now_open.push_back(out.size() - 1);
            }
            tx = end;
        }
        open = std::move(now_open);
    }
    return out;
}

bool FrameDamage::unchanged() const {
    if (history_count_ == 0 || textures_rewritten_) return false;
    const Past& newest = history_[0];
    return newest.width == width_ && newest.height == height_ && newest.clear_rgb == clear_rgb_ && newest.approx.area() == 0 &&
           newest.tiles == current_;
}

void FrameDamage::commit() {
    std::rotate(history_.rbegin(), history_.rbegin() + 1, history_.rend());  // the oldest moves to the front …
    history_[0].width = width_;  // … and is overwritten
    history_[0].height = height_;
    history_[0].tiles.swap(current_);
    history_[0].scrolled = std::move(scrolled_);
    history_[0].approx = current_approx_;
    history_[0].clear_rgb = clear_rgb_;
    scrolled_ = Scrolled{};
    current_approx_ = DamageRect{};
    current_.clear();
    history_count_ = std::min(kHistory, history_count_ + 1);
    if (textures_rewritten_) {
        // Older frames drew from texels that are gone: only the newest counts.
        history_count_ = 1;
        textures_rewritten_ = false;
    }
}

void FrameDamage::forget() {
    // Hashes of what was on the screen: wiped (a session's end calls this), not
    // only disregarded.
    for (Past& p : history_) {
        std::fill(p.tiles.begin(), p.tiles.end(), 0);
        std::fill(p.scrolled.bands.begin(), p.scrolled.bands.end(), 0);
        p = Past{};
    }
    std::fill(current_.begin(), current_.end(), 0);
    scrolled_ = Scrolled{};
    history_count_ = 0;
}

std::vector<DamageRect> merge_damage_rects(std::vector<DamageRect> rects, size_t max_rects) {
    if (max_rects == 0) max_rects = 1;
    auto bound = [](const DamageRect& a, const DamageRect& b) {
        return DamageRect{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
    };
    if (rects.size() > 64) {
        // Many scattered pieces: one pass over everything costs less than
        // choosing among thousands of pairs.
        DamageRect all = rects.front();
        for (const DamageRect& r : rects) all = bound(all, r);
        return {all};
    }
    while (rects.size() > max_rects) {
        size_t best_i = 0, best_j = 1;
        long long best_cost = -1;
        for (size_t i = 0; i < rects.size(); ++i)
            for (size_t j = i + 1; j < rects.size(); ++j) {
                const long long cost = bound(rects[i], rects[j]).area() - rects[i].area() - rects[j].area();
                if (best_cost < 0 || cost < best_cost) best_cost = cost, best_i = i, best_j = j;
            }
        rects[best_i] = bound(rects[best_i], rects[best_j]);
        rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(best_j));
    }
    return rects;
}

}  // namespace madoguchi::platform
