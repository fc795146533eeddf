// SPDX-License-Identifier: Apache-2.0
// madoguchi-core-bench — what the kiosk's core operations cost, against the
// targets of issue 9: search while a visitor types, verifying and installing a
// signed bundle, and laying out + encoding a take-away slip.
//
//   madoguchi-core-bench --search CATALOGUE [--search CATALOGUE ...]
//                        [--bundle BUNDLE --pubkey FILE] [--slip CATALOGUE]
//                        [--region PREF] [--repeat N] [--installs N] [--slips N] [--out FILE]
//
// Prints one Markdown table (and writes it to --out). Catalogues are usually
// synthetic (`madoguchi-bundle generate --services N`, then `build`); the
// bundle a signed build of one of them (`build … --sign data/demo-key/demo.key`).
//
// Index
//   - machine facts          /proc/cpuinfo, nproc, date
//   - typing                 the query after each key of the on-screen keyboard
//   - search                 every keystroke timed, as kiosk/ui search_screen.cpp calls it
//   - install                BundleStore::install into a fresh store, as `madoguchi-bundle install`;
//                            its peak memory, and that of the watcher's way (check, then install_verified)
//   - slip                   build_slip + render_slip + encode_escpos, as the kiosk prints (take_away_screens.cpp, app/slip_printer.cpp)
#include <malloc.h>
#include <sched.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "bench_report.hpp"
#include "madoguchi/base/read_file.hpp"
#include "madoguchi/core/bundle_store.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/print/escpos.hpp"
#include "madoguchi/print/slip_render.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/text_layout.hpp"

#ifndef MADOGUCHI_BUILD_TYPE
#define MADOGUCHI_BUILD_TYPE "unknown"
#endif

using namespace madoguchi;
using namespace madoguchi::bench;
namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "usage: madoguchi-core-bench --search CATALOGUE [--search CATALOGUE ...]\n"
    "                            [--bundle BUNDLE --pubkey FILE] [--slip CATALOGUE]\n"
    "                            [--region PREF] [--repeat N] [--installs N] [--slips N] [--out FILE]\n";

// ---------------------------------------------------------------------------
// Machine facts (the rest: bench_report.hpp).

long status_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
    return 0;
}
long rss_kb() { return status_kb("VmRSS:"); }

// The peak resident memory while `body` runs, above what was resident just
// before (kB), or -1 when the kernel would not reset the high-water mark.
// Freed heap is given back first (malloc_trim), so that pages an earlier
// bench freed but kept cannot hide an install's growth.
long peak_growth_kb(const std::function<void()>& body) {
    malloc_trim(0);
    {
        std::ofstream clear("/proc/self/clear_refs");
        clear << "5";  // resets VmHWM to VmRSS (Linux 4.0)
    }
    const long before = rss_kb();
    if (status_kb("VmHWM:") > before + 1024) return -1;
    body();
    return status_kb("VmHWM:") - before;
}

// ---------------------------------------------------------------------------
// Numbers.

struct Stats {
    double median = 0, p99 = 0, min = 0, max = 0;
    size_t n = 0;
};
// Median of the middle pair; p99 by nearest rank.
Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.n = v.size();
    s.median = s.n % 2 ? v[s.n / 2] : (v[s.n / 2 - 1] + v[s.n / 2]) / 2;
    s.p99 = v[static_cast<size_t>(std::ceil(0.99 * static_cast<double>(s.n))) - 1];
    s.min = v.front();
    s.max = v.back();
    return s;
}

std::string thousands(long long n) {
    std::string s = std::to_string(n), out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) out += ',';
        out += s[i];
    }
    return out;
}

// ---------------------------------------------------------------------------
// Typing. A query is the list of keys a visitor presses on the kiosk's
// keyboard (kiosk/ui search_screen.cpp): kana keys append their kana, ゛ and ゜
// combine with the last kana (ICU NFC, as add_mark does: た then ゛ gives だ),
// small kana and ー are keys of their own, and the Latin keys append capitals.
// Every key press is one search, so the states are what search() sees.
std::vector<std::string> keystroke_states(const std::vector<std::string>& keys) {
    std::vector<std::string> states;
    std::string q;
    for (const auto& k : keys) {
        if (k == "゛" || k == "゜") {
            size_t last = q.size();
            while (last > 0 && (static_cast<unsigned char>(q[last - 1]) & 0xC0) == 0x80) --last;
            if (last > 0) --last;
            const std::string candidate = q.substr(last) + (k == "゛" ? "\u3099" : "\u309A");
            UErrorCode st = U_ZERO_ERROR;
            const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
            icu::UnicodeString u = nfc->normalize(icu::UnicodeString::fromUTF8(candidate), st);
            if (U_SUCCESS(st) && u.length() == 1) {
                q.resize(last);
                u.toUTF8String(q);
            }
        } else {
            q += k;
        }
        states.push_back(q);
    }
    return states;
}

