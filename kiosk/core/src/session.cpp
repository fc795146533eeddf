// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/session.hpp"

#include <algorithm>
#include <cstring>

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

void secure_clear(std::string& s) {
    // Capacity, not size: short-string buffers and old contents past size() too.
    if (s.capacity()) explicit_bzero(s.data(), s.capacity());
    s.clear();
    s.shrink_to_fit();
}

void secure_clear(std::vector<std::string>& v) {
    for (auto& s : v) secure_clear(s);
    v.clear();
    v.shrink_to_fit();
}

}  // namespace madoguchi::core
