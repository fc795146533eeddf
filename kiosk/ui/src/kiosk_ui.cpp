// SPDX-License-Identifier: Apache-2.0
// kiosk_ui.cpp — the kiosk's public face: input, the frame (idle countdown,
// quick-hide, which screen draws), bundles coming and going, and what scripts
// and tests may ask. The screens themselves are in files named for what they
// show (kiosk.hpp has the index); the visitor's state is one struct
// (visitor_state.hpp), forgotten in one step (Kiosk::wipe).
#include "madoguchi/ui/kiosk_ui.hpp"

#include <algorithm>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

KioskUi::KioskUi(KioskUiDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {}
KioskUi::~KioskUi() = default;

void KioskUi::input(const InputEvent& e, double now) {
    Kiosk& m = *impl_;
    m.ui_thread.check("KioskUi is used from one thread");
    m.want_frame = true;
    if (m.setup.is_open()) {
        // The setup screens (staff): taps and drags as anywhere; keys move the
        // focus through its targets, select acts, back goes one step back
        // (Escape too), とじる hides. Typed text means nothing here.
        m.last_input = now;
        if (m.setup.from_admin()) m.admin.touched(now);  // the admin idle timeout counts from here
        m.setup.touched(now);
        if (m.setup.hidden()) {
            // The neutral screen after とじる: the next touch or key returns to the setup.
            if (e.kind == InputEvent::Kind::pointer_down || e.kind == InputEvent::Kind::key || e.kind == InputEvent::Kind::action) m.setup.unhide();
            return;
        }
        switch (e.kind) {
            case InputEvent::Kind::pointer_down: m.ui.pointer_down(e.x, e.y, now); break;
            case InputEvent::Kind::pointer_move: m.ui.pointer_move(e.x, e.y, now); break;
            case InputEvent::Kind::pointer_up: m.ui.pointer_up(e.x, e.y, now); break;
            case InputEvent::Kind::wheel: m.ui.wheel(e.x, e.y, e.amount); break;
            case InputEvent::Kind::key:
                if (e.key == 27) m.setup.back();
                break;
            case InputEvent::Kind::text: break;
            case InputEvent::Kind::action: {
                using A = core::KeyAction;
                const bool first = !m.ui.keys_mode();
                if (first) {
                    m.ui.set_keys_mode(true);
                    m.ui.focus_reset();
                }
                switch (e.action) {
                    case A::up: if (!first) m.ui.focus_move(Ui::Move::up); break;
                    case A::down: if (!first) m.ui.focus_move(Ui::Move::down); break;
                    case A::left: if (!first) m.ui.focus_move(Ui::Move::left); break;
                    case A::right: if (!first) m.ui.focus_move(Ui::Move::right); break;
                    case A::select: if (!first) m.ui.focus_select(); break;
                    case A::back: m.setup.back(); break;
                    case A::close: m.quick_hide(); break;
                    default: break;  // home, help and speech keys: nothing to do on staff screens
                }
                break;
            }
        }
        return;
    }
    if (m.admin.open()) {
        // Staff on the admin screen or its PIN pad: taps and drags as anywhere;
        // Escape closes; typed text means nothing here.
        m.admin.touched(now);
        m.last_input = now;
        switch (e.kind) {
            case InputEvent::Kind::pointer_down: m.ui.pointer_down(e.x, e.y, now); break;
            case InputEvent::Kind::pointer_move: m.ui.pointer_move(e.x, e.y, now); break;
            case InputEvent::Kind::pointer_up: m.ui.pointer_up(e.x, e.y, now); break;
            case InputEvent::Kind::wheel: m.ui.wheel(e.x, e.y, e.amount); break;
            case InputEvent::Kind::key: m.admin.key(e.key); break;
            case InputEvent::Kind::text: break;
            case InputEvent::Kind::action:
                // Staff with a keyboard: back closes, as Escape does; とじる hides.
                if (e.action == core::KeyAction::back) m.admin.key(27);
                if (e.action == core::KeyAction::close) m.quick_hide();
                break;
        }
        return;
    }
    if (m.admin_gesture_possible()) m.admin.gesture_input(e, now);
    else m.admin.gesture_reset();
    if (m.visitor.countdown) {
        // とじる hides at once, as on every screen; any other tap continues
        // (nobody should have to find the button). Keys likewise: the とじる
        // key hides, any other key continues.
        if (e.kind == InputEvent::Kind::action && e.action == core::KeyAction::close) {
            m.quick_hide();
            m.last_input = now;
            return;
        }
        if (e.kind == InputEvent::Kind::pointer_down) {
            const auto t = m.ui.find_last("quick_hide");
            if (t && t->rect.contains(e.x, e.y)) {
                m.quick_hide();
                m.last_input = now;
                return;
            }
        }
        if (e.kind == InputEvent::Kind::pointer_down || e.kind == InputEvent::Kind::key || e.kind == InputEvent::Kind::action) {
            m.visitor.countdown = false;
            m.last_input = now;
        }
        return;
    }
    m.last_input = now;
    switch (e.kind) {
        case InputEvent::Kind::pointer_down: m.ui.pointer_down(e.x, e.y, now); break;
        case InputEvent::Kind::pointer_move: m.ui.pointer_move(e.x, e.y, now); break;
        case InputEvent::Kind::pointer_up: m.ui.pointer_up(e.x, e.y, now); break;
        case InputEvent::Kind::wheel: m.ui.wheel(e.x, e.y, e.amount); break;
        case InputEvent::Kind::key:
            if (e.key == 27) {  // Escape: back, for staff with a keyboard
                if (!m.visitor.session.back()) m.visitor.session.home();
            }
            break;
        case InputEvent::Kind::text:
            if (m.visitor.session.screen == Screen::search) m.visitor.session.query += e.text;
            break;
        case InputEvent::Kind::action: key_action(m, e.action); break;
    }
}

namespace {
// Where the focus starts on a screen (Ui::focus_reset): for lists, their first
// entry rather than the filters above them; the take-away list: printing or
// its QR codes, not "remove" (one select away from losing an entry); a
// service's page: "add to my list". Elsewhere the first choice after the bar.
std::string_view first_focus(Screen s) {
    switch (s) {
        case Screen::results: return "result.";
        case Screen::urgent: return "urgent.";
        case Screen::guides: return "guide.";
        case Screen::basket: return "basket.print|basket.qr";
        case Screen::detail: return "detail.slip";
        default: return "";
    }
}
}  // namespace

// A key of the keypad path (docs/accessibility.md "Keys"). The first key of a
// session turns keys mode on: the focus ring appears on the screen's first
// choice, and a move key only shows it; とじる, back, home and help act at once.
void key_action(Kiosk& m, core::KeyAction a) {
    using A = core::KeyAction;
    const bool first = !m.ui.keys_mode();
    if (first) {
        m.ui.set_keys_mode(true);
        m.ui.focus_reset(first_focus(m.visitor.session.screen));
    }
    m.visitor.keys_help = a == A::help && !m.visitor.keys_help;  // help again: the hint goes
    switch (a) {
        case A::up: if (!first) m.ui.focus_move(Ui::Move::up); break;
        case A::down: if (!first) m.ui.focus_move(Ui::Move::down); break;
        case A::left: if (!first) m.ui.focus_move(Ui::Move::left); break;
        case A::right: if (!first) m.ui.focus_move(Ui::Move::right); break;
        case A::select: if (!first) m.ui.focus_select(); break;
        case A::back:
            if (m.visitor.session.screen == Screen::neutral) m.visitor.session.home();
            else if (!m.visitor.session.back()) m.visitor.session.home();
            break;
        case A::home: m.visitor.session.home(); break;
        case A::close: m.quick_hide(); break;
        case A::help: break;
        case A::volume_up:
        case A::volume_down:
        case A::repeat:
        case A::stop:
        case A::slower:
            // Taken by the app each turn; bounded all the same (nothing may pile up).
            if (m.visitor.speech_commands.size() >= 32) m.visitor.speech_commands.erase(m.visitor.speech_commands.begin());
            m.visitor.speech_commands.push_back(a);
            break;
    }
    m.want_frame = true;
}

bool KioskUi::frame(ImDrawList* dl, int width, int height, double now) {
    Kiosk& m = *impl_;
    m.ui_thread.check("KioskUi is used from one thread");
    m.want_frame = false;
    // とじる was tapped (a tap acts in the frame after it): hide before anything
    // is drawn. Hiding from the button mid-frame wiped the glyph atlas after
    // the top bar had drawn quads from its textures; the renderer deleted them
    // and the GL driver re-created each, empty, when the frame was rendered —
    // one texture leaked per quick-hide (found by the monkey soak, seed 7).
    // Here the neutral screen is also this very frame.
    if (m.ui.tapped("quick_hide")) m.quick_hide();
    if (m.last_input == 0) m.last_input = now;
    // A new screen in keys mode: the focus goes to its first choice when this
    // frame has drawn its targets.
    if (m.ui.keys_mode() && m.visitor.session.screen != m.focus_screen) m.ui.focus_reset(first_focus(m.visitor.session.screen));
    m.focus_screen = m.visitor.session.screen;
    if (m.search_warm == Kiosk::SearchWarm::due && m.deps.catalogue && between_sessions()) {
        m.deps.catalogue->prepare_search({m.deps.config.prefecture, m.deps.config.municipality});
        m.search_warm = Kiosk::SearchWarm::done;
    }
    // Idle: only when there is something to forget (not on a clean attract screen).
    const bool clean = m.session_clean();
    if (!m.visitor.countdown && m.visitor.session.screen == Screen::neutral && now >= m.idle_deadline()) {
        m.visitor.session.home();  // already wiped: nothing to ask about
        m.last_input = now;
    }
    if (!m.visitor.countdown && !clean && now >= m.idle_deadline()) {
        m.visitor.countdown = true;
        m.visitor.countdown_start = now;
    }
    if (m.visitor.countdown && now - m.visitor.countdown_start >= m.deps.config.countdown_seconds) {
        m.wipe();
        m.last_input = now;
    }
    if (m.visitor.print_state == PrintState::shown) send_print(m);
    poll_print(m);
    m.admin.idle_check(now);
    // Setup opened from the admin screen closes with it when left alone.
    if (m.setup.is_open() && m.setup.from_admin() && !m.admin.open()) m.setup.close();
    const bool in_setup = m.setup.is_open() && !m.setup.hidden();
    if (in_setup) {
        // Staff screens in the staff's language, normal text, standard colours.
        m.ui.begin(dl, static_cast<float>(width), static_cast<float>(height), now, {m.setup.lang(), false, &theme::standard_palette});
    } else {
        m.ui.begin(dl, static_cast<float>(width), static_cast<float>(height), now, {m.visitor.session.lang, m.visitor.session.large_text, &m.P()});
    }
    // No full-screen background quad: the window is cleared to background_rgb()
    // before drawing. Without a GPU (Mesa's llvmpipe) every pixel a quad covers
    // costs CPU; a second full-screen pass was a measurable share of each frame
    // (docs/performance.md).
    measure_bar(m);
    const Screen shown = m.visitor.session.screen;
    const AdminScreen::Mode admin_mode = m.admin.mode();
    const auto setup_step = m.setup.step();
    const bool setup_was_open = m.setup.is_open();
    // A new setup step in keys mode: the focus goes to its first choice.
    if (in_setup && m.ui.keys_mode() && m.setup.screen_name() != m.setup_focus_screen) m.ui.focus_reset();
    m.setup_focus_screen = in_setup ? m.setup.screen_name() : std::string();
    if (in_setup) {
        setup_frame(m, now);
    } else if (m.setup.is_open()) {
        neutral_screen(m);  // とじる during the first-run setup
    } else if (m.admin.open()) {
        admin_frame(m, now);
    } else if (!m.deps.catalogue && !m.deps.catalogue_pending && shown != Screen::neutral && shown != Screen::language) {
        unavailable_screen(m);
    } else {
        switch (shown) {
            case Screen::attract: attract_screen(m); break;
            case Screen::concern: concern_screen(m); break;
            case Screen::who: who_screen(m); break;
            case Screen::results: results_screen(m); break;
            case Screen::detail: detail_screen(m); break;
            case Screen::guides: guides_screen(m); break;
            case Screen::guide: guide_screen(m); break;
            case Screen::basket: basket_screen(m); break;
            case Screen::language: language_screen(m); break;
            case Screen::neutral: neutral_screen(m); break;
            case Screen::search: search_screen(m); break;
            case Screen::qr: qr_screen(m); break;
            case Screen::urgent: urgent_screen(m); break;
        }
    }
    if (m.visitor.keys_help && !m.admin.open() && !m.setup.is_open()) keys_help_overlay(m);
    if (m.visitor.countdown) idle_overlay(m, now);
    m.ui.end();
    if (!m.admin.open() && !m.setup.is_open()) update_announcement(m, now);
    if (m.search_warm == Kiosk::SearchWarm::after_next_frame && m.deps.catalogue) {
        m.search_warm = Kiosk::SearchWarm::due;
        m.want_frame = true;
    }
    // The screen changed during this frame: draw the new one at once (quick-hide
    // must show the neutral screen in the same frame the finger lifts).
    return m.want_frame || m.visitor.session.screen != shown || m.admin.mode() != admin_mode || m.setup.is_open() != setup_was_open ||
           m.setup.step() != setup_step || m.ui.animating();
}

void KioskUi::rehearse_first_frame(int width, int height) {
    Kiosk& m = *impl_;
    m.ui_thread.check("KioskUi is used from one thread");
    if (width <= 0 || height <= 0 || m.setup.is_open() || m.admin.open() || m.visitor.session.screen != Screen::attract || !m.session_clean())
        return;
    m.ui.begin_rehearsal(static_cast<float>(width), static_cast<float>(height),
                         {m.visitor.session.lang, m.visitor.session.large_text, &m.P()});
    measure_bar(m);
    attract_screen(m);
    m.ui.end_rehearsal();
}

void KioskUi::hand_over() {
    impl_->ui_thread.hand_over();
    if (impl_->deps.strings) impl_->deps.strings->hand_over();
}

double KioskUi::next_wakeup(double now) const {
    const Kiosk& m = *impl_;
    if (m.ui.animating()) return now;
    if (m.setup.is_open() && m.setup.wants_frame()) return now;
    if (m.setup.is_open() && !m.setup.from_admin()) return kNever;  // first run: no idle timeout (a manual may be read)
    if (m.admin.open()) return m.test_print != Kiosk::TestPrint::idle ? now : m.admin.next_wakeup(now);
    if (m.visitor.countdown) return std::min(m.visitor.countdown_start + m.deps.config.countdown_seconds, now + 1.0);  // once a second
    if (m.session_clean()) return kNever;
    return m.idle_deadline();
}

bool KioskUi::upload_textures() { return impl_->ui.upload(); }

KioskUi::ScrolledArea KioskUi::scrolled_area() const {
    const Ui::ScrolledArea& a = impl_->ui.scrolled_area();
    return {a.viewport.x, a.viewport.y, a.viewport.x + a.viewport.w, a.viewport.y + a.viewport.h, a.offset};
}
uint32_t KioskUi::background_rgb() const {
    const ImU32 c = impl_->P().background;  // IM_COL32 packs A B G R from the top byte
    return ((c & 0xFF) << 16) | (c & 0xFF00) | ((c >> 16) & 0xFF);
}
void KioskUi::wipe_session() { impl_->wipe(); }

bool KioskUi::keys_mode() const { return impl_->ui.keys_mode(); }
const Announcement& KioskUi::announcement() const { return impl_->visitor.announcement; }
uint64_t KioskUi::sessions_ended() const { return impl_->sessions_ended; }
std::vector<core::KeyAction> KioskUi::take_speech_commands() {
    std::vector<core::KeyAction> out;
    out.swap(impl_->visitor.speech_commands);
    return out;
}

// --- bundles and the admin screen -------------------------------------------------

bool KioskUi::between_sessions() const {
    const Kiosk& m = *impl_;
    if (m.admin.open() || m.setup.is_open()) return true;  // staff only, reached from a clean attract screen (or first run)
    return m.visitor.session.screen == Screen::attract && m.session_clean() && !m.visitor.countdown && !m.ui.pointer_is_down();
}

void KioskUi::set_catalogue(const core::Catalogue* catalogue) {
    Kiosk& m = *impl_;
    m.ui_thread.check("KioskUi is used from one thread");
    MADOGUCHI_ASSERT(m.deps.catalogue_pending || between_sessions(),
                     "another catalogue is shown only between sessions, or to end catalogue_pending");
    // Everything read from the old catalogue goes: lists, the detail page,
    // cached vocabulary, services, guides and QR codes (the visitor's views of
    // it), and its metadata.
    renew(m.visitor.views);
    m.shown_info.reset();
    m.review_due.reset();
    m.review_day.clear();
    m.deps.catalogue = catalogue;
    m.take_region();
    m.take_correction();
    m.search_warm = Kiosk::SearchWarm::after_next_frame;
    m.want_frame = true;
    // The first catalogue has come (or cannot): a はじめる tapped while it was
    // checked goes on now, if the visitor is still on the attract screen.
    m.deps.catalogue_pending = false;
    if (m.visitor.start_when_ready && catalogue && m.visitor.session.screen == Screen::attract && !m.admin.open()) m.navigate(Screen::concern);
    m.visitor.start_when_ready = false;
}

const core::Catalogue* KioskUi::catalogue() const { return impl_->deps.catalogue; }

void KioskUi::set_admin_view(AdminView view) {
    impl_->admin_view = std::move(view);
    impl_->want_frame = true;
}

std::optional<AdminRequest> KioskUi::take_admin_request() {
    auto& q = impl_->admin_requests;
    if (q.empty()) return std::nullopt;
    AdminRequest r = std::move(q.front());
    q.pop_front();
    return r;
}

// --- setup ------------------------------------------------------------------------------

bool KioskUi::in_setup() const { return impl_->setup.is_open(); }

void KioskUi::set_setup_view(SetupView view) {
    impl_->setup_view = std::move(view);
    impl_->want_frame = true;
}

std::optional<SetupRequest> KioskUi::take_setup_request() {
    auto& q = impl_->setup_requests;
    if (q.empty()) return std::nullopt;
    SetupRequest r = std::move(q.front());
    q.pop_front();
    return r;
}

void KioskUi::apply_config(const core::KioskConfig& config, SlipPrinter* printer) {
    Kiosk& m = *impl_;
    m.ui_thread.check("KioskUi is used from one thread");
    MADOGUCHI_ASSERT(between_sessions(), "settings change only between sessions");
    // The screen's size and the catalogue stay as they are (the setup screens
    // set neither); everything else is the new config's.
    const core::KioskConfig before = m.deps.config;
    m.deps.config = config;
    m.deps.config.width_mm = before.width_mm;
    m.deps.config.height_mm = before.height_mm;
    m.deps.printer = printer;
    m.configured_prefecture = config.prefecture;
    m.take_region();  // the chosen prefecture's services rank first; 0: the bundle's region
    m.search_warm = Kiosk::SearchWarm::after_next_frame;  // its index is ranked for the region too
    m.admin.set_pin_hash(config.admin_pin_hash);
    // No visitor now (between sessions): the next one starts in the new
    // default language and text size, and the attract screen is clean for them.
    const core::Screen screen = m.visitor.session.screen;
    renew_visitor(m.visitor, m.deps.config.default_language, m.deps.config.large_text);
    m.visitor.session.screen = screen;  // under a setup hidden by とじる: still the neutral screen
    m.test_print = Kiosk::TestPrint::idle;
    m.test_print_status.clear();
    m.want_frame = true;
}

}  // namespace madoguchi::ui