struct TypedQuery {
    std::string label;              // what the visitor means to find
    std::vector<std::string> keys;  // what they press
};

// What visitors look for (the names in data/sample, the concern words) and
// what finds the synthetic services (kiosk/core/bundle/src/synthetic.cpp: readings
// ごうせい… + かぞくきょうしつ / そうだんまどぐち …, English names
// "Synthetic consultation 000123", concern labels such as ギャンブル /
// Gambling in every document). Misses are realistic too: だるく finds no
// synthetic service, but its first keys do.
std::vector<TypedQuery> typed_queries() {
    return {
        {"だるく", {"た", "゛", "る", "く"}},
        {"あるこーる", {"あ", "る", "こ", "ー", "る"}},
        {"ぎゃんぶる", {"き", "゛", "ゃ", "ん", "ふ", "゛", "る"}},
        {"かぞく", {"か", "そ", "゛", "く"}},
        {"そうだん", {"そ", "う", "た", "゛", "ん"}},
        {"くすり", {"く", "す", "り"}},
        {"ごうせい", {"こ", "゛", "う", "せ", "い"}},
        {"AA", {"A", "A"}},
        {"DARC", {"D", "A", "R", "C"}},
        {"GAMBLING", {"G", "A", "M", "B", "L", "I", "N", "G"}},
        // Everyday words (keywords.csv): each brings up a concern's services.
        {"ぱちんこ", {"は", "゜", "ち", "ん", "こ"}},
        {"すまほ", {"す", "ま", "ほ"}},
        {"むすこ", {"む", "す", "こ"}},
        {"しにたい", {"し", "に", "た", "い"}},
    };
}

// Targets of issue 9 for search, by catalogue size: p99 per keystroke.
double search_target_ms(long long services) {
    if (services <= 20000) return 5;
    if (services <= 100000) return 25;
    return 0;  // no target stated
}

struct Row {
    std::string figure, median, spread, runs, target, met;
};

std::string table(const std::vector<Row>& rows) {
    std::ostringstream md;
    md << "| figure | median | p99 or spread | runs | target | met? |\n";
    md << "| --- | ---: | ---: | ---: | ---: | :---: |\n";
    for (const auto& r : rows)
        md << "| " << r.figure << " | " << r.median << " | " << r.spread << " | " << r.runs << " | " << r.target << " | " << r.met << " |\n";
    return md.str();
}

long long count_of(const std::vector<std::pair<std::string, long long>>& counts, const std::string& table) {
    for (const auto& [t, n] : counts)
        if (t == table) return n;
    return 0;
}

// ---------------------------------------------------------------------------
// Search.

