// SPDX-License-Identifier: Apache-2.0
// window.cpp — the kiosk's window (window.hpp).
//
// Index:
//   Drawing lists    ImGui's draw lists drawn without GLSL (fixed function, ARB program), and why
//   Opening          SDL, the GL 3 context, ImGui for its draw lists only
//   Presenting       which way a frame reaches the screen (PresentPath), and why
//   Drawing          the frame's damage, drawn rectangle by rectangle
//   Checking         a whole redraw, compared pixel by pixel
#include "madoguchi/platform/window.hpp"
#include "madoguchi/base/start_trace.hpp"

#include <SDL.h>
#include <imgui.h>
#include <stb/stb_image_write.h>

#define GL_GLEXT_PROTOTYPES 1  // glBlendFuncSeparate (libOpenGL exports it)
#include <GL/gl.h>
#include <GL/glext.h>
#include <GL/glx.h>

#include <algorithm>
#include <cstring>

namespace madoguchi::platform {

// ---------------------------------------------------------------------------
// Drawing lists
//
// The frame's draw lists are drawn by OpenGL's fixed-function vertex stage
// and a one-line ARB fragment program: the vertex colour times the texture,
// blended over what is there, each command cut to its clip rectangle. The GL
// 3.0 context SDL makes is not forward-compatible, so both are there, in Mesa
// and in every desktop driver. Why not ImGui's OpenGL 3 backend, which the kiosk used before:
// it compiles two GLSL shaders when the first frame is drawn, and Mesa's GLSL
// compiler first builds its whole library of built-in functions — 30–40 ms of
// the kiosk's start under llvmpipe (docs/performance.md, "Start"), for what
// fixed function does without any GLSL. Why not ImGui's OpenGL 2 backend,
// which draws this way too: it ignores ImDrawCmd::VtxOffset, and the kiosk's
// long lists need it (16-bit indices, more than 65,536 vertices a frame).
//
// The colour is one line of ARB fragment program (assembly, compiled without
// GLSL), not fixed function's texture environment: the textures hold
// coverage in their red channel, read as (1, 1, 1, red) through a swizzle
// (imgui_target.cpp), and fixed function takes the alpha of a red-only
// texture to be 1 whatever the swizzle (every glyph drew as a box).
//
// The arithmetic is the OpenGL 3 backend's (imgui_impl_opengl3.cpp, 1.86): the
// same orthographic projection, the same scissor from the clip rectangle
// (whole pixels by truncation: frame_damage.hpp's scissor_pixels), the same blending (alpha: one, one minus source alpha), the same
// colour (vertex colour × texture).
// ---------------------------------------------------------------------------

namespace {

constexpr char kFragmentProgram[] =
    "!!ARBfp1.0\n"
    "TEMP texel;\n"
    "TEX texel, fragment.texcoord[0], texture[0], 2D;\n"
    "MUL result.color, fragment.color, texel;\n"
    "END\n";

void draw_lists(const ImDrawData& data, int fb_width, int fb_height) {
    if (fb_width <= 0 || fb_height <= 0) return;
    glEnable(GL_FRAGMENT_PROGRAM_ARB);  // the program bound at open (Window::open)
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glEnable(GL_TEXTURE_2D);
    glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_MODULATE);
    glViewport(0, 0, fb_width, fb_height);
    glMatrixMode(GL_PROJECTION);
    glLoadIdentity();
    glOrtho(data.DisplayPos.x, data.DisplayPos.x + data.DisplaySize.x, data.DisplayPos.y + data.DisplaySize.y, data.DisplayPos.y, -1.0, 1.0);
    glMatrixMode(GL_MODELVIEW);
    glLoadIdentity();
    glEnableClientState(GL_VERTEX_ARRAY);
    glEnableClientState(GL_TEXTURE_COORD_ARRAY);
    glEnableClientState(GL_COLOR_ARRAY);
    const ImVec2 off = data.DisplayPos;
    constexpr GLenum index_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList* list = data.CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;  // the kiosk adds none (FrameDamage damages everything if one appears)
            if (cmd.ClipRect.z <= cmd.ClipRect.x || cmd.ClipRect.w <= cmd.ClipRect.y) continue;
            // The one definition of a clip's pixels (frame_damage.hpp), which the
            // damage and the passes use too; GL counts rows from the bottom.
            const DamageRect sc = scissor_pixels(cmd.ClipRect.x - off.x, cmd.ClipRect.y - off.y, cmd.ClipRect.z - off.x, cmd.ClipRect.w - off.y,
                                                 fb_height);
            glScissor(sc.x0, fb_height - sc.y1, sc.width(), sc.height());
            glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.GetTexID())));
            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            glVertexPointer(2, GL_FLOAT, sizeof(ImDrawVert), &vtx->pos);
            glTexCoordPointer(2, GL_FLOAT, sizeof(ImDrawVert), &vtx->uv);
            glColorPointer(4, GL_UNSIGNED_BYTE, sizeof(ImDrawVert), &vtx->col);
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), index_type, list->IdxBuffer.Data + cmd.IdxOffset);
        }
    }
    glDisableClientState(GL_COLOR_ARRAY);
    glDisableClientState(GL_TEXTURE_COORD_ARRAY);
    glDisableClientState(GL_VERTEX_ARRAY);
    // Left as found: the window's own clears, blits and reads expect no
    // scissor, and nothing else draws with this program, blending or texture.
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_FRAGMENT_PROGRAM_ARB);
    glDisable(GL_BLEND);
    glDisable(GL_TEXTURE_2D);
}

}  // namespace

