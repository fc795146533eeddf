// SPDX-License-Identifier: Apache-2.0
// bundle_store.cpp — see bundle_store.hpp for the layout and the why.
//
// Index
//   1. StoreFs          every mutating call, each one numbered fault point
//   2. reading          symlinks, small files, the source bundle (capped, no symlinks)
//   3. checks           check_bundle_bytes: tar → signature → trusted comment → floor
//   4. install          staging → catalogue checks → bundles/ → pending → floor → switch
//   5. recover          idempotent clean-up and roll-forward of a committed install
//   6. rollback, status, verified_current
//
// Ordering, and why: `pending` (written after the new bundle directory is in
// place, before the floor) is the commit point. Before it, an interrupted
// install leaves only unreferenced files, which recover() removes. After it,
// the floor may already forbid reinstalling that version, so recover() finishes
// the switch instead (roll forward). The switch itself is rename() of a fresh
// symlink over `current`, atomic on POSIX file systems.
#include "madoguchi/core/bundle_store.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <csignal>
#include <cstring>
#include <ctime>
#include <set>

#include "madoguchi/base/read_file.hpp"
#include "madoguchi/base/unique_fd.hpp"
#include "madoguchi/core/bundle_file.hpp"
#include "madoguchi/core/catalogue.hpp"

namespace madoguchi::core {

bool FaultPlan::step(int& steps) const {
    ++steps;
    if (at == 0 || steps != at) return true;
    if (crash) {
        std::raise(SIGKILL);
        _exit(137);  // not reached
    }
    errno = error ? error : EIO;
    return false;
}

namespace {

constexpr long long kMaxVersion = 999999999;  // 9 digits: fits every int type, absurd values refused
constexpr size_t kDefaultMaxBundle = (size_t{512} << 20) + (size_t{64} << 10);

std::string errno_text(int e) {
    switch (e) {
        case ENOSPC: return "the disk is full";
        case EIO: return "input/output error (the disk may be failing)";
        case EDQUOT: return "the disk quota is used up";
        case EROFS: return "the store is on a read-only file system";
        case EACCES:
        case EPERM: return "permission denied";
        default: return std::strerror(e);
    }
}

// ---------------------------------------------------------------------------
// 1. StoreFs
// ---------------------------------------------------------------------------
// One object per store call. `step()` is the fault point: it counts, and when
// the count reaches the plan's `at` it either kills the process (a power cut
// as far as the disk is concerned: nothing after this point happens) or makes
// the call fail with the planned errno.
class StoreFs {
public:
    StoreFs(const FaultPlan& plan, int& steps) : plan_(plan), steps_(steps) {}

    bool mkdir(const std::string& p) { return step() && (::mkdir(p.c_str(), 0755) == 0 || fail()); }
    bool rename(const std::string& from, const std::string& to) {
        return step() && (::rename(from.c_str(), to.c_str()) == 0 || fail());
    }
    bool symlink(const std::string& target, const std::string& p) {
        return step() && (::symlink(target.c_str(), p.c_str()) == 0 || fail());
    }
    bool unlink(const std::string& p) { return step() && (::unlink(p.c_str()) == 0 || fail()); }
    bool rmdir(const std::string& p) { return step() && (::rmdir(p.c_str()) == 0 || fail()); }
    bool fsync_dir(const std::string& p) {
        if (!step()) return false;
        const int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return fail();
        const bool ok = ::fsync(fd) == 0;
        const int e = errno;
        ::close(fd);
        errno = e;
        return ok || fail();
    }
    // create (O_EXCL) → write → fsync → close: three fault points.
    bool write_file(const std::string& p, const void* data, size_t size) {
        base::UniqueFd fd;
        return create(p, fd) && start_writing() && write_all(fd, {static_cast<const uint8_t*>(data), size}) && sync_close(fd);
    }
    // The same three fault points for a file written as it streams in (the
    // catalogue, install step 2): create, start_writing, write_all as often as
    // there are pieces, sync_close. On failure `fd` is closed by its owner.
    bool create(const std::string& p, base::UniqueFd& fd) {
        if (!step()) return false;
        fd.reset(::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        return fd || fail();
    }
    bool start_writing() { return step(); }
    bool write_all(const base::UniqueFd& fd, std::span<const uint8_t> data) {
        size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                if (n == 0) errno = EIO;
                return fail();
            }
            done += static_cast<size_t>(n);
        }
        return true;
    }
    bool sync_close(base::UniqueFd& fd) {
        if (!step()) return false;
        if (::fsync(fd.get()) != 0) return fail();  // never retried: the page cache state is unknown after a failed fsync
        if (::close(fd.release()) != 0) return fail();
        return true;
    }
    // Removes a directory tree of regular files / symlinks (the store's own
    // staging and bundle directories; nothing deeper is ever made there).
    bool remove_tree(const std::string& p) {
        struct stat st;
        if (::lstat(p.c_str(), &st) != 0) return errno == ENOENT;
        if (!S_ISDIR(st.st_mode)) return unlink(p);
        DIR* d = ::opendir(p.c_str());
        if (!d) return fail();
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            const std::string n = e->d_name;
            if (n != "." && n != "..") names.push_back(n);
        }
        ::closedir(d);
        for (const auto& n : names)
            if (!remove_tree(p + "/" + n)) return false;
        return rmdir(p);
    }

    int last_errno() const { return last_errno_; }

private:
    bool step() {
        if (plan_.step(steps_)) return true;
        last_errno_ = errno;
        return false;
    }
    bool fail() {
        last_errno_ = errno;
        return false;
    }

    const FaultPlan& plan_;
    int& steps_;
    int last_errno_ = 0;
};

