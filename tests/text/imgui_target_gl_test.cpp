// SPDX-License-Identifier: Apache-2.0
// imgui_target_gl_test.cpp — the on-screen text target against real OpenGL.
//
// Runs under Xvfb with Mesa's software renderer (see tests/CMakeLists.txt): an
// SDL2 window with a GL 3.0 context, Dear ImGui with the SDL2 + OpenGL3
// backends, our ImGuiTextRenderer drawing into the background draw list. Each
// frame is read back with glReadPixels and compared with draw_layout() into a
// Bitmap8 — the paper path, which the text unit tests already trust — at the
// same top-left. Quads sit on whole pixels and texels map 1:1 onto them, so the
// two should agree almost exactly; the tolerances only absorb sampling and
// blending rounding. A missing swizzle (solid boxes), wrong UVs (other glyphs
// or empty texture) or stale pages after a wipe (garbage) fail them clearly.
//
// Sections: GL window and ImGui setup · one frame, read back · image comparison
// · test cases.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <SDL.h>
#include <GL/gl.h>
#include <dlfcn.h>
#include <link.h>

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "madoguchi/text/bitmap_target.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/imgui_target.hpp"
#include "madoguchi/text/text_layout.hpp"

using namespace madoguchi::text;

namespace {

constexpr const char* kJapanese = "相談は無料です。0120-111-351";
constexpr const char* kNepali = "निःशुल्क परामर्श: ०१२०-१११-३५१";
constexpr int kWidth = 960, kHeight = 240;

// ---------------------------------------------------------------------------
// GL window and ImGui setup
// ---------------------------------------------------------------------------

#if defined(__SANITIZE_ADDRESS__)
// Under LeakSanitizer only. Mesa's DRI driver is dlclose'd when SDL closes the
// X display, before the leak check at exit: what it leaked then shows as
// "<unknown module>" and tests/text/lsan.supp cannot name it. Marking every
// library loaded so far RTLD_NODELETE keeps them mapped, so leak reports name
// the library (and ours, if we leaked, would show in full).
void keep_libraries_mapped() {
    std::vector<std::string> names;
    dl_iterate_phdr([](dl_phdr_info* info, size_t, void* out) -> int {
        if (info->dlpi_name && info->dlpi_name[0]) static_cast<std::vector<std::string>*>(out)->push_back(info->dlpi_name);
        return 0;
    }, &names);
    for (const std::string& name : names) dlopen(name.c_str(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}
#else
void keep_libraries_mapped() {}
#endif

// SDL window + GL context + ImGui context with both backends. Never writes a
// file: no imgui.ini, no imgui_log.txt.
struct GlWindow {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    bool imgui = false, sdl_backend = false, gl_backend = false;
    std::string error;

    GlWindow() {
        if (SDL_Init(SDL_INIT_VIDEO) != 0) {
            error = std::string("SDL_Init: ") + SDL_GetError();
            return;
        }
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
        SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
        SDL_GL_SetAttribute(SDL_GL_RED_SIZE, 8);
        SDL_GL_SetAttribute(SDL_GL_GREEN_SIZE, 8);
        SDL_GL_SetAttribute(SDL_GL_BLUE_SIZE, 8);
        // Shown, not hidden: pixels of an unmapped X window are undefined.
        window = SDL_CreateWindow("madoguchi GL text test", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                  kWidth, kHeight, SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN);
        if (!window) {
            error = std::string("SDL_CreateWindow: ") + SDL_GetError();
            return;
        }
        gl = SDL_GL_CreateContext(window);
        if (!gl) {
            error = std::string("SDL_GL_CreateContext: ") + SDL_GetError();
            return;
        }
        SDL_GL_MakeCurrent(window, gl);
        keep_libraries_mapped();  // the GL driver is loaded now
        SDL_GL_SetSwapInterval(0);
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        imgui = true;
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // privacy: no ini or log files, ever
        io.LogFilename = nullptr;
        sdl_backend = ImGui_ImplSDL2_InitForOpenGL(window, gl);
        gl_backend = sdl_backend && ImGui_ImplOpenGL3_Init("#version 130");
        if (!gl_backend) error = "ImGui backend init failed";
    }
    ~GlWindow() {
        if (gl_backend) ImGui_ImplOpenGL3_Shutdown();
        if (sdl_backend) ImGui_ImplSDL2_Shutdown();
        if (imgui) ImGui::DestroyContext();
        if (gl) SDL_GL_DeleteContext(gl);
        if (window) SDL_DestroyWindow(window);
        SDL_Quit();
    }
    GlWindow(const GlWindow&) = delete;
    GlWindow& operator=(const GlWindow&) = delete;
    bool ok() const { return error.empty(); }
};

// Fonts, engine and atlas: built once, shared by the test cases (each case
// makes its own atlas when it needs other options).
struct Text {
    std::unique_ptr<FontSet> fonts;
    std::unique_ptr<TextEngine> engine;
    std::string error;
    Text() {
        fonts = FontSet::load({}, &error);
        if (fonts) engine = std::make_unique<TextEngine>(*fonts);
    }
    TextLayout layout(const char* text, const char* lang) const {
        TextStyle style;
        style.size_px = 32;
        style.lang = lang;
        return engine->layout_uncached(text, style, 0);
    }
};

Text& text() {
    static Text t;
    return t;
}

// ---------------------------------------------------------------------------
// One frame, read back
// ---------------------------------------------------------------------------

struct Frame {
    Bitmap8 coverage;                    // 255 - red: black ink on white → coverage
    std::vector<uint8_t> rgb;            // top-down, 3 bytes a pixel
    std::set<ImTextureID> textures;      // textures of non-empty commands of the background list
    int commands = 0;                    // non-empty draw commands of the background list
};

// One ImGui frame: `draw` fills the background draw list, then upload, render
// on white, read back (before the swap, from the back buffer).
Frame render_frame(GlWindow& w, ImGuiTextRenderer& renderer, GlyphAtlas& atlas,
                   const std::function<void(ImDrawList*)>& draw) {
    SDL_Event e;
    while (SDL_PollEvent(&e)) ImGui_ImplSDL2_ProcessEvent(&e);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    draw(dl);
    ImGui::Render();
    renderer.upload(atlas);  // after every draw(), before the GPU samples the pages

    Frame f;
    for (const ImDrawCmd& cmd : dl->CmdBuffer)
        if (cmd.ElemCount > 0) {
            f.textures.insert(cmd.GetTexID());
            ++f.commands;
        }

    int dw = 0, dh = 0;
    SDL_GL_GetDrawableSize(w.window, &dw, &dh);
    REQUIRE(dw == kWidth);
    REQUIRE(dh == kHeight);
    glViewport(0, 0, dw, dh);
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();
    std::vector<uint8_t> rgba(static_cast<size_t>(dw) * dh * 4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, dw, dh, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    REQUIRE(glGetError() == GL_NO_ERROR);
    SDL_GL_SwapWindow(w.window);
    atlas.next_frame();

    f.coverage = Bitmap8(dw, dh);
    f.rgb.resize(static_cast<size_t>(dw) * dh * 3);
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x) {
            const uint8_t* p = &rgba[(static_cast<size_t>(dh - 1 - y) * dw + x) * 4];  // GL rows go up
            const size_t i = static_cast<size_t>(y) * dw + x;
            f.coverage.pixels[i] = static_cast<uint8_t>(255 - p[0]);
            std::copy(p, p + 3, &f.rgb[i * 3]);
        }
    return f;
}

// ---------------------------------------------------------------------------
// Image comparison
// ---------------------------------------------------------------------------

// Only pixels with ink in either image are counted: the white background
// would otherwise make any image "agree". Mesa's llvmpipe reproduces the bitmap
// exactly (max difference 0); the tolerances leave room for other drivers'
// filtering and blending rounding. Measured with deliberate bugs: no swizzle
// → ~30% agreement, UVs off by half a texel → ~58%, a page not re-uploaded
// after it grew → ~7%, stale textures after a wipe → ~92%.
constexpr uint8_t kInkThreshold = 128;   // ink boxes
constexpr uint8_t kConsidered = 32;      // a pixel counts if either image has this much ink
constexpr int kPixelTolerance = 64;      // per-pixel coverage difference allowed
constexpr double kMinAgreement = 0.99;   // of the considered pixels

struct Comparison {
    size_t considered = 0, agreeing = 0;
    int max_diff = 0;
    double agreement() const { return considered ? static_cast<double>(agreeing) / considered : 0; }
};

Comparison compare(const Bitmap8& a, const Bitmap8& b) {
    Comparison c;
    for (size_t i = 0; i < a.pixels.size(); ++i) {
        if (a.pixels[i] < kConsidered && b.pixels[i] < kConsidered) continue;
        const int d = std::abs(static_cast<int>(a.pixels[i]) - static_cast<int>(b.pixels[i]));
        ++c.considered;
        c.agreeing += d <= kPixelTolerance;
        c.max_diff = std::max(c.max_diff, d);
    }
    return c;
}

// Asserts that the GL frame and the bitmap of the same layouts agree, within
// the rectangle of each layout (so that each string is checked on its own).
struct Placed {
    const TextLayout* layout;
    ImVec2 at;
};

void check_same_image(const Frame& gl, const std::vector<Placed>& placed, GlyphAtlas& atlas) {
    Bitmap8 ref(gl.coverage.width, gl.coverage.height);
    for (const Placed& p : placed) draw_layout(ref, *p.layout, atlas, p.at.x, p.at.y);
    for (const Placed& p : placed) {
        // Generous rectangle around the layout: ink may reach past its advance box.
        const int x0 = static_cast<int>(p.at.x) - 8, y0 = static_cast<int>(p.at.y) - 8;
        const int x1 = static_cast<int>(p.at.x + p.layout->width) + 16;
        const int y1 = static_cast<int>(p.at.y + p.layout->height) + 8;
        const InkBox want = ink_box(ref, x0, y0, x1, y1, kInkThreshold);
        const InkBox got = ink_box(gl.coverage, x0, y0, x1, y1, kInkThreshold);
        INFO("text: " << p.layout->plain_text);
        INFO("bitmap ink box " << want.x0 << "," << want.y0 << " – " << want.x1 << "," << want.y1);
        INFO("GL ink box     " << got.x0 << "," << got.y0 << " – " << got.x1 << "," << got.y1);
        REQUIRE_FALSE(want.empty());
        CHECK(std::abs(got.x0 - want.x0) <= 1);
        CHECK(std::abs(got.y0 - want.y0) <= 1);
        CHECK(std::abs(got.x1 - want.x1) <= 1);
        CHECK(std::abs(got.y1 - want.y1) <= 1);
    }
    const Comparison c = compare(gl.coverage, ref);
    INFO("considered " << c.considered << " px, agreeing " << c.agreeing << ", max difference " << c.max_diff);
    MESSAGE("GL vs bitmap: " << c.agreeing << "/" << c.considered << " px within " << kPixelTolerance
                             << ", max difference " << c.max_diff);
    CHECK(c.considered > 1000);  // there is text to compare at all
    CHECK(c.agreement() >= kMinAgreement);
}

// Draw commands that grouping consecutive glyphs by page should give.
int page_runs(const std::vector<const TextLayout*>& layouts, GlyphAtlas& atlas) {
    int runs = 0;
    int last = -1;
    for (const TextLayout* l : layouts)
        for (const PositionedGlyph& pg : l->glyphs) {
            const AtlasGlyph* g = atlas.get(pg.font, pg.glyph, pg.size_px);
            if (!g || g->w == 0) continue;
            if (g->page != last) ++runs;
            last = g->page;
        }
    return runs;
}

#define REQUIRE_SETUP(w)                                   \
    do {                                                   \
        INFO("GL setup: " << (w).error);                   \
        REQUIRE((w).ok());                                 \
        INFO("fonts: " << text().error);                   \
        REQUIRE(text().fonts != nullptr);                  \
    } while (false)

}  // namespace

// ---------------------------------------------------------------------------
// Test cases
// ---------------------------------------------------------------------------

TEST_CASE("the GL target draws what the bitmap target draws, pages re-uploaded as they grow") {
    GlWindow w;
    REQUIRE_SETUP(w);
    GlyphAtlas atlas(*text().fonts);
    ImGuiTextRenderer renderer;  // after the window: destroyed while the context lives
    const TextLayout jp = text().layout(kJapanese, "ja");
    const TextLayout ne = text().layout(kNepali, "ne");
    REQUIRE(jp.missing_glyphs == 0);
    REQUIRE(ne.missing_glyphs == 0);
    // Fractional positions: the rounding must be the same as on paper.
    const ImVec2 at_jp(20.4f, 16.6f), at_ne(20.4f, 16.6f + jp.height + 8.3f);

    // Frame 1: Japanese only. The page is created and uploaded once.
    const Frame f1 = render_frame(w, renderer, atlas, [&](ImDrawList* dl) {
        renderer.draw(dl, jp, atlas, at_jp, IM_COL32_BLACK);
    });
    check_same_image(f1, {{&jp, at_jp}}, atlas);
    CHECK(atlas.pages().size() == 1);
    CHECK(renderer.page_uploads() == 1);
    CHECK(f1.commands == 1);

    // Frame 2: Nepali too. Its glyphs land on the same page (new generation):
    // the page is uploaded again, and both strings show.
    const Frame f2 = render_frame(w, renderer, atlas, [&](ImDrawList* dl) {
        renderer.draw(dl, jp, atlas, at_jp, IM_COL32_BLACK);
        renderer.draw(dl, ne, atlas, at_ne, IM_COL32_BLACK);
    });
    check_same_image(f2, {{&jp, at_jp}, {&ne, at_ne}}, atlas);
    CHECK(renderer.page_uploads() == 2);
    CHECK(f2.commands == 1);  // one page, both strings: a single draw call
    REQUIRE(f2.textures.size() == 1);
    CHECK(*f2.textures.begin() == renderer.texture_id(0));

    // Frame 3: nothing new — nothing uploaded, same texture id.
    const Frame f3 = render_frame(w, renderer, atlas, [&](ImDrawList* dl) {
        renderer.draw(dl, ne, atlas, at_ne, IM_COL32_BLACK);
    });
    check_same_image(f3, {{&ne, at_ne}}, atlas);
    CHECK(renderer.page_uploads() == 2);
    CHECK(f3.textures == f2.textures);
}

TEST_CASE("the text takes the colour given to draw()") {
    GlWindow w;
    REQUIRE_SETUP(w);
    GlyphAtlas atlas(*text().fonts);
    ImGuiTextRenderer renderer;
    const TextLayout jp = text().layout(kJapanese, "ja");
    const ImVec2 at(30, 40);
    const Frame f = render_frame(w, renderer, atlas, [&](ImDrawList* dl) {
        renderer.draw(dl, jp, atlas, at, IM_COL32(0, 90, 200, 255));
    });
    check_same_image(f, {{&jp, at}}, atlas);
    // Where the glyphs are fully inked, the pixel is the colour itself.
    Bitmap8 ref(kWidth, kHeight);
    draw_layout(ref, jp, atlas, at.x, at.y);
    size_t solid = 0;
    for (size_t i = 0; i < ref.pixels.size(); ++i) {
        if (ref.pixels[i] != 255) continue;
        ++solid;
        const uint8_t* p = &f.rgb[i * 3];
        INFO("pixel " << i << ": " << int(p[0]) << "," << int(p[1]) << "," << int(p[2]));
        CHECK(p[0] <= 2);
        CHECK(std::abs(p[1] - 90) <= 2);
        CHECK(std::abs(p[2] - 200) <= 2);
        if (p[0] > 2 || std::abs(p[1] - 90) > 2 || std::abs(p[2] - 200) > 2) break;  // one report is enough
    }
    CHECK(solid > 500);
}

TEST_CASE("one texture per atlas page, one draw call per run of a page, rebuilt after a wipe") {
    GlWindow w;
    REQUIRE_SETUP(w);
    GlyphAtlasOptions small;
    small.page_size = 96;  // four 32 px glyphs a page: the strings span several pages
    GlyphAtlas atlas(*text().fonts, small);
    ImGuiTextRenderer renderer;
    const TextLayout jp = text().layout(kJapanese, "ja");
    const TextLayout ne = text().layout(kNepali, "ne");
    const ImVec2 at_jp(12.5f, 10.2f), at_ne(12.5f, 10.2f + jp.height + 6.7f);

    const Frame f1 = render_frame(w, renderer, atlas, [&](ImDrawList* dl) {
        renderer.draw(dl, jp, atlas, at_jp, IM_COL32_BLACK);
        renderer.draw(dl, ne, atlas, at_ne, IM_COL32_BLACK);
    });
    check_same_image(f1, {{&jp, at_jp}, {&ne, at_ne}}, atlas);
    const size_t pages = atlas.pages().size();
    REQUIRE(pages >= 3);
    CHECK(f1.textures.size() == pages);
    CHECK(renderer.texture_count() == pages);
    for (size_t i = 0; i < pages; ++i) CHECK(f1.textures.count(renderer.texture_id(i)) == 1);
    CHECK(f1.commands == page_runs({&jp, &ne}, atlas));
    const uint64_t uploads_before = renderer.page_uploads();
    CHECK(uploads_before == pages);

    // Session end: the atlas forgets everything. Draw the strings in the other
    // order, so the glyphs are packed differently: stale textures would show
    // other glyphs' pixels.
    atlas.wipe();
    const Frame f2 = render_frame(w, renderer, atlas, [&](ImDrawList* dl) {
        renderer.draw(dl, ne, atlas, at_ne, IM_COL32_BLACK);
        renderer.draw(dl, jp, atlas, at_jp, IM_COL32_BLACK);
    });
    check_same_image(f2, {{&jp, at_jp}, {&ne, at_ne}}, atlas);
    CHECK(f2.textures.size() == atlas.pages().size());
    CHECK(renderer.texture_count() == atlas.pages().size());
    for (size_t i = 0; i < atlas.pages().size(); ++i) CHECK(f2.textures.count(renderer.texture_id(i)) == 1);
    CHECK(renderer.page_uploads() == uploads_before + atlas.pages().size());
    CHECK(f2.commands == page_runs({&ne, &jp}, atlas));

    // Wiped and refilled before the renderer looks (the print path drew a slip
    // with the same atlas): as many pages as before, other glyphs on them. The
    // wipe counter tells the renderer its textures are stale.
    atlas.wipe();
    {
        Bitmap8 slip(600, 200);
        draw_layout(slip, ne, atlas, 0, 0);
        draw_layout(slip, jp, atlas, 0, 80);
    }
    REQUIRE(atlas.pages().size() >= renderer.texture_count());
    const Frame f3 = render_frame(w, renderer, atlas, [&](ImDrawList* dl) {
        renderer.draw(dl, jp, atlas, at_jp, IM_COL32_BLACK);
        renderer.draw(dl, ne, atlas, at_ne, IM_COL32_BLACK);
    });
    check_same_image(f3, {{&jp, at_jp}, {&ne, at_ne}}, atlas);

    // A wipe with no frame after it: the next upload() drops every texture.
    atlas.wipe();
    renderer.upload(atlas);
    CHECK(renderer.texture_count() == 0);
    CHECK(renderer.texture_id(0) == nullptr);
}
