// SPDX-License-Identifier: Apache-2.0
// ui_context.cpp — drawing primitives, named targets, taps vs drags, scrolling.
#include "ui_context.hpp"

#include <algorithm>
#include <cmath>

#include "theme.hpp"

namespace madoguchi::ui {
namespace {

constexpr float kTapSlopMm = 4.0f;      // movement that turns a press into a drag
constexpr float kFriction = 4.5f;       // inertia decay per second (exponential)
constexpr float kStopSpeedMm = 8.0f;    // below this many mm/s inertia stops

// Problems may quote a text (the search field shows what was typed): overwrite
// before release, like every other string that could hold a visitor's input.
void core_wipe(std::string& s) { text::wipe_string(s); }

// The first few characters of a text, whole UTF-8 sequences, for a problem's message.
std::string snippet(std::string_view s) {
    size_t i = 0;
    for (int chars = 0; i < s.size() && chars < 24; ++chars) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    }
    std::string out(s.substr(0, std::min(i, s.size())));
    for (char& c : out)
        if (c == '\n') c = ' ';
    return i < s.size() ? out + "…" : out;
}

}  // namespace

Ui::Ui(const text::FontSet& fonts, float width_mm, float height_mm)
    : fonts_(fonts), width_mm_(width_mm), height_mm_(height_mm), engine_(fonts), atlas_(fonts) {}

void Ui::begin(ImDrawList* dl, float width, float height, double now, const FrameOpts& fo) {
    dl_ = dl;
    width_ = width;
    height_ = height;
    // The config gives the physical size of the landscape screen; in portrait
    // the long side is the height. Pixels per mm from the longer sides.
    const float long_px = std::max(width, height), long_mm = std::max(width_mm_, height_mm_);
    px_per_mm_ = long_mm > 0 ? long_px / long_mm : 3.6f;
    const double dt = last_frame_ > 0 ? std::clamp(now - last_frame_, 0.0, 0.1) : 0.0;
    last_frame_ = now;
    now_ = now;
    lang_ = std::string(fo.lang);
    large_text_ = fo.large_text;
    pal_ = fo.palette ? fo.palette : &theme::standard_palette;
    targets_.clear();
    scroll_regions_.clear();
    scrolled_area_ = ScrolledArea{};
    boxes_.clear();
    boxes_.push_back({Rect{0, 0, width, height}, false, "the screen"});
    for (auto& p : problems_) core_wipe(p);
    problems_.clear();
    last_target_.clear();
    covered_ = 0;
    drawn_bottom_ = 0;
    relayout_ = false;
    // Inertia.
    for (auto& [name, s] : scrolls_) {
        if (name == scroll_owner_ && dragging_) continue;
        if (s.velocity != 0) {
            s.offset += s.velocity * static_cast<float>(dt);
            s.velocity *= std::exp(-kFriction * static_cast<float>(dt));
            const float max_off = std::max(0.f, s.content - s.viewport.h);
            if (s.offset < 0 || s.offset > max_off) {
                s.offset = std::clamp(s.offset, 0.f, max_off);
                s.velocity = 0;
            }
            if (std::abs(s.velocity) < mm(kStopSpeedMm)) s.velocity = 0;
        }
    }
}

void Ui::end() {
    settle_focus();
    draw_focus_ring();
    last_targets_.swap(targets_);  // begin() clears targets_ (its capacity is kept)
    last_covered_ = covered_;
    for (auto& p : last_problems_) core_wipe(p);
    last_problems_.swap(problems_);
    problems_.clear();
    last_scroll_regions_ = scroll_regions_;
    activated_.clear();  // a tap acts in the frame after it, once
}

const Ui::Target* Ui::hit(float x, float y) const {
    // Later targets are drawn on top (overlays last): search from the end.
    for (auto it = last_targets_.rbegin(); it != last_targets_.rend(); ++it)
        if (it->rect.contains(x, y)) return &*it;
    return nullptr;
}

const Ui::Target* Ui::find_last(std::string_view name) const {
    for (const auto& t : last_targets_)
        if (t.name == name) return &t;
    return nullptr;
}

