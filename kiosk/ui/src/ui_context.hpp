// SPDX-License-Identifier: Apache-2.0
// ui_context.hpp — the kiosk's own immediate-mode layer over an ImDrawList
// (internal to kiosk/ui).
//
// Why our own: Dear ImGui's widgets look like a developer tool and its input
// model is mouse-and-hover; a kiosk needs big rounded touch targets, taps that
// are not drags, drag-to-scroll with inertia, and names for every target so a
// script can tap "concern.alcohol". Each frame the screens call button(),
// text(), scroll() …; every target is recorded with its name and rectangle.
// Input between frames is matched against the targets of the frame the visitor
// saw, so a tap acts on what was on screen under the finger.
#pragma once

#include <imgui.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/imgui_target.hpp"
#include "madoguchi/text/text_layout.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "theme.hpp"

namespace madoguchi::ui {

inline constexpr float kMeasuredLastFrame = -1.0f;

struct TextOpts {
    float size_mm = 0;       // 0 → body
    std::string_view lang;   // "" → the session's language
    text::Align align = text::Align::left;
    int max_lines = 0;
    ImU32 color = 0;         // 0 → the palette's text colour
    bool no_ruby = false;
    bool phrases = false;    // Japanese phrase breaking (labels, headings)
};

class Ui {
public:
    Ui(const text::FontSet& fonts, float width_mm, float height_mm);

    // --- frame ---------------------------------------------------------------
    struct FrameOpts {
        std::string_view lang;                  // the session's language
        bool large_text = false;
        const theme::Palette* palette = nullptr;  // null → standard
    };
    void begin(ImDrawList* dl, float width, float height, double now, const FrameOpts& o);
    void end();
    const theme::Palette& pal() const { return *pal_; }
    float width() const { return width_; }
    float height() const { return height_; }
    bool portrait() const { return height_ > width_; }
    double now() const { return now_; }
    float mm(float v) const { return v * px_per_mm_; }
    float text_scale() const { return large_text_ ? 1.35f : 1.0f; }
    ImDrawList* dl() { return dl_; }
    // A frame laid out only to fill the text caches (KioskUi::rehearse_first_frame,
    // on a thread without the GL context and without ImGui's, whose globals
    // the main thread is making meanwhile): no draw list at all; text() shapes
    // and rasterizes its glyphs, the rest draws nothing. end_rehearsal() keeps
    // the caches and drops everything else the frame made (targets, problems).
    void begin_rehearsal(float width, float height, const FrameOpts& o);
    void end_rehearsal();
    bool rehearsal() const { return rehearsal_; }

    // --- input (between frames) ----------------------------------------------
    void pointer_down(float x, float y, double now);
    void pointer_move(float x, float y, double now);
    void pointer_up(float x, float y, double now);
    void wheel(float x, float y, float notches);
    bool animating() const;  // inertia running or a press being shown
    bool pointer_is_down() const { return down_; }

    // --- drawing --------------------------------------------------------------
    void fill(const Rect& r, ImU32 color, float radius_mm = 0);
    void stroke(const Rect& r, ImU32 color, float radius_mm = 0, float thickness_mm = 0.5f);
    // Lays out and draws text at (x, y) (top-left) within width; returns the height used.
    float text(std::string_view s, float x, float y, float width, const TextOpts& o = {});
    float text_height(std::string_view s, float width, const TextOpts& o = {});
    float text_width(std::string_view s, const TextOpts& o = {});
    void push_clip(const Rect& r);
    void pop_clip();

    // --- targets ----------------------------------------------------------------
    // Records a named target; true if the visitor tapped it (released on it
    // without dragging). Draws nothing.
    bool target(std::string_view name, const Rect& r);
    bool pressed(std::string_view name) const { return pressed_ == name && !dragging_; }
    // True if the visitor tapped `name` since the last frame, asked before the
    // frame is drawn (target() says the same while drawing).
    bool tapped(std::string_view name) const { return activated_ == name; }
    // A rounded button with a centred label; styles below.
    using Style = theme::ButtonStyle;
    bool button(std::string_view name, const Rect& r, std::string_view label, Style style = Style::secondary,
                ImU32 fill_override = 0, float label_mm = 0);

