// SPDX-License-Identifier: Apache-2.0
// madoguchi-bundle — the admin tool: build, check and look into catalogues.
//
// Output goes to stdout; problems to stderr as `file:line:column: message`.
// Exit codes: 0 ok, 1 the input has problems, 2 usage error, 3 I/O error;
// review: 1 when something needs attention; diff: 1 when there are differences,
// 3 when a side cannot be read (docs/review-and-diff.md).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/catalogue_html.hpp"
#include "madoguchi/core/directory_review.hpp"
#include "madoguchi/core/hsds.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/core/regions.hpp"
#include "madoguchi/core/synthetic.hpp"

using namespace madoguchi::core;

int cmd_slip(const std::string& catalogue_path, const std::string& services, int dots, const std::string& lang,
             const std::string& header, const std::string& strings_dir, const std::string& date, const std::string& png,
             const std::string& escpos);  // bundle_slip_command.cpp
int cmd_keygen(const std::string& pub_path, const std::string& sec_path, const std::string& password_file);  // bundle_sign_commands.cpp
int cmd_sign(const std::string& catalogue_path, const std::string& key_path, const std::string& password_file, const std::string& out);
int cmd_verify(const std::string& bundle_path, const std::vector<std::string>& pubkeys);
int cmd_install(const std::string& bundle_path, const std::string& store, const std::vector<std::string>& pubkeys,
                const std::string& status_file);
int cmd_rollback(const std::string& store, const std::vector<std::string>& pubkeys, const std::string& status_file);
int cmd_status(const std::string& store, const std::vector<std::string>& pubkeys);
int cmd_pin_hash(const std::vector<std::string>& args);  // bundle_pin_command.cpp
int cmd_import_hsds(const std::string& hsds_dir, const std::string& out_dir, const HsdsImportOptions& options);  // bundle_hsds_commands.cpp
int cmd_export_hsds(const std::string& src_dir, const std::string& out_dir);
int cmd_review(const std::string& src_dir, const ReviewOptions& options, const std::string& age_text);  // bundle_review_commands.cpp
int cmd_diff(const std::string& old_path, const std::string& new_path);
int print_tier_summary(const std::string& path);