// ---------------------------------------------------------------------------
// Presenting
//
// Partial redraw needs to know what the back buffer holds. Where the platform
// says how old it is (buffer age: EGL on Wayland, GLX with a GPU driver), the
// damage since that frame is redrawn. Mesa's software renderer under X11
// (drisw: Xvfb, a PC without a usable GPU) reports no age, but offers
// GLX_MESA_copy_sub_buffer: the back buffer is then never swapped, so it always
// holds the last frame, and only the damaged rectangles are copied to the
// window (each an XPutImage of that rectangle instead of the whole 8 MB). An
// age of 0 means "unknown": everything is drawn, as before. Where the EGL
// offers EGL_KHR_swap_buffers_with_damage (a GPU driver under a Wayland
// compositor such as cage), the damage is handed over with the swap, so the
// compositor composites less. Cage on Mesa 22's software renderer offers
// neither that nor buffer age: see egl_software_kept below.
//
// Entry points: GLX ones come from libGL (linked); EGL ones through SDL, which
// has loaded libEGL when it made an EGL context (linking libEGL ourselves
// would load Mesa's EGL driver for nothing on X11).
// ---------------------------------------------------------------------------

namespace {
constexpr int kEglBufferAgeExt = 0x313D;  // EGL_BUFFER_AGE_EXT
using EglDisplay = void*;
using EglSurface = void*;
using EglQueryString = const char* (*)(EglDisplay, int32_t);
using EglGetCurrent = void* (*)();
using EglGetCurrentSurface = void* (*)(int32_t);
using EglQuerySurface = unsigned (*)(EglDisplay, EglSurface, int32_t, int32_t*);
using EglSwapWithDamage = unsigned (*)(EglDisplay, EglSurface, const int32_t*, int32_t);
using GlxCopySubBuffer = void (*)(Display*, GLXDrawable, int, int, int, int);
constexpr int32_t kEglExtensions = 0x3055, kEglDraw = 0x3059;

bool has_word(const char* list, const char* word) {
    if (!list) return false;
    const size_t n = std::strlen(word);
    for (const char* p = list; (p = std::strstr(p, word)) != nullptr; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
    return false;
}
}  // namespace

struct Window::Gl {
    // GLX
    Display* x_display = nullptr;
    GLXDrawable drawable = 0;
    GlxCopySubBuffer copy_sub_buffer = nullptr;
    // EGL
    EglDisplay egl_display = nullptr;
    EglSurface egl_surface = nullptr;
    EglQuerySurface query_surface = nullptr;
    EglSwapWithDamage swap_with_damage = nullptr;
    // Moving the scrolled area's pixels: a blit within the window's buffer (GL 3.0).
    PFNGLBINDFRAMEBUFFERPROC bind_framebuffer = nullptr;
    PFNGLBLITFRAMEBUFFERPROC blit_framebuffer = nullptr;
    bool can_move() const { return bind_framebuffer && blit_framebuffer; }
    // A pass's own commands and indices per draw list (draw_rects), kept for their capacity.
    std::vector<ImVector<ImDrawCmd>> pass_cmds;
    std::vector<ImVector<ImDrawIdx>> pass_idx;
};

const char* present_path_name(PresentPath path) {
    switch (path) {
        case PresentPath::swap_whole: return "whole frames (buffer age unknown)";
        case PresentPath::egl_buffer_age: return "partial redraw by EGL buffer age";
        case PresentPath::glx_buffer_age: return "partial redraw by GLX buffer age";
        case PresentPath::glx_copy_sub_buffer: return "partial redraw, damage copied to the window (GLX_MESA_copy_sub_buffer)";
        case PresentPath::egl_software_kept: return "partial redraw into llvmpipe's own buffer, kept across swaps (Wayland)";
    }
    return "?";
}

Window::Window() = default;

void Window::choose_present_path(bool full_redraw) {
    gl_ = std::make_unique<Gl>();
    path_ = PresentPath::swap_whole;
    if (glXGetCurrentContext()) {
        gl_->x_display = glXGetCurrentDisplay();
        gl_->drawable = glXGetCurrentDrawable();
        const char* ext = gl_->x_display ? glXQueryExtensionsString(gl_->x_display, DefaultScreen(gl_->x_display)) : nullptr;
        // Buffer age first: it keeps the swap (and its vsync). The client
        // string must name it: Mesa's software GLX lists it for the server
        // but answers every query with 0.
        if (has_word(ext, "GLX_EXT_buffer_age")) path_ = PresentPath::glx_buffer_age;
        else if (has_word(ext, "GLX_MESA_copy_sub_buffer")) {
            gl_->copy_sub_buffer =
                reinterpret_cast<GlxCopySubBuffer>(glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA")));
            if (gl_->copy_sub_buffer) path_ = PresentPath::glx_copy_sub_buffer;
        }
    } else {
        auto get_display = reinterpret_cast<EglGetCurrent>(SDL_GL_GetProcAddress("eglGetCurrentDisplay"));
        auto get_surface = reinterpret_cast<EglGetCurrentSurface>(SDL_GL_GetProcAddress("eglGetCurrentSurface"));
        auto query_string = reinterpret_cast<EglQueryString>(SDL_GL_GetProcAddress("eglQueryString"));
        gl_->query_surface = reinterpret_cast<EglQuerySurface>(SDL_GL_GetProcAddress("eglQuerySurface"));
        if (get_display && get_surface && query_string && gl_->query_surface) {
            gl_->egl_display = get_display();
            gl_->egl_surface = get_surface(kEglDraw);
            const char* ext = gl_->egl_display ? query_string(gl_->egl_display, kEglExtensions) : nullptr;
            if (has_word(ext, "EGL_EXT_buffer_age") && gl_->egl_surface) path_ = PresentPath::egl_buffer_age;
            const char* with_damage = has_word(ext, "EGL_KHR_swap_buffers_with_damage") ? "eglSwapBuffersWithDamageKHR"
                                      : has_word(ext, "EGL_EXT_swap_buffers_with_damage") ? "eglSwapBuffersWithDamageEXT"
                                                                                          : nullptr;
            if (with_damage) gl_->swap_with_damage = reinterpret_cast<EglSwapWithDamage>(SDL_GL_GetProcAddress(with_damage));
            // Cage without a GPU: Debian 12's Mesa (22.3) offers a Wayland client
            // on llvmpipe no buffer age and no preserved swap, yet llvmpipe draws
            // into a buffer of its own that each swap copies into the
            // compositor's shared-memory buffer, so it still holds the last frame
            // after the swap (Mesa 23 reports exactly that as buffer age 1). The
            // GUI flows under cage check it pixel by pixel (tests/ui/cage_flows.sh).
            const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
            const char* video = SDL_GetCurrentVideoDriver();
            if (path_ == PresentPath::swap_whole && renderer && std::strstr(renderer, "llvmpipe") && video && std::strcmp(video, "wayland") == 0)
                path_ = PresentPath::egl_software_kept;
        }
    }
    if (full_redraw) path_ = PresentPath::swap_whole;
    gl_->bind_framebuffer = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(SDL_GL_GetProcAddress("glBindFramebuffer"));
    gl_->blit_framebuffer = reinterpret_cast<PFNGLBLITFRAMEBUFFERPROC>(SDL_GL_GetProcAddress("glBlitFramebuffer"));
}

// What the back buffer holds, in frames ago (0: unknown).
int Window::back_buffer_age() const {
    switch (path_) {
        case PresentPath::swap_whole: return 0;
        case PresentPath::glx_copy_sub_buffer: return back_intact_ ? 1 : 0;  // not swapped since: the last frame drawn
        case PresentPath::glx_buffer_age: {
            unsigned age = 0;
            glXQueryDrawable(gl_->x_display, gl_->drawable, GLX_BACK_BUFFER_AGE_EXT, &age);
            return static_cast<int>(age);
        }
        case PresentPath::egl_software_kept: return frames_at_size_ >= kFramesBeforeCopying ? 1 : 0;  // a new size: a new buffer
        case PresentPath::egl_buffer_age: {
            int32_t age = 0;
            if (!gl_->query_surface(gl_->egl_display, gl_->egl_surface, kEglBufferAgeExt, &age)) return 0;
            return age;
        }
    }
    return 0;
}

std::unique_ptr<Window> Window::open(const WindowOptions& options, std::string* error) {
    auto fail = [&](const std::string& why) -> std::unique_ptr<Window> {
        if (error) *error = why;
        return nullptr;
    };
    // The kiosk never lets the screen blank, never uses the clipboard, and has
    // no use for a compositor bypass dance: say so before SDL starts.
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  // fingers come as finger events only
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) return fail(std::string("cannot start SDL video: ") + SDL_GetError());
    start_trace::mark("window: SDL video started");

    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    else flags |= SDL_WINDOW_RESIZABLE;
    if (options.hidden) flags |= SDL_WINDOW_HIDDEN;
    int w = options.width > 0 ? options.width : 1280, h = options.height > 0 ? options.height : 800;
    // Fullscreen: create the window at the screen's size straight away. Under
    // a Wayland kiosk compositor (cage) a window made at another size gets its
    // real size only from the compositor's first configure, so the first frame
    // would be drawn at the wrong size and thrown away; at the output's size
    // the compositor can also show the kiosk's buffer directly (no copy). X
    // servers place it the same either way.
    SDL_DisplayMode desktop{};
    if (options.fullscreen && SDL_GetDesktopDisplayMode(0, &desktop) == 0 && desktop.w > 0 && desktop.h > 0)
        w = desktop.w, h = desktop.h;
    if (options.size_known) options.size_known(w, h);

    std::unique_ptr<Window> win(new Window());
    win->window_ = SDL_CreateWindow("madoguchi", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!win->window_) return fail(std::string("cannot open a window: ") + SDL_GetError());
    start_trace::mark("window: made");
    win->gl_context_ = SDL_GL_CreateContext(win->window_);
    if (!win->gl_context_) return fail(std::string("cannot create an OpenGL 3 context: ") + SDL_GetError());
    SDL_GL_MakeCurrent(win->window_, win->gl_context_);
    SDL_GL_SetSwapInterval(1);
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);
    start_trace::mark("window: GL context made");

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // never write imgui.ini (it would record window use)
    io.LogFilename = nullptr;
    // No clipboard at all: ImGui's default keeps copied text in memory, and the
    // SDL backend (not used here) would hand it to the desktop.
    io.SetClipboardTextFn = nullptr;
    io.GetClipboardTextFn = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    // Lines as antialiased triangles, not looked up in a texture of baked
    // lines: those need linear filtering, and ImGui's texture is sampled with
    // nearest filtering (begin_frame says why).
    io.Fonts->Flags |= ImFontAtlasFlags_NoBakedLines;
    // The renderer is the window's own (draw_lists, above), with its one
    // fragment program, compiled here.
    io.BackendRendererName = "madoguchi (fixed function, ARB fragment program)";
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    {
        const char* extensions = reinterpret_cast<const char*>(glGetString(GL_EXTENSIONS));
        auto gen = reinterpret_cast<PFNGLGENPROGRAMSARBPROC>(SDL_GL_GetProcAddress("glGenProgramsARB"));
        auto bind = reinterpret_cast<PFNGLBINDPROGRAMARBPROC>(SDL_GL_GetProcAddress("glBindProgramARB"));
        auto source = reinterpret_cast<PFNGLPROGRAMSTRINGARBPROC>(SDL_GL_GetProcAddress("glProgramStringARB"));
        if (!extensions || !has_word(extensions, "GL_ARB_fragment_program") || !gen || !bind || !source)
            return fail("the OpenGL driver lacks GL_ARB_fragment_program, which the kiosk draws with");
        GLuint program = 0;
        gen(1, &program);
        bind(GL_FRAGMENT_PROGRAM_ARB, program);
        source(GL_FRAGMENT_PROGRAM_ARB, GL_PROGRAM_FORMAT_ASCII_ARB, static_cast<GLsizei>(sizeof kFragmentProgram - 1), kFragmentProgram);
        GLint error_at = -1;
        glGetIntegerv(GL_PROGRAM_ERROR_POSITION_ARB, &error_at);
        if (error_at != -1) return fail("the OpenGL driver refused the kiosk's fragment program at character " + std::to_string(error_at));
        win->fragment_program_ = program;
    }
    win->choose_present_path(options.full_redraw);
    start_trace::mark("window: ImGui and its GL renderer started");
    return win;
}