// ---------------------------------------------------------------------------
// 2. reading
// ---------------------------------------------------------------------------
bool is_bundle_name(std::string_view n) {
    // v<digits>-<16 upper-case hex>
    if (n.size() < 2 + 1 + 16 || n[0] != 'v') return false;
    const size_t dash = n.find('-');
    if (dash == std::string_view::npos || dash < 2 || dash > 10 || n.size() != dash + 1 + 16) return false;
    for (size_t i = 1; i < dash; ++i)
        if (n[i] < '0' || n[i] > '9') return false;
    for (size_t i = dash + 1; i < n.size(); ++i)
        if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'A' && n[i] <= 'F'))) return false;
    return true;
}

// "bundles/<name>" → name, "" when the link is missing or points elsewhere.
std::string link_target_name(const std::string& link) {
    char buf[256];
    const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
    if (n <= 0) return {};
    const std::string t(buf, static_cast<size_t>(n));
    if (t.rfind("bundles/", 0) != 0) return {};
    const std::string name = t.substr(8);
    return is_bundle_name(name) ? name : std::string();
}

// The store's small files (floor, pending, a signature) and key files: read
// whole with base::read_file (no symlink followed, capped).
bool read_small_file(const std::string& p, std::string& out, size_t cap) { return base::read_file(p, cap, out).ok(); }

bool is_regular(const std::string& p) {
    struct stat st;
    return ::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
bool is_dir(const std::string& p) {
    struct stat st;
    return ::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool exists_nofollow(const std::string& p) {
    struct stat st;
    return ::lstat(p.c_str(), &st) == 0;
}

std::optional<long long> parse_version(std::string_view v) {
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    if (v.size() > 1 && v[0] == '0') return std::nullopt;  // one spelling per number
    return std::stoll(std::string(v));
}

long long version_of_name(const std::string& name) { return std::stoll(name.substr(1, name.find('-') - 1)); }

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool valid_created(std::string_view s) {
    // YYYY-MM-DDThh:mm:ssZ
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (s.size() != shape.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i]) return false;
    }
    const int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    const int h = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0'), se = (s[17] - '0') * 10 + (s[18] - '0');
    return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 61;
}

}  // namespace

std::optional<TrustedKey> load_trusted_key(const std::string& path, std::string* error) {
    std::string text;
    if (!read_small_file(path, text, 4096)) {
        if (error) *error = "cannot read the public key " + path;
        return std::nullopt;
    }
    std::string why;
    auto k = parse_minisign_public_key(text, &why);
    if (!k) {
        if (error) *error = path + ": " + why;
        return std::nullopt;
    }
    TrustedKey t;
    t.key = *k;
    t.label = path;
    const std::string first = text.substr(0, text.find('\n'));
    t.demo = first.rfind("untrusted comment:", 0) == 0 && first.find("DEMO") != std::string::npos;
    return t;
}

// ---------------------------------------------------------------------------
// 3. checks
// ---------------------------------------------------------------------------
namespace {

BundleCheck refused_check(std::string why) {
    BundleCheck r;
    r.ok = false;
    r.message = "refused: " + why;
    r.reason = std::move(why);
    return r;
}

// The checks after the tar (signature, trusted comment, floor), on the
// catalogue's hash: check_bundle_bytes hashes it in memory, install while it
// streams to the store. `verified` is left empty.
BundleCheck check_signed(const MinisignHash& catalogue_hash, std::string_view signature, std::span<const TrustedKey> trusted,
                         long long floor) {
    BundleCheck r;
    std::string why;
    auto refuse = [&](std::string m) { return refused_check(std::move(m)); };
    std::vector<MinisignPublicKey> keys;
    for (const auto& t : trusted) keys.push_back(t.key);
    // The signature is checked before anything parses the catalogue.
    auto v = verify_minisign_hashed(catalogue_hash, signature, keys, &why);
    if (!v) return refuse(why);
    auto tc = parse_trusted_comment(v->trusted_comment, &why);
    if (!tc) return refuse("the signed comment is malformed: " + why);
    auto field = [&](const char* k) -> std::optional<std::string> {
        auto it = tc->find(k);
        if (it == tc->end()) return std::nullopt;
        return it->second;
    };
    const auto product = field("product");
    if (!product) return refuse("the signed comment does not say product=madoguchi (is this a madoguchi bundle?)");
    if (*product != "madoguchi") return refuse("not a madoguchi bundle (product=" + *product + ")");
    const auto schema = field("schema");
    if (!schema) return refuse("the signed comment has no schema");
    const auto schema_num = parse_version(*schema);  // a plain whole number, as a version is
    if (!schema_num || !catalogue_schema_readable(*schema_num))
        return refuse("catalogue schema " + *schema + " is not one this kiosk reads (" + readable_catalogue_schemas() +
                      "); update the kiosk software first");
    const auto version = field("version");
    if (!version) return refuse("the signed comment has no version");
    if (version->size() > 9 && version->find_first_not_of("0123456789") == std::string::npos)
        return refuse("version " + *version + " is out of range (at most " + std::to_string(kMaxVersion) + ")");
    const auto vnum = parse_version(*version);
    if (!vnum) return refuse("the version \"" + *version + "\" is not a whole number");
    if (*vnum == 0) return refuse("version 0 is not allowed (versions start at 1)");
    const auto created = field("created");
    if (!created) return refuse("the signed comment has no created time");
    if (!valid_created(*created)) return refuse("created=\"" + *created + "\" is not a time like 2026-11-21T09:00:00Z");
    const auto publisher = field("publisher");
    if (!publisher || publisher->empty()) return refuse("the signed comment names no publisher");
    if (floor > 0 && *vnum <= floor) return refuse(not_newer_reason(*vnum, floor));
    r.ok = true;
    r.manifest.version = *vnum;
    r.manifest.schema = static_cast<int>(*schema_num);
    r.manifest.created = *created;
    r.manifest.publisher = *publisher;
    r.manifest.trusted_comment = v->trusted_comment;
    r.manifest.key_id_hex = MinisignPublicKey{v->key_id, {}}.key_id_hex();
    r.message = "ok";
    return r;
}

// check_bundle_bytes without keeping anything: the tar read where it lies in
// memory (its catalogue hashed piece by piece, not copied out), then
// check_signed. On success, where the catalogue is and the signature.
BundleCheck check_in_memory(std::span<const uint8_t> bundle, std::span<const TrustedKey> trusted, long long floor,
                            BundleStreamResult& tar) {
    if (bundle.empty()) return refused_check("the file is empty");
    MinisignHasher hasher;
    BundleStreamCallbacks cb;
    cb.read = bundle_memory_reader(bundle);
    cb.catalogue_begins = [](uint64_t) { return true; };
    cb.catalogue_bytes = [&](std::span<const uint8_t> piece) {
        hasher.update(piece);
        return true;
    };
    tar = stream_bundle_file(cb, {});
    if (tar.stop != BundleStreamStop::done) return refused_check(tar.error);
    return check_signed(hasher.finish(), tar.signature, trusted, floor);
}

}  // namespace

