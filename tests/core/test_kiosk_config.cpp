// SPDX-License-Identifier: Apache-2.0
// test_kiosk_config.cpp — the kiosk's settings file (kiosk_config.hpp):
// defaults, a complete valid file, every kind of bad value with its exact
// message and the field keeping its default, broken files, and the shipped
// example assets/madoguchi.toml (which must be the defaults, documented).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/core/kiosk_config.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;

namespace {

const std::string kAllLanguages = "ja, ja-x-easy, en, zh-Hans, ko, vi, pt-BR, ne, tl";
const std::string kPrefectureRule = "is not a prefecture code (1..47, or \"01\"..\"47\"; e.g. 27 for 大阪府; 0 = all of Japan)";

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += s + "\n";
    return out;
}

// Every key of the file, as "table.key" (docs and the example must list them all).
const std::vector<std::string> kAllKeys = {
    "kiosk.prefecture",    "kiosk.municipality",   "kiosk.languages",     "kiosk.default_language",
    "kiosk.idle_seconds",  "kiosk.countdown_seconds",
    "screen.width_mm",     "screen.height_mm",     "screen.fullscreen",   "screen.window_width",
    "screen.window_height", "screen.layout",        "screen.large_text",
    "bundle.store",        "bundle.trusted_keys",  "bundle.watch",        "bundle.catalogue",
    "admin.pin_hash",
    "printer.kind",        "printer.target",       "printer.dots",        "printer.timeout_ms",
    "fleet.status_file",   "fleet.kiosk_id",       "fleet.status_interval_seconds",
    "keys.up", "keys.down", "keys.left", "keys.right", "keys.select", "keys.back", "keys.help", "keys.home", "keys.close",
    "keys.volume_up", "keys.volume_down", "keys.repeat", "keys.stop", "keys.slower",
    "speech.enabled",      "speech.private_device", "speech.volume",      "speech.rate",
    "speech.jtalk_dictionary", "speech.jtalk_voice",
};
// Keys the example has only as a comment (`# key = …`): their default is
// "nothing", and a real value must be made for each kiosk.
// The [keys] lines too: left out, each action keeps its built-in keys (a line
// written out would replace them by the same list, and differ from KioskConfig{}).
const std::vector<std::string> kCommentedOutKeys = {"admin.pin_hash", "keys.up", "keys.down", "keys.left", "keys.right", "keys.select",
                                                    "keys.back", "keys.help", "keys.home", "keys.close", "keys.volume_up",
                                                    "keys.volume_down", "keys.repeat", "keys.stop", "keys.slower"};

// A valid argon2id string (libsodium's minimum cost, PIN "482913"; see test_admin_pin.cpp).
const std::string kPinHash = "$argon2id$v=19$m=8,t=1,p=1$oEDv8kMGXXdOqy47klDAyw$NWU5tNTULZ2D1ItJ2hRKh9TsKa4wSU1KrwQDS3u/Spg";
const std::string kTables = "[kiosk], [screen], [bundle], [admin], [printer], [fleet], [keys] and [speech]";
const std::string kPinHashMessage =
    "admin.pin_hash is not an argon2id hash from `madoguchi-bundle pin-hash`; the admin screen stays closed";

}  // namespace

TEST_CASE("config: the zero value of KioskConfig is the documented default") {
    KioskConfig c;
    CHECK(c.prefecture == 0);
    CHECK(c.municipality.empty());
    CHECK(c.languages == std::vector<std::string>{"ja", "ja-x-easy", "en", "zh-Hans", "ko", "vi", "pt-BR", "ne", "tl"});
    CHECK(c.default_language == "ja");
    CHECK(c.idle_seconds == 90);
    CHECK(c.countdown_seconds == 30);
    CHECK(c.width_mm == 527.0f);
    CHECK(c.height_mm == 296.0f);
    CHECK(c.fullscreen);
    CHECK(c.window_width == 1920);
    CHECK(c.window_height == 1080);
    CHECK(c.layout == Layout::automatic);
    CHECK(c.store == "/var/lib/madoguchi");
    CHECK(c.trusted_keys == std::vector<std::string>{"/etc/madoguchi/publisher.pub"});
    CHECK(c.watch == std::vector<std::string>{"/media", "/var/lib/madoguchi/inbox"});
    CHECK(c.catalogue.empty());  // the store's current bundle
    CHECK(c.admin_pin_hash.empty());  // no admin screen
    CHECK(c.printer_kind == PrinterKind::none);
    CHECK(c.printer_target.empty());
    CHECK(c.printer_dots == 576);
    CHECK(c.printer_timeout_ms == 3000);
    CHECK(std::string(kDefaultKioskConfigPath) == "/etc/madoguchi/madoguchi.toml");
}

TEST_CASE("config: an empty file, or only comments and empty tables, gives the defaults and no message") {
    for (const char* text : {"", "\n\n", "# nothing here\n", "[kiosk]\n[screen]\n[bundle]\n[admin]\n[printer]\n", "\xEF\xBB\xBF# BOM\r\n"}) {
        CAPTURE(std::string(text));
        ConfigLoad load = parse_kiosk_config(text, "k.toml");
        CHECK(load.file_found);
        CHECK(load.messages.empty());
        CHECK(load.config == KioskConfig{});
    }
}

