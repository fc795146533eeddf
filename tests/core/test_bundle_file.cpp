// SPDX-License-Identifier: Apache-2.0
// The bundle container (a ustar archive of catalog.sqlite and its .minisig):
// round trips, interoperation with stock GNU tar both ways, and a table of
// hostile archives, each refused with its exact message.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include "madoguchi/core/bundle_file.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

using Bytes = std::vector<uint8_t>;


Bytes slurp_bytes(const std::string& path) {
    const std::string s = slurp(path);
    return Bytes(s.begin(), s.end());
}

void write_bytes(const std::string& path, const Bytes& b) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// Runs a shell command in `dir`; returns its exit status (stderr into dir/stderr.txt).
int run_in(const TempDir& dir, const std::string& cmd) {
    return std::system(("cd '" + dir.str() + "' && (" + cmd + ") 2>stderr.txt >/dev/null").c_str());
}

// Runs a shell command and returns its standard output.
std::string output_of(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, got);
    REQUIRE(pclose(p) == 0);
    return out;
}

// A catalogue with every byte value, and a signature-like text.
Bytes sample_catalogue(size_t n) {
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>((i * 131 + i / 256) & 0xff);
    return b;
}

BundleFile sample_bundle() {
    return {sample_catalogue(1000),
            "untrusted comment: signature from minisign secret key\nRUQ...\ntrusted comment: v=3\nabc==\n"};
}

std::string read_error(const Bytes& tar, const BundleLimits& limits = {}) {
    std::string error;
    const auto r = read_bundle_file(tar, limits, &error);
    CHECK_FALSE(r.has_value());
    return error;
}

// --- hand-made archives: one raw ustar member with any name/type/prefix ---

struct Raw {
    explicit Raw(std::string n) : name(std::move(n)) {}
    Raw& with_type(char t) { type = t; return *this; }
    Raw& with_data(std::string d) { data = std::move(d); return *this; }
    Raw& with_prefix(std::string p) { prefix = std::move(p); return *this; }
    Raw& with_size_field(std::string f) { size_field = std::move(f); return *this; }
    Raw& without_magic() { magic = false; return *this; }
    std::string name;
    char type = '0';
    std::string data;
    std::string prefix;
    std::string size_field;  // overrides the octal size when set
    bool magic = true;
};

void put_octal(uint8_t* h, size_t len, uint64_t v) {
    std::snprintf(reinterpret_cast<char*>(h), len, "%0*llo", static_cast<int>(len - 1),
                  static_cast<unsigned long long>(v));
}

Bytes raw(const Raw& m) {
    Bytes h(512, 0);
    std::memcpy(h.data(), m.name.data(), std::min<size_t>(m.name.size(), 100));
    put_octal(&h[100], 8, 0644);
    put_octal(&h[108], 8, 0);
    put_octal(&h[116], 8, 0);
    if (m.size_field.empty())
        put_octal(&h[124], 12, m.data.size());
    else
        std::memcpy(&h[124], m.size_field.data(), std::min<size_t>(m.size_field.size(), 12));
    put_octal(&h[136], 12, 0);
    h[156] = static_cast<uint8_t>(m.type);
    if (m.magic) std::memcpy(&h[257], "ustar\0" "00", 8);
    std::memcpy(&h[345], m.prefix.data(), std::min<size_t>(m.prefix.size(), 155));
    unsigned sum = 0;
    for (size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : h[i];
    put_octal(&h[148], 7, sum);
    h[155] = ' ';
    h.insert(h.end(), m.data.begin(), m.data.end());
    h.resize((h.size() + 511) / 512 * 512, 0);
    return h;
}

Bytes cat_member() { return raw(Raw("catalog.sqlite").with_data("SQLite format 3")); }
Bytes sig_member() { return raw(Raw("catalog.sqlite.minisig").with_data("sig")); }

Bytes archive(std::initializer_list<Bytes> members, bool end = true) {
    Bytes out;
    for (const auto& m : members) out.insert(out.end(), m.begin(), m.end());
    if (end) out.resize(out.size() + 1024, 0);
    return out;
}

// An archive made by stock tar in a fresh folder after `setup` (shell commands).
Bytes tar_made(const std::string& setup, const std::string& tar_args) {
    TempDir dir;
    REQUIRE(run_in(dir, setup) == 0);
    REQUIRE(run_in(dir, "tar " + tar_args) == 0);
    return slurp_bytes(dir.file("b.tar"));
}

BundleLimits limits(size_t file, size_t signature) {
    BundleLimits l;
    l.max_file_bytes = file;
    l.max_signature_bytes = signature;
    return l;
}

const std::string kBoth = "printf 'SQLite format 3' > catalog.sqlite && printf sig > catalog.sqlite.minisig";

}  // namespace

