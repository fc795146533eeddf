// SPDX-License-Identifier: Apache-2.0
// site_settings.cpp — the site file (see site_settings.hpp for the why).
//
// Index
//   1. the site keys, reading       config_reader (kiosk_config.cpp) over the /etc result
//   2. writing the text             TOML strings escaped, every site key in a fixed order
//   3. the atomic write             SiteFs: each mutating call one numbered fault point
//   4. publisher keys               find on a stick, import into <store>/keys
//   5. what changed, first run
#include "madoguchi/core/site_settings.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "config_reader.hpp"
#include "madoguchi/base/read_file.hpp"
#include "madoguchi/base/utf8.hpp"
#include "madoguchi/core/minisign.hpp"

namespace madoguchi::core {

// ---------------------------------------------------------------------------
// 1. the site keys, reading
// ---------------------------------------------------------------------------

const std::vector<std::string_view>& site_settings_keys() {
    static const std::vector<std::string_view> keys = {
        "kiosk.prefecture", "kiosk.municipality", "kiosk.languages", "kiosk.default_language", "kiosk.idle_seconds",
        "kiosk.countdown_seconds", "screen.layout", "screen.large_text", "printer.kind", "printer.target", "printer.dots",
        "admin.pin_hash", "bundle.trusted_keys",
    };
    return keys;
}

std::string site_settings_path(const std::string& store_dir) { return store_dir + "/" + kSiteSettingsName; }

namespace {

config_reader::Options site_options(const KioskConfig& base) {
    config_reader::Options o;
    o.base = base;
    o.only_keys = &site_settings_keys();
    o.refused_tail = std::string("cannot be set in the site file; set it in ") + kDefaultKioskConfigPath;
    o.unusable_tail = "the site settings are not used";
    return o;
}

SiteLoad to_site_load(ConfigLoad l) {
    SiteLoad s;
    s.config = std::move(l.config);
    s.messages = std::move(l.messages);
    s.found = l.file_found;
    return s;
}

}  // namespace

SiteLoad load_site_settings(const std::string& path, const KioskConfig& base) {
    try {
        return to_site_load(config_reader::load(path, site_options(base)));
    } catch (const std::exception&) {
        SiteLoad s;  // out of memory: /etc's settings still make a kiosk
        s.config = base;
        return s;
    }
}

SiteLoad parse_site_settings(std::string_view toml_text, const std::string& name, const KioskConfig& base) {
    return to_site_load(config_reader::parse(toml_text, name, site_options(base)));
}

// ---------------------------------------------------------------------------
// 2. writing the text
// ---------------------------------------------------------------------------
namespace {

// A TOML basic string. Every byte that is not valid UTF-8 becomes U+FFFD (a
// TOML file must be UTF-8, and a file that does not parse would cost every
// setting, not one); control characters and DEL are escaped.
std::string toml_string(std::string_view s) {
    std::string out = "\"";
    size_t i = 0;
    while (i < s.size()) {
        const size_t bad = base::utf8::find_invalid(s.substr(i), false);
        const std::string_view good = s.substr(i, bad == std::string_view::npos ? std::string_view::npos : bad);
        for (char ch : good) {
            const auto c = static_cast<unsigned char>(ch);
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\b': out += "\\b"; break;
                case '\t': out += "\\t"; break;
                case '\n': out += "\\n"; break;
                case '\f': out += "\\f"; break;
                case '\r': out += "\\r"; break;
                default:
                    if (c < 0x20 || c == 0x7F) {
                        static const char hex[] = "0123456789ABCDEF";
                        out += "\\u00";
                        out += hex[c >> 4];
                        out += hex[c & 15];
                    } else {
                        out += ch;
                    }
            }
        }
        if (bad == std::string_view::npos) break;
        out += "\xEF\xBF\xBD";  // U+FFFD for the one byte that is not UTF-8
        i += bad + 1;
    }
    return out + "\"";
}

std::string toml_list(const std::vector<std::string>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toml_string(v[i]);
    return out + "]";
}

}  // namespace