BundleCheck check_bundle_bytes(std::span<const uint8_t> bundle, std::span<const TrustedKey> trusted, long long floor) {
    BundleStreamResult tar;
    BundleCheck r = check_in_memory(bundle, trusted, floor, tar);
    if (!r.ok) return r;
    // Kept for install_verified: the caller keeps its bytes, so the checked
    // ones are copied (only the catalogue and the signature).
    auto v = std::shared_ptr<VerifiedBundle>(new VerifiedBundle());
    const auto cat = bundle.subspan(static_cast<size_t>(tar.catalogue_offset), static_cast<size_t>(tar.catalogue_size));
    v->bundle_.assign(cat.begin(), cat.end());
    v->catalogue_size_ = cat.size();
    v->signature_ = std::move(tar.signature);
    v->manifest_ = r.manifest;
    r.verified = std::move(v);
    return r;
}

BundleCheck check_bundle_bytes(std::vector<uint8_t>&& bundle, std::span<const TrustedKey> trusted, long long floor) {
    BundleStreamResult tar;
    BundleCheck r = check_in_memory(bundle, trusted, floor, tar);
    if (!r.ok) return r;
    auto v = std::shared_ptr<VerifiedBundle>(new VerifiedBundle());
    v->bundle_ = std::move(bundle);
    v->catalogue_offset_ = static_cast<size_t>(tar.catalogue_offset);
    v->catalogue_size_ = static_cast<size_t>(tar.catalogue_size);
    v->signature_ = std::move(tar.signature);
    v->manifest_ = r.manifest;
    r.verified = std::move(v);
    return r;
}

std::string not_newer_reason(long long version, long long floor) {
    return "version " + std::to_string(version) + " is not newer than version " + std::to_string(floor) +
           ", the newest this kiosk has installed (bundles never go back; use rollback on the admin screen)";
}

// ---------------------------------------------------------------------------
// 4. install
// ---------------------------------------------------------------------------
BundleStore::BundleStore(StoreOptions options) : options_(std::move(options)) {
    while (options_.dir.size() > 1 && options_.dir.back() == '/') options_.dir.pop_back();
    if (options_.max_bundle_bytes == 0) options_.max_bundle_bytes = kDefaultMaxBundle;
}

namespace {

struct Paths {
    std::string dir, bundles, staging, current, previous, floor, pending;
    explicit Paths(const std::string& d)
        : dir(d), bundles(d + "/bundles"), staging(d + "/staging"), current(d + "/current"), previous(d + "/previous"),
          floor(d + "/floor"), pending(d + "/pending") {}
    std::string bundle(const std::string& name) const { return bundles + "/" + name; }
};

// The floor as stored; nullopt when missing or unreadable.
std::optional<long long> read_floor(const Paths& p) {
    std::string s;
    if (!read_small_file(p.floor, s, 64)) return std::nullopt;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return parse_version(s);
}

// Writes `text` to `path` by way of `path.tmp`, fsync, rename, fsync of the directory.
bool replace_file(StoreFs& fs, const std::string& dir, const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    if (exists_nofollow(tmp) && !fs.unlink(tmp)) return false;
    return fs.write_file(tmp, text.data(), text.size()) && fs.rename(tmp, path) && fs.fsync_dir(dir);
}

// Points `link` at bundles/<name> atomically (symlink link.tmp, rename over link).
bool point_link(StoreFs& fs, const std::string& link, const std::string& name) {
    const std::string tmp = link + ".tmp";
    if (exists_nofollow(tmp) && !fs.unlink(tmp)) return false;
    return fs.symlink("bundles/" + name, tmp) && fs.rename(tmp, link);
}

bool bundle_complete(const Paths& p, const std::string& name) {
    return is_bundle_name(name) && is_dir(p.bundle(name)) && is_regular(p.bundle(name) + "/" + kBundleCatalogueName) &&
           is_regular(p.bundle(name) + "/" + kBundleSignatureName);
}

void admin_log(const StoreOptions& o, const std::string& line) {
    if (o.admin_log == "-") return;
    append_admin_log(o.admin_log.empty() ? o.dir + "/admin.log" : o.admin_log, line);
}

// The results, made in one place each so that outcome, reason and message agree.
// "refused: <reason>" / "failed: <reason>".
InstallResult not_done(InstallOutcome outcome, std::string reason) {
    InstallResult r;
    r.outcome = outcome;
    r.message = (outcome == InstallOutcome::refused ? "refused: " : "failed: ") + reason;
    r.reason = std::move(reason);
    return r;
}
InstallResult refusal(std::string reason) { return not_done(InstallOutcome::refused, std::move(reason)); }
InstallResult failure(std::string reason) { return not_done(InstallOutcome::failed, std::move(reason)); }
// A step of the switch failed: "failed while <doing>: <why>; <what is shown>".
InstallResult failure_while(const std::string& doing_and_why) {
    InstallResult r;
    r.outcome = InstallOutcome::failed;
    r.reason = "while " + doing_and_why;
    r.message = "failed " + r.reason;
    return r;
}
InstallResult success(InstallOutcome outcome, std::string message) {
    InstallResult r;
    r.outcome = outcome;
    r.reason = message;
    r.message = std::move(message);
    return r;
}

std::string describe(const BundleManifest& m) {
    return "version " + std::to_string(m.version) + " from " + m.publisher + " (created " + m.created + ", key " + m.key_id_hex + ")";
}

}  // namespace