Window::~Window() {
    if (gl_context_) {
        if (font_texture_) glDeleteTextures(1, &font_texture_);
        if (fragment_program_) {
            auto del = reinterpret_cast<PFNGLDELETEPROGRAMSARBPROC>(SDL_GL_GetProcAddress("glDeleteProgramsARB"));
            if (del) del(1, &fragment_program_);
        }
        ImGui::GetIO().Fonts->SetTexID(nullptr);
        ImGui::DestroyContext();
        SDL_GL_DeleteContext(static_cast<SDL_GLContext>(gl_context_));
    }
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
}

int Window::width() const {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    return w;
}

int Window::height() const {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    return h;
}

bool Window::wait_event(SDL_Event& event, int timeout_ms) {
    if (timeout_ms < 0) return SDL_WaitEvent(&event) == 1;
    return SDL_WaitEventTimeout(&event, timeout_ms) == 1;
}

bool Window::poll_event(SDL_Event& event) { return SDL_PollEvent(&event) == 1; }

// A frame's step taken in order (window.hpp); `from_ok` the phase it must
// follow. begin_frame may follow any phase but building (a frame not ended).
void Window::step(Phase from_ok, Phase to, const char* rule) {
    drawing_thread_.check("Window: frames are drawn on one thread, where the GL context is current");
    MADOGUCHI_ASSERT(to == Phase::building ? phase_ != Phase::building : phase_ == from_ok, rule);
    phase_ = to;
}

