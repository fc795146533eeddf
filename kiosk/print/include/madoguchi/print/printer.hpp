// SPDX-License-Identifier: Apache-2.0
// printer.hpp — sending a slip: to a device file, a raw TCP port, or a preview.
//
// Privacy: the job goes from memory to the printer. No spooler, no temp file,
// no log of what was printed; the only files ever written are the preview
// files an admin explicitly configures (kind png / pbm). A device path that
// does not exist is never created (an unplugged /dev/usb/lp0 must not turn into
// a regular file holding a slip).
//
// Never hangs: every wait is a poll() with a deadline (docs/printing.md,
// "Time limits"). With timeout t (default 3000 ms):
//   tcp     connect ≤ t, status answer ≤ t, sending stalls ≤ t and the whole
//           job (sent and acknowledged) ≤ 10·t; worst case 12·t.
//   device  status answer ≤ min(t, 500 ms), then the same sending rules.
#pragma once
#include <atomic>

#include <string>
#include <string_view>

#include "madoguchi/core/printer_kind.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/print/escpos.hpp"
#include "madoguchi/print/raster.hpp"

namespace madoguchi::print {

struct PrinterConfig {
    // The kiosk's [printer] kind, parsed once by the config reader: the same enum.
    using Kind = core::PrinterKind;
    Kind kind = Kind::none;
    // device: a character device such as /dev/usb/lp0 (a regular file that
    //         already exists is appended to: tests use that);
    // tcp:    "192.168.1.50:9100", "[fe80::1%eth0]:9100", port default 9100 —
    //         numeric addresses only, so no DNS lookup can block the kiosk;
    // png/pbm: the preview file (created or replaced).
    std::string target{};
    int timeout_ms = 0;  // 0 → 3000
    int dots = 0;        // printable width in dots; 0 → 576. 384 (58 mm), 576 (80 mm), 512 fallback
};

int effective_timeout_ms(const PrinterConfig& p);  // timeout_ms, or 3000
int effective_dots(const PrinterConfig& p);        // dots, or 576: the width to render the slip at

struct PrintOutcome {
    // cancelled: the job's stop flag was set (print_raster's `stop`, the print
    // worker's cancel()); whatever had not been sent was not sent.
    using Result = core::PrintResult;  // slip.hpp: what became of a slip
    Result result = Result::not_configured;
    // Plain words for the visitor/staff ("The printer is out of paper.",
    // "No printer answered."). Never contains what was printed. The UI shows
    // its own translation chosen by `result`; this text is the English one.
    std::string message{};
    // What the printer said about its paper (unknown when it was not asked or
    // did not answer). near_end with `printed`: tell the staff to change the roll.
    PaperStatus paper = PaperStatus::unknown;
};

// Sends a slip. Where the connection can answer (tcp; a character device
// opened read-write) it first asks DLE EOT 4 and refuses on paper out, sending
// nothing else. tcp: no answer in time → timeout. device: no answer → prints
// anyway, paper = unknown and the message says the paper was not checked.
// png/pbm write the raster as a preview file. The slip must be well formed
// (see encode_escpos) and, for device/tcp, no wider than effective_dots().
//
// `stop`: when given and set (from another thread) while the job runs, every
// wait ends within 50 ms, nothing more is sent, and the result is cancelled.
PrintOutcome print_raster(const PrinterConfig& printer, const Raster1& slip, const EscPosOptions& o = {},
                          const std::atomic<bool>* stop = nullptr);

// PBM P4 ("P4\n<w> <h>\n" + the rows of `bits`). Written straight to `path`
// (mode 0600), removed again if writing fails. On failure returns false and,
// if `error` is given, says why.
bool write_pbm(const Raster1& r, const std::string& path, std::string* error);

}  // namespace madoguchi::print
