// SPDX-License-Identifier: Apache-2.0
// The bundle store (bundle_store.hpp): installing signed bundles, the table of
// hostile bundles (each refused with its own message, the shown bundle and the
// store untouched), kill -9 at every fault point of an install, a rollback and
// a recovery, ENOSPC / EIO at every fault point, rollback, and the version floor.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/bundle_file.hpp"
#include "madoguchi/core/bundle_store.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/minisign.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes slurp_bytes(const std::string& path) {
    const std::string s = madoguchi::test::slurp(path);
    return Bytes(s.begin(), s.end());
}

void write_bytes(const std::string& path, const Bytes& b) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// A catalogue built from the minimal source with `version` in bundle.csv.
Bytes catalogue_with_version(int version) {
    static std::map<int, Bytes> cache;
    if (auto it = cache.find(version); it != cache.end()) return it->second;
    TempDir src, out;
    auto files = minimal_source();
    const std::string v = "version,3\n";
    files["bundle.csv"].replace(files["bundle.csv"].find(v), v.size(), "version," + std::to_string(version) + "\n");
    write_source(src, files);
    BuildOptions o;
    o.created = "2026-11-21T09:00:00Z";
    const BuildResult r = build_bundle(src.str(), out.file("c.sqlite"), o);
    REQUIRE(r.ok);
    return cache[version] = slurp_bytes(out.file("c.sqlite"));
}