void Window::begin_frame(float delta_seconds) {
    // A frame drawn but never presented (a screenshot's): with buffer age
    // the back buffer now holds a frame the age does not count, and the
    // window lacks it. Draw and present the next one whole.
    if (phase_ == Phase::drawn) invalidate();
    step(Phase::idle, Phase::building, "Window: begin_frame only after the last frame ended");
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width()), static_cast<float>(height()));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = delta_seconds > 0 ? delta_seconds : 1.0f / 60.0f;
    if (!font_texture_) {
        // The kiosk draws no text with ImGui's font; its texture serves only
        // the white texel every filled shape samples. It is made in the glyph
        // pages' own form (imgui_target.cpp: one red channel read as
        // (1, 1, 1, red), nearest, clamped), for two reasons:
        //  - llvmpipe compiles a fragment shader for each kind of texture it
        //    is drawn with (format, swizzle, filtering, wrapping are part of
        //    the compiled code): one kind instead of two saves a compile on
        //    the first frame, which was then drawn in 105–120 ms instead of
        //    140–158 (--trace-start, 1920×1080; docs/performance.md "Start");
        //  - nearest filtering reads one texel where linear reads four and
        //    blends them: the same white, at a fraction of llvmpipe's
        //    per-pixel cost (every filled pixel).
        unsigned char* alpha = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsAlpha8(&alpha, &tw, &th);
        GLint bound = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
        glGenTextures(1, &font_texture_);
        glBindTexture(GL_TEXTURE_2D, font_texture_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, tw, th, 0, GL_RED, GL_UNSIGNED_BYTE, alpha);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(font_texture_)));
        io.Fonts->ClearTexData();  // the atlas's pixels live in the texture now
    }
    ImGui::NewFrame();
}

