// SPDX-License-Identifier: Apache-2.0
// slip_printer.cpp — renders a slip and hands it to the print worker (slip_printer.hpp).
#include "slip_printer.hpp"

#include <utility>

#include "madoguchi/print/slip_render.hpp"

namespace madoguchi::app {

print::PrinterConfig printer_config(const core::KioskConfig& c) {
    print::PrinterConfig pc;
    pc.kind = c.printer_kind;
    pc.target = c.printer_target;
    pc.timeout_ms = c.printer_timeout_ms;
    pc.dots = c.printer_dots;
    return pc;
}

KioskSlipPrinter::KioskSlipPrinter(const text::FontSet& fonts, const print::PrinterConfig& printer)
    : printer_(printer), engine_(fonts), atlas_(fonts) {}

bool KioskSlipPrinter::submit(core::Slip slip, const ui::SlipJob& job) {
    if (worker_.busy()) return false;
    print::RenderedSlip r =
        print::render_slip(slip, engine_, atlas_, {.dots = print::effective_dots(printer_), .module_dots = 0, .no_qr = job.no_qr});
    // The slip's words and its grey image name the services chosen; both are
    // freed on return, and the kiosk overwrites what it frees (wipe_on_free).
    // The worker overwrites the raster when it is done with it.
    return worker_.submit(printer_, std::move(r.raster));
}

std::optional<core::PrintResult> KioskSlipPrinter::take_outcome() {
    if (auto o = worker_.take_outcome()) return o->result;
    return std::nullopt;
}

bool KioskSlipPrinter::busy() const { return worker_.busy(); }

void KioskSlipPrinter::cancel() {
    worker_.cancel();
    engine_.wipe();
    atlas_.wipe();
}

void KioskSlipPrinter::request_status() { worker_.request_status(printer_); }

std::optional<ui::PrinterReport> KioskSlipPrinter::status() const {
    ui::PrinterReport r;
    const print::PrintWorker::StatusAnswer a = worker_.status();
    r.asking = a.pending;
    if (a.status) {
        using Reply = print::PrinterStatus::Reply;
        const print::PrinterStatus& st = *a.status;
        switch (st.reply) {
            case Reply::answered: r.reply = ui::PrinterReport::Reply::answered; break;
            case Reply::no_answer: r.reply = ui::PrinterReport::Reply::no_answer; break;
            case Reply::not_reported: r.reply = ui::PrinterReport::Reply::not_reported; break;
            case Reply::not_configured: r.reply = ui::PrinterReport::Reply::not_configured; break;
        }
        switch (st.paper) {
            case print::PaperStatus::ok: r.paper = ui::PrinterReport::Paper::ok; break;
            case print::PaperStatus::near_end: r.paper = ui::PrinterReport::Paper::near_end; break;
            case print::PaperStatus::out: r.paper = ui::PrinterReport::Paper::out; break;
            case print::PaperStatus::unknown: r.paper = ui::PrinterReport::Paper::unknown; break;
        }
        r.cover_open = st.cover_open;
        r.offline = st.offline;
        r.error = st.error;
    } else if (a.pending) {
        r.reply = ui::PrinterReport::Reply::asking;
    }
    if (auto last = worker_.last_attempt()) r.last_print = ui::PrinterReport::LastPrint{last->result};
    return r;
}

}  // namespace madoguchi::app