TEST_CASE("bundle file: round trip") {
    for (size_t n : {size_t{0}, size_t{1}, size_t{511}, size_t{512}, size_t{513}, size_t{70000}}) {
        CAPTURE(n);
        BundleFile b{sample_catalogue(n), n ? std::string(n % 300, 's') : std::string()};
        const Bytes tar = write_bundle_file(b);
        CHECK(tar.size() % 512 == 0);
        std::string error;
        const auto r = read_bundle_file(tar, {}, &error);
        REQUIRE_MESSAGE(r.has_value(), error);
        CHECK(r->catalogue == b.catalogue);
        CHECK(r->signature == b.signature);
    }
    // Zero padding after the end blocks (as tar pads to a 10240-byte record) is fine.
    Bytes padded = write_bundle_file(sample_bundle());
    padded.resize(10240, 0);
    CHECK(read_bundle_file(padded, {}, nullptr).has_value());
    padded.resize(10240 + 100, 0);
    CHECK(read_bundle_file(padded, {}, nullptr).has_value());
    // Either order.
    const auto r = read_bundle_file(archive({sig_member(), cat_member()}), {}, nullptr);
    REQUIRE(r.has_value());
    CHECK(r->signature == "sig");
    CHECK(std::string(r->catalogue.begin(), r->catalogue.end()) == "SQLite format 3");
}

TEST_CASE("bundle file: reads what stock tar writes") {
    const BundleFile want = sample_bundle();
    for (const std::string args :
         {"cf b.tar catalog.sqlite catalog.sqlite.minisig", "cf b.tar catalog.sqlite.minisig catalog.sqlite",
          "--format=ustar -cf b.tar catalog.sqlite catalog.sqlite.minisig",
          "--format=gnu -b 1 -cf b.tar catalog.sqlite catalog.sqlite.minisig"}) {
        CAPTURE(args);
        TempDir dir;
        write_bytes(dir.file("catalog.sqlite"), want.catalogue);
        dir.write("catalog.sqlite.minisig", want.signature);
        REQUIRE(run_in(dir, "tar " + args) == 0);
        std::string error;
        const auto r = read_bundle_file(slurp_bytes(dir.file("b.tar")), {}, &error);
        REQUIRE_MESSAGE(r.has_value(), error);
        CHECK(r->catalogue == want.catalogue);
        CHECK(r->signature == want.signature);
    }
}

TEST_CASE("bundle file: stock tar reads what we write") {
    const BundleFile b{sample_catalogue(70001), sample_bundle().signature};
    TempDir dir;
    write_bytes(dir.file("b.tar"), write_bundle_file(b));
    CHECK(output_of("tar tf '" + dir.file("b.tar") + "' 2>&1") == "catalog.sqlite\ncatalog.sqlite.minisig\n");
    const std::string listing = output_of("tar --numeric-owner -tvf '" + dir.file("b.tar") + "' 2>&1");
    CHECK(listing.find("-rw-r--r-- 0/0") != std::string::npos);
    CHECK(listing.find("1970-01-01") != std::string::npos);
    REQUIRE(run_in(dir, "mkdir out && tar xf b.tar -C out") == 0);
    CHECK(slurp(dir.file("stderr.txt")).empty());
    CHECK(slurp_bytes(dir.file("out/catalog.sqlite")) == b.catalogue);
    CHECK(slurp(dir.file("out/catalog.sqlite.minisig")) == b.signature);
}

