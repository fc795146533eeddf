// SPDX-License-Identifier: Apache-2.0
// config_reader.hpp — internal: the one reader of the settings TOML
// (kiosk_config.cpp), for the two files that hold settings: the packaged
// /etc/madoguchi/madoguchi.toml (over the defaults, every key) and the site
// file the setup screens write (over what /etc gave, only the site keys;
// site_settings.cpp).
//
// Why one reader: the same key must be checked the same way, with the same
// words, wherever it is written — a value refused in /etc is refused in the
// site file too, and a message names the file, line and column either way.
// Not installed with the public headers: callers use kiosk_config.hpp and
// site_settings.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/kiosk_config.hpp"

namespace madoguchi::core::config_reader {

struct Options {
    // What the file's keys are laid over: a key the file does not hold keeps
    // this value (KioskConfig{} for /etc, /etc's result for the site file).
    KioskConfig base;
    // Non-null: only these "table.key" may be set; any other known key is
    // refused with "table.key " + refused_tail at its line and column, and the
    // base's value stays. Unknown keys get the usual "unknown key" message.
    const std::vector<std::string_view>* only_keys = nullptr;
    std::string refused_tail;
    // The end of the message when the whole file cannot be used (not TOML,
    // too large, unreadable): what is used instead, e.g. "using the built-in defaults".
    std::string unusable_tail = "using the built-in defaults";
};

// As parse_kiosk_config / load_kiosk_config, over o.base. parse never throws;
// load may throw std::bad_alloc only (its callers catch it and keep their base).
ConfigLoad parse(std::string_view toml_text, const std::string& name, const Options& o);
ConfigLoad load(const std::string& path, const Options& o);

}  // namespace madoguchi::core::config_reader
