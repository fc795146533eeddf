// SPDX-License-Identifier: Apache-2.0
// kiosk_ui.cpp — the screens of the kiosk and the rules that hold on every one.
//
// Index
//   - Impl                     state: session, catalogue results, idle clock
//   - input / frame            event handling, idle countdown, quick-hide
//   - top bar                  back, home, language, large text, とじる
//   - screens                  attract, concern, who, results, detail, guides,
//                              guide, basket, language, neutral, unavailable
//   - idle overlay             the countdown and its one big target
//   - bundles, admin screen    set_catalogue, between_sessions, the admin
//                              screen's hooks (admin_screen.cpp draws it)
#include "madoguchi/ui/kiosk_ui.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "madoguchi/core/qr.hpp"
#include "madoguchi/core/regions.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/print/print_worker.hpp"
#include "madoguchi/print/printer.hpp"
#include "madoguchi/print/slip_render.hpp"
#include "admin_screen.hpp"
#include "theme.hpp"
#include "ui_context.hpp"

namespace madoguchi::ui {

using core::Screen;

namespace {

// Each language's name in its own language (the picker must be readable by
// someone who reads only that language). The kiosk's own languages by the
// names it chose; any other tag of the data (an imported "zh", "es") by ICU's
// name of it in that language.
std::string language_name(std::string_view code) {
    if (code == "ja") return "日本語";
    if (code == "ja-x-easy") return "やさしい にほんご";
    if (code == "en") return "English";
    if (code == "zh-Hans") return "简体中文";
    if (code == "ko") return "한국어";
    if (code == "vi") return "Tiếng Việt";
    if (code == "pt-BR") return "Português";
    if (code == "ne") return "नेपाली";
    if (code == "tl") return "Tagalog";
    return core::language_endonym(code);
}

std::string replace_n(std::string s, long long n) {
    const auto at = s.find("{n}");
    if (at != std::string::npos) s.replace(at, 3, std::to_string(n));
    return s;
}

// Local wall-clock time for "open now" (the kiosk's clock is local time).
core::LocalDateTime local_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return core::LocalDateTime{{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour * 60 + tm.tm_min};
}

}  // namespace

struct KioskUi::Impl {
    KioskUiDeps deps;
    Ui ui;
    core::Session session;
    double last_input = 0;
    bool countdown = false;
    double countdown_start = 0;
    bool want_frame = false;
    // はじめる was tapped while the catalogue was still being checked
    // (deps.catalogue_pending): the concern screen follows when it arrives.
    bool start_when_ready = false;

    // Results of the current query, fetched when the query changes.
    std::string results_key;
    std::vector<core::ServiceSummary> results;
    std::optional<core::ServiceDetail> detail;
    std::string detail_key;

    // Printing: tapping Print shows "printing…" in one frame; at the start of
    // the next the slip is rendered (milliseconds) and handed to the print
    // worker, which drives the printer on its own thread (up to 12 × the
    // printer timeout) while frames go on — とじる works throughout; each
    // frame asks the worker for the outcome and shows it when it comes. The
    // session wipe cancels the job: its rest is not sent, its outcome not shown.
    enum class PrintState { idle, requested, shown, sending, done } print_state = PrintState::idle;
    print::PrintWorker print_worker;
    bool neutral_contact = false;  // QR contact card under a plain name (wiped with the session)
    // The detail screen's "report a mistake" QR code is shown (wiped with the
    // session, hidden again when another place opens); scrolled into view once.
    bool correction_qr = false;
    // The Japanese original under an unreviewed translation (one tap away,
    // docs/kiosk.md): shown on the page it was opened on, closed on the next.
    bool show_original = false;
    bool correction_scroll = false;
    print::PrintOutcome print_outcome{};

    // What screens read from the catalogue, fetched once per language (and per
    // service / guide / payload) rather than every frame: frames run at 60/s
    // while a list glides. Wiped with the session (they record what was viewed).
    std::string cache_lang;
    std::map<std::string, std::vector<core::Term>> vocab_cache;
    std::map<std::string, std::optional<core::ServiceDetail>> service_cache;
    std::map<std::string, std::optional<core::Guide>> guide_cache;
    std::map<std::string, std::optional<core::QrCode>> qr_cache;

    void drop_caches() {
        vocab_cache.clear();
        service_cache.clear();
        guide_cache.clear();
        for (auto& [payload, code] : qr_cache)
            if (code && !code->modules.empty()) explicit_bzero(code->modules.data(), code->modules.size());
        qr_cache.clear();
    }
    void check_cache_lang() {
        if (cache_lang == session.lang) return;
        drop_caches();
        cache_lang = session.lang;
    }
    const std::vector<core::Term>& terms(const char* vocabulary) {
        check_cache_lang();
        auto it = vocab_cache.find(vocabulary);
        if (it == vocab_cache.end())
            it = vocab_cache.emplace(vocabulary, deps.catalogue ? deps.catalogue->vocabulary(vocabulary, session.lang)
                                                                : std::vector<core::Term>{}).first;
        return it->second;
    }
    const core::ServiceDetail* service_of(const std::string& id) {
        check_cache_lang();
        auto it = service_cache.find(id);
        if (it == service_cache.end())
            it = service_cache.emplace(id, deps.catalogue ? deps.catalogue->service(id, session.lang) : std::nullopt).first;
        return it->second ? &*it->second : nullptr;
    }
    const core::Guide* guide_of(const std::string& id) {
        check_cache_lang();
        auto it = guide_cache.find(id);
        if (it == guide_cache.end())
            it = guide_cache.emplace(id, deps.catalogue ? deps.catalogue->guide(id, session.lang) : std::nullopt).first;
        return it->second ? &*it->second : nullptr;
    }
    const core::QrCode* qr_of(const std::string& payload) {
        auto it = qr_cache.find(payload);
        if (it == qr_cache.end()) {
            std::string err;
            it = qr_cache.emplace(payload, core::encode_qr(payload, &err)).first;
        }
        return it->second ? &*it->second : nullptr;
    }

    // Nothing to forget: a clean attract screen needs no idle countdown.
    bool session_clean() const {
        return session.screen == Screen::attract && session.lang == deps.config.default_language && !session.large_text &&
               !session.high_contrast && session.basket.empty();
    }

    // The admin screen (staff only; nothing in it is about visitors).
    AdminScreen admin;
    AdminView admin_view;
    std::deque<AdminRequest> admin_requests;
    enum class TestPrint { idle, requested, shown } test_print = TestPrint::idle;
    std::string test_print_status;
    // The catalogue's metadata, read once per catalogue (the admin screen shows it).
    std::optional<core::BundleInfo> shown_info;
    // From the same metadata (Catalogue::meta_value, once per catalogue): the
    // publisher's correction form (bundle.csv correction_url; "" = none, no
    // button) and the bundle's version, for the detail screen's "report a
    // mistake" QR code (core::correction_link).
    std::string correction_url, bundle_version;
    // Records past their review date (Catalogue::past_review), for the admin
    // screen: counted when it loads its data, at most once per catalogue and day.
    std::optional<core::ReviewDue> review_due;
    std::string review_day;
    int configured_prefecture = 0;  // [kiosk] prefecture as configured (0: take the bundle's region)
    // The catalogue's search index is built between sessions, in the frame
    // after the one that shows a new catalogue (the screen is up first), so that
    // no visitor's first keystroke waits for it (Catalogue::prepare_search).
    enum class SearchWarm { after_next_frame, due, done } search_warm = SearchWarm::after_next_frame;

    explicit Impl(KioskUiDeps d)
        : deps(std::move(d)), ui(*deps.fonts, deps.config.width_mm, deps.config.height_mm), admin(deps.config.admin_pin_hash) {
        session.lang = deps.config.default_language;
        configured_prefecture = deps.config.prefecture;
        take_region();
        take_correction();
    }

    // No prefecture in the config: the bundle says which region it was made for.
    void take_region() {
        if (configured_prefecture != 0) return;
        deps.config.prefecture = 0;
        if (deps.catalogue)
            if (auto p = core::parse_prefecture_code(deps.catalogue->info().meta_value("region"))) deps.config.prefecture = *p;
    }

    // The bundle's correction form and version, read once per catalogue.
    void take_correction() {
        correction_url.clear();
        bundle_version.clear();
        if (!deps.catalogue) return;
        correction_url = deps.catalogue->meta_value("correction_url");
        bundle_version = deps.catalogue->meta_value("version");
    }

    // The hidden gesture is possible only on a clean attract screen.
    bool admin_gesture_possible() const {
        return admin.enabled() && !admin.open() && !countdown && session.screen == Screen::attract && session_clean();
    }

    std::string_view lang() const { return session.lang; }
    // The visitor's palette: standard, or high contrast after one tap on the top bar.
    const theme::Palette& P() const { return session.high_contrast ? theme::high_contrast_palette : theme::standard_palette; }
    const std::string& S(std::string_view key) const { return deps.strings->get(session.lang, key); }

    void navigate(Screen s) {
        if (s == Screen::detail) {
            ui.reset_scroll("detail");  // a new place opens at its name
            correction_qr = correction_scroll = false;
        }
        if (s == Screen::detail || s == Screen::guide) show_original = false;
        session.go(s);
        want_frame = true;
    }

    // Overwrites what a list of results or hits showed (ids and names), then frees it.
    template <typename Listed>
    static void wipe_listed(std::vector<Listed>& v) {
        for (auto& x : v) {
            core::secure_clear(x.id);
            core::secure_clear(x.name.text);
            core::secure_clear(x.organization.text);
        }
        v.clear();
        v.shrink_to_fit();
    }

    void wipe() {
        session.wipe(deps.config.default_language);
        wipe_listed(results);
        core::secure_clear(results_key);
        core::secure_clear(card_tops_key);
        card_tops.clear();
        wipe_listed(hits);
        core::secure_clear(hits_key);
        latin_keys = false;
        drop_caches();
        print_worker.cancel();
        print_state = PrintState::idle;
        print_outcome = {};
        neutral_contact = false;
        correction_qr = correction_scroll = false;
        show_original = false;
        core::secure_clear(detail_key);
        detail.reset();
        ui.wipe();
        // Pages of the rows this visitor saw, in SQLite's cache.
        if (deps.catalogue) deps.catalogue->release_memory();
        start_when_ready = false;
        countdown = false;
        want_frame = true;
    }

    void quick_hide() {
        admin.close();
        test_print = TestPrint::idle;
        core::secure_clear(test_print_status);
        wipe();
        session.screen = Screen::neutral;  // the neutral screen, in this same frame
    }