ImDrawList* Window::draw_list() {
    MADOGUCHI_ASSERT(phase_ == Phase::building, "Window: draw_list between begin_frame and end_frame");
    return ImGui::GetBackgroundDrawList();
}

void Window::finish_imgui() {
    step(Phase::building, Phase::laid_out, "Window: end_frame after begin_frame");
    ImGui::Render();
}

void Window::invalidate() {
    damage_.forget();
    whole_present_ = true;
    if (gl_) {  // a pass's copies of the last frame's indices and commands
        for (auto& v : gl_->pass_idx) v.clear();
        for (auto& v : gl_->pass_cmds) v.clear();
    }
}

// ---------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------

namespace {
void clear_to(uint32_t rgb) {
    glClearColor(static_cast<float>((rgb >> 16) & 0xFF) / 255.f, static_cast<float>((rgb >> 8) & 0xFF) / 255.f,
                 static_cast<float>(rgb & 0xFF) / 255.f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
}
}  // namespace

void Window::render(uint32_t clear_rgb) {
    step(Phase::laid_out, Phase::drawn, "Window: render right after the frame was laid out");
    const int w = width(), h = height();
    if (w != frame_w_ || h != frame_h_) frames_at_size_ = 0;
    else if (frames_at_size_ < kFramesBeforeCopying) ++frames_at_size_;
    frame_w_ = w, frame_h_ = h;
    glViewport(0, 0, w, h);
    RedrawPlan plan;
    if (path_ == PresentPath::swap_whole) {
        plan.rects = {DamageRect{0, 0, w, h}};  // nothing to compare with: no hashing
    } else {
        damage_.record(*ImGui::GetDrawData(), clear_rgb, w, h, textures_rewritten_, scroll_hint_);
        unchanged_ = damage_.unchanged();
        plan = damage_.plan_since(back_buffer_age(), gl_->can_move());
        damage_.commit();
    }
    textures_rewritten_ = false;
    scroll_hint_ = ScrollHint{};
    if (plan.copy_dy != 0) {
        move_pixels(plan.copy_area, plan.copy_dy);
        unpresented_.push_back(plan.copy_area);
    }
    draw_rects(plan.rects, clear_rgb);
    last_redraw_ = RedrawStats{static_cast<int>(plan.rects.size()), plan.copy_dy, 0, static_cast<long long>(w) * h};
    for (const DamageRect& r : plan.rects) last_redraw_.pixels += r.area();
    unpresented_.insert(unpresented_.end(), plan.rects.begin(), plan.rects.end());
    ++frames_;
    if (start_trace::enabled()) glFinish();  // the GL work done, so that the trace times it here (start_trace.hpp)
}

// Each rectangle is one pass: cleared, then draw_lists draws
// the frame's lists cut to it. The lists it is given hold only the triangles
// whose bounding box meets the rectangle, each command's clip cut to it:
// llvmpipe would otherwise run every vertex of the frame through its vertex
// stage once per pass, whatever the scissor lets through.
void Window::draw_rects(const std::vector<DamageRect>& rects, uint32_t clear_rgb) {
    ImDrawData* data = ImGui::GetDrawData();
    const int w = width(), h = height();
    Gl& g = *gl_;
    g.pass_cmds.resize(static_cast<size_t>(data->CmdListsCount));
    g.pass_idx.resize(static_cast<size_t>(data->CmdListsCount));
    const ImVec2 off = data->DisplayPos;
    for (const DamageRect& r : rects) {
        if (r.x0 <= 0 && r.y0 <= 0 && r.x1 >= w && r.y1 >= h) {
            clear_to(clear_rgb);
            draw_lists(*data, w, h);
            continue;
        }
        glEnable(GL_SCISSOR_TEST);
        glScissor(r.x0, h - r.y1, r.width(), r.height());  // GL counts rows from the bottom
        clear_to(clear_rgb);
        glDisable(GL_SCISSOR_TEST);
        for (int l = 0; l < data->CmdListsCount; ++l) {
            ImDrawList* list = data->CmdLists[l];
            ImVector<ImDrawCmd>& cmds = g.pass_cmds[static_cast<size_t>(l)];
            ImVector<ImDrawIdx>& idx = g.pass_idx[static_cast<size_t>(l)];
            cmds.resize(0);
            idx.resize(0);
            for (const ImDrawCmd& cmd : list->CmdBuffer) {
                // The pixels the command's own scissor lets through, cut to the
                // rectangle: whole pixels, so that the pass's scissor is that
                // box exactly (frame_damage.hpp, scissor_pixels).
                if (cmd.ClipRect.z <= cmd.ClipRect.x || cmd.ClipRect.w <= cmd.ClipRect.y) continue;
                const DamageRect sc = scissor_pixels(cmd.ClipRect.x - off.x, cmd.ClipRect.y - off.y, cmd.ClipRect.z - off.x, cmd.ClipRect.w - off.y, h);
                const int x0 = std::max(sc.x0, r.x0), y0 = std::max(sc.y0, r.y0), x1 = std::min(sc.x1, r.x1), y1 = std::min(sc.y1, r.y1);
                if (x1 <= x0 || y1 <= y0) continue;
                ImDrawCmd cut = cmd;
                cut.ClipRect = ImVec4(off.x + static_cast<float>(x0), off.y + static_cast<float>(y0), off.x + static_cast<float>(x1),
                                      off.y + static_cast<float>(y1));
                cut.IdxOffset = static_cast<unsigned>(idx.Size);
                const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
                const ImDrawIdx* src = list->IdxBuffer.Data + cmd.IdxOffset;
                for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                    const ImVec2 a = vtx[src[i]].pos, b = vtx[src[i + 1]].pos, c = vtx[src[i + 2]].pos;
                    // One pixel of margin: a pixel whose centre lies on an edge.
                    if (std::max({a.x, b.x, c.x}) + 1.f < cut.ClipRect.x || std::min({a.x, b.x, c.x}) - 1.f > cut.ClipRect.z ||
                        std::max({a.y, b.y, c.y}) + 1.f < cut.ClipRect.y || std::min({a.y, b.y, c.y}) - 1.f > cut.ClipRect.w)
                        continue;
                    idx.push_back(src[i]);
                    idx.push_back(src[i + 1]);
                    idx.push_back(src[i + 2]);
                }
                cut.ElemCount = static_cast<unsigned>(idx.Size) - cut.IdxOffset;
                if (cut.ElemCount) cmds.push_back(cut);
            }
            list->CmdBuffer.swap(cmds);  // the pass's lists in place of the frame's …
            list->IdxBuffer.swap(idx);
        }
        draw_lists(*data, w, h);
        for (int l = 0; l < data->CmdListsCount; ++l) {  // … and back
            data->CmdLists[l]->CmdBuffer.swap(g.pass_cmds[static_cast<size_t>(l)]);
            data->CmdLists[l]->IdxBuffer.swap(g.pass_idx[static_cast<size_t>(l)]);
        }
    }
}

