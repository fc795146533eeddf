// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/platform/window.hpp"

#include <SDL.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb/stb_image_write.h>

#include <GL/gl.h>

#include <algorithm>

namespace madoguchi::platform {

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

    std::unique_ptr<Window> win(new Window());
    win->window_ = SDL_CreateWindow("madoguchi", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!win->window_) return fail(std::string("cannot open a window: ") + SDL_GetError());
    win->gl_context_ = SDL_GL_CreateContext(win->window_);
    if (!win->gl_context_) return fail(std::string("cannot create an OpenGL 3 context: ") + SDL_GetError());
    SDL_GL_MakeCurrent(win->window_, win->gl_context_);
    SDL_GL_SetSwapInterval(1);
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);

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
    if (!ImGui_ImplOpenGL3_Init("#version 130")) return fail("the OpenGL 3 renderer did not start");
    return win;
}

Window::~Window() {
    if (gl_context_) {
        ImGui_ImplOpenGL3_Shutdown();
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
    step(Phase::idle, Phase::building, "Window: begin_frame only after the last frame ended");
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width()), static_cast<float>(height()));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = delta_seconds > 0 ? delta_seconds : 1.0f / 60.0f;
    ImGui_ImplOpenGL3_NewFrame();
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

void Window::render(uint32_t clear_rgb) {
    step(Phase::laid_out, Phase::drawn, "Window: render right after the frame was laid out");
    glViewport(0, 0, width(), height());
    glClearColor(static_cast<float>((clear_rgb >> 16) & 0xFF) / 255.f, static_cast<float>((clear_rgb >> 8) & 0xFF) / 255.f,
                 static_cast<float>(clear_rgb & 0xFF) / 255.f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++frames_;
}

void Window::present() {
    step(Phase::drawn, Phase::idle, "Window: present a frame drawn by end_frame");
    SDL_GL_SwapWindow(window_);
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