// Changes a built catalogue with SQL (e.g. a trigger an attacker slipped in).
Bytes altered_catalogue(const Bytes& base, const std::string& sql) {
    TempDir d;
    write_bytes(d.file("c.sqlite"), base);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(d.file("c.sqlite").c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << ": " << (err ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
    sqlite3_close(db);
    return slurp_bytes(d.file("c.sqlite"));
}

struct Keys {
    MinisignKeyPair main = generate_minisign_keys();
    MinisignKeyPair other = generate_minisign_keys();
    TrustedKey trusted() const { return {main.public_key, "main.pub", false}; }
};
const Keys& keys() {
    static Keys k;
    return k;
}

std::string comment_for(int version) {
    return "product=madoguchi schema=" + std::to_string(kCatalogueSchemaVersion) + " version=" + std::to_string(version) + " created=2026-11-21T09:00:00Z publisher=Test%20Pref";
}

Bytes tar_of(const Bytes& catalogue, const std::string& signature) {
    BundleFile b;
    b.catalogue = catalogue;
    b.signature = signature;
    return write_bundle_file(b);
}

Bytes signed_bundle(int version) {
    const Bytes c = catalogue_with_version(version);
    return tar_of(c, minisign_sign(c, keys().main.secret_key, comment_for(version)));
}

// --- raw ustar members, for archives our writer would never make ------------
void octal(char* f, size_t len, uint64_t v) {
    std::snprintf(f, len, "%0*llo", static_cast<int>(len - 1), static_cast<unsigned long long>(v));
}
void raw_member(Bytes& out, const std::string& name, char type, const std::string& data, const std::string& link = "") {
    char h[512] = {};
    std::memcpy(h, name.data(), std::min<size_t>(name.size(), 100));
    octal(h + 100, 8, 0644);
    octal(h + 108, 8, 0);
    octal(h + 116, 8, 0);
    octal(h + 124, 12, data.size());
    octal(h + 136, 12, 0);
    h[156] = type;
    std::memcpy(h + 157, link.data(), std::min<size_t>(link.size(), 100));
    std::memcpy(h + 257, "ustar\0" "00", 8);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    out.insert(out.end(), h, h + 512);
    out.insert(out.end(), data.begin(), data.end());
    out.resize(out.size() + (512 - data.size() % 512) % 512, 0);
}
void end_blocks(Bytes& out) { out.resize(out.size() + 1024, 0); }
std::string as_string(const Bytes& b) { return std::string(b.begin(), b.end()); }

// --- minisign lines, re-encoded after an edit ---------------------------------
std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
}
std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& l : v) s += l + "\n";
    return s;
}
Bytes b64decode(const std::string& s) {
    // Small decoder for test edits (standard alphabet, '=' padding).
    static const std::string A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    Bytes out;
    int val = 0, bits = -8;
    for (char c : s) {
        if (c == '=') break;
        val = (val << 6) + static_cast<int>(A.find(c));
        bits += 6;
        if (bits >= 0) {
            out.push_back(static_cast<uint8_t>((val >> bits) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}
std::string b64encode(const Bytes& b) {
    static const char* A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int val = 0, bits = -6;
    for (uint8_t c : b) {
        val = (val << 8) + c;
        bits += 8;
        while (bits >= 0) {
            out.push_back(A[(val >> bits) & 0x3F]);
            bits -= 6;
        }
    }
    if (bits > -6) out.push_back(A[((val << 8) >> (bits + 8)) & 0x3F]);
    while (out.size() % 4) out.push_back('=');
    return out;
}
// Applies `edit` to the decoded signature line (line 2) and re-encodes it.
std::string edit_sig_line(const std::string& minisig, const std::function<void(Bytes&)>& edit) {
    auto v = lines(minisig);
    Bytes b = b64decode(v[1]);
    edit(b);
    v[1] = b64encode(b);
    return join(v);
}

// --- the store as the tests look at it -----------------------------------------
struct Store {
    TempDir dir;
    StoreOptions options() const {
        StoreOptions o;
        o.dir = dir.file("store");
        o.trusted = {keys().trusted()};
        return o;
    }
    BundleStore store(FaultPlan f = {}) const {
        StoreOptions o = options();
        o.fault = f;
        return BundleStore(o);
    }
    std::string link(const char* which) const {
        char buf[256];
        const ssize_t n = ::readlink((dir.file("store") + "/" + which).c_str(), buf, sizeof buf);
        return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
    }
    long long floor() const { return store().status().floor; }
    std::vector<std::string> entries(const std::string& sub) const {
        std::vector<std::string> v;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir.file("store") + "/" + sub, ec)) v.push_back(e.path().filename().string());
        std::sort(v.begin(), v.end());
        return v;
    }
    long long shown_version() const {
        std::string err;
        auto c = store().verified_current(&err);
        return c ? c->manifest.version : 0;
    }
};

std::string name_of(int version) { return "v" + std::to_string(version) + "-" + keys().main.public_key.key_id_hex(); }

// The store after a refused or failed attempt and a recovery: the bundle shown
// before is shown and verifies, nothing else is left, recovery has nothing to do.
void check_untouched(const Store& s, int shown, int previous, long long floor) {
    CHECK(s.shown_version() == shown);
    CHECK(s.link("current") == "bundles/" + name_of(shown));
    if (previous) CHECK(s.link("previous") == "bundles/" + name_of(previous));
    CHECK(s.floor() == floor);
    std::vector<std::string> want = {name_of(shown)};
    if (previous) want.push_back(name_of(previous));
    std::sort(want.begin(), want.end());
    const RecoverResult again = s.store().recover();
    CHECK(again.actions.empty());
    CHECK(again.problems.empty());
    CHECK(s.entries("bundles") == want);
    CHECK(s.entries("staging").empty());
}

}  // namespace

TEST_CASE("bundle store: install, keep the previous, roll back and forward, never go below the floor") {
    Store s;
    BundleStore st = s.store();
    std::vector<std::string> progress;
    InstallResult r = st.install_bytes(signed_bundle(1), "v1.bundle", [&](int k, int n, const std::string& what) {
        progress.push_back(std::to_string(k) + "/" + std::to_string(n) + " " + what);
    });
    REQUIRE_MESSAGE(r.ok(), r.message);
    CHECK(r.message.find("installed version 1 from Test Pref") == 0);
    CHECK(r.outcome == InstallOutcome::installed);
    CHECK(progress.size() == 6);
    CHECK(progress.front() == "1/6 tidying the store");
    REQUIRE(r.installed);
    CHECK(r.installed->manifest.publisher == "Test Pref");
    CHECK(r.installed->valid_until == "2027-12-31");
    CHECK(s.link("current") == "bundles/" + name_of(1));
    CHECK(s.link("previous").empty());
    CHECK(s.floor() == 1);

    r = st.install_bytes(signed_bundle(2), "v2.bundle");
    REQUIRE_MESSAGE(r.ok(), r.message);
    CHECK(r.message.find("v1 kept for rollback") != std::string::npos);
    check_untouched(s, 2, 1, 2);

    StoreStatus status = st.status();
    REQUIRE(status.current);
    REQUIRE(status.previous);
    CHECK(status.current->manifest.version == 2);
    CHECK(status.previous->manifest.version == 1);
    CHECK(status.problems.empty());

    r = st.rollback();
    REQUIRE_MESSAGE(r.ok(), r.message);
    CHECK(r.message == "rolled back to v1; v2 kept as previous");
    CHECK(r.outcome == InstallOutcome::rolled_back);
    REQUIRE(r.installed);
    CHECK(r.installed->manifest.version == 1);
    check_untouched(s, 1, 2, 2);  // the floor stays: rollback is not a downgrade by bundle

    r = st.install_bytes(signed_bundle(2), "v2-again.bundle");
    CHECK_FALSE(r.ok());
    CHECK(r.message.find("refused: version 2 is not newer than version 2") == 0);
    CHECK(r.outcome == InstallOutcome::refused);
    CHECK(r.reason.find("version 2 is not newer than version 2") == 0);
    r = st.rollback();  // forward again
    REQUIRE(r.ok());
    check_untouched(s, 2, 1, 2);

    r = st.install_bytes(signed_bundle(3), "v3.bundle");
    REQUIRE(r.ok());
    check_untouched(s, 3, 2, 3);  // v1 removed: only current and previous are kept

    // The admin log has admin events and nothing else.
    const Bytes log = slurp_bytes(s.dir.file("store") + "/admin.log");
    const std::string text(log.begin(), log.end());
    CHECK(text.find("installed version 1 from Test Pref") != std::string::npos);
    CHECK(text.find("rolled back to v1") != std::string::npos);
    CHECK(text.find("refused v2-again.bundle: version 2 is not newer") != std::string::npos);
}

TEST_CASE("bundle store: rollback with nothing to go back to is refused") {
    Store s;
    BundleStore st = s.store();
    CHECK(st.rollback().message == "refused: there is no previous bundle to go back to");
    CHECK(st.rollback().outcome == InstallOutcome::refused);
    REQUIRE(st.install_bytes(signed_bundle(1), "v1").ok());
    CHECK(st.rollback().message == "refused: there is no previous bundle to go back to");
    check_untouched(s, 1, 0, 1);
}

TEST_CASE("bundle store: the source file is read privately and never changed") {
    Store s;
    BundleStore st = s.store();
    REQUIRE(st.install_bytes(signed_bundle(1), "v1").ok());
    TempDir stick;
    const Bytes good = signed_bundle(2);
    write_bytes(stick.file("v2.bundle"), good);
    ::chmod(stick.file("v2.bundle").c_str(), 0444);
    struct stat before {};
    REQUIRE(::stat(stick.file("v2.bundle").c_str(), &before) == 0);
    REQUIRE(st.install(stick.file("v2.bundle")).ok());
    struct stat after {};
    REQUIRE(::stat(stick.file("v2.bundle").c_str(), &after) == 0);
    CHECK(slurp_bytes(stick.file("v2.bundle")) == good);
    CHECK(after.st_mtim.tv_sec == before.st_mtim.tv_sec);
    CHECK(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    CHECK(after.st_mode == before.st_mode);
    CHECK(fs::directory_iterator(stick.path()) != fs::directory_iterator());

    // Not a regular file, or a symlink to one: refused before reading.
    REQUIRE(::symlink(stick.file("v2.bundle").c_str(), stick.file("link.bundle").c_str()) == 0);
    CHECK(st.install(stick.file("link.bundle")).message == "refused: " + stick.file("link.bundle") + " is a symbolic link");
    REQUIRE(::mkfifo(stick.file("fifo.bundle").c_str(), 0600) == 0);
    CHECK(st.install(stick.file("fifo.bundle")).message == "refused: " + stick.file("fifo.bundle") + " is not a regular file");
    fs::create_directory(stick.file("dir.bundle"));
    CHECK(st.install(stick.file("dir.bundle")).message == "refused: " + stick.file("dir.bundle") + " is not a regular file");
    CHECK(st.install(stick.file("gone.bundle")).message.find("refused: cannot open") == 0);

    // Bigger than the cap: refused by size before anything is read.
    StoreOptions small = s.options();
    small.max_bundle_bytes = 64 * 1024;
    write_bytes(stick.file("big.bundle"), signed_bundle(3));
    CHECK(BundleStore(small).install(stick.file("big.bundle")).message.find("more than a bundle may be") != std::string::npos);
    check_untouched(s, 2, 1, 2);
}

TEST_CASE("bundle store: a table of hostile and broken bundles, each refused with its own message") {
    Store s;
    {
        BundleStore st = s.store();
        REQUIRE(st.install_bytes(signed_bundle(1), "v1").ok());
        REQUIRE(st.install_bytes(signed_bundle(2), "v2").ok());
    }
    const Bytes cat3 = catalogue_with_version(3);
    const std::string sig3 = minisign_sign(cat3, keys().main.secret_key, comment_for(3));
    const Bytes good = tar_of(cat3, sig3);
    auto signed_with = [&](const std::string& comment) { return tar_of(cat3, minisign_sign(cat3, keys().main.secret_key, comment)); };
    auto signed_cat = [&](const Bytes& cat) { return tar_of(cat, minisign_sign(cat, keys().main.secret_key, comment_for(3))); };
    const std::string base = "product=madoguchi schema=5 created=2026-11-21T09:00:00Z publisher=P";
    auto member_end = [&](int member) {
        // Byte offsets of member boundaries in `good`.
        const size_t cat_blocks = (cat3.size() + 511) / 512, sig_blocks = (sig3.size() + 511) / 512;
        if (member == 1) return size_t{512};
        if (member == 2) return 512 + cat_blocks * 512;
        if (member == 3) return 512 + cat_blocks * 512 + 512;
        return 512 + cat_blocks * 512 + 512 + sig_blocks * 512;
    };
    auto cut = [&](size_t n) { return Bytes(good.begin(), good.begin() + static_cast<long>(n)); };
    auto flip = [&](Bytes b, size_t at) {
        b[at] ^= 0x10;
        return b;
    };
    Bytes random(8192);
    std::mt19937 rng(7);
    for (auto& x : random) x = static_cast<uint8_t>(rng());

    auto raw = [&](const std::function<void(Bytes&)>& fill) {
        Bytes b;
        fill(b);
        end_blocks(b);
        return b;
    };
    const std::string cat_s = as_string(cat3);

    struct Case {
        const char* name;
        Bytes bundle;
        std::string expect;
    };
    const std::string sig_lines = sig3;
    auto with_sig = [&](const std::string& sig) { return tar_of(cat3, sig); };
    auto sig_line_edit = [&](int line, const std::function<std::string(std::string)>& f) {
        auto v = lines(sig_lines);
        v[static_cast<size_t>(line)] = f(v[static_cast<size_t>(line)]);
        return with_sig(join(v));
    };

    std::vector<Case> cases = {
        {"empty file", {}, "refused: the file is empty"},
        {"random bytes", random, "refused: the bundle file is damaged (the header at byte 0 has a wrong checksum)"},
        {"cut inside the first header", cut(100), "refused: the bundle file is cut short (inside the header at byte 0)"},
        {"cut after the first header", cut(member_end(1)), "refused: the bundle file is cut short (inside catalog.sqlite)"},
        {"cut after the catalogue", cut(member_end(2)), "refused: the bundle file is cut short (the end-of-archive marker is missing)"},
        {"cut after the second header", cut(member_end(3)), "refused: the bundle file is cut short (inside catalog.sqlite.minisig)"},
        {"cut after the signature", cut(member_end(4)), "refused: the bundle file is cut short (the end-of-archive marker is missing)"},
        {"cut inside the end marker", cut(member_end(4) + 512), "refused: the bundle file is cut short (the end-of-archive marker is incomplete)"},
        {"data after the end", [&] { Bytes b = good; b.push_back('x'); return b; }(),
         "refused: the bundle file has data after the end of the archive"},
        {"flipped bit in the catalogue", flip(good, 512 + 4000),
         "refused: the signature does not match the catalogue (the file was changed or damaged after signing)"},
        {"flipped bit in the signature", with_sig(edit_sig_line(sig3, [](Bytes& b) { b[20] ^= 1; })),
         "refused: the signature does not match the catalogue (the file was changed or damaged after signing)"},
        {"flipped bit in the trusted comment", sig_line_edit(2, [](std::string l) { l[l.find("version=3")+8] = '9'; return l; }),
         "refused: the trusted comment was changed after signing"},
        {"flipped bit in the key id", with_sig(edit_sig_line(sig3, [](Bytes& b) { b[2] ^= 1; })), "which this kiosk does not trust"},
        {"signed with another key", tar_of(cat3, minisign_sign(cat3, keys().other.secret_key, comment_for(3))),
         "refused: signed with key " + keys().other.public_key.key_id_hex() + ", which this kiosk does not trust"},
        {"legacy Ed signature", with_sig(edit_sig_line(sig3, [](Bytes& b) { b[1] = 'd'; })), "refused: legacy signature (\"Ed\")"},
        {"bad base64 in the signature", sig_line_edit(1, [](std::string l) { l[10] = '!'; return l; }),
         "refused: the signature line is not valid (bad base64 or wrong length)"},
        {"bad base64 in the global signature", sig_line_edit(3, [](std::string l) { l[5] = '*'; return l; }),
         "refused: the global signature line is not valid (bad base64 or wrong length)"},
        {"overlong signature file", with_sig(sig3 + std::string(5000, '\n')),
         "refused: the bundle file member catalog.sqlite.minisig is too large"},
        {"overlong signature line", sig_line_edit(1, [](std::string l) { return l + std::string(3000, 'A'); }),
         "refused: the signature line is not valid (bad base64 or wrong length)"},
        {"no trusted comment", sig_line_edit(2, [](std::string l) { return "comment: " + l.substr(17); }),
         "refused: the signature has no trusted comment"},
        {"signature file cut to two lines", [&] { auto v = lines(sig3); v.resize(2); return with_sig(join(v)); }(),
         "refused: the signature file is incomplete (a minisign signature has four lines)"},
        {"wrong product", signed_with("product=other schema=5 version=3 created=2026-11-21T09:00:00Z publisher=P"),
         "refused: not a madoguchi bundle (product=other)"},
        {"no product", signed_with("schema=5 version=3 created=2026-11-21T09:00:00Z publisher=P"),
         "refused: the signed comment does not say product=madoguchi"},
        {"unsupported schema", signed_with("product=madoguchi schema=7 version=3 created=2026-11-21T09:00:00Z publisher=P"),
         "refused: catalogue schema 7 is not one this kiosk reads (5 to 6)"},
        {"schema older than the kiosk reads", signed_with("product=madoguchi schema=4 version=3 created=2026-11-21T09:00:00Z publisher=P"),
         "refused: catalogue schema 4 is not one this kiosk reads (5 to 6)"},
        {"schema not a number", signed_with("product=madoguchi schema=06 version=3 created=2026-11-21T09:00:00Z publisher=P"),
         "refused: catalogue schema 06 is not one this kiosk reads (5 to 6)"},
        {"no schema", signed_with("product=madoguchi version=3 created=2026-11-21T09:00:00Z publisher=P"),
         "refused: the signed comment has no schema"},
        {"older version", signed_with(base + " version=1"), "refused: version 1 is not newer than version 2"},
        {"equal version", signed_with(base + " version=2"), "refused: version 2 is not newer than version 2"},
        {"missing version", signed_with(base), "refused: the signed comment has no version"},
        {"malformed version", signed_with(base + " version=3a"), "refused: the version \"3a\" is not a whole number"},
        {"negative version", signed_with(base + " version=-3"), "refused: the version \"-3\" is not a whole number"},
        {"leading-zero version", signed_with(base + " version=03"), "refused: the version \"03\" is not a whole number"},
        {"absurdly large version", signed_with(base + " version=99999999999999999999"),
         "refused: version 99999999999999999999 is out of range (at most 999999999)"},
        {"version zero", signed_with(base + " version=0"), "refused: version 0 is not allowed"},
        {"malformed comment", signed_with("product=madoguchi schema"), "refused: the signed comment is malformed: trusted comment: \"schema\" is not key=value"},
        {"repeated key", signed_with(base + " version=3 version=4"), "refused: the signed comment is malformed: trusted comment: version appears twice"},
        {"no created time", signed_with("product=madoguchi schema=5 version=3 publisher=P"), "refused: the signed comment has no created time"},
        {"bad created time", signed_with("product=madoguchi schema=5 version=3 created=yesterday publisher=P"),
         "refused: created=\"yesterday\" is not a time like"},
        {"no publisher", signed_with("product=madoguchi schema=5 version=3 created=2026-11-21T09:00:00Z"),
         "refused: the signed comment names no publisher"},
        {"an extra member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite", '0', cat_s); raw_member(b, "catalog.sqlite.minisig", '0', sig3); raw_member(b, "notes.txt", '0', "hi"); }),
         "refused: the bundle file holds an unexpected member \"notes.txt\""},
        {"the catalogue twice (member count)", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite", '0', cat_s); raw_member(b, "catalog.sqlite", '0', cat_s); raw_member(b, "catalog.sqlite.minisig", '0', sig3); }),
         "refused: the bundle file holds catalog.sqlite twice"},
        {"missing signature member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite", '0', cat_s); }),
         "refused: the bundle file has no catalog.sqlite.minisig"},
        {"missing catalogue member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite.minisig", '0', sig3); }),
         "refused: the bundle file has no catalog.sqlite"},
        {"../ member name", raw([&](Bytes& b) { raw_member(b, "../catalog.sqlite", '0', cat_s); raw_member(b, "catalog.sqlite.minisig", '0', sig3); }),
         "refused: the bundle file holds an unexpected member \"../catalog.sqlite\""},
        {"absolute member name", raw([&](Bytes& b) { raw_member(b, "/var/lib/madoguchi/current/catalog.sqlite", '0', cat_s); }),
         "refused: the bundle file holds an unexpected member \"/var/lib/madoguchi/current/catalog.sqlite\""},
        {"symlink member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite", '2', "", "/etc/passwd"); raw_member(b, "catalog.sqlite.minisig", '0', sig3); }),
         "refused: the bundle file member \"catalog.sqlite\" is a symbolic link; only regular files are allowed"},
        {"hardlink member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite.minisig", '0', sig3); raw_member(b, "catalog.sqlite", '1', "", "catalog.sqlite.minisig"); }),
         "refused: the bundle file member \"catalog.sqlite\" is a hard link; only regular files are allowed"},
        {"directory member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite", '5', ""); }),
         "refused: the bundle file member \"catalog.sqlite\" is a directory"},
        {"a -wal member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite", '0', cat_s); raw_member(b, "catalog.sqlite.minisig", '0', sig3); raw_member(b, "catalog.sqlite-wal", '0', "wal"); }),
         "refused: the bundle file holds an unexpected member \"catalog.sqlite-wal\""},
        {"a -journal member", raw([&](Bytes& b) { raw_member(b, "catalog.sqlite-journal", '0', "j"); }),
         "refused: the bundle file holds an unexpected member \"catalog.sqlite-journal\""},
        {"PAX header", raw([&](Bytes& b) { raw_member(b, "PaxHeader", 'x', "30 path=catalog.sqlite\n"); }),
         "refused: the bundle file holds a PAX extended header"},
        {"GNU long name", raw([&](Bytes& b) { raw_member(b, "././@LongLink", 'L', "catalog.sqlite"); }),
         "refused: the bundle file holds a GNU long-name header"},
        {"catalogue failing quick_check", signed_cat([&] {
             Bytes c = cat3;  // the last page is a table or index page; fill it with garbage
             for (size_t i = c.size() - 4096 + 8; i < c.size(); ++i) c[i] = 0x7f;
             return c;
         }()),
         "refused: the catalogue is damaged or not a madoguchi catalogue"},
        {"wrong application id", signed_cat(altered_catalogue(cat3, "PRAGMA application_id = 1234")),
         "(wrong application id)"},
        {"catalogue of another schema", signed_cat(altered_catalogue(cat3, "PRAGMA user_version = 9")),
         "catalogue schema 9 is not supported by this program"},
        {"extra trigger", signed_cat(altered_catalogue(cat3, "CREATE TRIGGER t AFTER INSERT ON source BEGIN SELECT 1; END")),
         "it contains a trigger \"t\"; catalogues have tables and indexes only"},
        {"extra view", signed_cat(altered_catalogue(cat3, "CREATE VIEW v AS SELECT 1")),
         "it contains a view \"v\"; catalogues have tables and indexes only"},
        {"a table missing", signed_cat(altered_catalogue(cat3, "DROP TABLE guide_service")), "no such table: guide_service"},
        {"catalogue not what was signed as its version", tar_of(catalogue_with_version(4), minisign_sign(catalogue_with_version(4), keys().main.secret_key, comment_for(3))),
         "refused: the catalogue says version 4 but was signed as version 3"},
        {"not a database at all", signed_cat(Bytes(8192, 'a')), "refused: the catalogue is damaged or not a madoguchi catalogue"},
        // Content a signature cannot vouch for (catalogue_content.cpp): refused as build would refuse it.
        {"service of no organization",
         signed_cat(altered_catalogue(cat3, "UPDATE service SET organization_id = 'nobody' WHERE id = 'svc-a'")),
         "refused: the catalogue's content is not what a madoguchi build makes: service \"svc-a\": organization_id nobody points at nothing"},
        {"invalid UTF-8 in a name", signed_cat(altered_catalogue(cat3, "UPDATE service SET name = CAST(X'E381' AS TEXT) WHERE id = 'svc-a'")),
         "service \"svc-a\": name: is not valid UTF-8 (byte 0)"},
        {"NUL inside a name", signed_cat(altered_catalogue(cat3, "UPDATE service SET name = 'a' || char(0) || 'b' WHERE id = 'svc-a'")),
         "service \"svc-a\": name: holds a NUL character"},
        {"a 300,000-character name", signed_cat(altered_catalogue(cat3, "UPDATE service SET name = printf('%.*c', 300000, 'x') WHERE id = 'svc-a'")),
         "service \"svc-a\": name: is 300000 characters long (at most 300)"},
        {"javascript: website", signed_cat(altered_catalogue(cat3, "UPDATE service SET website = 'javascript:alert(1)' WHERE id = 'svc-a'")),
         "service \"svc-a\": website: "},
        {"malformed tel: link", signed_cat(altered_catalogue(cat3, "UPDATE phone SET tel_uri = 'tel:0120;ext=javascript' WHERE id = 'tel-b'")),
         "phone \"tel-b\": tel_uri: \"tel:0120;ext=javascript\" is not the tel: link of 0120-111-351"},
        {"broken opening-hours rule", signed_cat(altered_catalogue(cat3, "UPDATE schedule SET opens = 5000 WHERE id = 'h-b'")),
         "schedule \"h-b\": not a valid opening-hours rule"},
    };
    CHECK(cases.size() >= 40);

    std::set<std::string> seen;
    for (const Case& c : cases) {
        CAPTURE(c.name);
        BundleStore st = s.store();
        InstallResult r = st.install_bytes(c.bundle, c.name);
        CHECK_FALSE(r.ok());
        CHECK_MESSAGE(r.message.find(c.expect) != std::string::npos, r.message);
        CHECK(r.message.rfind("refused: ", 0) == 0);
        CHECK(r.outcome == InstallOutcome::refused);
        CHECK(r.message == "refused: " + r.reason);
        seen.insert(r.message);
        check_untouched(s, 2, 1, 2);
        // The same file from a stick (install streams it from the file): the same words, nothing left.
        TempDir stick;
        write_bytes(stick.file("b.bundle"), c.bundle);
        const InstallResult from_file = st.install(stick.file("b.bundle"));
        CHECK(from_file.message == r.message);
        check_untouched(s, 2, 1, 2);
        // check_bundle_bytes (verify, the admin screen's candidate list) agrees up to the catalogue checks.
        const TrustedKey t = keys().trusted();
        const BundleCheck chk = check_bundle_bytes(c.bundle, std::span(&t, 1), 2);
        if (!chk.ok) CHECK(chk.message == r.message);
        if (!chk.ok) CHECK(chk.reason == r.reason);
    }
    // Each case has its own message (a few share a cause on purpose).
    CHECK(seen.size() + 6 >= cases.size());

    // And after all of that, the good one still installs.
    InstallResult r = s.store().install_bytes(good, "v3");
    REQUIRE_MESSAGE(r.ok(), r.message);
    check_untouched(s, 3, 2, 3);
}