TEST_CASE("bundle file: truncated anywhere is refused, never read past") {
    const Bytes full = write_bundle_file(sample_bundle());
    REQUIRE(full.size() == 512 + 1024 + 512 + 512 + 1024);
    for (size_t cut = 0; cut < full.size(); cut += 512) {
        for (size_t extra : {size_t{0}, size_t{1}, size_t{100}, size_t{511}}) {
            const size_t len = cut + extra;
            CAPTURE(len);
            // A copy of exactly `len` bytes, so ASan sees any read past the end.
            const Bytes part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(len));
            const std::string error = read_error(part);
            if (len == 0)
                CHECK(error == "the bundle file is empty");
            else
                CHECK(error.rfind("the bundle file is cut short (", 0) == 0);
        }
    }
    auto cut = [&](size_t len) { return read_error(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(len))); };
    CHECK(cut(100) == "the bundle file is cut short (inside the header at byte 0)");
    CHECK(cut(512) == "the bundle file is cut short (inside catalog.sqlite)");
    CHECK(cut(1536 + 10) == "the bundle file is cut short (inside the header at byte 1536)");
    CHECK(cut(2048) == "the bundle file is cut short (inside catalog.sqlite.minisig)");
    CHECK(cut(2560) == "the bundle file is cut short (the end-of-archive marker is missing)");
    CHECK(cut(3072) == "the bundle file is cut short (the end-of-archive marker is incomplete)");
    CHECK(cut(3072 + 300) == "the bundle file is cut short (the end-of-archive marker is incomplete)");
}

