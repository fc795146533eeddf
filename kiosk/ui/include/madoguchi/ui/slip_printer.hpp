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
};

}  // namespace madoguchi::ui