// Where a raw bundle's bytes come from: the file on the stick (install) or
// memory (install_bytes). Read once, in order, in pieces.
struct BundleStore::RawSource {
    std::function<std::ptrdiff_t(uint8_t*, size_t)> read;  // as BundleStreamCallbacks::read
    std::string failure;  // set by `read` when it returns -1: the refusal's words (not logged)
};

InstallResult BundleStore::install(const std::string& source_path, const InstallProgress& progress) {
    // Opened without following a symlink, must be a regular file, capped
    // (base::open_file's checks, as base::read_file makes them). It is then
    // read once, in pieces, by install_impl, which hashes each piece and writes
    // the same piece to the store: no copy of the whole bundle is held in
    // memory, and the bytes hashed are the bytes installed even if the file
    // on the stick changes meanwhile. The source is never written or moved.
    base::UniqueFd fd;
    const base::ReadFileResult op = base::open_file(source_path, fd);
    auto refuse = [&](const std::string& why, const std::string& logged) {
        if (!logged.empty()) admin_log(options_, "refused " + source_path + ": " + logged);
        return refusal(why);
    };
    switch (op.failure) {
        case base::ReadFailure::none: break;
        case base::ReadFailure::symlink: return refuse(source_path + " is a symbolic link", source_path + " is a symbolic link");
        case base::ReadFailure::cannot_open: {
            const std::string why = "cannot open " + source_path + ": " + errno_text(op.error_number);
            return refuse(why, why);
        }
        case base::ReadFailure::not_regular: return refuse(source_path + " is not a regular file", "not a regular file");
        default: return refuse(op.error, op.error);  // open_file says nothing else
    }
    const size_t cap = options_.max_bundle_bytes;
    if (static_cast<unsigned long long>(op.identity.size) > cap) {
        const std::string why = "the file is " + std::to_string(op.identity.size >> 20) + " MiB, more than a bundle may be (" +
                                std::to_string(cap >> 20) + " MiB)";
        return refuse(why, why);
    }
    RawSource src;
    size_t total = 0;
    src.read = [&](uint8_t* buf, size_t n) -> std::ptrdiff_t {
        for (;;) {
            const ssize_t got = ::read(fd.get(), buf, n);
            if (got < 0 && errno == EINTR) continue;
            // Not logged (as before): a stick pulled out mid-read is not an event about the bundle.
            if (got < 0) {
                src.failure = "cannot read " + source_path + " (the stick may have been pulled out)";
                return -1;
            }
            total += static_cast<size_t>(got);
            if (total > cap) {
                src.failure = "the file grew beyond the size a bundle may be while it was read";
                return -1;
            }
            return got;
        }
    };
    return install_impl(&src, nullptr, source_path, progress);
}

InstallResult BundleStore::install_bytes(std::span<const uint8_t> bundle, const std::string& source_name,
                                         const InstallProgress& progress) {
    if (bundle.size() > options_.max_bundle_bytes) {
        const InstallResult r =
            refusal("the file is larger than a bundle may be (" + std::to_string(options_.max_bundle_bytes >> 20) + " MiB)");
        admin_log(options_, "refused " + source_name + ": " + r.reason);
        return r;
    }
    // The same one pass as a file: the bytes are in memory already, so they
    // are not copied again, only streamed into the store.
    RawSource src;
    src.read = bundle_memory_reader(bundle);
    return install_impl(&src, nullptr, source_name, progress);
}

InstallResult BundleStore::install_verified(const VerifiedBundle& bundle, const std::string& source_name,
                                            const InstallProgress& progress) {
    return install_impl(nullptr, &bundle, source_name, progress);
}

