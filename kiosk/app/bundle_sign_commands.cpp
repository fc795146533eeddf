// SPDX-License-Identifier: Apache-2.0
// bundle_sign_commands.cpp — `madoguchi-bundle keygen | sign | verify | install | rollback | status`.
//
// A bundle is an uncompressed tar of catalog.sqlite and catalog.sqlite.minisig
// (docs/bundles.md). Keys and signatures are in minisign's formats, so admins
// can check a bundle with stock tools: `tar xf B && minisign -Vm catalog.sqlite -P KEY`.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/core/bundle_file.hpp"
#include "madoguchi/core/bundle_store.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/fleet_status.hpp"
#include "madoguchi/core/minisign.hpp"

using namespace madoguchi;
namespace fs = std::filesystem;

namespace {

bool read_file(const std::string& path, std::string& out, size_t cap = size_t{1} << 30) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return out.size() <= cap;
}

// Writes beside the target and renames, so a half-written key or bundle never
// takes the real name. `mode` applies to the new file (0600 for secret keys).
bool write_file_atomic(const std::string& path, const std::string& data, mode_t mode, std::string* error) {
    const std::string tmp = path + ".partial";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        if (!out) {
            *error = "cannot write " + path;
            return false;
        }
    }
    ::chmod(tmp.c_str(), mode);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        *error = "cannot write " + path;
        return false;
    }
    return true;
}

std::string password_from(const std::string& password_file) {
    if (!password_file.empty()) {
        std::string p;
        read_file(password_file, p, 4096);
        while (!p.empty() && (p.back() == '\n' || p.back() == '\r')) p.pop_back();
        return p;
    }
    if (const char* env = std::getenv("MADOGUCHI_KEY_PASSWORD")) return env;
    return {};
}

std::string percent_encode(const std::string& v) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : v) {
        if (std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

int cmd_keygen(const std::string& pub_path, const std::string& sec_path, const std::string& password_file) {
    std::string err;
    if (fs::exists(sec_path) || fs::exists(pub_path)) {
        std::cerr << "madoguchi-bundle: " << (fs::exists(sec_path) ? sec_path : pub_path)
                  << " exists; refusing to overwrite a key (move it away first)\n";
        return 1;
    }
    const std::string password = password_from(password_file);
    core::MinisignKeyPair kp = core::generate_minisign_keys();
    if (!write_file_atomic(sec_path, core::minisign_secret_key_file(kp.secret_key, password), 0600, &err) ||
        !write_file_atomic(pub_path, core::minisign_public_key_file(kp.public_key), 0644, &err)) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 3;
    }
    if (password.empty())
        std::cerr << "madoguchi-bundle: note: the secret key is not protected by a password "
                     "(give --password-file or MADOGUCHI_KEY_PASSWORD to protect it)\n";
    std::cout << "key " << kp.public_key.key_id_hex() << ": public " << pub_path << ", secret " << sec_path << "\n";
    return 0;
}

// Signs a built catalogue into a bundle; the trusted comment repeats what the
// catalogue says of itself, so the kiosk can check version and schema before
// it opens the catalogue.
int cmd_sign(const std::string& catalogue_path, const std::string& key_path, const std::string& password_file, const std::string& out) {
    std::string err, key_text, catalogue;
    if (!read_file(key_path, key_text, 4096)) {
        std::cerr << "madoguchi-bundle: cannot read the secret key " << key_path << "\n";
        return 1;
    }
    auto key = core::parse_minisign_secret_key(key_text, password_from(password_file), &err);
    if (!key) {
        std::cerr << "madoguchi-bundle: " << key_path << ": " << err << "\n";
        return 1;
    }
    auto cat = core::Catalogue::open(catalogue_path, &err);
    if (!cat) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 1;
    }
    const core::BundleInfo info = cat->info();
    cat.reset();
    if (!read_file(catalogue_path, catalogue)) {
        std::cerr << "madoguchi-bundle: cannot read " << catalogue_path << "\n";
        return 1;
    }
    const std::string comment = "product=madoguchi schema=" + std::to_string(info.schema_version) + " version=" +
                                percent_encode(info.meta_value("version")) + " created=" + percent_encode(info.meta_value("created")) +
                                " publisher=" + percent_encode(info.meta_value("publisher"));
    core::BundleFile b;
    b.catalogue.assign(catalogue.begin(), catalogue.end());
    b.signature = core::minisign_sign(b.catalogue, *key, comment);
    const std::vector<uint8_t> tar = core::write_bundle_file(b);
    if (!write_file_atomic(out, std::string(tar.begin(), tar.end()), 0644, &err)) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 3;
    }
    std::cout << "signed " << out << " with key " << core::MinisignPublicKey{key->key_id, {}}.key_id_hex() << ": " << comment << "\n";
    return 0;
}

namespace {

// Loads every --pubkey; a key that cannot be read is a usage problem, said plainly.
bool load_keys(const std::vector<std::string>& paths, std::vector<core::TrustedKey>& out) {
    if (paths.empty()) {
        std::cerr << "madoguchi-bundle: give at least one --pubkey FILE (the publisher's public key)\n";
        return false;
    }
    for (const auto& p : paths) {
        std::string err;
        auto k = core::load_trusted_key(p, &err);
        if (!k) {
            std::cerr << "madoguchi-bundle: " << err << "\n";
            return false;
        }
        out.push_back(*k);
    }
    return true;
}

void print_installed(const char* label, const core::InstalledBundle& b) {
    std::cout << label << ": version " << b.manifest.version << " (" << b.name << ")\n"
              << "  publisher:   " << b.manifest.publisher << "\n"
              << "  created:     " << b.manifest.created << "\n"
              << "  valid until: " << (b.valid_until.empty() ? "(not given)" : b.valid_until) << "\n"
              << "  key:         " << b.manifest.key_id_hex << (b.demo_key ? "  (DEMO key: sample data only, never for visitors)" : "") << "\n"
              << "  catalogue:   " << b.catalogue_path << "\n";
    for (const auto& [table, n] : b.counts)
        if (table == "organization" || table == "service" || table == "phone" || table == "guide")
            std::cout << "  " << table << ": " << n << "\n";
}

}  // namespace

