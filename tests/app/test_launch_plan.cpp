// SPDX-License-Identifier: Apache-2.0
// test_launch_plan.cpp — the kiosk's command line and settings → what it runs
// (kiosk/app/launch_plan.hpp): every option, its errors, which option wins over
// which setting, what only a test script may do, and what the hardening leaves
// writable.
#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "launch_plan.hpp"

using namespace madoguchi;
using app::Exit;
using app::LaunchPlan;
using app::Options;

namespace {

const std::string kAssets = "/usr/share/madoguchi";

std::variant<Options, Exit> parse(std::initializer_list<std::string> args) {
    const std::vector<std::string> v(args);
    return app::parse_options(v);
}

Options options(std::initializer_list<std::string> args) {
    auto r = parse(args);
    REQUIRE(std::holds_alternative<Options>(r));
    return std::get<Options>(r);
}

Exit exit_of(std::initializer_list<std::string> args) {
    auto r = parse(args);
    REQUIRE(std::holds_alternative<Exit>(r));
    return std::get<Exit>(r);
}

// A config as read from `toml` (an empty text: a file with nothing in it).
core::ConfigLoad config(const std::string& toml = "") { return core::parse_kiosk_config(toml, "k.toml"); }

core::ConfigLoad no_file() { return core::ConfigLoad{}; }

LaunchPlan plan(std::initializer_list<std::string> args, core::ConfigLoad c = config()) {
    return app::plan_from(options(args), std::move(c), kAssets);
}

bool writable(const LaunchPlan& p, const std::string& path) {
    const auto& w = p.hardening.writable;
    return std::find(w.begin(), w.end(), path) != w.end();
}

}  // namespace

TEST_CASE("launch: no options — the installed kiosk, fullscreen, from the default config") {
    const Options o = options({});
    CHECK(o.config_path == "/etc/madoguchi/madoguchi.toml");
    CHECK_FALSE(o.config_given);
    CHECK(o.screenshots == ".");
    const LaunchPlan p = app::plan_from(o, no_file(), kAssets);
    CHECK(p.messages.empty());  // no default file is normal
    CHECK(p.config == core::KioskConfig{});
    CHECK(p.assets_dir == kAssets);
    CHECK(p.script.empty());
    CHECK(p.window.fullscreen);
    CHECK(p.window.width == 1920);
    CHECK(p.window.height == 1080);
    CHECK_FALSE(p.notify.disabled);
    CHECK_FALSE(p.notify.watchdog_for_parent);
    CHECK(p.fonts.cjk_path.empty());
    CHECK_FALSE(p.development);
    CHECK(p.status_dir == "/var/lib/madoguchi/status");
    CHECK(p.hardening.writable == std::vector<std::string>{"/var/lib/madoguchi", "/var/lib/madoguchi/status"});
    CHECK_FALSE(p.hardening.allow_tcp_printer);
    // Speech (on by default) runs Open JTalk: the one program the kiosk may execute.
    CHECK(p.hardening.executable == std::vector<std::string>{"/usr/bin/open_jtalk"});
    CHECK(p.speech.enabled);
    CHECK_FALSE(p.speech.private_device);
    CHECK(p.speech.volume == 6);
    CHECK(p.speech.jtalk.voice.empty());  // the Debian location
}

TEST_CASE("launch: --help, -h and --version end the program with code 0") {
    for (const char* h : {"--help", "-h"}) {
        const Exit e = exit_of({h});
        CHECK(e.code == 0);
        CHECK(e.out == app::kUsage);
        CHECK(e.err.empty());
    }
    const Exit v = exit_of({"--version"});
    CHECK(v.code == 0);
    CHECK(v.out == std::string("madoguchi ") + MADOGUCHI_VERSION + "\n");
    // The first one that ends the program wins, whatever follows.
    CHECK(exit_of({"--version", "--bogus"}).code == 0);
    CHECK(exit_of({"--bogus", "--help"}).code == 2);
}

TEST_CASE("launch: an unknown option is a usage error with the usage") {
    const Exit e = exit_of({"--store", "/s", "--fullscreen"});
    CHECK(e.code == 2);
    CHECK(e.out.empty());
    CHECK(e.err == std::string("madoguchi: unknown option --fullscreen\n\n") + app::kUsage);
}