InstallResult BundleStore::install_impl(RawSource* raw, const VerifiedBundle* verified, const std::string& source_name,
                                        const InstallProgress& progress) {
    const Paths p(options_.dir);
    constexpr int kSteps = 6;
    auto say = [&](int k, const char* what) {
        if (progress) progress(k, kSteps, what);
    };
    // Every attempt that does not install is logged as "refused <file>: …" (a
    // refusal's reason, a failure's whole sentence), as the admin log always said.
    auto refused = [&](InstallResult res) {
        admin_log(options_, "refused " + source_name + ": " + (res.outcome == InstallOutcome::refused ? res.reason : res.message));
        return res;
    };

    steps_ = 0;
    say(1, "tidying the store");
    RecoverResult rec = recover_impl();
    if (!rec.problems.empty()) return refused(failure("the store needs attention: " + rec.problems.front()));
    StoreFs fs(options_.fault, steps_);
    StoreFs* f = &fs;
    bool committed = false;

    // The work folder: named before the bundle's name is known (a raw bundle's
    // signature may come after its catalogue); recover() empties staging/.
    const std::string work = p.staging + "/incoming";
    const std::string work_catalogue = work + "/" + kBundleCatalogueName;
    bool work_made = false, work_moved = false;
    // Nothing is left behind in staging/ by an attempt that ends early: a
    // refused bundle, a full disk (where the space matters). Best effort; a
    // crash leaves it to recover().
    auto tidy = [&] {
        if (work_made && !work_moved) f->remove_tree(work);
    };
    std::string name;  // v<version>-<key id>, once the signature is verified
    long long version = 0;
    auto failed = [&](const char* doing) {
        const std::string shown = link_target_name(p.current);
        std::string m2 = std::string(doing) + ": " + errno_text(f->last_errno());
        if (shown.empty()) m2 += "; no bundle was installed before";
        else if (shown == name) m2 += "; " + shown.substr(0, shown.find('-')) + " is shown already";
        else m2 += "; " + shown.substr(0, shown.find('-')) + " is still shown";
        if (committed) m2 += "; the switch to v" + std::to_string(version) + " is finished at the next start";
        InstallResult res = failure_while(m2);
        tidy();
        return refused(std::move(res));
    };
    auto refuse_tidily = [&](const std::string& why) {
        tidy();
        return refused(refusal(why));
    };

    say(2, "checking the signature");
    const long long floor = read_floor(p).value_or(0);
    BundleManifest m;
    if (raw) {
        // One pass over the source: the tar is checked as it goes; the
        // catalogue's bytes are hashed and written to the staging folder piece
        // by piece (its create and first write are install step 3's fault
        // points, in their order); the signature (small) is kept. Nothing in
        // the catalogue is parsed, and the file stays in staging/, until the
        // signature and the trusted comment have been checked.
        MinisignHasher hasher;
        base::UniqueFd out;
        const char* doing = nullptr;  // the store's step that failed, when the sink stops
        BundleStreamCallbacks cb;
        cb.read = raw->read;
        cb.catalogue_begins = [&](uint64_t) {
            say(3, "copying into the store");
            doing = "making a staging folder";
            if (!f->mkdir(work)) return false;
            work_made = true;
            doing = "writing the catalogue";
            return f->create(work_catalogue, out) && f->start_writing();
        };
        cb.catalogue_bytes = [&](std::span<const uint8_t> piece) {
            hasher.update(piece);
            return f->write_all(out, piece);
        };
        BundleStreamResult sr = stream_bundle_file(cb, {});
        switch (sr.stop) {
            case BundleStreamStop::done: break;
            case BundleStreamStop::malformed: return refuse_tidily(sr.bytes_read == 0 ? "the file is empty" : sr.error);
            case BundleStreamStop::source_failed: {
                // Not logged (as before): the source, not the bundle, failed.
                tidy();
                return refusal(raw->failure.empty() ? "the file could not be read" : raw->failure);
            }
            case BundleStreamStop::sink_stopped: return failed(doing ? doing : "writing the catalogue");
        }
        const BundleCheck chk = check_signed(hasher.finish(), sr.signature, options_.trusted, floor);
        if (!chk.ok) return refuse_tidily(chk.reason);
        m = chk.manifest;
        // Only now is the catalogue made durable (a refused one never costs an fsync).
        if (!f->sync_close(out)) return failed("writing the catalogue");
        name = "v" + std::to_string(m.version) + "-" + m.key_id_hex;
        version = m.version;
        if (!f->write_file(work + "/" + kBundleSignatureName, sr.signature.data(), sr.signature.size()))
            return failed("writing the signature");
    } else {
        // Verified when it was found, not again. What can have changed since:
        // the floor (another install meanwhile); and the keys it was checked
        // with must be this store's.
        const BundleManifest& vm = verified->manifest();
        const bool trusted = std::any_of(options_.trusted.begin(), options_.trusted.end(),
                                         [&](const TrustedKey& t) { return t.key.key_id_hex() == vm.key_id_hex; });
        if (!trusted) return refused(refusal("signed with key " + vm.key_id_hex + ", which this kiosk does not trust"));
        if (floor > 0 && vm.version <= floor) return refused(refusal(not_newer_reason(vm.version, floor)));
        m = vm;
        name = "v" + std::to_string(m.version) + "-" + m.key_id_hex;
        version = m.version;
        say(3, "copying into the store");
        if (!f->mkdir(work)) return failed("making a staging folder");
        work_made = true;
        const auto cat = verified->catalogue();
        if (!f->write_file(work_catalogue, cat.data(), cat.size())) return failed("writing the catalogue");
        const std::string& sig = verified->signature();
        if (!f->write_file(work + "/" + kBundleSignatureName, sig.data(), sig.size())) return failed("writing the signature");
        verified = nullptr;  // the caller's VerifiedBundle is the caller's
    }
    if (!f->fsync_dir(work)) return failed("saving the staging folder");

    say(4, "checking the catalogue");
    std::string why;
    auto cat = Catalogue::open(work_catalogue, &why);
    if (!cat) {
        f->remove_tree(work);
        return refused(refusal("the catalogue is damaged or not a madoguchi catalogue: " + why));
    }
    const BundleInfo info = cat->info();
    // The content too, as `build` checks it (catalogue_content.cpp): a
    // signature says who made the file, not that our builder did.
    const std::vector<std::string> content = cat->content_problems(3);
    cat.reset();
    if (!content.empty()) {
        f->remove_tree(work);
        std::string list;
        for (const auto& c : content) list += (list.empty() ? "" : "; ") + c;
        return refused(refusal("the catalogue's content is not what a madoguchi build makes: " + list));
    }
    if (info.meta_value("version") != std::to_string(m.version)) {
        f->remove_tree(work);
        return refused(refusal("the catalogue says version " + info.meta_value("version") + " but was signed as version " +
                               std::to_string(m.version)));
    }

    say(5, "switching to the new bundle");
    if (exists_nofollow(p.bundle(name)) && !f->remove_tree(p.bundle(name))) return failed("removing an old copy");
    if (!f->rename(work, p.bundle(name))) return failed("moving the bundle into place");
    work_moved = true;
    if (!f->fsync_dir(p.bundles) || !f->fsync_dir(p.staging)) return failed("saving the bundle folder");
    // Commit point: from here on recover() finishes the switch.
    if (!replace_file(*f, p.dir, p.pending, name + "\n")) return failed("recording the switch");
    committed = true;
    if (!replace_file(*f, p.dir, p.floor, std::to_string(m.version) + "\n")) return failed("recording the version floor");
    const std::string old = link_target_name(p.current);
    if (!old.empty() && old != name && !point_link(*f, p.previous, old)) return failed("keeping the previous bundle");
    if (!point_link(*f, p.current, name)) return failed("switching");
    if (!f->fsync_dir(p.dir)) return failed("saving the switch");
    if (!f->unlink(p.pending) || !f->fsync_dir(p.dir)) return failed("finishing the switch");

    say(6, "removing bundles older than the previous one");
    const std::string prev = link_target_name(p.previous);
    if (DIR* d = ::opendir(p.bundles.c_str())) {
        std::vector<std::string> stale;
        while (dirent* e = ::readdir(d)) {
            const std::string n = e->d_name;
            if (n != "." && n != ".." && n != name && n != prev) stale.push_back(n);
        }
        ::closedir(d);
        for (const auto& n : stale) f->remove_tree(p.bundle(n));  // installed already; a failure here costs only space
        if (!stale.empty()) f->fsync_dir(p.bundles);
    }

    InstallResult r = success(InstallOutcome::installed,
                              "installed " + describe(m) + (old.empty() ? "" : "; " + old.substr(0, old.find('-')) + " kept for rollback"));
    InstalledBundle ib;
    ib.name = name;
    ib.catalogue_path = p.bundle(name) + "/" + kBundleCatalogueName;
    ib.manifest = m;
    ib.valid_until = info.meta_value("valid_until");
    ib.title = info.meta_value("title");
    ib.counts = info.counts;
    for (const auto& t : options_.trusted)
        if (t.key.key_id_hex() == m.key_id_hex) ib.demo_key = t.demo;
    r.installed = ib;
    admin_log(options_, "installed " + describe(m) + " from " + source_name);
    return r;
}