    // --- scrolling --------------------------------------------------------------
    // A scrolled viewport: returns the offset to subtract from content y.
    // content_height = kMeasuredLastFrame: content whose height is only known
    // once drawn; the screen reports it with set_scroll_content() after drawing.
    float scroll(std::string_view name, const Rect& viewport, float content_height);
    // Content that shrank below the offset the frame was drawn at clamps the
    // offset and asks for one more frame (animating()).
    void set_scroll_content(std::string_view name, float content_height);
    void reset_scroll(std::string_view name);
    // Scrolls `name` (no glide) so that its content from `top` to `bottom`
    // (content coordinates: 0 = the top of the content) is in view, its top
    // first if it is taller than the viewport. Call after set_scroll_content().
    void scroll_into_view(std::string_view name, float top, float bottom);

    // --- boxes: what must hold what (the layout check) -------------------------
    // Every text and target drawn while a box is open must lie inside it, or
    // the frame records a layout problem: text cut by max_lines, a missing
    // glyph, a label taller than its button, a card's content past its edge, a
    // control pushed off the screen. The screen itself is the outermost box; a
    // scrolled viewport (push_clip) holds its content sideways only (the rest
    // scrolls into view). Nothing is logged: tests and scripts read the list
    // (KioskUiProbe::layout_problems), the visitor never sees it.
    void push_box(const Rect& r, std::string_view name);
    void pop_box();
    // Something that does not fit, said by the screen itself (e.g. a badge
    // with no room left on its card).
    void problem(std::string_view what, std::string_view where);
    const std::vector<std::string>& last_problems() const { return last_problems_; }
    void reset_boxes() { boxes_.resize(1); }

    // --- moving what was drawn (the bottom-weighted layout) --------------------
    // A screen draws from the top, asks how low its texts and targets reached,
    // and moves all of it down (vertices, targets) to end just above the bar.
    struct Mark {
        int vtx = 0;
        size_t targets = 0;
    };
    Mark mark();
    float drawn_bottom() const { return drawn_bottom_; }  // lowest edge of texts and targets since mark()
    void shift_since(const Mark& m, float dy);

    // An overlay (the idle countdown) covers what was drawn so far: its targets
    // stay known to scripts, but the layout check looks only at what is on top.
    void cover() { covered_ = targets_.size(); }
    size_t last_covered() const { return last_covered_; }

    // --- what the last frame showed (scripts, tests) --------------------------
    struct Target {
        std::string name;
        Rect rect;             // the part that can be seen (and tapped)
        bool clipped = false;  // part of it is scrolled out of view
        Rect full;             // the whole target, scrolled out parts too
        std::string region;    // the scrolled area it is in ("" = none)
        std::string label;     // what it says (buttons; set_label() for others): spoken with focus
    };
    // Names what the target just recorded says (a card: its title), for speech.
    void set_label(std::string_view label);
    const std::vector<Target>& last_targets() const { return last_targets_; }
    const std::vector<std::pair<std::string, Rect>>& last_scroll_regions() const { return last_scroll_regions_; }
    // The largest scrolled area drawn this frame and the offset it was drawn
    // at (viewport empty: none), for the window's partial redraw.
    struct ScrolledArea {
        Rect viewport;
        float offset = 0;
    };
    const ScrolledArea& scrolled_area() const { return scrolled_area_; }
    const Target* find_last(std::string_view name) const;

