// SPDX-License-Identifier: Apache-2.0
// test_printer.cpp — print_raster against fake printers (TCP on 127.0.0.1, a
// pseudo-terminal as the device), a regular file as the device, and the
// PNG / PBM previews.
//
// The time limits here are small (300 ms) so the failing cases are quick; the
// elapsed-time checks only prove that the kiosk gave up near its limit instead
// of hanging, with a wide margin for sanitizer builds.
#include <doctest/doctest.h>
#include <stb/stb_image.h>

#include <algorithm>

#include "escpos_decoder.hpp"
#include "madoguchi/print/printer.hpp"
#include "print_test_support.hpp"

using namespace madoguchi::print;
using namespace madoguchi::print::test;
using Result = PrintOutcome::Result;

namespace {

constexpr int kShortTimeoutMs = 300;
constexpr auto kMargin = std::chrono::milliseconds(2000);

long elapsed_ms(Clock::time_point since) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

// Decodes `bytes` with the spec decoder and rebuilds the raster.
Raster1 decoded_raster(const std::vector<uint8_t>& bytes, int width) {
    const DecodedJob d = decode_escpos_job(bytes);
    REQUIRE(d.error == "");
    REQUIRE(d.bytes_per_row == (width + 7) / 8);
    Raster1 r(width, d.rows);
    REQUIRE(r.bits.size() == d.bits.size());
    r.bits = d.bits;
    return r;
}

const std::vector<uint8_t> kQuery = {0x10, 0x04, 0x04};

}  // namespace

TEST_CASE("tcp: paper OK, the printer receives the whole slip") {
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::answer_then_read, 0x12);
    REQUIRE(fake.ok());
    const Raster1 slip = random_raster(576, 1000);
    const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::tcp, .target = fake.target()}, slip);
    const Received got = fake.finish();
    CHECK(to_string(out.result) == "printed");
    CHECK(out.message == "The slip was printed.");
    CHECK(out.paper == PaperStatus::ok);
    CHECK(got.query == kQuery);
    CHECK(decoded_raster(got.job, 576) == slip);
}

TEST_CASE("tcp: paper near end still prints, and says so") {
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::answer_then_read, 0x1E);
    REQUIRE(fake.ok());
    const Raster1 slip = random_raster(384, 300);
    const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .dots = 384},
                                          slip, {.band_rows = 64});
    const Received got = fake.finish();
    CHECK(to_string(out.result) == "printed");
    CHECK(out.message == "The slip was printed. The paper is running low.");
    CHECK(out.paper == PaperStatus::near_end);
    CHECK(decoded_raster(got.job, 384) == slip);
    CHECK(decode_escpos_job(got.job).band_rows.size() == 5);  // 300 rows in bands of 64
}

TEST_CASE("tcp: paper end → paper_out, and no raster byte is sent") {
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::answer_then_read, 0x7E);
    REQUIRE(fake.ok());
    const PrintOutcome out =
        print_raster({.kind = PrinterConfig::Kind::tcp, .target = fake.target()}, random_raster(576, 200));
    const Received got = fake.finish();
    CHECK(to_string(out.result) == "paper_out");
    CHECK(out.message == "The printer is out of paper.");
    CHECK(out.paper == PaperStatus::out);
    CHECK(got.query == kQuery);
    CHECK(got.job.empty());
}

TEST_CASE("tcp: a printer that takes the connection but never answers → timeout") {
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::silent);
    REQUIRE(fake.ok());
    const auto start = Clock::now();
    const PrintOutcome out = print_raster(
        {.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .timeout_ms = kShortTimeoutMs},
        random_raster(576, 200));
    const long ms = elapsed_ms(start);
    const Received got = fake.finish();
    CHECK(got.accepted);
    CHECK(to_string(out.result) == "timeout");
    CHECK(out.message == "The printer did not answer in time.");
    CHECK(ms >= kShortTimeoutMs - 10);
    CHECK(ms < kShortTimeoutMs + kMargin.count());
}

TEST_CASE("tcp: a printer that stops reading mid-job → timeout, bounded") {
    // The fake's receive buffer is tiny and it never reads the job, so the
    // kiosk's send stalls once its own socket buffer is full. The job must be
    // larger than the biggest send buffer Linux may grow to (tcp_wmem max).
    long wmem_max = 4 * 1024 * 1024;
    {
        std::ifstream in("/proc/sys/net/ipv4/tcp_wmem");
        long lo = 0, def = 0, max = 0;
        if (in >> lo >> def >> max) wmem_max = max;
    }
    const int rows = static_cast<int>((2 * wmem_max + (1 << 20)) / 72);  // 72 bytes per row at 576 dots
    FakeTcpPrinter fake(FakeTcpPrinter::Mode::answer_then_stall, 0x12, 4096);
    REQUIRE(fake.ok());
    const auto start = Clock::now();
    const PrintOutcome out = print_raster(
        {.kind = PrinterConfig::Kind::tcp, .target = fake.target(), .timeout_ms = kShortTimeoutMs},
        Raster1(576, rows));
    const long ms = elapsed_ms(start);
    fake.finish();
    CHECK(to_string(out.result) == "timeout");
    CHECK(out.paper == PaperStatus::ok);  // it did answer the status
    CHECK(ms >= kShortTimeoutMs - 10);
    CHECK(ms < 10 * kShortTimeoutMs + kMargin.count());  // stall limit, within the 10·t job limit
}