namespace {

// Runs `body` in a child process that the fault plan may kill; returns true if
// the child was killed by SIGKILL, false if it ran to the end.
bool run_killable(const std::function<void()>& body) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        body();
        _exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    if (WIFSIGNALED(status)) {
        REQUIRE(WTERMSIG(status) == SIGKILL);
        return true;
    }
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return false;
}

// After an interruption: recovery leaves exactly one of the two outcomes.
void check_old_or_new(const Store& s, int old_v, int old_prev, int new_v) {
    const RecoverResult rec = s.store().recover();
    CHECK(rec.problems.empty());
    const long long shown = s.shown_version();
    CHECK((shown == old_v || shown == new_v));
    if (shown == old_v) {
        // The floor may already be the new version only if the switch is still to come — it never is after recovery.
        check_untouched(s, old_v, old_prev, old_v);
    } else {
        check_untouched(s, new_v, old_v, new_v);
    }
}

}  // namespace

TEST_CASE("bundle store: kill -9 at every fault point of an install, then the next start finds old or new") {
    const Bytes v2 = signed_bundle(2), v3 = signed_bundle(3);
    int killed = 0, saw_old = 0, saw_new = 0;
    for (int at = 1; at < 200; ++at) {
        CAPTURE(at);
        Store s;
        REQUIRE(s.store().install_bytes(signed_bundle(1), "v1").ok());
        REQUIRE(s.store().install_bytes(v2, "v2").ok());
        const bool was_killed = run_killable([&] { s.store({at, 0, true}).install_bytes(v3, "v3"); });
        if (!was_killed) {
            CHECK(s.shown_version() == 3);
            break;
        }
        ++killed;
        check_old_or_new(s, 2, 1, 3);
        (s.shown_version() == 2 ? saw_old : saw_new)++;
        // The next install attempt succeeds or says the version is already there.
        InstallResult again = s.store().install_bytes(v3, "v3 again");
        if (s.link("previous") == "bundles/" + name_of(2) && !again.ok())
            CHECK(again.message.find("is not newer than version 3") != std::string::npos);
        CHECK(s.shown_version() == 3);
    }
    MESSAGE("install killed at " << killed << " fault points: " << saw_old << " recovered to the old bundle, " << saw_new << " to the new");
    CHECK(killed > 25);
    CHECK(saw_old > 10);
    CHECK(saw_new >= 3);
}