    // --- layout helpers -------------------------------------------------------
    float margin() const { return ui.mm(theme::mm::margin); }
    // The bottom-weighted layout ([screen] layout, docs/accessibility.md
    // "Reach"): the bar along the bottom edge, each screen's choices just above it.
    bool bottom_layout() const {
        return deps.config.layout == core::Layout::bottom || (deps.config.layout == core::Layout::automatic && ui.portrait());
    }
    // The screen's area below (or above) the bar. Everything a screen draws
    // must fit in it: it is the layout check's box for the screen (ui_context.hpp).
    Rect content() {
        const float bar = bar_h() + ui.mm(4);
        const float top = bottom_layout() ? margin() : bar;
        const float bottom = bottom_layout() ? ui.height() - bar : ui.height() - margin();
        const float max_w = ui.mm(ui.portrait() ? 300.f : 280.f);
        const float w = std::min(ui.width() - 2 * margin(), max_w);
        const Rect c{(ui.width() - w) / 2, top, w, bottom - top};
        ui.reset_boxes();
        ui.push_box(c, "the content area");
        return c;
    }
    // Bottom-weighted: moves what was drawn since `m` down to end at the
    // content area's bottom edge (never up: what does not fit stays where the
    // layout check sees it).
    void settle_bottom(const Ui::Mark& m, const Rect& c) {
        if (!bottom_layout()) return;
        const float dy = c.y + c.h - ui.drawn_bottom();
        if (dy > 0) ui.shift_since(m, dy);
    }

    // --- top bar ----------------------------------------------------------------
    // The bar: back and start page on the left, とじる in the right corner,
    // then larger text, contrast and the language inwards. Buttons are as wide
    // as their words (never below 24 mm); when they do not fit in one row
    // (a narrow screen, long words, large text) the bar takes two: とじる's row
    // along the screen's edge, the others next to it.
    float bar_item_w(std::string_view label, std::string_view lang = {}) {
        TextOpts o;
        o.size_mm = theme::mm::small;
        o.lang = lang;
        return std::max(ui.mm(24), ui.text_width(label, o) + ui.mm(10));
    }
    bool two_row_bar = false;  // measured at the start of each frame (measure_bar)
    bool bar_two_rows() const { return two_row_bar; }
    void measure_bar() {
        const float gap = ui.mm(theme::mm::gap);
        const float all = bar_item_w("← " + S("common.back")) + bar_item_w(S("common.home")) + bar_item_w(S("common.close")) +
                          bar_item_w(S("common.large_text")) + bar_item_w(S("common.high_contrast")) +
                          bar_item_w(language_name(session.lang), session.lang) + 5 * gap + ui.mm(6);
        two_row_bar = all > ui.width() - 2 * margin();
    }
    float bar_button_h() const { return ui.mm(theme::mm::bar) - 2 * ui.mm(3); }
    float bar_h() { return ui.mm(theme::mm::bar) + (bar_two_rows() ? bar_button_h() + ui.mm(theme::mm::gap) : 0.f); }
    float bar_y() { return bottom_layout() ? ui.height() - bar_h() : 0.f; }
    // y of a row of bar buttons: row 0 holds とじる and lies along the screen's edge.
    float bar_row_y(int row) {
        const float pad = ui.mm(3), step = bar_button_h() + ui.mm(theme::mm::gap);
        if (!bar_two_rows()) return bar_y() + pad;
        return bottom_layout() ? ui.height() - pad - bar_button_h() - row * step : pad + row * step;
    }
    Rect close_rect() {
        const float w = bar_item_w(S("common.close"));
        return Rect{ui.width() - margin() - w, bar_row_y(0), w, bar_button_h()};
    }

    void top_bar(bool show_nav) {
        const float bh = bar_button_h(), gap = ui.mm(theme::mm::gap);
        // No fill: the bar's background is the window's (cleared to it), and
        // scrolled content is clipped to its own area.
        if (bottom_layout()) ui.fill(Rect{0, bar_y(), ui.width(), std::max(1.f, ui.mm(0.4f))}, P().border);  // where the bar begins
        const bool two = bar_two_rows();
        const float y0 = bar_row_y(0), y1 = bar_row_y(two ? 1 : 0);
        float x = margin();
        if (show_nav) {
            const std::string back = "← " + S("common.back");
            const float bw = bar_item_w(back);
            if (ui.button("nav.back", Rect{x, y0, bw, bh}, back, Ui::Style::secondary, 0, theme::mm::small)) {
                if (!session.back()) session.home();
                want_frame = true;
            }
            x += bw + gap;
            const float hw = bar_item_w(S("common.home"));
            if (ui.button("nav.home", Rect{x, y0, hw, bh}, S("common.home"), Ui::Style::secondary, 0, theme::mm::small)) {
                session.home();
                want_frame = true;
            }
        }
        // Right side, from the corner inwards: とじる is always in the same corner.
        const Rect close = close_rect();
        if (ui.button("quick_hide", close, S("common.close"), Ui::Style::quiet, 0, theme::mm::small)) quick_hide();
        float rx = two ? ui.width() - margin() + gap : close.x;
        // On/off switches: shown "on" (filled) while in effect.
        auto switch_button = [&](const char* name, const char* label_key, bool& on) {
            const float w = bar_item_w(S(label_key));
            rx -= gap + w;
            if (ui.button(name, Rect{rx, y1, w, bh}, S(label_key), on ? Ui::Style::chip_on : Ui::Style::secondary, 0, theme::mm::small)) {
                on = !on;
                want_frame = true;
            }
        };
        switch_button("nav.large_text", "common.large_text", session.large_text);
        switch_button("nav.high_contrast", "common.high_contrast", session.high_contrast);
        if (session.screen != Screen::language) {
            const std::string name = language_name(session.lang);
            const float lang_w = bar_item_w(name, session.lang);
            rx -= gap + lang_w;
            if (lang_button("nav.language", Rect{rx, y1, lang_w, bh}, session.lang, false)) navigate(Screen::language);
        }
    }

    float heading(std::string_view s, const Rect& c, float y) {
        TextOpts o;
        o.size_mm = theme::mm::heading;
        o.phrases = true;
        return ui.text(s, c.x, y, c.w, o) + ui.mm(6);
    }

    // --- attract ------------------------------------------------------------------
    void attract() {
        top_bar(false);
        if (admin_gesture_possible()) admin.gesture_zones(ui, bottom_layout());
        const Rect c = content();
        TextOpts t;
        t.size_mm = theme::mm::title;
        t.align = text::Align::center;
        TextOpts sub;
        sub.align = text::Align::center;
        sub.color = P().text_muted;
        const auto& langs = deps.config.languages;
        const int cols = ui.portrait() ? 3 : 5;
        const float gap = ui.mm(theme::mm::gap), lw = (c.w - gap * (cols - 1)) / cols, lh = ui.mm(18);
        const float bw = std::min(c.w, ui.mm(150)), bh = ui.mm(34);
        // The whole screen's height, so that a long title in large text moves
        // everything up rather than pushing the languages off the bottom.
        const float rows = static_cast<float>((langs.size() + cols - 1) / cols);
        const float needed = ui.text_height(S("attract.title"), c.w, t) + ui.mm(6) + ui.text_height(S("attract.subtitle"), c.w, sub) +
                             ui.mm(14) + bh + ui.mm(18) + rows * (lh + gap) - gap;
        // Bottom-weighted: the title stays high (seen from across the hall),
        // the start button and the languages go down within reach.
        const float wanted = c.h * (bottom_layout() ? 0.08f : ui.portrait() ? 0.22f : 0.12f);
        float y = c.y + std::clamp(c.h - needed, 0.f, wanted);
        y += ui.text(S("attract.title"), c.x, y, c.w, t) + ui.mm(6);
        y += ui.text(S("attract.subtitle"), c.x, y, c.w, sub) + ui.mm(14);
        const Ui::Mark controls = ui.mark();
        if (ui.button("attract.start", Rect{c.cx() - bw / 2, y, bw, bh}, S("attract.start"), Ui::Style::primary, 0, theme::mm::heading)) {
            // The catalogue still being checked: no screen of the directory
            // without it (empty lists); set_catalogue() goes on from here.
            if (deps.catalogue) navigate(Screen::concern);
            else start_when_ready = true;
        }
        y += bh + ui.mm(18);
        // Language buttons, each in its own language.
        for (size_t i = 0; i < langs.size(); ++i) {
            const float lx = c.x + (i % cols) * (lw + gap), ly = y + (i / cols) * (lh + gap);
            const bool on = langs[i] == session.lang;
            if (lang_button("attract.lang." + langs[i], Rect{lx, ly, lw, lh}, langs[i], on)) {
                session.lang = langs[i];
                want_frame = true;
            }
        }
        settle_bottom(controls, c);
    }

    bool lang_button(const std::string& name, const Rect& r, const std::string& code, bool on) {
        const bool hit = ui.target(name, r);
        ui.fill(r, on ? P().chip_on : P().surface, theme::mm::radius);
        if (!on) ui.stroke(r, P().border, theme::mm::radius);
        if (ui.pressed(name)) ui.fill(r, theme::pressed, theme::mm::radius);
        TextOpts o;
        o.size_mm = theme::mm::small;
        o.lang = code;
        o.align = text::Align::center;
        o.color = on ? P().accent_text : P().text;
        o.max_lines = 2;
        const float h = ui.text_height(language_name(code), r.w - ui.mm(4), o);
        ui.text(language_name(code), r.x + ui.mm(2), r.cy() - h / 2, r.w - ui.mm(4), o);
        return hit;
    }

    // --- concern --------------------------------------------------------------------
    void concern() {
        top_bar(true);
        const Rect c = content();
        const Ui::Mark all = ui.mark();
        float y = c.y + heading(S("concern.question"), c, c.y);
        const auto& concerns = terms("concern");
        const int cols = ui.portrait() ? 2 : 4;
        const float gap = ui.mm(theme::mm::gap);
        const float tw = (c.w - gap * (cols - 1)) / cols;
        const float th = ui.portrait() ? ui.mm(38) : ui.mm(44);
        for (size_t i = 0; i < concerns.size(); ++i) {
            const Rect r{c.x + (i % cols) * (tw + gap), y + (i / cols) * (th + gap), tw, th};
            if (ui.button("concern." + concerns[i].code, r, concerns[i].label.text, Ui::Style::tile, theme::concern_tile(P(), concerns[i].code),
                          theme::mm::heading * 0.8f)) {
                session.concern = concerns[i].code;
                navigate(Screen::who);
            }
        }
        y += ((concerns.size() + cols - 1) / cols) * (th + gap) + ui.mm(8);
        const float bw = std::min((c.w - gap) / 2, ui.mm(140));
        if (ui.button("nav.guides", Rect{c.x, y, bw, ui.mm(18)}, S("guides.title") + " →", Ui::Style::quiet)) navigate(Screen::guides);
        if (ui.button("nav.search", Rect{c.x + c.w - bw, y, bw, ui.mm(18)}, S("search.title") + " →", Ui::Style::quiet)) {
            ui.reset_scroll("search");
            navigate(Screen::search);
        }
        settle_bottom(all, c);
    }

