// SPDX-License-Identifier: Apache-2.0
// session.cpp — one visitor's screens and choices, and their wipe (session.hpp).
#include "madoguchi/core/session.hpp"

#include <algorithm>

namespace madoguchi::core {

const char* screen_name(Screen s) {
    switch (s) {
        case Screen::attract: return "attract";
        case Screen::concern: return "concern";
        case Screen::who: return "who";
        case Screen::results: return "results";
        case Screen::detail: return "detail";
        case Screen::guides: return "guides";
        case Screen::guide: return "guide";
        case Screen::basket: return "basket";
        case Screen::language: return "language";
        case Screen::neutral: return "neutral";
        case Screen::search: return "search";
        case Screen::qr: return "qr";
        case Screen::urgent: return "urgent";
    }
    return "?";
}

void Session::go(Screen next) {
    if (next == screen) return;
    back_stack.push_back(screen);
    screen = next;
}

bool Session::back() {
    if (back_stack.empty()) return false;
    screen = back_stack.back();
    back_stack.pop_back();
    return true;
}

void Session::home() {
    back_stack.clear();
    screen = Screen::attract;
}

bool Session::in_basket(const std::string& id) const { return std::find(basket.begin(), basket.end(), id) != basket.end(); }

void Session::toggle_basket(const std::string& id) {
    auto it = std::find(basket.begin(), basket.end(), id);
    if (it != basket.end()) {
        secure_clear(*it);
        basket.erase(it);
    } else {
        basket.push_back(id);
    }
}

}  // namespace madoguchi::core
