// SPDX-License-Identifier: Apache-2.0
// imgui_target.hpp — draws a TextLayout on screen through Dear ImGui (OpenGL 3).
//
// The screen and the printed slip use the same layout and the same glyph atlas;
// only the last step differs. bitmap_target.hpp copies atlas pixels into a
// bitmap, this file turns each glyph into one textured quad in an ImDrawList,
// and keeps one OpenGL texture per atlas page in step with the atlas. We do not
// use ImGui's own font atlas for this text: it cannot shape (no HarfBuzz, so no
// Devanagari conjuncts, no ruby, no kinsoku) and it bakes glyphs up front.
//
// Why a separate library (madoguchi_text_imgui): the text library stays
// headless — the tests and the print path link it without GL or ImGui.
//
// Usage, once per frame (the GL context must be current on this thread):
//
//     ImGui::NewFrame();
//     renderer.draw(ImGui::GetBackgroundDrawList(), layout, atlas, pos, IM_COL32_BLACK);
//     ...                                    // any number of draw() calls
//     ImGui::Render();
//     renderer.upload(atlas);                // after the last draw(), before rendering
//     ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
//     atlas.next_frame();
//
// Why upload() comes last: draw() asks the atlas for each glyph, and a glyph
// seen for the first time is rasterized right then into a page — possibly a new
// page. The quads only record which texture and which UV rectangle to sample;
// the pixels must reach the GPU before the GPU samples them, and doing it once
// after all draw() calls uploads each changed page once per frame, not once
// per string.
//
// Textures: a page is single-channel (coverage). It is uploaded as GL_R8 with
// the swizzle (1, 1, 1, RED), so the backend's shader — vertex colour times
// texture RGBA — sees white whose alpha is the coverage, and the text takes the
// colour passed to draw(). Needs GL 3.0 + ARB_texture_swizzle (core in 3.3;
// Mesa has it everywhere). The ImTextureID of a page is its GLuint stored in the
// pointer value (what imgui_impl_opengl3 expects) and stays the same from frame
// to frame until the atlas is wiped.
//
// One renderer per atlas. Limits worth knowing:
// - The atlas budget must hold one frame's glyphs: if a draw() makes the atlas
//   evict a page that earlier quads of the same frame sample from, those quads
//   show the page's new content for that frame.
// - After GlyphAtlas::wipe() the renderer notices (GlyphAtlas::wipe_count(), or
//   fewer pages) at the next draw() or upload() and deletes, after zeroing, all
//   its textures — even if the atlas was refilled meanwhile. Wipe between frames,
//   not between draw() and rendering: the frame's quads would point at deleted
//   textures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/text_layout.hpp"

namespace madoguchi::text {

class ImGuiTextRenderer {
public:
    ImGuiTextRenderer() = default;
    // Deletes the textures (zeroed first). The GL context must still be current.
    ~ImGuiTextRenderer();
    ImGuiTextRenderer(const ImGuiTextRenderer&) = delete;
    ImGuiTextRenderer& operator=(const ImGuiTextRenderer&) = delete;

    // Appends one quad per visible glyph to `dl`, with the layout's top-left at
    // `top_left` (pixels). Glyph origins are rounded to whole pixels exactly as
    // draw_layout() does, so screen and paper put every glyph on the same pixel.
    // Consecutive glyphs on the same page share one draw command.
    void draw(ImDrawList* dl, const TextLayout& layout, GlyphAtlas& atlas, ImVec2 top_left, ImU32 color);

    // Brings the textures in step with the atlas: creates textures for new
    // pages, re-uploads pages whose generation changed, deletes textures of
    // pages that no longer exist. Call after the frame's last draw() and before
    // ImGui_ImplOpenGL3_RenderDrawData (see the top of this file for why).
    void upload(const GlyphAtlas& atlas);

    // Zeroes and deletes every texture (session end, together with
    // GlyphAtlas::wipe()). Textures are created again as pages appear.
    void wipe();

    // The texture of atlas page `page`, or nullptr if it has none yet.
    ImTextureID texture_id(size_t page) const;
    size_t texture_count() const;      // pages with a texture
    uint64_t page_uploads() const { return page_uploads_; }  // whole-page uploads so far
    // Counts the times texels that earlier quads may have been drawn from were
    // replaced: a page evicted (emptied, then refilled) or every texture wiped.
    // Glyphs added to a page's free space do not count (no earlier quad reads
    // there). The window's partial redraw damages the whole frame when it
    // moves (platform/frame_damage.hpp: a quad's hash cannot see its texels).
    uint64_t texel_rewrites() const { return texel_rewrites_; }

private:
    struct Slot {
        unsigned int texture = 0;      // GLuint; 0 = none
        int size = 0;                  // allocated width = height; 0 = no storage yet
        uint32_t generation = 0;       // atlas generation of the uploaded pixels
        const uint8_t* source = nullptr;  // page buffer uploaded from (changes when a page is re-made)
    };
    ImTextureID ensure_texture(size_t page);
    void forget_vanished_pages(const GlyphAtlas& atlas);
    void release(Slot& slot);

    std::vector<Slot> slots_;  // index = atlas page
    uint64_t seen_wipes_ = 0;  // GlyphAtlas::wipe_count() when last in step
    uint64_t page_uploads_ = 0;
    uint64_t seen_evictions_ = 0;  // GlyphAtlas::evictions() when last uploaded
    uint64_t texel_rewrites_ = 0;
};

}  // namespace madoguchi::text