    // --- who ----------------------------------------------------------------------
    void who() {
        top_bar(true);
        const Rect c = content();
        const Ui::Mark all = ui.mark();
        float y = c.y + heading(S("who.question"), c, c.y);
        TextOpts hint;
        hint.color = P().text_muted;
        hint.size_mm = theme::mm::small;
        y += ui.text(S("who.situations_hint"), c.x, y, c.w, hint) + ui.mm(3);
        // Situation chips wrap onto as many lines as they need.
        const auto& situations = terms("situation");
        float x = c.x;
        const float ch = ui.mm(16), gap = ui.mm(theme::mm::gap);
        TextOpts co;
        co.size_mm = theme::mm::small;
        for (const auto& t : situations) {
            const float w = std::min(c.w, ui.text_width(t.label.text, co) + ui.mm(12));
            if (x + w > c.x + c.w) {
                x = c.x;
                y += ch + gap;
            }
            const bool on = std::find(session.situations.begin(), session.situations.end(), t.code) != session.situations.end();
            if (ui.button("who.situation." + t.code, Rect{x, y, w, ch}, t.label.text, on ? Ui::Style::chip_on : Ui::Style::chip_off, 0,
                          theme::mm::small)) {
                if (on) session.situations.erase(std::find(session.situations.begin(), session.situations.end(), t.code));
                else session.situations.push_back(t.code);
                want_frame = true;
            }
            x += w + gap;
        }
        y += ch + ui.mm(12);
        const float bh = ui.mm(40);
        const bool side = !ui.portrait();
        const float bw = side ? (c.w - gap) / 2 : c.w;
        const auto& audience = terms("audience");
        for (size_t i = 0; i < audience.size(); ++i) {
            const Rect r = side ? Rect{c.x + i * (bw + gap), y, bw, bh} : Rect{c.x, y + i * (bh + gap), bw, bh};
            if (ui.button("who." + audience[i].code, r, audience[i].label.text, Ui::Style::primary, 0, theme::mm::heading)) {
                session.audience = audience[i].code;
                ui.reset_scroll("results");
                navigate(Screen::results);
            }
        }
        settle_bottom(all, c);
    }

    // --- results --------------------------------------------------------------------
    void fetch_results() {
        std::string key = session.lang + "|" + session.concern + "|" + session.audience + "|" + (session.open_now_only ? "1" : "0");
        for (const auto& s : session.situations) key += "|s:" + s;
        for (const auto& s : session.kinds) key += "|k:" + s;
        for (const auto& s : session.modes) key += "|m:" + s;
        if (key == results_key) {
            core::secure_clear(key);
            return;
        }
        core::secure_clear(results_key);
        results_key = std::move(key);
        results.clear();
        if (!deps.catalogue) return;
        core::ServiceQuery q;
        q.concern = session.concern;
        q.audience = session.audience;
        q.situations = session.situations;
        q.kinds = session.kinds;
        q.modes = session.modes;
        q.region = {deps.config.prefecture, deps.config.municipality};
        q.lang = session.lang;
        q.now = local_now();
        q.open_now_only = session.open_now_only;
        results = deps.catalogue->find_services(q);
    }

    void toggle(std::vector<std::string>& v, const std::string& code) {
        auto it = std::find(v.begin(), v.end(), code);
        if (it != v.end()) v.erase(it);
        else v.push_back(code);
        want_frame = true;
    }

    void results_screen() {
        top_bar(true);
        fetch_results();
        const Rect c = content();
        float y = c.y;
        TextOpts h;
        h.size_mm = theme::mm::heading;
        const float title_h = ui.text(S("results.title"), c.x, y, c.w * 0.6f, h);
        TextOpts cnt;
        cnt.align = text::Align::right;
        cnt.color = P().text_muted;
        ui.text(replace_n(S("results.count"), static_cast<long long>(results.size())), c.x + c.w * 0.6f, y + ui.mm(2), c.w * 0.4f, cnt);
        y += title_h + ui.mm(3);
        // Filters: contact mode and "open now", then kinds.
        const float ch = ui.mm(15), gap = ui.mm(theme::mm::gap);
        float x = c.x;
        TextOpts co;
        co.size_mm = theme::mm::small;
        auto chip = [&](const std::string& name, const std::string& label, bool on) {
            const float w = ui.text_width(label, co) + ui.mm(10);
            if (x + w > c.x + c.w) {
                x = c.x;
                y += ch + gap;
            }
            const bool hit = ui.button(name, Rect{x, y, w, ch}, label, on ? Ui::Style::chip_on : Ui::Style::chip_off, 0, theme::mm::small);
            x += w + gap;
            return hit;
        };
        if (deps.catalogue) {
            for (const auto& t : terms("mode"))
                if (chip("results.mode." + t.code, t.label.text, std::count(session.modes.begin(), session.modes.end(), t.code) > 0))
                    toggle(session.modes, t.code);
            if (chip("results.open_now", S("results.filter.open_now"), session.open_now_only)) {
                session.open_now_only = !session.open_now_only;
                want_frame = true;
            }
            x = c.x;
            y += ch + gap;
            for (const auto& t : terms("kind"))
                if (chip("results.kind." + t.code, t.label.text, std::count(session.kinds.begin(), session.kinds.end(), t.code) > 0))
                    toggle(session.kinds, t.code);
        }
        y += ch + ui.mm(6);
        // The list: cards as tall as their text, only the visible ones drawn
        // (virtualized), so thousands of services scroll as smoothly as ten.
        // Heights are measured once per list, language, width and text size
        // (about 4 µs a card: a few ms for a few thousand).
        const Rect view{c.x, y, c.w, c.y + c.h - y};
        const float card_gap = ui.mm(3), card_w = view.w - ui.mm(4);
        if (results.empty()) {
            TextOpts o;
            o.color = P().text_muted;
            ui.text(S("results.none"), view.x, view.y + ui.mm(6), view.w, o);
            return;
        }
        const std::string tops_key = results_key + "|" + std::to_string(card_w) + "|" + std::to_string(ui.text_scale());
        if (tops_key != card_tops_key) {
            core::secure_clear(card_tops_key);
            card_tops_key = tops_key;
            card_tops.assign(1, 0.f);
            for (const auto& r : results) card_tops.push_back(card_tops.back() + result_card(r, Rect{0, 0, card_w, 0}, false) + card_gap);
        }
        const float off = ui.scroll("results", view, card_tops.back());
        ui.push_clip(view);
        // The first card whose bottom is below the top of the view.
        size_t i = static_cast<size_t>(std::upper_bound(card_tops.begin(), card_tops.end(), off) - card_tops.begin());
        i = i > 0 ? i - 1 : 0;
        for (; i < results.size() && card_tops[i] < off + view.h; ++i) {
            const Rect r{view.x, view.y + card_tops[i] - off, card_w, card_tops[i + 1] - card_tops[i] - card_gap};
            if (result_card(results[i], r, true)) {
                session.service_id = results[i].id;
                navigate(Screen::detail);
            }
        }
        ui.pop_clip();
    }

    // Where the results list's cards begin (card_tops[i]; the last is the
    // list's height), for the list and sizes in card_tops_key.
    std::vector<float> card_tops;
    std::string card_tops_key;

    // A result card: the name (up to three lines) and organization (two) in
    // full, badges wrapping onto as many rows as they need, and a marker when
    // the name is shown in Japanese for want of a translation. draw = false:
    // only measures (r.w), returns the height. draw = true: draws in r,
    // returns whether it was tapped.
    float result_card(const core::ServiceSummary& s, const Rect& r, bool draw) {
        const std::string name = "result." + s.id;
        bool hit = false;
        if (draw) {
            hit = ui.target(name, r);
            ui.fill(r, P().surface, theme::mm::radius);
            ui.stroke(r, P().border, theme::mm::radius, 0.35f);
            if (ui.pressed(name)) ui.fill(r, theme::pressed, theme::mm::radius);
            ui.push_box(r, name);
        }
        const float pad = ui.mm(4), w = r.w - 2 * pad;
        TextOpts n;
        n.size_mm = theme::mm::body;
        n.max_lines = 3;
        float y = r.y + pad;
        y += draw ? ui.text(s.name.text, r.x + pad, y, w, n) : ui.text_height(s.name.text, w, n);
        TextOpts o;
        o.size_mm = theme::mm::small;
        o.color = P().text_muted;
        o.max_lines = 2;
        if (!s.organization.text.empty())
            y += draw ? ui.text(s.organization.text, r.x + pad, y, w, o) : ui.text_height(s.organization.text, w, o);
        y += ui.mm(1.5f);
        // Badges, wrapping.
        const float badge_h = ui.mm(8) * ui.text_scale(), badge_gap = ui.mm(2);
        float bx = r.x + pad;
        bool any = false;
        auto badge = [&](const std::string& label, ImU32 color) {
            TextOpts b;
            b.size_mm = theme::mm::small * 0.85f;
            b.color = color;
            b.max_lines = 1;
            const float bw = std::min(w, ui.text_width(label, b) + ui.mm(5));
            if (bx > r.x + pad && bx + bw > r.x + pad + w) {
                bx = r.x + pad;
                y += badge_h + badge_gap;
            }
            any = true;
            if (draw) {
                ui.fill(Rect{bx, y, bw, badge_h}, P().badge, 1.5f);
                if (!P().concern_tiles) ui.stroke(Rect{bx, y, bw, badge_h}, P().border, 1.5f, 0.3f);
                ui.text(label, bx + ui.mm(2.5f), y + ui.mm(0.6f), bw - ui.mm(5), b);
            }
            bx += bw + badge_gap;
        };
        if (s.name.fallback) badge(S("results.badge.in_japanese"), P().text_muted);
        if (deps.catalogue) {
            const auto& kinds = terms("kind");
            for (const auto& k : s.kinds)
                for (const auto& t : kinds)
                    if (t.code == k) badge(t.label.text, P().text);
        }
        if (s.cost == "free") badge(S("results.badge.free"), P().text);
        if (s.anonymous == "yes") badge(S("results.badge.anonymous"), P().text);
        if (s.open && s.open->reachable_now()) badge(S("results.badge.open_now"), P().good);
        if (any) y += badge_h;
        y += pad;
        if (!draw) return std::max(y - r.y, ui.mm(theme::mm::target_min));
        ui.pop_box();
        return hit ? 1.f : 0.f;
    }

