// SPDX-License-Identifier: Apache-2.0
// focus.cpp — the keypad path through the kiosk's targets (ui_context.hpp
// "focus"; docs/accessibility.md "Keys").
//
// Why from the targets list: every screen already records each thing a
// visitor can tap, with its name and rectangle, every frame. Reading order is
// computed from those rectangles, so a new screen is reachable by keys the
// moment it draws its targets, and select goes through the same path as a
// tap (activated_), so keys can do nothing a finger cannot.
#include <algorithm>
#include <cmath>

#include "theme.hpp"
#include "ui_context.hpp"

namespace madoguchi::ui {
namespace {

// The bar's controls: focus starts after them (on the screen's own first
// choice), though they are in the order like everything else.
bool in_bar(std::string_view n) {
    return n == "quick_hide" || n == "nav.back" || n == "nav.home" || n == "nav.urgent" || n == "nav.language" ||
           n == "nav.large_text" || n == "nav.high_contrast" || n == "admin.exit" || n == "setup.cancel";
}

// Hidden staff gestures are held, not tapped: no key reaches them.
bool focusable(const Ui::Target& t) { return t.name.rfind("admin.corner.", 0) != 0 && t.rect.w > 0 && t.rect.h > 0; }

// Rows top to bottom, each row left to right. A target belongs to the row
// whose first member's vertical span holds its centre (chips of one line,
// keys of one keyboard row, the bar's buttons).
std::vector<const Ui::Target*> reading_order(const std::vector<Ui::Target>& targets, size_t from) {
    std::vector<const Ui::Target*> v;
    for (size_t i = from; i < targets.size(); ++i)
        if (focusable(targets[i])) v.push_back(&targets[i]);
    std::stable_sort(v.begin(), v.end(), [](const Ui::Target* a, const Ui::Target* b) { return a->rect.y < b->rect.y; });
    std::vector<const Ui::Target*> out;
    for (size_t i = 0; i < v.size();) {
        const Rect& first = v[i]->rect;
        size_t j = i + 1;
        while (j < v.size() && v[j]->rect.cy() < first.y + first.h) ++j;
        std::stable_sort(v.begin() + static_cast<long>(i), v.begin() + static_cast<long>(j),
                         [](const Ui::Target* a, const Ui::Target* b) { return a->rect.x < b->rect.x; });
        out.insert(out.end(), v.begin() + static_cast<long>(i), v.begin() + static_cast<long>(j));
        i = j;
    }
    return out;
}

bool same_row(const Ui::Target& a, const Ui::Target& b) {
    return (b.rect.cy() >= a.rect.y && b.rect.cy() < a.rect.y + a.rect.h) || (a.rect.cy() >= b.rect.y && a.rect.cy() < b.rect.y + b.rect.h);
}

}  // namespace

std::vector<const Ui::Target*> Ui::focus_order() const { return reading_order(last_targets_, last_covered_); }

void Ui::set_focus(const std::string& name) {
    if (name != focus_) ++focus_serial_;
    focus_ = name;
    pick_ = Pick::none;
}

void Ui::focus_reset(std::string_view prefer) {
    focus_.clear();
    pick_ = Pick::first_useful;
    pick_prefer_ = std::string(prefer);
    ++focus_serial_;
}

bool Ui::can_scroll(const std::string& region, int dir) const {
    auto it = scrolls_.find(region);
    if (it == scrolls_.end()) return false;
    const ScrollState& s = it->second;
    return dir > 0 ? s.offset < s.content - s.viewport.h - 0.5f : s.offset > 0.5f;
}

// A page of a scrolled area (four fifths of it, so that the last lines stay in sight).
void Ui::page(const std::string& region, int dir) {
    auto it = scrolls_.find(region);
    if (it == scrolls_.end()) return;
    ScrollState& s = it->second;
    s.offset = std::clamp(s.offset + dir * 0.8f * s.viewport.h, 0.f, std::max(0.f, s.content - s.viewport.h));
    s.velocity = 0;
    relayout_ = true;  // the page is drawn at once
}

void Ui::focus_into_view(const Target& t) {
    if (t.region.empty()) return;
    auto it = scrolls_.find(t.region);
    if (it == scrolls_.end()) return;
    const ScrollState& s = it->second;
    // Content coordinates of the target as it was drawn (at the current offset),
    // with room for the focus ring.
    const float top = t.full.y - s.viewport.y + s.offset - mm(3), bottom = t.full.y + t.full.h - s.viewport.y + s.offset + mm(3);
    scroll_into_view(t.region, top, bottom);
}

void Ui::focus_move(Move m) {
    const std::vector<const Target*> order = focus_order();
    if (order.empty()) return;
    long i = -1;
    for (size_t j = 0; j < order.size(); ++j)
        if (order[j]->name == focus_) i = static_cast<long>(j);
    if (i < 0) {  // nothing focused yet (or it has gone): the screen's first choice
        const Target* first = order.front();
        for (const Target* t : order)
            if (!in_bar(t->name)) {
                first = t;
                break;
            }
        set_focus(first->name);
        focus_into_view(*first);
        return;
    }
    const Target& cur = *order[static_cast<size_t>(i)];
    if (m == Move::left || m == Move::right) {
        // The nearest target of the same row on that side; none: stay.
        const Target* best = nullptr;
        for (const Target* t : order) {
            if (t == &cur || !same_row(cur, *t)) continue;
            const float d = t->rect.cx() - cur.rect.cx();
            if ((m == Move::right ? d <= 0 : d >= 0)) continue;
            if (!best || std::abs(d) < std::abs(best->rect.cx() - cur.rect.cx())) best = t;
        }
        if (best) {
            set_focus(best->name);
            focus_into_view(*best);
        }
        return;
    }
    const int dir = m == Move::down ? 1 : -1;
    const long n = static_cast<long>(order.size());
    const Target* next = i + dir >= 0 && i + dir < n ? order[static_cast<size_t>(i + dir)] : nullptr;
    // A scrolled area holds more than it draws (a long list draws only the
    // cards in view): before focus leaves it, it scrolls on by a page.
    if (!cur.region.empty() && can_scroll(cur.region, dir) && (!next || next->region != cur.region || next->clipped)) {
        if (next && next->region == cur.region) {
            set_focus(next->name);
            focus_into_view(*next);
        } else {
            page(cur.region, dir);
            // If the page takes the focused target out of view, the first (last)
            // target the new page shows in that area takes the focus.
            pick_ = dir > 0 ? Pick::first_in_region : Pick::last_in_region;
            pick_region_ = cur.region;
        }
        return;
    }
    // A scrolled area between here and the next target that shows nothing to
    // focus (a page of text): it scrolls through first.
    for (const auto& [region, view] : last_scroll_regions_) {
        if (region == cur.region || !can_scroll(region, dir)) continue;
        const bool any = std::any_of(order.begin(), order.end(), [&](const Target* t) { return t->region == region; });
        if (any) continue;
        const bool between = dir > 0 ? view.y >= cur.rect.y + cur.rect.h - 1 && (!next || view.y < next->rect.y)
                                     : view.y + view.h <= cur.rect.y + 1 && (!next || view.y + view.h > next->rect.y + next->rect.h);
        if (between) {
            page(region, dir);
            return;
        }
    }
    if (next) {
        set_focus(next->name);
        focus_into_view(*next);
        return;
    }
    // The end, with a scrolled area above that shows nothing to focus yet but
    // has more (the bar along the bottom under a long page of text whose links
    // come further down): that area pages on, and focus goes into it once it
    // shows something. (An area showing targets was paged through on the way.)
    if (dir > 0)
        for (const auto& [region, view] : last_scroll_regions_)
            if (can_scroll(region, 1) &&
                std::none_of(order.begin(), order.end(), [&](const Target* t) { return t->region == region; })) {
                page(region, 1);
                pick_ = Pick::into_region;
                pick_region_ = region;
                return;
            }
    // The end: round to the other end (no dead ends). Scrolled areas go back
    // to their start, so that the next round reads them from the top again.
    if (dir > 0) {
        for (auto& [region, s] : scrolls_) {
            if (s.offset != 0) relayout_ = true;
            s.offset = 0;
            s.velocity = 0;
        }
        focus_.clear();
        ++focus_serial_;
        pick_ = Pick::first;
    } else {
        set_focus(order.back()->name);
    }
}

void Ui::focus_select() {
    if (!focus_.empty() && find_last(focus_)) activated_ = focus_;
}

// At the end of a frame: a focus whose target is no longer drawn (scrolled
// out, a new screen) moves to a target of this frame, as asked.
void Ui::settle_focus() {
    if (!keys_mode_) return;
    const std::vector<const Target*> order = reading_order(targets_, covered_);
    const bool present = std::any_of(order.begin(), order.end(), [&](const Target* t) { return t->name == focus_; });
    if (pick_ == Pick::into_region) {
        // The first target the paged area shows; none yet: the focus stays.
        const auto it = std::find_if(order.begin(), order.end(), [&](const Target* t) { return t->region == pick_region_; });
        if (it != order.end() || !present) {
            if (it != order.end() && (*it)->name != focus_) ++focus_serial_;
            if (it != order.end()) focus_ = (*it)->name;
            pick_ = it != order.end() ? Pick::none : Pick::first_useful;
        } else {
            pick_ = Pick::none;
        }
        if (pick_ == Pick::none) {
            pick_region_.clear();
            return;
        }
    }
    if (present && pick_ == Pick::none) return;
    if (present && (pick_ == Pick::first_in_region || pick_ == Pick::last_in_region)) {
        // Still in view after the page: it keeps the focus unless wholly gone.
        pick_ = Pick::none;
        return;
    }
    if (order.empty()) return;
    const Target* chosen = nullptr;
    switch (pick_) {
        case Pick::first: chosen = order.front(); break;
        case Pick::last: chosen = order.back(); break;
        case Pick::first_in_region:
            for (const Target* t : order)
                if (t->region == pick_region_) {
                    chosen = t;
                    break;
                }
            break;
        case Pick::last_in_region:
            for (auto it = order.rbegin(); it != order.rend(); ++it)
                if ((*it)->region == pick_region_) {
                    chosen = *it;
                    break;
                }
            break;
        case Pick::none:
        case Pick::into_region:
        case Pick::first_useful: break;
    }
    // The screen's preferred first choices ("a|b": a, else b), in that order.
    for (size_t from = 0; !chosen && pick_ == Pick::first_useful && from < pick_prefer_.size();) {
        const size_t bar = std::min(pick_prefer_.find('|', from), pick_prefer_.size());
        const std::string_view prefix = std::string_view(pick_prefer_).substr(from, bar - from);
        for (const Target* t : order)
            if (!prefix.empty() && t->name.rfind(prefix, 0) == 0) {
                chosen = t;
                break;
            }
        from = bar + 1;
    }
    if (!chosen) {
        for (const Target* t : order)
            if (!in_bar(t->name)) {
                chosen = t;
                break;
            }
        if (!chosen) chosen = order.front();
    }
    if (chosen->name != focus_) ++focus_serial_;
    focus_ = chosen->name;
    pick_ = Pick::none;
    pick_region_.clear();
    pick_prefer_.clear();
}

// Two rings outside the target (WCAG technique C40): black outside, white
// inside, so that one of them stands out on any colour around it — light
// background, dark overlay or a filled button. Never over the label.
void Ui::draw_focus_ring() {
    if (!keys_mode_ || focus_.empty()) return;
    const Target* t = nullptr;
    for (size_t i = covered_; i < targets_.size(); ++i)
        if (targets_[i].name == focus_) t = &targets_[i];
    if (!t) return;
    const float gap = std::max(2.f, std::round(mm(theme::focus::gap_mm)));
    const float inner = std::max(2.f, std::round(mm(theme::focus::inner_mm)));
    const float outer = std::max(3.f, std::round(mm(theme::focus::outer_mm)));
    const Rect& r = t->rect;
    auto ring = [&](float out, float thick, ImU32 color) {
        const float d = out - thick / 2;
        const ImVec2 a(r.x - d, r.y - d), b(r.x + r.w + d, r.y + r.h + d);
        dl_->AddRect(a, b, color, mm(theme::mm::radius) + d, 0, thick);
    };
    dl_->PushClipRectFullScreen();
    ring(gap + inner, inner, theme::focus::inner);
    ring(gap + inner + outer, outer, theme::focus::outer);
    dl_->PopClipRect();
}

}  // namespace madoguchi::ui