void Ui::pointer_down(float x, float y, double now) {
    down_ = true;
    dragging_ = false;
    down_x_ = last_x_ = x;
    down_y_ = last_y_ = y;
    last_move_t_ = now;
    const Target* t = hit(x, y);
    pressed_ = t ? t->name : std::string();
    scroll_owner_.clear();
    for (auto it = last_scroll_regions_.rbegin(); it != last_scroll_regions_.rend(); ++it)
        if (it->second.contains(x, y)) {
            scroll_owner_ = it->first;
            auto& s = scrolls_[scroll_owner_];
            s.velocity = 0;  // a touch stops a fling
            s.drag_start_offset = s.offset;
            break;
        }
}

void Ui::pointer_move(float x, float y, double now) {
    if (!down_) return;
    if (!dragging_ && std::hypot(x - down_x_, y - down_y_) > mm(kTapSlopMm)) {
        dragging_ = true;
        pressed_.clear();  // a drag is never a tap
    }
    if (dragging_ && !scroll_owner_.empty()) {
        auto& s = scrolls_[scroll_owner_];
        const float max_off = std::max(0.f, s.content - s.viewport.h);
        s.offset = std::clamp(s.drag_start_offset - (y - down_y_), 0.f, max_off);
        const double dt = now - last_move_t_;
        if (dt > 0.001) {
            const float v = static_cast<float>(-(y - last_y_) / dt);
            s.velocity = 0.6f * v + 0.4f * s.velocity;  // smoothed finger speed
        }
    }
    last_x_ = x;
    last_y_ = y;
    last_move_t_ = now;
}

void Ui::pointer_up(float x, float y, double now) {
    if (!down_) return;
    const bool rested = now - last_move_t_ > 0.1;  // the finger stopped before lifting: no glide
    pointer_move(x, y, now);
    down_ = false;
    if (!dragging_ && !pressed_.empty()) {
        const Target* t = hit(x, y);
        if (t && t->name == pressed_) activated_ = pressed_;
    }
    if (dragging_ && !scroll_owner_.empty()) {
        auto& s = scrolls_[scroll_owner_];
        if (rested) s.velocity = 0;
    } else if (!scroll_owner_.empty()) {
        scrolls_[scroll_owner_].velocity = 0;
    }
    pressed_.clear();
    dragging_ = false;
}

void Ui::wheel(float x, float y, float notches) {
    for (auto it = last_scroll_regions_.rbegin(); it != last_scroll_regions_.rend(); ++it)
        if (it->second.contains(x, y)) {
            auto& s = scrolls_[it->first];
            const float max_off = std::max(0.f, s.content - s.viewport.h);
            s.offset = std::clamp(s.offset - notches * mm(20), 0.f, max_off);
            s.velocity = 0;
            return;
        }
}

bool Ui::animating() const {
    if (relayout_) return true;  // set_scroll_content: drawn at an offset past the content
    if (down_ && !pressed_.empty()) return false;  // press feedback is drawn once, then static
    for (const auto& [name, s] : scrolls_) {
        if (down_ && name == scroll_owner_) continue;  // the finger drives frames while it drags
        if (s.velocity != 0) return true;
    }
    return false;
}

// A rectangle with no area draws nothing. ImGui would take its negative
// rounding as a table index and read out of bounds (a screen squeezed by a
// tiny configured glass gave the search results a negative height).
void Ui::fill(const Rect& r, ImU32 color, float radius_mm) {
    if (!(r.w > 0 && r.h > 0) || !dl_) return;
    dl_->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), color, std::min(mm(radius_mm), std::min(r.w, r.h) / 2));
}

void Ui::stroke(const Rect& r, ImU32 color, float radius_mm, float thickness_mm) {
    const float t = std::max(1.f, mm(thickness_mm));
    if (!(r.w > t && r.h > t) || !dl_) return;
    dl_->AddRect(ImVec2(r.x + t / 2, r.y + t / 2), ImVec2(r.x + r.w - t / 2, r.y + r.h - t / 2), color,
                 std::min(mm(radius_mm), std::min(r.w - t, r.h - t) / 2), 0, t);
}

namespace {
text::TextStyle style_of(const TextOpts& o, float px, std::string_view session_lang) {
    text::TextStyle st;
    st.size_px = px;
    st.lang = std::string(o.lang.empty() ? session_lang : o.lang);
    st.align = o.align;
    st.max_lines = o.max_lines;
    st.no_ruby = o.no_ruby;
    st.phrases = o.phrases;
    return st;
}
}  // namespace

