// SPDX-License-Identifier: Apache-2.0
// The site file (site_settings.hpp): laid over /etc key by key, only the site
// keys, the same checks and messages as /etc; its text round-trips every site
// key exactly; the atomic write survives kill -9, ENOSPC and EIO at every
// fault point (the previous settings stay in force, the next write works); a
// read-only or missing folder; publisher keys found on a stick and imported;
// the admin-log lines (never the PIN hash); when the first-run setup shows.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "madoguchi/core/bundle_store.hpp"
#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/minisign.hpp"
#include "madoguchi/core/site_settings.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using madoguchi::test::slurp;
using madoguchi::test::TempDir;

namespace {

// As in test_kiosk_config.cpp: a valid argon2id string (libsodium's minimum cost).
const std::string kPinHash = "$argon2id$v=19$m=8,t=1,p=1$oEDv8kMGXXdOqy47klDAyw$NWU5tNTULZ2D1ItJ2hRKh9TsKa4wSU1KrwQDS3u/Spg";
const std::string kDemoKey = std::string(MADOGUCHI_ASSETS_DIR) + "/../data/demo-key/demo.pub";
const std::string kDemoKeyId = "16976BAB3FAE4850";

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += s + "\n";
    return out;
}

// The site keys of `c` alone, on top of the defaults: equal for two configs
// exactly when every site key is.
KioskConfig site_part(const KioskConfig& c) {
    KioskConfig s;
    s.prefecture = c.prefecture;
    s.municipality = c.municipality;
    s.languages = c.languages;
    s.default_language = c.default_language;
    s.idle_seconds = c.idle_seconds;
    s.countdown_seconds = c.countdown_seconds;
    s.layout = c.layout;
    s.large_text = c.large_text;
    s.printer_kind = c.printer_kind;
    s.printer_target = c.printer_target;
    s.printer_dots = c.printer_dots;
    s.admin_pin_hash = c.admin_pin_hash;
    s.trusted_keys = c.trusted_keys;
    return s;
}

// What /etc might say: every key away from its default.
KioskConfig etc_config() {
    const ConfigLoad l = parse_kiosk_config(
        "[kiosk]\nprefecture = 13\nmunicipality = \"13101\"\nlanguages = [\"ja\", \"en\", \"ko\"]\ndefault_language = \"en\"\n"
        "idle_seconds = 200\ncountdown_seconds = 40\n"
        "[screen]\nfullscreen = false\nlayout = \"top\"\n"
        "[bundle]\nstore = \"/srv/store\"\ntrusted_keys = [\"/etc/madoguchi/a.pub\"]\nwatch = [\"/media\"]\n"
        "[printer]\nkind = \"tcp\"\ntarget = \"192.168.1.50:9100\"\ndots = 384\n"
        "[fleet]\nkiosk_id = \"counter-2\"\n",
        "etc.toml");
    REQUIRE_MESSAGE(l.messages.empty(), joined(l.messages));
    return l.config;
}

// Settings the setup screens might make: every site key away from /etc's.
KioskConfig chosen_config() {
    KioskConfig c = etc_config();
    c.prefecture = 27;
    c.municipality = "27100";
    c.languages = {"en", "ja", "zh-Hans"};
    c.default_language = "ja";
    c.idle_seconds = 120;
    c.countdown_seconds = 25;
    c.layout = Layout::bottom;
    c.large_text = true;
    c.printer_kind = PrinterKind::device;
    c.printer_target = "/dev/usb/lp0";
    c.printer_dots = 576;
    c.admin_pin_hash = kPinHash;
    c.trusted_keys = {"/srv/store/keys/16976BAB3FAE4850.pub", "/etc/madoguchi/a.pub"};
    return c;
}

// Runs `body` in a child that the fault plan may kill; true if it was killed by SIGKILL.
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

bool exists(const std::string& p) {
    struct stat st;
    return ::lstat(p.c_str(), &st) == 0;
}

int mode_of(const std::string& p) {
    struct stat st;
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 07777);
}

std::string new_key_file(const std::string& comment) {
    const MinisignKeyPair kp = generate_minisign_keys();
    std::string text = minisign_public_key_file(kp.public_key);
    return "untrusted comment: " + comment + text.substr(text.find('\n'));
}

}  // namespace