TEST_CASE("bundle store: kill -9 at every fault point of a rollback and of a recovery") {
    const Bytes v1 = signed_bundle(1), v2 = signed_bundle(2);
    int killed = 0;
    for (int at = 1; at < 100; ++at) {
        CAPTURE(at);
        Store s;
        REQUIRE(s.store().install_bytes(v1, "v1").ok());
        REQUIRE(s.store().install_bytes(v2, "v2").ok());
        if (!run_killable([&] { s.store({at, 0, true}).rollback(); })) {
            check_untouched(s, 1, 2, 2);
            break;
        }
        ++killed;
        s.store().recover();
        const long long shown = s.shown_version();
        CHECK((shown == 1 || shown == 2));
        check_untouched(s, static_cast<int>(shown), shown == 1 ? 2 : 1, 2);
    }
    CHECK(killed >= 4);

    // A recovery interrupted at each of its own steps, on a store full of leftovers.
    int killed_recover = 0;
    for (int at = 1; at < 100; ++at) {
        CAPTURE(at);
        Store s;
        REQUIRE(s.store().install_bytes(v1, "v1").ok());
        REQUIRE(s.store().install_bytes(v2, "v2").ok());
        const std::string d = s.dir.file("store");
        fs::create_directories(d + "/staging/v3-XXXX/sub");
        write_bytes(d + "/staging/v3-XXXX/catalog.sqlite", Bytes(100, 1));
        write_bytes(d + "/floor.tmp", Bytes(2, '9'));
        REQUIRE(::symlink("bundles/nothing", (d + "/current.tmp").c_str()) == 0);
        fs::create_directories(d + "/bundles/v9-" + std::string(16, 'A'));
        if (!run_killable([&] { s.store({at, 0, true}).recover(); })) break;
        ++killed_recover;
        CHECK(s.store().recover().problems.empty());
        check_untouched(s, 2, 1, 2);
    }
    CHECK(killed_recover >= 5);
}