TEST_CASE("launch: every option that takes a value says so when it has none") {
    for (const char* a : {"--config", "--catalogue", "--store", "--pubkey", "--watch", "--status", "--assets", "--fonts-dir",
                          "--script", "--screenshots", "--window"}) {
        CAPTURE(a);
        const Exit e = exit_of({"--watchdog-for-parent", a});
        CHECK(e.code == 2);
        CHECK(e.err == std::string("madoguchi: ") + a + " needs a value\n");
    }
    // A value is taken as it is, even one that looks like an option.
    CHECK(options({"--config", "--help"}).config_path == "--help");
}

TEST_CASE("launch: --config names the file; a missing one is said, the defaults used") {
    const Options o = options({"--config", "/srv/k.toml"});
    CHECK(o.config_path == "/srv/k.toml");
    CHECK(o.config_given);
    const LaunchPlan p = app::plan_from(o, no_file(), kAssets);
    CHECK(p.messages == std::vector<std::string>{"/srv/k.toml: no such file; using the built-in defaults"});
    CHECK(p.config_problems.empty());  // not a problem of the file: there is none
    // The file's own messages follow, and are what STATUS= counts.
    const LaunchPlan bad = plan({"--config", "/srv/k.toml"}, config("[kiosk]\nidle_seconds = 5\n"));
    REQUIRE(bad.messages.size() == 1);
    CHECK(bad.messages[0].rfind("k.toml:2:16: kiosk.idle_seconds = 5 is out of range", 0) == 0);
    CHECK(bad.config_problems == bad.messages);
}

TEST_CASE("launch: --store replaces the store, and drops the config's catalogue and status file") {
    const core::ConfigLoad c = config("[bundle]\ncatalogue = \"/dev/cat.sqlite\"\n[fleet]\nstatus_file = \"/srv/st/status.json\"\n");
    const LaunchPlan p = plan({"--store", "/tmp/store"}, c);
    CHECK(p.config.store == "/tmp/store");
    CHECK(p.config.catalogue.empty());
    CHECK_FALSE(p.development);
    CHECK(p.config.status_file.empty());
    CHECK(p.status_dir.empty());
    CHECK(p.hardening.writable == std::vector<std::string>{"/tmp/store"});
    // --status and --catalogue given as well are used, in any order.
    for (auto args : {std::initializer_list<std::string>{"--status", "/tmp/s/st.json", "--store", "/tmp/store", "--catalogue", "c.sqlite"},
                      std::initializer_list<std::string>{"--catalogue", "c.sqlite", "--store", "/tmp/store", "--status", "/tmp/s/st.json"}}) {
        const LaunchPlan q = plan(args, c);
        CHECK(q.config.status_file == "/tmp/s/st.json");
        CHECK(q.status_dir == "/tmp/s");
        CHECK(writable(q, "/tmp/s"));
        CHECK(q.config.catalogue == "c.sqlite");
        CHECK(q.development);
    }
}

TEST_CASE("launch: --status, also empty (none written); a status file at / leaves / read-only") {
    CHECK(plan({"--status", "/srv/x/status.json"}).config.status_file == "/srv/x/status.json");
    const LaunchPlan none = plan({"--status", ""});
    CHECK(none.config.status_file.empty());
    CHECK(none.status_dir.empty());
    CHECK(none.hardening.writable == std::vector<std::string>{"/var/lib/madoguchi"});
    const LaunchPlan root = plan({"--status", "/status.json"});
    CHECK(root.status_dir == "/");
    CHECK_FALSE(writable(root, "/"));  // never the whole file system
}

TEST_CASE("launch: --catalogue shows a catalogue unverified (development)") {
    const LaunchPlan p = plan({"--catalogue", "build/sample-catalog.sqlite"});
    CHECK(p.config.catalogue == "build/sample-catalog.sqlite");
    CHECK(p.development);
    CHECK(plan({}, config("[bundle]\ncatalogue = \"x.sqlite\"\n")).development);
}

TEST_CASE("launch: --pubkey and --watch repeat, and replace the config's lists") {
    const core::ConfigLoad c = config("[bundle]\ntrusted_keys = [\"/etc/a.pub\"]\nwatch = [\"/media\"]\n");
    CHECK(plan({}, c).config.trusted_keys == std::vector<std::string>{"/etc/a.pub"});
    const LaunchPlan p = plan({"--pubkey", "/k/1.pub", "--watch", "/in", "--pubkey", "/k/2.pub", "--watch", "/usb"}, c);
    CHECK(p.config.trusted_keys == std::vector<std::string>{"/k/1.pub", "/k/2.pub"});
    CHECK(p.config.watch == std::vector<std::string>{"/in", "/usb"});
    CHECK_FALSE(writable(p, "/in"));  // watched folders are only read, except by a script
}

