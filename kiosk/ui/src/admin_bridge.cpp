// SPDX-License-Identifier: Apache-2.0
// admin_bridge.cpp — between the kiosk and its admin screen (admin_screen.cpp
// draws it): what the screen is shown, what staff asked for, the test slip.

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

// --- admin screen ----------------------------------------------------------------
// A short test slip: a header and one line, nothing from the directory and
// nothing about anyone; printed the same way as a visitor's slip.
static void send_test_print(Kiosk& k) {
    if (!k.deps.printer) return;
    if (k.deps.printer->busy()) {  // a visitor's slip still being let go of (≤ 50 ms)
        k.want_frame = true;
        return;
    }
    core::Slip slip;
    slip.lang = k.visitor.session.lang;
    slip.header = k.S("admin.print_test_header");
    core::SlipEntry e;
    e.name = "madoguchi";
    e.organization = k.S("admin.print_test_body");
    slip.entries.push_back(std::move(e));
    if (k.deps.printer->submit(std::move(slip), {.no_qr = true})) {
        k.test_print = Kiosk::TestPrint::sending;
    } else {
        k.test_print_status = k.S("admin.print_failed");
        k.test_print = Kiosk::TestPrint::idle;
    }
    k.want_frame = true;
}

// Once per frame while the test slip is sent: its outcome, when it has one.
static void poll_test_print(Kiosk& k) {
    if (k.test_print != Kiosk::TestPrint::sending || !k.deps.printer) return;
    if (auto o = k.deps.printer->take_outcome()) {
        k.test_print_status = *o == core::PrintResult::printed
                                  ? k.S("admin.print_done")
                                  : k.S("admin.print_failed") + " (" + k.S("admin.print_result." + std::string(core::to_string(*o))) + ")";
        k.test_print = Kiosk::TestPrint::idle;
        k.deps.printer->request_status();  // what the printer says now (paper used, cover opened to fix it)
    }
    k.want_frame = true;
}

static std::string today() { return core::format_date(local_now().date); }

// The printer's status: asked once each time the admin screen opens (and after
// a test slip), on the print worker's thread; shown when it answers.
static std::optional<PrinterReport> printer_report(Kiosk& k) {
    if (!k.deps.printer) return std::nullopt;
    if (k.admin.mode() == AdminScreen::Mode::admin && k.printer_status_asked != k.admin.openings()) {
        k.deps.printer->request_status();
        k.printer_status_asked = k.admin.openings();
    }
    std::optional<PrinterReport> r = k.deps.printer->status();
    if (r && (r->asking || r->reply == PrinterReport::Reply::not_asked) && k.admin.mode() == AdminScreen::Mode::admin)
        k.want_frame = true;  // poll on the next frame, as for the test slip
    return r;
}

void admin_frame(Kiosk& k, double now) {
    if (k.test_print == Kiosk::TestPrint::shown) send_test_print(k);
    poll_test_print(k);
    if (!k.shown_info && k.deps.catalogue) k.shown_info = k.deps.catalogue->info();
    // Records past their review date: counted when the screen loads its
    // data (again only on another day or for another catalogue), never per frame.
    const std::string day = today();
    if (k.deps.catalogue && day != k.review_day) {
        if (auto d = core::parse_date(day)) k.review_due = k.deps.catalogue->past_review(*d);
        k.review_day = day;
    }
    const std::optional<PrinterReport> report = printer_report(k);
    AdminScreen::Frame f{k.ui,
                         *k.deps.strings,
                         k.visitor.session.lang,
                         k.admin_view,
                         k.shown_info ? &*k.shown_info : nullptr,
                         day,
                         k.deps.printer != nullptr,
                         k.test_print_status,
                         k.test_print != Kiosk::TestPrint::idle,
                         k.review_due ? &*k.review_due : nullptr,
                         report ? &*report : nullptr};
    std::string file;
    switch (k.admin.draw(f, now, &file)) {
        case AdminScreen::Action::none: break;
        case AdminScreen::Action::quick_hide: k.quick_hide(); break;
        case AdminScreen::Action::exit:
            // A test slip still being sent is let go of: its outcome is for no one now.
            if (k.test_print == Kiosk::TestPrint::sending && k.deps.printer) k.deps.printer->cancel();
            k.admin.close();
            k.test_print = Kiosk::TestPrint::idle;
            k.test_print_status.clear();
            k.want_frame = true;
            break;
        case AdminScreen::Action::print_test:
            k.test_print = Kiosk::TestPrint::requested;
            k.test_print_status.clear();
            k.want_frame = true;
            break;
        case AdminScreen::Action::rollback:
            k.admin_requests.push_back({AdminRequest::Kind::rollback, {}});
            k.want_frame = true;
            break;
        case AdminScreen::Action::settings:
            if (k.test_print == Kiosk::TestPrint::sending && k.deps.printer) k.deps.printer->cancel();
            k.test_print = Kiosk::TestPrint::idle;
            k.test_print_status.clear();
            open_setup(k, true, now);
            break;
        case AdminScreen::Action::install:
            k.admin_requests.push_back({AdminRequest::Kind::install, file});
            k.want_frame = true;
            break;
    }
    if (k.test_print == Kiosk::TestPrint::requested) {
        k.test_print = Kiosk::TestPrint::shown;  // "printing…" is on screen now; prints at the start of the next frame
        k.want_frame = true;
    }
    if (k.admin.wants_frame()) k.want_frame = true;
    // The PIN was accepted in this frame: ask the printer now, show the answer next.
    if (k.admin.mode() == AdminScreen::Mode::admin && k.printer_status_asked != k.admin.openings()) printer_report(k);
}

}  // namespace madoguchi::ui