bool bench_search(const std::string& path, const core::Region& region, int repeat, std::vector<Row>& rows,
                  std::vector<std::string>& notes) {
    std::string err;
    auto cat = core::Catalogue::open(path, &err);
    if (!cat) {
        std::cerr << "madoguchi-core-bench: " << path << ": " << err << "\n";
        return false;
    }
    const long long services = count_of(cat->info().counts, "service");
    const core::SearchOptions options{.lang = "ja", .region = region, .limit = 50};
    // The first search of a process also reads every search document into
    // memory and sorts the services for the region (docs/search.md, "How it
    // runs"): timed apart, with what it adds to the resident memory.
    const long rss0 = rss_kb();
    auto t_first = Clock::now();
    cat->search("あ", options);
    const double first_ms = ms_since(t_first);
    const long rss1 = rss_kb();
    std::vector<double> all, short_q, long_q, expanding;
    std::map<std::string, double> worst;  // state → slowest time
    std::map<std::string, size_t> final_hits;
    const auto queries = typed_queries();
    for (int rep = 0; rep < repeat; ++rep) {
        for (const auto& q : queries) {
            // Each query is a new visitor: the kiosk frees SQLite's page cache when
            // a session ends, so the first keys read their pages again.
            cat->release_memory();
            const std::vector<std::string> states = keystroke_states(q.keys);
            for (const auto& state : states) {
                const auto t0 = Clock::now();
                // As the search screen does per keystroke: the results, then the
                // chips of what the query names in everyday words.
                std::vector<core::SearchHit> hits = cat->search(state, options);
                const auto t1 = Clock::now();
                const core::Expansion named = cat->expand(state, options.lang);
                (void)named;
                const double t = ms_since(t0);
                expanding.push_back(ms_since(t1));
                all.push_back(t);
                (core::utf8_length(core::search_fold(state)) >= 3 ? long_q : short_q).push_back(t);
                worst[state] = std::max(worst[state], t);
                if (&state == &states.back()) final_hits[q.label] = hits.size();
            }
        }
    }
    const double target = search_target_ms(services);
    const std::string size = thousands(services) + " services";
    auto add = [&](const std::string& what, const std::vector<double>& v, bool with_target) {
        const Stats s = stats(v);
        Row r{what, ms(s.median), "p99 " + ms(s.p99) + ", max " + ms(s.max), std::to_string(s.n), "—", "—"};
        if (with_target && target > 0) {
            r.target = "p99 ≤ " + ms(target);
            r.met = s.p99 <= target ? "yes" : "**no**";
        }
        rows.push_back(r);
    };
    add("search per keystroke, " + size, all, true);
    add("… of which 1–2 characters, " + size, short_q, false);
    add("… of which 3+ characters, " + size, long_q, false);
    add("… of which expand (everyday words, keywords.csv), " + size, expanding, false);

    rows.push_back({"… first search after opening (builds the search index), " + size, ms(first_ms), "—", "1", "—", "—"});
    std::vector<std::pair<double, std::string>> slow;
    for (const auto& [state, t] : worst) slow.emplace_back(t, state);
    std::sort(slow.rbegin(), slow.rend());
    std::string n = size + ": slowest keystrokes ";
    for (size_t i = 0; i < slow.size() && i < 4; ++i) n += (i ? ", " : "") + std::string("「") + slow[i].second + "」 " + ms(slow[i].first);
    n += "; hits after the last key: ";
    bool first = true;
    for (const auto& q : queries) {
        n += (first ? "" : ", ") + q.label + " " + std::to_string(final_hits[q.label]);
        first = false;
    }
    n += fmt("; resident memory +%.1f MiB after the first search", static_cast<double>(rss1 - rss0) / 1024.0);
    notes.push_back(n);
    return true;
}

// ---------------------------------------------------------------------------
// Install.

