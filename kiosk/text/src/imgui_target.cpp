// SPDX-License-Identifier: Apache-2.0
// imgui_target.cpp — glyph quads into an ImDrawList, atlas pages as GL_R8 textures.
//
// Only GL 1.1 entry points are called (textures, pixel store, queries); GL_R8
// and the swizzle are enum values for them, so no function loader is needed and
// libGL's exports suffice.
#include "madoguchi/text/imgui_target.hpp"

#include <GL/gl.h>
#include <GL/glext.h>

#include <cmath>
#include <cstdint>

namespace madoguchi::text {
namespace {

ImTextureID to_texture_id(GLuint texture) {
    // imgui_impl_opengl3 reads it back as (GLuint)(intptr_t)id.
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture));
}

// Restores the texture binding and unpack state we change, so uploading never
// disturbs whatever else draws with GL between frames.
class SavedTextureState {
public:
    SavedTextureState() {
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &binding_);
        glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment_);
        glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row_length_);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // rows of a page are not 4-byte padded
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    }
    ~SavedTextureState() {
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(binding_));
        glPixelStorei(GL_UNPACK_ALIGNMENT, alignment_);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, row_length_);
    }
    SavedTextureState(const SavedTextureState&) = delete;
    SavedTextureState& operator=(const SavedTextureState&) = delete;

private:
    GLint binding_ = 0, alignment_ = 4, row_length_ = 0;
};

}  // namespace

ImGuiTextRenderer::~ImGuiTextRenderer() { wipe(); }

ImTextureID ImGuiTextRenderer::texture_id(size_t page) const {
    return page < slots_.size() && slots_[page].texture ? to_texture_id(slots_[page].texture) : nullptr;
}

size_t ImGuiTextRenderer::texture_count() const {
    size_t n = 0;
    for (const Slot& s : slots_) n += s.texture != 0;
    return n;
}

ImTextureID ImGuiTextRenderer::ensure_texture(size_t page) {
    if (page >= slots_.size()) slots_.resize(page + 1);
    Slot& s = slots_[page];
    // Only the name now: draw() needs a stable ImTextureID for the quads, the
    // storage and pixels come in upload().
    if (!s.texture) glGenTextures(1, &s.texture);
    return to_texture_id(s.texture);
}

void ImGuiTextRenderer::release(Slot& slot) {
    if (!slot.texture) return;
    if (slot.size > 0) {
        // The pixels show which characters a visitor's text used: overwrite
        // them before giving the memory back to the driver.
        SavedTextureState saved;
        const std::vector<uint8_t> zeros(static_cast<size_t>(slot.size) * slot.size, 0);
        glBindTexture(GL_TEXTURE_2D, slot.texture);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, slot.size, slot.size, GL_RED, GL_UNSIGNED_BYTE, zeros.data());
    }
    glDeleteTextures(1, &slot.texture);
    slot = Slot{};
}

void ImGuiTextRenderer::wipe() {
    if (!slots_.empty()) ++texel_rewrites_;  // GL may hand the same texture names out again
    for (Slot& s : slots_) release(s);
    slots_.clear();
}

void ImGuiTextRenderer::forget_vanished_pages(const GlyphAtlas& atlas) {
    // Pages never go away except in GlyphAtlas::wipe(): fewer pages than
    // textures means the atlas was wiped since we last looked, and whatever
    // pages it has again are new — keep none of the old textures.
    if (atlas.pages().size() < slots_.size() || atlas.wipe_count() != seen_wipes_) wipe();
    seen_wipes_ = atlas.wipe_count();
}

void ImGuiTextRenderer::draw(ImDrawList* dl, const TextLayout& layout, GlyphAtlas& atlas, ImVec2 top_left, ImU32 color) {
    forget_vanished_pages(atlas);
    const float inv = 1.0f / static_cast<float>(atlas.page_size());
    bool pushed = false;
    uint16_t current_page = 0;
    for (const PositionedGlyph& pg : layout.glyphs) {
        const AtlasGlyph* found = atlas.get(pg.font, pg.glyph, pg.size_px);
        if (!found || found->w == 0) continue;
        const AtlasGlyph g = *found;  // later get() calls may rehash or evict
        if (!pushed || g.page != current_page) {
            // A new draw command only where the page changes: a line of text
            // from one page is a single draw call.
            if (pushed) dl->PopTextureID();
            dl->PushTextureID(ensure_texture(g.page));
            current_page = g.page;
            pushed = true;
        }
        // Same rounding as draw_layout() in bitmap_target.cpp: the pen position
        // to a whole pixel, then the bitmap offset. Texels then map 1:1 onto
        // pixels and bilinear filtering returns the texel values unchanged.
        const float x = static_cast<float>(static_cast<int>(std::lround(top_left.x + pg.x)) + g.left);
        const float y = static_cast<float>(static_cast<int>(std::lround(top_left.y + pg.y)) - g.top);
        // One quad at a time: reserving a whole run at once could pass the
        // 64k-vertex limit of 16-bit indices before ImGui can start a new command.
        dl->PrimReserve(6, 4);
        dl->PrimRectUV(ImVec2(x, y), ImVec2(x + g.w, y + g.h),
                       ImVec2(g.x * inv, g.y * inv), ImVec2((g.x + g.w) * inv, (g.y + g.h) * inv), color);
    }
    if (pushed) dl->PopTextureID();
}

void ImGuiTextRenderer::upload(const GlyphAtlas& atlas) {
    forget_vanished_pages(atlas);
    if (atlas.evictions() != seen_evictions_) {
        seen_evictions_ = atlas.evictions();
        ++texel_rewrites_;
    }
    const auto& pages = atlas.pages();
    const int size = atlas.page_size();
    const size_t page_bytes = static_cast<size_t>(size) * size;
    SavedTextureState saved;
    for (size_t i = 0; i < pages.size(); ++i) {
        const AtlasPage& page = pages[i];
        // A page with no pixels cannot be drawn from; nothing to send.
        if (page.pixels.size() != page_bytes) continue;
        ensure_texture(i);  // pages with no glyph drawn this frame get a texture too
        Slot& s = slots_[i];
        // Generation alone is not enough: a page re-made after a wipe that we
        // did not see counts its generations from 0 again. Its buffer is new
        // too (usually at another address), so compare that as well.
        if (s.size == size && s.generation == page.generation && s.source == page.pixels.data()) continue;
        glBindTexture(GL_TEXTURE_2D, s.texture);
        if (s.size != size) {
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
            // Coverage in red → (1, 1, 1, coverage): white text whose alpha is
            // the coverage, tinted by the vertex colour in ImGui's shader.
            const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
            glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, size, size, 0, GL_RED, GL_UNSIGNED_BYTE, page.pixels.data());
            s.size = size;
        } else {
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, size, size, GL_RED, GL_UNSIGNED_BYTE, page.pixels.data());
        }
        s.generation = page.generation;
        s.source = page.pixels.data();
        ++page_uploads_;
    }
}

}  // namespace madoguchi::text