// The rows of `area` move by `dy` (positive: down) within it. A blit within
// one framebuffer is defined only where source and destination do not
// overlap, so the rows go in strips at most |dy| high: moving up, the top
// strip first (each strip's source lies below anything written yet); moving
// down, the bottom one. Within the window's own buffer such a blit is a
// memory copy in Mesa (0.2 ms for the 20k list's 1020 × 745 pixels at 1080p,
// where going through a texture of another format was shaded, 8.5 ms).
// Rows whose source lies outside the area are the plan's to draw.
void Window::move_pixels(const DamageRect& area, int dy) {
    Gl& g = *gl_;
    const int h = height();
    glDisable(GL_SCISSOR_TEST);  // a blit is scissored too
    g.bind_framebuffer(GL_FRAMEBUFFER, 0);
    const int step = dy < 0 ? -dy : dy;
    const int first = dy < 0 ? area.y0 : area.y0 + dy, last = dy < 0 ? area.y1 + dy : area.y1;  // destination rows
    for (int k = 0; k * step < last - first; ++k) {
        const int s0 = dy < 0 ? first + k * step : std::max(first, last - (k + 1) * step);
        const int s1 = dy < 0 ? std::min(last, s0 + step) : last - k * step;
        // GL counts rows from the bottom: source rows [s0 - dy, s1 - dy) → [s0, s1).
        g.blit_framebuffer(area.x0, h - (s1 - dy), area.x1, h - (s0 - dy), area.x0, h - s1, area.x1, h - s0, GL_COLOR_BUFFER_BIT,
                           GL_NEAREST);
    }
}