// ---------------------------------------------------------------------------
// reading
// ---------------------------------------------------------------------------

TEST_CASE("site settings: the keys the site file may hold, and where it lives") {
    const std::vector<std::string_view> expected = {
        "kiosk.prefecture", "kiosk.municipality", "kiosk.languages", "kiosk.default_language", "kiosk.idle_seconds",
        "kiosk.countdown_seconds", "screen.layout", "screen.large_text", "printer.kind", "printer.target", "printer.dots",
        "admin.pin_hash", "bundle.trusted_keys"};
    CHECK(site_settings_keys() == expected);
    CHECK(site_settings_path("/var/lib/madoguchi") == "/var/lib/madoguchi/site.toml");
}

TEST_CASE("site settings: laid over /etc key by key; a key not in the site file keeps /etc's value") {
    const KioskConfig etc = etc_config();
    const SiteLoad l = parse_site_settings("[kiosk]\nidle_seconds = 300\n[screen]\nlarge_text = true\n", "site.toml", etc);
    CHECK(l.found);
    CHECK(l.messages.empty());
    KioskConfig expected = etc;
    expected.idle_seconds = 300;
    expected.large_text = true;
    CHECK(l.config == expected);  // prefecture, municipality, default_language… all as /etc said

    // An empty site file changes nothing.
    CHECK(parse_site_settings("", "site.toml", etc).config == etc);
    // A site file naming another language list keeps /etc's default language when it is still offered…
    CHECK(parse_site_settings("kiosk.languages = [\"ko\", \"en\"]\n", "site.toml", etc).config.default_language == "en");
    // …and otherwise takes "ja" when offered, else the first.
    CHECK(parse_site_settings("kiosk.languages = [\"ko\", \"ja\"]\n", "site.toml", etc).config.default_language == "ja");
    CHECK(parse_site_settings("kiosk.languages = [\"ko\", \"vi\"]\n", "site.toml", etc).config.default_language == "ko");
}

TEST_CASE("site settings: prefecture and municipality over /etc's") {
    const KioskConfig etc = etc_config();  // 13, "13101"
    // Only a prefecture: /etc's municipality lies elsewhere, so it goes.
    SiteLoad p = parse_site_settings("kiosk.prefecture = 27\n", "site.toml", etc);
    CHECK(p.messages.empty());
    CHECK(p.config.prefecture == 27);
    CHECK(p.config.municipality.empty());
    // The same prefecture: the municipality stays.
    SiteLoad same = parse_site_settings("kiosk.prefecture = 13\n", "site.toml", etc);
    CHECK(same.config.municipality == "13101");
    // Only a municipality: it names its prefecture.
    SiteLoad m = parse_site_settings("kiosk.municipality = \"27100\"\n", "site.toml", etc);
    CHECK(m.messages.empty());
    CHECK(m.config.prefecture == 27);
    CHECK(m.config.municipality == "27100");
    // 0 = all of Japan, with no municipality.
    SiteLoad none = parse_site_settings("[kiosk]\nprefecture = 0\nmunicipality = \"\"\n", "site.toml", etc);
    CHECK(none.messages.empty());
    CHECK(none.config.prefecture == 0);
    CHECK(none.config.municipality.empty());
    // A wrong prefecture keeps /etc's, and says so with the /etc words.
    SiteLoad bad = parse_site_settings("[kiosk]\nprefecture = 99\n", "site.toml", KioskConfig{});
    REQUIRE(bad.messages.size() == 1);
    CHECK(bad.messages[0] ==
          "site.toml:2:14: kiosk.prefecture = 99 is not a prefecture code (1..47, or \"01\"..\"47\"; e.g. 27 for 大阪府; 0 = all of Japan); using 0");
    KioskConfig only_pref;
    only_pref.prefecture = 27;
    CHECK(parse_site_settings("[kiosk]\nprefecture = 99\n", "site.toml", only_pref).config.prefecture == 27);
}

