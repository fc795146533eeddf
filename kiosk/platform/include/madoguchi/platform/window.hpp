// SPDX-License-Identifier: Apache-2.0
// window.hpp — the kiosk's one window: SDL2 + OpenGL 3 + a Dear ImGui context
// used only as a renderer of draw lists.
//
// Why no ImGui SDL backend: it would hand SDL's clipboard to ImGui and read
// hover/mouse state we do not want; the kiosk turns SDL events (mouse and
// finger) into its own input events (kiosk/ui) and uses ImGui only to collect
// draw lists and render them with the OpenGL 3 backend. No ImGui ini or log
// file is ever written (IniFilename = LogFilename = nullptr).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/base/invariant.hpp"

union SDL_Event;
struct SDL_Window;
struct ImDrawList;

namespace madoguchi::platform {

struct WindowOptions {
    bool fullscreen = false;  // fullscreen desktop mode (the kiosk); else a window
    int width = 0, height = 0;  // window size when not fullscreen; 0 → 1280×800
    bool hidden = false;        // for tests that never show the window
};

class Window {
public:
    static std::unique_ptr<Window> open(const WindowOptions& options, std::string* error);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    int width() const;   // drawable size in pixels
    int height() const;

    // Blocks until an event arrives or timeout_ms passes (-1: forever). Returns
    // false on timeout. This is where an untouched kiosk spends its time.
    bool wait_event(SDL_Event& event, int timeout_ms);
    bool poll_event(SDL_Event& event);

    // One frame: begin_frame() → draw into draw_list() → end_frame(upload) →
    // present(), in that order, on the thread that draws (its GL context);
    // checked in debug builds. `before_render` runs after ImGui::Render() and before the GL
    // backend draws (the text renderer uploads new glyph pages there).
    void begin_frame(float delta_seconds);
    ImDrawList* draw_list();
    template <typename F>
    void end_frame(F&& before_render) {
        finish_imgui();
        before_render();
        render(clear_rgb_);
    }
    // Ends the ImGui frame without drawing it (nothing reaches the screen):
    // for scripted checks that only need what the UI laid out (walk-layout).
    void end_frame_without_drawing() { finish_imgui(); }
    void set_clear_color(uint32_t rgb) { clear_rgb_ = rgb; }
    void present();

    // The back buffer as RGB rows, top row first (call after end_frame, before present).
    bool read_pixels(std::vector<uint8_t>& rgb) const;
    SDL_Window* sdl_window() const { return window_; }
    uint64_t frames() const { return frames_; }

private:
    Window() = default;
    void finish_imgui();
    void render(uint32_t clear_rgb);
    // Where the current frame is (the order above). end_frame_without_drawing
    // leaves it laid_out: nothing to present or read back.
    enum class Phase : uint8_t { idle, building, laid_out, drawn };
    void step(Phase from_ok, Phase to, const char* rule);

    SDL_Window* window_ = nullptr;
    void* gl_context_ = nullptr;
    uint32_t clear_rgb_ = 0xFFFFFF;
    uint64_t frames_ = 0;
    Phase phase_ = Phase::idle;
    check::OwnerThread drawing_thread_;
};

// Writes RGB rows as a PNG. Returns "" or an error.
std::string write_rgb_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgb);

}  // namespace madoguchi::platform