TEST_CASE("bundle store: ENOSPC and EIO at every fault point fail cleanly, and the next start is sound") {
    const Bytes v1 = signed_bundle(1), v2 = signed_bundle(2), v3 = signed_bundle(3);
    for (int error : {ENOSPC, EIO}) {
        CAPTURE(error);
        int failed = 0;
        for (int at = 1; at < 200; ++at) {
            CAPTURE(at);
            Store s;
            REQUIRE(s.store().install_bytes(v1, "v1").ok());
            REQUIRE(s.store().install_bytes(v2, "v2").ok());
            BundleStore faulty = s.store({at, error, false});
            const InstallResult r = faulty.install_bytes(v3, "v3");
            if (at > faulty.fault_steps_taken()) {  // the plan was never reached: the install is complete
                REQUIRE(r.ok());
                check_untouched(s, 3, 2, 3);
                break;
            }
            if (r.ok()) {
                // Only the tidy-up after the switch may fail without failing the install.
                CHECK(s.shown_version() == 3);
            } else {
                ++failed;
                const std::string said = error == ENOSPC ? "the disk is full" : "input/output error";
                CHECK_MESSAGE(r.message.find(said) != std::string::npos, r.message);
                CHECK(r.message.rfind("failed", 0) == 0);
                CHECK(r.outcome == InstallOutcome::failed);
                // The message says truthfully what is shown: the old bundle,
                // unless the failure came after `current` was switched.
                const bool switched = r.message.find("v3 is shown already") != std::string::npos;
                CHECK((switched || r.message.find("v2 is still shown") != std::string::npos));
                CHECK(s.shown_version() == (switched ? 3 : 2));
                // The part-written copy is removed at once (on a full disk the space matters), not at the next start.
                CHECK(s.entries("staging").empty());
            }
            check_old_or_new(s, 2, 1, 3);
        }
        CHECK(failed > 25);
    }
}

