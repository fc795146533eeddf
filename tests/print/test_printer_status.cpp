// SPDX-License-Identifier: Apache-2.0
// test_printer_status.cpp — what a printer says about itself (query_printer_status:
// DLE EOT 1, 2 and 4) against fake printers on 127.0.0.1 and on a
// pseudo-terminal, and the USB printers found in a folder (find_usb_printers).
//
// The replies are the bytes the Epson ESC/POS reference gives for DLE EOT:
// fixed bits 0x12, then
//   n = 1  bit 3 (0x08) offline
//   n = 2  bit 2 (0x04) cover open, bit 5 (0x20) stopped by paper end, bit 6 (0x40) error
//   n = 4  bits 2-3 (0x0C) near end, bits 5-6 (0x60) paper end
// As in test_printer.cpp, the elapsed-time checks only prove the kiosk gave
// up near its limit instead of hanging, with a wide margin.
#include <doctest/doctest.h>

#include <filesystem>

#include "madoguchi/print/printer.hpp"
#include "print_test_support.hpp"

using namespace madoguchi::print;
using namespace madoguchi::print::test;
using Reply = PrinterStatus::Reply;

namespace {

constexpr int kShortTimeoutMs = 300;
constexpr long kMarginMs = 2000;
const std::vector<uint8_t> kAskedAll = {1, 2, 4};

long elapsed_ms(Clock::time_point since) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

PrinterStatus ask_tcp(FakeTcpPrinter& fake, int timeout_ms = 0) {
    return query_printer_status({.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .timeout_ms = timeout_ms});
}

}  // namespace

TEST_CASE("status, tcp: what the printer answers to DLE EOT 1, 2 and 4") {
    struct Case {
        const char* what;
        Replies replies;
        PaperStatus paper;
        bool cover_open, offline, error;
        const char* message;
    };
    const Case cases[] = {
        {"ready, paper OK", {0x12, 0x12, 0x12}, PaperStatus::ok, false, false, false, "The printer is ready."},
        {"paper near its end", {0x12, 0x12, 0x1E}, PaperStatus::near_end, false, false, false,
         "The paper is running low: change the roll soon."},
        {"one near-end bit is enough", {0x12, 0x12, 0x16}, PaperStatus::near_end, false, false, false,
         "The paper is running low: change the roll soon."},
        {"paper out: offline, stopped by paper end, roll sensor empty", {0x1A, 0x32, 0x72}, PaperStatus::out, false,
         true, false, "The printer is out of paper."},
        {"cover open: offline because of it", {0x1A, 0x16, 0x12}, PaperStatus::ok, true, true, false,
         "The printer's cover is open."},
        {"an error", {0x1A, 0x52, 0x12}, PaperStatus::ok, false, true, true, "The printer reports an error."},
        {"offline for no reason it gives", {0x1A, 0x12, 0x12}, PaperStatus::ok, false, true, false,
         "The printer is offline."},
        {"cover open and paper near its end", {0x1A, 0x16, 0x1E}, PaperStatus::near_end, true, true, false,
         "The paper is running low: change the roll soon. The printer's cover is open."},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        FakeTcpPrinter fake(c.replies);
        REQUIRE(fake.ok());
        const PrinterStatus s = ask_tcp(fake);
        const Received got = fake.finish();
        CHECK(to_string(s.reply) == "answered");
        CHECK(to_string(s.paper) == to_string(c.paper));
        CHECK(s.cover_open == c.cover_open);
        CHECK(s.offline == c.offline);
        CHECK(s.error == c.error);
        CHECK(s.message == c.message);
        CHECK(got.asked == kAskedAll);
        CHECK(got.job.empty());  // asking sends nothing but the questions
    }
}

TEST_CASE("status, tcp: a printer that takes the connection but never answers → no_answer, bounded") {
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::silent);
    REQUIRE(fake.ok());
    const auto start = Clock::now();
    const PrinterStatus s = ask_tcp(fake, kShortTimeoutMs);
    const long ms = elapsed_ms(start);
    CHECK(fake.finish().accepted);
    CHECK(s.reply == Reply::no_answer);
    CHECK(s.message == "The printer did not answer in time.");
    CHECK(s.paper == PaperStatus::unknown);
    CHECK(ms >= kShortTimeoutMs - 10);
    CHECK(ms < kShortTimeoutMs + kMarginMs);  // one limit for all three questions, not three
}

TEST_CASE("status, tcp: replies that are not DLE EOT replies → not_reported") {
    FakeTcpPrinter fake(Replies{0xFF, 0x00, 0x80});
    REQUIRE(fake.ok());
    const PrinterStatus s = ask_tcp(fake);
    CHECK(fake.finish().asked == kAskedAll);
    CHECK(s.reply == Reply::not_reported);
    CHECK(s.message == "This printer does not report its status.");
}

TEST_CASE("status, tcp: nothing listening → no_answer; a bad address → not_configured") {
    const int port = unused_loopback_port();
    REQUIRE(port > 0);
    const PrinterStatus none = query_printer_status(
        {.kind = PrinterConfig::Kind::tcp, .target = "127.0.0.1:" + std::to_string(port), .timeout_ms = kShortTimeoutMs});
    CHECK(none.reply == Reply::no_answer);
    CHECK(none.message == "No printer answered.");
    const PrinterStatus bad = query_printer_status({.kind = PrinterConfig::Kind::tcp, .target = "printer.local:9100"});
    CHECK(bad.reply == Reply::not_configured);
    CHECK(bad.message ==
          "The printer address is not valid; it must be a numeric address and port, like 192.168.1.50:9100.");
}

