// SPDX-License-Identifier: Apache-2.0
// launch_plan.cpp — see launch_plan.hpp.
#include "launch_plan.hpp"

#include <cstdio>
#include <cstdlib>

namespace madoguchi::app {

const char* const kUsage = R"(usage: madoguchi [options]

  --config FILE       kiosk configuration (default /etc/madoguchi/madoguchi.toml;
                      a missing file means the documented defaults)
  --store DIR         bundle store (overrides [bundle] store; the config's
                      catalogue is then not used unless --catalogue is given)
  --pubkey FILE       trusted public key (repeatable; replaces [bundle] trusted_keys)
  --watch DIR         folder watched for *.bundle files (repeatable; replaces
                      [bundle] watch)
  --status FILE       the fleet status file (overrides [fleet] status_file;
                      with --store and without --status, none is written)
  --catalogue FILE    show this catalogue WITHOUT checking any signature
                      (development; overrides [bundle] catalogue)
  --assets DIR        UI strings and other assets (default: the installed ones)
  --fonts-dir DIR     take the fonts from DIR (NotoSansCJK-Regular.ttc,
                      NotoSans-Regular.ttf, NotoSansDevanagari-Regular.ttf)
                      instead of the Debian packages' paths and fontconfig
  --window WxH        a window of this size instead of fullscreen
  --full-redraw       draw every frame whole (partial redraw off: for
                      comparisons, or a graphics driver that misbehaves)
  --trace-start       print to stderr where the time to the first frames went
                      (start_trace.hpp; docs/performance.md)
  --script FILE       play a scripted session (tests), then exit
  --screenshots DIR   where `screenshot` commands of a script write (default .)
  --usb-printers DIR  where the setup screens look for USB printers (tests;
                      default /dev/usb): files named lp<N> there stand in
  --watchdog-for-parent
                      send systemd's watchdog pings although the unit's main
                      process is the parent (cage in madoguchi-cage.service)
  --version
)";

std::variant<Options, Exit> parse_options(std::span<const std::string> args) {
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        // The option's value, or nullptr when the command line ends here.
        auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
        const bool takes_value = a == "--config" || a == "--catalogue" || a == "--store" || a == "--pubkey" || a == "--watch" ||
                                 a == "--status" || a == "--assets" || a == "--fonts-dir" || a == "--script" ||
                                 a == "--screenshots" || a == "--window" || a == "--usb-printers";
        const std::string* v = nullptr;
        if (takes_value && !(v = value())) return Exit{2, {}, "madoguchi: " + a + " needs a value\n"};
        if (a == "--config") o.config_path = *v, o.config_given = true;
        else if (a == "--catalogue") o.catalogue = *v;
        else if (a == "--store") o.store = *v;
        else if (a == "--pubkey") o.pubkeys.push_back(*v);
        else if (a == "--watch") o.watch.push_back(*v);
        else if (a == "--status") o.status_file = *v, o.status_given = true;
        else if (a == "--assets") o.assets = *v;
        else if (a == "--fonts-dir") o.fonts_dir = *v;
        else if (a == "--script") o.script = *v;
        else if (a == "--screenshots") o.screenshots = *v;
        else if (a == "--usb-printers") o.usb_printers = *v;
        else if (a == "--window") {
            // sscanf as before: "1920x1080" and what it accepts around it.
            if (std::sscanf(v->c_str(), "%dx%d", &o.window_width, &o.window_height) != 2 || o.window_width < 320 ||
                o.window_height < 240)
                return Exit{2, {}, "madoguchi: --window wants WIDTHxHEIGHT, e.g. 1920x1080\n"};
        } else if (a == "--full-redraw") {
            o.full_redraw = true;
        } else if (a == "--trace-start") {
            o.trace_start = true;
        } else if (a == "--watchdog-for-parent") {
            o.watchdog_for_parent = true;
        } else if (a == "--version") {
            return Exit{0, std::string("madoguchi ") + MADOGUCHI_VERSION + "\n", {}};
        } else if (a == "--help" || a == "-h") {
            return Exit{0, kUsage, {}};
        } else {
            return Exit{2, {}, "madoguchi: unknown option " + a + "\n\n" + kUsage};
        }
    }
    return o;
}

