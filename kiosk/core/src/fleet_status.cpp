// fleet_status.cpp — see fleet_status.hpp and docs/fleet.md "The status file".
//
// Index
//   - JSON writing      strings (UTF-8 repaired, escaped), one installed bundle
//   - fleet_status_json
//   - write_fleet_status  temporary file, fsync, rename, fsync of the folder
//   - times and the beat
#include "madoguchi/core/fleet_status.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

// --- JSON writing -------------------------------------------------------------

// A JSON string. Bytes that are not UTF-8 become U+FFFD (a file name on a stick
// may be in any encoding); control characters are escaped.
std::string json_string(const std::string& s) {
    std::string out = "\"";
    size_t i = 0;
    while (i < s.size()) {
        const size_t start = i;
        char32_t cp = utf8::next(s, i);
        // utf8::next accepts overlong forms and surrogates; re-encoding must
        // give back the same bytes, or the sequence was not valid UTF-8.
        if (cp != 0xFFFD && i - start > 1) {
            std::string again;
            utf8::append(again, cp);
            if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || again != s.substr(start, i - start)) {
                cp = 0xFFFD;
                i = start + 1;
            }
        }
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (cp < 0x20 || cp == 0x7F) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
                    out += buf;
                } else {
                    utf8::append(out, cp);
                }
        }
    }
    return out + "\"";
}

const char* json_bool(bool b) { return b ? "true" : "false"; }

std::string json_bundle(const InstalledBundle& b, const std::string& today, const std::string& indent) {
    const std::string in = indent + "  ";
    const bool stale = !b.valid_until.empty() && !today.empty() && b.valid_until < today;
    std::string out = "{\n";
    out += in + "\"version\": " + std::to_string(b.manifest.version) + ",\n";
    out += in + "\"title\": " + json_string(b.title) + ",\n";
    out += in + "\"publisher\": " + json_string(b.manifest.publisher) + ",\n";
    out += in + "\"created\": " + json_string(b.manifest.created) + ",\n";
    out += in + "\"valid_until\": " + json_string(b.valid_until) + ",\n";
    out += in + "\"stale\": " + json_bool(stale) + ",\n";
    out += in + "\"key_id\": " + json_string(b.manifest.key_id_hex) + ",\n";
    out += in + "\"demo_key\": " + json_bool(b.demo_key) + ",\n";
    out += in + "\"folder\": " + json_string(b.name) + ",\n";
    out += in + "\"rows\": {";
    for (size_t i = 0; i < b.counts.size(); ++i)
        out += (i ? ", " : "") + json_string(b.counts[i].first) + ": " + std::to_string(b.counts[i].second);
    out += "}\n" + indent + "}";
    return out;
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
    std::string out = "{\n";
    out += "  \"format\": \"madoguchi-status 1\",\n";
    out += "  \"software\": " + json_string(s.software) + ",\n";
    out += "  \"kiosk_id\": " + json_string(s.kiosk_id) + ",\n";
    out += "  \"hostname\": " + json_string(s.hostname) + ",\n";
    out += "  \"written_at\": " + json_string(s.written_at) + ",\n";
    out += "  \"store\": " + json_string(s.store) + ",\n";
    out += "  \"installed\": " + (s.current ? json_bundle(*s.current, s.today, "  ") : std::string("null")) + ",\n";
    out += "  \"previous\": " + (s.previous ? json_bundle(*s.previous, s.today, "  ") : std::string("null")) + ",\n";
    out += std::string("  \"rollback_available\": ") + json_bool(s.previous.has_value()) + ",\n";
    out += "  \"version_floor\": " + std::to_string(s.floor) + ",\n";
    if (s.last_attempt) {
        const FleetAttempt& a = *s.last_attempt;
        out += "  \"last_attempt\": {\n";
        out += "    \"outcome\": " + json_string(a.outcome) + ",\n";
        out += "    \"file\": " + json_string(a.file) + ",\n";
        out += "    \"version\": " + std::to_string(a.version) + ",\n";
        out += "    \"publisher\": " + json_string(a.publisher) + ",\n";
        out += "    \"message\": " + json_string(a.message) + ",\n";
        out += "    \"at\": " + json_string(a.at) + "\n";
        out += "  },\n";
    } else {
        out += "  \"last_attempt\": null,\n";
    }
    out += "  \"problems\": [";
    for (size_t i = 0; i < s.problems.size(); ++i) out += (i ? ", " : "") + json_string(s.problems[i]);
    out += "]\n}\n";
    return out;
}

// --- write_fleet_status -------------------------------------------------------------

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