namespace {

constexpr const char* kUsage = R"(usage: madoguchi-bundle COMMAND ...

Commands:
  build SRC_DIR -o OUT [--created YYYY-MM-DDThh:mm:ssZ] [--sign SECRET_KEY [--password-file F]]
        Check the CSV files in SRC_DIR and write the catalogue OUT.
        Every problem is listed as file:line:column: message; on any problem
        nothing is written. With --sign, OUT is a signed bundle instead (as
        build then sign).
  check SRC_DIR
        Only check the CSV files (what build does before writing).
  inspect FILE
        Print the catalogue's metadata, row counts, organizations, services per
        directory tier (and how many are active) and how many active services
        have a voice phone.
  review SRC_DIR [--older-than 6m] [--today YYYY-MM-DD]
        List what needs a data admin's attention: records last checked longer
        ago than --older-than (Nd, Nm or Ny; default 6m) before --today
        (default: today), active services with no phone, website or e-mail,
        inactive services and why, evidence from sources without url,
        publisher or published date, and prefectures no public service with a
        phone covers. Exit 0 when there is nothing, 1 when there is.
  diff OLD NEW
        Compare two versions of a directory, each a bundle source folder, a
        catalogue or a signed bundle: services added, removed, turned active or
        inactive, and every changed phone, label, e-mail, website, hours rule
        and address as - old / + new lines, for a second person to check before
        signing. Exit 0 when there is no difference, 1 when there are, 3 when a
        side cannot be read.
  search FILE QUERY [--lang L] [--region PP] [--limit N]
        Print the ranked hits a visitor would get for QUERY.
  query FILE [--concern C] [--audience A] [--situation S]... [--kind K]...
             [--mode M]... [--region PP[:MMMMM]] [--lang L] [--at YYYY-MM-DDThh:mm]
             [--open-now]
        Print the services the kiosk lists for a choice of concern, audience, ...
  show FILE SERVICE_ID [--lang L] [--at YYYY-MM-DDThh:mm]
        Print everything the detail screen shows for one service.
  export-html FILE -o OUT.html [--lang L] [--strings DIR]
        The whole catalogue as one static HTML page (no script, nothing
        fetched): every service with its phones, hours and links, an index by
        concern, the guides. To browse or print; labels from DIR/<lang>.toml
        (default: the kiosk's installed strings).
  slip FILE --services ID,ID,... [--width DOTS] [--lang L] [--header TEXT]
        [--strings DIR] [--date YYYY-MM-DD] [--png OUT.png] [--escpos OUT.bin]
        Render the take-away slip for these services as the printer gets it:
        a PNG preview of the dots and the ESC/POS bytes (384 = 58 mm paper,
        576 = 80 mm, 512 fallback). Words from DIR/<lang>.toml (default: the
        kiosk's installed strings), bilingual with Japanese as in the kiosk;
        today's and tomorrow's hours for --date (default: today).
  keygen -p PUBLIC_KEY -s SECRET_KEY [--password-file F]
        Make a signing key pair in minisign's format (secret key encrypted when a
        password is given by file or MADOGUCHI_KEY_PASSWORD).
  sign CATALOGUE --key SECRET_KEY -o BUNDLE [--password-file F]
        Sign a built catalogue into a bundle (tar of catalog.sqlite and its
        minisign signature, trusted comment with product, schema, version,
        created and publisher).
  verify BUNDLE --pubkey FILE [--pubkey FILE ...]
        Check a bundle as a kiosk would before installing it.
  install BUNDLE --store DIR --pubkey FILE [--pubkey FILE ...] [--status FILE]
        Install a bundle into a kiosk's bundle store (crash-safe; the previous
        bundle is kept for rollback; only versions newer than any installed).
        With --status, also write the fleet status file (docs/fleet.md).
  rollback --store DIR --pubkey FILE [...] [--status FILE]
        Go back to the previous bundle (and again to go forward).
  status --store DIR --pubkey FILE [...]
        Say what is installed, the version floor and any problem.
  pin-hash [--pin-file F]
        Read an admin PIN (6-12 digits) and print the pin_hash line for the
        kiosk config (argon2id).
  generate --services N -o DIR [--seed S]
        Write a synthetic (made-up) bundle source for load tests.
  import-hsds HSDS_DIR -o SRC_DIR [--title T] [--publisher P] [--version N]
              [--valid-until YYYY-MM-DD] [--region PP] [--checked YYYY-MM-DD]
              [--taxonomy-map FILE]
        Read an Open Referral HSDS 3.0 data package (datapackage.json + CSV)
        into a new bundle source folder. Every HSDS row or field that does not
        fit is listed as file:line:column (docs/hsds.md).
  export-hsds SRC_DIR -o OUT_DIR
        Write a bundle source as an HSDS 3.0 data package.
  --version, --help
)";

int usage_error(const std::string& msg) {
    std::cerr << "madoguchi-bundle: " << msg << "\n\n" << kUsage;
    return 2;
}

struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;
    std::vector<std::string> flags;
    std::string error;

    std::string get(const std::string& name, const std::string& dflt = "") const {
        for (const auto& [k, v] : options)
            if (k == name) return v;
        return dflt;
    }
    std::vector<std::string> all(const std::string& name) const {
        std::vector<std::string> out;
        for (const auto& [k, v] : options)
            if (k == name) out.push_back(v);
        return out;
    }
    bool has_flag(const std::string& f) const {
        for (const auto& x : flags)
            if (x == f) return true;
        return false;
    }
};

