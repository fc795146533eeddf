// SPDX-License-Identifier: Apache-2.0
// window.hpp — the kiosk's one window: SDL2 + an OpenGL 3.0 context + a Dear
// ImGui context used only to collect draw lists.
//
// Why no ImGui SDL backend: it would hand SDL's clipboard to ImGui and read
// hover/mouse state we do not want; the kiosk turns SDL events (mouse and
// finger) into its own input events (kiosk/ui) and uses ImGui only to collect
// draw lists, which the window draws itself (window.cpp, "Drawing lists"). No ImGui ini or log
// file is ever written (IniFilename = LogFilename = nullptr).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/base/invariant.hpp"
#include "madoguchi/platform/frame_damage.hpp"

union SDL_Event;
struct SDL_Window;
struct ImDrawList;

namespace madoguchi::platform {

struct WindowOptions {
    bool fullscreen = false;  // fullscreen desktop mode (the kiosk); else a window
    int width = 0, height = 0;  // window size when not fullscreen; 0 → 1280×800
    bool hidden = false;        // for tests that never show the window
    // Redraw the whole frame every time, as before partial redraw existed
    // (`--full-redraw`): for comparisons, and for a driver that misbehaves.
    bool full_redraw = false;
    // Called by open(), on its thread, as soon as SDL knows the size the window
    // will be made at (the desktop's when fullscreen) and before the GL driver
    // loads, which takes most of the time open() takes: another thread can lay
    // out the first frame meanwhile (docs/performance.md, "Start"). Not called
    // when SDL cannot start.
    std::function<void(int width, int height)> size_known;
};

// How a frame reaches the screen, chosen when the window opens from what the
// GL platform offers (window.cpp, "Presenting"). Every path but `swap_whole`
// redraws only what changed (frame_damage.hpp).
enum class PresentPath : uint8_t {
    swap_whole,         // buffer age unknown: the whole frame, every frame
    egl_buffer_age,     // EGL_EXT_buffer_age (a GPU driver; under cage); damage to the compositor if it takes it
    glx_buffer_age,     // GLX_EXT_buffer_age (X11 with a GPU driver)
    glx_copy_sub_buffer, // GLX_MESA_copy_sub_buffer (X11, Mesa's software renderer): the back buffer is ours
    egl_software_kept   // Wayland on Mesa's llvmpipe (cage without a GPU): its buffer outlives the swap
};
const char* present_path_name(PresentPath path);

// What the last drawn frame redrew.
struct RedrawStats {
    int rects = 0;              // scissored passes (0: nothing changed)
    int moved_rows = 0;         // rows the scrolled area's pixels were moved by (0: none)
    long long pixels = 0;       // pixels redrawn (overlaps counted twice)
    long long frame_pixels = 0; // pixels of the whole frame
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
    // Texels earlier frames were drawn from were replaced (KioskUi::upload_textures
    // said so, in before_render): this frame is drawn whole.
    void note_textures_rewritten() { textures_rewritten_ = true; }
    // The frame's scrolled area (frame_damage.hpp, "Scrolling"): set before
    // end_frame; it holds for that frame only.
    void set_scroll_hint(const ScrollHint& hint) { scroll_hint_ = hint; }
    void present();

    // The back buffer as RGB rows, top row first (call after end_frame, before present).
    bool read_pixels(std::vector<uint8_t>& rgb) const;
    // The check behind "pixel-identical": reads the frame just drawn (only its
    // damage redrawn), draws the same draw lists again whole, and compares. Returns "" when every pixel is equal,
    // else where they differ. The back buffer then holds the whole redraw.
    // Call after end_frame, before present (the GUI flows do at every screenshot).
    std::string check_against_full_redraw();
    // The window's contents may be gone (exposed, resized, shown again), or a
    // session ended: the next frame is drawn and presented whole, and what was
    // remembered of earlier frames (their hashes) is wiped.
    void invalidate();
    PresentPath present_path() const { return path_; }
    // False while pixels moved by scrolling wait to be drawn again exactly
    // (frame_damage.hpp, "Scrolling"): the loop then draws more frames, once
    // kSettleDelay has passed since pixels last moved (a finger dragging the
    // list moves them every few frames; exact pixels matter once it rests).
    bool settled() const { return damage_.settled(); }
    static constexpr double kSettleDelay = 0.1;  // seconds
    const RedrawStats& last_redraw() const { return last_redraw_; }
    SDL_Window* sdl_window() const { return window_; }
    uint64_t frames() const { return frames_; }

private:
    Window();
    void finish_imgui();
    void render(uint32_t clear_rgb);
    void choose_present_path(bool full_redraw);
    int back_buffer_age() const;
    void draw_rects(const std::vector<DamageRect>& rects, uint32_t clear_rgb);
    void move_pixels(const DamageRect& area, int dy);
    // Where the current frame is (the order above). end_frame_without_drawing
    // leaves it laid_out: nothing to present or read back.
    enum class Phase : uint8_t { idle, building, laid_out, drawn };
    void step(Phase from_ok, Phase to, const char* rule);

    SDL_Window* window_ = nullptr;
    void* gl_context_ = nullptr;
    uint32_t clear_rgb_ = 0xFFFFFF;
    uint64_t frames_ = 0;
    Phase phase_ = Phase::idle;
    PresentPath path_ = PresentPath::swap_whole;
    FrameDamage damage_;
    std::vector<DamageRect> unpresented_;  // drawn since the last present (what it must show)
    bool whole_present_ = true;            // the next present shows the whole back buffer
    bool unchanged_ = false;               // the frame drawn is the one on screen (FrameDamage::unchanged)
    bool textures_rewritten_ = false;
    unsigned fragment_program_ = 0;  // GL name of draw_lists' ARB fragment program (window.cpp)
    unsigned font_texture_ = 0;  // GL name of ImGui's atlas texture (its white texel), made at the first frame
    ScrollHint scroll_hint_;
    // The copy path (GLX_MESA_copy_sub_buffer): frames drawn at this size,
    // and whether the back buffer still holds the last frame (not swapped).
    static constexpr int kFramesBeforeCopying = 3;
    int frame_w_ = 0, frame_h_ = 0, frames_at_size_ = 0;
    bool back_intact_ = false;
    RedrawStats last_redraw_;
    struct Gl;                             // entry points looked up at open (window.cpp)
    std::unique_ptr<Gl> gl_;
    check::OwnerThread drawing_thread_;
};

// Writes RGB rows as a PNG. Returns "" or an error.
std::string write_rgb_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgb);

}  // namespace madoguchi::platform