TEST_CASE("site settings: keys that are not site keys are refused at their line and column; the rest is read") {
    const KioskConfig etc = etc_config();
    const SiteLoad l = parse_site_settings(
        "[kiosk]\nidle_seconds = 100\n[bundle]\nstore = \"/tmp/evil\"\nwatch = [\"/\"]\ntrusted_keys = [\"/k/a.pub\"]\n"
        "[fleet]\nstatus_file = \"/tmp/s.json\"\n[screen]\nfullscreen = true\n[admn]\npin = 1\n",
        "site.toml", etc);
    const std::string tail = " cannot be set in the site file; set it in /etc/madoguchi/madoguchi.toml";
    CHECK(joined(l.messages) == "site.toml:4:1: bundle.store" + tail + "\n" +
                                    "site.toml:5:1: bundle.watch" + tail + "\n" +
                                    "site.toml:8:1: fleet.status_file" + tail + "\n" +
                                    "site.toml:10:1: screen.fullscreen" + tail + "\n" +
                                    "site.toml:11:2: unknown table [admn] is ignored (did you mean [admin]?)\n");
    KioskConfig expected = etc;
    expected.idle_seconds = 100;
    expected.trusted_keys = {"/k/a.pub"};
    CHECK(l.config == expected);  // store, watch, status file, fullscreen: /etc's
}

TEST_CASE("site settings: a bad value costs that key (the /etc value stays) with the /etc message") {
    const KioskConfig etc = etc_config();
    const SiteLoad l = parse_site_settings(
        "[kiosk]\ncountdown_seconds = 5\n[screen]\nlarge_text = 1\n[printer]\ndots = 9000\n[admin]\npin_hash = \"1234\"\n",
        "site.toml", etc);
    CHECK(joined(l.messages) ==
          "site.toml:2:21: kiosk.countdown_seconds = 5 is out of range (20..300); using 40\n"
          "site.toml:4:14: screen.large_text = 1 should be true or false; using false\n"
          "site.toml:6:8: printer.dots = 9000 is out of range (200..1024); using 384\n"
          "site.toml:8:12: admin.pin_hash is not an argon2id hash from `madoguchi-bundle pin-hash`; the admin screen stays closed\n");
    CHECK(l.config.countdown_seconds == 40);
    CHECK(l.config.printer_dots == 384);
    CHECK(joined(l.messages).find("1234") == std::string::npos);  // never quoted back
}

TEST_CASE("site settings: a missing file is normal; a file that is not TOML costs the file, not /etc") {
    TempDir dir;
    const KioskConfig etc = etc_config();
    const SiteLoad missing = load_site_settings(dir.file("site.toml"), etc);
    CHECK_FALSE(missing.found);
    CHECK(missing.messages.empty());
    CHECK(missing.config == etc);

    dir.write("site.toml", "[kiosk\nprefecture = 27\n");
    const SiteLoad broken = load_site_settings(dir.file("site.toml"), etc);
    CHECK(broken.found);
    REQUIRE(broken.messages.size() == 1);
    CHECK(broken.messages[0].rfind(dir.file("site.toml") + ":1:", 0) == 0);
    CHECK(broken.messages[0].find("not valid TOML") != std::string::npos);
    CHECK(broken.messages[0].find("the site settings are not used") != std::string::npos);
    CHECK(broken.config == etc);

    // A .tmp beside it (a write cut off) is never read.
    dir.write("site.toml", "kiosk.idle_seconds = 100\n");
    dir.write("site.toml.tmp", "kiosk.idle_seconds = 999\n");
    CHECK(load_site_settings(dir.file("site.toml"), etc).config.idle_seconds == 100);
}

// ---------------------------------------------------------------------------
// the text
// ---------------------------------------------------------------------------

