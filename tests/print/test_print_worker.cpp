// SPDX-License-Identifier: Apache-2.0
// test_print_worker.cpp — printing off the UI thread (print_worker.hpp): the
// caller never waits for a printer, cancel() lets go of a printer that does not
// answer within a frame or two, and a cancelled job's outcome is nobody's.
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "../support/dies_in_child.hpp"
#include "madoguchi/print/print_worker.hpp"
#include "print_test_support.hpp"

using namespace madoguchi::print;
using namespace madoguchi::print::test;

namespace {

constexpr int kLongTimeoutMs = 5000;  // a printer that would hold a synchronous kiosk for a minute

long ms_since(Clock::time_point t) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count());
}

// Polls `done` like a UI does once per frame (16 ms); false after `limit_ms`.
template <typename F>
bool within_ms(long limit_ms, F done) {
    const auto start = Clock::now();
    while (!done()) {
        if (ms_since(start) > limit_ms) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
    return true;
}

}  // namespace

TEST_CASE("print worker: a printer that never answers does not hold the caller, and cancel lets go of it at once") {
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::silent);
    REQUIRE(fake.ok());
    PrintWorker w;
    const auto t0 = Clock::now();
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .timeout_ms = kLongTimeoutMs}, random_raster(576, 300)));
    CHECK(ms_since(t0) < 100);  // submit only queues
    // A few frames later the job is still waiting for the printer.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(w.busy());
    CHECK_FALSE(w.take_outcome());
    // とじる: the session wipe cancels; the call itself returns at once.
    const auto t1 = Clock::now();
    w.cancel();
    CHECK(ms_since(t1) < 20);
    // The worker lets go of the printer within its stop check (50 ms), far
    // before the 5 s timeout, with a wide margin for sanitizer builds.
    CHECK(within_ms(1000, [&] { return !w.busy(); }));
    CHECK(ms_since(t0) < kLongTimeoutMs);
    // Its outcome is handed to nobody: the next visitor learns nothing.
    CHECK_FALSE(w.take_outcome());
    const Received got = fake.finish();
    CHECK(got.accepted);
    CHECK(got.job.empty());  // nothing of the slip was sent
}

TEST_CASE("print worker: a printer that stops reading mid-job is let go of when cancelled, the rest unsent") {
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::answer_then_stall, 0x12, 4096);
    REQUIRE(fake.ok());
    PrintWorker w;
    // Large enough to fill every socket buffer (see test_printer.cpp).
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .timeout_ms = kLongTimeoutMs}, Raster1(576, 200000)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(w.busy());
    w.cancel();
    CHECK(within_ms(1000, [&] { return !w.busy(); }));
    CHECK_FALSE(w.take_outcome());
}

TEST_CASE("print worker: a finished job's outcome is handed out once; one job at a time") {
    TempDir dir;
    const std::string out = dir.file("slip.pbm");
    PrintWorker w;
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::pbm, .target = out}, random_raster(384, 40)));
    std::optional<PrintOutcome> o;
    CHECK(within_ms(5000, [&] { return (o = w.take_outcome()).has_value(); }));
    REQUIRE(o);
    CHECK(o->result == PrintOutcome::Result::printed);
    CHECK(std::filesystem::exists(out));
    CHECK_FALSE(w.take_outcome());  // once
    CHECK_FALSE(w.busy());

    FakeTcpPrinter fake(FakeTcpPrinter::Mode::silent);
    REQUIRE(fake.ok());
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .timeout_ms = kLongTimeoutMs}, random_raster(576, 10)));
    CHECK_FALSE(w.submit({.kind = PrinterConfig::Kind::pbm, .target = out}, random_raster(384, 40)));  // busy: refused
    w.cancel();
    CHECK(within_ms(1000, [&] { return !w.busy(); }));
    // After a cancel the next visitor's job runs normally.
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::pbm, .target = out}, random_raster(384, 40)));
    CHECK(within_ms(5000, [&] { return (o = w.take_outcome()).has_value(); }));
    CHECK(o->result == PrintOutcome::Result::printed);
}

TEST_CASE("print_raster: a stop flag already set sends nothing") {
    std::atomic<bool> stop{true};
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::answer_then_read);
    REQUIRE(fake.ok());
    const PrintOutcome o = print_raster({.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .timeout_ms = 300},
                                        random_raster(576, 20), {}, &stop);
    CHECK(o.result == PrintOutcome::Result::cancelled);
    CHECK(to_string(o.result) == "cancelled");
    CHECK_FALSE(fake.finish().accepted);
}

