// SPDX-License-Identifier: Apache-2.0
// setup_link.cpp — see setup_link.hpp.
#include "setup_link.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "madoguchi/core/site_settings.hpp"
#include "madoguchi/print/printer.hpp"

namespace madoguchi::app {
namespace {

constexpr size_t kMaxKeyFolders = 64;

std::vector<std::string> sub_folders(const std::string& dir) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.empty() || name[0] == '.') continue;  // ., .., and hidden folders (.Trash-1000)
        const std::string path = dir + "/" + name;
        struct stat st;
        // lstat: a link on a stick is not followed (the folder watcher does not either).
        if (::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) out.push_back(path);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

int port_of(const std::string& target) {
    const size_t colon = target.rfind(':');
    return colon == std::string::npos ? 9100 : std::atoi(target.c_str() + colon + 1);
}

}  // namespace

std::vector<std::string> SetupLink::key_search_folders(const std::vector<std::string>& roots) {
    std::vector<std::string> out;
    auto add = [&](const std::string& f) {
        if (out.size() < kMaxKeyFolders && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    };
    for (const auto& root : roots) {
        add(root);
        for (const auto& a : sub_folders(root)) {
            add(a);
            for (const auto& b : sub_folders(a)) add(b);
        }
    }
    return out;
}

SetupLink::SetupLink(SetupLinkOptions options, const text::FontSet& fonts, const core::UiStrings& strings, BundleLoader& loader,
                     std::unique_ptr<KioskSlipPrinter>& printer)
    : options_(std::move(options)), fonts_(fonts), strings_(strings), loader_(loader), printer_(printer) {
    view_.key_folders = options_.key_folders;
}

SetupLink::~SetupLink() = default;

std::vector<std::string> SetupLink::usb_printers() const {
    if (options_.usb_printer_dir.empty()) return print::find_usb_printers();
    return print::find_usb_printers(options_.usb_printer_dir, print::UsbScan::any_file);
}

bool SetupLink::pump(ui::KioskUi& ui) {
    bool frame = false;
    // Setup opened (first run, or from the admin screen): printers and keys as
    // they are now — not at start, and not what an earlier visit left (a test
    // slip's outcome, a failed save).
    const bool open = ui.in_setup();
    if (open && !was_open_) {
        view_.usb_printers = usb_printers();
        view_.keys = core::find_publisher_keys(key_search_folders(options_.key_folders));
        view_.test_printing = view_.saved = false;
        view_.test_result.reset();
        view_.save_error.clear();
        view_changed_ = true;
    }
    was_open_ = open;
    while (auto r = ui.take_setup_request()) {
        using K = ui::SetupRequest::Kind;
        switch (r->kind) {
            case K::scan_printers: view_.usb_printers = usb_printers(); break;
            case K::scan_keys: view_.keys = core::find_publisher_keys(key_search_folders(options_.key_folders)); break;
            case K::test_print: test_print(*r); break;
            case K::save: save(ui, *r); break;
        }
        view_changed_ = true;
    }
    if (test_printer_ && view_.test_printing) {
        if (auto o = test_printer_->take_outcome()) {
            view_.test_printing = false;
            view_.test_result = *o;
            view_changed_ = true;
        }
    }
    if (view_changed_) {
        ui.set_setup_view(view_);
        view_changed_ = false;
        frame = true;
    }
    return frame;
}

// The same short slip as the admin screen's test print: a header and one
// line, nothing from the directory and nothing about anyone.
void SetupLink::test_print(const ui::SetupRequest& r) {
    if (test_printer_) test_printer_->cancel();
    test_printer_.reset();
    view_.test_result.reset();
    view_.test_printing = false;
    const print::PrinterConfig pc = printer_config(r.settings);
    if (pc.kind == core::PrinterKind::none) {
        view_.test_result = core::PrintResult::not_configured;
        return;
    }
    test_printer_ = std::make_unique<KioskSlipPrinter>(fonts_, pc);
    core::Slip slip;
    slip.lang = "ja";
    slip.header = strings_.get("ja", "admin.print_test_header");
    core::SlipEntry e;
    e.name = "madoguchi";
    e.organization = strings_.get("ja", "admin.print_test_body");
    slip.entries.push_back(std::move(e));
    if (test_printer_->submit(std::move(slip), {.no_qr = true})) view_.test_printing = true;
    else view_.test_result = core::PrintResult::io_error;
}

void SetupLink::save(ui::KioskUi& ui, const ui::SetupRequest& r) {
    view_.saved = false;
    view_.save_error.clear();
    core::KioskConfig next = r.settings;
    std::string err;
    // 1. The publisher's key, copied into the store (keys/<id>.pub) first: the
    //    site file names the copy, never the stick, which will be pulled out.
    if (!r.key_file.empty()) {
        const std::optional<std::string> copied = core::import_publisher_key(r.key_file, options_.store, &err);
        if (!copied) {
            view_.save_error = err;
            return;
        }
        // The key read now must be the one the person compared on the screen:
        // a stick swapped, or the file changed, since then is refused.
        const std::string expected = options_.store + "/" + core::kSiteKeysFolder + "/" + r.key_id + ".pub";
        if (r.key_id.empty() || *copied != expected) {
            view_.save_error = "the key in " + r.key_file + " is not the one shown (" + r.key_id +
                               "); look for keys again and compare the key id once more";
            return;
        }
        next.trusted_keys = {*copied};
    }
    // 2. The site file, as a whole (the commit point: before it, nothing changed).
    if (!core::write_site_settings(core::site_settings_path(options_.store), core::site_settings_toml(next), &err)) {
        view_.save_error = err;
        return;
    }
    // Written, but the disk complained after the commit point: in force, and
    // the staff can read why a power cut might undo it.
    if (!err.empty()) core::append_admin_log(options_.store + "/admin.log", "site settings: " + err);
    // 3. The admin log: which settings changed (never the PIN, never a visitor).
    for (const auto& line : core::describe_setting_changes(options_.in_force, next))
        core::append_admin_log(options_.store + "/admin.log", line);
    // 4. In force: the printer, the UI, the keys.
    const bool printer_changed = next.printer_kind != options_.in_force.printer_kind ||
                                 next.printer_target != options_.in_force.printer_target ||
                                 next.printer_dots != options_.in_force.printer_dots;
    const bool keys_changed = next.trusted_keys != options_.in_force.trusted_keys;
    // The hardening was fixed at start: a network printer it refused needs a
    // restart, and so does every first-run save — the first run allowed TCP to
    // any port (for the test slip), which no saved setting needs to keep.
    if (options_.first_run ||
        (next.printer_kind == core::PrinterKind::tcp &&
         (!options_.tcp_allowed || (options_.tcp_port_allowed != 0 && options_.tcp_port_allowed != port_of(next.printer_target)))))
        restart_needed_ = true;
    if (test_printer_) test_printer_->cancel();
    test_printer_.reset();
    std::unique_ptr<KioskSlipPrinter> old;
    if (printer_changed) {
        old = std::move(printer_);
        if (next.printer_kind != core::PrinterKind::none) printer_ = std::make_unique<KioskSlipPrinter>(fonts_, printer_config(next));
    }
    ui.apply_config(next, printer_.get());
    old.reset();  // the UI has let go of it
    if (keys_changed) loader_.trust_keys(next.trusted_keys);
    options_.in_force = std::move(next);
    view_.saved = true;
    view_.test_result.reset();
}

}  // namespace madoguchi::app