Args parse_args(int argc, char** argv, int first, std::initializer_list<const char*> with_value,
                std::initializer_list<const char*> flags) {
    Args a;
    for (int i = first; i < argc; ++i) {
        std::string s = argv[i];
        bool matched = false;
        for (const char* o : with_value) {
            if (s == o) {
                if (i + 1 >= argc) { a.error = s + " needs a value"; return a; }
                a.options.emplace_back(o, argv[++i]);
                matched = true;
            }
        }
        for (const char* f : flags) {
            if (s == f) { a.flags.push_back(f); matched = true; }
        }
        if (matched) continue;
        if (s.size() > 1 && s[0] == '-') { a.error = "unknown option " + s; return a; }
        a.positional.push_back(s);
    }
    return a;
}

std::unique_ptr<Catalogue> open_or_report(const std::string& path) {
    std::string err;
    auto cat = Catalogue::open(path, &err);
    if (!cat) std::cerr << "madoguchi-bundle: " << err << "\n";
    return cat;
}

bool parse_region(const std::string& s, Region& r) {
    if (s.empty()) return true;
    std::string pref = s.substr(0, s.find(':'));
    auto p = parse_prefecture_code(pref);
    if (!p) return false;
    r.prefecture = *p;
    if (s.find(':') != std::string::npos) {
        std::string err;
        auto m = parse_municipality_code(s.substr(s.find(':') + 1), &err);
        if (!m) return false;
        r.municipality = *m;
    }
    return true;
}

const char* tier_name(RegionTier t) {
    switch (t) {
        case RegionTier::municipality: return "municipality";
        case RegionTier::prefecture: return "prefecture";
        case RegionTier::national: return "national";
        case RegionTier::online: return "online";
        case RegionTier::nearby: return "nearby";
        case RegionTier::elsewhere: return "elsewhere";
    }
    return "?";
}

const char* match_name(MatchField m) {
    switch (m) {
        case MatchField::name_prefix: return "name-prefix";
        case MatchField::name: return "name";
        case MatchField::organization: return "organization";
        case MatchField::body: break;
    }
    return "text";
}

std::string mark(const LocalizedText& t) { return t.fallback ? t.text + " [ja]" : t.text; }

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

int report_build(const BuildResult& r) {
    for (const auto& d : r.diagnostics.sorted()) std::cerr << format_diagnostic(d) << "\n";
    if (!r.diagnostics.empty()) {
        std::cerr << r.diagnostics.size() << (r.diagnostics.size() == 1 ? " problem" : " problems")
                  << " found; nothing was written.\n";
        return 1;
    }
    if (!r.write_error.empty()) {
        std::cerr << "madoguchi-bundle: " << r.write_error << "\n";
        return 3;
    }
    return 0;
}

int cmd_build(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"-o", "--created", "--sign", "--password-file"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1 || a.get("-o").empty()) return usage_error("build needs SRC_DIR and -o OUT");
    if (!a.get("--password-file").empty() && a.get("--sign").empty()) return usage_error("--password-file goes with --sign");
    BuildOptions opt;
    opt.created = a.get("--created");
    const std::string out = a.get("-o");
    // With --sign the catalogue is built beside OUT first, then signed into OUT.
    const std::string catalogue = a.get("--sign").empty() ? out : out + ".catalogue.partial";
    BuildResult r = build_bundle(a.positional[0], catalogue, opt);
    if (int rc = report_build(r)) return rc;
    std::cout << "wrote " << catalogue << ": " << r.organizations << " organizations, " << r.services << " services, "
              << r.phones << " phones, " << r.guides << " guides\n";
    if (a.get("--sign").empty()) return 0;
    const int rc = cmd_sign(catalogue, a.get("--sign"), a.get("--password-file"), out);
    std::remove(catalogue.c_str());
    return rc;
}

int cmd_check(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1) return usage_error("check needs SRC_DIR");
    BuildResult r = check_bundle_source(a.positional[0]);
    if (int rc = report_build(r)) return rc;
    std::cout << "ok: " << r.organizations << " organizations, " << r.services << " services, " << r.phones << " phones, "
              << r.guides << " guides\n";
    return 0;
}

