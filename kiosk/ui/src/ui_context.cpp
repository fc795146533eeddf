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

}  // namespace

Ui::Ui(const text::FontSet& fonts, float width_mm, float height_mm)
    : fonts_(fonts), width_mm_(width_mm), height_mm_(height_mm), engine_(fonts), atlas_(fonts) {}

void Ui::begin(ImDrawList* dl, float width, float height, double now, std::string_view lang, bool large_text) {
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
    lang_ = std::string(lang);
    large_text_ = large_text;
    targets_.clear();
    scroll_regions_.clear();
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
    last_targets_ = targets_;
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
    if (down_ && !pressed_.empty()) return false;  // press feedback is drawn once, then static
    for (const auto& [name, s] : scrolls_) {
        if (down_ && name == scroll_owner_) continue;  // the finger drives frames while it drags
        if (s.velocity != 0) return true;
    }
    return false;
}

void Ui::fill(const Rect& r, ImU32 color, float radius_mm) {
    dl_->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), color, mm(radius_mm));
}

void Ui::stroke(const Rect& r, ImU32 color, float radius_mm, float thickness_mm) {
    const float t = std::max(1.f, mm(thickness_mm));
    dl_->AddRect(ImVec2(r.x + t / 2, r.y + t / 2), ImVec2(r.x + r.w - t / 2, r.y + r.h - t / 2), color, mm(radius_mm), 0, t);
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
    renderer_.draw(dl_, *layout, atlas_, ImVec2(std::round(x), std::round(y)), o.color ? o.color : theme::text);
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

void Ui::push_clip(const Rect& r) {
    clip_stack_.push_back(r);
    dl_->PushClipRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), true);
}

void Ui::pop_clip() {
    clip_stack_.pop_back();
    dl_->PopClipRect();
}

bool Ui::target(std::string_view name, const Rect& r) {
    Rect visible = r;
    bool clipped = false;
    if (!clip_stack_.empty()) {  // only the part that can be seen can be tapped
        const Rect& c = clip_stack_.back();
        const float x0 = std::max(r.x, c.x), y0 = std::max(r.y, c.y);
        const float x1 = std::min(r.x + r.w, c.x + c.w), y1 = std::min(r.y + r.h, c.y + c.h);
        if (x1 <= x0 || y1 <= y0) return false;
        visible = Rect{x0, y0, x1 - x0, y1 - y0};
        clipped = visible.h < r.h - 0.5f || visible.w < r.w - 0.5f;
    }
    targets_.push_back({std::string(name), visible, clipped});
    return activated_ == name;
}

bool Ui::button(std::string_view name, const Rect& r, std::string_view label, Style style, ImU32 fill_override, float label_mm) {
    const bool hit_now = target(name, r);
    ImU32 bg = theme::surface, fg = theme::text, edge = theme::border;
    switch (style) {
        case Style::primary: bg = theme::accent; fg = theme::accent_text; edge = 0; break;
        case Style::secondary: break;
        case Style::tile: bg = fill_override ? fill_override : theme::surface; edge = theme::border; break;
        case Style::chip_on: bg = theme::chip_on; fg = theme::accent_text; edge = 0; break;
        case Style::chip_off: bg = theme::chip_off; break;
        case Style::quiet: bg = theme::accent_soft; edge = 0; break;
    }
    if (fill_override && style != Style::tile) bg = fill_override;
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
        text(label, r.x + pad, r.cy() - h / 2, r.w - 2 * pad, o);
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
    // A thin position bar, so people see there is more.
    if (content_height > viewport.h + 1) {
        const float bar_h = std::max(mm(10), viewport.h * viewport.h / content_height);
        const float t = s.offset / (content_height - viewport.h);
        fill(Rect{viewport.x + viewport.w - mm(2), viewport.y + t * (viewport.h - bar_h), mm(1.2f), bar_h}, theme::border, 0.6f);
    }
    return s.offset;
}

void Ui::set_scroll_content(std::string_view name, float content_height) {
    auto it = scrolls_.find(name);
    if (it != scrolls_.end()) it->second.content = content_height;
}

void Ui::reset_scroll(std::string_view name) {
    auto it = scrolls_.find(name);
    if (it != scrolls_.end()) it->second = ScrollState{};
}

void Ui::wipe() {
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
}

void Ui::upload() { renderer_.upload(atlas_); }

}  // namespace madoguchi::ui