    // --- detail -------------------------------------------------------------------
    void detail_screen() {
        top_bar(true);
        const Rect c = content();
        const std::string key = session.lang + "|" + session.service_id;
        if (key != detail_key && deps.catalogue) {
            detail = deps.catalogue->service(session.service_id, session.lang, local_now());
            detail_key = key;
        }
        if (!detail) {
            ui.text(S("results.none"), c.x, c.y, c.w);
            return;
        }
        const core::ServiceDetail& d = *detail;
        const Rect view{c.x, c.y, c.w, c.h - ui.mm(24)};
        const float off = ui.scroll("detail", view, kMeasuredLastFrame);
        ui.push_clip(view);
        const float x = view.x, w = view.w - ui.mm(6);
        float y = view.y - off;
        TextOpts title;
        title.size_mm = theme::mm::heading;
        y += ui.text(d.name.text, x, y, w, title) + ui.mm(2);
        TextOpts muted;
        muted.color = P().text_muted;
        y += ui.text(d.organization.text, x, y, w, muted) + ui.mm(4);
        if (d.open && d.open->has_hours) {
            TextOpts o;
            o.color = d.open->reachable_now() ? P().good : P().text_muted;
            y += ui.text(d.open->reachable_now() ? S("detail.open_now") : S("detail.closed_now"), x, y, w, o) + ui.mm(3);
        }
        section(S("detail.what"), d.description, x, y, w);
        if (!d.phones.empty()) {
            y += label(S("detail.phone"), x, y, w);
            for (const auto& p : d.phones) {
                TextOpts big;
                big.size_mm = theme::mm::heading;
                std::string line = p.number;
                if (!p.label.text.empty()) line = p.label.text + "  " + line;
                y += ui.text(line, x, y, w, big);
                for (const auto& h : p.hours) y += ui.text(h, x, y, w, muted);
                y += ui.mm(3);
            }
        }
        if (!d.opening_hours.empty()) {
            y += label(S("detail.hours"), x, y, w);
            for (const auto& h : d.opening_hours) y += ui.text(h, x, y, w) + ui.mm(1);
            y += ui.mm(3);
        }
        plain_section(S("detail.email"), d.email.empty() ? d.organization_email : d.email, x, y, w);
        plain_section(S("detail.website"), d.website.empty() ? d.organization_website : d.website, x, y, w);
        for (const auto& l : d.locations) {
            std::string addr = l.postal_code.empty() ? "" : "〒" + l.postal_code + " ";
            addr += l.prefecture + l.municipality + l.address.text;
            if (!l.name.text.empty()) addr = l.name.text + "\n" + addr;
            plain_section(S("detail.address"), addr, x, y, w);
        }
        // Japanese and Chinese take full-width brackets and 、; the others their own.
        const std::string& lang = session.lang;
        const bool cjk_punct = lang.rfind("ja", 0) == 0 || lang.rfind("zh", 0) == 0;
        const char* open_paren = cjk_punct ? "（" : " (";
        const char* close_paren = cjk_punct ? "）" : ")";
        const char* list_sep = cjk_punct ? "、" : ", ";
        // After the ways to reach them: the numbers come first.
        expect_section(d, x, y, w);
        if (!d.sector.empty()) plain_section(S("detail.sector"), S("detail.sector." + d.sector), x, y, w);
        plain_section(S("detail.cost"), S("detail.cost." + (d.cost.empty() ? std::string("unknown") : d.cost)) +
                                            (d.fees_description.text.empty() ? "" : open_paren + d.fees_description.text + close_paren),
                      x, y, w);
        plain_section(S("detail.anonymous"), S("detail.anonymous." + (d.anonymous.empty() ? std::string("unknown") : d.anonymous)), x, y, w);
        if (!d.languages.empty()) {
            std::string langs;
            for (const auto& l : d.languages) langs += (langs.empty() ? "" : list_sep) + language_name(l);
            plain_section(S("detail.languages"), langs, x, y, w);
        }
        TextOpts small;
        small.size_mm = theme::mm::small;
        small.color = P().text_muted;
        y += ui.text(S("detail.last_checked") + " " + d.assured_date + (cjk_punct ? "　" : "  ") + S("detail.source") + " " + d.source.title, x, y, w, small);
        y += ui.mm(6);
        const auto correction = correction_section(d, x, y, w);
        ui.set_scroll_content("detail", y + off - view.y);
        if (correction && correction_scroll) {
            ui.scroll_into_view("detail", correction->first + off - view.y, correction->second + off - view.y);
            correction_scroll = false;
            want_frame = true;
        }
        ui.pop_clip();
        // Fixed action row under the scrolled details.
        const bool in = session.in_basket(d.id);
        const float bw = std::min(c.w, ui.mm(120));
        if (ui.button("detail.slip", Rect{c.x + c.w - bw, c.y + c.h - ui.mm(20), bw, ui.mm(18)},
                      in ? S("detail.in_slip") : S("detail.add_to_slip"), in ? Ui::Style::chip_on : Ui::Style::primary)) {
            session.toggle_basket(d.id);
            want_frame = true;
        }
        if (!session.basket.empty() &&
            ui.button("nav.basket", Rect{c.x, c.y + c.h - ui.mm(20), std::min(c.w - bw - ui.mm(4), ui.mm(100)), ui.mm(18)},
                      S("basket.title") + " (" + std::to_string(session.basket.size()) + ")", Ui::Style::secondary))
            navigate(Screen::basket);
    }

    // "Before you call": what the data says about this service (it takes
    // family members; in person, an appointment is often needed), and the way
    // to the first-call guide's block on what to expect. Only what the data
    // holds: nothing here is said of a service whose data does not say it.
    void expect_section(const core::ServiceDetail& d, float x, float& y, float w) {
        std::vector<std::string> lines;
        const auto has = [](const std::vector<core::Term>& v, std::string_view code) {
            return std::any_of(v.begin(), v.end(), [&](const core::Term& t) { return t.code == code; });
        };
        if (has(d.audiences, "family")) lines.push_back(S("detail.expect.family"));
        if (has(d.modes, "in_person")) lines.push_back(S("detail.expect.appointment"));
        const bool guide = deps.catalogue && guide_of("first_call");
        if (lines.empty() && !guide) return;
        y += label(S("detail.expect"), x, y, w);
        for (const auto& l : lines) y += ui.text("・" + l, x, y, w) + ui.mm(1);
        if (guide) {
            TextOpts b;
            b.size_mm = theme::mm::small;
            const std::string& t = S("detail.expect.more");
            const float bw = std::min(w, ui.text_width(t, b) + ui.mm(16)), bh = ui.mm(14);
            if (ui.button("detail.expect.first_call", Rect{x, y + ui.mm(1), bw, bh}, t, Ui::Style::secondary, 0, theme::mm::small)) {
                session.guide_id = "first_call";
                ui.reset_scroll("guide");
                navigate(Screen::guide);
            }
            y += bh + ui.mm(2);
        }
        y += ui.mm(4);
    }

    // "Report a mistake in this entry" (docs/kiosk.md): only when the bundle
    // names its publisher's correction form. A tap shows a QR code, drawn as on
    // the QR screen, that carries that URL with the service id and the bundle
    // version (core::correction_link) and nothing else. Advances y; returns the
    // code's top and bottom when it is shown.
    std::optional<std::pair<float, float>> correction_section(const core::ServiceDetail& d, float x, float& y, float w) {
        if (correction_url.empty()) return std::nullopt;
        std::string err;
        const auto payload = core::qr_url(core::correction_link(correction_url, d.id, bundle_version), &err);
        if (!payload) return std::nullopt;  // cannot happen for a built bundle (correction_url is checked)
        TextOpts b;
        b.size_mm = theme::mm::small;
        const float bw = std::min(w, ui.text_width(S("detail.correction"), b) + ui.mm(16)), bh = ui.mm(16);
        if (ui.button("detail.correction", Rect{x, y, bw, bh}, S("detail.correction"),
                      correction_qr ? Ui::Style::chip_on : Ui::Style::secondary, 0, theme::mm::small)) {
            correction_qr = !correction_qr;
            correction_scroll = correction_qr;
            want_frame = true;
        }
        y += bh + ui.mm(4);
        if (!correction_qr) return std::nullopt;
        const float top = y;
        const float side = draw_qr(*payload, x, y, std::min(ui.mm(70), w));
        if (side <= 0) return std::nullopt;
        ui.target("qr.correction." + d.id, Rect{x, y, side, side});  // named for scripts; a tap does nothing
        // The note beside the code when there is room, else under it.
        TextOpts o;
        o.size_mm = theme::mm::small;
        o.color = P().text_muted;
        const float gap = ui.mm(6);
        if (w - side - gap >= ui.mm(70)) {
            const float nh = ui.text(S("detail.correction_note"), x + side + gap, y, std::min(w - side - gap, ui.mm(120)), o);
            y += std::max(side, nh);
        } else {
            y += side + ui.mm(1);
            y += ui.text(S("detail.correction_note"), x, y, w, o);
        }
        const float bottom = y;
        y += ui.mm(6);
        return std::make_pair(top, bottom);
    }

    float label(std::string_view s, float x, float y, float w) {
        TextOpts o;
        o.size_mm = theme::mm::small;
        o.color = P().accent;
        return ui.text(s, x, y, w, o) + ui.mm(1);
    }

    void section(std::string_view title, const core::LocalizedText& body, float x, float& y, float w) {
        if (body.text.empty()) return;
        y += label(title, x, y, w);
        y += ui.text(body.text, x, y, w) + ui.mm(1);
        if (body.fallback) y += fallback_marker(x, y, w);
        original_block(std::string(title), body, x, y, w);
        y += ui.mm(4);
    }

    // Under a translation no speaker has reviewed yet: says so, and a tap shows
    // the Japanese original it was made from (the text a reviewer or a
    // Japanese-reading companion can trust). Advances y.
    void original_block(const std::string& name, const core::LocalizedText& t, float x, float& y, float w) {
        if (!t.unreviewed || t.original.empty()) return;
        TextOpts note;
        note.size_mm = theme::mm::small * 0.85f;
        note.color = P().text_muted;
        y += ui.text(S("detail.unreviewed"), x, y, w, note) + ui.mm(1);
        const std::string& label_text = show_original ? S("detail.hide_original") : S("detail.show_original");
        TextOpts b;
        b.size_mm = theme::mm::small;
        const float bw = std::min(w, ui.text_width(label_text, b) + ui.mm(16)), bh = ui.mm(14);
        if (ui.button("original." + name, Rect{x, y, bw, bh}, label_text,
                      show_original ? Ui::Style::chip_on : Ui::Style::secondary, 0, theme::mm::small)) {
            show_original = !show_original;
            want_frame = true;
        }
        y += bh + ui.mm(2);
        if (!show_original) return;
        // The original is Japanese whatever the visitor's language: drawn as ja.
        TextOpts o;
        o.lang = "ja";
        o.color = P().text_muted;
        y += label(S("detail.original"), x, y, w);
        y += ui.text(t.original, x, y, w, o) + ui.mm(2);
    }