TEST_CASE("bundle file: hostile archives, each with its message") {
    const Bytes good = write_bundle_file(sample_bundle());
    const std::string refused = "; only regular files are allowed";
    const std::string unexpected = " (only catalog.sqlite and catalog.sqlite.minisig are allowed)";

    std::mt19937 rng(12345);
    Bytes random_bytes(4096);
    for (auto& c : random_bytes) c = static_cast<uint8_t>(rng());

    Bytes bad_sum = good;
    bad_sum[3] ^= 1;
    Bytes bad_sum2 = good;
    bad_sum2[1536 + 100] = '7';  // mode of the second header

    Bytes garbage = good;
    garbage.resize(10240, 0);
    garbage.push_back('x');
    Bytes after_one_zero = archive({cat_member()}, false);
    after_one_zero.resize(after_one_zero.size() + 512, 0);
    const Bytes sig = sig_member();
    after_one_zero.insert(after_one_zero.end(), sig.begin(), sig.end());
    after_one_zero.resize(after_one_zero.size() + 1024, 0);

    Bytes binary_size = raw(Raw("catalog.sqlite").with_size_field(std::string("\x80\0\0\0\0\0\0\0\0\0\0\x0f", 12)));

    struct Case {
        const char* what;
        Bytes tar;
        std::string message;
        BundleLimits limits = {};
    };
    const std::vector<Case> cases = {
        {"empty", {}, "the bundle file is empty"},
        {"random bytes", random_bytes, "the bundle file is damaged (the header at byte 0 has a wrong checksum)"},
        {"bad checksum", bad_sum, "the bundle file is damaged (the header at byte 0 has a wrong checksum)"},
        {"bad checksum, second header", bad_sum2,
         "the bundle file is damaged (the header at byte 1536 has a wrong checksum)"},
        {"not ustar", archive({raw(Raw("catalog.sqlite").without_magic())}),
         "the bundle file is not a ustar tar archive (the header at byte 0 has no ustar magic)"},
        {"extra member", archive({cat_member(), sig_member(), raw(Raw("extra.txt").with_data("x"))}),
         "the bundle file holds an unexpected member \"extra.txt\"" + unexpected},
        {"missing catalogue", archive({sig_member()}), "the bundle file has no catalog.sqlite"},
        {"missing signature", archive({cat_member()}), "the bundle file has no catalog.sqlite.minisig"},
        {"only the end blocks", archive({}), "the bundle file has no catalog.sqlite"},
        {"../", archive({raw(Raw("../catalog.sqlite")), sig_member()}),
         "the bundle file holds an unexpected member \"../catalog.sqlite\"" + unexpected},
        {"absolute", archive({raw(Raw("/catalog.sqlite")), sig_member()}),
         "the bundle file holds an unexpected member \"/catalog.sqlite\"" + unexpected},
        {"./", archive({raw(Raw("./catalog.sqlite")), sig_member()}),
         "the bundle file holds an unexpected member \"./catalog.sqlite\"" + unexpected},
        {"./ by tar", tar_made(kBoth, "cf b.tar ./catalog.sqlite catalog.sqlite.minisig"),
         "the bundle file holds an unexpected member \"./catalog.sqlite\"" + unexpected},
        {"odd bytes in a name", archive({raw(Raw("cat\"\n\xff")), sig_member()}),
         "the bundle file holds an unexpected member \"cat\\x22\\x0a\\xff\"" + unexpected},
        {"prefix", archive({raw(Raw("catalog.sqlite").with_prefix("dir")), sig_member()}),
         "the bundle file member \"catalog.sqlite\" has a path prefix, which is not allowed"},
        {"symlink", tar_made("printf x > t && ln -s t catalog.sqlite && printf s > catalog.sqlite.minisig",
                             "cf b.tar catalog.sqlite catalog.sqlite.minisig"),
         "the bundle file member \"catalog.sqlite\" is a symbolic link" + refused},
        {"hardlink", tar_made("printf x > catalog.sqlite && ln catalog.sqlite catalog.sqlite.minisig",
                              "cf b.tar catalog.sqlite catalog.sqlite.minisig"),
         "the bundle file member \"catalog.sqlite.minisig\" is a hard link" + refused},
        {"directory", tar_made("mkdir catalog.sqlite && printf s > catalog.sqlite.minisig",
                               "cf b.tar catalog.sqlite catalog.sqlite.minisig"),
         "the bundle file member \"catalog.sqlite/\" is a directory" + refused},
        {"char device", archive({raw(Raw("catalog.sqlite").with_type('3'))}),
         "the bundle file member \"catalog.sqlite\" is a character device" + refused},
        {"GNU sparse", archive({raw(Raw("catalog.sqlite").with_type('S'))}),
         "the bundle file member \"catalog.sqlite\" is of unknown type \"S\"" + refused},
        {"GNU long name", tar_made(kBoth + " && printf x > " + std::string(120, 'n'), "cf b.tar catalog.sqlite " + std::string(120, 'n')),
         "the bundle file holds a GNU long-name header, which is not allowed"},
        {"GNU long link", archive({raw(Raw("././@LongLink").with_type('K').with_data("x"))}),
         "the bundle file holds a GNU long-link header, which is not allowed"},
        {"PAX header", tar_made(kBoth, "--format=pax -cf b.tar catalog.sqlite catalog.sqlite.minisig"),
         "the bundle file holds a PAX extended header, which is not allowed"},
        {"PAX global header", archive({raw(Raw("pax_global_header").with_type('g').with_data("x"))}),
         "the bundle file holds a PAX global header, which is not allowed"},
        {"oversize catalogue", good, "the bundle file member catalog.sqlite is too large (1000 bytes; the limit is 999)",
         limits(999, 0)},
        {"oversize signature", good,
         "the bundle file member catalog.sqlite.minisig is too large (" + std::to_string(sample_bundle().signature.size()) +
             " bytes; the limit is 10)",
         limits(0, 10)},
        {"oversize signature, default limit",
         archive({cat_member(), raw(Raw("catalog.sqlite.minisig").with_data(std::string(4097, 's')))}),
         "the bundle file member catalog.sqlite.minisig is too large (4097 bytes; the limit is 4096)"},
        {"huge size field", archive({raw(Raw("catalog.sqlite").with_size_field("77777777777"))}),
         "the bundle file member catalog.sqlite is too large (8589934591 bytes; the limit is 536870912)"},
        {"size past the end", archive({raw(Raw("catalog.sqlite").with_size_field("00000010000"))}, false),
         "the bundle file is cut short (inside catalog.sqlite)"},
        {"binary size", archive({binary_size}),
         "the bundle file member catalog.sqlite has a binary (base-256) size, which is not allowed"},
        {"unreadable size", archive({raw(Raw("catalog.sqlite").with_size_field("12x"))}),
         "the bundle file member catalog.sqlite has an unreadable size"},
        {"duplicate member", archive({cat_member(), cat_member(), sig_member()}),
         "the bundle file holds catalog.sqlite twice"},
        {"duplicate signature", archive({sig_member(), cat_member(), sig_member()}),
         "the bundle file holds catalog.sqlite.minisig twice"},
        {"garbage after the end", garbage, "the bundle file has data after the end of the archive"},
        {"member after a lone zero block", after_one_zero, "the bundle file has data after the end of the archive"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(read_error(c.tar, c.limits) == c.message);
    }
    // A null error pointer is fine.
    CHECK_FALSE(read_bundle_file(random_bytes, {}, nullptr).has_value());
}

TEST_CASE("bundle file: streamed in pieces of any size, the same bundle and the same refusals") {
    // The store's way (stream_bundle_file): the source read in whatever pieces
    // it gives, the catalogue handed on in pieces, never more than a chunk.
    auto stream = [](const Bytes& tar, size_t piece, Bytes& catalogue, size_t& largest) {
        size_t pos = 0;
        BundleStreamCallbacks cb;
        cb.read = [&](uint8_t* buf, size_t n) {
            const size_t k = std::min({n, piece, tar.size() - pos});
            if (k) std::memcpy(buf, tar.data() + pos, k);
            pos += k;
            return static_cast<std::ptrdiff_t>(k);
        };
        cb.catalogue_begins = [&](uint64_t size) {
            catalogue.reserve(size);
            return true;
        };
        cb.catalogue_bytes = [&](std::span<const uint8_t> p) {
            largest = std::max(largest, p.size());
            catalogue.insert(catalogue.end(), p.begin(), p.end());
            return true;
        };
        return stream_bundle_file(cb, {});
    };
    const BundleFile b{sample_catalogue(3 * kBundleStreamChunk + 777), "sig"};
    const Bytes tar = write_bundle_file(b);
    for (size_t piece : {size_t{1}, size_t{511}, size_t{4096}, size_t{1} << 20}) {
        CAPTURE(piece);
        Bytes cat;
        size_t largest = 0;
        const BundleStreamResult r = stream(piece == 1 ? write_bundle_file({sample_catalogue(5000), "sig"}) : tar, piece, cat, largest);
        REQUIRE(r.stop == BundleStreamStop::done);
        CHECK(cat == (piece == 1 ? sample_catalogue(5000) : b.catalogue));
        CHECK(largest <= kBundleStreamChunk);
        CHECK(r.signature == "sig");
        CHECK(r.catalogue_offset == 512);
        CHECK(r.bytes_read == (piece == 1 ? write_bundle_file({sample_catalogue(5000), "sig"}).size() : tar.size()));
    }
    // Cut anywhere: the streamed reading says what read_bundle_file says.
    const Bytes small = write_bundle_file({sample_catalogue(1500), "sig"});
    for (size_t n = 0; n < small.size(); n += 97) {
        CAPTURE(n);
        const Bytes cut(small.begin(), small.begin() + static_cast<long>(n));
        Bytes cat;
        size_t largest = 0;
        const BundleStreamResult r = stream(cut, 300, cat, largest);
        CHECK(r.stop == BundleStreamStop::malformed);
        CHECK(r.error == read_error(cut));
        CHECK(r.signature.empty());
    }
}

TEST_CASE("bundle file: a source that fails, or a catalogue sink that stops, ends the streamed reading") {
    const Bytes tar = write_bundle_file({sample_catalogue(2 * kBundleStreamChunk), "sig"});
    size_t pos = 0, pieces = 0;
    BundleStreamCallbacks cb;
    cb.read = [&](uint8_t* buf, size_t n) -> std::ptrdiff_t {
        if (pos > kBundleStreamChunk) return -1;  // a stick pulled out half-way through the catalogue
        const size_t k = std::min(n, tar.size() - pos);
        std::memcpy(buf, tar.data() + pos, k);
        pos += k;
        return static_cast<std::ptrdiff_t>(k);
    };
    cb.catalogue_begins = [](uint64_t) { return true; };
    cb.catalogue_bytes = [&](std::span<const uint8_t>) {
        ++pieces;
        return true;
    };
    BundleStreamResult r = stream_bundle_file(cb, {});
    CHECK(r.stop == BundleStreamStop::source_failed);
    CHECK(pieces == 1);
    CHECK(r.signature.empty());

    pos = 0;
    pieces = 0;
    cb.read = [&](uint8_t* buf, size_t n) {
        const size_t k = std::min(n, tar.size() - pos);
        std::memcpy(buf, tar.data() + pos, k);
        pos += k;
        return static_cast<std::ptrdiff_t>(k);
    };
    cb.catalogue_bytes = [&](std::span<const uint8_t>) { return ++pieces < 2; };  // the disk filled up
    r = stream_bundle_file(cb, {});
    CHECK(r.stop == BundleStreamStop::sink_stopped);
    CHECK(pieces == 2);
    CHECK(pos < tar.size());  // nothing read after the sink stopped
}
