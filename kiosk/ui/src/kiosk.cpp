// SPDX-License-Identifier: Apache-2.0
// kiosk.cpp — the helpers every screen uses: navigation, the session's end,
// and the catalogue read through the visitor's cache.
#include "kiosk.hpp"

#include "madoguchi/core/regions.hpp"

namespace madoguchi::ui {

using core::Screen;

Kiosk::Kiosk(KioskUiDeps d)
    : deps(std::move(d)), ui(*deps.fonts, deps.config.width_mm, deps.config.height_mm), admin(deps.config.admin_pin_hash) {
    renew_visitor(visitor, deps.config.default_language, deps.config.large_text);
    configured_prefecture = deps.config.prefecture;
    take_region();
    take_correction();
    if (deps.first_run) open_setup(*this, false, 0);
}

const theme::Palette& Kiosk::P() const {
    return visitor.session.high_contrast ? theme::high_contrast_palette : theme::standard_palette;
}

void Kiosk::navigate(Screen s) {
    if (s == Screen::detail) {
        ui.reset_scroll("detail");  // a new place opens at its name
        visitor.views.correction_qr = visitor.views.correction_scroll = false;
    }
    if (s == Screen::detail || s == Screen::guide) visitor.views.show_original = false;
    visitor.session.go(s);
    want_frame = true;
}

void Kiosk::wipe() {
    // First the slip: a job not yet sent is overwritten, one being sent stops
    // at its next wait and its outcome goes to no one.
    if (deps.printer) deps.printer->cancel();
    ++sessions_ended;
    renew_visitor(visitor, deps.config.default_language, deps.config.large_text);
    ui.wipe();
    // Pages of the rows this visitor saw, in SQLite's cache.
    if (deps.catalogue) deps.catalogue->release_memory();
    want_frame = true;
}

void Kiosk::quick_hide() {
    // First-run setup: the neutral screen until the next touch, then the setup
    // where it was (setup_screens.hpp). Opened from the admin screen: closed
    // with it, as the admin screen is (its way back is behind the PIN).
    if (setup.is_open() && !setup.from_admin()) setup.hide();
    else if (setup.is_open()) setup.close();
    admin.close();
    test_print = TestPrint::idle;
    core::secure_clear(test_print_status);
    wipe();
    visitor.session.screen = Screen::neutral;  // the neutral screen, in this same frame
}

bool Kiosk::session_clean() const {
    const core::Session& s = visitor.session;
    return s.screen == Screen::attract && s.lang == deps.config.default_language && s.large_text == deps.config.large_text && !s.high_contrast &&
           s.basket.empty();
}

bool Kiosk::admin_gesture_possible() const {
    return admin.enabled() && !admin.open() && !visitor.countdown && visitor.session.screen == Screen::attract && session_clean();
}

// No prefecture in the config: the bundle says which region it was made for.
void Kiosk::take_region() {
    if (configured_prefecture != 0) return;
    deps.config.prefecture = 0;
    if (deps.catalogue)
        if (auto p = core::parse_prefecture_code(deps.catalogue->info().meta_value("region"))) deps.config.prefecture = *p;
}

// The bundle's correction form and version, read once per catalogue.
void Kiosk::take_correction() {
    correction_url.clear();
    bundle_version.clear();
    if (!deps.catalogue) return;
    correction_url = deps.catalogue->meta_value("correction_url");
    bundle_version = deps.catalogue->meta_value("version");
}

// --- the catalogue, through the visitor's cache ---------------------------------
// A change of language drops the cache (it holds texts of one language).
namespace {
CatalogueCache& cache_for(Kiosk& k) {
    CatalogueCache& c = k.visitor.views.cache;
    if (c.lang != k.visitor.session.lang) {
        renew(c);
        c.lang = k.visitor.session.lang;
    }
    return c;
}
}  // namespace

const std::vector<core::Term>& Kiosk::terms(const char* vocabulary) {
    auto& m = cache_for(*this).vocabularies;
    auto it = m.find(vocabulary);
    if (it == m.end())
        it = m.emplace(vocabulary, deps.catalogue ? deps.catalogue->vocabulary(vocabulary, visitor.session.lang) : std::vector<core::Term>{})
                 .first;
    return it->second;
}

const core::ServiceDetail* Kiosk::service_of(const std::string& id) {
    auto& m = cache_for(*this).services;
    auto it = m.find(id);
    if (it == m.end()) it = m.emplace(id, deps.catalogue ? deps.catalogue->service(id, visitor.session.lang) : std::nullopt).first;
    return it->second ? &*it->second : nullptr;
}

const core::ServiceDetail* Kiosk::service_ja_of(const std::string& id) {
    auto& m = cache_for(*this).services_ja;
    auto it = m.find(id);
    if (it == m.end()) it = m.emplace(id, deps.catalogue ? deps.catalogue->service(id, "ja") : std::nullopt).first;
    return it->second ? &*it->second : nullptr;
}

const core::Guide* Kiosk::guide_of(const std::string& id) {
    auto& m = cache_for(*this).guides;
    auto it = m.find(id);
    if (it == m.end()) it = m.emplace(id, deps.catalogue ? deps.catalogue->guide(id, visitor.session.lang) : std::nullopt).first;
    return it->second ? &*it->second : nullptr;
}

const core::QrCode* Kiosk::qr_of(const std::string& payload) {
    auto& m = cache_for(*this).qr_codes;
    auto it = m.find(payload);
    if (it == m.end()) {
        std::string err;
        it = m.emplace(payload, core::encode_qr(payload, &err)).first;
    }
    return it->second ? &*it->second : nullptr;
}

}  // namespace madoguchi::ui