TEST_CASE("site settings: the file's text round-trips every site key exactly, whatever /etc says") {
    std::vector<KioskConfig> configs = {KioskConfig{}, etc_config(), chosen_config()};
    // Strings that need escaping.
    KioskConfig odd = chosen_config();
    odd.printer_kind = PrinterKind::tcp;
    odd.printer_target = "プリンタ \"1\" \\ tab\there\nnew\x01\x7F end";
    odd.trusted_keys = {"/srv/鍵/\"quoted\".pub", "/a\\b.pub"};
    odd.admin_pin_hash.clear();
    odd.prefecture = 1;
    odd.municipality = "01100";
    odd.languages = {"tl"};
    odd.default_language = "tl";
    odd.layout = Layout::automatic;
    configs.push_back(odd);
    KioskConfig printing = chosen_config();
    printing.printer_kind = PrinterKind::none;
    printing.printer_target.clear();
    configs.push_back(printing);

    const std::vector<KioskConfig> bases = {KioskConfig{}, etc_config()};
    for (const KioskConfig& c : configs) {
        const std::string text = site_settings_toml(c);
        CAPTURE(text);
        for (const KioskConfig& base : bases) {
            const SiteLoad back = parse_site_settings(text, "site.toml", base);
            CHECK(back.messages.empty());
            CHECK(site_part(back.config) == site_part(c));
            // Every other key is the base's.
            KioskConfig rest = back.config, base_rest = base;
            CHECK(rest.store == base_rest.store);
            CHECK(rest.watch == base_rest.watch);
            CHECK(rest.fullscreen == base_rest.fullscreen);
            CHECK(rest.kiosk_id == base_rest.kiosk_id);
        }
        // Every site key is in the file.
        for (std::string_view k : site_settings_keys()) {
            const std::string key(k.substr(k.find('.') + 1));
            CHECK(text.find("\n" + key + " = ") != std::string::npos);
        }
    }
}

TEST_CASE("site settings: bytes that are not UTF-8 become U+FFFD, so the file still parses") {
    KioskConfig c = chosen_config();
    c.printer_target = std::string("/dev/usb/lp\xFF\xC3");
    const SiteLoad back = parse_site_settings(site_settings_toml(c), "site.toml", KioskConfig{});
    CHECK(back.messages.empty());
    CHECK(back.config.printer_target == "/dev/usb/lp\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(back.config.idle_seconds == c.idle_seconds);
}

// ---------------------------------------------------------------------------
// the atomic write
// ---------------------------------------------------------------------------

TEST_CASE("site settings: write, read back, mode 0600, a missing folder made 0700, no .tmp left") {
    TempDir dir;
    const std::string path = dir.file("store/inner/site.toml");
    std::string error;
    REQUIRE_MESSAGE(write_site_settings(path, site_settings_toml(chosen_config()), &error), error);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(dir.file("store")) == 0700);
    CHECK(mode_of(dir.file("store/inner")) == 0700);
    CHECK_FALSE(exists(path + ".tmp"));
    const SiteLoad l = load_site_settings(path, etc_config());
    CHECK(l.found);
    CHECK(site_part(l.config) == site_part(chosen_config()));
    // Written again over itself.
    REQUIRE(write_site_settings(path, "kiosk.idle_seconds = 60\n", &error));
    CHECK(slurp(path) == "kiosk.idle_seconds = 60\n");
}

namespace {

struct FaultRun {
    int at = 0;
    bool failed_or_killed = false;
    int idle_seconds_after = 0;  // what a load finds after it
    bool tmp_left = false;
};

// Old settings in place (and, with `stale_tmp`, a .tmp left by an earlier
// cut-off write); then the new ones written with `plan`.
void prepare(const TempDir& dir, bool stale_tmp) {
    std::string error;
    KioskConfig old = chosen_config();
    old.idle_seconds = 111;
    REQUIRE(write_site_settings(dir.file("site.toml"), site_settings_toml(old), &error));
    if (stale_tmp) dir.write("site.toml.tmp", "garbage");
}

std::string new_text() {
    KioskConfig c = chosen_config();
    c.idle_seconds = 222;
    return site_settings_toml(c);
}

// After an interruption or a failure: the next write works, leaves no .tmp, and is read.
void check_next_write_works(const TempDir& dir) {
    KioskConfig next = chosen_config();
    next.idle_seconds = 333;
    std::string error;
    CHECK_MESSAGE(write_site_settings(dir.file("site.toml"), site_settings_toml(next), &error), error);
    CHECK_FALSE(exists(dir.file("site.toml.tmp")));
    CHECK(load_site_settings(dir.file("site.toml"), KioskConfig{}).config.idle_seconds == 333);
}

}  // namespace