std::string site_settings_toml(const KioskConfig& c) {
    std::string t;
    t += "# madoguchi site settings, written by the kiosk's setup screens (docs/config.md \"The site file\").\n";
    t += std::string("# Laid over ") + kDefaultKioskConfigPath + " key by key; delete this file to go back to it.\n";
    t += "\n[kiosk]\n";
    t += "prefecture = " + std::to_string(c.prefecture) + "\n";
    t += "municipality = " + toml_string(c.municipality) + "\n";
    t += "languages = " + toml_list(c.languages) + "\n";
    t += "default_language = " + toml_string(c.default_language) + "\n";
    t += "idle_seconds = " + std::to_string(c.idle_seconds) + "\n";
    t += "countdown_seconds = " + std::to_string(c.countdown_seconds) + "\n";
    t += "\n[screen]\n";
    t += "layout = " + toml_string(to_string(c.layout)) + "\n";
    t += std::string("large_text = ") + (c.large_text ? "true" : "false") + "\n";
    t += "\n[printer]\n";
    t += "kind = " + toml_string(to_string(c.printer_kind)) + "\n";
    t += "target = " + toml_string(c.printer_target) + "\n";
    t += "dots = " + std::to_string(c.printer_dots) + "\n";
    t += "\n[admin]\n";
    t += "pin_hash = " + toml_string(c.admin_pin_hash) + "\n";
    t += "\n[bundle]\n";
    t += "trusted_keys = " + toml_list(c.trusted_keys) + "\n";
    return t;
}

// ---------------------------------------------------------------------------
// 3. the atomic write
// ---------------------------------------------------------------------------
namespace {

std::string errno_words(int e) {
    switch (e) {
        case ENOSPC: return "the disk is full";
        case EIO: return "input/output error (the disk may be failing)";
        case EDQUOT: return "the disk quota is used up";
        case EROFS: return "the folder is on a read-only file system";
        case EACCES:
        case EPERM: return "permission denied";
        default: return std::strerror(e);
    }
}

// As StoreFs in bundle_store.cpp: step() is the fault point of the call that
// follows it — it counts, and at the plan's step kills the process (a power
// cut as far as the disk is concerned) or fails with the planned errno.
class SiteFs {
public:
    explicit SiteFs(const FaultPlan& plan) : plan_(plan) {}