TEST_CASE("status, device: a character device that answers (pseudo-terminal)") {
    SUBCASE("paper near its end") {
        FakePtyPrinter fake(Replies{0x12, 0x12, 0x1E});
        REQUIRE(fake.ok());
        const PrinterStatus s = query_printer_status({.kind = PrinterConfig::Kind::device, .target = fake.path()});
        const Received got = fake.finish();
        CHECK(s.reply == Reply::answered);
        CHECK(s.paper == PaperStatus::near_end);
        CHECK_FALSE(s.cover_open);
        CHECK(got.asked == kAskedAll);
        CHECK(got.job.empty());
    }
    SUBCASE("cover open, on a line left in cooked mode (a serial port)") {
        FakePtyPrinter fake(Replies{0x1A, 0x16, 0x12}, /*raw=*/false);
        REQUIRE(fake.ok());
        const PrinterStatus s = query_printer_status({.kind = PrinterConfig::Kind::device, .target = fake.path()});
        CHECK(fake.finish().asked == kAskedAll);
        CHECK(s.reply == Reply::answered);
        CHECK(s.cover_open);
        CHECK(s.offline);
        CHECK(s.message == "The printer's cover is open.");
    }
    SUBCASE("a one-way printer that never answers → not_reported, after a short wait") {
        FakePtyPrinter fake(Replies{});
        REQUIRE(fake.ok());
        const auto start = Clock::now();
        const PrinterStatus s = query_printer_status(
            {.kind = PrinterConfig::Kind::device, .target = fake.path(), .timeout_ms = kShortTimeoutMs});
        const long ms = elapsed_ms(start);
        const Received got = fake.finish();
        CHECK(s.reply == Reply::not_reported);
        CHECK(s.message == "This printer does not report its status.");
        CHECK(got.asked == std::vector<uint8_t>{1});  // no answer to the first: not asked again
        CHECK(ms >= kShortTimeoutMs - 10);
        CHECK(ms < kShortTimeoutMs + kMarginMs);
    }
}

TEST_CASE("status, device: a regular file is not asked, a missing device is not created") {
    TempDir dir;
    REQUIRE(dir.ok());
    const std::string file = dir.file("lp0");
    { std::ofstream(file, std::ios::binary); }
    const PrinterStatus s = query_printer_status({.kind = PrinterConfig::Kind::device, .target = file});
    CHECK(s.reply == Reply::not_reported);
    CHECK(fs::file_size(file) == 0);  // no question written into it
    const std::string missing = dir.file("lp9");
    const PrinterStatus m = query_printer_status({.kind = PrinterConfig::Kind::device, .target = missing});
    CHECK(m.reply == Reply::no_answer);
    CHECK(m.message == "No printer answered.");
    CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("status: no printer, no target, previews") {
    TempDir dir;
    REQUIRE(dir.ok());
    CHECK(query_printer_status({}).reply == Reply::not_configured);
    CHECK(query_printer_status({}).message == "No printer is set up.");
    CHECK(query_printer_status({.kind = PrinterConfig::Kind::device}).reply == Reply::not_configured);
    const PrinterStatus png = query_printer_status({.kind = PrinterConfig::Kind::png, .target = dir.file("a.png")});
    CHECK(png.reply == Reply::not_reported);
    CHECK_FALSE(fs::exists(dir.file("a.png")));
}

TEST_CASE("DLE EOT 1 and 2 replies: fixed bits checked, flags read") {
    CHECK(is_dle_eot_reply(0x12));
    CHECK_FALSE(is_dle_eot_reply(0x13));  // bit 0 must be 0
    CHECK_FALSE(is_dle_eot_reply(0x92));  // bit 7 must be 0
    CHECK(reply_offline(0x1A));
    CHECK_FALSE(reply_offline(0x12));
    CHECK_FALSE(reply_offline(0x08));  // not a reply
    const OfflineCause c = parse_offline_cause(0x76);
    CHECK(c.cover_open);
    CHECK_FALSE(c.feed_button);
    CHECK(c.paper_end_stop);
    CHECK(c.error);
    const OfflineCause none = parse_offline_cause(0xFF);  // not a reply: nothing
    CHECK_FALSE(none.cover_open);
    CHECK_FALSE(none.error);
}

TEST_CASE("find_usb_printers: lp<digits> only, in natural order") {
    TempDir dir;
    REQUIRE(dir.ok());
    for (const char* name : {"lp10", "lp2", "lp0", "lp", "lpx", "lp1a", "printer", "xlp1"})
        std::ofstream(dir.file(name), std::ios::binary);
    CHECK(find_usb_printers(dir.file(""), UsbScan::any_file) ==
          std::vector<std::string>{dir.file("lp0"), dir.file("lp2"), dir.file("lp10")});
    // Regular files are not printers when the rule is the real one.
    CHECK(find_usb_printers(dir.file("")).empty());
    // A character device under such a name is (here /dev/null, through a link
    // as udev makes them).
    fs::create_symlink("/dev/null", dir.file("lp3"));
    CHECK(find_usb_printers(dir.file("")) == std::vector<std::string>{dir.file("lp3")});
    CHECK(find_usb_printers(dir.file("no-such-folder")).empty());
}