TEST_CASE("tcp: nothing listening → no_printer") {
    const int port = unused_loopback_port();
    REQUIRE(port > 0);
    const PrintOutcome out = print_raster(
        {.kind = PrinterConfig::Kind::tcp, .target = "127.0.0.1:" + std::to_string(port), .timeout_ms = kShortTimeoutMs},
        random_raster(576, 10));
    CHECK(to_string(out.result) == "no_printer");
    CHECK(out.message == "No printer answered.");
}

TEST_CASE("tcp: addresses that are not numeric host:port are refused before any connection") {
    const char* bad[] = {"printer.local:9100", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                         "127.0.0.1:91x0",     "[::1",       "[::1]9100",   ":9100"};
    for (const char* target : bad) {
        CAPTURE(target);
        const PrintOutcome out =
            print_raster({.kind = PrinterConfig::Kind::tcp, .target = target}, random_raster(576, 10));
        CHECK(to_string(out.result) == "not_configured");
        CHECK(out.message ==
              "The printer address is not valid; it must be a numeric address and port, like 192.168.1.50:9100.");
    }
}

TEST_CASE("device: a regular file stands in for /dev/usb/lp0") {
    TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("lp0");
    { std::ofstream(path, std::ios::binary); }  // exists, empty
    const Raster1 slip = random_raster(512, 257);
    const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::device, .target = path, .dots = 512}, slip);
    CHECK(to_string(out.result) == "printed");
    // A regular file cannot answer DLE EOT 4, so it is not asked (the query
    // would end up in the file) and the outcome says the paper was unchecked.
    CHECK(out.paper == PaperStatus::unknown);
    CHECK(out.message == "The slip was sent to the printer; its paper could not be checked.");
    const auto bytes = read_file(path);
    CHECK(bytes == encode_escpos(slip));
    CHECK(decoded_raster(bytes, 512) == slip);
}

TEST_CASE("device: a missing device is no_printer, and is not created") {
    TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("lp9");
    const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::device, .target = path}, random_raster(576, 10));
    CHECK(to_string(out.result) == "no_printer");
    CHECK(out.message == "No printer answered.");
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("device: a directory is not a printer") {
    TempDir dir;
    REQUIRE(dir.ok());
    const PrintOutcome out =
        print_raster({.kind = PrinterConfig::Kind::device, .target = dir.file("")}, random_raster(576, 10));
    CHECK(to_string(out.result) == "io_error");
}

TEST_CASE("device: a character device that answers DLE EOT 4 (pseudo-terminal)") {
    SUBCASE("paper OK") {
        FakePtyPrinter fake(0x12);
        REQUIRE(fake.ok());
        const Raster1 slip = random_raster(576, 1000);
        const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::device, .target = fake.path()}, slip);
        const Received got = fake.finish();
        CHECK(to_string(out.result) == "printed");
        CHECK(out.paper == PaperStatus::ok);
        CHECK(out.message == "The slip was printed.");
        CHECK(got.query == kQuery);
        CHECK(decoded_raster(got.job, 576) == slip);
    }
    SUBCASE("paper end: nothing but the question is sent") {
        FakePtyPrinter fake(0x72);
        REQUIRE(fake.ok());
        const PrintOutcome out =
            print_raster({.kind = PrinterConfig::Kind::device, .target = fake.path()}, random_raster(576, 100));
        const Received got = fake.finish();
        CHECK(to_string(out.result) == "paper_out");
        CHECK(out.message == "The printer is out of paper.");
        CHECK(got.query == kQuery);
        CHECK(got.job.empty());
    }
    SUBCASE("a line left in cooked mode (a serial port) is switched to raw") {
        FakePtyPrinter fake(0x12, /*raw=*/false);
        REQUIRE(fake.ok());
        const Raster1 slip = random_raster(576, 300);
        REQUIRE(std::count(slip.bits.begin(), slip.bits.end(), uint8_t{0x0A}) > 0);  // newlines in the picture
        const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::device, .target = fake.path()}, slip);
        const Received got = fake.finish();
        CHECK(to_string(out.result) == "printed");
        CHECK(out.paper == PaperStatus::ok);  // the reply was not held back waiting for a newline
        CHECK(got.query == kQuery);
        CHECK(decoded_raster(got.job, 576) == slip);  // no 0A → 0D 0A
    }
    SUBCASE("no answer: prints anyway after a short wait, paper unknown") {
        FakePtyPrinter fake(std::nullopt);
        REQUIRE(fake.ok());
        const Raster1 slip = random_raster(384, 256);
        const auto start = Clock::now();
        const PrintOutcome out = print_raster(
            {.kind = PrinterConfig::Kind::device, .target = fake.path(), .timeout_ms = kShortTimeoutMs}, slip);
        const long ms = elapsed_ms(start);
        const Received got = fake.finish();
        CHECK(to_string(out.result) == "printed");
        CHECK(out.paper == PaperStatus::unknown);
        CHECK(out.message == "The slip was sent to the printer; its paper could not be checked.");
        CHECK(ms >= kShortTimeoutMs - 10);
        CHECK(ms < kShortTimeoutMs + kMargin.count());
        CHECK(got.query == kQuery);
        CHECK(decoded_raster(got.job, 384) == slip);
    }
}

