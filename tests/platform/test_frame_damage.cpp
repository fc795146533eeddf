// SPDX-License-Identifier: Apache-2.0
// test_frame_damage.cpp — which tiles a frame damages (kiosk/platform frame_damage.hpp),
// from real ImGui draw lists built headless (no GL: ImGui only collects them).
#include <doctest/doctest.h>
#include <imgui.h>

#include <functional>
#include <vector>

#include "madoguchi/platform/frame_damage.hpp"

using madoguchi::platform::DamageRect;
using madoguchi::platform::FrameDamage;
using madoguchi::platform::merge_damage_rects;

namespace {

constexpr int kW = 640, kH = 480;

// One ImGui context for the file: a frame is drawn by `draw` into the
// background list, then recorded.
struct Frames {
    Frames() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(kW, kH);
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);  // NewFrame wants a built atlas
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(intptr_t{1}));
    }
    ~Frames() { ImGui::DestroyContext(); }
    void record(FrameDamage& d, const std::function<void(ImDrawList*)>& draw, uint32_t clear = 0xFFFFFF, bool rewritten = false,
                int w = kW, int h = kH, const madoguchi::platform::ScrollHint& scroll = {}) {
        ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
        ImGui::NewFrame();
        draw(ImGui::GetBackgroundDrawList());
        ImGui::Render();
        d.record(*ImGui::GetDrawData(), clear, w, h, rewritten, scroll);
    }
};

bool covers(const std::vector<DamageRect>& rects, int x, int y) {
    for (const DamageRect& r : rects)
        if (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) return true;
    return false;
}

long long area(const std::vector<DamageRect>& rects) {
    long long a = 0;
    for (const DamageRect& r : rects) a += r.area();
    return a;
}

bool is_whole(const std::vector<DamageRect>& rects, int w = kW, int h = kH) {
    return rects.size() == 1 && rects[0].x0 == 0 && rects[0].y0 == 0 && rects[0].x1 == w && rects[0].y1 == h;
}

// Every pixel of [x0, x1) × [y0, y1) is inside the damage.
bool covers_box(const std::vector<DamageRect>& rects, int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            if (!covers(rects, x, y)) return false;
    return true;
}

void card(ImDrawList* dl, float x, float y, ImU32 col = IM_COL32(30, 90, 160, 255)) {
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + 100, y + 40), col, 8.f);
}

}  // namespace

TEST_CASE("the same frame again damages nothing; a first frame or an unknown age damages everything") {
    Frames f;
    FrameDamage d;
    auto scene = [](ImDrawList* dl) {
        card(dl, 50, 50);
        card(dl, 300, 200);
    };
    f.record(d, scene);
    CHECK(is_whole(d.damage_since(1)));  // nothing remembered yet
    d.commit();
    f.record(d, scene);
    CHECK(d.damage_since(1).empty());
    CHECK(is_whole(d.damage_since(0)));  // age unknown
    CHECK(is_whole(d.damage_since(2)));  // older than what is remembered
}

TEST_CASE("a moved card damages where it was and where it is, and little else") {
    Frames f;
    FrameDamage d;
    f.record(d, [](ImDrawList* dl) { card(dl, 50, 50); card(dl, 400, 300); });
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 50, 57.5f); card(dl, 400, 300); });
    const auto rects = d.damage_since(1);
    REQUIRE_FALSE(rects.empty());
    CHECK(covers_box(rects, 50, 50, 150, 98));    // old and new place, antialiased edges included
    CHECK_FALSE(covers(rects, 450, 320));         // the other card did not change
    CHECK(area(rects) < kW * kH / 8);
}