    bool step() { return plan_.step(steps_); }

private:
    const FaultPlan& plan_;
    int steps_ = 0;
};

std::string parent_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

bool is_dir(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Makes `dir` and any missing parents (0700: the store is the kiosk's own).
bool make_folders(SiteFs& fs, const std::string& dir) {
    if (dir.empty() || dir == "/" || dir == "." || is_dir(dir)) return true;
    if (!make_folders(fs, parent_of(dir))) return false;
    if (!fs.step()) return false;
    return ::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST;
}

bool write_all(int fd, std::string_view text) {
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

bool write_site_settings(const std::string& path, std::string_view text, std::string* error, const SiteWriteOptions& o) {
    SiteFs fs(o.fault);
    const std::string dir = parent_of(path);
    const std::string tmp = path + ".tmp";
    int fd = -1;
    bool tmp_made = false;
    // Every failure ends here: the temporary file goes (when it can; a crash
    // leaves it to the next write), the previous file is untouched.
    auto failed = [&](const std::string& doing) {
        const int e = errno;
        if (fd >= 0) ::close(fd);
        if (tmp_made) ::unlink(tmp.c_str());  // clean-up after a failure: not a fault point
        if (error) *error = "could not save " + path + " while " + doing + ": " + errno_words(e) + "; the previous settings stay";
        errno = e;
        return false;
    };
    if (!make_folders(fs, dir)) return failed("making the folder " + dir);
    // A .tmp left by a write that was cut off: O_EXCL below would refuse it.
    struct stat st;
    if (::lstat(tmp.c_str(), &st) == 0 && (!fs.step() || ::unlink(tmp.c_str()) != 0))
        return failed("removing the unfinished " + tmp);
    if (!fs.step()) return failed("creating " + tmp);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return failed("creating " + tmp);
    tmp_made = true;
    if (!fs.step() || !write_all(fd, text)) return failed("writing " + tmp);
    // Never retried: after a failed fsync the state of the page cache is unknown.
    if (!fs.step() || ::fsync(fd) != 0) return failed("saving " + tmp + " to the disk");
    if (!fs.step()) return failed("closing " + tmp);
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) return failed("closing " + tmp);
    if (!fs.step() || ::rename(tmp.c_str(), path.c_str()) != 0) return failed("replacing " + path);
    tmp_made = false;
    // The rename is the commit point: from here the new file is the one read.
    // Saving the folder makes the rename itself survive a power cut.
    bool dir_saved = fs.step();
    if (dir_saved) {
        const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir_saved = dfd >= 0 && ::fsync(dfd) == 0;
        const int e = errno;
        if (dfd >= 0) ::close(dfd);
        errno = e;
    }
    // Past the commit point the write is done: the new file is the one read,
    // by this kiosk and at the next start, so the caller puts it in force
    // (saying "failed" would leave the screen and the disk disagreeing). The
    // staff are still told that a power cut could undo it.
    if (!dir_saved && error)
        *error = "saved " + path + ", but the disk reported a problem while making it permanent (" + errno_words(errno) +
                 "); after a power cut the previous settings may come back";
    return true;
}

// ---------------------------------------------------------------------------
// 4. publisher keys
// ---------------------------------------------------------------------------
namespace {

constexpr size_t kMaxKeyFileBytes = 64 * 1024;
constexpr size_t kMaxKeysPerFolder = 32;
constexpr size_t kMaxCommentBytes = 512;

bool ends_with_pub(std::string_view name) {
    if (name.size() <= 4) return false;
    std::string_view ext = name.substr(name.size() - 4);
    // FAT sticks written on Windows may say .PUB.
    return ext[0] == '.' && (ext[1] | 0x20) == 'p' && (ext[2] | 0x20) == 'u' && (ext[3] | 0x20) == 'b';
}

// The untrusted comment for a screen and a file: valid UTF-8, no control
// characters, at most kMaxCommentBytes (cut at a code point).
std::string clean_comment(std::string_view s) {
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        const char32_t cp = base::utf8::next(s, i);
        std::string one;
        base::utf8::append(one, (cp < 0x20 || cp == 0x7F) ? U' ' : cp);
        if (out.size() + one.size() > kMaxCommentBytes) break;
        out += one;
    }
    return out;
}

// Reads and parses one key file: what the setup screen lists.
PublisherKeyFile examine_key_file(const std::string& path, std::optional<MinisignPublicKey>* key_out = nullptr) {
    PublisherKeyFile f;
    f.path = path;
    std::string text;
    const base::ReadFileResult r = base::read_file(path, kMaxKeyFileBytes, text);
    if (!r.ok()) {
        f.problem = r.failure == base::ReadFailure::too_large ? "not a minisign public key: the file is larger than 64 KiB"
                                                               : r.error;
        return f;
    }
    std::string why;
    const std::optional<MinisignPublicKey> key = parse_minisign_public_key(text, &why);
    if (!key) {
        f.problem = "not a minisign public key: " + why;
        return f;
    }
    f.key_id_hex = key->key_id_hex();
    const std::string_view first = std::string_view(text).substr(0, text.find('\n'));
    constexpr std::string_view kPrefix = "untrusted comment:";
    if (first.substr(0, kPrefix.size()) == kPrefix) {
        std::string_view c = first.substr(kPrefix.size());
        while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
        while (!c.empty() && (c.back() == '\r' || c.back() == ' ')) c.remove_suffix(1);
        f.comment = clean_comment(c);
    }
    // The same rule as load_trusted_key: an untrusted comment saying DEMO.
    f.demo = f.comment.find("DEMO") != std::string::npos;
    if (key_out) *key_out = key;
    return f;
}

}  // namespace

std::vector<PublisherKeyFile> find_publisher_keys(const std::vector<std::string>& folders) {
    std::vector<PublisherKeyFile> found;
    for (const std::string& folder : folders) {
        DIR* d = ::opendir(folder.c_str());
        if (!d) continue;  // not there (no stick): quietly nothing
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d))
            if (ends_with_pub(e->d_name) && e->d_name[0] != '.') names.emplace_back(e->d_name);
        ::closedir(d);
        std::sort(names.begin(), names.end());
        if (names.size() > kMaxKeysPerFolder) names.resize(kMaxKeysPerFolder);
        const std::string prefix = folder.empty() || folder.back() == '/' ? folder : folder + "/";
        for (const std::string& n : names) {
            const std::string path = prefix + n;
            struct stat st;
            if (::lstat(path.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;  // sub-folders are not looked into
            found.push_back(examine_key_file(path));
        }
    }
    std::sort(found.begin(), found.end(), [](const PublisherKeyFile& a, const PublisherKeyFile& b) { return a.path < b.path; });
    return found;
}

std::optional<std::string> import_publisher_key(const std::string& key_file, const std::string& store_dir, std::string* error,
                                                const SiteWriteOptions& o) {
    std::optional<MinisignPublicKey> key;
    const PublisherKeyFile f = examine_key_file(key_file, &key);
    if (!key) {
        if (error) *error = key_file + ": " + f.problem;
        return std::nullopt;
    }
    // A file of our own making: the key and its comment (so that a demo key
    // stays marked as one), nothing else that was on the stick.
    std::string text = minisign_public_key_file(*key);
    if (!f.comment.empty()) text = "untrusted comment: " + f.comment + text.substr(text.find('\n'));
    const std::string dest = store_dir + "/" + kSiteKeysFolder + "/" + f.key_id_hex + ".pub";
    std::string why;
    if (!write_site_settings(dest, text, &why, o)) {
        if (error) *error = "could not import the key " + f.key_id_hex + ": " + why;
        return std::nullopt;
    }
    return dest;
}

// ---------------------------------------------------------------------------
// 5. what changed, first run
// ---------------------------------------------------------------------------
namespace {

// Trusted keys for the admin log: by key id when the file is a key, else its path.
std::string key_names(const std::vector<std::string>& paths) {
    std::vector<std::string> names;
    for (const std::string& p : paths) {
        const std::optional<TrustedKey> k = load_trusted_key(p, nullptr);
        names.push_back(k ? k->key.key_id_hex() : toml_string(p));
    }
    std::string out = "[";
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out + "]";
}

}  // namespace

std::vector<std::string> describe_setting_changes(const KioskConfig& before, const KioskConfig& after) {
    std::vector<std::string> lines;
    auto changed = [&](const char* key, const std::string& a, const std::string& b) {
        if (a != b) lines.push_back(std::string("setting changed: ") + key + " " + a + " → " + b);
    };
    changed("kiosk.prefecture", std::to_string(before.prefecture), std::to_string(after.prefecture));
    changed("kiosk.municipality", toml_string(before.municipality), toml_string(after.municipality));
    changed("kiosk.languages", toml_list(before.languages), toml_list(after.languages));
    changed("kiosk.default_language", toml_string(before.default_language), toml_string(after.default_language));
    changed("kiosk.idle_seconds", std::to_string(before.idle_seconds), std::to_string(after.idle_seconds));
    changed("kiosk.countdown_seconds", std::to_string(before.countdown_seconds), std::to_string(after.countdown_seconds));
    changed("screen.layout", toml_string(to_string(before.layout)), toml_string(to_string(after.layout)));
    changed("screen.large_text", before.large_text ? "true" : "false", after.large_text ? "true" : "false");
    changed("printer.kind", toml_string(to_string(before.printer_kind)), toml_string(to_string(after.printer_kind)));
    changed("printer.target", toml_string(before.printer_target), toml_string(after.printer_target));
    changed("printer.dots", std::to_string(before.printer_dots), std::to_string(after.printer_dots));
    // Never the hash (nor anything derived from it): only that it changed.
    if (before.admin_pin_hash != after.admin_pin_hash) lines.emplace_back("setting changed: admin PIN");
    if (before.trusted_keys != after.trusted_keys)
        changed("bundle.trusted_keys", key_names(before.trusted_keys), key_names(after.trusted_keys));
    return lines;
}

bool needs_first_run_setup(bool site_file_found, const KioskConfig& effective) {
    return !site_file_found && effective.admin_pin_hash.empty() && effective.catalogue.empty();
}

}  // namespace madoguchi::core
