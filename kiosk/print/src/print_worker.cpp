// SPDX-License-Identifier: Apache-2.0
// print_worker.cpp — see print_worker.hpp.
#include "madoguchi/print/print_worker.hpp"

#include "madoguchi/base/quiet_thread.hpp"
#include "madoguchi/base/secure_clear.hpp"

namespace madoguchi::print {
namespace {

constexpr const char* kCallerRule = "PrintWorker: its caller's side (submit, take_outcome, busy, cancel, status) from the thread that prints";

void scrub(Raster1& r) {
    base::secure_clear(r.bits);
    r = Raster1{};
}

}  // namespace

PrintWorker::PrintWorker() : thread_(base::start_quiet_thread([this] { run(); })) {}

PrintWorker::~PrintWorker() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        quit_ = true;
        stop_ = true;
        status_stop_ = true;
        if (queued_) scrub(slip_);
        queued_ = false;
    }
    cv_.notify_all();
    thread_.join();
}

bool PrintWorker::submit(const PrinterConfig& printer, Raster1 slip, const EscPosOptions& o) {
    caller_.check(kCallerRule);
    std::lock_guard<std::mutex> lock(mu_);
    if (queued_ || running_) {
        scrub(slip);
        return false;
    }
    printer_ = printer;
    slip_ = std::move(slip);
    options_ = o;
    outcome_.reset();
    stop_ = false;
    queued_ = true;
    cv_.notify_all();
    return true;
}

std::optional<PrintOutcome> PrintWorker::take_outcome() {
    caller_.check(kCallerRule);
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<PrintOutcome> out;
    out.swap(outcome_);
    return out;
}

bool PrintWorker::busy() const {
    caller_.check(kCallerRule);
    std::lock_guard<std::mutex> lock(mu_);
    return queued_ || running_;
}

void PrintWorker::cancel() {
    caller_.check(kCallerRule);
    std::lock_guard<std::mutex> lock(mu_);
    ++job_;
    stop_ = true;  // a running job stops at its next wait
    if (queued_) scrub(slip_);
    queued_ = false;
    outcome_.reset();
}

void PrintWorker::request_status(const PrinterConfig& printer) {
    caller_.check(kCallerRule);
    std::lock_guard<std::mutex> lock(mu_);
    if (status_queued_ || status_running_) return;
    status_printer_ = printer;
    status_queued_ = true;
    cv_.notify_all();
}

PrintWorker::StatusAnswer PrintWorker::status() const {
    caller_.check(kCallerRule);
    std::lock_guard<std::mutex> lock(mu_);
    return {status_queued_ || status_running_, status_};
}

std::optional<PrintWorker::Attempt> PrintWorker::last_attempt() const {
    caller_.check(kCallerRule);
    std::lock_guard<std::mutex> lock(mu_);
    return last_attempt_;
}

void PrintWorker::run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        cv_.wait(lock, [this] { return quit_ || queued_ || status_queued_; });
        if (quit_) return;
        if (!queued_) {  // only a status question: slips go first
            const PrinterConfig printer = status_printer_;
            status_queued_ = false;
            status_running_ = true;
            lock.unlock();
            PrinterStatus answer = query_printer_status(printer, &status_stop_);
            lock.lock();
            status_running_ = false;
            status_ = std::move(answer);
            continue;
        }
        MADOGUCHI_ASSERT(!running_, "PrintWorker: one job at a time (submit refuses while one runs)");
        // Take the job out of the shared slot: the printer is driven without the lock.
        Raster1 slip = std::move(slip_);
        slip_ = Raster1{};
        const PrinterConfig printer = printer_;
        const EscPosOptions options = options_;
        const unsigned job = job_;
        queued_ = false;
        running_ = true;
        lock.unlock();
        PrintOutcome out = print_raster(printer, slip, options, &stop_);
        scrub(slip);
        lock.lock();
        running_ = false;
        const bool cancelled = job != job_;
        // The staff's record: the result, never the slip nor when. A job the
        // visitor let go of (とじる, the idle wipe) leaves it as it was: that
        // they closed the screen mid-print is nobody's business.
        if (!cancelled) last_attempt_ = Attempt{out.result};
        if (!cancelled && !quit_) outcome_ = std::move(out);  // a cancelled job's outcome is nobody's
    }
}

}  // namespace madoguchi::print