TEST_CASE("png preview: written and read back") {
    TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("slip.png");
    const Raster1 slip = random_raster(100, 37);  // width not a multiple of 8
    const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::png, .target = path}, slip);
    CHECK(to_string(out.result) == "printed");
    CHECK(out.message == "The preview was written.");
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 1);
    REQUIRE(px != nullptr);
    CHECK(w == 100);
    CHECK(h == 37);
    int mismatches = 0, grey = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const unsigned char v = px[y * w + x];
            if (v != 0 && v != 255) ++grey;
            if ((v == 0) != slip.get(x, y)) ++mismatches;  // black ink on white paper
        }
    stbi_image_free(px);
    CHECK(grey == 0);
    CHECK(mismatches == 0);
}

TEST_CASE("pbm preview: P4 written and read back") {
    TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("slip.pbm");
    const Raster1 slip = random_raster(100, 37);
    const PrintOutcome out = print_raster({.kind = PrinterConfig::Kind::pbm, .target = path}, slip);
    CHECK(to_string(out.result) == "printed");
    const auto bytes = read_file(path);
    const std::string header = "P4\n100 37\n";
    REQUIRE(bytes.size() > header.size());
    CHECK(std::string(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(header.size())) == header);
    const auto back = parse_pbm_p4(bytes);
    REQUIRE(back.has_value());
    CHECK(*back == slip);
    CHECK((fs::status(path).permissions() & fs::perms::others_read) == fs::perms::none);
}

TEST_CASE("write_pbm: failures say why and leave nothing behind") {
    TempDir dir;
    REQUIRE(dir.ok());
    std::string err;
    CHECK_FALSE(write_pbm(random_raster(8, 8), dir.file("no/such/dir.pbm"), &err));
    CHECK(err == "cannot write " + dir.file("no/such/dir.pbm") + ": No such file or directory");
    CHECK_FALSE(write_pbm(Raster1{}, dir.file("empty.pbm"), &err));
    CHECK(err == "cannot write " + dir.file("empty.pbm") + ": the raster is empty or malformed");
    CHECK_FALSE(fs::exists(dir.file("empty.pbm")));
    CHECK_FALSE(write_pbm(Raster1{}, dir.file("x.pbm"), nullptr));  // no error pointer: fine
}

TEST_CASE("print_raster: what is checked before anything is sent") {
    TempDir dir;
    REQUIRE(dir.ok());
    struct Case {
        const char* what;
        PrinterConfig printer;
        Raster1 slip;
        const char* result;
        const char* message;
    };
    Raster1 malformed(16, 4);
    malformed.bits.resize(3);
    const Case cases[] = {
        {"no printer", {}, random_raster(576, 10), "not_configured", "No printer is set up."},
        {"no target", {.kind = PrinterConfig::Kind::device}, random_raster(576, 10), "not_configured",
         "The printer is not set up: no device, address or file is given."},
        {"empty slip", {.kind = PrinterConfig::Kind::pbm, .target = dir.file("a.pbm")}, Raster1{}, "io_error",
         "The slip could not be prepared for printing."},
        {"malformed slip", {.kind = PrinterConfig::Kind::png, .target = dir.file("a.png")}, malformed, "io_error",
         "The slip could not be prepared for printing."},
        {"slip wider than a 58 mm printer", {.kind = PrinterConfig::Kind::device, .target = dir.file("lp0"), .dots = 384},
         random_raster(576, 10), "not_configured", "The slip is wider than the printer; check the printer's dot width."},
        {"slip wider than the default 576", {.kind = PrinterConfig::Kind::tcp, .target = "127.0.0.1:9"},
         random_raster(640, 10), "not_configured", "The slip is wider than the printer; check the printer's dot width."},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        const PrintOutcome out = print_raster(c.printer, c.slip);
        CHECK(to_string(out.result) == c.result);
        CHECK(out.message == c.message);
    }
    CHECK_FALSE(fs::exists(dir.file("a.pbm")));
    CHECK_FALSE(fs::exists(dir.file("a.png")));
    CHECK_FALSE(fs::exists(dir.file("lp0")));
}

TEST_CASE("defaults: zero values") {
    CHECK(effective_timeout_ms({}) == 3000);
    CHECK(effective_dots({}) == 576);
    CHECK(effective_dots({.dots = 384}) == 384);
    CHECK(effective_timeout_ms({.timeout_ms = 250}) == 250);
}