    void plain_section(std::string_view title, const std::string& body, float x, float& y, float w) {
        if (body.empty()) return;
        y += label(title, x, y, w);
        y += ui.text(body, x, y, w) + ui.mm(5);
    }

    float fallback_marker(float x, float y, float w) {
        TextOpts o;
        o.size_mm = theme::mm::small * 0.85f;
        o.color = P().text_muted;
        return ui.text(S("detail.translation_missing"), x, y, w, o);
    }

    // --- guides -------------------------------------------------------------------
    void guides_screen() {
        top_bar(true);
        const Rect c = content();
        float y = c.y + heading(S("guides.title"), c, c.y);
        if (!deps.catalogue) return;
        const auto list = deps.catalogue->guides(session.lang);
        const Rect view{c.x, y, c.w, c.y + c.h - y};
        // Each card as tall as its title (up to two lines) and summary (up to
        // three) need in this language and text size: English and Portuguese
        // titles run to twice the Japanese length, and a fixed height cut them.
        const float gap = ui.mm(3), pad = ui.mm(4), tw = view.w - ui.mm(4) - 2 * pad;
        TextOpts t;
        t.max_lines = 2;
        TextOpts s;
        s.size_mm = theme::mm::small;
        s.color = P().text_muted;
        s.max_lines = 3;
        std::vector<float> heights(list.size());
        float total = 0;
        for (size_t i = 0; i < list.size(); ++i) {
            heights[i] = 2 * pad + ui.text_height(list[i].title.text, tw, t) + ui.text_height(list[i].summary.text, tw, s);
            total += heights[i] + gap;
        }
        const float off = ui.scroll("guides", view, total);
        ui.push_clip(view);
        float top = view.y - off;
        for (size_t i = 0; i < list.size(); ++i) {
            const Rect r{view.x, top, view.w - ui.mm(4), heights[i]};
            top += heights[i] + gap;
            const std::string name = "guide." + list[i].id;
            const bool hit = ui.target(name, r);
            ui.fill(r, P().surface, theme::mm::radius);
            ui.stroke(r, P().border, theme::mm::radius, 0.35f);
            if (ui.pressed(name)) ui.fill(r, theme::pressed, theme::mm::radius);
            const float ty = r.y + pad;
            const float th = ui.text(list[i].title.text, r.x + pad, ty, tw, t);
            ui.text(list[i].summary.text, r.x + pad, ty + th, tw, s);
            if (hit) {
                session.guide_id = list[i].id;
                ui.reset_scroll("guide");
                navigate(Screen::guide);
            }
        }
        ui.pop_clip();
    }

    void guide_screen() {
        top_bar(true);
        const Rect c = content();
        if (!deps.catalogue) return;
        const core::Guide* g = guide_of(session.guide_id);
        if (!g) return;
        const float off = ui.scroll("guide", c, kMeasuredLastFrame);
        ui.push_clip(c);
        const float x = c.x, w = c.w - ui.mm(6);
        float y = c.y - off;
        TextOpts title;
        title.size_mm = theme::mm::heading;
        y += ui.text(g->title.text, x, y, w, title) + ui.mm(4);
        y += ui.text(g->body.text, x, y, w) + ui.mm(2);
        if (g->body.fallback) y += fallback_marker(x, y, w);
        original_block("guide", g->body, x, y, w);
        y += ui.mm(6);
        for (const auto& id : g->service_ids) {
            const core::ServiceDetail* s = service_of(id);
            if (!s) continue;
            const Rect r{x, y, w, ui.mm(20) * ui.text_scale()};
            if (ui.button("guide.service." + id, r, s->name.text, Ui::Style::secondary)) {
                session.service_id = id;
                navigate(Screen::detail);
            }
            y += r.h + ui.mm(3);
        }
        // Where the guide's facts come from (its sentences' source marks).
        if (!g->fact_sources.empty()) {
            y += ui.mm(4);
            y += label(S("guide.sources"), x, y, w);
            TextOpts small;
            small.size_mm = theme::mm::small * 0.85f;
            small.color = P().text_muted;
            small.lang = "ja";  // titles and publishers are as the pages print them
            for (const auto& src : g->fact_sources) {
                std::string line = "・" + src.title;
                if (!src.publisher.empty() && src.publisher != src.title) line += "（" + src.publisher + "）";
                if (!src.checked.empty()) line += " " + src.checked;
                y += ui.text(line, x, y, w, small) + ui.mm(1);
            }
        }
        ui.set_scroll_content("guide", y + off - c.y);
        ui.pop_clip();
    }

    // --- basket -------------------------------------------------------------------
    void basket_screen() {
        top_bar(true);
        const Rect c = content();
        float y = c.y + heading(S("basket.title"), c, c.y);
        TextOpts note;
        note.color = P().text_muted;
        if (deps.config.printer_kind == core::PrinterKind::none) y += ui.text(S("basket.no_printer"), c.x, y, c.w, note);
        y += ui.mm(6);
        if (session.basket.empty()) {
            ui.text(S("basket.empty"), c.x, y, c.w);
            return;
        }
        std::string remove;
        for (const auto& id : session.basket) {
            const core::ServiceDetail* d = service_of(id);
            if (!d) continue;
            const float pad = ui.mm(4);
            float h = pad;
            TextOpts n;
            h += ui.text_height(d->name.text, c.w - ui.mm(70), n);
            std::string lines;
            for (const auto& p : d->phones) lines += p.number + "\n";
            if (!d->website.empty()) lines += d->website + "\n";
            TextOpts s;
            s.size_mm = theme::mm::small;
            h += ui.text_height(lines, c.w - ui.mm(70), s) + pad;
            const Rect r{c.x, y, c.w, std::max(h, ui.mm(26))};
            ui.fill(r, P().surface, theme::mm::radius);
            ui.stroke(r, P().border, theme::mm::radius, 0.35f);
            float ty = r.y + pad;
            ty += ui.text(d->name.text, r.x + pad, ty, c.w - ui.mm(70), n);
            ui.text(lines, r.x + pad, ty, c.w - ui.mm(70), s);
            TextOpts rl;
            rl.size_mm = theme::mm::small;
            const float rw = std::max(ui.mm(28), ui.text_width(S("basket.remove"), rl) + ui.mm(10));
            if (ui.button("basket.remove." + id, Rect{r.x + r.w - rw - ui.mm(4), r.y + ui.mm(4), rw, ui.mm(16)}, S("basket.remove"),
                          Ui::Style::secondary, 0, theme::mm::small))
                remove = id;
            y += r.h + ui.mm(3);
        }
        if (!remove.empty()) {
            session.toggle_basket(remove);
            want_frame = true;
        }
        // Actions: QR codes always; printing when a printer is set up.
        const float bh = ui.mm(20), gap = ui.mm(theme::mm::gap);
        const bool can_print = deps.config.printer_kind != core::PrinterKind::none;
        const float bw = can_print ? (c.w - gap) / 2 : c.w;
        float ay = std::min(y + ui.mm(4), c.y + c.h - bh - ui.mm(22));
        if (ui.button("basket.qr", Rect{c.x, ay, bw, bh}, S("basket.show_qr"), Ui::Style::secondary)) navigate(Screen::qr);
        if (can_print && print_state != PrintState::requested && print_state != PrintState::shown &&
            print_state != PrintState::sending &&
            ui.button("basket.print", Rect{c.x + bw + gap, ay, bw, bh}, S("basket.print"), Ui::Style::primary)) {
            print_state = PrintState::requested;
            want_frame = true;
        }
        ay += bh + ui.mm(4);
        std::string msg;
        if (print_state == PrintState::requested || print_state == PrintState::shown || print_state == PrintState::sending)
            msg = S("basket.printing");
        else if (print_state == PrintState::done) {
            using R = print::PrintOutcome::Result;
            switch (print_outcome.result) {
                case R::printed: msg = S("basket.printed"); break;
                case R::paper_out: msg = S("basket.print_paper_out"); break;
                case R::no_printer:
                case R::timeout: msg = S("basket.print_no_printer"); break;
                default: msg = S("basket.print_failed"); break;
            }
        }
        if (!msg.empty()) {
            TextOpts o;
            o.color = print_state == PrintState::done && print_outcome.result != print::PrintOutcome::Result::printed ? P().text : P().good;
            ui.text(msg, c.x, ay, c.w, o);
        }
        if (print_state == PrintState::requested) {
            print_state = PrintState::shown;  // "printing…" is on screen now
            want_frame = true;
        }
    }

    print::PrinterConfig printer_config() const {
        print::PrinterConfig pc;
        pc.kind = deps.config.printer_kind;  // the same enum (core/printer_kind.hpp)
        pc.target = deps.config.printer_target;
        pc.timeout_ms = deps.config.printer_timeout_ms;
        pc.dots = deps.config.printer_dots;
        return pc;
    }

    // Renders the slip and hands it to the print worker (which overwrites the
    // raster when done with it). A worker still letting go of a cancelled job
    // (≤ 50 ms) is waited for by trying again next frame.
    void do_print() {
        if (print_worker.busy()) {
            want_frame = true;
            return;
        }
        core::Slip slip = core::build_slip(*deps.catalogue, session.basket, {.lang = session.lang, .header = S("slip.header")});
        print::RenderedSlip r = print::render_slip(slip, ui.engine(), ui.atlas(), {.dots = deps.config.printer_dots, .module_dots = 0, .no_qr = false});
        // The slip's words and coverage name the services chosen: overwrite them now.
        if (!r.coverage.pixels.empty()) explicit_bzero(r.coverage.pixels.data(), r.coverage.pixels.size());
        for (auto& e : slip.entries) {
            core::secure_clear(e.name);
            core::secure_clear(e.service_id);
        }
        if (print_worker.submit(printer_config(), std::move(r.raster))) {
            print_state = PrintState::sending;
        } else {
            print_outcome = {.result = print::PrintOutcome::Result::io_error, .message = {}, .paper = print::PaperStatus::unknown};
            print_state = PrintState::done;
        }
        want_frame = true;
    }

