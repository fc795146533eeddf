// SPDX-License-Identifier: Apache-2.0
// fleet_status.cpp — see fleet_status.hpp and docs/fleet.md "The status file".
//
// Index
//   - JSON writing      one installed bundle, via nlohmann/json (ordered_json)
//   - fleet_status_json
//   - write_fleet_status  temporary file, fsync, rename, fsync of the folder
//   - times and the beat
#include "madoguchi/core/fleet_status.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <utility>

namespace madoguchi::core {
namespace {

// --- JSON writing -------------------------------------------------------------

// nlohmann/json (Debian: nlohmann-json3-dev), as in hsds.cpp. ordered_json keeps
// the keys in the order they are set: the order docs/fleet.md shows. Strings
// are kept as bytes here; dump() escapes them and, with error_handler_t::replace,
// writes U+FFFD for bytes that are not UTF-8 (a file name on a stick may be in
// any encoding).
using Json = nlohmann::ordered_json;

Json json_bundle(const InstalledBundle& b, const std::string& today) {
    const bool stale = !b.valid_until.empty() && !today.empty() && b.valid_until < today;
    Json rows = Json::object();
    for (const auto& [table, n] : b.counts) rows[table] = n;
    Json j = Json::object();
    j["version"] = b.manifest.version;
    j["title"] = b.title;
    j["publisher"] = b.manifest.publisher;
    j["created"] = b.manifest.created;
    j["valid_until"] = b.valid_until;
    j["stale"] = stale;
    j["key_id"] = b.manifest.key_id_hex;
    j["demo_key"] = b.demo_key;
    j["folder"] = b.name;
    j["rows"] = std::move(rows);
    return j;
}

std::string errno_words(int e) {
    switch (e) {
        case ENOSPC: return "the disk is full";
        case EACCES:
        case EPERM: return "permission denied";
        case EROFS: return "the file system is read-only";
        case ENOENT: return "the folder does not exist";
        case ENOTDIR: return "a part of the path is not a folder";
        case EIO: return "input/output error";
        default: return std::strerror(e);
    }
}

}  // namespace

// --- fleet_status_json ------------------------------------------------------------

std::string fleet_status_json(const FleetStatus& s) {
    Json j = Json::object();
    j["format"] = "madoguchi-status 1";
    j["software"] = s.software;
    j["kiosk_id"] = s.kiosk_id;
    j["hostname"] = s.hostname;
    j["written_at"] = s.written_at;
    j["store"] = s.store;
    j["installed"] = s.current ? json_bundle(*s.current, s.today) : Json(nullptr);
    j["previous"] = s.previous ? json_bundle(*s.previous, s.today) : Json(nullptr);
    j["rollback_available"] = s.previous.has_value();
    j["version_floor"] = s.floor;
    if (s.last_attempt) {
        const FleetAttempt& a = *s.last_attempt;
        Json at = Json::object();
        at["outcome"] = a.outcome;
        at["file"] = a.file;
        at["version"] = a.version;
        at["publisher"] = a.publisher;
        at["message"] = a.message;
        at["at"] = a.at;
        j["last_attempt"] = std::move(at);
    } else {
        j["last_attempt"] = nullptr;
    }
    j["problems"] = Json::array();
    for (const std::string& p : s.problems) j["problems"].push_back(p);
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// --- write_fleet_status -------------------------------------------------------------

const char* fleet_install_outcome(InstallOutcome o) {
    switch (o) {
        case InstallOutcome::installed:
        case InstallOutcome::rolled_back: return "installed";  // (install() never rolls back)
        case InstallOutcome::refused: return "refused";
        case InstallOutcome::failed: return "failed";
    }
    return "failed";
}

const char* fleet_rollback_outcome(InstallOutcome o) {
    switch (o) {
        case InstallOutcome::installed:  // (rollback() never installs)
        case InstallOutcome::rolled_back: return "rolled back";
        case InstallOutcome::refused:
        case InstallOutcome::failed: return "rollback refused";  // the status file has one word for both
    }
    return "rollback refused";
}

std::string write_fleet_status(const std::string& path, const std::string& text) {
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty() || name == "." || name == "..") return "the status file " + path + " is not a file name";
    const std::string tmp = (dir == "/" ? "" : dir) + "/." + name + ".tmp";
    auto fail = [&](const std::string& what, int e) {
        return "cannot " + what + " the status file " + path + ": " + errno_words(e);
    };
    // The folder of its own (docs/fleet.md): made here when only it is missing,
    // readable by a sync tool's user whatever the kiosk's umask (077).
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        if (errno != ENOENT || ::mkdir(dir.c_str(), 0755) != 0) return fail("make the folder of", errno);
        ::chmod(dir.c_str(), 0755);
    } else if (!S_ISDIR(st.st_mode)) {
        return fail("make the folder of", ENOTDIR);
    }
    // A leftover (a crash between write and rename), or anything else put
    // there, is removed first; O_EXCL | O_NOFOLLOW then create a fresh file.
    if (::unlink(tmp.c_str()) != 0 && errno != ENOENT) return fail("replace", errno);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return fail("write", errno);
    auto abandon = [&](const std::string& what) {
        const int e = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(what, e);
    };
    if (::fchmod(fd, 0644) != 0) return abandon("write");
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return abandon("write");
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) return abandon("write");
    if (::close(fd) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return fail("write", e);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return fail("replace", e);
    }
    // The rename is durable only once the folder is synced; a failure here
    // leaves the new file in place, which is what was wanted anyway.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return {};
}

// --- times and the beat ---------------------------------------------------------------

std::string fleet_utc_time(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string fleet_utc_date(std::time_t t) { return fleet_utc_time(t).substr(0, 10); }

std::time_t next_status_beat(std::time_t now, int interval_seconds) {
    const std::time_t step = interval_seconds > 0 ? interval_seconds : 900;
    return (now / step + 1) * step;
}

}  // namespace madoguchi::core