TEST_CASE("launch: --assets and --fonts-dir") {
    CHECK(plan({"--assets", "/src/assets"}).assets_dir == "/src/assets");
    const LaunchPlan p = plan({"--fonts-dir", "/f"});
    CHECK(p.fonts.cjk_path == "/f/NotoSansCJK-Regular.ttc");
    CHECK(p.fonts.latin_path == "/f/NotoSans-Regular.ttf");
    CHECK(p.fonts.devanagari_path == "/f/NotoSansDevanagari-Regular.ttf");
}

TEST_CASE("launch: --full-redraw turns partial redraw off; without it the window redraws only what changed") {
    CHECK(plan({"--full-redraw"}).window.full_redraw);
    CHECK_FALSE(plan({}).window.full_redraw);
    CHECK_FALSE(plan({"--window", "1080x1920"}).window.full_redraw);
}

TEST_CASE("launch: --trace-start asks for the start trace; it is off without it, and the help names it") {
    CHECK(std::get<Options>(parse({"--trace-start"})).trace_start);
    CHECK_FALSE(std::get<Options>(parse({"--window", "1080x1920"})).trace_start);
    CHECK(std::get<Exit>(parse({"--help"})).out.find("--trace-start") != std::string::npos);
}

TEST_CASE("launch: --window WxH — a window of that size, never fullscreen") {
    const LaunchPlan p = plan({"--window", "1080x1920"});
    CHECK_FALSE(p.window.fullscreen);
    CHECK(p.window.width == 1080);
    CHECK(p.window.height == 1920);
    CHECK(plan({"--window", "320x240"}).window.width == 320);
    for (const char* bad : {"1920", "x1080", "axb", "319x240", "320x239", "-1920x1080", ""}) {
        CAPTURE(bad);
        const Exit e = exit_of({"--window", bad});
        CHECK(e.code == 2);
        CHECK(e.err == "madoguchi: --window wants WIDTHxHEIGHT, e.g. 1920x1080\n");
    }
    // Without --window: the config's fullscreen and window size.
    const LaunchPlan c = plan({}, config("[screen]\nfullscreen = false\nwindow_width = 1280\nwindow_height = 800\n"));
    CHECK_FALSE(c.window.fullscreen);
    CHECK(c.window.width == 1280);
    CHECK(c.window.height == 800);
}

TEST_CASE("launch: --script plays a test: no watchdog, a window, screenshots and watched folders writable") {
    const LaunchPlan p = plan({"--script", "flow.txt", "--screenshots", "/tmp/shots", "--watch", "/tmp/inbox"});
    CHECK(p.script == "flow.txt");
    CHECK(p.screenshots == "/tmp/shots");
    CHECK(p.notify.disabled);
    CHECK_FALSE(p.window.fullscreen);
    CHECK(writable(p, "/tmp/shots"));
    CHECK(writable(p, "/tmp/inbox"));
    CHECK(writable(plan({"--script", "f.txt"}), "."));  // the default screenshot folder
}

TEST_CASE("launch: --watchdog-for-parent") {
    CHECK(plan({"--watchdog-for-parent"}).notify.watchdog_for_parent);
}

TEST_CASE("launch: a preview printer only in a test script; outside one printing is off, and said") {
    const core::ConfigLoad c = config("[printer]\nkind = \"png\"\ntarget = \"/tmp/out/slip.png\"\n");
    const LaunchPlan kiosk = plan({}, c);
    CHECK(kiosk.config.printer_kind == core::PrinterKind::none);
    REQUIRE(kiosk.messages.size() == 1);
    CHECK(kiosk.messages[0] ==
          "printer.kind = \"png\" would write visitors' slips to a file; the kiosk does that only in --script tests. Printing "
          "is off (use \"device\" or \"tcp\", or madoguchi-bundle slip for previews).");
    CHECK(kiosk.config_problems.empty());  // a decision, not a problem of the file
    CHECK_FALSE(writable(kiosk, "/tmp/out/"));
    const LaunchPlan script = plan({"--script", "f.txt"}, c);
    CHECK(script.config.printer_kind == core::PrinterKind::png);
    CHECK(script.messages.empty());
    CHECK(writable(script, "/tmp/out/"));
    CHECK(writable(plan({"--script", "f.txt"}, config("[printer]\nkind = \"pbm\"\ntarget = \"slip.pbm\"\n")), "."));
}