int cmd_inspect(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1) return usage_error("inspect needs FILE");
    auto cat = open_or_report(a.positional[0]);
    if (!cat) return 1;
    BundleInfo info = cat->info();
    std::cout << "catalogue " << a.positional[0] << " (schema " << info.schema_version << ")\n\nmetadata:\n";
    for (const auto& [k, v] : info.meta) std::cout << "  " << k << ": " << v << "\n";
    if (info.meta_value("synthetic") == "yes") std::cout << "  ** SYNTHETIC DATA: made up for load tests, never ship **\n";
    std::cout << "\nrows:\n";
    for (const auto& [t, n] : info.counts) std::cout << "  " << t << ": " << n << "\n";
    auto orgs = cat->organizations();
    std::cout << "\norganizations (" << orgs.size() << "):\n";
    for (const auto& o : orgs) std::cout << "  " << o.id << "  " << o.name << "  (" << o.services << " services)\n";
    if (int rc = print_tier_summary(a.positional[0])) return rc;
    // Services too, so an admin sees at a glance what is in it.
    ServiceQuery q;
    auto services = cat->find_services(q);
    std::cout << "\nservices (" << services.size() << " active):\n";
    size_t shown = 0;
    for (const auto& s : services) {
        if (++shown > 200) {
            std::cout << "  … " << services.size() - 200 << " more\n";
            break;
        }
        std::cout << "  " << s.id << "  " << s.name.text << "  — " << s.organization.text << "\n";
    }
    return 0;
}

int cmd_search(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--lang", "--region", "--limit"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 2) return usage_error("search needs FILE and QUERY");
    SearchOptions opt;
    opt.lang = a.get("--lang", "ja");
    if (!parse_region(a.get("--region"), opt.region)) return usage_error("--region wants PP or PP:MMMMM (JIS codes)");
    opt.limit = static_cast<size_t>(std::atoi(a.get("--limit", "50").c_str()));
    auto cat = open_or_report(a.positional[0]);
    if (!cat) return 1;
    auto hits = cat->search(a.positional[1], opt);
    if (hits.empty()) {
        std::cout << "no services found\n";
        return 0;
    }
    int rank = 0;
    for (const auto& h : hits)
        std::cout << ++rank << ". " << h.id << "  " << mark(h.name) << "  — " << mark(h.organization) << "  ["
                  << match_name(h.matched) << ", " << tier_name(h.tier) << "]\n";
    return 0;
}

int cmd_query(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--concern", "--audience", "--situation", "--kind", "--mode", "--region", "--lang", "--at"},
                        {"--open-now"});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1) return usage_error("query needs FILE");
    ServiceQuery q;
    q.concern = a.get("--concern");
    q.audience = a.get("--audience");
    q.situations = a.all("--situation");
    q.kinds = a.all("--kind");
    q.modes = a.all("--mode");
    q.lang = a.get("--lang", "ja");
    if (!parse_region(a.get("--region"), q.region)) return usage_error("--region wants PP or PP:MMMMM (JIS codes)");
    if (!a.get("--at").empty()) {
        q.now = parse_local_datetime(a.get("--at"));
        if (!q.now) return usage_error("--at wants YYYY-MM-DDThh:mm");
    }
    q.open_now_only = a.has_flag("--open-now");
    if (q.open_now_only && !q.now) return usage_error("--open-now needs --at");
    auto cat = open_or_report(a.positional[0]);
    if (!cat) return 1;
    auto list = cat->find_services(q);
    if (list.empty()) std::cout << "no services match\n";
    int rank = 0;
    for (const auto& s : list) {
        std::cout << ++rank << ". " << s.id << "  " << mark(s.name) << "  — " << mark(s.organization) << "  ["
                  << tier_name(s.tier) << "; " << join(s.kinds, "/") << "; " << join(s.modes, "/");
        if (s.situation_matches) std::cout << "; situations " << s.situation_matches;
        if (s.open) std::cout << "; " << (s.open->reachable_now() ? "open now" : s.open->has_hours ? "closed now" : "no hours");
        std::cout << "]\n";
    }
    return 0;
}