TEST_CASE("bundle store: a lost or damaged floor is rebuilt from what is installed, never lowered") {
    Store s;
    REQUIRE(s.store().install_bytes(signed_bundle(1), "v1").ok());
    REQUIRE(s.store().install_bytes(signed_bundle(2), "v2").ok());
    const std::string floor = s.dir.file("store") + "/floor";
    fs::remove(floor);
    RecoverResult r = s.store().recover();
    REQUIRE(r.actions.size() == 1);
    CHECK(r.actions[0] == "the version floor was unreadable; set to 2");
    CHECK(s.floor() == 2);
    write_bytes(floor, Bytes{'x', '\n'});
    s.store().recover();
    CHECK(s.floor() == 2);
    write_bytes(floor, Bytes{'7', '\n'});  // higher than installed: kept (e.g. after a rollback)
    CHECK(s.store().recover().actions.empty());
    CHECK(s.floor() == 7);
    CHECK(s.store().install_bytes(signed_bundle(3), "v3").message.find("not newer than version 7") != std::string::npos);
}

TEST_CASE("bundle store: a current bundle that no longer verifies is not shown") {
    Store s;
    REQUIRE(s.store().install_bytes(signed_bundle(1), "v1").ok());
    const std::string cat = s.dir.file("store") + "/bundles/" + name_of(1) + "/catalog.sqlite";
    Bytes b = slurp_bytes(cat);
    b[5000] ^= 1;
    write_bytes(cat, b);
    std::string err;
    CHECK_FALSE(s.store().verified_current(&err));
    CHECK(err.find("no longer verifies: the signature does not match the catalogue") != std::string::npos);
    const StoreStatus st = s.store().status();
    CHECK_FALSE(st.current);
    REQUIRE(st.problems.size() == 1);

    // A store trusting other keys only does not show it either.
    StoreOptions o = s.options();
    o.trusted = {TrustedKey{keys().other.public_key, "other.pub", false}};
    CHECK_FALSE(BundleStore(o).verified_current(&err));
}

TEST_CASE("bundle store: the kiosk shows the catalogue verified_current opened, and status() does not check it again") {
    Store s;
    REQUIRE(s.store().install_bytes(signed_bundle(1), "v1").ok());
    REQUIRE(s.store().install_bytes(signed_bundle(2), "v2").ok());
    std::string err;
    std::unique_ptr<Catalogue> opened;
    const auto cur = s.store().verified_current(&err, &opened);
    REQUIRE_MESSAGE(cur, err);
    REQUIRE(opened);
    CHECK(opened->info().meta_value("version") == "2");
    CHECK(opened->info().counts == cur->counts);

    // status(known): the current bundle as given (not verified again: here it
    // no longer would), the previous one verified as usual.
    const std::string cat = s.dir.file("store") + "/bundles/" + name_of(2) + "/catalog.sqlite";
    Bytes b = slurp_bytes(cat);
    b[5000] ^= 1;
    write_bytes(cat, b);
    const StoreStatus known = s.store().status(&*cur);
    REQUIRE(known.current);
    CHECK(known.current->name == name_of(2));
    REQUIRE(known.previous);
    CHECK(known.previous->manifest.version == 1);
    CHECK(known.problems.empty());
    CHECK_FALSE(s.store().status().current);  // without it: checked, and found wanting

    // A current bundle other than the one given (rolled back meanwhile) is verified.
    REQUIRE(s.store().rollback().ok());
    const StoreStatus after = s.store().status(&*cur);
    REQUIRE(after.current);
    CHECK(after.current->manifest.version == 1);

    // Nothing opened when the check fails.
    opened.reset();
    REQUIRE(s.store().install_bytes(signed_bundle(3), "v3").ok());
    const std::string cat3 = s.dir.file("store") + "/bundles/" + name_of(3) + "/catalog.sqlite";
    Bytes b3 = slurp_bytes(cat3);
    b3[5000] ^= 1;
    write_bytes(cat3, b3);
    CHECK_FALSE(s.store().verified_current(&err, &opened));
    CHECK_FALSE(opened);
}