TEST_CASE("a colour change, a clear colour change and the draw order are damage") {
    Frames f;
    FrameDamage d;
    auto two = [](ImDrawList* dl) { card(dl, 100, 100); card(dl, 150, 110, IM_COL32(200, 40, 40, 255)); };
    f.record(d, two);
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 100, 100, IM_COL32(30, 90, 161, 255)); card(dl, 150, 110, IM_COL32(200, 40, 40, 255)); });
    CHECK(covers_box(d.damage_since(1), 100, 100, 200, 140));
    d.commit();
    // The same two cards the other way round: the overlap shows the other one.
    f.record(d, [](ImDrawList* dl) { card(dl, 150, 110, IM_COL32(200, 40, 40, 255)); card(dl, 100, 100, IM_COL32(30, 90, 161, 255)); });
    CHECK(covers_box(d.damage_since(1), 150, 110, 200, 140));
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 150, 110, IM_COL32(200, 40, 40, 255)); card(dl, 100, 100, IM_COL32(30, 90, 161, 255)); },
             0xF0F0F0);
    CHECK(is_whole(d.damage_since(1)));  // every tile lies on the clear colour
}

TEST_CASE("what a clip rectangle cuts away is not damage") {
    Frames f;
    FrameDamage d;
    auto clipped = [](float y) {
        return [y](ImDrawList* dl) {
            dl->PushClipRect(ImVec2(0, 0), ImVec2(kW, 200));
            card(dl, 300, y);
            dl->PopClipRect();
        };
    };
    f.record(d, clipped(300));  // wholly below the clip: draws nothing
    d.commit();
    f.record(d, clipped(350));
    CHECK(d.damage_since(1).empty());
    d.commit();
    f.record(d, clipped(180));  // now partly inside
    const auto rects = d.damage_since(1);
    REQUIRE_FALSE(rects.empty());
    CHECK(covers_box(rects, 300, 180, 400, 200));
    for (const DamageRect& r : rects) CHECK(r.y0 < 200 + FrameDamage::kTile);
}

TEST_CASE("buffer age: a buffer two frames old gets both frames' changes") {
    Frames f;
    FrameDamage d;
    f.record(d, [](ImDrawList* dl) { card(dl, 20, 20); card(dl, 500, 400); });
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 20, 30); card(dl, 500, 400); });
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 20, 30); card(dl, 500, 410); });
    const auto one = d.damage_since(1), two = d.damage_since(2);
    CHECK_FALSE(covers(one, 60, 25));  // the first card did not move in the last frame
    CHECK(covers_box(one, 500, 400, 600, 450));
    CHECK(covers_box(two, 20, 20, 120, 70));
    CHECK(covers_box(two, 500, 400, 600, 450));
    CHECK(is_whole(d.damage_since(3)));  // only two frames remembered
}

TEST_CASE("rewritten textures, another size and forget() damage everything") {
    Frames f;
    FrameDamage d;
    auto scene = [](ImDrawList* dl) { card(dl, 50, 50); };
    f.record(d, scene);
    d.commit();
    f.record(d, scene);
    d.commit();
    f.record(d, scene, 0xFFFFFF, true);
    CHECK(is_whole(d.damage_since(1)));
    d.commit();
    f.record(d, scene);
    CHECK(d.damage_since(1).empty());
    CHECK(is_whole(d.damage_since(2)));  // drawn from texels that are gone
    d.commit();
    f.record(d, scene, 0xFFFFFF, false, 800, 600);
    CHECK(is_whole(d.damage_since(1), 800, 600));
    d.commit();
    d.forget();
    f.record(d, scene, 0xFFFFFF, false, 800, 600);
    CHECK(is_whole(d.damage_since(1), 800, 600));
}

TEST_CASE("damage rectangles are merged down to a few that still cover every piece") {
    std::vector<DamageRect> pieces;
    for (int i = 0; i < 20; ++i) pieces.push_back({i * 30, (i % 5) * 40, i * 30 + 10, (i % 5) * 40 + 10});
    const auto merged = merge_damage_rects(pieces, 4);
    CHECK(merged.size() == 4);
    for (const DamageRect& p : pieces) CHECK(covers_box(merged, p.x0, p.y0, p.x1, p.y1));
    // Two far corners and one piece beside the first: the near pair is joined.
    const auto three = merge_damage_rects({{0, 0, 32, 32}, {32, 0, 64, 32}, {600, 440, 640, 480}}, 2);
    REQUIRE(three.size() == 2);
    CHECK(area(three) == 64 * 32 + 40 * 40);
}