    // Once per frame while the worker sends: its outcome, when it has one.
    void poll_print() {
        if (print_state != PrintState::sending) return;
        if (auto o = print_worker.take_outcome()) {
            print_outcome = std::move(*o);
            print_state = PrintState::done;
        }
        want_frame = true;  // keep frames coming to ask again (and to show the outcome)
    }

    // --- QR codes -------------------------------------------------------------
    // Large enough to scan from a phone at arm's length: whole pixels per module
    // (at least 8), white with a 4-module quiet zone.
    // Side in pixels a payload's code will take (0 if it cannot be encoded).
    static float qr_side(const core::QrCode& code, float max_side) {
        const int modules = code.size + 8;
        return static_cast<float>(std::max(8, static_cast<int>(max_side) / modules) * modules);
    }

    float draw_qr(const std::string& payload, float x, float y, float max_side) {
        const core::QrCode* code = qr_of(payload);
        if (!code) return 0;
        const int modules = code->size + 8;
        const float side = qr_side(*code, max_side);
        const int px = static_cast<int>(side) / modules;
        ui.fill(Rect{x, y, side, side}, IM_COL32(255, 255, 255, 255));
        for (int my = 0; my < code->size; ++my)
            for (int mx = 0; mx < code->size; ++mx)
                if (code->dark(mx, my))
                    ui.fill(Rect{x + static_cast<float>((mx + 4) * px), y + static_cast<float>((my + 4) * px), static_cast<float>(px),
                                 static_cast<float>(px)},
                            IM_COL32(0, 0, 0, 255));
        return side;
    }

    void qr_screen() {
        top_bar(true);
        const Rect c = content();
        float y0 = c.y + heading(S("qr.title"), c, c.y);
        // Saving a contact under a plain name: the phone's contact list then
        // says nothing about what the number is for.
        TextOpts chip_o;
        chip_o.size_mm = theme::mm::small;
        const float chip_w = std::min(c.w, ui.text_width(S("qr.neutral"), chip_o) + ui.mm(12));
        if (ui.button("qr.neutral", Rect{c.x, y0, chip_w, ui.mm(15)}, S("qr.neutral"),
                      neutral_contact ? Ui::Style::chip_on : Ui::Style::chip_off, 0, theme::mm::small)) {
            neutral_contact = !neutral_contact;
            want_frame = true;
        }
        y0 += ui.mm(19);
        const Rect view{c.x, y0, c.w, c.y + c.h - y0};
        const float off = ui.scroll("qr", view, kMeasuredLastFrame);
        ui.push_clip(view);
        float y = view.y - off;
        const float side_max = std::min(ui.mm(80), (c.w - ui.mm(10)) / 2);
        for (const auto& id : session.basket) {
            const core::ServiceDetail* d = service_of(id);
            if (!d) continue;
            y += ui.text(d->name.text, c.x, y, c.w) + ui.mm(2);
            float x = c.x, row = 0;
            std::string err;
            auto place = [&](const std::string& payload, const std::string& caption, const std::string& name) {
                // Wrap before a code that would not fit whole (a contact card is
                // a larger symbol and never shrinks below 8 px per module).
                if (const core::QrCode* code = qr_of(payload); code && x > c.x && x + qr_side(*code, side_max) > c.x + c.w) {
                    y += row + ui.mm(6);
                    x = c.x;
                    row = 0;
                }
                const float side = draw_qr(payload, x, y, side_max);
                if (side <= 0) return;
                ui.target(name, Rect{x, y, side, side});  // named, so scripts can find it; a tap does nothing
                TextOpts o;
                o.size_mm = theme::mm::small;
                o.color = P().text_muted;
                const float ch = ui.text(caption, x, y + side + ui.mm(1), side, o);
                row = std::max(row, side + ui.mm(1) + ch);
                x += side + ui.mm(10);
            };
            if (!d->phones.empty())
                if (auto t = core::qr_tel(d->phones.front().tel_uri, &err)) place(*t, S("qr.call") + "  " + d->phones.front().number, "qr.tel." + id);
            const std::string web = d->website.empty() ? d->organization_website : d->website;
            if (!web.empty())
                if (auto u = core::qr_url(web, &err)) place(*u, S("qr.web"), "qr.web." + id);
            core::ContactCard card;
            card.name = d->name.text;
            card.organization = d->organization.text;
            for (const auto& p : d->phones)
                if (p.type != "fax") card.phones.push_back(p.number);
            card.url = web;
            card.email = d->email.empty() ? d->organization_email : d->email;
            core::ContactOptions opts;
            if (neutral_contact) {
                opts.neutral_name = S("qr.neutral_name");
                card.url.clear();  // a domain can say what the contact is
                card.email.clear();
            }
            if (auto v = core::qr_contact(card, opts, &err)) place(*v, S("qr.contact"), "qr.contact." + id);
            y += row + ui.mm(8);
        }
        ui.set_scroll_content("qr", y + off - view.y);
        ui.pop_clip();
    }

    // (end of basket, print and QR)


    // --- search -------------------------------------------------------------------
    // Secondary way in: the name (or part of it) on an on-screen keyboard. The
    // query lives in the session and is wiped with it; nothing is remembered.
    bool latin_keys = false;
    std::vector<core::SearchHit> hits;
    std::string hits_key;

    static std::vector<std::string> utf8_chars(std::string_view s) {
        std::vector<std::string> out;
        for (size_t i = 0; i < s.size();) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            const size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
            out.emplace_back(s.substr(i, n));
            i += n;
        }
        return out;
    }

    // Adds ゛ or ゜ to the last kana (か → が, は → ぱ) by canonical composition.
    void add_mark(const char* combining) {
        auto chars = utf8_chars(session.query);
        if (chars.empty()) return;
        const std::string candidate = chars.back() + combining;
        UErrorCode st = U_ZERO_ERROR;
        const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
        if (U_FAILURE(st)) return;
        icu::UnicodeString u = nfc->normalize(icu::UnicodeString::fromUTF8(candidate), st);
        if (U_FAILURE(st) || u.length() != 1) return;  // this kana takes no such mark
        std::string composed;
        u.toUTF8String(composed);
        session.query.resize(session.query.size() - chars.back().size());
        session.query += composed;
    }

    void search_screen() {
        top_bar(true);
        const Rect c = content();
        float y = c.y;
        // The field.
        TextOpts cl;
        cl.size_mm = theme::mm::small;
        const float clear_w = std::max(ui.mm(28), ui.text_width(S("search.clear"), cl) + ui.mm(10));
        if (!session.query.empty() &&
            ui.button("search.clear", Rect{c.x + c.w - clear_w, y, clear_w, ui.mm(18)}, S("search.clear"), Ui::Style::quiet, 0, theme::mm::small)) {
            core::secure_clear(session.query);
            want_frame = true;
        }
        Rect field{c.x, y, c.w - clear_w - ui.mm(3), ui.mm(18)};
        TextOpts ft;
        ft.size_mm = theme::mm::heading * 0.8f;
        ft.max_lines = 1;
        if (session.query.empty()) {
            // The hint whole: smaller first, then on more lines (the field grows).
            ft.color = P().text_muted;
            ft.max_lines = 0;
            const float tw = field.w - ui.mm(8);
            float th = ui.text_height(S("search.placeholder"), tw, ft);
            while (th > field.h - ui.mm(6) && ft.size_mm > theme::mm::small) {
                ft.size_mm = std::max(theme::mm::small, ft.size_mm * 0.88f);
                th = ui.text_height(S("search.placeholder"), tw, ft);
            }
            field.h = std::max(field.h, th + ui.mm(6));
            ui.fill(field, P().surface, theme::mm::radius);
            ui.stroke(field, P().accent, theme::mm::radius, 0.6f);
            ui.text(S("search.placeholder"), field.x + ui.mm(4), field.y + ui.mm(3), tw, ft);
        } else {
            ui.fill(field, P().surface, theme::mm::radius);
            ui.stroke(field, P().accent, theme::mm::radius, 0.6f);
            // A query longer than the field shows its end (where typing happens).
            const float tw = field.w - ui.mm(8);
            if (ui.text_width(session.query, ft) <= tw) {
                ui.text(session.query, field.x + ui.mm(4), field.y + ui.mm(3), tw, ft);
            } else {
                auto chars = utf8_chars(session.query);
                std::string tail;
                for (size_t from = 1; from < chars.size(); ++from) {
                    core::secure_clear(tail);
                    tail = "…";
                    for (size_t i = from; i < chars.size(); ++i) tail += chars[i];
                    if (ui.text_width(tail, ft) <= tw) break;
                }
                ui.text(tail, field.x + ui.mm(4), field.y + ui.mm(3), tw, ft);
                core::secure_clear(tail);
                for (auto& ch : chars) core::secure_clear(ch);
            }
        }
        y += field.h + ui.mm(4);
        // Keyboard at the bottom, results between.
        const float gap = ui.mm(2.5f);
        // Keys as large as the column allows (at least 14 mm, at most 24 mm).
        const float key = std::clamp((c.w - 9 * gap) / 10, ui.mm(14), ui.mm(24));
        const char* kana[] = {"あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの", "はひふへほ",
                              "まみむめも", "や ゆ よ", "らりるれろ", "わ を ん"};
        const char* latin[] = {"ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-.@ ", "1234567890"};
        const int cols = 10, rows = latin_keys ? 5 : 6;
        const float kb_w = std::min(c.w, cols * (key + gap) - gap), kb_h = rows * (key + gap) - gap;
        const float kb_x = c.x + (c.w - kb_w) / 2, kb_y = c.y + c.h - kb_h;
        const float kw = (kb_w - gap * (cols - 1)) / cols;
        auto key_at = [&](int r, int col) { return Rect{kb_x + col * (kw + gap), kb_y + r * (key + gap), kw, key}; };
        bool changed = false;
        if (!latin_keys) {
            // Columns あ か さ … わ, vowels down, as on ticket machines.
            for (int col = 0; col < cols; ++col) {
                auto chars = utf8_chars(kana[col]);
                for (int r = 0; r < 5 && r < static_cast<int>(chars.size()); ++r) {
                    if (chars[r] == " ") continue;
                    if (ui.button("key." + chars[r], key_at(r, col), chars[r], Ui::Style::secondary, 0, theme::mm::body)) {
                        session.query += chars[r];
                        changed = true;
                    }
                }
            }
            const char* extra[] = {"ー", "っ", "ゃ", "ゅ", "ょ"};
            for (int i = 0; i < 5; ++i)
                if (ui.button(std::string("key.") + extra[i], key_at(5, i), extra[i], Ui::Style::secondary, 0, theme::mm::body)) {
                    session.query += extra[i];
                    changed = true;
                }
            if (ui.button("key.voiced", key_at(5, 5), "゛", Ui::Style::secondary, 0, theme::mm::body)) add_mark("\u3099"), changed = true;
            if (ui.button("key.semivoiced", key_at(5, 6), "゜", Ui::Style::secondary, 0, theme::mm::body)) add_mark("\u309A"), changed = true;
        } else {
            for (int r = 0; r < 4; ++r) {
                auto chars = utf8_chars(latin[r]);
                for (int col = 0; col < cols; ++col) {
                    if (chars[col] == " ") continue;
                    if (ui.button("key." + chars[col], key_at(r, col), chars[col], Ui::Style::secondary, 0, theme::mm::body)) {
                        session.query += chars[col];
                        changed = true;
                    }
                }
            }
        }
        const int last_row = rows - 1;
        const Rect mode_r = latin_keys ? key_at(last_row, 0) : key_at(last_row, 7);
        Rect mode_wide = mode_r;
        if (latin_keys) mode_wide.w = kw * 2 + gap;
        if (ui.button("key.mode", mode_wide, latin_keys ? "かな" : "ABC", Ui::Style::quiet, 0, theme::mm::small)) {
            latin_keys = !latin_keys;
            want_frame = true;
        }
        Rect back_r = key_at(last_row, 8);
        back_r.w = kw * 2 + gap;
        if (ui.button("key.backspace", back_r, S("search.delete"), Ui::Style::quiet, 0, theme::mm::small)) {
            auto chars = utf8_chars(session.query);
            if (!chars.empty()) session.query.resize(session.query.size() - chars.back().size());
            changed = true;
        }
        if (changed) want_frame = true;

        // Results for what has been typed so far.
        const std::string key_now = session.lang + "|" + session.query;
        if (key_now != hits_key) {
            core::secure_clear(hits_key);
            hits_key = key_now;
            for (auto& h : hits) core::secure_clear(h.id);
            hits.clear();
            if (deps.catalogue && !session.query.empty())
                hits = deps.catalogue->search(session.query, {.lang = session.lang,
                                                              .region = {deps.config.prefecture, deps.config.municipality},
                                                              .limit = 50});
        }
        const Rect view{c.x, y, c.w, kb_y - y - ui.mm(4)};
        if (!session.query.empty() && hits.empty()) {
            TextOpts o;
            o.color = P().text_muted;
            ui.text(S("search.none"), view.x, view.y, view.w, o);
            return;
        }
        const float row_h = ui.mm(20) * ui.text_scale(), row_gap = ui.mm(2);
        const float off = ui.scroll("search", view, hits.size() * (row_h + row_gap));
        ui.push_clip(view);
        for (size_t i = 0; i < hits.size(); ++i) {
            const Rect r{view.x, view.y + i * (row_h + row_gap) - off, view.w - ui.mm(4), row_h};
            if (r.y + r.h < view.y || r.y > view.y + view.h) continue;
            if (ui.button("search.result." + hits[i].id, r, hits[i].name.text, Ui::Style::secondary)) {
                session.service_id = hits[i].id;
                navigate(Screen::detail);
            }
        }
        ui.pop_clip();
    }