TEST_CASE("bundle store: trusted key files, and the demo mark") {
    TempDir d;
    d.write("demo.pub", "untrusted comment: DEMO key of the madoguchi repository\n" + lines(minisign_public_key_file(keys().main.public_key))[1] + "\n");
    d.write("real.pub", minisign_public_key_file(keys().other.public_key));
    d.write("bad.pub", "untrusted comment: x\nnot base64!\n");
    std::string err;
    auto demo = load_trusted_key(d.file("demo.pub"), &err);
    REQUIRE(demo);
    CHECK(demo->demo);
    auto real = load_trusted_key(d.file("real.pub"), &err);
    REQUIRE(real);
    CHECK_FALSE(real->demo);
    CHECK_FALSE(load_trusted_key(d.file("bad.pub"), &err));
    CHECK(err.find(d.file("bad.pub") + ": ") == 0);
    CHECK_FALSE(load_trusted_key(d.file("none.pub"), &err));
    CHECK(err == "cannot read the public key " + d.file("none.pub"));

    Store s;
    StoreOptions o = s.options();
    o.trusted = {*demo};
    InstallResult r = BundleStore(o).install_bytes(signed_bundle(1), "v1");
    REQUIRE(r.ok());
    CHECK(r.installed->demo_key);
    CHECK(BundleStore(o).status().current->demo_key);
}

// --- one signature check per bundle -------------------------------------------------
// minisign_verifications() counts every verify_minisign call in the process:
// the checks below are differences of it around one step.

TEST_CASE("bundle store: each bundle's signature is verified once per install") {
    Store s;
    const TrustedKey t = keys().trusted();
    auto checks_during = [](auto&& step) {
        const uint64_t before = minisign_verifications();
        step();
        return minisign_verifications() - before;
    };

    // install_bytes (the admin tool, install()): checked once.
    const Bytes v1 = signed_bundle(1);
    CHECK(checks_during([&] { REQUIRE(s.store().install_bytes(v1, "v1").ok()); }) == 1);

    // The kiosk's way: the watcher checks a candidate when it finds it; the
    // install (later, between visitors) takes what was checked, and the admin
    // screen's list after it takes what the install returned.
    const Bytes v2 = signed_bundle(2);
    BundleCheck found;
    CHECK(checks_during([&] { found = check_bundle_bytes(v2, std::span(&t, 1), 0); }) == 1);
    REQUIRE(found.ok);
    REQUIRE(found.verified);
    CHECK(found.verified->manifest().version == 2);
    BundleStore st = s.store();
    InstallResult r;
    CHECK(checks_during([&] { r = st.install_verified(*found.verified, "v2.bundle"); }) == 0);
    REQUIRE_MESSAGE(r.ok(), r.message);
    CHECK(r.outcome == InstallOutcome::installed);
    REQUIRE(r.installed);
    check_untouched(s, 2, 1, 2);
    StoreStatus listed;
    CHECK(checks_during([&] { listed = st.status(&*r.installed); }) == 1);  // v1, the previous one, only
    REQUIRE(listed.current);
    CHECK(listed.current->manifest.version == 2);
    CHECK(listed.problems.empty());

    // A rollback checks the bundle it goes back to once, and hands over its
    // catalogue; listing afterwards checks only the one it left.
    std::unique_ptr<Catalogue> opened;
    CHECK(checks_during([&] { r = st.rollback(&opened); }) == 1);
    REQUIRE_MESSAGE(r.ok(), r.message);
    REQUIRE(opened);
    REQUIRE(r.installed);
    CHECK(r.installed->manifest.version == 1);
    CHECK(opened->info().meta_value("version") == "1");
    CHECK(checks_during([&] { listed = st.status(&*r.installed); }) == 1);  // v2, now previous
    CHECK(listed.current->manifest.version == 1);
}

TEST_CASE("bundle store: a verified bundle is still refused if the floor moved past it or its key is not this store's") {
    Store s;
    const TrustedKey t = keys().trusted();
    const BundleCheck v2 = check_bundle_bytes(signed_bundle(2), std::span(&t, 1), 0);
    REQUIRE(v2.verified);
    REQUIRE(s.store().install_bytes(signed_bundle(3), "v3").ok());  // meanwhile, from another stick
    InstallResult r = s.store().install_verified(*v2.verified, "v2.bundle");
    CHECK(r.outcome == InstallOutcome::refused);
    CHECK(r.reason == not_newer_reason(2, 3));
    CHECK(r.message == "refused: " + not_newer_reason(2, 3));
    check_untouched(s, 3, 0, 3);

    const Bytes c = catalogue_with_version(4);
    const Bytes other_signed = tar_of(c, minisign_sign(c, keys().other.secret_key, comment_for(4)));
    const TrustedKey other{keys().other.public_key, "other.pub", false};
    const BundleCheck v4 = check_bundle_bytes(other_signed, std::span(&other, 1), 0);
    REQUIRE(v4.verified);
    r = s.store().install_verified(*v4.verified, "v4.bundle");
    CHECK(r.outcome == InstallOutcome::refused);
    CHECK(r.message.find("which this kiosk does not trust") != std::string::npos);
    check_untouched(s, 3, 0, 3);
}