TEST_CASE("site settings: kill -9 at every fault point leaves the previous settings in force until the rename") {
    for (const bool stale_tmp : {false, true}) {
        CAPTURE(stale_tmp);
        std::vector<FaultRun> runs;
        int at = 1;
        for (; at < 50; ++at) {
            CAPTURE(at);
            TempDir dir;
            prepare(dir, stale_tmp);
            const std::string text = new_text();
            const bool killed = run_killable([&] {
                SiteWriteOptions o;
                o.fault = {at, 0, true};
                std::string error;
                write_site_settings(dir.file("site.toml"), text, &error, o);
            });
            const SiteLoad l = load_site_settings(dir.file("site.toml"), KioskConfig{});
            CHECK(l.found);
            CHECK(l.messages.empty());  // never a half-written file
            if (!killed) {
                CHECK(l.config.idle_seconds == 222);
                break;
            }
            runs.push_back({at, true, l.config.idle_seconds, exists(dir.file("site.toml.tmp"))});
            check_next_write_works(dir);
        }
        // create, write, fsync, close, rename, fsync folder (+ the stale .tmp's unlink).
        const int expected_points = stale_tmp ? 7 : 6;
        REQUIRE(static_cast<int>(runs.size()) == expected_points);
        for (const FaultRun& r : runs) {
            CAPTURE(r.at);
            // Killed before the rename: the old settings. Killed after it
            // (before the folder's fsync): the rename was done, the new ones.
            const bool after_rename = r.at == expected_points;
            CHECK(r.idle_seconds_after == (after_rename ? 222 : 111));
        }
    }
}

TEST_CASE("site settings: ENOSPC and EIO at every fault point: false with the reason, the previous settings, no .tmp") {
    for (const int err : {ENOSPC, EIO}) {
        for (const bool stale_tmp : {false, true}) {
            CAPTURE(err);
            CAPTURE(stale_tmp);
            int failures = 0;
            for (int at = 1; at < 50; ++at) {
                CAPTURE(at);
                TempDir dir;
                prepare(dir, stale_tmp);
                SiteWriteOptions o;
                o.fault = {at, err, false};
                std::string error;
                const bool ok = write_site_settings(dir.file("site.toml"), new_text(), &error, o);
                const int loaded = load_site_settings(dir.file("site.toml"), KioskConfig{}).config.idle_seconds;
                const bool last = at == (stale_tmp ? 7 : 6);
                if (ok && !last) {
                    CHECK(loaded == 222);
                    CHECK(error.empty());
                    break;
                }
                ++failures;
                CHECK(ok == last);  // past the rename the write is done, with a warning
                CHECK(error.find(err == ENOSPC ? "the disk is full" : "input/output error") != std::string::npos);
                CHECK(error.find(dir.file("site.toml")) != std::string::npos);
                if (!last) {
                    CHECK(loaded == 111);
                    CHECK(error.find("the previous settings stay") != std::string::npos);
                    // The failed write's own .tmp is removed (a stale one that could not be removed may stay).
                    if (!stale_tmp || at > 1) CHECK_FALSE(exists(dir.file("site.toml.tmp")));
                } else {
                    // The folder's fsync failed after the rename: the new file is in place, and the staff are told.
                    CHECK(loaded == 222);
                    CHECK(error.find("after a power cut the previous settings may come back") != std::string::npos);
                }
                check_next_write_works(dir);
            }
            CHECK(failures == (stale_tmp ? 7 : 6));
        }
    }
}

TEST_CASE("site settings: a missing folder is made; a failure while making it leaves nothing") {
    for (int at = 1; at < 20; ++at) {
        CAPTURE(at);
        TempDir dir;
        const std::string path = dir.file("store/site.toml");
        SiteWriteOptions o;
        o.fault = {at, EIO, false};
        std::string error;
        if (write_site_settings(path, new_text(), &error, o)) {
            // mkdir, then create, write, fsync, close, rename: the 7th, the
            // folder's fsync, fails after the commit point — done, with a warning.
            CHECK(at == 7);
            CHECK(error.find("after a power cut the previous settings may come back") != std::string::npos);
            break;
        }
        if (at == 1) CHECK(error.find("while making the folder " + dir.file("store")) != std::string::npos);
        if (at < 7) CHECK_FALSE(load_site_settings(path, KioskConfig{}).found);
        CHECK_FALSE(exists(path + ".tmp"));
    }
}