LaunchPlan plan_from(const Options& o, core::ConfigLoad load, const std::string& default_assets, const SiteReader& read_site,
                     const StoreProbe& store_has_bundle) {
    LaunchPlan p;
    core::KioskConfig& c = load.config;
    if (o.config_given && !load.file_found) p.messages.push_back(o.config_path + ": no such file; using the built-in defaults");
    p.messages.insert(p.messages.end(), load.messages.begin(), load.messages.end());
    p.config_problems = load.messages;

    // The site file, over /etc and under the command line. It cannot move the
    // store (not a site key), so its place is known before it is read.
    p.site_file = core::site_settings_path(o.store.empty() ? c.store : o.store);
    bool site_found = false;
    if (read_site) {
        core::SiteLoad site = read_site(p.site_file, c);
        site_found = site.found;
        c = std::move(site.config);
        p.messages.insert(p.messages.end(), site.messages.begin(), site.messages.end());
        p.config_problems.insert(p.config_problems.end(), site.messages.begin(), site.messages.end());
    }

    if (!o.store.empty()) {
        c.store = o.store;
        c.catalogue.clear();  // the store given is the one to show
        // A store of its own (a test, a trial) must not overwrite the status
        // file the fleet reads for the real store.
        c.status_file.clear();
    }
    if (o.status_given) c.status_file = o.status_file;
    if (!o.catalogue.empty()) c.catalogue = o.catalogue;
    if (!o.pubkeys.empty()) c.trusted_keys = o.pubkeys;
    if (!o.watch.empty()) c.watch = o.watch;
    const bool script = !o.script.empty();
    // A preview printer writes each slip — what a visitor chose — to a file.
    // That is for tests and staff previews (madoguchi-bundle slip), never for a
    // kiosk serving visitors: outside --script mode printing is turned off.
    if (core::is_preview(c.printer_kind) && !script) {
        p.messages.push_back("printer.kind = \"" + std::string(core::to_string(c.printer_kind)) +
                             "\" would write visitors' slips to a file; the kiosk does that only in --script tests. "
                             "Printing is off (use \"device\" or \"tcp\", or madoguchi-bundle slip for previews).");
        c.printer_kind = core::PrinterKind::none;
    }
    p.development = !c.catalogue.empty();
    // Without a site reader (tests of other things) nothing says there is no
    // site file: no first run.
    p.first_run = read_site && core::needs_first_run_setup(site_found, c) && !(store_has_bundle && store_has_bundle(c.store));
    p.usb_printers = o.usb_printers;
    p.assets_dir = o.assets.empty() ? default_assets : o.assets;
    p.script = o.script;
    p.screenshots = o.screenshots;
    if (!o.fonts_dir.empty()) {
        p.fonts.cjk_path = o.fonts_dir + "/NotoSansCJK-Regular.ttc";
        p.fonts.latin_path = o.fonts_dir + "/NotoSans-Regular.ttf";
        p.fonts.devanagari_path = o.fonts_dir + "/NotoSansDevanagari-Regular.ttf";
    }
    p.window.fullscreen = c.fullscreen && o.window_width == 0 && !script;
    p.window.width = o.window_width ? o.window_width : c.window_width;
    p.window.height = o.window_height ? o.window_height : c.window_height;
    p.window.full_redraw = o.full_redraw;
    // systemd (Type=notify, WatchdogSec=): see service_notify.hpp. Not in
    // --script mode: a script is a test run on a virtual clock, not a service.
    p.notify.disabled = script;
    p.notify.watchdog_for_parent = o.watchdog_for_parent;

    // What the kiosk may write once hardened (process_hardening.hpp): the
    // store, the status file's folder, the printer; a script also writes
    // screenshots, copies bundles into the watched folders and writes previews.
    platform::HardeningOptions& h = p.hardening;
    h.writable.push_back(c.store);
    if (!c.status_file.empty()) {
        const size_t slash = c.status_file.rfind('/');
        p.status_dir = slash == 0 || slash == std::string::npos ? "/" : c.status_file.substr(0, slash);
        if (p.status_dir != "/") h.writable.push_back(p.status_dir);  // never the whole file system
    }
    if (c.printer_kind == core::PrinterKind::device) h.writable.push_back(c.printer_target);
    // Speech runs Open JTalk (kiosk/speech): the one program the kiosk may execute.
    if (c.speech_enabled) h.executable.push_back("/usr/bin/open_jtalk");
    p.speech.enabled = c.speech_enabled;
    p.speech.private_device = c.speech_private_device;
    p.speech.volume = c.speech_volume;
    p.speech.rate = c.speech_rate;
    p.speech.jtalk.dictionary = c.jtalk_dictionary;  // "" → the Debian location
    p.speech.jtalk.voice = c.jtalk_voice;
    h.allow_tcp_printer = c.printer_kind == core::PrinterKind::tcp || p.first_run;
    if (c.printer_kind == core::PrinterKind::tcp && !p.first_run) {
        const size_t colon = c.printer_target.rfind(':');
        if (colon != std::string::npos) h.tcp_printer_port = std::atoi(c.printer_target.c_str() + colon + 1);
    }
    if (script) {
        h.writable.push_back(o.screenshots);
        // Stand-ins for USB printers are files in a test folder, not device nodes.
        if (!o.usb_printers.empty()) h.writable.push_back(o.usb_printers);
        for (const auto& w : c.watch) h.writable.push_back(w);
        if (core::is_preview(c.printer_kind)) {
            const size_t slash = c.printer_target.rfind('/');
            h.writable.push_back(slash == std::string::npos ? std::string(".") : c.printer_target.substr(0, slash + 1));
        }
    }
    p.config = std::move(c);
    return p;
}

}  // namespace madoguchi::app