void Window::present() {
    step(Phase::drawn, Phase::idle, "Window: present a frame drawn by end_frame");
    const int w = width(), h = height();
    // A frame that draws what the window already shows is not shown again
    // where that is a whole swap only because the back buffer could not be
    // trusted (the first frames at a size): the start's second frame (the
    // search index warmed, nothing else changed) was sent to the X server
    // whole, 8 MiB, and the screen seemed to change twice (docs/performance.md,
    // "Start"). Only these two paths skip; the buffer-age ones swap as before.
    const bool show_nothing = unchanged_ && !whole_present_;
    unchanged_ = false;
    if (whole_present_) unpresented_.assign(1, DamageRect{0, 0, w, h});
    whole_present_ = false;
    switch (path_) {
        case PresentPath::glx_copy_sub_buffer:
            // Just after a size change Mesa's back buffer may still have the
            // old size while SDL reports the new one, and copying a rectangle
            // outside it is an X protocol error (which ends the process): the
            // first frames at a new size are swapped whole, and the frame
            // after a swap is drawn whole (the swap leaves the back buffer
            // undefined).
            if (frames_at_size_ < kFramesBeforeCopying) {
                if (show_nothing) {
                    // Not swapped, but the back buffer is not trusted yet either
                    // (Mesa may still change its size): the next frame is drawn whole.
                    back_intact_ = false;
                    break;
                }
                SDL_GL_SwapWindow(window_);
                back_intact_ = false;
                break;
            }
            for (const DamageRect& r : unpresented_) gl_->copy_sub_buffer(gl_->x_display, gl_->drawable, r.x0, h - r.y1, r.width(), r.height());
            back_intact_ = true;
            break;
        case PresentPath::egl_buffer_age:
            if (gl_->swap_with_damage && !unpresented_.empty()) {
                std::vector<int32_t> boxes;  // x, y (from the bottom), width, height
                for (const DamageRect& r : unpresented_)
                    boxes.insert(boxes.end(), {r.x0, h - r.y1, r.width(), r.height()});
                gl_->swap_with_damage(gl_->egl_display, gl_->egl_surface, boxes.data(), static_cast<int32_t>(unpresented_.size()));
                break;
            }
            // Nothing changed still swaps: the buffer age counts swaps.
            SDL_GL_SwapWindow(window_);
            break;
        case PresentPath::egl_software_kept:
            // Nothing drawn, nothing to show: the compositor still has the last
            // frame. (Each swap copies the whole frame into its buffer, and
            // SDL then waits for the compositor's frame callback.)
            if (!unpresented_.empty() && !show_nothing) SDL_GL_SwapWindow(window_);
            break;
        case PresentPath::swap_whole:
        case PresentPath::glx_buffer_age: SDL_GL_SwapWindow(window_); break;
    }
    unpresented_.clear();
}