// ---------------------------------------------------------------------------
// 5. recover
// ---------------------------------------------------------------------------
RecoverResult BundleStore::recover() {
    steps_ = 0;
    return recover_impl();
}

RecoverResult BundleStore::recover_impl() {
    RecoverResult r;
    StoreFs fs(options_.fault, steps_);
    const Paths p(options_.dir);
    auto problem = [&](std::string what) { r.problems.push_back(what + ": " + errno_text(fs.last_errno())); };

    for (const std::string& d : {p.dir, p.bundles, p.staging}) {
        if (is_dir(d)) continue;
        if (exists_nofollow(d)) {
            r.problems.push_back(d + " is not a folder");
            return r;
        }
        if (!fs.mkdir(d)) {
            problem("cannot make " + d);
            return r;
        }
        r.actions.push_back("made " + d);
    }

    // Leftovers of an interrupted install: the staging area and temporary names.
    if (DIR* d = ::opendir(p.staging.c_str())) {
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            const std::string n = e->d_name;
            if (n != "." && n != "..") names.push_back(n);
        }
        ::closedir(d);
        for (const auto& n : names) {
            if (!fs.remove_tree(p.staging + "/" + n)) {
                problem("cannot remove the unfinished copy " + n);
                return r;
            }
            r.actions.push_back("removed the unfinished copy " + n);
        }
    }
    // A rollback stopped between its two renames leaves previous.tmp naming the
    // bundle it left; keeping that one as `previous` finishes the rollback.
    {
        const std::string kept = link_target_name(p.previous + ".tmp");
        if (!kept.empty() && bundle_complete(p, kept) && kept != link_target_name(p.current) &&
            link_target_name(p.current) == link_target_name(p.previous)) {
            if (!fs.rename(p.previous + ".tmp", p.previous) || !fs.fsync_dir(p.dir)) {
                problem("cannot keep " + kept + " as the previous bundle");
                return r;
            }
            r.actions.push_back("finished a rollback (" + kept.substr(0, kept.find('-')) + " kept as previous)");
        }
    }
    for (const std::string& t : {p.pending, p.floor, p.current, p.previous}) {
        if (!exists_nofollow(t + ".tmp")) continue;
        if (!fs.unlink(t + ".tmp")) {
            problem("cannot remove " + t + ".tmp");
            return r;
        }
        r.actions.push_back("removed " + t + ".tmp");
    }

    // A committed install that did not finish switching: finish it.
    bool changed_links = false;
    if (exists_nofollow(p.pending)) {
        std::string s;
        read_small_file(p.pending, s, 64);
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        if (bundle_complete(p, s)) {
            const std::string cur = link_target_name(p.current);
            if (cur != s) {
                if (bundle_complete(p, cur) && !point_link(fs, p.previous, cur)) {
                    problem("cannot keep the previous bundle");
                    return r;
                }
                if (!point_link(fs, p.current, s)) {
                    problem("cannot finish switching to " + s);
                    return r;
                }
                changed_links = true;
                r.actions.push_back("finished switching to " + s.substr(0, s.find('-')));
            }
        }
        const long long v = is_bundle_name(s) ? version_of_name(s) : 0;
        if (v > 0 && read_floor(p).value_or(0) < v && bundle_complete(p, s)) {
            if (!replace_file(fs, p.dir, p.floor, std::to_string(v) + "\n")) {
                problem("cannot record the version floor");
                return r;
            }
        }
        if (changed_links && !fs.fsync_dir(p.dir)) {
            problem("cannot save the switch");
            return r;
        }
        if (!fs.unlink(p.pending) || !fs.fsync_dir(p.dir)) {
            problem("cannot remove the switch record");
            return r;
        }
        changed_links = false;
    }

    // `current` must name a complete bundle; otherwise the previous one, otherwise the newest.
    if (!bundle_complete(p, link_target_name(p.current))) {
        std::string pick;
        const std::string prev = link_target_name(p.previous);
        if (bundle_complete(p, prev)) pick = prev;
        else if (DIR* d = ::opendir(p.bundles.c_str())) {
            long long best = -1;
            while (dirent* e = ::readdir(d)) {
                const std::string n = e->d_name;
                if (bundle_complete(p, n) && version_of_name(n) > best) best = version_of_name(n), pick = n;
            }
            ::closedir(d);
        }
        if (!pick.empty()) {
            if (!point_link(fs, p.current, pick) || !fs.fsync_dir(p.dir)) {
                problem("cannot point current at " + pick);
                return r;
            }
            r.actions.push_back("current was missing or incomplete; showing " + pick.substr(0, pick.find('-')));
        } else if (exists_nofollow(p.current)) {
            if (!fs.unlink(p.current) || !fs.fsync_dir(p.dir)) {
                problem("cannot remove a broken current link");
                return r;
            }
            r.actions.push_back("removed a current link to a missing bundle");
        }
    }
    const std::string cur = link_target_name(p.current);
    if (exists_nofollow(p.previous) && (!bundle_complete(p, link_target_name(p.previous)) || link_target_name(p.previous) == cur)) {
        if (!fs.unlink(p.previous) || !fs.fsync_dir(p.dir)) {
            problem("cannot remove a stale previous link");
            return r;
        }
        r.actions.push_back("removed a previous link to a missing bundle");
    }

    // The floor never goes below what is installed (a lost floor file is rebuilt from the bundles).
    const std::string prev = link_target_name(p.previous);
    long long installed_max = 0;
    for (const auto& n : {cur, prev})
        if (!n.empty()) installed_max = std::max(installed_max, version_of_name(n));
    const auto floor = read_floor(p);
    if ((!floor && exists_nofollow(p.floor)) || floor.value_or(0) < installed_max) {
        if (!replace_file(fs, p.dir, p.floor, std::to_string(installed_max) + "\n")) {
            problem("cannot record the version floor");
            return r;
        }
        r.actions.push_back("the version floor was " + (floor ? std::to_string(*floor) : std::string("unreadable")) +
                            "; set to " + std::to_string(installed_max));
    }

    // Bundles nothing points at (an install that stopped before its commit point).
    if (DIR* d = ::opendir(p.bundles.c_str())) {
        std::vector<std::string> stale;
        while (dirent* e = ::readdir(d)) {
            const std::string n = e->d_name;
            if (n != "." && n != ".." && n != cur && n != prev) stale.push_back(n);
        }
        ::closedir(d);
        for (const auto& n : stale) {
            if (!fs.remove_tree(p.bundle(n))) {
                problem("cannot remove the unused bundle " + n);
                return r;
            }
            r.actions.push_back("removed the unused bundle " + n);
        }
        if (!stale.empty() && !fs.fsync_dir(p.bundles)) {
            problem("cannot save the bundle folder");
            return r;
        }
    }
    for (const auto& a : r.actions) admin_log(options_, "recovery: " + a);
    return r;
}