// The same checks a kiosk makes before installing (bundle_store.hpp), without a store.
int cmd_verify(const std::string& bundle_path, const std::vector<std::string>& pubkeys) {
    std::vector<core::TrustedKey> trusted;
    if (!load_keys(pubkeys, trusted)) return 2;
    std::string raw;
    if (!read_file(bundle_path, raw, (size_t{512} << 20) + (size_t{64} << 10))) {
        std::cerr << "madoguchi-bundle: " << bundle_path << ": refused: cannot read it, or it is larger than a bundle may be\n";
        return 1;
    }
    const std::vector<uint8_t> bytes(raw.begin(), raw.end());
    const core::BundleCheck c = core::check_bundle_bytes(bytes, trusted, 0);
    if (!c.ok) {
        std::cerr << "madoguchi-bundle: " << bundle_path << ": " << c.message << "\n";
        return 1;
    }
    std::cout << "ok: " << bundle_path << " signed by key " << c.manifest.key_id_hex << "; " << c.manifest.trusted_comment << "\n";
    return 0;
}

// --status FILE after install or rollback: the fleet status file as the kiosk
// writes it (docs/fleet.md), so a kiosk set up or fixed from a shell shows
// its new version at once. A failure to write it is said, and does not change
// the exit code: the install itself is what the code reports.
static void write_status_after(const core::BundleStore& s, const std::string& status_file, core::FleetAttempt attempt,
                               const core::InstallResult& r) {
    if (status_file.empty()) return;
    const std::time_t now = std::time(nullptr);
    // What the install or rollback just verified is not verified again.
    const core::StoreStatus st = s.status(r.ok() && r.installed ? &*r.installed : nullptr);
    core::FleetStatus fs;
    fs.software = std::string("madoguchi-bundle ") + MADOGUCHI_VERSION;
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) fs.hostname = host;
    fs.store = s.options().dir;
    fs.current = st.current;
    fs.previous = st.previous;
    fs.floor = st.floor;
    for (const auto& p : st.problems) fs.problems.push_back("bundle store: " + p);
    fs.today = core::fleet_utc_date(now);
    attempt.at = core::fleet_utc_time(now);
    fs.last_attempt = std::move(attempt);
    fs.written_at = core::fleet_utc_time(now);
    const std::string err = core::write_fleet_status(status_file, core::fleet_status_json(fs));
    if (!err.empty()) std::cerr << "madoguchi-bundle: " << err << "\n";
}

int cmd_install(const std::string& bundle_path, const std::string& store, const std::vector<std::string>& pubkeys,
                const std::string& status_file) {
    core::StoreOptions o;
    o.dir = store;
    if (!load_keys(pubkeys, o.trusted)) return 2;
    core::BundleStore s(o);
    const core::InstallResult r = s.install(bundle_path, [](int k, int n, const std::string& what) {
        std::cerr << "  [" << k << "/" << n << "] " << what << "\n";
    });
    write_status_after(s, status_file,
                       {core::fleet_install_outcome(r.outcome), bundle_path, r.installed ? r.installed->manifest.version : 0,
                        r.installed ? r.installed->manifest.publisher : "", r.message, {}},
                       r);
    switch (r.outcome) {
        case core::InstallOutcome::installed:
        case core::InstallOutcome::rolled_back: std::cout << r.message << "\n"; return 0;
        case core::InstallOutcome::refused: std::cerr << "madoguchi-bundle: " << bundle_path << ": " << r.message << "\n"; return 1;
        case core::InstallOutcome::failed: break;
    }
    std::cerr << "madoguchi-bundle: " << bundle_path << ": " << r.message << "\n";
    return 3;
}

int cmd_rollback(const std::string& store, const std::vector<std::string>& pubkeys, const std::string& status_file) {
    core::StoreOptions o;
    o.dir = store;
    if (!load_keys(pubkeys, o.trusted)) return 2;
    core::BundleStore s(o);
    const core::InstallResult r = s.rollback();
    write_status_after(s, status_file, {core::fleet_rollback_outcome(r.outcome), {}, 0, {}, r.message, {}}, r);
    switch (r.outcome) {
        case core::InstallOutcome::installed:
        case core::InstallOutcome::rolled_back: std::cout << r.message << "\n"; return 0;
        case core::InstallOutcome::refused: std::cerr << "madoguchi-bundle: " << r.message << "\n"; return 1;
        case core::InstallOutcome::failed: break;
    }
    std::cerr << "madoguchi-bundle: " << r.message << "\n";
    return 3;
}

int cmd_status(const std::string& store, const std::vector<std::string>& pubkeys) {
    core::StoreOptions o;
    o.dir = store;
    if (!load_keys(pubkeys, o.trusted)) return 2;
    core::BundleStore s(o);
    const core::StoreStatus st = s.status();
    std::cout << "store: " << store << "\n";
    if (st.current) print_installed("current", *st.current);
    else std::cout << "current: none\n";
    if (st.previous) print_installed("previous", *st.previous);
    else std::cout << "previous: none\n";
    std::cout << "version floor: " << st.floor << " (only newer versions are installed)\n";
    for (const auto& p : st.problems) std::cout << "problem: " << p << "\n";
    return st.problems.empty() ? 0 : 1;
}
