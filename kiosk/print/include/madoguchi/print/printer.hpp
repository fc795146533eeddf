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
#include <vector>

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

// --- What the printer says about itself (the admin screen) ---------------------
//
// The staff see whether the printer is ready before a visitor finds out:
// paper near its end or out, the cover open, offline, an error. Asked with the
// ESC/POS real-time requests DLE EOT 1, 2 and 4 (escpos.hpp), over the same
// connection rules and time limits as a print: tcp connect ≤ t and all three
// answers ≤ t; device all three answers ≤ min(t, 500 ms). Nothing else is
// sent; a regular file (the tests' stand-in for a device) is not even asked.
struct PrinterStatus {
    enum class Reply {
        answered,        // the printer answered at least one question: the fields below are what it said
        no_answer,       // nothing there (no device, connection refused), or a network printer that is silent
        not_reported,    // reachable, but it does not report its status (a one-way USB printer,
                         // a device the kiosk may only write to, a preview file)
        not_configured,  // no printer set up, or its address is not valid
    };
    Reply reply = Reply::not_configured;
    PaperStatus paper = PaperStatus::unknown;
    bool cover_open = false;  // DLE EOT 2 bit 2
    bool offline = false;     // DLE EOT 1 bit 3
    bool error = false;       // DLE EOT 2 bit 6
    // Plain English words for staff ("The paper is running low: change the
    // roll soon."); the UI shows its own translation chosen by the fields.
    std::string message{};
};
std::string_view to_string(PrinterStatus::Reply r);  // "answered", "no_answer", …

// Asks the printer. Never hangs (the limits above); `stop` as print_raster's.
// Meant for a worker thread (print_worker.hpp), never the UI's.
PrinterStatus query_printer_status(const PrinterConfig& printer, const std::atomic<bool>* stop = nullptr);

// The USB receipt printers usblp made: the entries of `dev_dir` named lp<digits>
// that are character devices, as full paths, in natural order (lp2 before
// lp10). A missing or unreadable folder gives none. `any_file` (tests only)
// accepts a file of any type under such a name, so a temporary folder of
// empty files can stand in for /dev/usb.
enum class UsbScan { character_devices, any_file };
std::vector<std::string> find_usb_printers(const std::string& dev_dir = "/dev/usb",
                                           UsbScan scan = UsbScan::character_devices);

// PBM P4 ("P4\n<w> <h>\n" + the rows of `bits`). Written straight to `path`
// (mode 0600), removed again if writing fails. On failure returns false and,
// if `error` is given, says why.
bool write_pbm(const Raster1& r, const std::string& path, std::string* error);

}  // namespace madoguchi::print
