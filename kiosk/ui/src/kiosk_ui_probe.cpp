// SPDX-License-Identifier: Apache-2.0
// kiosk_ui_probe.cpp — what scripts and tests may ask of a KioskUi (kiosk_ui_probe.hpp).
#include "madoguchi/ui/kiosk_ui_probe.hpp"

#include "kiosk.hpp"

namespace madoguchi::ui {

std::string KioskUiProbe::screen_name() const {
    const SetupScreens& setup = ui_.impl_->setup;
    if (setup.is_open() && !setup.hidden()) return setup.screen_name();
    switch (ui_.impl_->admin.mode()) {
        case AdminScreen::Mode::pin: return "admin-pin";
        case AdminScreen::Mode::admin: return "admin";
        case AdminScreen::Mode::closed: break;
    }
    return core::screen_name(ui_.impl_->visitor.session.screen);
}

std::optional<Rect> KioskUiProbe::target(std::string_view name) const {
    if (const auto* t = ui_.impl_->ui.find_last(name)) return t->rect;
    return std::nullopt;
}

bool KioskUiProbe::target_clipped(std::string_view name) const {
    const auto* t = ui_.impl_->ui.find_last(name);
    return t && t->clipped;
}

std::vector<std::string> KioskUiProbe::target_names() const {
    std::vector<std::string> v;
    for (const auto& t : ui_.impl_->ui.last_targets()) v.push_back(t.name);
    return v;
}

KioskUiProbe::TextStats KioskUiProbe::text_stats() const {
    const text::GlyphAtlas& a = ui_.impl_->ui.atlas();
    const size_t page_bytes = static_cast<size_t>(a.page_size()) * static_cast<size_t>(a.page_size());
    return {a.pages().size(), page_bytes ? a.byte_budget() / page_bytes : 0, a.evictions(), a.glyph_count(), ui_.impl_->ui.engine().cache_entries()};
}

const core::Session& KioskUiProbe::session() const { return ui_.impl_->visitor.session; }

std::vector<std::string> KioskUiProbe::layout_problems() const { return ui::layout_problems(ui_.impl_->ui); }

bool KioskUiProbe::countdown_visible() const { return ui_.impl_->visitor.countdown; }

std::string KioskUiProbe::focused() const { return ui_.impl_->ui.focused(); }

std::vector<std::string> KioskUiProbe::focus_order() const {
    std::vector<std::string> v;
    for (const auto* t : ui_.impl_->ui.focus_order()) v.push_back(t->name);
    return v;
}

std::vector<std::pair<std::string, Rect>> KioskUiProbe::scroll_regions() const { return ui_.impl_->ui.last_scroll_regions(); }

std::string KioskUiProbe::admin_text() const {
    if (!ui_.impl_->admin.open()) return {};
    std::string out;
    for (const auto& t : ui_.impl_->admin.texts()) out += t + "\n";
    return out;
}

std::string KioskUiProbe::setup_text() const {
    const SetupScreens& setup = ui_.impl_->setup;
    if (!setup.is_open() || setup.hidden()) return {};
    std::string out;
    for (const auto& t : setup.texts()) out += t + "\n";
    return out;
}

std::string KioskUiProbe::print_result() const {
    if (ui_.impl_->visitor.print_state != PrintState::done) return {};
    return std::string(core::to_string(ui_.impl_->visitor.print_result));
}

}  // namespace madoguchi::ui
