// SPDX-License-Identifier: Apache-2.0
// print_worker.hpp — printing off the UI thread.
//
// Sending a slip can take up to 12 × the printer timeout (printer.hpp: 36 s by
// default) when a printer does not answer. Done in the frame, that froze the
// screen — and とじる, the one button that must always work. So the UI renders
// the slip (milliseconds), hands the raster here, and asks for the outcome on
// later frames without ever waiting (the pattern of the bundle loader: one
// worker thread, one job at a time, a result picked up by polling).
//
// Privacy: cancel() — the session wipe calls it — overwrites a job that has not
// started, tells a running one to stop (it lets go of the printer within
// 50 ms, sending nothing more), and makes sure its outcome is never handed to
// anyone: the next visitor does not learn that the last one printed. The
// worker overwrites the raster as soon as it is done with it.
//
// The admin screen asks two more things, on the same thread and never waiting:
//   - the printer's status (query_printer_status, up to 2 × the timeout):
//     request_status() queues the question, status() shows the last answer
//     on a later frame. Slips go first; a question asked while a slip is sent
//     is asked after it, so the two never share the printer.
//   - the last print attempt: its result, never when or what was printed.
//     A job cancelled before it finished leaves the record as it was (what a
//     cancelled job did, and that it was cancelled, is nobody's — not even
//     the staff's). Kept in memory
//     only, for the staff; the visitor screens never read it.
//
// Threads: submit(), take_outcome(), busy(), cancel(), request_status(),
// status() and last_attempt() belong to the thread that prints (the UI's): an
// outcome taken elsewhere could reach the wrong screen. Checked in debug
// builds, as is the worker's one job at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "madoguchi/base/invariant.hpp"
#include "madoguchi/print/printer.hpp"

namespace madoguchi::print {

class PrintWorker {
public:
    PrintWorker();
    ~PrintWorker();  // stops a running job and joins the thread
    PrintWorker(const PrintWorker&) = delete;
    PrintWorker& operator=(const PrintWorker&) = delete;

    // Queues a job (the raster is taken). False, and nothing queued, while
    // another job is queued or running: one slip at a time.
    bool submit(const PrinterConfig& printer, Raster1 slip, const EscPosOptions& o = {});
    // The outcome of the job submitted last, once it is done — handed out once.
    std::optional<PrintOutcome> take_outcome();
    // A job is queued or running (the UI keeps drawing frames to poll).
    bool busy() const;
    // Forgets the current job (see above). Returns at once; never waits for the printer.
    void cancel();

    // Asks the printer for its status on the worker's thread (after the slip
    // being sent, if any). Asked again while a question is pending: nothing more.
    void request_status(const PrinterConfig& printer);
    struct StatusAnswer {
        bool pending = false;                  // asked, not answered yet
        std::optional<PrinterStatus> status;   // the last answer (kept while a new one is pending)
    };
    StatusAnswer status() const;

    struct Attempt {
        // Its result only, not its time: when a slip was printed would tell
        // when someone used the kiosk (the fleet status file holds back its
        // outcomes for the same reason, bundle_loader.hpp).
        PrintOutcome::Result result = PrintOutcome::Result::not_configured;
    };
    // The last print attempt that ended since the worker started (nullopt: none).
    std::optional<Attempt> last_attempt() const;

private:
    void run();

    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool quit_ = false;
    bool queued_ = false, running_ = false;
    PrinterConfig printer_;
    Raster1 slip_;
    EscPosOptions options_;
    std::optional<PrintOutcome> outcome_;
    std::atomic<bool> stop_{false};
    bool status_queued_ = false, status_running_ = false;
    PrinterConfig status_printer_;
    std::optional<PrinterStatus> status_;
    std::atomic<bool> status_stop_{false};  // the destructor only: a question is short and its answer is the staff's
    std::optional<Attempt> last_attempt_;
    unsigned job_ = 0;  // incremented by cancel(): a finished job of an older number is dropped
    check::OwnerThread caller_;
    std::thread thread_;
};

}  // namespace madoguchi::print