TEST_CASE("print worker: the status is asked on its thread and shown on a later poll") {
    FakeTcpPrinter fake(Replies{0x12, 0x12, 0x1E});
    REQUIRE(fake.ok());
    PrintWorker w;
    CHECK_FALSE(w.status().pending);
    CHECK_FALSE(w.status().status);
    const auto t0 = Clock::now();
    w.request_status({.kind = PrinterConfig::Kind::tcp, .target = fake.target()});
    CHECK(ms_since(t0) < 100);  // only queued
    PrintWorker::StatusAnswer a;
    CHECK(within_ms(5000, [&] { return (a = w.status()).status.has_value() && !a.pending; }));
    REQUIRE(a.status);
    CHECK(a.status->reply == PrinterStatus::Reply::answered);
    CHECK(a.status->paper == PaperStatus::near_end);
    CHECK(w.status().status.has_value());  // kept: shown on every frame, not handed out once
    CHECK_FALSE(w.busy());                 // a question is not a slip
    CHECK(fake.finish().asked == std::vector<uint8_t>{1, 2, 4});
}

TEST_CASE("print worker: a question asked while a slip is sent waits for it; the printer is never shared") {
    FakeTcpPrinter silent(FakeTcpPrinter::Mode::silent);
    FakeTcpPrinter answers(Replies{0x12, 0x12, 0x12});
    REQUIRE(silent.ok());
    REQUIRE(answers.ok());
    PrintWorker w;
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::tcp, .target = silent.target(), .timeout_ms = kLongTimeoutMs},
                     random_raster(576, 10)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    w.request_status({.kind = PrinterConfig::Kind::tcp, .target = answers.target()});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(w.status().pending);  // the slip holds the worker
    CHECK_FALSE(w.status().status);
    w.cancel();
    PrintWorker::StatusAnswer a;
    CHECK(within_ms(5000, [&] { return (a = w.status()).status.has_value(); }));
    REQUIRE(a.status);
    CHECK(a.status->reply == PrinterStatus::Reply::answered);
    CHECK(silent.finish().job.empty());
}

TEST_CASE("print worker: the last print attempt — its result (never its time); a cancelled one leaves it as it was") {
    TempDir dir;
    PrintWorker w;
    CHECK_FALSE(w.last_attempt());
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::pbm, .target = dir.file("slip.pbm")}, random_raster(384, 40)));
    CHECK(within_ms(5000, [&] { return w.take_outcome().has_value(); }));
    auto last = w.last_attempt();
    REQUIRE(last);
    CHECK(last->result == PrintOutcome::Result::printed);
    CHECK(w.last_attempt());  // kept for the staff, not handed out once

    // A slip refused for want of paper.
    FakeTcpPrinter empty(FakeTcpPrinter::Mode::answer_then_read, 0x72);
    REQUIRE(empty.ok());
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::tcp, .target = empty.target()}, random_raster(576, 10)));
    CHECK(within_ms(5000, [&] { return w.take_outcome().has_value(); }));
    REQUIRE(w.last_attempt());
    CHECK(w.last_attempt()->result == PrintOutcome::Result::paper_out);

    // A visitor's slip cancelled mid-way (the session ended): what it did is
    // nobody's, and that it was cancelled is not recorded either.
    FakeTcpPrinter silent(FakeTcpPrinter::Mode::silent);
    REQUIRE(silent.ok());
    REQUIRE(w.submit({.kind = PrinterConfig::Kind::tcp, .target = silent.target(), .timeout_ms = kLongTimeoutMs},
                     random_raster(576, 10)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    w.cancel();
    CHECK(within_ms(1000, [&] { return !w.busy(); }));
    REQUIRE(w.last_attempt());
    CHECK(w.last_attempt()->result == PrintOutcome::Result::paper_out);  // the one before
}

#ifndef NDEBUG
// print_worker.hpp: the caller's side belongs to the thread that prints; an
// outcome taken on another thread stops a debug build.
TEST_CASE("print worker: its caller's side from another thread stops a debug build") {
    CHECK(madoguchi::test::aborts([] {
        PrintWorker w;
        CHECK_FALSE(w.busy());
        std::thread([&] { w.take_outcome(); }).join();
    }));
}
#endif