TEST_CASE("config: a complete valid file is read exactly") {
    const std::string text =
        "[kiosk]\n"
        "prefecture = \"27\"\n"
        "municipality = \"271004\"          # with check digit: stored as 5 digits\n"
        "languages = [\"en\", \"ja\", \"zh-hans\", \"KO\"]  # tags are case-insensitive\n"
        "default_language = \"EN\"\n"
        "idle_seconds = 120\n"
        "countdown_seconds = 20\n"
        "[screen]\n"
        "width_mm = 1209.6\n"
        "height_mm = 680\n"
        "fullscreen = false\n"
        "window_width = 1280\n"
        "window_height = 800\n"
        "layout = \"bottom\"\n"
        "[bundle]\n"
        "store = \"/srv/madoguchi/store\"\n"
        "trusted_keys = [\"/etc/madoguchi/osaka.pub\", \"/etc/madoguchi/鍵/予備.pub\"]\n"
        "watch = [\"/srv/inbox\"]\n"
        "catalogue = \"/srv/madoguchi/カタログ.sqlite\"\n"
        "[admin]\n"
        "pin_hash = \"" + kPinHash + "\"\n";
    ConfigLoad load = parse_kiosk_config(text, "k.toml");
    INFO(joined(load.messages));
    CHECK(load.messages.empty());
    const KioskConfig& c = load.config;
    CHECK(c.prefecture == 27);
    CHECK(c.municipality == "27100");
    CHECK(c.languages == std::vector<std::string>{"en", "ja", "zh-Hans", "ko"});
    CHECK(c.default_language == "en");
    CHECK(c.idle_seconds == 120);
    CHECK(c.countdown_seconds == 20);
    CHECK(c.width_mm == 1209.6f);
    CHECK(c.height_mm == 680.0f);
    CHECK_FALSE(c.fullscreen);
    CHECK(c.window_width == 1280);
    CHECK(c.window_height == 800);
    CHECK(c.layout == Layout::bottom);
    CHECK(c.store == "/srv/madoguchi/store");
    CHECK(c.trusted_keys == std::vector<std::string>{"/etc/madoguchi/osaka.pub", "/etc/madoguchi/鍵/予備.pub"});
    CHECK(c.watch == std::vector<std::string>{"/srv/inbox"});
    CHECK(c.catalogue == "/srv/madoguchi/カタログ.sqlite");
    CHECK(c.admin_pin_hash == kPinHash);
}

TEST_CASE("config: [bundle] and [admin] values that mean \"nothing\" are allowed quietly") {
    const char* text =
        "[bundle]\n"
        "catalogue = \"\"          # the store's current bundle\n"
        "watch = []               # bundles come only through madoguchi-bundle install\n"
        "[admin]\n"
        "pin_hash = \"\"           # no admin screen\n";
    ConfigLoad load = parse_kiosk_config(text, "k.toml");
    INFO(joined(load.messages));
    CHECK(load.messages.empty());
    CHECK(load.config.catalogue.empty());
    CHECK(load.config.watch.empty());
    CHECK(load.config.admin_pin_hash.empty());
    CHECK(load.config.store == KioskConfig{}.store);
    CHECK(load.config.trusted_keys == KioskConfig{}.trusted_keys);

    // A catalogue for development may be relative (like `madoguchi --catalogue`).
    ConfigLoad relative = parse_kiosk_config("[bundle]\ncatalogue = \"build/sample.sqlite\"\n", "k.toml");
    CHECK(relative.messages.empty());
    CHECK(relative.config.catalogue == "build/sample.sqlite");

    // A hash at the cost `madoguchi-bundle pin-hash` uses, in a TOML literal string.
    const std::string interactive =
        "$argon2id$v=19$m=65536,t=2,p=1$CWZ5xgmm6IZJrt+FCOe8Ng$+x6Ortkn/foqCsRPC+dpmabgJA3Pl0FeqczuXhZT9tg";
    ConfigLoad pin = parse_kiosk_config("[admin]\npin_hash = '" + interactive + "'\n", "k.toml");
    CHECK(pin.messages.empty());
    CHECK(pin.config.admin_pin_hash == interactive);
}

TEST_CASE("config: a wrong admin.pin_hash is never quoted back (it may be the PIN itself)") {
    for (const std::string text : {"[admin]\npin_hash = \"48291377\"\n", "admin.pin_hash = [\"48291377\"]\n",
                                   "admin = \"48291377\"\n", "[admin]\npin_hash = { pin = \"48291377\" }\n"}) {
        CAPTURE(text);
        ConfigLoad load = parse_kiosk_config(text, "k.toml");
        CHECK(load.messages.size() == 1);
        CHECK(joined(load.messages).find("48291377") == std::string::npos);
        CHECK(load.config.admin_pin_hash.empty());
    }
}

TEST_CASE("config: the edges of every range are accepted") {
    const char* text =
        "kiosk.prefecture = 47\n"
        "kiosk.idle_seconds = 3600\n"
        "kiosk.countdown_seconds = 300\n"
        "screen.width_mm = 50\n"
        "screen.height_mm = 3000.0\n"
        "screen.window_width = 7680\n"
        "screen.window_height = 240\n";
    ConfigLoad load = parse_kiosk_config(text, "k.toml");
    INFO(joined(load.messages));
    CHECK(load.messages.empty());
    CHECK(load.config.prefecture == 47);
    CHECK(load.config.idle_seconds == 3600);
    CHECK(load.config.countdown_seconds == 300);
    CHECK(load.config.width_mm == 50.0f);
    CHECK(load.config.height_mm == 3000.0f);
    CHECK(load.config.window_width == 7680);
    CHECK(load.config.window_height == 240);

    ConfigLoad low = parse_kiosk_config(
        "[kiosk]\nprefecture = 1\nidle_seconds = 30\ncountdown_seconds = 20\n"
        "[screen]\nwidth_mm = 3000\nheight_mm = 50\nwindow_width = 320\nwindow_height = 4320\n",
        "k.toml");
    INFO(joined(low.messages));
    CHECK(low.messages.empty());
    CHECK(low.config.prefecture == 1);
    CHECK(low.config.idle_seconds == 30);
    CHECK(low.config.window_height == 4320);
}

TEST_CASE("config: prefecture and municipality decide the region together") {
    struct Row {
        const char* text;
        int prefecture;
        const char* municipality;
    };
    const Row rows[] = {
        {"[kiosk]\nprefecture = 27\n", 27, ""},
        {"[kiosk]\nprefecture = \"01\"\n", 1, ""},
        {"[kiosk]\nprefecture = 0\n", 0, ""},
        {"[kiosk]\nprefecture = 27\nmunicipality = \"27100\"\n", 27, "27100"},
        {"[kiosk]\nprefecture = 27\nmunicipality = \"\"\n", 27, ""},
        // The municipality names its prefecture: left out (or 0), it is taken from there.
        {"[kiosk]\nmunicipality = \"13101\"\n", 13, "13101"},
        {"[kiosk]\nprefecture = 0\nmunicipality = \"011002\"\n", 1, "01100"},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.text));
        ConfigLoad load = parse_kiosk_config(r.text, "k.toml");
        INFO(joined(load.messages));
        CHECK(load.messages.empty());
        CHECK(load.config.prefecture == r.prefecture);
        CHECK(load.config.municipality == r.municipality);
    }
}

