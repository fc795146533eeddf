// SPDX-License-Identifier: Apache-2.0
// slip_printer.hpp — what the kiosk's screens ask of a receipt printer.
//
// The UI does not print: it builds the slip's words (core::Slip, in the
// visitor's language, the header from the UI strings), hands them over here
// and asks for the outcome on later frames, never waiting — a printer that
// does not answer takes up to 12 × its timeout (36 s by default), and とじる
// must work all the while. The app implements this with kiosk/print
// (kiosk/app/slip_printer.hpp: renders the slip, sends it on a worker thread),
// so the UI module does not link the print module; tests can hand in their own.
#pragma once

#include <optional>

#include "madoguchi/core/slip.hpp"

namespace madoguchi::ui {

struct SlipJob {
    bool no_qr = false;  // the admin screen's test slip: words only
};

// What the admin screen shows about the printer (docs/printing.md "What the
// admin screen shows"): what the printer said about itself when last asked,
// and how the last print attempt ended — never what was printed.
struct PrinterReport {
    enum class Reply {
        not_asked,       // request_status() was not called yet
        asking,          // asked; no answer yet (and none from before)
        answered,        // the fields below are what the printer said
        no_answer,       // nothing there, or a network printer that is silent
        not_reported,    // it prints but does not report its status (one-way USB, preview file)
        not_configured,  // no printer, or its address is not valid
    };
    enum class Paper { unknown, ok, near_end, out };
    Reply reply = Reply::not_asked;
    bool asking = false;  // a question is pending (an older answer may still be shown)
    Paper paper = Paper::unknown;
    bool cover_open = false, offline = false, error = false;
    struct LastPrint {
        core::PrintResult result = core::PrintResult::not_configured;  // never its time: that would tell when someone used the kiosk
    };
    std::optional<LastPrint> last_print;  // nullopt: nothing printed since the kiosk started
};

class SlipPrinter {
public:
    virtual ~SlipPrinter() = default;
    // Takes the slip (and overwrites its words once rendered). False, and
    // nothing queued, while another slip is queued or being sent.
    virtual bool submit(core::Slip slip, const SlipJob& job) = 0;
    // The outcome of the slip submitted last, once it is done; handed out once.
    virtual std::optional<core::PrintResult> take_outcome() = 0;
    // A slip is queued or being sent.
    virtual bool busy() const = 0;
    // The session ended: forget the slip now (what was not sent is not sent,
    // and its outcome is handed to no one). Returns at once.
    virtual void cancel() = 0;

    // The admin screen: ask the printer for its status, off the UI thread
    // (never waits; the answer shows in status() on a later frame), and read
    // what is known. Printers that cannot tell (test doubles) keep the defaults.
    virtual void request_status() {}
    virtual std::optional<PrinterReport> status() const { return std::nullopt; }
};

}  // namespace madoguchi::ui