int cmd_show(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--lang", "--at"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 2) return usage_error("show needs FILE and SERVICE_ID");
    std::optional<LocalDateTime> now;
    if (!a.get("--at").empty()) {
        now = parse_local_datetime(a.get("--at"));
        if (!now) return usage_error("--at wants YYYY-MM-DDThh:mm");
    }
    auto cat = open_or_report(a.positional[0]);
    if (!cat) return 1;
    std::string lang = a.get("--lang", "ja");
    auto d = cat->service(a.positional[1], lang, now);
    if (!d) {
        std::cerr << "madoguchi-bundle: no service with id \"" << a.positional[1] << "\"\n";
        return 1;
    }
    auto terms = [](const std::vector<Term>& v) {
        std::vector<std::string> s;
        for (const auto& t : v) s.push_back(mark(t.label));
        return join(s);
    };
    std::cout << mark(d->name) << "  (" << d->name_kana << ")\n" << mark(d->organization) << "\n\n" << mark(d->description) << "\n\n";
    std::cout << "concerns: " << terms(d->concerns) << "\naudiences: " << terms(d->audiences) << "\n";
    if (!d->situations.empty()) std::cout << "situations: " << terms(d->situations) << "\n";
    std::cout << "kinds: " << terms(d->kinds) << "\nmodes: " << terms(d->modes) << "\nareas: " << join(d->areas) << "\n";
    for (const auto& p : d->phones) {
        std::cout << "phone: " << p.number << " (" << p.tel_uri << ")";
        if (!p.label.text.empty()) std::cout << " " << mark(p.label);
        if (now) std::cout << (p.open_now ? " — open now" : " — closed now");
        std::cout << "\n";
        for (const auto& h : p.hours) std::cout << "  hours: " << h << "\n";
    }
    for (const auto& h : d->opening_hours) std::cout << "opening hours: " << h << "\n";
    if (!d->website.empty()) std::cout << "website: " << d->website << "\n";
    if (!d->email.empty()) std::cout << "e-mail: " << d->email << "\n";
    for (const auto& l : d->locations) {
        std::cout << "location: " << l.prefecture << " " << l.municipality << " " << mark(l.address);
        if (!l.name.text.empty()) std::cout << " (" << mark(l.name) << ")";
        std::cout << "\n";
    }
    std::cout << "cost: " << d->cost;
    if (!d->fees_description.text.empty()) std::cout << " — " << mark(d->fees_description);
    std::cout << "\nanonymous: " << d->anonymous << "\n";
    if (!d->languages.empty()) std::cout << "languages: " << join(d->languages) << "\n";
    std::cout << "source: " << d->source.title;
    if (!d->source.url.empty()) std::cout << " <" << d->source.url << ">";
    std::cout << "\nlast checked: " << d->assured_date << "\n";
    if (d->open) std::cout << "open now: " << (d->open->reachable_now() ? "yes" : d->open->has_hours ? "no" : "unknown (no hours given)") << "\n";
    return 0;
}

int cmd_slip_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--services", "--width", "--lang", "--header", "--strings", "--date", "--png", "--escpos"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1 || a.get("--services").empty()) return usage_error("slip needs FILE and --services ID,ID,...");
    if (a.get("--png").empty() && a.get("--escpos").empty()) return usage_error("slip needs --png and/or --escpos");
    const int dots = std::atoi(a.get("--width", "576").c_str());
    if (dots < 200 || dots > 1024) return usage_error("--width wants the printer's dots per line (384, 512 or 576)");
    return cmd_slip(a.positional[0], a.get("--services"), dots, a.get("--lang", "ja"), a.get("--header"),
                    a.get("--strings", std::string(MADOGUCHI_ASSETS_DIR) + "/strings"), a.get("--date"), a.get("--png"), a.get("--escpos"));
}

