// SPDX-License-Identifier: Apache-2.0
// test_fleet_status.cpp — the status file for fleet admins (fleet_status.hpp,
// docs/fleet.md): its JSON read back by Python's json module (a parser we did
// not write), the atomic replace, and errors that come back as words.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "madoguchi/core/fleet_status.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using madoguchi::test::slurp;
using madoguchi::test::TempDir;

namespace {


// Runs python3 on `script` with the JSON file as argv[1]; its stdout.
std::string python(const std::string& json_path, const std::string& script, const TempDir& dir) {
    dir.write("check.py", script);
    const std::string cmd = "python3 " + dir.file("check.py") + " " + json_path + " 2>&1";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

InstalledBundle bundle(long long version, const std::string& valid_until) {
    InstalledBundle b;
    b.name = "v" + std::to_string(version) + "-16976BAB3FAE4850";
    b.catalogue_path = "/var/lib/madoguchi/bundles/" + b.name + "/catalog.sqlite";
    b.manifest.version = version;
    b.manifest.schema = 1;
    b.manifest.created = "2026-11-21T09:00:00Z";
    b.manifest.publisher = "Osaka \"Pref\" 大阪府";
    b.manifest.key_id_hex = "16976BAB3FAE4850";
    b.title = "こころの相談先";
    b.valid_until = valid_until;
    b.counts = {{"service", 40}, {"organization", 12}};
    b.demo_key = version == 1;
    return b;
}

}  // namespace

TEST_CASE("fleet status: the JSON is valid, holds every admin fact, and nothing else") {
    TempDir dir;
    FleetStatus s;
    s.software = "madoguchi 0.1.0";
    s.kiosk_id = "osaka-042";
    s.hostname = "kiosk-7";
    s.store = "/var/lib/madoguchi";
    s.current = bundle(2, "2026-01-31");   // stale on 2026-11-22
    s.previous = bundle(1, "2027-11-30");  // not stale
    s.floor = 2;
    s.today = "2026-11-22";
    s.problems = {"current: a \"quoted\"\tproblem\nover two lines"};
    FleetAttempt a;
    a.outcome = "refused";
    // A file name from a stick in Shift_JIS (0x82 0xA0 is not UTF-8), with a
    // control character, an overlong '/' (C0 AF) and a surrogate (ED A0 80).
    a.file = std::string("/media/usb0/\x82\xA0-\x01-\xC0\xAF-\xED\xA0\x80.bundle");
    a.version = 3;
    a.publisher = "someone";
    a.message = "signed with key 5A1C…, which this kiosk does not trust";
    a.at = "2026-11-22T01:02:03Z";
    s.last_attempt = a;
    s.written_at = "2026-11-22T01:15:00Z";
    const std::string json = fleet_status_json(s);
    CHECK(json.back() == '\n');
    REQUIRE(write_fleet_status(dir.file("status.json"), json).empty());

    const std::string out = python(dir.file("status.json"), R"(
import json, sys
raw = open(sys.argv[1], 'rb').read()
raw.decode('utf-8', 'strict')  # valid UTF-8 whatever the file name held
d = json.loads(raw)
print(sorted(d.keys()))
print(d['format'], d['software'], d['kiosk_id'], d['hostname'], d['written_at'], d['store'])
i, p = d['installed'], d['previous']
print(i['version'], i['title'], i['publisher'], i['created'], i['valid_until'], i['stale'], i['key_id'], i['demo_key'], i['folder'], i['rows'])
print(p['version'], p['stale'], p['demo_key'], d['rollback_available'], d['version_floor'])
a = d['last_attempt']
print(a['outcome'], repr(a['file']), a['version'], a['publisher'], a['at'])
print(a['message'])
print(repr(d['problems']))
)",
                                    dir);
    CHECK(out ==
          "['format', 'hostname', 'installed', 'kiosk_id', 'last_attempt', 'previous', 'problems', 'rollback_available', "
          "'software', 'store', 'version_floor', 'written_at']\n"
          "madoguchi-status 1 madoguchi 0.1.0 osaka-042 kiosk-7 2026-11-22T01:15:00Z /var/lib/madoguchi\n"
          "2 こころの相談先 Osaka \"Pref\" 大阪府 2026-11-21T09:00:00Z 2026-01-31 True 16976BAB3FAE4850 False "
          "v2-16976BAB3FAE4850 {'service': 40, 'organization': 12}\n"
          "1 False True True 2\n"
          "refused '/media/usb0/\ufffd\ufffd-\\x01-\ufffd\ufffd-\ufffd\ufffd\ufffd.bundle' 3 someone 2026-11-22T01:02:03Z\n"
          "signed with key 5A1C…, which this kiosk does not trust\n"
          "['current: a \"quoted\"\\tproblem\\nover two lines']\n");
}