// ---------------------------------------------------------------------------
// 6. rollback, status, verified_current
// ---------------------------------------------------------------------------
namespace {

// `opened`: if given, receives the catalogue opened for the check (verified_current).
std::optional<InstalledBundle> describe_installed(const StoreOptions& o, const std::string& name, std::string* error,
                                                  std::unique_ptr<Catalogue>* opened = nullptr) {
    const Paths p(o.dir);
    if (!bundle_complete(p, name)) {
        if (error) *error = name.empty() ? "no bundle is installed in " + o.dir : "the bundle " + name + " is incomplete";
        return std::nullopt;
    }
    const std::string cat_path = p.bundle(name) + "/" + kBundleCatalogueName;
    std::string sig;
    if (!read_small_file(p.bundle(name) + "/" + kBundleSignatureName, sig, 4096)) {
        if (error) *error = "the bundle " + name + " cannot be read";
        return std::nullopt;
    }
    std::vector<MinisignPublicKey> keys;
    for (const auto& t : o.trusted) keys.push_back(t.key);
    std::string why;
    // Read in pieces, neither held nor mapped whole: the catalogue may be
    // hundreds of MiB and is hashed at every start. A mapping put every page
    // of it into the kiosk's resident size while it was hashed (53 MiB at
    // 20,000 services, near the start's peak); a 256 KiB buffer adds 256 KiB,
    // and the page cache holds the file either way.
    std::optional<MinisignVerified> v;
    {
        base::UniqueFd fd(::open(cat_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        struct stat st {};
        if (!fd || ::fstat(fd.get(), &st) != 0 || st.st_size <= 0 || static_cast<size_t>(st.st_size) > kDefaultMaxBundle) {
            if (error) *error = "the bundle " + name + " cannot be read";
            return std::nullopt;
        }
        ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
        MinisignHasher hasher;
        std::vector<uint8_t> piece(256 * 1024);
        size_t left = static_cast<size_t>(st.st_size);
        while (left > 0) {
            const ssize_t got = ::read(fd.get(), piece.data(), std::min(left, piece.size()));
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {  // an error, or the file shorter than it said
                if (error) *error = "the bundle " + name + " cannot be read";
                return std::nullopt;
            }
            hasher.update(std::span(piece.data(), static_cast<size_t>(got)));
            left -= static_cast<size_t>(got);
        }
        // A file that grew after fstat: its end was not hashed, and SQLite would read it.
        ssize_t more = 0;
        do more = ::read(fd.get(), piece.data(), 1);
        while (more < 0 && errno == EINTR);
        if (more != 0) {
            if (error) *error = "the bundle " + name + " cannot be read";
            return std::nullopt;
        }
        v = verify_minisign_hashed(hasher.finish(), sig, keys, &why);
    }
    if (!v) {
        if (error) *error = "the installed bundle " + name + " no longer verifies: " + why;
        return std::nullopt;
    }
    auto tc = parse_trusted_comment(v->trusted_comment, &why);
    InstalledBundle ib;
    ib.name = name;
    ib.catalogue_path = cat_path;
    ib.manifest.trusted_comment = v->trusted_comment;
    ib.manifest.key_id_hex = MinisignPublicKey{v->key_id, {}}.key_id_hex();
    ib.manifest.schema = kCatalogueSchemaVersion;
    if (tc) {
        auto get = [&](const char* k) { auto it = tc->find(k); return it == tc->end() ? std::string() : it->second; };
        if (const auto s = parse_version(get("schema")); s && catalogue_schema_readable(*s)) ib.manifest.schema = static_cast<int>(*s);
        ib.manifest.version = parse_version(get("version")).value_or(0);
        ib.manifest.created = get("created");
        ib.manifest.publisher = get("publisher");
    }
    for (const auto& t : o.trusted)
        if (t.key.key_id_hex() == ib.manifest.key_id_hex) ib.demo_key = t.demo;
    // The signature vouches for the very bytes the install checked in full
    // (Catalogue::open at step 4 of install): no quick_check again at every start.
    CatalogueOpenOptions checked;
    checked.bytes_checked_at_install = true;
    auto c = Catalogue::open(cat_path, &why, checked);
    if (!c) {
        if (error) *error = "the installed bundle " + name + " cannot be opened: " + why;
        return std::nullopt;
    }
    const BundleInfo info = c->info();
    ib.valid_until = info.meta_value("valid_until");
    ib.title = info.meta_value("title");
    ib.counts = info.counts;
    if (opened) *opened = std::move(c);
    return ib;
}

}  // namespace

InstallResult BundleStore::rollback(std::unique_ptr<Catalogue>* opened) {
    steps_ = 0;
    RecoverResult rec = recover_impl();
    if (!rec.problems.empty()) return failure("the store needs attention: " + rec.problems.front());
    const Paths p(options_.dir);
    const std::string cur = link_target_name(p.current), prev = link_target_name(p.previous);
    if (prev.empty() || !bundle_complete(p, prev)) return refusal("there is no previous bundle to go back to");
    // Only a bundle that still verifies is worth switching to.
    std::string err;
    std::unique_ptr<Catalogue> back_catalogue;  // opened by the check: handed to the caller if the switch works
    auto back = describe_installed(options_, prev, &err, &back_catalogue);
    if (!back) return refusal(err);
    StoreFs fs(options_.fault, steps_);
    // previous.tmp (naming the bundle we leave) is made before `current` moves,
    // so a stop between the two renames is finished by recover().
    const std::string keep_tmp = p.previous + ".tmp";
    if ((exists_nofollow(keep_tmp) && !fs.unlink(keep_tmp)) || (!cur.empty() && !fs.symlink("bundles/" + cur, keep_tmp))) {
        return failure_while("preparing the rollback: " + errno_text(fs.last_errno()) + "; " + cur.substr(0, cur.find('-')) + " is still shown");
    }
    if (!point_link(fs, p.current, prev) || !fs.fsync_dir(p.dir)) {
        return failure_while("switching back: " + errno_text(fs.last_errno()) + "; " + cur.substr(0, cur.find('-')) + " is still shown");
    }
    // Keep the one we left as `previous`, so the admin can go forward again.
    if (!cur.empty() && (!fs.rename(keep_tmp, p.previous) || !fs.fsync_dir(p.dir))) {
        // current is already switched; previous may still name the shown bundle, which recover() tidies.
        InstallResult r = success(InstallOutcome::rolled_back, "rolled back to " + prev.substr(0, prev.find('-')) +
                                                                   " (the bundle left could not be kept: " + errno_text(fs.last_errno()) + ")");
        r.installed = std::move(back);
        if (opened) *opened = std::move(back_catalogue);
        admin_log(options_, r.message);
        return r;
    }
    InstallResult r = success(InstallOutcome::rolled_back, "rolled back to " + prev.substr(0, prev.find('-')) +
                                                               (cur.empty() ? "" : "; " + cur.substr(0, cur.find('-')) + " kept as previous"));
    r.installed = std::move(back);
    if (opened) *opened = std::move(back_catalogue);
    admin_log(options_, r.message);
    return r;
}


StoreStatus BundleStore::status(const InstalledBundle* current_known) const {
    StoreStatus s;
    const Paths p(options_.dir);
    s.floor = read_floor(p).value_or(0);
    std::string err;
    const std::string cur = link_target_name(p.current), prev = link_target_name(p.previous);
    if (current_known && !cur.empty() && cur == current_known->name && bundle_complete(p, cur)) {
        s.current = *current_known;
    } else if (!cur.empty() || exists_nofollow(p.current)) {
        s.current = describe_installed(options_, cur, &err);
        if (!s.current) s.problems.push_back("current: " + err);
    }
    if (!prev.empty() || exists_nofollow(p.previous)) {
        s.previous = describe_installed(options_, prev, &err);
        if (!s.previous) s.problems.push_back("previous: " + err);
    }
    if (exists_nofollow(p.pending)) s.problems.push_back("an install was interrupted; it is finished at the next start");
    return s;
}

long long BundleStore::floor() const { return read_floor(Paths(options_.dir)).value_or(0); }

void BundleStore::log_admin_event(const std::string& line) const { admin_log(options_, line); }

void append_admin_log(const std::string& log_path, const std::string& line) {
    // Best effort, bounded: one rotation at 1 MiB. Only admin events come here.
    struct stat st;
    if (::stat(log_path.c_str(), &st) == 0 && st.st_size > (1 << 20)) ::rename(log_path.c_str(), (log_path + ".1").c_str());
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (fd < 0) return;
    const std::string l = utc_now() + " " + line + "\n";
    const ssize_t n = ::write(fd, l.data(), l.size());
    (void)n;
    ::close(fd);
}

std::optional<InstalledBundle> BundleStore::verified_current(std::string* error, std::unique_ptr<Catalogue>* opened) const {
    const Paths p(options_.dir);
    return describe_installed(options_, link_target_name(p.current), error, opened);
}

}  // namespace madoguchi::core