int cmd_export_html_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"-o", "--lang", "--strings"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1 || a.get("-o").empty()) return usage_error("export-html needs FILE and -o OUT.html");
    std::string err;
    auto cat = madoguchi::core::Catalogue::open(a.positional[0], &err);
    if (!cat) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 1;
    }
    madoguchi::core::UiStrings strings;
    madoguchi::core::HtmlExportOptions opt;
    opt.lang = a.get("--lang", "ja");
    // The kiosk's own labels: --strings, else the installed ones (the folder
    // the kiosk reads without --assets); a named folder must have them.
    const std::string dir = a.get("--strings", std::string(MADOGUCHI_ASSETS_DIR) + "/strings");
    std::error_code ec;
    if (!a.get("--strings").empty() || std::filesystem::is_directory(dir, ec)) {
        std::vector<std::string> messages;
        strings = madoguchi::core::UiStrings::load_dir(dir, &messages);
        for (const auto& m : messages) std::cerr << "madoguchi-bundle: " << m << "\n";
        if (strings.languages().empty()) {
            std::cerr << "madoguchi-bundle: no strings in " << dir << " (the kiosk's assets/strings)\n";
            return 1;
        }
        opt.strings = &strings;
    }
    const std::string html = madoguchi::core::export_html(*cat, opt);
    // Beside the target, then renamed: a half-written page never takes the name.
    const std::string out = a.get("-o"), part = out + ".partial";
    {
        std::ofstream f(part, std::ios::binary | std::ios::trunc);
        f << html;
        f.flush();
        if (!f) {
            std::remove(part.c_str());
            std::cerr << "madoguchi-bundle: cannot write " << out << "\n";
            return 3;
        }
    }
    if (std::rename(part.c_str(), out.c_str()) != 0) {
        std::remove(part.c_str());
        std::cerr << "madoguchi-bundle: cannot write " << out << "\n";
        return 3;
    }
    std::cout << "export-html: " << out << " (" << html.size() << " bytes)\n";
    return 0;
}

int cmd_keygen_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"-p", "-s", "--password-file"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (!a.positional.empty() || a.get("-p").empty() || a.get("-s").empty()) return usage_error("keygen needs -p PUBLIC_KEY and -s SECRET_KEY");
    return cmd_keygen(a.get("-p"), a.get("-s"), a.get("--password-file"));
}

int cmd_sign_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--key", "-o", "--password-file"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1 || a.get("--key").empty() || a.get("-o").empty()) return usage_error("sign needs CATALOGUE, --key SECRET_KEY and -o BUNDLE");
    return cmd_sign(a.positional[0], a.get("--key"), a.get("--password-file"), a.get("-o"));
}

int cmd_verify_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--pubkey"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1) return usage_error("verify needs BUNDLE and --pubkey FILE");
    return cmd_verify(a.positional[0], a.all("--pubkey"));
}

int cmd_store_args(int argc, char** argv, const std::string& cmd) {
    Args a = parse_args(argc, argv, 2, {"--store", "--pubkey", "--status"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (cmd == "status" && !a.get("--status").empty()) return usage_error("--status FILE goes with install and rollback");
    const size_t want = cmd == "install" ? 1 : 0;
    if (a.positional.size() != want || a.get("--store").empty())
        return usage_error(cmd + (want ? " needs BUNDLE, --store DIR and --pubkey FILE" : " needs --store DIR and --pubkey FILE"));
    if (cmd == "install") return cmd_install(a.positional[0], a.get("--store"), a.all("--pubkey"), a.get("--status"));
    if (cmd == "rollback") return cmd_rollback(a.get("--store"), a.all("--pubkey"), a.get("--status"));
    return cmd_status(a.get("--store"), a.all("--pubkey"));
}

int cmd_import_hsds_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"-o", "--title", "--publisher", "--version", "--valid-until", "--region", "--checked", "--taxonomy-map"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1 || a.get("-o").empty()) return usage_error("import-hsds needs HSDS_DIR and -o SRC_DIR");
    HsdsImportOptions opt;
    opt.title = a.get("--title");
    opt.publisher = a.get("--publisher");
    opt.version = a.get("--version");
    opt.valid_until = a.get("--valid-until");
    opt.region = a.get("--region");
    opt.checked = a.get("--checked");
    opt.taxonomy_map = a.get("--taxonomy-map");
    if (!opt.checked.empty() && !parse_date(opt.checked)) return usage_error("--checked wants a date YYYY-MM-DD");
    return cmd_import_hsds(a.positional[0], a.get("-o"), opt);
}

