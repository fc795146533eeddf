// SPDX-License-Identifier: Apache-2.0
// madoguchi-text-bench — what the text engine costs on the kiosk's own data:
// font memory, the glyph atlas after every string of a catalogue has been
// shown, the time to lay out a full detail screen, and the cost of a wipe.
//
//   madoguchi-text-bench CATALOGUE [--out FILE] [--repeat N]
//
// Prints a Markdown report (docs/text.md, "Results", holds the latest one).
// bench/run.sh builds a Release tree and runs this on the sample catalogue.
//
// Index
//   - kiosk sizes                the assumptions every number depends on
//   - process and machine facts  VmRSS, /proc/cpuinfo, nproc, versions
//   - strings of the catalogue   plain SQLite: every text column + translations
//   - main                       1 fonts, 2 atlas, 3 screen, 4 wipe
#include <sched.h>
#include <sqlite3.h>
#include <sys/utsname.h>
#include <unicode/uversion.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench_report.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/text/bitmap_target.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/text_layout.hpp"

#ifndef MADOGUCHI_BUILD_TYPE
#define MADOGUCHI_BUILD_TYPE "unknown"
#endif

using namespace madoguchi;
using text::TextStyle;
using namespace madoguchi::bench;

namespace {

// ---------------------------------------------------------------------------
// Kiosk sizes. Assumed screen: 1920×1080 on a ~24" panel (0.277 mm per pixel),
// read from about an arm's length. Body text 32 px (em 8.9 mm, a kanji's ink
// about 7 mm), headings 48 px, text columns 1000 px wide.
constexpr float kBodyPx = 32;
constexpr float kHeadingPx = 48;
constexpr float kWidthPx = 1000;
constexpr double kScreenDiagonalInch = 24;
constexpr int kScreenW = 1920, kScreenH = 1080;

double mm_per_px() {
    return kScreenDiagonalInch * 25.4 / std::sqrt(double(kScreenW) * kScreenW + double(kScreenH) * kScreenH);
}

// ---------------------------------------------------------------------------
// Process and machine facts.

struct Rss {
    long total_kb = 0, anon_kb = 0;
};

Rss read_rss() {
    Rss r;
    std::ifstream in("/proc/self/status");
    std::string line;
    auto value = [](const std::string& l) { return std::atol(l.c_str() + l.find(':') + 1); };
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) r.total_kb = value(line);
        else if (line.rfind("RssAnon:", 0) == 0) r.anon_kb = value(line);
    }
    return r;
}

// Resident pages of the mapped font files (from /proc/self/smaps): what of the
// fonts this process has touched so far. Other file-backed pages (ICU's data
// library, the program) are not counted.
long font_rss_kb(const text::FontSet& fonts) {
    std::vector<std::string> paths;
    for (int f = 0; f < static_cast<int>(text::FontFace::count); ++f) {
        std::error_code ec;
        const std::string p = fonts.path(fonts.face(static_cast<text::FontFace>(f)));
        const auto real = std::filesystem::canonical(p, ec);  // smaps names the file behind any symlink
        paths.push_back(ec ? p : real.string());
    }
    std::ifstream in("/proc/self/smaps");
    std::string line;
    bool match = false;
    long kb = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const char c = line[0];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {  // "start-end perms offset dev inode path"
            match = std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
                return line.size() >= p.size() && line.compare(line.size() - p.size(), p.size(), p) == 0;
            });
        } else if (match && line.rfind("Rss:", 0) == 0) {
            kb += std::atol(line.c_str() + 4);
        }
    }
    return kb;
}

std::string kernel() {
    utsname u{};
    if (uname(&u) != 0) return "unknown";
    return std::string(u.sysname) + " " + u.release + " " + u.machine;
}

// ---------------------------------------------------------------------------
// Formatting (fmt, ms: bench_report.hpp).

std::string mib(double bytes) { return fmt("%.1f MiB", bytes / (1024.0 * 1024.0)); }
std::string kb_mib(long kb) { return fmt("%.1f MiB", kb / 1024.0); }

struct Stats {
    double median = 0, p99 = 0, max = 0;
};
// Median of the middle pair; p99 by nearest rank.
Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    s.p99 = v[static_cast<size_t>(std::ceil(0.99 * static_cast<double>(n))) - 1];
    s.max = v.back();
    return s;
}