TEST_CASE("fleet status: a fresh kiosk (nothing installed, nothing delivered) is valid JSON with nulls") {
    TempDir dir;
    FleetStatus s;
    s.software = "madoguchi 0.1.0";
    s.written_at = fleet_utc_time(0);
    REQUIRE(write_fleet_status(dir.file("status.json"), fleet_status_json(s)).empty());
    const std::string out = python(dir.file("status.json"), R"(
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
print(d['installed'], d['previous'], d['last_attempt'], d['rollback_available'], d['version_floor'], d['problems'], d['written_at'])
)",
                                    dir);
    CHECK(out == "None None None False 0 [] 1970-01-01T00:00:00Z\n");
    // The keys come in the documented order (docs/fleet.md), 2-space indented, one object, a final newline.
    const std::string text = fleet_status_json(s);
    CHECK(text.rfind("{\n  \"format\": \"madoguchi-status 1\",\n  \"software\": \"madoguchi 0.1.0\",\n  \"kiosk_id\": ", 0) == 0);
    CHECK(text.substr(text.size() - 2) == "}\n");
}

TEST_CASE("fleet status: replaced atomically, mode 0644 whatever the umask, no temporary file left") {
    TempDir dir;
    const std::string path = dir.file("status/status.json");  // the folder is made (one level)
    const mode_t old_umask = ::umask(077);                     // as the kiosk runs
    REQUIRE(write_fleet_status(path, "{\"n\": 1}\n").empty());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    REQUIRE(::stat(dir.file("status").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0755);

    // A reader holding the old file keeps reading all of the old one: the new
    // one is a new file renamed over it, never the old one rewritten.
    const int reader = ::open(path.c_str(), O_RDONLY);
    REQUIRE(reader >= 0);
    struct stat before {};
    ::fstat(reader, &before);
    // A leftover temporary file that is a symbolic link is not followed.
    dir.write("elsewhere", "untouched");
    REQUIRE(::symlink(dir.file("elsewhere").c_str(), dir.file("status/.status.json.tmp").c_str()) == 0);
    REQUIRE(write_fleet_status(path, "{\"n\": 2}\n").empty());
    char buf[64] = {};
    CHECK(::pread(reader, buf, sizeof buf - 1, 0) == 9);
    CHECK(std::string(buf) == "{\"n\": 1}\n");
    ::close(reader);
    CHECK(slurp(path) == "{\"n\": 2}\n");
    CHECK(slurp(dir.file("elsewhere")) == "untouched");
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK(st.st_ino != before.st_ino);
    CHECK((st.st_mode & 0777) == 0644);
    CHECK(::access(dir.file("status/.status.json.tmp").c_str(), F_OK) != 0);
    ::umask(old_umask);
}

TEST_CASE("fleet status: a folder that cannot be written gives one sentence, and the old file stays") {
    TempDir dir;
    // The folder's place is taken by a file.
    dir.write("not-a-folder", "x");
    const std::string e1 = write_fleet_status(dir.file("not-a-folder/status.json"), "{}\n");
    CHECK(e1 == "cannot make the folder of the status file " + dir.file("not-a-folder/status.json") +
                    ": a part of the path is not a folder");
    // Two levels missing: only one is ever made.
    const std::string e2 = write_fleet_status(dir.file("a/b/status.json"), "{}\n");
    CHECK(e2 == "cannot make the folder of the status file " + dir.file("a/b/status.json") + ": the folder does not exist");
    // The name is taken by a folder: the rename fails, nothing is left behind.
    REQUIRE(::mkdir(dir.file("st").c_str(), 0755) == 0);
    REQUIRE(::mkdir(dir.file("st/status.json").c_str(), 0755) == 0);
    const std::string e3 = write_fleet_status(dir.file("st/status.json"), "{}\n");
    CHECK(e3.rfind("cannot replace the status file " + dir.file("st/status.json") + ": ", 0) == 0);
    CHECK(::access(dir.file("st/.status.json.tmp").c_str(), F_OK) != 0);
    // A read-only file system (as root, permissions would not stop us).
    const std::string e4 = write_fleet_status("/proc/madoguchi-status.json", "{}\n");
    CHECK(e4.rfind("cannot ", 0) == 0);
    CHECK_FALSE(write_fleet_status("/", "{}\n").empty());
    CHECK_FALSE(write_fleet_status(dir.file("st/"), "{}\n").empty());
}

TEST_CASE("fleet status: times in UTC, and the beat falls on the same wall-clock moments everywhere") {
    CHECK(fleet_utc_time(0) == "1970-01-01T00:00:00Z");
    CHECK(fleet_utc_time(1795309200) == "2026-11-22T01:00:00Z");
    CHECK(fleet_utc_date(1795309200) == "2026-11-22");
    CHECK(next_status_beat(1795309200, 900) == 1795309200 + 900);  // on a beat: the next one
    CHECK(next_status_beat(1795309201, 900) == 1795309200 + 900);
    CHECK(next_status_beat(1795310099, 900) == 1795310100);
    CHECK(next_status_beat(1795309201, 0) == 1795309200 + 900);  // 0: the default
    CHECK(next_status_beat(7, 10) == 10);
}
