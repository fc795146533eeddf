// SPDX-License-Identifier: Apache-2.0
// kiosk_config.hpp — what the staff tell one kiosk: where it stands, which
// languages it offers, how long it waits, how big its screen is, which catalogue.
//
// Why it never fails: a kiosk must start by itself every morning, so a wrong
// value in the file costs only that value (its default is used and a
// `file:line:column: message` goes to stderr for the staff), and a file that is
// not TOML at all costs the file (all defaults). A missing file is normal: the
// defaults are a working kiosk for all of Japan. docs/config.md lists every key;
// assets/madoguchi.toml is the documented default file.
//
// Messages describe the file only; nothing here ever sees a visitor.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/key_bindings.hpp"
#include "madoguchi/core/printer_kind.hpp"

namespace madoguchi::core {

// Where the kiosk looks when `madoguchi` is started without `--config PATH`.
inline constexpr const char* kDefaultKioskConfigPath = "/etc/madoguchi/madoguchi.toml";

// ja, ja-x-easy, en, zh-Hans, ko, vi, pt-BR, ne, tl (kLanguages in catalogue.hpp).
std::vector<std::string> default_kiosk_languages();

// Where the controls are ([screen] layout, docs/accessibility.md "Reach"):
// top — the bar at the top, choices below the heading; bottom — the bar along
// the bottom edge and each screen's choices just above it, within reach of
// someone seated or short at a tall floor-standing screen; automatic ("auto" in
// the file) — bottom when the screen is taller than wide.
enum class Layout { automatic, top, bottom };

std::string_view to_string(Layout l);                     // "auto", "top", "bottom": as in the file
std::optional<Layout> parse_layout(std::string_view s);  // exactly those words; nullopt otherwise

struct KioskConfig {
    // [kiosk]
    int prefecture = 0;                  // JIS X 0401 code of where the kiosk stands; 0 = none (all of Japan)
    std::string municipality;            // JIS X 0402, 5 digits, or "" (6 with the check digit are accepted, stored as 5)
    std::vector<std::string> languages = default_kiosk_languages();  // the language picker, in order
    std::string default_language = "ja"; // the language a session starts in (always among `languages`)
    int idle_seconds = 90;               // quiet time before the countdown (30..3600)
    int countdown_seconds = 30;          // visible countdown (20..300; never under 20 s: WCAG 2.2.1)
    // [screen]
    float width_mm = 527, height_mm = 296;          // visible area (24" 16:9), 50..3000 each
    bool fullscreen = true;
    int window_width = 1920, window_height = 1080;  // when not fullscreen (320..7680 / 240..4320)
    Layout layout = Layout::automatic;  // where the controls are (see Layout)
    bool large_text = false;            // each session starts in large text (the visitor can still switch)
    // [bundle] — where signed bundles are installed and where new ones are looked for (docs/bundles.md)
    std::string store = "/var/lib/madoguchi";             // bundle store; the kiosk shows store/current/catalog.sqlite
    std::vector<std::string> trusted_keys = {"/etc/madoguchi/publisher.pub"};  // minisign public key files
    std::vector<std::string> watch = {"/media", "/var/lib/madoguchi/inbox"};    // folders watched for *.bundle files
    std::string catalogue;  // "" → the store's current bundle; a path → shown unverified (development only)
    // [admin]
    std::string admin_pin_hash;  // argon2id string from `madoguchi-bundle pin-hash`; "" → no admin screen
    // [printer] — receipt printer for take-away slips (docs/printing.md)
    PrinterKind printer_kind = PrinterKind::none;  // printer_kind.hpp
    std::string printer_target;         // /dev/usb/lp0, 192.168.1.50:9100, or a preview file path
    int printer_dots = 576;             // 384 (58 mm), 576 (80 mm), 512 fallback
    int printer_timeout_ms = 3000;      // 100..30000
    // [fleet] — the status file fleet tools read (docs/fleet.md): admin facts only
    std::string status_file = "/var/lib/madoguchi/status/status.json";  // absolute path; "" → none
    std::string kiosk_id;                // a name for this kiosk in the status file; "" → only the hostname
    int status_interval_seconds = 900;   // the status is written again at each multiple of this (10..86400)
    // [keys] — keys for the keypad path (docs/config.md): each line replaces one
    // action's default keys (core::key_bindings). Empty: the defaults.
    std::vector<KeyBinding> keys;
    // [speech] — private speech to headphones (docs/accessibility.md "Speech", kiosk/speech)
    bool speech_enabled = true;          // false: the kiosk never makes a sound
    bool speech_private_device = false;  // true: speak without headphone detection (a handset, headphone-only PC)
    int speech_volume = 6;               // 0..10 at the start of each session
    float speech_rate = 1.0f;            // 0.5..2, 1 = the voices' normal speed
    std::string jtalk_dictionary;        // absolute folder; "" → /var/lib/mecab/dic/open-jtalk/naist-jdic
    std::string jtalk_voice;             // absolute .htsvoice file; "" → the nitech-jp-atr503-m001 voice

    friend bool operator==(const KioskConfig&, const KioskConfig&) = default;
};

struct ConfigLoad {
    KioskConfig config;                 // always usable
    std::vector<std::string> messages;  // "file:line:column: …" for the staff, in file order
    bool file_found = false;            // false: no file at `path`, defaults used, no message
};

// Reads `path`. A missing file is not a problem (file_found = false, no
// message); an unreadable one gets a message and the defaults. Never throws.
ConfigLoad load_kiosk_config(const std::string& path);

// The same for text already in memory; `name` is what messages call the file.
// file_found is set to true.
ConfigLoad parse_kiosk_config(std::string_view toml_text, const std::string& name);

}  // namespace madoguchi::core