float Ui::text(std::string_view s, float x, float y, float width, const TextOpts& o) {
    const float px = std::round(mm(o.size_mm > 0 ? o.size_mm : theme::mm::body) * text_scale());
    auto layout = engine_.layout(s, style_of(o, px, lang_), width);
    if (!dl_) text::rasterize_glyphs(*layout, atlas_);  // a rehearsal (begin_rehearsal)
    else renderer_.draw(dl_, *layout, atlas_, ImVec2(std::round(x), std::round(y)), o.color ? o.color : pal_->text);
    // The layout check: the text whole, every glyph drawn, inside its box.
    auto where = [&] { return last_target_.empty() ? std::string() : " (after " + last_target_ + ")"; };
    if (layout->truncated) problem("text \"" + snippet(s) + "\" cut to " + std::to_string(o.max_lines) + " line(s)", where());
    if (layout->missing_glyphs > 0)
        problem("text \"" + snippet(s) + "\" has " + std::to_string(layout->missing_glyphs) + " missing glyph(s)", where());
    if (!layout->lines.empty()) {
        float x0 = layout->lines.front().x, x1 = x0;
        for (const auto& l : layout->lines) {
            x0 = std::min(x0, l.x);
            x1 = std::max(x1, l.x + l.width);
        }
        check_inside(Rect{x + x0, y, x1 - x0, layout->height}, "text", s);
    }
    return layout->height;
}

float Ui::text_height(std::string_view s, float width, const TextOpts& o) {
    const float px = std::round(mm(o.size_mm > 0 ? o.size_mm : theme::mm::body) * text_scale());
    return engine_.layout(s, style_of(o, px, lang_), width)->height;
}

float Ui::text_width(std::string_view s, const TextOpts& o) {
    const float px = std::round(mm(o.size_mm > 0 ? o.size_mm : theme::mm::body) * text_scale());
    return engine_.layout(s, style_of(o, px, lang_), 0)->width;
}

void Ui::push_box(const Rect& r, std::string_view name) { boxes_.push_back({r, false, std::string(name)}); }

void Ui::pop_box() {
    if (boxes_.size() > 1) boxes_.pop_back();
}

void Ui::problem(std::string_view what, std::string_view where) {
    std::string p = std::string(what) + std::string(where);
    for (const auto& q : problems_)
        if (q == p) return;  // once per frame is enough
    problems_.push_back(std::move(p));
}

Ui::Mark Ui::mark() {
    drawn_bottom_ = 0;
    return Mark{dl_ ? dl_->VtxBuffer.Size : 0, targets_.size()};
}

void Ui::shift_since(const Mark& m, float dy) {
    dy = std::round(dy);  // whole pixels: glyphs stay sharp
    if (dy == 0) return;
    if (dl_)
        for (int i = m.vtx; i < dl_->VtxBuffer.Size; ++i) dl_->VtxBuffer[i].pos.y += dy;
    for (size_t i = m.targets; i < targets_.size(); ++i) {
        targets_[i].rect.y += dy;
        targets_[i].full.y += dy;
    }
    drawn_bottom_ += dy;
}

void Ui::check_inside(const Rect& r, std::string_view what, std::string_view text) {
    drawn_bottom_ = std::max(drawn_bottom_, r.y + r.h);
    const Box& b = boxes_.back();
    constexpr float kSlack = 1.0f;  // rounding of positions to whole pixels
    std::string past;
    if (r.x < b.r.x - kSlack) past += " left by " + std::to_string(static_cast<int>(b.r.x - r.x)) + " px";
    if (r.x + r.w > b.r.x + b.r.w + kSlack) past += " right by " + std::to_string(static_cast<int>(r.x + r.w - b.r.x - b.r.w)) + " px";
    if (!b.scrolls) {
        if (r.y < b.r.y - kSlack) past += " up by " + std::to_string(static_cast<int>(b.r.y - r.y)) + " px";
        if (r.y + r.h > b.r.y + b.r.h + kSlack)
            past += " down by " + std::to_string(static_cast<int>(r.y + r.h - b.r.y - b.r.h)) + " px";
    }
    if (past.empty()) return;
    problem(std::string(what) + " \"" + snippet(text) + "\" goes past " + b.name + past,
            last_target_.empty() || what != "text" ? std::string() : " (after " + last_target_ + ")");
}