    // --- language -----------------------------------------------------------------
    void language_screen() {
        top_bar(true);
        const Rect c = content();
        const Ui::Mark all = ui.mark();
        float y = c.y + heading(S("language.title"), c, c.y);
        const auto& langs = deps.config.languages;
        const int cols = ui.portrait() ? 2 : 3;
        const float gap = ui.mm(theme::mm::gap), w = (c.w - gap * (cols - 1)) / cols, h = ui.mm(26);
        for (size_t i = 0; i < langs.size(); ++i) {
            const Rect r{c.x + (i % cols) * (w + gap), y + (i / cols) * (h + gap), w, h};
            if (lang_button("language." + langs[i], r, langs[i], langs[i] == session.lang)) {
                session.lang = langs[i];
                results_key.clear();
                if (!session.back()) session.home();
                want_frame = true;
            }
        }
        settle_bottom(all, c);
    }

    // --- neutral ------------------------------------------------------------------
    // What someone nearby sees after とじる: plain health information, no bar,
    // nothing that says what was on the screen before.
    void neutral_screen() {
        const Rect c{(ui.width() - std::min(ui.width() - 2 * margin(), ui.mm(260))) / 2, ui.mm(16),
                     std::min(ui.width() - 2 * margin(), ui.mm(260)), ui.height() - ui.mm(32)};
        ui.push_box(c, "the content area");
        const Ui::Mark all = ui.mark();
        float y = c.y + heading(S("neutral.title"), c, c.y);
        y += ui.text(S("neutral.body"), c.x, y, c.w) + ui.mm(10);
        const float bw = std::min(c.w, ui.mm(90));
        if (ui.button("neutral.back", Rect{c.x + c.w - bw, y, bw, ui.mm(18)}, S("neutral.back"), Ui::Style::quiet))
            session.home(), want_frame = true;
        settle_bottom(all, c);
    }

    void unavailable_screen() {
        top_bar(false);
        if (admin_gesture_possible()) admin.gesture_zones(ui, bottom_layout());  // staff need it most when nothing can be shown
        const Rect c = content();
        TextOpts o;
        o.size_mm = theme::mm::heading;
        o.align = text::Align::center;
        ui.text(S("error.no_catalogue"), c.x, c.y + c.h * 0.3f, c.w, o);
    }

    // --- admin screen ----------------------------------------------------------------
    // A short test slip: a header and one line, nothing from the directory and
    // nothing about anyone; printed the same way as a visitor's slip.
    void do_test_print() {
        core::Slip slip;
        slip.lang = session.lang;
        slip.header = S("admin.print_test_header");
        core::SlipEntry e;
        e.name = "madoguchi";
        e.organization = S("admin.print_test_body");
        slip.entries.push_back(std::move(e));
        print::RenderedSlip r = print::render_slip(slip, ui.engine(), ui.atlas(), {.dots = deps.config.printer_dots, .module_dots = 0, .no_qr = true});
        const print::PrintOutcome out = print::print_raster(printer_config(), r.raster);
        test_print_status = out.result == print::PrintOutcome::Result::printed
                                ? S("admin.print_done")
                                : S("admin.print_failed") + " (" + std::string(print::to_string(out.result)) + ")";
        test_print = TestPrint::idle;
        want_frame = true;
    }

    static std::string today() { return core::format_date(local_now().date); }

    void admin_frame(double now) {
        if (test_print == TestPrint::shown) do_test_print();
        if (!shown_info && deps.catalogue) shown_info = deps.catalogue->info();
        // Records past their review date: counted when the screen loads its
        // data (again only on another day or for another catalogue), never per frame.
        const std::string day = today();
        if (deps.catalogue && day != review_day) {
            if (auto d = core::parse_date(day)) review_due = deps.catalogue->past_review(*d);
            review_day = day;
        }
        AdminScreen::Frame f{ui,
                             *deps.strings,
                             session.lang,
                             admin_view,
                             shown_info ? &*shown_info : nullptr,
                             day,
                             deps.config.printer_kind != core::PrinterKind::none,
                             test_print_status,
                             test_print != TestPrint::idle,
                             review_due ? &*review_due : nullptr};
        std::string file;
        switch (admin.draw(f, now, &file)) {
            case AdminScreen::Action::none: break;
            case AdminScreen::Action::quick_hide: quick_hide(); break;
            case AdminScreen::Action::exit:
                admin.close();
                test_print = TestPrint::idle;
                test_print_status.clear();
                want_frame = true;
                break;
            case AdminScreen::Action::print_test:
                test_print = TestPrint::requested;
                test_print_status.clear();
                want_frame = true;
                break;
            case AdminScreen::Action::rollback:
                admin_requests.push_back({AdminRequest::Kind::rollback, {}});
                want_frame = true;
                break;
            case AdminScreen::Action::install:
                admin_requests.push_back({AdminRequest::Kind::install, file});
                want_frame = true;
                break;
        }
        if (test_print == TestPrint::requested) {
            test_print = TestPrint::shown;  // "printing…" is on screen now; prints at the start of the next frame
            want_frame = true;
        }
        if (admin.wants_frame()) want_frame = true;
    }

    // --- idle ---------------------------------------------------------------------
    double idle_deadline() const { return last_input + deps.config.idle_seconds; }

    void idle_overlay(double now) {
        const double left = deps.config.countdown_seconds - (now - countdown_start);
        // Opaque: whoever walks up next must not read what was on screen. The
        // visitor who comes back taps once and finds their screen as they left it.
        ui.reset_boxes();
        ui.cover();
        ui.fill(Rect{0, 0, ui.width(), ui.height()}, session.high_contrast ? theme::rgb(0, 0, 0) : theme::rgb(58, 62, 66));
        const float w = std::min(ui.width() - 2 * margin(), ui.mm(200));
        TextOpts q;
        q.size_mm = theme::mm::heading;
        q.align = text::Align::center;
        q.phrases = true;
        TextOpts n;
        n.align = text::Align::center;
        n.color = P().text_muted;
        const std::string secs = replace_n(S("idle.seconds_left"), static_cast<long long>(std::ceil(std::max(0.0, left))));
        const float qh = ui.text_height(S("idle.question"), w - ui.mm(12), q), nh = ui.text_height(secs, w, n);
        const float h = ui.mm(10) + qh + ui.mm(4) + nh + ui.mm(8) + ui.mm(30) + ui.mm(10);
        const Rect card{(ui.width() - w) / 2, (ui.height() - h) / 2, w, h};
        ui.fill(card, P().surface, theme::mm::radius * 2);
        float y = card.y + ui.mm(10);
        y += ui.text(S("idle.question"), card.x + ui.mm(6), y, card.w - ui.mm(12), q) + ui.mm(4);
        y += ui.text(secs, card.x, y, card.w, n) + ui.mm(8);
        ui.button("idle.continue", Rect{card.x + ui.mm(10), y, card.w - ui.mm(20), ui.mm(30)}, S("idle.continue"), Ui::Style::primary, 0,
                  theme::mm::heading);
        // とじる stays where it always is, and works.
        ui.button("quick_hide", close_rect(), S("common.close"), Ui::Style::quiet, 0, theme::mm::small);
    }
};

// ---------------------------------------------------------------------------