TEST_CASE("launch: a device printer is writable; a tcp printer opens TCP to its port only") {
    const LaunchPlan dev = plan({}, config("[printer]\nkind = \"device\"\ntarget = \"/dev/usb/lp0\"\n"));
    CHECK(writable(dev, "/dev/usb/lp0"));
    CHECK_FALSE(dev.hardening.allow_tcp_printer);
    const LaunchPlan tcp = plan({}, config("[printer]\nkind = \"tcp\"\ntarget = \"192.168.1.50:9100\"\n"));
    CHECK(tcp.hardening.allow_tcp_printer);
    CHECK(tcp.hardening.tcp_printer_port == 9100);
    CHECK_FALSE(writable(tcp, "192.168.1.50:9100"));
    const LaunchPlan v6 = plan({}, config("[printer]\nkind = \"tcp\"\ntarget = \"[fe80::1%eth0]:9101\"\n"));
    CHECK(v6.hardening.tcp_printer_port == 9101);
    const LaunchPlan no_port = plan({}, config("[printer]\nkind = \"tcp\"\ntarget = \"192.168.1.50\"\n"));
    CHECK(no_port.hardening.tcp_printer_port == 0);  // any port: the printer's default 9100 is not guessed here
}


TEST_CASE("plan: [speech] goes to the Speaker; off, the kiosk may execute nothing") {
    const LaunchPlan on = plan({}, config("[speech]\nprivate_device = true\nvolume = 3\nrate = 0.75\n"
                                          "jtalk_voice = \"/opt/v.htsvoice\"\n"));
    CHECK(on.speech.enabled);
    CHECK(on.speech.private_device);
    CHECK(on.speech.volume == 3);
    CHECK(on.speech.rate == 0.75f);
    CHECK(on.speech.jtalk.voice == "/opt/v.htsvoice");
    CHECK(on.hardening.executable == std::vector<std::string>{"/usr/bin/open_jtalk"});
    const LaunchPlan off = plan({}, config("[speech]\nenabled = false\n"));
    CHECK_FALSE(off.speech.enabled);
    CHECK(off.hardening.executable.empty());
}

namespace {

// A site file holding `toml`, read as the kiosk reads it; records the path asked for.
app::SiteReader site_file(const std::string& toml, std::string* asked = nullptr) {
    return [toml, asked](const std::string& path, const core::KioskConfig& base) {
        if (asked) *asked = path;
        return core::parse_site_settings(toml, "site.toml", base);
    };
}
app::SiteReader no_site_file(std::string* asked = nullptr) {
    return [asked](const std::string& path, const core::KioskConfig& base) {
        if (asked) *asked = path;
        core::SiteLoad l;
        l.config = base;
        return l;
    };
}

}  // namespace

TEST_CASE("launch: the site file <store>/site.toml is laid over the config file, under the command line") {
    std::string asked;
    const core::ConfigLoad etc = config("[kiosk]\nprefecture = 13\nidle_seconds = 200\n[bundle]\nstore = \"/srv/st\"\n");
    const LaunchPlan p = app::plan_from(options({}), etc,
                                        kAssets, site_file("[kiosk]\nprefecture = 27\n[screen]\nlarge_text = true\n", &asked));
    CHECK(asked == "/srv/st/site.toml");
    CHECK(p.site_file == "/srv/st/site.toml");
    CHECK(p.config.prefecture == 27);    // the site file over /etc
    CHECK(p.config.idle_seconds == 200); // /etc where the site file says nothing
    CHECK(p.config.large_text);
    CHECK(p.messages.empty());
    CHECK_FALSE(p.first_run);  // a site file is there

    // The command line over both; --store names the store whose site file is read.
    const LaunchPlan q = app::plan_from(options({"--store", "/tmp/trial", "--pubkey", "/k/cli.pub"}), etc, kAssets,
                                        site_file("bundle.trusted_keys = [\"/k/site.pub\"]\n", &asked));
    CHECK(asked == "/tmp/trial/site.toml");
    CHECK(q.site_file == "/tmp/trial/site.toml");
    CHECK(q.config.trusted_keys == std::vector<std::string>{"/k/cli.pub"});

    // Without a reader (as before): no site file.
    const LaunchPlan none = app::plan_from(options({}), etc, kAssets);
    CHECK(none.config.prefecture == 13);
    CHECK(none.site_file == "/srv/st/site.toml");
}