TEST_CASE("bundle store: streaming from the stick — a cut or a bad signature found after the catalogue was written leaves nothing") {
    Store s;
    REQUIRE(s.store().install_bytes(signed_bundle(1), "v1").ok());
    REQUIRE(s.store().install_bytes(signed_bundle(2), "v2").ok());
    const Bytes cat3 = catalogue_with_version(3);
    const Bytes good = tar_of(cat3, minisign_sign(cat3, keys().main.secret_key, comment_for(3)));
    REQUIRE(cat3.size() > 3 * 4096);
    TempDir stick;
    std::vector<std::string> progress;
    auto install_file = [&](const Bytes& b, const std::string& name) {
        write_bytes(stick.file(name), b);
        progress.clear();
        return s.store().install(stick.file(name), [&](int, int, const std::string& what) { progress.push_back(what); });
    };
    auto wrote_the_catalogue = [&] {
        return std::find(progress.begin(), progress.end(), "copying into the store") != progress.end();
    };

    // Cut in the middle of the catalogue: part of it was already in staging/.
    InstallResult r = install_file(Bytes(good.begin(), good.begin() + 512 + static_cast<long>(cat3.size() / 2)), "cut.bundle");
    CHECK(r.message == "refused: the bundle file is cut short (inside catalog.sqlite)");
    CHECK(wrote_the_catalogue());
    check_untouched(s, 2, 1, 2);

    // The whole catalogue streamed to staging/, then its signature does not match
    // (one bit changed in the catalogue), or names a key not trusted here.
    Bytes flipped = good;
    flipped[512 + cat3.size() - 100] ^= 1;
    r = install_file(flipped, "flipped.bundle");
    CHECK(r.message == "refused: the signature does not match the catalogue (the file was changed or damaged after signing)");
    CHECK(wrote_the_catalogue());
    check_untouched(s, 2, 1, 2);
    r = install_file(tar_of(cat3, minisign_sign(cat3, keys().other.secret_key, comment_for(3))), "other.bundle");
    CHECK(r.outcome == InstallOutcome::refused);
    CHECK(r.message.find("which this kiosk does not trust") != std::string::npos);
    check_untouched(s, 2, 1, 2);

    // The signature first in the archive: streamed the same way.
    Bytes sig_first;
    raw_member(sig_first, "catalog.sqlite.minisig", '0', minisign_sign(cat3, keys().main.secret_key, comment_for(3)));
    raw_member(sig_first, "catalog.sqlite", '0', as_string(cat3));
    end_blocks(sig_first);
    r = install_file(sig_first, "sig-first.bundle");
    REQUIRE_MESSAGE(r.ok(), r.message);
    check_untouched(s, 3, 2, 3);
    // What was installed is exactly what was signed.
    CHECK(slurp_bytes(s.dir.file("store") + "/current/catalog.sqlite") == cat3);

    // Refused ones are in the admin log; the stick's files were never changed.
    const std::string log = as_string(slurp_bytes(s.dir.file("store") + "/admin.log"));
    CHECK(log.find("refused " + stick.file("cut.bundle") + ": the bundle file is cut short") != std::string::npos);
    CHECK(log.find("refused " + stick.file("flipped.bundle") + ": the signature does not match") != std::string::npos);
    CHECK(slurp_bytes(stick.file("flipped.bundle")) == flipped);
}

TEST_CASE("bundle store: the watcher's bytes are kept, not copied, and install as checked") {
    Store s;
    REQUIRE(s.store().install_bytes(signed_bundle(1), "v1").ok());
    const TrustedKey t = keys().trusted();
    Bytes read = signed_bundle(2);
    const uint8_t* held = read.data();
    const BundleCheck found = check_bundle_bytes(std::move(read), std::span(&t, 1), 0);
    REQUIRE(found.ok);
    REQUIRE(found.verified);
    // The catalogue is the middle of the very buffer that was read (no second copy).
    CHECK(found.verified->catalogue().data() == held + 512);
    const auto held_catalogue = found.verified->catalogue();
    CHECK(Bytes(held_catalogue.begin(), held_catalogue.end()) == catalogue_with_version(2));
    const InstallResult r = s.store().install_verified(*found.verified, "v2.bundle");
    REQUIRE_MESSAGE(r.ok(), r.message);
    check_untouched(s, 2, 1, 2);
    CHECK(slurp_bytes(s.dir.file("store") + "/current/catalog.sqlite") == catalogue_with_version(2));

    // Refused the same way as the copying check, and the bytes are left to the caller.
    Bytes bad = signed_bundle(3);
    bad[600] ^= 1;
    const Bytes kept = bad;
    const BundleCheck no = check_bundle_bytes(std::move(bad), std::span(&t, 1), 0);
    CHECK_FALSE(no.ok);
    CHECK(no.message == check_bundle_bytes(std::span<const uint8_t>(kept), std::span(&t, 1), 0).message);
}

// Schema 6 dropped search_fts (catalogue.hpp). A bundle built with it is
// smaller by the FTS index; a schema-5 bundle, which still has one, installs,
// opens and searches as before, and both say which schema they are.
TEST_CASE("bundle store: a schema-5 bundle (with the old FTS index) still installs and searches like a schema-6 one") {
    const Bytes cat6 = catalogue_with_version(3);
    auto tables_of = [](const Bytes& cat) {
        TempDir d;
        write_bytes(d.file("c.sqlite"), cat);
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(d.file("c.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE name LIKE 'search%' ORDER BY name", -1, &st, nullptr) == SQLITE_OK);
        std::string names;
        while (sqlite3_step(st) == SQLITE_ROW) names += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) + " ";
        sqlite3_finalize(st);
        REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        names += "v" + std::to_string(sqlite3_column_int(st, 0));
        sqlite3_finalize(st);
        sqlite3_close(db);
        return names;
    };
    CHECK(tables_of(cat6) == "search_doc v6");
    const Bytes cat5 = altered_catalogue(cat6,
                                         "CREATE VIRTUAL TABLE search_fts USING fts5(names, org_names, body, content='search_doc', "
                                         "content_rowid='rowid', tokenize='trigram');"
                                         "INSERT INTO search_fts(search_fts) VALUES('rebuild'); PRAGMA user_version = 5;");
    CHECK(tables_of(cat5).find("search_fts ") != std::string::npos);
    CHECK(tables_of(cat5).ends_with("v5"));
    CHECK(cat5.size() > cat6.size());

    auto installed = [&](const Bytes& cat, int schema) {
        Store s;
        const std::string comment = "product=madoguchi schema=" + std::to_string(schema) +
                                    " version=3 created=2026-11-21T09:00:00Z publisher=Test%20Pref";
        const InstallResult r = s.store().install_bytes(tar_of(cat, minisign_sign(cat, keys().main.secret_key, comment)), "v3.bundle");
        REQUIRE_MESSAGE(r.ok(), r.message);
        REQUIRE(r.installed);
        CHECK(r.installed->manifest.schema == schema);
        std::string err;
        std::unique_ptr<Catalogue> opened;
        const auto cur = s.store().verified_current(&err, &opened);
        REQUIRE_MESSAGE(cur, err);
        REQUIRE(opened);
        CHECK(cur->manifest.schema == schema);
        CHECK(opened->info().schema_version == schema);
        std::vector<std::vector<SearchHit>> hits;
        for (const char* q : {"相談", "アルコール", "ギャンブル", "センター"}) hits.push_back(opened->search(q, SearchOptions{}));
        return hits;
    };
    const auto hits6 = installed(cat6, 6);
    const auto hits5 = installed(cat5, 5);
    CHECK(hits5 == hits6);
    size_t found = 0;
    for (const auto& h : hits6) found += h.size();
    CHECK(found > 0);
}