bool bench_install(const std::string& bundle, const std::string& pubkey, int runs, std::vector<Row>& rows, std::vector<std::string>& notes) {
    std::string err;
    auto key = core::load_trusted_key(pubkey, &err);
    if (!key) {
        std::cerr << "madoguchi-core-bench: " << pubkey << ": " << err << "\n";
        return false;
    }
    std::error_code ec;
    const long long bytes = static_cast<long long>(fs::file_size(bundle, ec));
    std::vector<double> times, verify_times;
    std::string services;
    long peak_kb = 0, watcher_peak_kb = 0;  // the largest growth of the runs; -1: not measurable
    for (int i = 0; i < runs; ++i) {
        // A fresh, empty store each time (what a kiosk gets on first install),
        // next to where the kiosk's store would be: the temp directory's file system.
        std::string tmpl = (fs::temp_directory_path() / "madoguchi-core-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) {
            std::cerr << "madoguchi-core-bench: cannot create a temp store\n";
            return false;
        }
        core::StoreOptions o;
        o.dir = tmpl + "/store";
        o.trusted = {*key};
        o.admin_log = "-";
        core::BundleStore store(o);
        core::InstallResult r;
        const auto t0 = Clock::now();
        const long grew = peak_growth_kb([&] { r = store.install(bundle); });
        times.push_back(ms_since(t0));
        peak_kb = grew < 0 || peak_kb < 0 ? -1 : std::max(peak_kb, grew);
        if (!r.ok()) {
            std::cerr << "madoguchi-core-bench: install of " << bundle << ": " << r.message << "\n";
            fs::remove_all(tmpl, ec);
            return false;
        }
        if (r.installed) services = thousands(count_of(r.installed->counts, "service"));
        fs::remove_all(tmpl, ec);
    }
    // The checks alone (read + signature + trusted comment), for the split.
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        std::ifstream in(bundle, std::ios::binary);
        std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const core::BundleCheck c = core::check_bundle_bytes(data, std::span<const core::TrustedKey>(&*key, 1), 0);
        verify_times.push_back(ms_since(t0));
        if (!c.ok) {
            std::cerr << "madoguchi-core-bench: verify of " << bundle << ": " << c.message << "\n";
            return false;
        }
    }
    // The kiosk's other way in (bundle_loader.cpp): a bundle found in a
    // watched folder is read privately and checked when it is found
    // (check_bundle_bytes), then installed from what was checked (install_verified).
    for (int i = 0; i < runs; ++i) {
        std::string tmpl = (fs::temp_directory_path() / "madoguchi-core-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) return false;
        core::StoreOptions o;
        o.dir = tmpl + "/store";
        o.trusted = {*key};
        o.admin_log = "-";
        core::BundleStore store(o);
        bool ok = false;
        const long grew = peak_growth_kb([&] {
            std::shared_ptr<const core::VerifiedBundle> found;
            {
                // As the loader reads a candidate (read_private: base::read_file) and hands the bytes over.
                std::vector<uint8_t> data;
                if (!base::read_file(bundle, o.max_bundle_bytes ? o.max_bundle_bytes : (size_t{512} << 20) + (size_t{64} << 10), data).ok()) return;
                found = core::check_bundle_bytes(std::move(data), std::span<const core::TrustedKey>(&*key, 1), 0).verified;
            }
            ok = found && store.install_verified(*found, bundle).ok();
        });
        fs::remove_all(tmpl, ec);
        if (!ok) {
            std::cerr << "madoguchi-core-bench: check + install_verified of " << bundle << " failed\n";
            return false;
        }
        watcher_peak_kb = grew < 0 || watcher_peak_kb < 0 ? -1 : std::max(watcher_peak_kb, grew);
    }
    const Stats s = stats(times), v = stats(verify_times);
    const double target = 1500;
    rows.push_back({"verify + install, " + services + " services, empty store", ms(s.median),
                    ms(s.min) + " – " + ms(s.max), std::to_string(s.n), "median ≤ " + ms(target), s.median <= target ? "yes" : "**no**"});
    rows.push_back({"… of which read + verify signature (check_bundle_bytes)", ms(v.median), ms(v.min) + " – " + ms(v.max),
                    std::to_string(v.n), "—", "—"});
    // Peak memory: the growth of resident memory during an install, as a
    // multiple of the bundle's size (issue 22: ≤ 1.2×), the largest of the runs.
    auto peak_row = [&](const std::string& what, long kb) {
        if (kb < 0) {
            rows.push_back({what, "unmeasured", "—", std::to_string(runs), "≤ 1.2 × bundle", "—"});
            return;
        }
        const double times_bundle = bytes > 0 ? static_cast<double>(kb) * 1024.0 / static_cast<double>(bytes) : 0;
        rows.push_back({what, fmt("%.2f × bundle", times_bundle), fmt("%.1f MiB at most", static_cast<double>(kb) / 1024.0),
                        std::to_string(runs), "≤ 1.2 × bundle", times_bundle <= 1.2 ? "yes" : "**no**"});
    };
    peak_row("peak memory of an install (resident growth; madoguchi-bundle install, the kiosk's install now)", peak_kb);
    peak_row("peak memory, found by the kiosk's watcher (check_bundle_bytes, then install_verified)", watcher_peak_kb);
    notes.push_back("bundle: " + fs::path(bundle).filename().string() + ", " + fmt("%.1f MiB", bytes / (1024.0 * 1024.0)) +
                    "; store in " + fs::temp_directory_path().string() + " (fsync included)");
    return true;
}

// ---------------------------------------------------------------------------
// Slip.

