// SPDX-License-Identifier: Apache-2.0
// layout_check.cpp — the layout check of a drawn frame, for tests and scripts
// (KioskUiProbe::layout_problems): what the drawing layer found (text cut short,
// missing glyphs, text past its box) plus every touch target's size and its
// distance to the next (docs/accessibility.md). Nothing is logged or shown.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk.hpp"

namespace madoguchi::ui {

std::vector<std::string> layout_problems(const Ui& ui) {
    std::vector<std::string> out = ui.last_problems();
    // Targets: what is on top (an overlay covers the screen under it) and can be
    // touched. Inert ones — the admin corners (invisible, staff only) and the
    // QR codes (named for scripts; a tap does nothing) — need no size, but must
    // not overlap anything a visitor taps.
    const auto& all = ui.last_targets();
    std::vector<const Ui::Target*> ts;
    for (size_t i = ui.last_covered(); i < all.size(); ++i) ts.push_back(&all[i]);
    auto inert = [](const std::string& n) { return n.rfind("admin.corner.", 0) == 0 || (n.rfind("qr.", 0) == 0 && n != "qr.neutral"); };
    const float min_side = ui.mm(kMinTargetMm), min_gap = ui.mm(kMinTargetGapMm), slack = 0.5f;
    char buf[160];
    for (const auto* t : ts) {
        if (inert(t->name) || t->clipped) continue;  // a card half scrolled out is whole when scrolled in
        if (std::min(t->full.w, t->full.h) < min_side - slack) {
            std::snprintf(buf, sizeof buf, "target %s is %.1f x %.1f mm, under %.0f mm", t->name.c_str(), t->full.w / ui.mm(1),
                          t->full.h / ui.mm(1), kMinTargetMm);
            out.push_back(buf);
        }
    }
    for (size_t i = 0; i < ts.size(); ++i)
        for (size_t j = i + 1; j < ts.size(); ++j) {
            const Rect &a = ts[i]->rect, &b = ts[j]->rect;
            const float dx = std::max({0.f, b.x - (a.x + a.w), a.x - (b.x + b.w)});
            const float dy = std::max({0.f, b.y - (a.y + a.h), a.y - (b.y + b.h)});
            const float d = std::hypot(dx, dy);
            const bool either_inert = inert(ts[i]->name) || inert(ts[j]->name);
            if (either_inert ? (dx <= 0 && dy <= 0 && !(inert(ts[i]->name) && inert(ts[j]->name))) : d < min_gap - slack) {
                std::snprintf(buf, sizeof buf, "targets %s and %s are %.1f mm apart, under %.0f mm", ts[i]->name.c_str(),
                              ts[j]->name.c_str(), d / ui.mm(1), either_inert ? 0.0f : kMinTargetGapMm);
                out.push_back(buf);
            }
        }
    return out;
}

}  // namespace madoguchi::ui