TEST_CASE("config: every bad value gets one exact message and keeps its default") {
    using Check = std::function<bool(const KioskConfig&)>;
    const KioskConfig d;
    struct Row {
        std::string text;
        std::vector<std::string> messages;
        Check ok;
    };
    const std::vector<Row> rows = {
        // --- ranges and types of numbers --------------------------------------------
        {"[kiosk]\nidle_seconds = 5\n",
         {"k.toml:2:16: kiosk.idle_seconds = 5 is out of range (30..3600); using 90"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[kiosk]\nidle_seconds = 3601\n",
         {"k.toml:2:16: kiosk.idle_seconds = 3601 is out of range (30..3600); using 90"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[kiosk]\nidle_seconds = -9223372036854775808\n",
         {"k.toml:2:16: kiosk.idle_seconds = -9223372036854775808 is out of range (30..3600); using 90"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[kiosk]\nidle_seconds = \"90\"\n",
         {"k.toml:2:16: kiosk.idle_seconds = \"90\" should be a whole number (30..3600); using 90"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[kiosk]\nidle_seconds = 60.0\n",
         {"k.toml:2:16: kiosk.idle_seconds = 60.0 should be a whole number (30..3600); using 90"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[kiosk]\ncountdown_seconds = 19\n",
         {"k.toml:2:21: kiosk.countdown_seconds = 19 is out of range (20..300); using 30"},
         [](const KioskConfig& c) { return c.countdown_seconds == 30; }},
        {"[kiosk]\ncountdown_seconds = 301\n",
         {"k.toml:2:21: kiosk.countdown_seconds = 301 is out of range (20..300); using 30"},
         [](const KioskConfig& c) { return c.countdown_seconds == 30; }},
        {"[kiosk]\ncountdown_seconds = true\n",
         {"k.toml:2:21: kiosk.countdown_seconds = true should be a whole number (20..300); using 30"},
         [](const KioskConfig& c) { return c.countdown_seconds == 30; }},
        {"[screen]\nwidth_mm = 49.5\n",
         {"k.toml:2:12: screen.width_mm = 49.5 is out of range (50..3000); using 527"},
         [](const KioskConfig& c) { return c.width_mm == 527.0f; }},
        {"[screen]\nwidth_mm = nan\n",
         {"k.toml:2:12: screen.width_mm = nan is out of range (50..3000); using 527"},
         [](const KioskConfig& c) { return c.width_mm == 527.0f; }},
        {"[screen]\nheight_mm = inf\n",
         {"k.toml:2:13: screen.height_mm = inf is out of range (50..3000); using 296"},
         [](const KioskConfig& c) { return c.height_mm == 296.0f; }},
        {"[screen]\nheight_mm = 3001\n",
         {"k.toml:2:13: screen.height_mm = 3001 is out of range (50..3000); using 296"},
         [](const KioskConfig& c) { return c.height_mm == 296.0f; }},
        {"[screen]\nheight_mm = \"296mm\"\n",
         {"k.toml:2:13: screen.height_mm = \"296mm\" should be a number of millimetres (50..3000); using 296"},
         [](const KioskConfig& c) { return c.height_mm == 296.0f; }},
        {"[screen]\nwindow_width = 100\n",
         {"k.toml:2:16: screen.window_width = 100 is out of range (320..7680); using 1920"},
         [](const KioskConfig& c) { return c.window_width == 1920; }},
        {"[screen]\nwindow_height = 5000\n",
         {"k.toml:2:17: screen.window_height = 5000 is out of range (240..4320); using 1080"},
         [](const KioskConfig& c) { return c.window_height == 1080; }},
        {"[screen]\nfullscreen = \"yes\"\n",
         {"k.toml:2:14: screen.fullscreen = \"yes\" should be true or false; using true"},
         [](const KioskConfig& c) { return c.fullscreen; }},
        {"[screen]\nfullscreen = 0\n",
         {"k.toml:2:14: screen.fullscreen = 0 should be true or false; using true"},
         [](const KioskConfig& c) { return c.fullscreen; }},
        // --- strings -----------------------------------------------------------------
        {"[bundle]\ncatalogue = 5\n",
         {"k.toml:2:13: bundle.catalogue = 5 should be a file path in quotes; using the store's current bundle"},
         [&](const KioskConfig& c) { return c.catalogue.empty(); }},
        {"[bundle]\ncatalogue = \"/tmp/a\\u0000b\"\n",
         {"k.toml:2:13: bundle.catalogue = \"/tmp/a\\u0000b\" contains a NUL character; using the store's current "
          "bundle"},
         [&](const KioskConfig& c) { return c.catalogue.empty(); }},
        // --- [bundle] store ------------------------------------------------------------
        {"[bundle]\nstore = \"madoguchi\"\n",
         {"k.toml:2:9: bundle.store = \"madoguchi\" is not an absolute path (it must start with /); using "
          "\"/var/lib/madoguchi\""},
         [&](const KioskConfig& c) { return c.store == d.store; }},
        {"[bundle]\nstore = \"./store\"\n",
         {"k.toml:2:9: bundle.store = \"./store\" is not an absolute path (it must start with /); using "
          "\"/var/lib/madoguchi\""},
         [&](const KioskConfig& c) { return c.store == d.store; }},
        {"[bundle]\nstore = \"\"\n",
         {"k.toml:2:9: bundle.store is empty; using \"/var/lib/madoguchi\""},
         [&](const KioskConfig& c) { return c.store == d.store; }},
        {"[bundle]\nstore = [\"/srv\"]\n",
         {"k.toml:2:9: bundle.store = [\"/srv\"] should be an absolute path in quotes; using \"/var/lib/madoguchi\""},
         [&](const KioskConfig& c) { return c.store == d.store; }},
        {"[bundle]\nstore = \"/srv/a\\u0000b\"\n",
         {"k.toml:2:9: bundle.store = \"/srv/a\\u0000b\" contains a NUL character; using \"/var/lib/madoguchi\""},
         [&](const KioskConfig& c) { return c.store == d.store; }},
        // --- [bundle] trusted_keys: wrong elements are left out one by one -------------
        {"[bundle]\ntrusted_keys = [\"/etc/a.pub\", \"keys/b.pub\", 7, \"\", \"/etc/a.pub\", \"/etc/c\\u0000.pub\", \"/etc/d.pub\"]\n",
         {"k.toml:2:31: bundle.trusted_keys: \"keys/b.pub\" is not an absolute path (it must start with /); it is left out",
          "k.toml:2:45: bundle.trusted_keys: 7 is not a path in quotes; it is left out",
          "k.toml:2:48: bundle.trusted_keys: \"\" is not an absolute path (it must start with /); it is left out",
          "k.toml:2:52: bundle.trusted_keys: \"/etc/a.pub\" is listed twice; the second is left out",
          "k.toml:2:66: bundle.trusted_keys: \"/etc/c\\u0000.pub\" contains a NUL character; it is left out"},
         [](const KioskConfig& c) { return c.trusted_keys == std::vector<std::string>{"/etc/a.pub", "/etc/d.pub"}; }},
        {"[bundle]\ntrusted_keys = []\n",
         {"k.toml:2:16: bundle.trusted_keys = [] leaves no key to trust, so no bundle could be shown; using the default "
          "list (\"/etc/madoguchi/publisher.pub\")"},
         [&](const KioskConfig& c) { return c.trusted_keys == d.trusted_keys; }},
        {"[bundle]\ntrusted_keys = [\"publisher.pub\"]\n",
         {"k.toml:2:16: bundle.trusted_keys = [\"publisher.pub\"] leaves no key to trust, so no bundle could be shown; "
          "using the default list (\"/etc/madoguchi/publisher.pub\")",
          "k.toml:2:17: bundle.trusted_keys: \"publisher.pub\" is not an absolute path (it must start with /); it is "
          "left out"},
         [&](const KioskConfig& c) { return c.trusted_keys == d.trusted_keys; }},
        {"[bundle]\ntrusted_keys = \"/etc/madoguchi/osaka.pub\"\n",
         {"k.toml:2:16: bundle.trusted_keys = \"/etc/madoguchi/osaka.pub\" should be a list of absolute paths such as "
          "[\"/etc/madoguchi/publisher.pub\"]; using the default list (\"/etc/madoguchi/publisher.pub\")"},
         [&](const KioskConfig& c) { return c.trusted_keys == d.trusted_keys; }},
        // --- [bundle] watch: an empty list is allowed (nothing watched) ----------------
        {"[bundle]\nwatch = []\n", {}, [](const KioskConfig& c) { return c.watch.empty(); }},
        {"[bundle]\nwatch = [\"media\", \"/srv/inbox\", \"/srv/inbox\", true]\n",
         {"k.toml:2:10: bundle.watch: \"media\" is not an absolute path (it must start with /); it is left out",
          "k.toml:2:33: bundle.watch: \"/srv/inbox\" is listed twice; the second is left out",
          "k.toml:2:47: bundle.watch: true is not a path in quotes; it is left out"},
         [](const KioskConfig& c) { return c.watch == std::vector<std::string>{"/srv/inbox"}; }},
        {"[bundle]\nwatch = [\"media\"]\n",
         {"k.toml:2:10: bundle.watch: \"media\" is not an absolute path (it must start with /); it is left out"},
         [](const KioskConfig& c) { return c.watch.empty(); }},
        {"[bundle]\nwatch = \"/media\"\n",
         {"k.toml:2:9: bundle.watch = \"/media\" should be a list of absolute paths such as [\"/media\"]; using the "
          "default list (\"/media\", \"/var/lib/madoguchi/inbox\")"},
         [&](const KioskConfig& c) { return c.watch == d.watch; }},
        // --- [admin] pin_hash: the value is never quoted back (it may be the PIN) ------
        {"[admin]\npin_hash = \"482913\"\n",
         {"k.toml:2:12: " + kPinHashMessage},
         [](const KioskConfig& c) { return c.admin_pin_hash.empty(); }},
        {"[admin]\npin_hash = 482913\n",
         {"k.toml:2:12: " + kPinHashMessage},
         [](const KioskConfig& c) { return c.admin_pin_hash.empty(); }},
        {"[admin]\npin_hash = \"" + kPinHash.substr(0, kPinHash.size() - 1) + "\"\n",
         {"k.toml:2:12: " + kPinHashMessage},
         [](const KioskConfig& c) { return c.admin_pin_hash.empty(); }},
        {"[admin]\npin_hash = \"$argon2i$" + kPinHash.substr(10) + "\"\n",
         {"k.toml:2:12: " + kPinHashMessage},
         [](const KioskConfig& c) { return c.admin_pin_hash.empty(); }},
        {"[admin]\npin_hash = \" " + kPinHash + "\"\n",
         {"k.toml:2:12: " + kPinHashMessage},
         [](const KioskConfig& c) { return c.admin_pin_hash.empty(); }},
        {"[admin]\npin = \"482913\"\n",
         {"k.toml:2:1: unknown key admin.pin is ignored (the keys of [admin] are pin_hash)"},
         [&](const KioskConfig& c) { return c == d; }},
        {"[admin]\npin_hsah = \"482913\"\n",
         {"k.toml:2:1: unknown key admin.pin_hsah is ignored (did you mean admin.pin_hash?)"},
         [&](const KioskConfig& c) { return c == d; }},
        {"admin = \"482913\"\n",
         {"k.toml:1:1: admin = … should be a table ([admin]); it is ignored"},
         [&](const KioskConfig& c) { return c == d; }},
        // --- unknown keys and tables (probably typos) ---------------------------------
        {"[kiosk]\nidle_second = 60\n",
         {"k.toml:2:1: unknown key kiosk.idle_second is ignored (did you mean kiosk.idle_seconds?)"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[kiosk]\ncolour = \"blue\"\n",
         {"k.toml:2:1: unknown key kiosk.colour is ignored (the keys of [kiosk] are prefecture, municipality, "
          "languages, default_language, idle_seconds, countdown_seconds)"},
         [&](const KioskConfig& c) { return c == d; }},
        {"[screen]\nidle_seconds = 60\n",
         {"k.toml:2:1: unknown key screen.idle_seconds is ignored (did you mean kiosk.idle_seconds?)"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[kiosk.extra]\na = 1\n",
         {"k.toml:1:8: unknown table [kiosk.extra] is ignored (the keys of [kiosk] are prefecture, municipality, "
          "languages, default_language, idle_seconds, countdown_seconds)"},
         [&](const KioskConfig& c) { return c == d; }},
        {"idle_seconds = 60\n",
         {"k.toml:1:1: unknown key idle_seconds is ignored (did you mean kiosk.idle_seconds?)"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"brightness = 3\n",
         {"k.toml:1:1: unknown key brightness is ignored (keys belong in the tables " + kTables + ")"},
         [&](const KioskConfig& c) { return c == d; }},
        {"[admn]\npin_hash = \"\"\n",
         {"k.toml:1:2: unknown table [admn] is ignored (did you mean [admin]?)"},
         [&](const KioskConfig& c) { return c == d; }},
        {"[kiosks]\nidle_seconds = 60\n",
         {"k.toml:1:2: unknown table [kiosks] is ignored (did you mean [kiosk]?)"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        {"[scanner]\ndevice = \"/dev/usb/lp0\"\n",
         {"k.toml:1:2: unknown table [scanner] is ignored (the tables are " + kTables + ")"},
         [&](const KioskConfig& c) { return c == d; }},
        {"kiosk = 5\n",
         {"k.toml:1:1: kiosk = 5 should be a table ([kiosk]); it is ignored"},
         [&](const KioskConfig& c) { return c == d; }},
        {"[[screen]]\nfullscreen = false\n",
         {"k.toml:1:3: screen = [{…}] should be a table ([screen]); it is ignored"},
         [](const KioskConfig& c) { return c.fullscreen; }},
        {"[kiosk]\n\"idle seconds\" = 60\n",
         {"k.toml:2:1: unknown key kiosk.\"idle seconds\" is ignored (did you mean kiosk.idle_seconds?)"},
         [](const KioskConfig& c) { return c.idle_seconds == 90; }},
        // --- languages -----------------------------------------------------------------
        {"[kiosk]\nlanguages = [\"ja\", \"fr\", \"en\"]\n",
         {"k.toml:2:20: kiosk.languages: \"fr\" is not a language this kiosk knows (" + kAllLanguages +
          "); it is left out"},
         [](const KioskConfig& c) { return c.languages == std::vector<std::string>{"ja", "en"}; }},
        {"[kiosk]\nlanguages = [\"en\", \"ja\", \"EN\"]\n",
         {"k.toml:2:26: kiosk.languages: \"EN\" is listed twice; the second is left out"},
         [](const KioskConfig& c) { return c.languages == std::vector<std::string>{"en", "ja"}; }},
        {"[kiosk]\nlanguages = [\"ja\", 5]\n",
         {"k.toml:2:20: kiosk.languages: 5 is not a language code; it is left out"},
         [](const KioskConfig& c) { return c.languages == std::vector<std::string>{"ja"}; }},
        {"[kiosk]\nlanguages = []\n",
         {"k.toml:2:13: kiosk.languages = [] leaves no language to offer; using the default list (" + kAllLanguages + ")"},
         [&](const KioskConfig& c) { return c.languages == d.languages; }},
        {"[kiosk]\nlanguages = [\"xx\"]\n",
         {"k.toml:2:13: kiosk.languages = [\"xx\"] leaves no language to offer; using the default list (" +
              kAllLanguages + ")",
          "k.toml:2:14: kiosk.languages: \"xx\" is not a language this kiosk knows (" + kAllLanguages +
              "); it is left out"},
         [&](const KioskConfig& c) { return c.languages == d.languages && c.default_language == "ja"; }},
        {"[kiosk]\nlanguages = \"ja\"\n",
         {"k.toml:2:13: kiosk.languages = \"ja\" should be a list such as [\"ja\", \"en\"]; using the default list (" +
          kAllLanguages + ")"},
         [&](const KioskConfig& c) { return c.languages == d.languages; }},
        // --- default_language -----------------------------------------------------------
        {"[kiosk]\nlanguages = [\"ja\", \"en\"]\ndefault_language = \"ko\"\n",
         {"k.toml:3:20: kiosk.default_language = \"ko\" is not among kiosk.languages; using \"ja\""},
         [](const KioskConfig& c) { return c.default_language == "ja"; }},
        {"[kiosk]\ndefault_language = \"fr\"\n",
         {"k.toml:2:20: kiosk.default_language = \"fr\" is not among kiosk.languages; using \"ja\""},
         [](const KioskConfig& c) { return c.default_language == "ja"; }},
        {"[kiosk]\nlanguages = [\"en\", \"ko\"]\ndefault_language = \"ja\"\n",
         {"k.toml:3:20: kiosk.default_language = \"ja\" is not among kiosk.languages; using \"en\""},
         [](const KioskConfig& c) { return c.default_language == "en"; }},
        {"[kiosk]\ndefault_language = [\"ja\"]\n",
         {"k.toml:2:20: kiosk.default_language = [\"ja\"] should be a language code in quotes, such as \"ja\"; using \"ja\""},
         [](const KioskConfig& c) { return c.default_language == "ja"; }},
        // Without default_language, a list without ja starts in its first language, quietly.
        {"[kiosk]\nlanguages = [\"vi\", \"en\"]\n", {},
         [](const KioskConfig& c) { return c.default_language == "vi"; }},
        // --- prefecture and municipality ----------------------------------------------
        {"[kiosk]\nprefecture = 48\n",
         {"k.toml:2:14: kiosk.prefecture = 48 " + kPrefectureRule + "; using 0"},
         [](const KioskConfig& c) { return c.prefecture == 0; }},
        {"[kiosk]\nprefecture = -1\n",
         {"k.toml:2:14: kiosk.prefecture = -1 " + kPrefectureRule + "; using 0"},
         [](const KioskConfig& c) { return c.prefecture == 0; }},
        {"[kiosk]\nprefecture = \"7\"\n",
         {"k.toml:2:14: kiosk.prefecture = \"7\" " + kPrefectureRule + "; using 0"},
         [](const KioskConfig& c) { return c.prefecture == 0; }},
        {"[kiosk]\nprefecture = \"00\"\n",
         {"k.toml:2:14: kiosk.prefecture = \"00\" " + kPrefectureRule + "; using 0"},
         [](const KioskConfig& c) { return c.prefecture == 0; }},
        {"[kiosk]\nprefecture = \"大阪府\"\n",
         {"k.toml:2:14: kiosk.prefecture = \"大阪府\" " + kPrefectureRule + "; using 0"},
         [](const KioskConfig& c) { return c.prefecture == 0; }},
        {"[kiosk]\nprefecture = 27.0\n",
         {"k.toml:2:14: kiosk.prefecture = 27.0 " + kPrefectureRule + "; using 0"},
         [](const KioskConfig& c) { return c.prefecture == 0; }},
        {"[kiosk]\nprefecture = 99\nmunicipality = \"27100\"\n",
         {"k.toml:2:14: kiosk.prefecture = 99 " + kPrefectureRule + "; using 27 (大阪府) from kiosk.municipality"},
         [](const KioskConfig& c) { return c.prefecture == 27 && c.municipality == "27100"; }},
        {"[kiosk]\nprefecture = 27\nmunicipality = \"13101\"\n",
         {"k.toml:3:16: kiosk.municipality = \"13101\" is not in kiosk.prefecture = 27 (大阪府) but in 13 (東京都); "
          "using none"},
         [](const KioskConfig& c) { return c.prefecture == 27 && c.municipality.empty(); }},
        {"[kiosk]\nprefecture = 27\nmunicipality = \"2710\"\n",
         {"k.toml:3:16: kiosk.municipality: municipality code \"2710\" must be 5 digits, or 6 with the check digit; "
          "using none"},
         [](const KioskConfig& c) { return c.prefecture == 27 && c.municipality.empty(); }},
        {"[kiosk]\nmunicipality = \"271005\"\n",
         {"k.toml:2:16: kiosk.municipality: municipality code \"271005\" has a wrong check digit (expected 4); "
          "check the code; using none"},
         [](const KioskConfig& c) { return c.prefecture == 0 && c.municipality.empty(); }},
        {"[kiosk]\nmunicipality = \"48100\"\n",
         {"k.toml:2:16: kiosk.municipality: municipality code \"48100\" does not start with a prefecture code 01-47; "
          "using none"},
         [](const KioskConfig& c) { return c.prefecture == 0 && c.municipality.empty(); }},
        {"[kiosk]\nprefecture = 27\nmunicipality = 27100\n",
         {"k.toml:3:16: kiosk.municipality = 27100 should be a code in quotes, such as \"27100\"; using none"},
         [](const KioskConfig& c) { return c.prefecture == 27 && c.municipality.empty(); }},
    };
    for (const Row& r : rows) {
        CAPTURE(r.text);
        ConfigLoad load = parse_kiosk_config(r.text, "k.toml");
        CHECK(joined(load.messages) == joined(r.messages));
        CHECK(r.ok(load.config));
    }
}

TEST_CASE("config: every problem is reported at once, in file order, and the good values are kept") {
    const char* text =
        "[screen]\n"
        "window_width = 10\n"
        "fullscreen = false\n"
        "[kiosk]\n"
        "idle_seconds = 45\n"
        "countdown_seconds = 5\n"
        "languagse = [\"en\"]\n";
    ConfigLoad load = parse_kiosk_config(text, "/etc/madoguchi/madoguchi.toml");
    CHECK(joined(load.messages) ==
          "/etc/madoguchi/madoguchi.toml:2:16: screen.window_width = 10 is out of range (320..7680); using 1920\n"
          "/etc/madoguchi/madoguchi.toml:6:21: kiosk.countdown_seconds = 5 is out of range (20..300); using 30\n"
          "/etc/madoguchi/madoguchi.toml:7:1: unknown key kiosk.languagse is ignored (did you mean kiosk.languages?)\n");
    CHECK_FALSE(load.config.fullscreen);
    CHECK(load.config.idle_seconds == 45);
    CHECK(load.config.countdown_seconds == 30);
    CHECK(load.config.window_width == 1920);
}

TEST_CASE("config: columns count characters, and a BOM or CRLF does not shift them") {
    // "言語" is two characters (six bytes): the column of 5 is 39, not 43.
    ConfigLoad inline_table = parse_kiosk_config("kiosk = { \"言語\" = \"ja\", idle_seconds = 5 }\n", "k.toml");
    CHECK(joined(inline_table.messages) ==
          "k.toml:1:11: unknown key kiosk.\"言語\" is ignored (the keys of [kiosk] are prefecture, municipality, "
          "languages, default_language, idle_seconds, countdown_seconds)\n"
          "k.toml:1:39: kiosk.idle_seconds = 5 is out of range (30..3600); using 90\n");

    ConfigLoad bom = parse_kiosk_config("\xEF\xBB\xBF[kiosk]\r\nidle_seconds = 5\r\n", "k.toml");
    CHECK(joined(bom.messages) == "k.toml:2:16: kiosk.idle_seconds = 5 is out of range (30..3600); using 90\n");
}

TEST_CASE("config: a file that is not valid TOML costs the whole file: every setting is the default") {
    struct Row {
        std::string text;
        std::string message;
    };
    const Row rows[] = {
        {"[kiosk]\nidle_seconds = 120\nlanguages = [\"ja\", \"en\"\n",
         "k.toml:3:25: not valid TOML: error while parsing array: encountered end-of-file; using the built-in defaults"},
        {"[kiosk]\nidle_seconds = 120\nidle_seconds = 150\n",
         "k.toml:3:16: not valid TOML: error while parsing key-value pair: cannot redefine existing integer "
         "'idle_seconds'; using the built-in defaults"},
        {"[kiosk\nidle_seconds = 120\n",
         "k.toml:1:7: not valid TOML: error while parsing table header: expected ']', saw '\\n'; using the built-in "
         "defaults"},
        {"[screen]\nfullscreen = no\n",
         "k.toml:2:15: not valid TOML: error while parsing floating-point: expected 'nan', saw 'no'; using the "
         "built-in defaults"},
        {"idle_seconds: 120\n",
         "k.toml:1:13: not valid TOML: error while parsing key-value pair: expected '=', saw ':'; using the built-in "
         "defaults"},
    };
    for (const Row& r : rows) {
        CAPTURE(r.text);
        ConfigLoad load = parse_kiosk_config(r.text, "k.toml");
        CHECK(joined(load.messages) == r.message + "\n");
        CHECK(load.config == KioskConfig{});
        CHECK(load.file_found);
    }
}

TEST_CASE("config: hostile input never throws and never crashes") {
    std::vector<std::string> inputs = {
        std::string("\0\0\0", 3),
        "\xFF\xFE[kiosk]",
        "[kiosk]\nidle_seconds = \"\xC3\x28\"\n",       // invalid UTF-8 in a string
        "a = " + std::string(100000, '['),              // nesting far beyond any limit
        "a = " + std::string(100000, '{'),
        std::string(2 << 20, '#'),                       // 2 MiB: too large for a settings file
        "[kiosk]\nlanguages = [" + std::string(5000, '[') + "]\n",
    };
    for (const std::string& in : inputs) {
        ConfigLoad load;
        CHECK_NOTHROW(load = parse_kiosk_config(in, "k.toml"));
        CHECK(load.config == KioskConfig{});
        CHECK(load.messages.size() == 1);
    }
    ConfigLoad big = parse_kiosk_config(std::string(2 << 20, '#'), "k.toml");
    CHECK(joined(big.messages) ==
          "k.toml: is larger than 1 MiB, too large for a settings file; using the built-in defaults\n");
}

TEST_CASE("config: load_kiosk_config reads files; a missing file is quietly the defaults") {
    madoguchi::test::TempDir dir;

    ConfigLoad missing = load_kiosk_config(dir.file("nothing-here.toml"));
    CHECK_FALSE(missing.file_found);
    CHECK(missing.messages.empty());
    CHECK(missing.config == KioskConfig{});

    dir.write("madoguchi.toml", "[kiosk]\nprefecture = 13\nidle_seconds = 10\n");
    ConfigLoad found = load_kiosk_config(dir.file("madoguchi.toml"));
    CHECK(found.file_found);
    CHECK(found.config.prefecture == 13);
    CHECK(joined(found.messages) ==
          dir.file("madoguchi.toml") + ":3:16: kiosk.idle_seconds = 10 is out of range (30..3600); using 90\n");

    // A folder where the file should be: said plainly, defaults used.
    ConfigLoad folder = load_kiosk_config(dir.str());
    CHECK(folder.file_found);
    CHECK(joined(folder.messages) == dir.str() + ": cannot be read (Is a directory); using the built-in defaults\n");
    CHECK(folder.config == KioskConfig{});
}

TEST_CASE("config: the shipped assets/madoguchi.toml is the defaults, has every key, and docs/config.md lists them") {
    const std::string path = std::string(MADOGUCHI_ASSETS_DIR) + "/madoguchi.toml";
    ConfigLoad load = load_kiosk_config(path);
    CHECK(load.file_found);
    INFO(joined(load.messages));
    CHECK(load.messages.empty());
    CHECK(load.config == KioskConfig{});

    const std::string example = read_text(path);
    const std::string docs = read_text(std::string(MADOGUCHI_ASSETS_DIR) + "/../docs/config.md");
    REQUIRE_FALSE(docs.empty());
    for (const std::string& full : kAllKeys) {
        CAPTURE(full);
        const std::string table = full.substr(0, full.find('.'));
        const std::string key = full.substr(full.find('.') + 1);
        // Written as `key = …` in the example (`# key = …` for keys whose default
        // is nothing), after its [table] header.
        const bool commented =
            std::find(kCommentedOutKeys.begin(), kCommentedOutKeys.end(), full) != kCommentedOutKeys.end();
        const size_t header = example.find("\n[" + table + "]\n");
        REQUIRE(header != std::string::npos);
        const size_t line = example.find("\n" + std::string(commented ? "# " : "") + key + " = ", header);
        CHECK(line != std::string::npos);
        const size_t next_header = example.find("\n[", header + 1);
        CHECK((next_header == std::string::npos || line < next_header));
        // Documented by its full name.
        CHECK(docs.find("`" + full + "`") != std::string::npos);
    }
}

TEST_CASE("config: screen.layout takes auto, top or bottom") {
    for (const char* v : {"auto", "top", "bottom"}) {
        auto ok = madoguchi::core::parse_kiosk_config(std::string("[screen]\nlayout = \"") + v + "\"\n", "s.toml");
        CHECK(ok.messages.empty());
        CHECK(to_string(ok.config.layout) == v);
    }
    auto bad = madoguchi::core::parse_kiosk_config("[screen]\nlayout = \"portrait\"\n", "s.toml");
    REQUIRE(bad.messages.size() == 1);
    CHECK(bad.messages[0] ==
          "s.toml:2:10: screen.layout = \"portrait\" should be one of \"auto\", \"top\", \"bottom\"; using \"auto\" (bottom-weighted on a tall screen)");
    CHECK(bad.config.layout == Layout::automatic);
}

TEST_CASE("config: screen.large_text is true or false, default false") {
    CHECK_FALSE(KioskConfig{}.large_text);
    auto on = parse_kiosk_config("[screen]\nlarge_text = true\n", "s.toml");
    CHECK(on.messages.empty());
    CHECK(on.config.large_text);
    auto off = parse_kiosk_config("[screen]\nlarge_text = false\n", "s.toml");
    CHECK(off.messages.empty());
    CHECK_FALSE(off.config.large_text);
    auto bad = parse_kiosk_config("[screen]\nlarge_text = \"yes\"\n", "s.toml");
    REQUIRE(bad.messages.size() == 1);
    CHECK(bad.messages[0] == "s.toml:2:14: screen.large_text = \"yes\" should be true or false; using false");
    CHECK_FALSE(bad.config.large_text);
}

TEST_CASE("config: layout and printer kind names round-trip, exactly as written") {
    for (Layout l : {Layout::automatic, Layout::top, Layout::bottom}) CHECK(parse_layout(to_string(l)) == l);
    for (PrinterKind k : {PrinterKind::none, PrinterKind::device, PrinterKind::tcp, PrinterKind::png, PrinterKind::pbm})
        CHECK(parse_printer_kind(to_string(k)) == k);
    // The file's words only: no other case, no spaces, no empty value.
    CHECK_FALSE(parse_layout("Auto"));
    CHECK_FALSE(parse_layout("automatic"));
    CHECK_FALSE(parse_layout(""));
    CHECK_FALSE(parse_printer_kind("TCP"));
    CHECK_FALSE(parse_printer_kind(" tcp"));
    CHECK_FALSE(parse_printer_kind(""));
}

TEST_CASE("config: the [printer] table") {
    auto ok = madoguchi::core::parse_kiosk_config("[printer]\nkind = \"tcp\"\ntarget = \"127.0.0.1:9100\"\ndots = 384\ntimeout_ms = 500\n", "p.toml");
    CHECK(ok.messages.empty());
    CHECK(ok.config.printer_kind == PrinterKind::tcp);
    CHECK(ok.config.printer_target == "127.0.0.1:9100");
    CHECK(ok.config.printer_dots == 384);
    CHECK(ok.config.printer_timeout_ms == 500);
    auto bad = madoguchi::core::parse_kiosk_config("[printer]\nkind = \"cups\"\n", "p.toml");
    REQUIRE(bad.messages.size() == 1);
    CHECK(bad.messages[0] == "p.toml:2:8: printer.kind = \"cups\" should be one of \"none\", \"device\", \"tcp\", \"png\", \"pbm\"; using \"none\" (no printing)");
    CHECK(bad.config.printer_kind == PrinterKind::none);
    auto pbm = madoguchi::core::parse_kiosk_config("[printer]\nkind = \"pbm\"\ntarget = \"/tmp/slip.pbm\"\n", "p.toml");
    CHECK(pbm.messages.empty());
    CHECK(pbm.config.printer_kind == PrinterKind::pbm);
    auto no_target = madoguchi::core::parse_kiosk_config("[printer]\nkind = \"device\"\n", "p.toml");
    REQUIRE(no_target.messages.size() == 1);
    CHECK(no_target.messages[0].find("needs printer.target; printing is off") != std::string::npos);
    CHECK(no_target.config.printer_kind == PrinterKind::none);
}

TEST_CASE("config: the [fleet] table") {
    auto ok = madoguchi::core::parse_kiosk_config(
        "[fleet]\nstatus_file = \"/srv/st/status.json\"\nkiosk_id = \"osaka-042 薬局\"\nstatus_interval_seconds = 60\n", "f.toml");
    CHECK(ok.messages.empty());
    CHECK(ok.config.status_file == "/srv/st/status.json");
    CHECK(ok.config.kiosk_id == "osaka-042 薬局");
    CHECK(ok.config.status_interval_seconds == 60);
    auto none = madoguchi::core::parse_kiosk_config("[fleet]\nstatus_file = \"\"\n", "f.toml");
    CHECK(none.messages.empty());
    CHECK(none.config.status_file.empty());
    auto bad = madoguchi::core::parse_kiosk_config(
        "[fleet]\nstatus_file = \"status.json\"\nkiosk_id = \"a\\nb\"\nstatus_interval_seconds = 1\n", "f.toml");
    REQUIRE(bad.messages.size() == 3);
    CHECK(bad.messages[0] ==
          "f.toml:2:15: fleet.status_file = \"status.json\" is not an absolute path (it must start with /); using "
          "\"/var/lib/madoguchi/status/status.json\"");
    CHECK(bad.messages[1] == "f.toml:3:12: fleet.kiosk_id = \"a\\u000Ab\" should be one line of at most 64 bytes in quotes; using none");
    CHECK(bad.messages[2] == "f.toml:4:27: fleet.status_interval_seconds = 1 is out of range (10..86400); using 900");
    CHECK(bad.config == KioskConfig{});
    auto folder = madoguchi::core::parse_kiosk_config("[fleet]\nstatus_file = \"/var/lib/madoguchi/status/\"\n", "f.toml");
    REQUIRE(folder.messages.size() == 1);
    CHECK(folder.config.status_file == KioskConfig{}.status_file);
}

TEST_CASE("config: the [keys] lines in assets/madoguchi.toml are the built-in layout") {
    // Uncommented, they change nothing: the example documents the real defaults.
    std::string example = read_text(std::string(MADOGUCHI_ASSETS_DIR) + "/madoguchi.toml");
    const size_t at = example.find("\n[keys]\n");
    REQUIRE(at != std::string::npos);
    std::string keys = "[keys]\n";
    size_t lines = 0;
    for (size_t p = example.find("\n# ", at); p != std::string::npos; p = example.find("\n# ", p + 1)) {
        const size_t end = example.find('\n', p + 1);
        const std::string line = example.substr(p + 3, end == std::string::npos ? std::string::npos : end - p - 3);
        if (line.find(" = [") == std::string::npos) continue;
        keys += line + "\n";
        ++lines;
    }
    CHECK(lines == 14);
    const ConfigLoad load = parse_kiosk_config(keys, "keys.toml");
    INFO(joined(load.messages));
    CHECK(load.messages.empty());
    CHECK(load.config.keys.size() == 14);
    CHECK(madoguchi::core::key_bindings(load.config.keys) == madoguchi::core::key_bindings({}));
}

TEST_CASE("config: the [speech] table") {
    auto ok = madoguchi::core::parse_kiosk_config(
        "[speech]\nenabled = false\nprivate_device = true\nvolume = 0\nrate = 0.5\n"
        "jtalk_dictionary = \"/opt/dic\"\njtalk_voice = \"/opt/v.htsvoice\"\n", "s.toml");
    CHECK(ok.messages.empty());
    CHECK_FALSE(ok.config.speech_enabled);
    CHECK(ok.config.speech_private_device);
    CHECK(ok.config.speech_volume == 0);
    CHECK(ok.config.speech_rate == 0.5f);
    CHECK(ok.config.jtalk_dictionary == "/opt/dic");
    CHECK(ok.config.jtalk_voice == "/opt/v.htsvoice");
    auto edges = madoguchi::core::parse_kiosk_config("[speech]\nvolume = 10\nrate = 2\njtalk_voice = \"\"\n", "s.toml");
    CHECK(edges.messages.empty());
    CHECK(edges.config.speech_volume == 10);
    CHECK(edges.config.speech_rate == 2.0f);
    CHECK(edges.config.jtalk_voice.empty());

    auto bad = madoguchi::core::parse_kiosk_config(
        "[speech]\nenabled = \"yes\"\nprivate_device = 1\nvolume = 11\nrate = 2.5\n"
        "jtalk_dictionary = \"dic\"\njtalk_voice = 3\nvoice = \"x\"\n", "s.toml");
    REQUIRE(bad.messages.size() == 7);
    CHECK(bad.messages[0] == "s.toml:2:11: speech.enabled = \"yes\" should be true or false; using true");
    CHECK(bad.messages[1] == "s.toml:3:18: speech.private_device = 1 should be true or false; using false");
    CHECK(bad.messages[2] == "s.toml:4:10: speech.volume = 11 is out of range (0..10); using 6");
    CHECK(bad.messages[3] == "s.toml:5:8: speech.rate = 2.5 is out of range (0.5..2); using 1");
    CHECK(bad.messages[4] ==
          "s.toml:6:20: speech.jtalk_dictionary = \"dic\" is not an absolute path (it must start with /); using the Debian package's");
    CHECK(bad.messages[5] ==
          "s.toml:7:15: speech.jtalk_voice = 3 should be an absolute path in quotes, or \"\" for the default; using the Debian package's");
    CHECK(bad.messages[6].starts_with("s.toml:8:1: unknown key speech.voice is ignored ("));
    CHECK(bad.config == KioskConfig{});
    auto word = madoguchi::core::parse_kiosk_config("[speech]\nrate = \"slow\"\n", "s.toml");
    REQUIRE(word.messages.size() == 1);
    CHECK(word.messages[0] == "s.toml:2:8: speech.rate = \"slow\" should be a number (0.5..2; 1 = normal speed); using 1");
}
