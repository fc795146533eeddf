// SPDX-License-Identifier: Apache-2.0
// launch_plan.hpp — the kiosk's command line and settings turned into what to run.
//
// Why apart from main(): which options win over which settings, what a test
// script may do that a kiosk serving visitors may not (write slips to a file,
// write screenshots), and which folders the hardening leaves writable are
// decisions, and decisions are easy to get wrong and easy to test when nothing
// else happens at the same time. So this file only computes: it opens no file,
// reads no environment and prints nothing. main() parses, loads the config
// file, asks plan_from() (handing it the reader of the site file) and runs the
// plan (madoguchi_main.cpp).
//
// Precedence, lowest first: the built-in defaults, /etc/madoguchi/madoguchi.toml
// (or --config), the site file the setup screens write (<store>/site.toml,
// site_settings.hpp), the command line.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/site_settings.hpp"
#include "madoguchi/platform/process_hardening.hpp"
#include "madoguchi/platform/service_notify.hpp"
#include "madoguchi/platform/window.hpp"
#include "madoguchi/speech/speaker.hpp"
#include "madoguchi/text/font_set.hpp"

namespace madoguchi::app {

// `madoguchi --help`.
extern const char* const kUsage;

// What the command line said; empty / 0 / false: not given.
struct Options {
    std::string config_path = core::kDefaultKioskConfigPath;
    bool config_given = false;
    std::string store;
    std::vector<std::string> pubkeys;  // --pubkey, in order
    std::vector<std::string> watch;    // --watch, in order
    std::string status_file;
    bool status_given = false;  // --status "" is a choice (no status file)
    std::string catalogue;
    std::string assets;  // "" → the installed assets (plan_from's default_assets)
    std::string fonts_dir;
    int window_width = 0, window_height = 0;  // --window WxH
    bool full_redraw = false;                 // --full-redraw
    bool trace_start = false;                 // --trace-start (start_trace.hpp)
    std::string script;
    std::string screenshots = ".";
    bool watchdog_for_parent = false;
    // Tests: where the setup screens look for USB printers, whose lp<N> files
    // of any kind then stand in for printers ("" → /dev/usb, devices only).
    std::string usb_printers;
};

// The command line ends the program before anything starts: --help and
// --version (code 0, `out` for stdout), or a usage error (code 2, `err` for stderr).
struct Exit {
    int code = 0;
    std::string out;
    std::string err;
};

// argv[1..], in order. The first --help, --version or error ends the parse.
std::variant<Options, Exit> parse_options(std::span<const std::string> args);

struct LaunchPlan {
    // The config file's values, the site file's over them, then the command
    // line's overrides (see plan_from).
    core::KioskConfig config;
    // For stderr at start, in order, each to be prefixed "madoguchi: ": the
    // config file not found, the file's own messages, the site file's
    // messages, printing turned off.
    std::vector<std::string> messages;
    // The two files' own messages only: systemd's STATUS= counts them as problems.
    std::vector<std::string> config_problems;
    // The site file read at start, and the one the setup screens write:
    // <store>/site.toml of the store the kiosk uses (--store when given, so a
    // trial store has settings of its own).
    std::string site_file;
    // Show the first-run setup (core::needs_first_run_setup): no site file, no
    // admin PIN, no development catalogue (--catalogue, [bundle] catalogue),
    // and no bundle installed in the store (a store someone filled by hand, or
    // a trial with the bundled directory, was set up another way). In first
    // run the hardening allows a TCP printer on any port: the setup screens
    // may test a network printer before it is saved (setup_link.hpp).
    bool first_run = false;
    std::string usb_printers;  // Options::usb_printers
    std::string assets_dir;
    std::string script;       // "" → the kiosk serving visitors; else a test script to play
    std::string screenshots;  // where a script's screenshots go
    text::FontSetOptions fonts;
    platform::WindowOptions window;
    platform::ServiceNotifyOptions notify;
    // Made (one level, 0755) before the hardening, which can allow only a
    // folder that exists; "" → none.
    std::string status_dir;
    platform::HardeningOptions hardening;
    // [speech] for the Speaker (kiosk/speech/speaker.hpp); the app makes the
    // Speaker after apply_process_hardening, so its worker and open_jtalk are bound.
    speech::SpeakerOptions speech;
    bool development = false;  // a catalogue shown without checking its signature
};

// Reads the site file at `path` over `base`: core::load_site_settings in the
// kiosk; tests hand in text (core::parse_site_settings). Empty: no site file.
using SiteReader = std::function<core::SiteLoad(const std::string& path, const core::KioskConfig& base)>;
// Whether the store folder holds an installed bundle (its `current` link); empty: none does.
using StoreProbe = std::function<bool(const std::string& store)>;

// Pure, given a pure `read_site`: the same options, config and site file
// always give the same plan.
LaunchPlan plan_from(const Options& options, core::ConfigLoad config, const std::string& default_assets,
                     const SiteReader& read_site = {}, const StoreProbe& store_has_bundle = {});

}  // namespace madoguchi::app