size_t code_points(std::string_view s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The first `n` code points of s, with … if cut (for warning lines).
std::string head(std::string_view s, size_t n) {
    size_t i = 0, cps = 0;
    while (i < s.size() && cps < n) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
        ++cps;
    }
    std::string out(s.substr(0, i));
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '|') c = ' ';
    if (i < s.size()) out += "…";
    return out;
}

char32_t code_point_at(std::string_view s, size_t i) {
    if (i >= s.size()) return 0;
    const auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

// ---------------------------------------------------------------------------
// Strings of the catalogue, read with plain SQLite: what the kiosk could show.

struct ShownString {
    std::string where;  // table.column[row id]
    std::string lang;
    std::string text;
};

struct Column {
    const char* table;
    const char* id_expr;
    const char* column;
    const char* lang;
    const char* extra_where = "";
};

// Every column that holds text a visitor can read. Ids, codes, dates and
// tel: URIs are not shown as text. label_en is shown as is for English.
constexpr Column kColumns[] = {
    {"organization", "id", "name", "ja"},
    {"organization", "id", "name_kana", "ja"},
    {"organization", "id", "alternate_name", "ja"},
    {"organization", "id", "description", "ja"},
    {"organization", "id", "website", "ja"},
    {"organization", "id", "email", "ja"},
    {"service", "id", "name", "ja"},
    {"service", "id", "name_kana", "ja"},
    {"service", "id", "alternate_name", "ja"},
    {"service", "id", "description", "ja"},
    {"service", "id", "website", "ja"},
    {"service", "id", "email", "ja"},
    {"service", "id", "fees_description", "ja"},
    {"location", "id", "name", "ja"},
    {"location", "id", "postal_code", "ja"},
    {"location", "id", "address", "ja"},
    {"location", "id", "accessibility", "ja"},
    {"phone", "id", "number", "ja"},
    {"phone", "id", "label", "ja"},
    {"phone", "id", "note", "ja"},
    {"schedule", "id", "note", "ja"},
    {"guide", "id", "title", "ja"},
    {"guide", "id", "summary", "ja"},
    {"guide", "id", "body", "ja"},
    {"vocabulary", "vocabulary || ':' || code", "label_ja", "ja"},
    {"vocabulary", "vocabulary || ':' || code", "label_en", "en"},
    {"bundle_meta", "key", "value", "ja", " AND key IN ('title', 'publisher', 'source_notes')"},
};

bool read_strings(const std::string& path, std::vector<ShownString>& out, std::string* error) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        *error = std::string("cannot open ") + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return false;
    }
    auto run = [&](const std::string& sql, auto&& row) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            *error = sql + ": " + sqlite3_errmsg(db);
            return false;
        }
        auto text = [&](int i) {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
            return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st, i))) : std::string();
        };
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(text);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            *error = sql + ": " + sqlite3_errmsg(db);
            return false;
        }
        return true;
    };
    bool ok = true;
    for (const Column& c : kColumns) {
        std::string sql = std::string("SELECT ") + c.id_expr + ", " + c.column + " FROM " + c.table + " WHERE " + c.column +
                          " IS NOT NULL AND " + c.column + " <> ''" + c.extra_where + " ORDER BY 1";
        ok = ok && run(sql, [&](auto&& text) {
                 out.push_back({std::string(c.table) + "." + c.column + "[" + text(0) + "]", c.lang, text(1)});
             });
    }
    ok = ok && run("SELECT table_name || '.' || field, row_id, lang, text FROM translation ORDER BY table_name, row_id, field, lang",
                   [&](auto&& text) { out.push_back({"translation " + text(0) + "[" + text(1) + "]", text(2), text(3)}); });
    sqlite3_close(db);
    return ok;
}

// ---------------------------------------------------------------------------
// The detail screen of section 3.

struct ScreenPart {
    std::string what;
    std::string text;
    std::string lang;  // "ja" where a translation fell back to Japanese
    float size = 0;
};