KioskUi::KioskUi(KioskUiDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {}
KioskUi::~KioskUi() = default;

void KioskUi::input(const InputEvent& e, double now) {
    Impl& m = *impl_;
    m.want_frame = true;
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
        }
        return;
    }
    if (m.admin_gesture_possible()) m.admin.gesture_input(e, now);
    else m.admin.gesture_reset();
    if (m.countdown) {
        // とじる hides at once, as on every screen; any other tap continues
        // (nobody should have to find the button).
        if (e.kind == InputEvent::Kind::pointer_down) {
            const auto t = m.ui.find_last("quick_hide");
            if (t && t->rect.contains(e.x, e.y)) {
                m.quick_hide();
                m.last_input = now;
                return;
            }
        }
        if (e.kind == InputEvent::Kind::pointer_down || e.kind == InputEvent::Kind::key) {
            m.countdown = false;
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
                if (!m.session.back()) m.session.home();
            }
            break;
        case InputEvent::Kind::text:
            if (m.session.screen == Screen::search) m.session.query += e.text;
            break;
    }
}

bool KioskUi::frame(ImDrawList* dl, int width, int height, double now) {
    Impl& m = *impl_;
    m.want_frame = false;
    // とじる was tapped (a tap acts in the frame after it): hide before anything
    // is drawn. Hiding from the button mid-frame wiped the glyph atlas after
    // the top bar had drawn quads from its textures; the renderer deleted them
    // and the GL driver re-created each, empty, when the frame was rendered —
    // one texture leaked per quick-hide (found by the monkey soak, seed 7).
    // Here the neutral screen is also this very frame.
    if (m.ui.tapped("quick_hide")) m.quick_hide();
    if (m.last_input == 0) m.last_input = now;
    if (m.search_warm == Impl::SearchWarm::due && m.deps.catalogue && between_sessions()) {
        m.deps.catalogue->prepare_search({m.deps.config.prefecture, m.deps.config.municipality});
        m.search_warm = Impl::SearchWarm::done;
    }
    // Idle: only when there is something to forget (not on a clean attract screen).
    const bool clean = m.session_clean();
    if (!m.countdown && m.session.screen == Screen::neutral && now >= m.idle_deadline()) {
        m.session.home();  // already wiped: nothing to ask about
        m.last_input = now;
    }
    if (!m.countdown && !clean && now >= m.idle_deadline()) {
        m.countdown = true;
        m.countdown_start = now;
    }
    if (m.countdown && now - m.countdown_start >= m.deps.config.countdown_seconds) {
        m.wipe();
        m.last_input = now;
    }
    if (m.print_state == Impl::PrintState::shown && m.deps.catalogue) m.do_print();
    m.poll_print();
    m.admin.idle_check(now);
    m.ui.begin(dl, static_cast<float>(width), static_cast<float>(height), now, {m.session.lang, m.session.large_text, &m.P()});
    // No full-screen background quad: the window is cleared to background_rgb()
    // before drawing. Without a GPU (Mesa's llvmpipe) every pixel a quad covers
    // costs CPU; a second full-screen pass was a measurable share of each frame
    // (docs/performance.md).
    m.measure_bar();
    const Screen shown = m.session.screen;
    const AdminScreen::Mode admin_mode = m.admin.mode();
    if (m.admin.open()) {
        m.admin_frame(now);
    } else if (!m.deps.catalogue && !m.deps.catalogue_pending && shown != Screen::neutral && shown != Screen::language) {
        m.unavailable_screen();
    } else {
        switch (shown) {
            case Screen::attract: m.attract(); break;
            case Screen::concern: m.concern(); break;
            case Screen::who: m.who(); break;
            case Screen::results: m.results_screen(); break;
            case Screen::detail: m.detail_screen(); break;
            case Screen::guides: m.guides_screen(); break;
            case Screen::guide: m.guide_screen(); break;
            case Screen::basket: m.basket_screen(); break;
            case Screen::language: m.language_screen(); break;
            case Screen::neutral: m.neutral_screen(); break;
            case Screen::search: m.search_screen(); break;
            case Screen::qr: m.qr_screen(); break;
        }
    }
    if (m.countdown) m.idle_overlay(now);
    m.ui.end();
    if (m.search_warm == Impl::SearchWarm::after_next_frame && m.deps.catalogue) {
        m.search_warm = Impl::SearchWarm::due;
        m.want_frame = true;
    }
    // The screen changed during this frame: draw the new one at once (quick-hide
    // must show the neutral screen in the same frame the finger lifts).
    return m.want_frame || m.session.screen != shown || m.admin.mode() != admin_mode || m.ui.animating();
}

double KioskUi::next_wakeup(double now) const {
    const Impl& m = *impl_;
    if (m.ui.animating()) return now;
    if (m.admin.open()) return m.test_print != Impl::TestPrint::idle ? now : m.admin.next_wakeup(now);
    if (m.countdown) return std::min(m.countdown_start + m.deps.config.countdown_seconds, now + 1.0);  // once a second
    if (m.session_clean()) return kNever;
    return m.idle_deadline();
}

void KioskUi::upload_textures() { impl_->ui.upload(); }
uint32_t KioskUi::background_rgb() const {
    const ImU32 c = impl_->P().background;  // IM_COL32 packs A B G R from the top byte
    return ((c & 0xFF) << 16) | (c & 0xFF00) | ((c >> 16) & 0xFF);
}
void KioskUi::wipe_session() { impl_->wipe(); }
std::string KioskUi::screen_name() const {
    switch (impl_->admin.mode()) {
        case AdminScreen::Mode::pin: return "admin-pin";
        case AdminScreen::Mode::admin: return "admin";
        case AdminScreen::Mode::closed: break;
    }
    return core::screen_name(impl_->session.screen);
}

std::optional<Rect> KioskUi::target(std::string_view name) const {
    if (const auto* t = impl_->ui.find_last(name)) return t->rect;
    return std::nullopt;
}

bool KioskUi::target_clipped(std::string_view name) const {
    const auto* t = impl_->ui.find_last(name);
    return t && t->clipped;
}

std::vector<std::string> KioskUi::target_names() const {
    std::vector<std::string> v;
    for (const auto& t : impl_->ui.last_targets()) v.push_back(t.name);
    return v;
}

KioskUi::TextStats KioskUi::text_stats() const {
    const text::GlyphAtlas& a = impl_->ui.atlas();
    const size_t page_bytes = static_cast<size_t>(a.page_size()) * static_cast<size_t>(a.page_size());
    return {a.pages().size(), page_bytes ? a.byte_budget() / page_bytes : 0, a.evictions()};
}

const core::Session& KioskUi::session() const { return impl_->session; }

std::vector<std::string> KioskUi::layout_problems() const {
    const Ui& ui = impl_->ui;
    std::vector<std::string> out = ui.last_problems();
    // Targets: what is on top (an overlay covers the screen under it) and can be
    // touched. Inert ones — the admin corners (invisible, staff only) and the
    // QR codes (named for scripts; a tap does nothing) — need no size, but must
    // not overlap anything a visitor taps.
    const auto& all = ui.last_targets();
    std::vector<const Ui::Target*> ts;
    for (size_t i = ui.last_covered(); i < all.size(); ++i) ts.push_back(&all[i]);
    auto inert = [](const std::string& n) { return n.rfind("admin.corner.", 0) == 0 || (n.rfind("qr.", 0) == 0 && n != "qr.neutral"); };
    const float min_side = ui.mm(kMinTargetMm), min_gap = ui.mm(kMinTargetGapMm), slack = 0.5f;
    char buf[160];
    for (const auto* t : ts) {
        if (inert(t->name) || t->clipped) continue;  // a card half scrolled out is whole when scrolled in
        if (std::min(t->full.w, t->full.h) < min_side - slack) {
            std::snprintf(buf, sizeof buf, "target %s is %.1f x %.1f mm, under %.0f mm", t->name.c_str(), t->full.w / ui.mm(1),
                          t->full.h / ui.mm(1), kMinTargetMm);
            out.push_back(buf);
        }
    }
    for (size_t i = 0; i < ts.size(); ++i)
        for (size_t j = i + 1; j < ts.size(); ++j) {
            const Rect &a = ts[i]->rect, &b = ts[j]->rect;
            const float dx = std::max({0.f, b.x - (a.x + a.w), a.x - (b.x + b.w)});
            const float dy = std::max({0.f, b.y - (a.y + a.h), a.y - (b.y + b.h)});
            const float d = std::hypot(dx, dy);
            const bool either_inert = inert(ts[i]->name) || inert(ts[j]->name);
            if (either_inert ? (dx <= 0 && dy <= 0 && !(inert(ts[i]->name) && inert(ts[j]->name))) : d < min_gap - slack) {
                std::snprintf(buf, sizeof buf, "targets %s and %s are %.1f mm apart, under %.0f mm", ts[i]->name.c_str(),
                              ts[j]->name.c_str(), d / ui.mm(1), either_inert ? 0.0f : kMinTargetGapMm);
                out.push_back(buf);
            }
        }
    return out;
}
bool KioskUi::countdown_visible() const { return impl_->countdown; }

// --- bundles and the admin screen -------------------------------------------------

bool KioskUi::between_sessions() const {
    const Impl& m = *impl_;
    if (m.admin.open()) return true;  // staff only, reached from a clean attract screen
    return m.session.screen == Screen::attract && m.session_clean() && !m.countdown && !m.ui.pointer_is_down();
}

void KioskUi::set_catalogue(const core::Catalogue* catalogue) {
    Impl& m = *impl_;
    // Everything read from the old catalogue goes: lists, the detail page,
    // cached vocabulary, services, guides and QR codes, its metadata.
    m.wipe_listed(m.results);
    core::secure_clear(m.results_key);
    core::secure_clear(m.card_tops_key);
    m.card_tops.clear();
    m.wipe_listed(m.hits);
    core::secure_clear(m.hits_key);
    core::secure_clear(m.detail_key);
    m.detail.reset();
    m.drop_caches();
    m.shown_info.reset();
    m.review_due.reset();
    m.review_day.clear();
    m.correction_qr = m.correction_scroll = false;
    m.show_original = false;
    m.deps.catalogue = catalogue;
    m.take_region();
    m.take_correction();
    m.search_warm = Impl::SearchWarm::after_next_frame;
    m.want_frame = true;
    // The first catalogue has come (or cannot): a はじめる tapped while it was
    // checked goes on now, if the visitor is still on the attract screen.
    m.deps.catalogue_pending = false;
    if (m.start_when_ready && catalogue && m.session.screen == Screen::attract && !m.admin.open()) m.navigate(Screen::concern);
    m.start_when_ready = false;
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

std::string KioskUi::admin_text() const {
    if (!impl_->admin.open()) return {};
    std::string out;
    for (const auto& t : impl_->admin.texts()) out += t + "\n";
    return out;
}

std::string KioskUi::print_result() const {
    if (impl_->print_state != Impl::PrintState::done) return {};
    return std::string(print::to_string(impl_->print_outcome.result));
}

}  // namespace madoguchi::ui