TEST_CASE("launch: the site file's messages follow the config file's, and count as problems") {
    const LaunchPlan p = app::plan_from(options({}), config("kiosk.idle_seconds = 1\n"), kAssets,
                                        site_file("[bundle]\nstore = \"/x\"\n[kiosk]\ncountdown_seconds = 5\n"));
    const std::vector<std::string> expected = {
        "k.toml:1:22: kiosk.idle_seconds = 1 is out of range (30..3600); using 90",
        "site.toml:2:1: bundle.store cannot be set in the site file; set it in /etc/madoguchi/madoguchi.toml",
        "site.toml:4:21: kiosk.countdown_seconds = 5 is out of range (20..300); using 30",
    };
    CHECK(p.messages == expected);
    CHECK(p.config_problems == expected);
    CHECK(p.config.store == "/var/lib/madoguchi");
}

TEST_CASE("launch: first run — no site file, no admin PIN, no development catalogue") {
    CHECK(app::plan_from(options({}), no_file(), kAssets, no_site_file()).first_run);
    CHECK(app::plan_from(options({"--store", "/tmp/empty"}), no_file(), kAssets, no_site_file()).first_run);
    // A fleet that provisions by file sets a PIN: the setup never shows.
    const std::string hash = "$argon2id$v=19$m=8,t=1,p=1$oEDv8kMGXXdOqy47klDAyw$NWU5tNTULZ2D1ItJ2hRKh9TsKa4wSU1KrwQDS3u/Spg";
    CHECK_FALSE(app::plan_from(options({}), config("[admin]\npin_hash = \"" + hash + "\"\n"), kAssets, no_site_file()).first_run);
    // A site file that sets the PIN, or none at all: there is one.
    CHECK_FALSE(app::plan_from(options({}), no_file(), kAssets, site_file("admin.pin_hash = \"\"\n")).first_run);
    // Development: --catalogue or [bundle] catalogue.
    CHECK_FALSE(app::plan_from(options({"--catalogue", "/dev/c.sqlite"}), no_file(), kAssets, no_site_file()).first_run);
    CHECK_FALSE(app::plan_from(options({}), config("bundle.catalogue = \"c.sqlite\"\n"), kAssets, no_site_file()).first_run);
    // A bundle already installed in the store (filled by hand, a trial): set up another way.
    std::string probed;
    auto installed = [&](const std::string& store) {
        probed = store;
        return true;
    };
    CHECK_FALSE(app::plan_from(options({"--store", "/tmp/full"}), no_file(), kAssets, no_site_file(), installed).first_run);
    CHECK(probed == "/tmp/full");
    CHECK(app::plan_from(options({}), no_file(), kAssets, no_site_file(), [](const std::string&) { return false; }).first_run);
}

TEST_CASE("launch: first run lets a network printer be tested before it is saved; --usb-printers is passed on") {
    const LaunchPlan first = app::plan_from(options({"--usb-printers", "/tmp/usb"}), no_file(), kAssets, no_site_file());
    REQUIRE(first.first_run);
    CHECK(first.hardening.allow_tcp_printer);
    CHECK(first.hardening.tcp_printer_port == 0);  // any port: the address is typed on the screen
    CHECK(first.usb_printers == "/tmp/usb");
    // Not in first run: only the configured printer's port, and only a tcp printer.
    const std::string hash = "$argon2id$v=19$m=8,t=1,p=1$oEDv8kMGXXdOqy47klDAyw$NWU5tNTULZ2D1ItJ2hRKh9TsKa4wSU1KrwQDS3u/Spg";
    const LaunchPlan later = app::plan_from(options({}), config("[admin]\npin_hash = \"" + hash + "\"\n"), kAssets, no_site_file());
    CHECK_FALSE(later.first_run);
    CHECK_FALSE(later.hardening.allow_tcp_printer);
    CHECK(later.usb_printers.empty());
}

TEST_CASE("launch: the site file's printer is the one the hardening lets through; the store stays writable") {
    const LaunchPlan p = app::plan_from(options({}), no_file(), kAssets,
                                        site_file("[printer]\nkind = \"device\"\ntarget = \"/dev/usb/lp1\"\n"));
    CHECK(writable(p, "/dev/usb/lp1"));
    CHECK(writable(p, "/var/lib/madoguchi"));  // where the setup screens write site.toml and keys/
    const LaunchPlan t = app::plan_from(options({}), no_file(), kAssets,
                                        site_file("[printer]\nkind = \"tcp\"\ntarget = \"10.0.0.5:9101\"\n"));
    CHECK(t.hardening.allow_tcp_printer);
    CHECK(t.hardening.tcp_printer_port == 9101);
}