TEST_CASE("site settings: a folder the kiosk cannot write: false, in plain words, nothing changed") {
    // A read-only file system (as root, permissions would not stop us).
    std::string error;
    CHECK_FALSE(write_site_settings("/proc/madoguchi-site.toml", "x = 1\n", &error));
    CHECK(error.rfind("could not save /proc/madoguchi-site.toml while ", 0) == 0);

    TempDir dir;
    prepare(dir, false);
    // EROFS as the disk would say it.
    SiteWriteOptions o;
    o.fault = {1, EROFS, false};
    CHECK_FALSE(write_site_settings(dir.file("site.toml"), new_text(), &error, o));
    CHECK(error == "could not save " + dir.file("site.toml") + " while creating " + dir.file("site.toml.tmp") +
                       ": the folder is on a read-only file system; the previous settings stay");
    CHECK(load_site_settings(dir.file("site.toml"), KioskConfig{}).config.idle_seconds == 111);

    if (::geteuid() != 0) {
        REQUIRE(::chmod(dir.str().c_str(), 0500) == 0);
        CHECK_FALSE(write_site_settings(dir.file("site.toml"), new_text(), &error));
        CHECK(error.find("permission denied") != std::string::npos);
        REQUIRE(::chmod(dir.str().c_str(), 0700) == 0);
        CHECK(load_site_settings(dir.file("site.toml"), KioskConfig{}).config.idle_seconds == 111);
    }
}

// ---------------------------------------------------------------------------
// publisher keys
// ---------------------------------------------------------------------------

TEST_CASE("site settings: publisher keys on a stick are listed with key id, comment and problems") {
    TempDir stick;
    stick.write("demo.pub", slurp(kDemoKey));
    stick.write("Osaka.PUB", new_key_file("大阪府 publisher key"));
    stick.write("junk.pub", "hello\n");
    stick.write("readme.txt", "not a key\n");
    REQUIRE(::mkdir(stick.file("folder.pub").c_str(), 0755) == 0);
    REQUIRE(::mkdir(stick.file("sub").c_str(), 0755) == 0);
    stick.write("sub/deeper.pub", new_key_file("deeper"));
    REQUIRE(::symlink("/etc/passwd", stick.file("link.pub").c_str()) == 0);

    const std::vector<PublisherKeyFile> keys = find_publisher_keys({stick.str(), stick.file("no-such-folder")});
    REQUIRE(keys.size() == 4);
    CHECK(keys[0].path == stick.file("Osaka.PUB"));
    CHECK(keys[0].key_id_hex.size() == 16);
    CHECK(keys[0].comment == "大阪府 publisher key");
    CHECK(keys[0].problem.empty());
    CHECK_FALSE(keys[0].demo);
    CHECK(keys[1].path == stick.file("demo.pub"));
    CHECK(keys[1].key_id_hex == kDemoKeyId);
    CHECK(keys[1].demo);
    CHECK(keys[1].problem.empty());
    CHECK(keys[2].path == stick.file("junk.pub"));
    CHECK(keys[2].key_id_hex.empty());
    CHECK(keys[2].problem.rfind("not a minisign public key: ", 0) == 0);
    CHECK(keys[3].path == stick.file("link.pub"));
    CHECK_FALSE(keys[3].problem.empty());  // a symbolic link is never followed

    // At most 32 files per folder.
    TempDir many;
    for (int i = 0; i < 40; ++i) many.write("k" + std::to_string(100 + i) + ".pub", "x");
    CHECK(find_publisher_keys({many.str()}).size() == 32);
    CHECK(find_publisher_keys({}).empty());
}