// ---------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------

std::string Window::check_against_full_redraw() {
    MADOGUCHI_ASSERT(phase_ == Phase::drawn, "Window: check_against_full_redraw after end_frame, before present");
    std::vector<uint8_t> partial, whole;
    if (!read_pixels(partial)) return "cannot read the frame back";
    glViewport(0, 0, width(), height());
    clear_to(clear_rgb_);
    draw_lists(*ImGui::GetDrawData(), width(), height());
    if (!read_pixels(whole)) return "cannot read the whole redraw back";
    const int w = width();
    long long differ = 0;
    size_t first = partial.size();
    for (size_t i = 0; i < partial.size(); ++i)
        if (partial[i] != whole[i]) {
            if (first == partial.size()) first = i;
            ++differ;
        }
    if (differ == 0) return {};
    const size_t px = first / 3;
    return "the frame drawn by partial redraw (" + std::string(present_path_name(path_)) + ") differs from a whole redraw in " +
           std::to_string(differ) + " colour values, the first at x " + std::to_string(px % static_cast<size_t>(w)) + ", y " +
           std::to_string(px / static_cast<size_t>(w));
}

bool Window::read_pixels(std::vector<uint8_t>& rgb) const {
    MADOGUCHI_ASSERT(phase_ == Phase::drawn, "Window: read_pixels after end_frame, before present");
    const int w = width(), h = height();
    std::vector<uint8_t> flipped(static_cast<size_t>(w) * h * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, flipped.data());
    rgb.resize(flipped.size());
    for (int y = 0; y < h; ++y)
        std::copy_n(&flipped[static_cast<size_t>(h - 1 - y) * w * 3], static_cast<size_t>(w) * 3, &rgb[static_cast<size_t>(y) * w * 3]);
    return glGetError() == GL_NO_ERROR;
}

std::string write_rgb_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgb) {
    if (!stbi_write_png(path.c_str(), width, height, 3, rgb.data(), width * 3)) return "cannot write " + path;
    return {};
}

}  // namespace madoguchi::platform