// The heaviest detail screen of the bundle: the active service with at least two
// linked guides whose description plus its two longest guide bodies is longest.
// Without such a service: the longest description and the two longest guides.
std::vector<ScreenPart> detail_screen(const core::Catalogue& cat, const std::vector<ShownString>& strings,
                                      const std::string& lang, std::string* chosen) {
    std::vector<std::string> service_ids, guide_ids;
    for (const auto& s : strings) {
        if (s.where.rfind("service.name[", 0) == 0) service_ids.push_back(s.where.substr(13, s.where.size() - 14));
        if (s.where.rfind("guide.body[", 0) == 0) guide_ids.push_back(s.where.substr(11, s.where.size() - 12));
    }
    auto body_len = [&](const std::string& gid) {
        auto g = cat.guide(gid, "ja");
        return g ? g->body.text.size() : 0;
    };
    auto longest_two = [&](std::vector<std::string> ids) {
        std::stable_sort(ids.begin(), ids.end(), [&](const auto& a, const auto& b) { return body_len(a) > body_len(b); });
        if (ids.size() > 2) ids.resize(2);
        return ids;
    };
    std::string best;
    std::vector<std::string> best_guides;
    size_t best_len = 0;
    for (const auto& id : service_ids) {
        auto d = cat.service(id, "ja");
        if (!d || d->guide_ids.size() < 2) continue;
        auto two = longest_two(d->guide_ids);
        size_t len = d->description.text.size() + body_len(two[0]) + body_len(two[1]);
        if (len > best_len) best = id, best_guides = two, best_len = len;
    }
    if (best.empty()) {
        for (const auto& id : service_ids) {
            auto d = cat.service(id, "ja");
            if (d && d->description.text.size() >= best_len) best = id, best_len = d->description.text.size();
        }
        best_guides = longest_two(guide_ids);
    }
    std::vector<ScreenPart> parts;
    if (best.empty()) return parts;
    auto d = cat.service(best, lang);
    auto lang_of = [&](const core::LocalizedText& t) { return t.fallback ? std::string("ja") : lang; };
    parts.push_back({"name", d->name.text, lang_of(d->name), kHeadingPx});
    parts.push_back({"description", d->description.text, lang_of(d->description), kBodyPx});
    for (const auto& gid : best_guides)
        if (auto g = cat.guide(gid, lang)) parts.push_back({"guide " + gid, g->body.text, lang_of(g->body), kBodyPx});
    *chosen = "service `" + best + "`: name (48 px), description (32 px), bodies of guides ";
    for (size_t i = 0; i < best_guides.size(); ++i) *chosen += (i ? " and `" : "`") + best_guides[i] + "`";
    *chosen += " (32 px)";
    return parts;
}

constexpr const char* kUsage =
    "usage: madoguchi-text-bench CATALOGUE [--out FILE] [--repeat N]\n"
    "Measures the text engine on every string of a built catalogue and prints a\n"
    "Markdown report (also written to FILE with --out). N: repetitions of the\n"
    "screen layout timing (default 200).\n";

}  // namespace