bool bench_slip(const std::string& path, const core::Region& region, int runs, std::vector<Row>& rows, std::vector<std::string>& notes) {
    std::string err;
    auto cat = core::Catalogue::open(path, &err);
    if (!cat) {
        std::cerr << "madoguchi-core-bench: " << path << ": " << err << "\n";
        return false;
    }
    // Five services a visitor might collect: the first results for alcohol, as
    // the kiosk would list them for its region.
    core::ServiceQuery q;
    q.concern = "alcohol";
    q.region = region;
    std::vector<std::string> ids;
    for (const auto& s : cat->find_services(q)) {
        if (ids.size() == 5) break;
        ids.push_back(s.id);
    }
    if (ids.size() < 5) {
        std::cerr << "madoguchi-core-bench: " << path << " has fewer than 5 alcohol services for a slip\n";
        return false;
    }
    auto fonts = text::FontSet::load({}, &err);
    if (!fonts) {
        std::cerr << "madoguchi-core-bench: " << err << "\n";
        return false;
    }
    // The slip's words as the kiosk hands them over (take_away_screens.cpp):
    // the header, labels and today/tomorrow lines are text to lay out too.
    const core::UiStrings strings = core::UiStrings::load_dir(std::string(MADOGUCHI_ASSETS_DIR) + "/strings", nullptr);
    const core::SlipWords words = core::slip_words(strings, "ja");
    if (words.header.empty()) {
        std::cerr << "madoguchi-core-bench: no slip words in " << MADOGUCHI_ASSETS_DIR << "/strings\n";
        return false;
    }
    const core::CivilDate today{2026, 11, 20};  // a Friday: the sample's lines have hours that day
    // One engine and atlas for all runs, as the kiosk keeps its own for the
    // whole process; the first run (empty atlas) is reported apart.
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    const int dots = 576;
    size_t escpos_bytes = 0;
    int height = 0, qr = 0;
    auto one = [&]() {
        const auto t0 = Clock::now();
        core::Slip slip = core::build_slip(*cat, ids, {.lang = "ja", .header = "", .words = words, .words_ja = {}, .today = today});
        print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = dots, .module_dots = 0, .no_qr = false});
        const std::vector<uint8_t> bytes = print::encode_escpos(r.raster);
        const double t = ms_since(t0);
        escpos_bytes = bytes.size();
        height = r.raster.height;
        qr = r.qr_codes;
        return t;
    };
    const double first = one();
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) times.push_back(one());
    if (escpos_bytes == 0) {
        std::cerr << "madoguchi-core-bench: the slip encoded to nothing\n";
        return false;
    }
    const Stats s = stats(times);
    const double target = 50;
    rows.push_back({"slip layout + ESC/POS, 5 services, 576 dots", ms(s.median), "p99 " + ms(s.p99) + ", max " + ms(s.max),
                    std::to_string(s.n), "≤ " + ms(target), s.p99 <= target ? "yes" : "**no**"});
    rows.push_back({"… first slip of the process (empty glyph atlas)", ms(first), "—", "1", "—", "—"});
    notes.push_back("slip: " + std::to_string(dots) + "×" + std::to_string(height) + " dots, " + std::to_string(qr) + " QR codes, " +
                    thousands(static_cast<long long>(escpos_bytes)) + " ESC/POS bytes, services from " + fs::path(path).filename().string());
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> search_paths;
    std::string bundle, pubkey, slip_path, out_path;
    int repeat = 5, installs = 5, slips = 50;
    core::Region region{27, ""};  // Osaka, as the sample's kiosk
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (i + 1 >= argc) {
            std::cerr << "madoguchi-core-bench: " << a << " needs a value\n" << kUsage;
            return 2;
        }
        const std::string v = argv[++i];
        if (a == "--search") search_paths.push_back(v);
        else if (a == "--bundle") bundle = v;
        else if (a == "--pubkey") pubkey = v;
        else if (a == "--slip") slip_path = v;
        else if (a == "--out") out_path = v;
        else if (a == "--region") region.prefecture = std::atoi(v.c_str());
        else if (a == "--repeat") repeat = std::max(1, std::atoi(v.c_str()));
        else if (a == "--installs") installs = std::max(1, std::atoi(v.c_str()));
        else if (a == "--slips") slips = std::max(1, std::atoi(v.c_str()));
        else {
            std::cerr << "madoguchi-core-bench: unknown argument " << a << "\n" << kUsage;
            return 2;
        }
    }
    if (search_paths.empty() || bundle.empty() != pubkey.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    if (slip_path.empty()) slip_path = search_paths.front();

    std::vector<Row> rows;
    std::vector<std::string> notes;
    for (const auto& p : search_paths)
        if (!bench_search(p, region, repeat, rows, notes)) return 3;
    if (!bundle.empty() && !bench_install(bundle, pubkey, installs, rows, notes)) return 3;
    if (!bench_slip(slip_path, region, slips, rows, notes)) return 3;

    std::ostringstream md;
    md << "Machine: " << cpu_model() << ", " << nproc() << " cores available; " << utc_now() << "; build " MADOGUCHI_BUILD_TYPE
       << "; madoguchi " MADOGUCHI_VERSION "; kiosk region " << region.prefecture << ".\n\n";
    md << table(rows) << "\n";
    md << "Search: " << typed_queries().size() << " queries typed key by key on the on-screen keyboard, " << repeat
       << " times each, page cache freed before each query (a new visitor); limit 50, lang ja.\n\n";
    for (const auto& n : notes) md << "- " << n << "\n";
    std::cout << md.str();
    if (!out_path.empty()) {
        std::ofstream out(out_path);
        out << md.str();
        if (!out) {
            std::cerr << "madoguchi-core-bench: cannot write " << out_path << "\n";
            return 3;
        }
    }
    return 0;
}
