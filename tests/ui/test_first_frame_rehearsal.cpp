// SPDX-License-Identifier: Apache-2.0
// KioskUi::rehearse_first_frame (docs/performance.md, "Start"): the kiosk lays
// out its first screen on the thread that loads the fonts, while the main
// thread opens the window. What matters: the first frame then finds all of its
// text shaped and rasterized, and draws exactly what it draws without the
// rehearsal, at the rehearsed size and at another one; the UI made and
// rehearsed on one thread is used by another after hand_over().
//
// No GL context here: the glyph renderer's texture names come from GL's no-op
// dispatch (0), the same for both kiosks; the pixels are the GUI flows' part.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "madoguchi/ui/kiosk_ui_probe.hpp"

using namespace madoguchi;

namespace {

// A draw list outside ImGui's context, as the rehearsal uses one.
struct ScratchList {
    ImDrawListSharedData shared;
    ImDrawList list{&shared};
    ScratchList(int w, int h) {
        shared.SetCircleTessellationMaxError(ImGuiStyle().CircleTessellationMaxError);
        shared.ClipRectFullscreen = ImVec4(0, 0, static_cast<float>(w), static_cast<float>(h));
        list._ResetForNewFrame();
        list.PushClipRectFullScreen();
    }
};

struct Drawn {
    // Where and in what colour; not the texture coordinates: a glyph may sit
    // elsewhere in the atlas page after a rehearsal (its glyphs rasterized in
    // another order), the same texels at other coordinates.
    std::vector<float> vertices;  // x, y, colour per vertex
    std::vector<float> uv_sizes;  // each quad's extent in the texture (glyph quads: the glyph's bitmap size)
    std::vector<ImDrawIdx> indices;
    std::vector<float> commands;  // clip rectangle, element count, texture per command
};

Drawn draw(ui::KioskUi& kiosk, int w, int h) {
    ScratchList s(w, h);
    kiosk.frame(&s.list, w, h, 1.0);
    Drawn d;
    for (const ImDrawVert& v : s.list.VtxBuffer) d.vertices.insert(d.vertices.end(), {v.pos.x, v.pos.y, static_cast<float>(v.col)});
    for (int i = 0; i + 3 < s.list.VtxBuffer.Size; i += 4) {
        const ImDrawVert* q = &s.list.VtxBuffer[i];
        d.uv_sizes.insert(d.uv_sizes.end(), {q[2].uv.x - q[0].uv.x, q[2].uv.y - q[0].uv.y});
    }
    d.indices.assign(s.list.IdxBuffer.begin(), s.list.IdxBuffer.end());
    for (const ImDrawCmd& c : s.list.CmdBuffer)
        d.commands.insert(d.commands.end(), {c.ClipRect.x, c.ClipRect.y, c.ClipRect.z, c.ClipRect.w, static_cast<float>(c.ElemCount),
                                             static_cast<float>(c.VtxOffset), static_cast<float>(reinterpret_cast<intptr_t>(c.GetTexID()))});
    return d;
}

struct Fixture {
    std::string err;
    std::unique_ptr<text::FontSet> fonts = text::FontSet::load({}, &err);
    std::vector<std::string> messages;
    core::UiStrings strings = core::UiStrings::load_dir(MADOGUCHI_ASSETS_DIR "/strings", &messages);
    core::KioskConfig config;

    std::unique_ptr<ui::KioskUi> make() const {
        ui::KioskUiDeps deps{nullptr, fonts.get(), &strings, config, nullptr};
        deps.catalogue_pending = true;  // as at every start: the worker checks the store's bundle
        return std::make_unique<ui::KioskUi>(std::move(deps));
    }
};

}  // namespace

TEST_CASE("first frame rehearsal: made and rehearsed on another thread, the first frame finds its text ready and draws the same") {
    Fixture f;
    REQUIRE_MESSAGE(f.fonts, f.err);
    struct Size {
        int w, h;
    };
    for (const Size at : {Size{1920, 1080}, Size{1080, 1920}, Size{1280, 800}}) {
        CAPTURE(at.w);
        CAPTURE(at.h);
        std::unique_ptr<ui::KioskUi> plain = f.make();
        const Drawn expected = draw(*plain, 1920, 1080);
        REQUIRE(!expected.vertices.empty());
        CHECK(ui::KioskUiProbe(*plain).screen_name() == "attract");

        // The strings were read here by the plain kiosk: let go for the other
        // thread (at a start they are loaded there, and first read there).
        f.strings.hand_over();
        std::unique_ptr<ui::KioskUi> rehearsed;
        std::thread preparing([&] {
            rehearsed = f.make();
            rehearsed->rehearse_first_frame(at.w, at.h);
            rehearsed->hand_over();
        });
        preparing.join();
        const ui::KioskUiProbe probe(*rehearsed);
        const auto before = probe.text_stats();
        CHECK(before.glyphs > 0);
        CHECK(before.layouts > 0);
        CHECK(probe.target_names().empty());  // nothing a touch could find before the first frame
        const Drawn got = draw(*rehearsed, 1920, 1080);  // on this thread: hand_over() let it go
        CHECK(got.vertices == expected.vertices);
        CHECK(got.uv_sizes == expected.uv_sizes);
        CHECK(got.indices == expected.indices);
        CHECK(got.commands == expected.commands);
        CHECK(probe.screen_name() == "attract");
        CHECK(probe.layout_problems() == ui::KioskUiProbe(*plain).layout_problems());
        const auto after = probe.text_stats();
        if (at.w == 1920 && at.h == 1080) {
            // The point of it: nothing left to shape or rasterize.
            CHECK(after.glyphs == before.glyphs);
            CHECK(after.layouts == before.layouts);
        } else {
            // Another size: other widths (and, at 1280×800, other text
            // sizes), laid out by the frame itself.
            CHECK(after.layouts > before.layouts);
        }
    }
}

TEST_CASE("first frame rehearsal: nothing is laid out without a size, or when the first-run setup comes first") {
    Fixture f;
    REQUIRE_MESSAGE(f.fonts, f.err);
    std::unique_ptr<ui::KioskUi> k = f.make();
    k->rehearse_first_frame(0, 0);  // SDL could not start: the main thread said {0, 0}
    CHECK(ui::KioskUiProbe(*k).text_stats().glyphs == 0);
    CHECK(ui::KioskUiProbe(*k).text_stats().layouts == 0);

    ui::KioskUiDeps deps{nullptr, f.fonts.get(), &f.strings, f.config, nullptr};
    deps.first_run = true;
    ui::KioskUi setup(std::move(deps));
    setup.rehearse_first_frame(1920, 1080);
    CHECK(ui::KioskUiProbe(setup).text_stats().glyphs == 0);
    CHECK(ui::KioskUiProbe(setup).screen_name().rfind("setup-", 0) == 0);
}
