// SPDX-License-Identifier: Apache-2.0
// setup_link.hpp — between the setup screens (kiosk/ui setup_screens) and what
// they set: USB printers, a test slip, publisher keys on a USB stick, the site
// settings file, the admin log, and the kiosk's parts that must change with them.
//
// Why one object in the app: the UI knows nothing of files, printers or
// threads (kiosk_ui.hpp: SetupView in, SetupRequest out), so something must
// look for printers and keys, print the test slip, write the settings and put
// them in force — and only the app owns the printer and the bundle loader.
//
// What "in force" means after a save (docs/deploy.md "Setting up"):
//   - the site file is written atomically (core::write_site_settings) and one
//     admin-log line names each setting that changed (never the PIN or a visitor);
//   - the UI takes the new config (apply_config: ranking, languages, layout,
//     large text, idle times, the PIN) and a new printer;
//   - other trusted keys restart the bundle loader with them (trust_keys), so
//     a bundle on the stick is checked and installed as at a fresh start;
//   - what the process hardening fixed at start cannot be changed later: a
//     network printer where TCP was refused, and every first-run save (the
//     first run allows TCP to any port, so that a network printer can be
//     tested before it is saved, and nothing saved needs that to stay).
//     restart_needed() then says so, and the kiosk exits once the setup is
//     left; systemd starts it again with the saved settings (Restart=always),
//     and the bundle on the stick is installed then if it was not yet.
//
// Runs on the main thread, once per loop turn (the real loop and the script
// player). A test slip is sent by its own KioskSlipPrinter's worker; nothing
// here blocks longer than writing a small file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "bundle_loader.hpp"
#include "slip_printer.hpp"

namespace madoguchi::app {

struct SetupLinkOptions {
    std::string store;                     // [bundle] store: site.toml, keys/, admin.log
    std::vector<std::string> key_folders;  // [bundle] watch: where USB sticks appear (and two levels below)
    // "" → /dev/usb, character devices lp<N>. Tests (--usb-printers DIR): a
    // folder whose lp<N> files of any kind stand in for printers.
    std::string usb_printer_dir;
    core::KioskConfig in_force;            // the effective config at start (/etc, then the site file)
    bool first_run = false;                // started on the setup screens (launch_plan: TCP to any port)
    bool tcp_allowed = false;              // the hardening allowed a TCP printer at start
    int tcp_port_allowed = 0;              // … to this port only (0: any)
};

class SetupLink {
public:
    // `printer` is the kiosk's (main owns it; the UI points at it): replaced on save.
    SetupLink(SetupLinkOptions options, const text::FontSet& fonts, const core::UiStrings& strings, BundleLoader& loader,
              std::unique_ptr<KioskSlipPrinter>& printer);
    ~SetupLink();

    // The setup screens' requests, the test slip's outcome. True when the UI needs a frame.
    bool pump(ui::KioskUi& ui);

    const core::KioskConfig& in_force() const { return options_.in_force; }
    // Saved settings the running process cannot take (see above).
    bool restart_needed() const { return restart_needed_; }

    // Folders where *.pub files are looked for: each key folder, its
    // sub-folders and theirs (/media/<user>/<stick>), at most 64 in all.
    static std::vector<std::string> key_search_folders(const std::vector<std::string>& roots);

private:
    void save(ui::KioskUi& ui, const ui::SetupRequest& r);
    void test_print(const ui::SetupRequest& r);
    std::vector<std::string> usb_printers() const;

    SetupLinkOptions options_;
    const text::FontSet& fonts_;
    const core::UiStrings& strings_;
    BundleLoader& loader_;
    std::unique_ptr<KioskSlipPrinter>& printer_;
    std::unique_ptr<KioskSlipPrinter> test_printer_;  // the test slip's, for the draft's printer
    ui::SetupView view_;
    bool view_changed_ = true;
    bool was_open_ = false;  // the setup screens were open at the last pump
    bool restart_needed_ = false;
};

}  // namespace madoguchi::app