void Ui::push_clip(const Rect& r) {
    boxes_.push_back({r, true, "its scrolled area"});
    clip_stack_.push_back(r);
    // The scrolled area this clip shows (scroll() registered it with this viewport).
    std::string region;
    for (auto it = scroll_regions_.rbegin(); it != scroll_regions_.rend(); ++it)
        if (it->second.x == r.x && it->second.y == r.y && it->second.w == r.w && it->second.h == r.h) {
            region = it->first;
            break;
        }
    region_stack_.push_back(std::move(region));
    if (dl_) dl_->PushClipRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), true);
}

void Ui::pop_clip() {
    pop_box();
    clip_stack_.pop_back();
    region_stack_.pop_back();
    if (dl_) dl_->PopClipRect();
}

bool Ui::target(std::string_view name, const Rect& r) {
    check_inside(r, "target", name);
    last_target_ = std::string(name);
    Rect visible = r;
    bool clipped = false;
    if (!clip_stack_.empty()) {  // only the part that can be seen can be tapped
        const Rect& c = clip_stack_.back();
        const float x0 = std::max(r.x, c.x), y0 = std::max(r.y, c.y);
        const float x1 = std::min(r.x + r.w, c.x + c.w), y1 = std::min(r.y + r.h, c.y + c.h);
        if (x1 <= x0 || y1 <= y0) {
            last_recorded_ = false;
            return false;
        }
        visible = Rect{x0, y0, x1 - x0, y1 - y0};
        clipped = visible.h < r.h - 0.5f || visible.w < r.w - 0.5f;
    }
    targets_.push_back({std::string(name), visible, clipped, r, region_stack_.empty() ? std::string() : region_stack_.back(), {}});
    last_recorded_ = true;
    return activated_ == name;
}

void Ui::set_label(std::string_view label) {
    // Only speech reads labels, and only of the focused target: kept in keys
    // mode alone, so that a touch session copies no label into any frame.
    if (!keys_mode_) return;
    if (last_recorded_ && !targets_.empty()) targets_.back().label = std::string(label);
}

bool Ui::button(std::string_view name, const Rect& r, std::string_view label, Style style, ImU32 fill_override, float label_mm) {
    const bool hit_now = target(name, r);
    set_label(label);
    const theme::ButtonColors colors = theme::button_colors(*pal_, style);
    const ImU32 bg = fill_override ? fill_override : colors.fill, fg = colors.label, edge = colors.edge;
    fill(r, bg, theme::mm::radius);
    if (edge) stroke(r, edge, theme::mm::radius, 0.5f);
    if (pressed(name)) fill(r, theme::pressed, theme::mm::radius);  // feedback in the very next frame
    if (!label.empty()) {
        TextOpts o;
        o.size_mm = label_mm > 0 ? label_mm : theme::mm::body;
        o.align = text::Align::center;
        o.color = fg;
        o.max_lines = 4;
        o.phrases = true;
        const float pad = mm(3);
        // Shrink a long label (a translation may be three times the Japanese)
        // until it fits with a margin, but never below the small text size.
        float h = text_height(label, r.w - 2 * pad, o);
        while (h > r.h - 2 * pad && o.size_mm > theme::mm::small) {
            o.size_mm = std::max(theme::mm::small, o.size_mm * 0.88f);
            h = text_height(label, r.w - 2 * pad, o);
        }
        // The label must stay inside its button (a little inside the rounded edge).
        push_box(Rect{r.x + mm(0.5f), r.y + mm(0.5f), r.w - mm(1), r.h - mm(1)}, std::string(name));
        text(label, r.x + pad, r.cy() - h / 2, r.w - 2 * pad, o);
        pop_box();
    }
    return hit_now;
}