    // --- focus: the keypad path (focus.cpp; docs/accessibility.md "Keys") -----
    // Focus is one target of the last frame. Keys mode begins with the first
    // key (the ring appears only then) and ends with wipe(). Up and down go
    // through every target in reading order (rows top to bottom, each row
    // left to right) — the linear list; left and right stay within a row. A
    // scrolled area that holds more than is drawn scrolls by a page before
    // focus leaves it, so nothing in a list is skipped. Select acts exactly as
    // a tap on the focused target does (in the next frame).
    enum class Move { up, down, left, right };
    void set_keys_mode(bool on) { keys_mode_ = on; }
    bool keys_mode() const { return keys_mode_; }
    void focus_move(Move m);
    void focus_select();
    // A new screen: focus goes to its first useful target (not the bar) when
    // the next frame is drawn — the first whose name starts with `prefer`
    // when there is one (a results list: its first card, not the filters;
    // "a|b": a, else b).
    void focus_reset(std::string_view prefer = {});
    const std::string& focused() const { return focus_; }
    const Target* focused_target() const { return find_last(focus_); }
    // Changes whenever focus moves to another target (speech reads it anew).
    uint64_t focus_serial() const { return focus_serial_; }
    // The targets of the last frame a key can reach (under an overlay: only
    // the overlay's), in reading order.
    std::vector<const Target*> focus_order() const;

    // Session end: forget layouts, glyphs, textures, taps, scroll positions.
    void wipe();
    // Uploads new glyph pages. True when texels drawn from before were
    // replaced since the last call (the window then redraws everything).
    bool upload();

    text::TextEngine& engine() { return engine_; }
    text::GlyphAtlas& atlas() { return atlas_; }

private:
    struct ScrollState {
        float offset = 0, velocity = 0, content = 0;
        Rect viewport;
        float drag_start_offset = 0;
    };
    const Target* hit(float x, float y) const;
    // focus.cpp
    void set_focus(const std::string& name);
    void settle_focus();       // end(): a focus that is gone is put on a target of this frame
    void draw_focus_ring();    // end(): around the focused target, on top of everything
    bool can_scroll(const std::string& region, int dir) const;
    void page(const std::string& region, int dir);
    void focus_into_view(const Target& t);
    struct Box {
        Rect r;
        bool scrolls = false;  // a viewport: holds its content sideways only
        std::string name;
    };
    void check_inside(const Rect& r, std::string_view what, std::string_view text);

    const text::FontSet& fonts_;
    float width_mm_, height_mm_;
    text::TextEngine engine_;
    text::GlyphAtlas atlas_;
    text::ImGuiTextRenderer renderer_;
    uint64_t seen_texel_rewrites_ = 0;  // renderer_.texel_rewrites() at the last upload()

    ImDrawList* dl_ = nullptr;
    bool rehearsal_ = false;
    float width_ = 0, height_ = 0, px_per_mm_ = 3.6f;
    double now_ = 0, last_frame_ = 0;
    std::string lang_ = "ja";
    bool large_text_ = false;
    const theme::Palette* pal_ = &theme::standard_palette;
    std::vector<Box> boxes_;
    std::string last_target_;  // texts drawn after a target are named after it in problems
    std::vector<std::string> problems_, last_problems_;
    float drawn_bottom_ = 0;
    size_t covered_ = 0, last_covered_ = 0;
    bool relayout_ = false;  // set_scroll_content clamped an offset: one more frame

    std::vector<Target> targets_, last_targets_;
    std::vector<Rect> clip_stack_;
    std::vector<std::string> region_stack_;  // the scrolled area of each clip
    bool last_recorded_ = false;             // the last target() was recorded (not wholly scrolled out)

    // focus (focus.cpp)
    bool keys_mode_ = false;
    std::string focus_;
    uint64_t focus_serial_ = 0;
    enum class Pick { none, first_useful, first, last, first_in_region, last_in_region, into_region } pick_ = Pick::none;
    std::string pick_region_;
    std::string pick_prefer_;

    // pointer
    bool down_ = false, dragging_ = false;
    float down_x_ = 0, down_y_ = 0, last_x_ = 0, last_y_ = 0;
    double last_move_t_ = 0;
    std::string pressed_;
    std::string activated_;     // name released on, handled in the next frame
    std::string scroll_owner_;  // scroll region the pointer went down in
    std::map<std::string, ScrollState, std::less<>> scrolls_;
    std::vector<std::pair<std::string, Rect>> last_scroll_regions_, scroll_regions_;
    ScrolledArea scrolled_area_;
};

}  // namespace madoguchi::ui