TEST_CASE("many scattered tiles become rows of rectangles, then at most kMaxRects") {
    Frames f;
    FrameDamage d;
    auto dots = [](float shift) {
        return [shift](ImDrawList* dl) {
            for (int i = 0; i < 12; ++i) dl->AddRectFilled(ImVec2(i * 50 + shift, i * 38.f), ImVec2(i * 50 + shift + 4, i * 38.f + 4), IM_COL32_BLACK);
        };
    };
    f.record(d, dots(0));
    d.commit();
    f.record(d, dots(1));
    const auto rects = d.damage_since(1);
    CHECK(rects.size() <= FrameDamage::kMaxRects);
    for (int i = 0; i < 12; ++i) CHECK(covers_box(rects, i * 50, i * 38, i * 50 + 5, i * 38 + 4));
}

// --- scrolling -----------------------------------------------------------------

namespace {
constexpr float kListX0 = 100, kListY0 = 100.4f, kListX1 = 500, kListY1 = 420.4f;  // fractional, as the kiosk's are

// A list of cards 60 px apart, drawn at `offset`, clipped to the list's
// rectangle, with only the cards that can be seen (virtualized), and a
// position bar drawn beside it without the list's clip.
std::function<void(ImDrawList*)> list_at(float offset, int changed_card = -1) {
    return [offset, changed_card](ImDrawList* dl) {
        dl->PushClipRect(ImVec2(kListX0, kListY0), ImVec2(kListX1, kListY1), true);
        for (int i = 0; i < 200; ++i) {
            const float y = kListY0 + static_cast<float>(i) * 60.f - offset;
            if (y + 50 < kListY0 || y > kListY1) continue;
            card(dl, kListX0 + 10, y, i == changed_card ? IM_COL32(200, 0, 0, 255) : IM_COL32(30, 90, 160, 255));
        }
        dl->PopClipRect();
        dl->AddRectFilled(ImVec2(kListX1 - 8, kListY0 + offset / 40), ImVec2(kListX1 - 4, kListY0 + offset / 40 + 30), IM_COL32_BLACK);
    };
}

madoguchi::platform::ScrollHint hint(float offset) { return {kListX0, kListY0, kListX1, kListY1, offset}; }

}  // namespace

TEST_CASE("unchanged(): the frame draws what the newest one drew — not after any change, a rewrite, another size or colour, or a move") {
    Frames f;
    FrameDamage d;
    auto scene = [](ImDrawList* dl) { card(dl, 50, 50); };
    f.record(d, scene);
    CHECK_FALSE(d.unchanged());  // nothing on screen yet
    d.commit();
    f.record(d, scene);
    CHECK(d.unchanged());
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 50, 51); });
    CHECK_FALSE(d.unchanged());
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 50, 51); }, 0xFFFFFF, true);
    CHECK_FALSE(d.unchanged());  // texels it drew from were replaced
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 50, 51); }, 0xF0F0F0);
    CHECK_FALSE(d.unchanged());  // the clear colour
    d.commit();
    f.record(d, [](ImDrawList* dl) { card(dl, 50, 51); }, 0xF0F0F0, false, 800, 600);
    CHECK_FALSE(d.unchanged());  // another size
    d.commit();
    d.forget();
    f.record(d, [](ImDrawList* dl) { card(dl, 50, 51); }, 0xF0F0F0, false, 800, 600);
    CHECK_FALSE(d.unchanged());  // forgotten: nothing known of the screen
    // A frame whose pixels were moved, not drawn, is not the exact picture:
    // the same frame after it is a change until the moved rows are drawn again.
    FrameDamage s;
    f.record(s, list_at(120), 0xFFFFFF, false, kW, kH, hint(120));
    s.commit();
    f.record(s, list_at(137), 0xFFFFFF, false, kW, kH, hint(137));
    CHECK_FALSE(s.unchanged());
    REQUIRE(s.plan_since(1, true).copy_dy == -17);
    s.commit();
    f.record(s, list_at(137), 0xFFFFFF, false, kW, kH, hint(137));
    CHECK_FALSE(s.unchanged());
    while (!s.settled()) {
        (void)s.plan_since(1, true);
        s.commit();
        f.record(s, list_at(137), 0xFFFFFF, false, kW, kH, hint(137));
    }
    CHECK(s.unchanged());
}