float Ui::scroll(std::string_view name, const Rect& viewport, float content_height) {
    auto it = scrolls_.find(name);
    if (it == scrolls_.end()) it = scrolls_.emplace(std::string(name), ScrollState{}).first;
    ScrollState& s = it->second;
    s.viewport = viewport;
    if (content_height != kMeasuredLastFrame) s.content = content_height;
    content_height = s.content;
    s.offset = std::clamp(s.offset, 0.f, std::max(0.f, content_height - viewport.h));
    scroll_regions_.emplace_back(std::string(name), viewport);
    // Drawn at a whole pixel: the content then moves by whole pixels, which
    // the window can move instead of drawing again (platform/frame_damage.hpp,
    // "Scrolling"), and cards move with their text, which is placed on whole
    // pixels anyway. The glide keeps its fractions in s.offset.
    const float drawn = std::min(std::round(s.offset), std::floor(std::max(0.f, content_height - viewport.h)));
    if (viewport.w * viewport.h > scrolled_area_.viewport.w * scrolled_area_.viewport.h) scrolled_area_ = ScrolledArea{viewport, drawn};
    // A thin position bar, so people see there is more.
    if (viewport.h > 0 && content_height > viewport.h + 1) {
        const float bar_h = std::max(mm(10), viewport.h * viewport.h / content_height);
        const float t = drawn / (content_height - viewport.h);
        fill(Rect{viewport.x + viewport.w - mm(2), viewport.y + t * (viewport.h - bar_h), mm(1.2f), bar_h}, pal_->border, 0.6f);
    }
    return drawn;
}

void Ui::set_scroll_content(std::string_view name, float content_height) {
    auto it = scrolls_.find(name);
    if (it == scrolls_.end()) return;
    ScrollState& s = it->second;
    s.content = content_height;
    // The content shrank under the offset this frame was drawn with (larger
    // text turned off, a QR code hidden at the end of a page): the frame shows
    // empty space below it and its targets sit where the next frame will not
    // draw them. One more frame, at the offset clamped now.
    const float max_off = std::max(0.f, content_height - s.viewport.h);
    if (s.offset > max_off + 0.5f) {
        s.offset = max_off;
        s.velocity = 0;
        relayout_ = true;
    }
}

void Ui::reset_scroll(std::string_view name) {
    auto it = scrolls_.find(name);
    if (it != scrolls_.end()) it->second = ScrollState{};
}

void Ui::scroll_into_view(std::string_view name, float top, float bottom) {
    auto it = scrolls_.find(name);
    if (it == scrolls_.end()) return;
    ScrollState& s = it->second;
    const float h = s.viewport.h;
    if (bottom - s.offset > h) s.offset = bottom - h;
    if (top < s.offset) s.offset = top;
    s.offset = std::clamp(s.offset, 0.f, std::max(0.f, s.content - h));
    s.velocity = 0;
}

void Ui::wipe() {
    for (auto& p : problems_) core_wipe(p);
    for (auto& p : last_problems_) core_wipe(p);
    problems_.clear();
    last_problems_.clear();
    engine_.wipe();
    atlas_.wipe();
    renderer_.wipe();
    targets_.clear();
    last_targets_.clear();
    scrolls_.clear();
    scroll_regions_.clear();
    last_scroll_regions_.clear();
    pressed_.clear();
    activated_.clear();
    scroll_owner_.clear();
    down_ = dragging_ = false;
    // Keys mode ends with the session (the next visitor may touch). The focus
    // names what was looked at ("result.<id>"): overwritten, like the problems.
    keys_mode_ = false;
    core_wipe(focus_);
    core_wipe(pick_region_);
    core_wipe(pick_prefer_);
    focus_.clear();
    pick_ = Pick::none;
    pick_region_.clear();
    pick_prefer_.clear();
}

void Ui::begin_rehearsal(float width, float height, const FrameOpts& fo) {
    rehearsal_ = true;
    begin(nullptr, width, height, 0.0, fo);  // time 0: the first frame then counts no time since this one
}

void Ui::end_rehearsal() {
    // The text caches keep what was laid out; nothing else of it is kept: no
    // target a touch could find before the first frame, no problems, no boxes.
    for (auto& p : problems_) core_wipe(p);
    problems_.clear();
    targets_.clear();
    scroll_regions_.clear();
    boxes_.clear();
    clip_stack_.clear();
    region_stack_.clear();
    last_target_.clear();
    activated_.clear();
    dl_ = nullptr;
    rehearsal_ = false;
}

bool Ui::upload() {
    renderer_.upload(atlas_);
    const bool rewritten = renderer_.texel_rewrites() != seen_texel_rewrites_;
    seen_texel_rewrites_ = renderer_.texel_rewrites();
    return rewritten;
}

}  // namespace madoguchi::ui