TEST_CASE("site settings: importing a key copies it into <store>/keys/<KEYID>.pub; twice is fine; a non-key is refused") {
    TempDir store, stick;
    stick.write("demo.pub", slurp(kDemoKey));
    std::string error;
    const std::optional<std::string> dest = import_publisher_key(stick.file("demo.pub"), store.file("s"), &error);
    REQUIRE_MESSAGE(dest, error);
    CHECK(*dest == store.file("s/keys/" + kDemoKeyId + ".pub"));
    CHECK(mode_of(*dest) == 0600);
    const std::optional<TrustedKey> t = load_trusted_key(*dest, &error);
    REQUIRE(t);
    CHECK(t->key.key_id_hex() == kDemoKeyId);
    CHECK(t->demo);  // still marked as the demo key
    // Again: the same place, no error.
    CHECK(import_publisher_key(stick.file("demo.pub"), store.file("s"), &error) == dest);
    CHECK_FALSE(exists(*dest + ".tmp"));

    stick.write("junk.pub", "untrusted comment: x\nnot base64!\n");
    error.clear();
    CHECK_FALSE(import_publisher_key(stick.file("junk.pub"), store.file("s"), &error));
    CHECK(error.rfind(stick.file("junk.pub") + ": not a minisign public key: ", 0) == 0);
    CHECK_FALSE(import_publisher_key(stick.file("gone.pub"), store.file("s"), &error));
    CHECK(error.find("gone.pub") != std::string::npos);

    // A failure on the way: nothing half-made.
    SiteWriteOptions o;
    o.fault = {3, ENOSPC, false};
    TempDir store2;
    CHECK_FALSE(import_publisher_key(stick.file("demo.pub"), store2.str(), &error, o));
    CHECK(error.find("the disk is full") != std::string::npos);
    CHECK_FALSE(exists(store2.file("keys/" + kDemoKeyId + ".pub")));
    CHECK_FALSE(exists(store2.file("keys/" + kDemoKeyId + ".pub.tmp")));
}

// ---------------------------------------------------------------------------
// what changed, first run, the admin log
// ---------------------------------------------------------------------------

TEST_CASE("site settings: the admin-log lines name each changed setting, never the PIN hash") {
    const KioskConfig before = etc_config();
    CHECK(describe_setting_changes(before, before).empty());

    TempDir keys;
    keys.write("demo.pub", slurp(kDemoKey));
    KioskConfig after = before;
    after.prefecture = 27;
    after.municipality = "27100";
    after.large_text = true;
    after.admin_pin_hash = kPinHash;
    after.trusted_keys = {keys.file("demo.pub"), "/nowhere/b.pub"};
    const std::vector<std::string> lines = describe_setting_changes(before, after);
    CHECK(joined(lines) ==
          "setting changed: kiosk.prefecture 13 → 27\n"
          "setting changed: kiosk.municipality \"13101\" → \"27100\"\n"
          "setting changed: screen.large_text false → true\n"
          "setting changed: admin PIN\n"
          "setting changed: bundle.trusted_keys [\"/etc/madoguchi/a.pub\"] → [" + kDemoKeyId + ", \"/nowhere/b.pub\"]\n");
    CHECK(joined(lines).find("argon2") == std::string::npos);
    // Removing the PIN says the same, nothing more.
    CHECK(describe_setting_changes(after, before)[3] == "setting changed: admin PIN");

    // Settings that are not site keys are not the setup's business.
    KioskConfig other = before;
    other.store = "/elsewhere";
    CHECK(describe_setting_changes(before, other).empty());
}

TEST_CASE("site settings: the first-run setup shows only with no site file, no PIN and no development catalogue") {
    KioskConfig c;
    CHECK(needs_first_run_setup(false, c));
    CHECK_FALSE(needs_first_run_setup(true, c));
    c.admin_pin_hash = kPinHash;  // a fleet provisioning by file
    CHECK_FALSE(needs_first_run_setup(false, c));
    c.admin_pin_hash.clear();
    c.catalogue = "/dev/cat.sqlite";
    CHECK_FALSE(needs_first_run_setup(false, c));
}

TEST_CASE("site settings: append_admin_log adds one time-stamped line, as the store's own events") {
    TempDir dir;
    append_admin_log(dir.file("admin.log"), "setting changed: admin PIN");
    append_admin_log(dir.file("admin.log"), "setting changed: screen.large_text false → true");
    const std::string log = slurp(dir.file("admin.log"));
    const size_t nl = log.find('\n');
    REQUIRE(nl != std::string::npos);
    const std::string first = log.substr(0, nl);
    // "2026-11-21T09:00:00Z setting changed: admin PIN"
    CHECK(first.size() == 21 + std::string("setting changed: admin PIN").size());
    CHECK(first[10] == 'T');
    CHECK(first[19] == 'Z');
    CHECK(first.substr(21) == "setting changed: admin PIN");
    CHECK(log.substr(nl + 1 + 21) == "setting changed: screen.large_text false → true\n");
}