TEST_CASE("a list scrolled by whole pixels is moved, and only the strip that came into view is drawn") {
    Frames f;
    FrameDamage d;
    auto rec = [&](float off, int changed = -1) { f.record(d, list_at(off, changed), 0xFFFFFF, false, kW, kH, hint(off)); };
    rec(120);
    d.commit();
    rec(137);  // content up by 17 px
    const auto plan = d.plan_since(1, true);
    CHECK(plan.copy_dy == -17);
    CHECK(plan.copy_area.x0 == 100);
    CHECK(plan.copy_area.y0 == 101);  // the rows GL's scissor lets through
    CHECK(plan.copy_area.y1 == 421);
    CHECK(covers_box(plan.rects, 100, 421 - 17, 500, 421));  // the strip that came into view
    long long drawn = area(plan.rects);
    CHECK(drawn < 400LL * 320 / 3);                          // far less than the list
    CHECK(d.settled());  // not committed yet: the newest frame is still the exact one
    d.commit();
    CHECK_FALSE(d.settled());  // moved pixels wait to be drawn exactly
    // At rest: the moved rows are drawn again, kRefineRows at a time, until settled.
    int frames = 0;
    while (!d.settled() && frames < 10) {
        rec(137);
        const auto rest = d.plan_since(1, true);
        CHECK(rest.copy_dy == 0);
        CHECK_FALSE(rest.rects.empty());
        d.commit();
        ++frames;
    }
    CHECK(d.settled());
    CHECK(frames == (320 + FrameDamage::kRefineRows - 1) / FrameDamage::kRefineRows);
    rec(137);
    CHECK(d.plan_since(1, true).rects.empty());  // settled and unchanged: nothing to draw
}

TEST_CASE("scrolling: a card that changed while the list moved is drawn again; a half-pixel offset or another clip is not moved") {
    Frames f;
    FrameDamage d;
    auto rec = [&](float off, int changed = -1, float clip_y1 = kListY1) {
        f.record(d, list_at(off, changed), 0xFFFFFF, false, kW, kH, {kListX0, kListY0, kListX1, clip_y1, off});
    };
    rec(0);
    d.commit();
    rec(10, 2);  // card 2 (content rows 120–170) turned red as the list moved up by 10
    auto plan = d.plan_since(1, true);
    REQUIRE(plan.copy_dy == -10);
    CHECK(covers_box(plan.rects, 110, 101 + 120 - 10, 210, 101 + 170 - 10));
    CHECK(d.plan_since(1, false).copy_dy == 0);  // moving not allowed: plain damage
    d.commit();
    rec(10.5f);
    CHECK(d.plan_since(1, true).copy_dy == 0);  // not a whole pixel
    d.commit();
    rec(20, -1, kListY1 - 1);
    CHECK(d.plan_since(1, true).copy_dy == 0);  // another rectangle
    d.commit();
    rec(20 + 400);
    CHECK(d.plan_since(1, true).copy_dy == 0);  // further than the list is high
}

TEST_CASE("scrolling: no move when the clear colour changed (beside the list it is assumed); forget() starts over") {
    Frames f;
    FrameDamage d;
    auto rec = [&](float off, uint32_t clear) { f.record(d, list_at(off), clear, false, kW, kH, hint(off)); };
    rec(0, 0xFFFFFF);
    d.commit();
    rec(10, 0xF0F0F0);
    const auto plan = d.plan_since(1, true);
    CHECK(plan.copy_dy == 0);
    CHECK(is_whole(plan.rects));  // every tile lies on the clear colour
    d.commit();
    rec(20, 0xF0F0F0);
    CHECK(d.plan_since(1, true).copy_dy == -10);
    d.commit();
    CHECK_FALSE(d.settled());
    d.forget();  // a session ended
    CHECK(d.settled());
    rec(20, 0xF0F0F0);
    CHECK(is_whole(d.plan_since(1, true).rects));
}