int cmd_export_hsds_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"-o"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1 || a.get("-o").empty()) return usage_error("export-hsds needs SRC_DIR and -o OUT_DIR");
    return cmd_export_hsds(a.positional[0], a.get("-o"));
}

int cmd_review_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--older-than", "--today"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 1) return usage_error("review needs SRC_DIR");
    ReviewOptions opt;
    const std::string age = a.get("--older-than", "6m");
    if (auto parsed = parse_review_age(age)) opt.older_than = *parsed;
    else return usage_error("--older-than wants a number and d, m or y (90d, 6m, 1y)");
    if (!a.get("--today").empty()) {
        opt.today = parse_date(a.get("--today"));
        if (!opt.today) return usage_error("--today wants a date YYYY-MM-DD");
    }
    return cmd_review(a.positional[0], opt, age);
}

int cmd_diff_args(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.positional.size() != 2) return usage_error("diff needs OLD and NEW");
    return cmd_diff(a.positional[0], a.positional[1]);
}

int cmd_generate(int argc, char** argv) {
    Args a = parse_args(argc, argv, 2, {"--services", "-o", "--seed"}, {});
    if (!a.error.empty()) return usage_error(a.error);
    if (a.get("-o").empty() || a.get("--services").empty()) return usage_error("generate needs --services N and -o DIR");
    SyntheticOptions opt;
    opt.services = std::atoi(a.get("--services").c_str());
    opt.seed = std::strtoull(a.get("--seed", "1").c_str(), nullptr, 10);
    if (opt.services < 1) return usage_error("--services must be at least 1");
    std::string err = generate_synthetic_source(a.get("-o"), opt);
    if (!err.empty()) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 3;
    }
    std::cout << "wrote synthetic source with " << opt.services << " services to " << a.get("-o") << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage_error("no command given");
    std::string cmd = argv[1];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (cmd == "--version") {
        std::cout << "madoguchi-bundle " << MADOGUCHI_VERSION << " (catalogue schema " << kCatalogueSchemaVersion << ")\n";
        return 0;
    }
    try {
        if (cmd == "build") return cmd_build(argc, argv);
        if (cmd == "check") return cmd_check(argc, argv);
        if (cmd == "inspect") return cmd_inspect(argc, argv);
        if (cmd == "review") return cmd_review_args(argc, argv);
        if (cmd == "diff") return cmd_diff_args(argc, argv);
        if (cmd == "search") return cmd_search(argc, argv);
        if (cmd == "query") return cmd_query(argc, argv);
        if (cmd == "show") return cmd_show(argc, argv);
        if (cmd == "generate") return cmd_generate(argc, argv);
        if (cmd == "slip") return cmd_slip_args(argc, argv);
        if (cmd == "export-html") return cmd_export_html_args(argc, argv);
        if (cmd == "keygen") return cmd_keygen_args(argc, argv);
        if (cmd == "sign") return cmd_sign_args(argc, argv);
        if (cmd == "verify") return cmd_verify_args(argc, argv);
        if (cmd == "install" || cmd == "rollback" || cmd == "status") return cmd_store_args(argc, argv, cmd);
        if (cmd == "import-hsds") return cmd_import_hsds_args(argc, argv);
        if (cmd == "export-hsds") return cmd_export_hsds_args(argc, argv);
        if (cmd == "pin-hash") return cmd_pin_hash(std::vector<std::string>(argv + 2, argv + argc));
    } catch (const std::exception& e) {
        std::cerr << "madoguchi-bundle: " << e.what() << "\n";
        return 3;
    }
    return usage_error("unknown command \"" + cmd + "\"");
}