int main(int argc, char** argv) {
    std::string catalogue_path, out_path;
    int repeat = 200;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if ((a == "--out" || a == "--repeat") && i + 1 >= argc) {
            std::cerr << "madoguchi-text-bench: " << a << " needs a value\n";
            return 2;
        }
        if (a == "--out") out_path = argv[++i];
        else if (a == "--repeat") repeat = std::max(1, std::atoi(argv[++i]));
        else if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (!a.empty() && a[0] != '-' && catalogue_path.empty()) catalogue_path = a;
        else {
            std::cerr << "madoguchi-text-bench: unknown argument " << a << "\n" << kUsage;
            return 2;
        }
    }
    if (catalogue_path.empty()) {
        std::cerr << kUsage;
        return 2;
    }

    std::string err;
    auto cat = core::Catalogue::open(catalogue_path, &err);
    if (!cat) {
        std::cerr << "madoguchi-text-bench: " << catalogue_path << ": " << err << "\n";
        return 3;
    }
    std::vector<ShownString> strings;
    if (!read_strings(catalogue_path, strings, &err)) {
        std::cerr << "madoguchi-text-bench: " << err << "\n";
        return 3;
    }
    std::map<std::string, size_t> per_lang;
    for (const auto& s : strings) per_lang[s.lang]++;

    std::ostringstream md;
    std::vector<std::string> warnings;
    auto row = [&](const std::string& what, const std::string& value) { md << "| " << what << " | " << value << " |\n"; };

    // -- 1. Fonts ------------------------------------------------------------
    const Rss rss0 = read_rss();
    auto t0 = Clock::now();
    auto fonts = text::FontSet::load({}, &err);
    const double load_ms = ms_since(t0);
    if (!fonts) {
        std::cerr << "madoguchi-text-bench: " << err << "\n";
        return 3;
    }
    const Rss rss1 = read_rss();
    const long font_rss1 = font_rss_kb(*fonts);

    // The first layout of the process also creates ICU's ja@lb=strict
    // BreakIterator and HarfBuzz's shape plans: what the first frame pays.
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    t0 = Clock::now();
    {
        TextStyle st;
        st.size_px = kBodyPx;
        (void)engine.layout_uncached("はじめて相談するとき", st, kWidthPx);
    }
    const double first_layout_ms = ms_since(t0);

    // Ink height of a kanji at body size: how big body text really is.
    int kanji_ink_px = 0;
    {
        TextStyle st;
        st.size_px = kBodyPx;
        auto l = engine.layout_uncached("国", st, 0);
        text::Bitmap8 b(static_cast<int>(kBodyPx * 2), static_cast<int>(std::ceil(l.height)) + 4);
        draw_layout(b, l, atlas, 4, 2);
        auto box = text::ink_box(b, 0, 0, b.width, b.height);
        kanji_ink_px = box.empty() ? 0 : box.y1 - box.y0;
        atlas.wipe();
    }

    // -- 2. Atlas after every string ------------------------------------------
    size_t layouts = 0, glyphs_laid = 0, not_rasterized = 0;
    int missing = 0;
    std::map<std::string, bool> offenders;
    t0 = Clock::now();
    for (const auto& s : strings) {
        for (float size : {kBodyPx, kHeadingPx}) {
            TextStyle st;
            st.size_px = size;
            st.lang = s.lang;
            auto lay = engine.layout(s.text, st, kWidthPx);
            atlas.next_frame();
            text::Bitmap8 bm(static_cast<int>(kWidthPx), std::max(1, static_cast<int>(std::ceil(lay->height))));
            draw_layout(bm, *lay, atlas, 0, 0);
            // Glyphs draw_layout had to skip (FreeType failed, or larger than a page).
            for (const auto& g : lay->glyphs)
                if (g.glyph != 0 && !atlas.get(g.font, g.glyph, g.size_px)) ++not_rasterized;
            ++layouts;
            glyphs_laid += lay->glyphs.size();
            if (lay->missing_glyphs > 0) {
                missing += lay->missing_glyphs;
                std::string cps;
                for (const auto& g : lay->glyphs)
                    if (g.glyph == 0) {
                        char buf[16];
                        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(code_point_at(lay->plain_text, g.cluster)));
                        if (cps.find(buf) == std::string::npos) cps += (cps.empty() ? "" : " ") + std::string(buf);
                    }
                offenders[s.where + " (" + s.lang + "): " + cps + " in \"" + head(s.text, 40) + "\""] = true;
            }
        }
    }
    const double show_all_ms = ms_since(t0);
    const size_t atlas_glyphs = atlas.glyph_count(), atlas_pages = atlas.pages().size(), atlas_bytes = atlas.bytes();
    const uint64_t atlas_evictions = atlas.evictions();
    const Rss rss2 = read_rss();
    const long font_rss2 = font_rss_kb(*fonts);

    // -- 3. A full detail screen ------------------------------------------------
    struct ScreenResult {
        std::string lang, chosen;
        size_t chars = 0, lines = 0, glyphs = 0;
        float height = 0;
        Stats uncached, cached, draw;
        int fell_back = 0;
    };
    std::vector<ScreenResult> screens;
    for (const std::string lang : {"ja", "ja-x-easy", "en"}) {
        ScreenResult r;
        r.lang = lang;
        auto parts = detail_screen(*cat, strings, lang, &r.chosen);
        if (parts.empty()) continue;
        for (const auto& p : parts) {
            r.fell_back += p.lang != lang;
            TextStyle st;
            st.size_px = p.size;
            st.lang = p.lang;
            auto l = engine.layout_uncached(p.text, st, kWidthPx);
            r.chars += code_points(l.plain_text);
            r.lines += l.lines.size();
            r.glyphs += l.glyphs.size();
            r.height += l.height;
        }
        auto lay_out_all = [&](bool cached) {
            size_t sink = 0;
            for (const auto& p : parts) {
                TextStyle st;
                st.size_px = p.size;
                st.lang = p.lang;
                if (cached) sink += engine.layout(p.text, st, kWidthPx)->lines.size();
                else sink += engine.layout_uncached(p.text, st, kWidthPx).lines.size();
            }
            return sink;
        };
        volatile size_t sink = 0;
        for (int i = 0; i < 3; ++i) sink = sink + lay_out_all(false);  // warm-up, not counted
        std::vector<double> times;
        for (int i = 0; i < repeat; ++i) {
            auto s = Clock::now();
            sink = sink + lay_out_all(false);
            times.push_back(ms_since(s));
        }
        r.uncached = stats(times);
        sink = sink + lay_out_all(true);  // fills the cache
        times.clear();
        for (int i = 0; i < repeat; ++i) {
            auto s = Clock::now();
            sink = sink + lay_out_all(true);
            times.push_back(ms_since(s));
        }
        r.cached = stats(times);
        // Drawing the laid-out screen into a bitmap with the atlas warm (the slip's path).
        std::vector<std::shared_ptr<const text::TextLayout>> laid;
        for (const auto& p : parts) {
            TextStyle st;
            st.size_px = p.size;
            st.lang = p.lang;
            laid.push_back(engine.layout(p.text, st, kWidthPx));
        }
        text::Bitmap8 bm(static_cast<int>(kWidthPx), std::max(1, static_cast<int>(std::ceil(r.height))));
        times.clear();
        for (int i = 0; i < repeat; ++i) {
            std::fill(bm.pixels.begin(), bm.pixels.end(), 0);
            atlas.next_frame();
            auto s = Clock::now();
            float y = 0;
            for (const auto& l : laid) {
                draw_layout(bm, *l, atlas, 0, y);
                y += l->height;
            }
            times.push_back(ms_since(s));
        }
        r.draw = stats(times);
        screens.push_back(std::move(r));
    }

    // -- 4. Wipe -------------------------------------------------------------------
    const size_t cache_entries = engine.cache_entries(), cache_bytes = engine.cache_bytes();
    const size_t wipe_pages = atlas.pages().size();
    t0 = Clock::now();
    engine.wipe();
    const double engine_wipe_ms = ms_since(t0);
    t0 = Clock::now();
    atlas.wipe();
    const double atlas_wipe_ms = ms_since(t0);

    // -- Report ------------------------------------------------------------------------
    std::string faces, files;
    for (int f = 0; f < static_cast<int>(text::FontFace::count); ++f) {
        const text::FontId id = fonts->face(static_cast<text::FontFace>(f));
        faces += (f ? ", " : "") + fonts->name(id);
        const std::string p = fonts->path(id);
        const std::string base = p.substr(p.find_last_of('/') + 1);
        if (files.find(base) == std::string::npos) files += (files.empty() ? "" : ", ") + base;
    }
    std::string langs;
    for (const auto& [l, n] : per_lang) langs += (langs.empty() ? "" : ", ") + l + " " + std::to_string(n);

    md << "## madoguchi-text-bench\n\n";
    md << "- date: " << utc_now() << "\n";
    md << "- machine: " << cpu_model() << ", nproc " << nproc() << ", " << kernel() << "\n";
    md << "- build: " << MADOGUCHI_BUILD_TYPE << ", GCC " << __VERSION__ << "; HarfBuzz " << hb_version_string() << ", FreeType "
       << FREETYPE_MAJOR << "." << FREETYPE_MINOR << "." << FREETYPE_PATCH << ", ICU " << U_ICU_VERSION << ", SQLite "
       << sqlite3_libversion() << "\n";
    md << "- catalogue: `" << catalogue_path << "`, " << strings.size() << " strings (" << langs << ")\n";
    md << "- sizes: body " << kBodyPx << " px, heading " << kHeadingPx << " px, width " << kWidthPx << " px; on a "
       << kScreenW << "×" << kScreenH << " " << kScreenDiagonalInch << "\" screen 1 px = " << fmt("%.3f", mm_per_px())
       << " mm, so the body em is " << fmt("%.1f", kBodyPx * mm_per_px()) << " mm and a kanji's ink (国) " << kanji_ink_px
       << " px = " << fmt("%.1f", kanji_ink_px * mm_per_px()) << " mm\n\n";

    md << "| measure | result |\n| --- | --- |\n";
    row("**1. Fonts**", "");
    row("FontSet::load", ms(load_ms));
    row("faces", faces);
    row("font files mapped (once, shared)", mib(static_cast<double>(fonts->mapped_bytes())) + " (" + files + ")");
    row("RSS growth from load (VmRSS)",
        fmt("%+.1f MiB", (rss1.total_kb - rss0.total_kb) / 1024.0) + " (" + kb_mib(rss0.total_kb) + " → " + kb_mib(rss1.total_kb) +
            "; of it font pages touched " + kb_mib(font_rss1) + ")");
    row("first layout of the process (ICU break iterator, shape plans)", ms(first_layout_ms));
    row("**2. Atlas after showing every string**", "");
    row("layouts (each string at 32 and 48 px, width 1000 px, drawn into a Bitmap8)",
        std::to_string(layouts) + " (" + std::to_string(glyphs_laid) + " glyphs) in " + ms(show_all_ms));
    row("missing glyphs (summed over all layouts)", std::to_string(missing) + (missing ? " ⚠" : ""));
    if (not_rasterized) row("glyphs the atlas could not rasterize", std::to_string(not_rasterized) + " ⚠");
    row("atlas glyph_count()", std::to_string(atlas_glyphs));
    row("atlas pages (" + std::to_string(atlas.page_size()) + "², 1 byte per pixel)", std::to_string(atlas_pages));
    row("atlas bytes() / byte_budget()", mib(static_cast<double>(atlas_bytes)) + " / " + mib(static_cast<double>(atlas.byte_budget())));
    row("atlas evictions()", std::to_string(atlas_evictions));
    row("RSS after showing everything", kb_mib(rss2.total_kb) + " (font pages touched " + kb_mib(font_rss2) + " of " +
                                            mib(static_cast<double>(fonts->mapped_bytes())) + "; anonymous " + kb_mib(rss2.anon_kb) + ")");
    row("**3. Layout of a full detail screen**", "");
    for (const auto& r : screens) {
        std::string label = r.lang + ": " + r.chosen;
        if (r.fell_back) label += ", " + std::to_string(r.fell_back) + " of them untranslated (Japanese)";
        row(label, std::to_string(r.chars) + " characters, " + std::to_string(r.lines) + " lines, " + std::to_string(r.glyphs) +
                       " glyphs, " + fmt("%.0f", r.height) + " px tall");
        row(r.lang + " uncached, median / p99 of " + std::to_string(repeat), ms(r.uncached.median) + " / " + ms(r.uncached.p99));
        row(r.lang + " cache warm (hit), median / p99", ms(r.cached.median) + " / " + ms(r.cached.p99));
        row(r.lang + " draw into a Bitmap8, atlas warm, median / p99", ms(r.draw.median) + " / " + ms(r.draw.p99));
    }
    row("**4. Wipe**", "");
    row("TextEngine::wipe (" + std::to_string(cache_entries) + " layouts, " + mib(static_cast<double>(cache_bytes)) + ")",
        ms(engine_wipe_ms));
    row("GlyphAtlas::wipe (" + std::to_string(wipe_pages) + " pages)", ms(atlas_wipe_ms));
    row("both", ms(engine_wipe_ms + atlas_wipe_ms));
    if (!offenders.empty()) {
        md << "\n**Warning:** " << missing << " missing glyphs (tofu) in " << offenders.size() << " strings:\n";
        for (const auto& [o, _] : offenders) md << "- " << o << "\n";
    }

    const std::string report = md.str();
    std::cout << report;
    if (!out_path.empty()) {
        std::ofstream out(out_path, std::ios::binary);
        out << report;
        if (!out) {
            std::cerr << "madoguchi-text-bench: cannot write " << out_path << "\n";
            return 3;
        }
    }
    if (missing) std::cerr << "madoguchi-text-bench: warning: " << missing << " missing glyphs\n";
    return 0;
}
