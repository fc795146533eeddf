// SPDX-License-Identifier: Apache-2.0
// kiosk_config.cpp — reading madoguchi.toml (see kiosk_config.hpp, docs/config.md).
//
// Index
//   - value rendering         how a value from the file is quoted back in a message
//   - Reader                  one pass over the parsed table; every problem → one message
//   - the known keys          tables, keys, "did you mean"
//   - [kiosk] / [screen] / [bundle] / [admin] / [printer] / [fleet] / [speech]
//   - parse_kiosk_config, load_kiosk_config, and config_reader::parse / load
//                             (the same reader over a base, for the site file:
//                             config_reader.hpp, site_settings.cpp)
//
// toml++ is used with exceptions (Debian's libtomlplusplus is built with them:
// only the toml::ex ABI is exported), and every call into it sits inside one
// try/catch in parse_kiosk_config, so nothing escapes to the caller.
#include "madoguchi/core/kiosk_config.hpp"

#include "config_reader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <sstream>

#include <toml++/toml.h>

#include "madoguchi/core/admin_pin.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/diagnostics.hpp"
#include "madoguchi/core/regions.hpp"

namespace madoguchi::core {

std::vector<std::string> default_kiosk_languages() {
    return std::vector<std::string>(std::begin(kLanguages), std::end(kLanguages));
}

namespace {
constexpr std::array<std::string_view, 3> kLayoutNames = {"auto", "top", "bottom"};  // in Layout's order
}

std::string_view to_string(Layout l) { return kLayoutNames[static_cast<size_t>(l)]; }

std::optional<Layout> parse_layout(std::string_view s) {
    for (size_t i = 0; i < kLayoutNames.size(); ++i)
        if (kLayoutNames[i] == s) return static_cast<Layout>(i);
    return std::nullopt;
}

namespace {

// A settings file is a few hundred bytes; anything this large is the wrong file.
constexpr size_t kMaxConfigBytes = 1 << 20;


// ---------------------------------------------------------------------------
// Value rendering
// ---------------------------------------------------------------------------

// A string as a TOML basic string, control characters escaped, cut after 80
// code points (a message quotes what the admin wrote, not a whole paragraph).
std::string quote(std::string_view s) {
    std::string out = "\"";
    int code_points = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80 && ++code_points > 80) {
            out += "…";
            break;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04X", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
    return out;
}

std::string number(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc()) return "?";
    return std::string(buf, end);
}

std::string render(const toml::node& n, int depth = 0) {
    if (auto* s = n.as_string()) return quote(s->get());
    if (auto* i = n.as_integer()) return std::to_string(i->get());
    if (auto* f = n.as_floating_point()) {
        std::string s = number(f->get());
        // Keep what the admin wrote recognisable: 5.0 stays a float.
        if (s.find_first_of(".eni") == std::string::npos) s += ".0";
        return s;
    }
    if (auto* b = n.as_boolean()) return b->get() ? "true" : "false";
    if (auto* a = n.as_array()) {
        if (depth > 0) return "[…]";
        std::string out = "[";
        for (size_t i = 0; i < a->size(); ++i) {
            if (i) out += ", ";
            if (out.size() > 60) {
                out += "…";
                break;
            }
            out += render(*a->get(i), depth + 1);
        }
        return out + "]";
    }
    if (n.is_table()) return "{…}";
    // Dates and times: toml++ prints them as TOML.
    std::ostringstream os;
    if (auto* d = n.as_date()) os << *d;
    if (auto* t = n.as_time()) os << *t;
    if (auto* dt = n.as_date_time()) os << *dt;
    return os.str();
}

bool is_bare_key(std::string_view k) {
    if (k.empty()) return false;
    for (char c : k)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

std::string key_name(std::string_view k) { return is_bare_key(k) ? std::string(k) : quote(k); }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// Levenshtein distance on bytes, for "did you mean"; keys are short ASCII.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
            diag = up;
        }
    }
    return row[b.size()];
}

// The canonical spelling of a language tag the kiosk knows (tags are case-insensitive).
std::optional<std::string> known_language(std::string_view tag) {
    for (std::string_view l : kLanguages)
        if (iequals(l, tag)) return std::string(l);
    return std::nullopt;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}

std::string prefecture_label(int code) {
    const Prefecture* p = find_prefecture(code);
    return std::to_string(code) + " (" + (p ? p->name : "?") + ")";
}

// ---------------------------------------------------------------------------
// The known keys
// ---------------------------------------------------------------------------

struct KnownTable {
    const char* name;
    std::vector<const char*> keys;
};

const std::array<KnownTable, 8>& known_tables() {
    static const std::array<KnownTable, 8> tables = {{
        {"kiosk", {"prefecture", "municipality", "languages", "default_language", "idle_seconds", "countdown_seconds"}},
        {"screen", {"width_mm", "height_mm", "fullscreen", "window_width", "window_height", "layout", "large_text"}},
        {"bundle", {"store", "trusted_keys", "watch", "catalogue"}},
        {"admin", {"pin_hash"}},
        {"printer", {"kind", "target", "dots", "timeout_ms"}},
        {"fleet", {"status_file", "kiosk_id", "status_interval_seconds"}},
        {"keys", {"up", "down", "left", "right", "select", "back", "help", "home", "close", "volume_up", "volume_down", "repeat",
                  "stop", "slower"}},
        {"speech", {"enabled", "private_device", "volume", "rate", "jtalk_dictionary", "jtalk_voice"}},
    }};
    return tables;
}

// "[kiosk], [screen], [bundle], [admin], [printer], [fleet], [keys] and [speech]"
std::string table_list() {
    std::string out;
    const auto& tables = known_tables();
    for (size_t i = 0; i < tables.size(); ++i) {
        if (i) out += i + 1 == tables.size() ? " and " : ", ";
        out += std::string("[") + tables[i].name + "]";
    }
    return out;
}

// "kiosk.idle_seconds" for a misspelt key anywhere, or "" when nothing is close.
std::string suggest_key(std::string_view key) {
    std::string best;
    size_t best_distance = 3;  // at most two edits
    for (const KnownTable& t : known_tables())
        for (const char* k : t.keys) {
            size_t d = edit_distance(key, k);
            if (d < best_distance && d < std::string_view(k).size() / 2) {
                best_distance = d;
                best = std::string(t.name) + "." + k;
            }
        }
    return best;
}

std::string suggest_table(std::string_view name) {
    for (const KnownTable& t : known_tables()) {
        size_t d = edit_distance(name, t.name);
        if (d <= 2 && d < std::string_view(t.name).size() / 2) return t.name;
    }
    return "";
}

// ---------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------

class Reader {
public:
    Reader(std::string file, const config_reader::Options& options) : file_(std::move(file)), options_(options) {}

    void add(const toml::source_region& where, std::string message) {
        diagnostics_.add(SourcePosition{file_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)},
                         std::move(message));
    }
    void add_file(std::string message) { diagnostics_.add(SourcePosition{file_, 0, 0}, std::move(message)); }

    std::vector<std::string> messages() const {
        std::vector<std::string> out;
        for (const Diagnostic& d : diagnostics_.sorted()) out.push_back(format_diagnostic(d));
        return out;
    }

    // `root` is not const: keys the options refuse are taken out of it (with
    // their message) before the table is read, so that no read_* sees them.
    void read(toml::table& root, KioskConfig& c) {
        for (auto&& [key, node] : root) {
            const KnownTable* known = nullptr;
            for (const KnownTable& t : known_tables())
                if (key.str() == t.name) known = &t;
            if (!known) {
                unknown_top_level(key, node);
                continue;
            }
            toml::table* table = node.as_table();
            if (!table) {
                // `admin = "…"` may hold the PIN itself: never quoted back.
                const bool secret = std::string_view(known->name) == "admin";
                add(key.source(), std::string(known->name) + " = " + (secret ? std::string("…") : render(node)) +
                                      " should be a table ([" + known->name + "]); it is ignored");
                continue;
            }
            std::vector<std::string> refused;
            for (auto&& [k, v] : *table) {
                bool ok = false;
                for (const char* name : known->keys) ok = ok || k.str() == name;
                if (!ok) unknown_in_table(*known, k, v);
                else if (!allowed(known->name, k.str())) {
                    add(k.source(), std::string(known->name) + "." + std::string(k.str()) + " " + options_.refused_tail);
                    refused.emplace_back(k.str());
                }
            }
            for (const std::string& k : refused) table->erase(k);
            const std::string_view name = known->name;
            if (name == "kiosk") read_kiosk(*table, c);
            if (name == "screen") read_screen(*table, c);
            if (name == "bundle") read_bundle(*table, c);
            if (name == "admin") read_admin(*table, c);
            if (name == "printer") read_printer(*table, c);
            if (name == "fleet") read_fleet(*table, c);
            if (name == "keys") read_keys(*table, c);
            if (name == "speech") read_speech(*table, c);
        }
    }

private:
    bool allowed(std::string_view table, std::string_view key) const {
        if (!options_.only_keys) return true;
        for (std::string_view k : *options_.only_keys)
            if (k.size() == table.size() + 1 + key.size() && k.substr(0, table.size()) == table && k[table.size()] == '.' &&
                k.substr(table.size() + 1) == key)
                return true;
        return false;
    }

    void unknown_top_level(const toml::key& key, const toml::node& node) {
        std::string name = key_name(key.str());
        if (node.is_table()) {
            std::string close = suggest_table(key.str());
            add(key.source(), "unknown table [" + name + "] is ignored (" +
                                  (close.empty() ? "the tables are " + table_list()
                                                 : "did you mean [" + close + "]?") +
                                  ")");
            return;
        }
        std::string close = suggest_key(key.str());
        add(key.source(), "unknown key " + name + " is ignored (" +
                              (close.empty() ? "keys belong in the tables " + table_list()
                                             : "did you mean " + close + "?") +
                              ")");
    }

    void unknown_in_table(const KnownTable& table, const toml::key& key, const toml::node& node) {
        std::string path = std::string(table.name) + "." + key_name(key.str());
        std::string close = suggest_key(key.str());
        std::string hint;
        if (!close.empty()) {
            hint = "did you mean " + close + "?";
        } else {
            hint = std::string("the keys of [") + table.name + "] are ";
            for (size_t i = 0; i < table.keys.size(); ++i) hint += (i ? ", " : "") + std::string(table.keys[i]);
        }
        add(key.source(), std::string(node.is_table() ? "unknown table [" + path + "]" : "unknown key " + path) +
                              " is ignored (" + hint + ")");
    }

    // --- single values -----------------------------------------------------

    void read_int(const toml::table& t, const char* table, const char* key, int lo, int hi, int& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        std::string head = std::string(table) + "." + key + " = " + render(*n);
        std::string range = std::to_string(lo) + ".." + std::to_string(hi);
        std::string tail = "; using " + std::to_string(out);
        const auto* i = n->as_integer();
        if (!i) {
            add(n->source(), head + " should be a whole number (" + range + ")" + tail);
            return;
        }
        int64_t v = i->get();
        if (v < lo || v > hi) {
            add(n->source(), head + " is out of range (" + range + ")" + tail);
            return;
        }
        out = static_cast<int>(v);
    }

    void read_mm(const toml::table& t, const char* table, const char* key, float& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        constexpr double lo = 50, hi = 3000;
        std::string head = std::string(table) + "." + key + " = " + render(*n);
        std::string tail = "; using " + number(out);
        double v;
        if (const auto* i = n->as_integer()) {
            v = static_cast<double>(i->get());
        } else if (const auto* f = n->as_floating_point()) {
            v = f->get();
        } else {
            add(n->source(), head + " should be a number of millimetres (50..3000)" + tail);
            return;
        }
        if (!(v >= lo && v <= hi)) {  // NaN fails too
            add(n->source(), head + " is out of range (50..3000)" + tail);
            return;
        }
        out = static_cast<float>(v);
    }

    void read_bool(const toml::table& t, const char* table, const char* key, bool& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        if (const auto* b = n->as_boolean()) {
            out = b->get();
            return;
        }
        add(n->source(), std::string(table) + "." + key + " = " + render(*n) + " should be true or false; using " +
                             (out ? "true" : "false"));
    }

    // --- [kiosk] -------------------------------------------------------------

    void read_kiosk(const toml::table& t, KioskConfig& c) {
        // Prefecture and municipality are decided together: a municipality
        // code names its prefecture, so a kiosk with only a municipality (or
        // with prefecture = 0) takes the prefecture from it.
        const toml::node* pn = t.get("prefecture");
        std::optional<int> prefecture;  // nullopt: not given or not valid
        bool prefecture_bad = false;
        if (pn) {
            if (const auto* i = pn->as_integer()) {
                if (i->get() >= 0 && i->get() <= 47) prefecture = static_cast<int>(i->get());
            } else if (const auto* s = pn->as_string()) {
                prefecture = parse_prefecture_code(s->get());
            }
            prefecture_bad = !prefecture;
        }

        // Over a base (the site file over /etc) a key not given keeps the
        // base's value; over the defaults that is "none".
        std::string municipality = c.municipality;
        const toml::node* mn = t.get("municipality");
        if (mn) {
            municipality.clear();
            std::string head = "kiosk.municipality = " + render(*mn);
            if (const auto* s = mn->as_string()) {
                if (!s->get().empty()) {
                    std::string error;
                    if (auto m = parse_municipality_code(s->get(), &error))
                        municipality = *m;
                    else
                        add(mn->source(), "kiosk.municipality: " + error + "; using none");
                }
            } else {
                add(mn->source(), head + " should be a code in quotes, such as \"27100\"; using none");
            }
            int from_code = municipality.empty() ? 0 : std::stoi(municipality.substr(0, 2));
            if (from_code && prefecture && *prefecture != 0 && *prefecture != from_code) {
                add(mn->source(), head + " is not in kiosk.prefecture = " + prefecture_label(*prefecture) + " but in " +
                                      prefecture_label(from_code) + "; using none");
                municipality.clear();
            }
        } else if (prefecture && *prefecture != 0 && !municipality.empty() && std::stoi(municipality.substr(0, 2)) != *prefecture) {
            // The base's municipality lies in another prefecture than the one
            // given now: they are decided together, so it goes.
            municipality.clear();
        }
        int from_municipality = municipality.empty() ? 0 : std::stoi(municipality.substr(0, 2));

        if (prefecture_bad) {
            add(pn->source(), "kiosk.prefecture = " + render(*pn) +
                                  " is not a prefecture code (1..47, or \"01\"..\"47\"; e.g. 27 for 大阪府; 0 = all of Japan); using " +
                                  (from_municipality ? prefecture_label(from_municipality) + " from kiosk.municipality"
                                                     : std::to_string(c.prefecture)));
        }
        if (prefecture && *prefecture != 0) c.prefecture = *prefecture;
        else if (from_municipality) c.prefecture = from_municipality;
        else if (prefecture) c.prefecture = 0;  // 0 given: all of Japan
        // else: not given (or not valid) — the base's prefecture stays
        c.municipality = municipality;

        read_languages(t, c);
        read_int(t, "kiosk", "idle_seconds", 30, 3600, c.idle_seconds);
        read_int(t, "kiosk", "countdown_seconds", 20, 300, c.countdown_seconds);
    }

    void read_languages(const toml::table& t, KioskConfig& c) {
        const std::vector<std::string> defaults = default_kiosk_languages();
        if (const toml::node* n = t.get("languages")) {
            std::string head = "kiosk.languages = " + render(*n);
            if (const auto* a = n->as_array()) {
                std::vector<std::string> langs;
                for (const toml::node& e : *a) {
                    const auto* s = e.as_string();
                    if (!s) {
                        add(e.source(), "kiosk.languages: " + render(e) + " is not a language code; it is left out");
                        continue;
                    }
                    std::optional<std::string> lang = known_language(s->get());
                    if (!lang) {
                        add(e.source(), "kiosk.languages: " + quote(s->get()) +
                                            " is not a language this kiosk knows (" + join(defaults) +
                                            "); it is left out");
                    } else if (std::find(langs.begin(), langs.end(), *lang) != langs.end()) {
                        add(e.source(), "kiosk.languages: " + quote(s->get()) + " is listed twice; the second is left out");
                    } else {
                        langs.push_back(*lang);
                    }
                }
                if (langs.empty())
                    add(n->source(), head + " leaves no language to offer; using the default list (" + join(defaults) + ")");
                else
                    c.languages = std::move(langs);
            } else {
                add(n->source(), head + " should be a list such as [\"ja\", \"en\"]; using the default list (" +
                                     join(defaults) + ")");
            }
        }

        // The base's default language when it is still offered ("ja" over
        // the defaults), else "ja" when it is offered, else the first one.
        auto offered = [&](const std::string& l) { return std::find(c.languages.begin(), c.languages.end(), l) != c.languages.end(); };
        std::string fallback = offered(c.default_language) ? c.default_language
                               : offered("ja")             ? std::string("ja")
                                                           : c.languages.front();
        c.default_language = fallback;
        if (const toml::node* n = t.get("default_language")) {
            std::string head = "kiosk.default_language = " + render(*n);
            if (const auto* s = n->as_string()) {
                std::optional<std::string> lang = known_language(s->get());
                if (lang && std::find(c.languages.begin(), c.languages.end(), *lang) != c.languages.end())
                    c.default_language = *lang;
                else
                    add(n->source(), head + " is not among kiosk.languages; using " + quote(fallback));
            } else {
                add(n->source(), head + " should be a language code in quotes, such as \"ja\"; using " + quote(fallback));
            }
        }
    }

    // --- [screen] ------------------------------------------------------------

    void read_screen(const toml::table& t, KioskConfig& c) {
        read_mm(t, "screen", "width_mm", c.width_mm);
        read_mm(t, "screen", "height_mm", c.height_mm);
        read_bool(t, "screen", "fullscreen", c.fullscreen);
        read_int(t, "screen", "window_width", 320, 7680, c.window_width);
        read_int(t, "screen", "window_height", 240, 4320, c.window_height);
        if (const toml::node* n = t.get("layout")) {
            const auto* s = n->as_string();
            const std::optional<Layout> v = s ? parse_layout(s->get()) : std::nullopt;
            if (v) c.layout = *v;
            else add(n->source(), "screen.layout = " + render(*n) + " should be one of \"auto\", \"top\", \"bottom\"; using \"auto\" (bottom-weighted on a tall screen)");
        }
        read_bool(t, "screen", "large_text", c.large_text);
    }

    // --- [bundle] ------------------------------------------------------------
    //
    // Paths of the store, the trusted keys and the watched folders must be
    // absolute: the kiosk runs as a service whose working directory is not
    // the admin's, so "keys/publisher.pub" would mean a different file there
    // than in the admin's shell. bundle.catalogue may be relative (it is a
    // development override, like `madoguchi --catalogue`).

    // Why `path` cannot be used as an absolute path, or "" when it can.
    static std::string absolute_path_problem(std::string_view path) {
        if (path.find('\0') != std::string_view::npos) return "contains a NUL character";
        if (path.empty() || path.front() != '/') return "is not an absolute path (it must start with /)";
        return "";
    }

    static std::string quoted_list(const std::vector<std::string>& v) {
        std::vector<std::string> q;
        for (const std::string& s : v) q.push_back(quote(s));
        return join(q);
    }

    void read_absolute_path(const toml::table& t, const char* key, std::string& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        const std::string name = std::string("bundle.") + key;
        const std::string tail = "; using " + quote(out);
        const auto* s = n->as_string();
        if (!s) {
            add(n->source(), name + " = " + render(*n) + " should be an absolute path in quotes" + tail);
        } else if (s->get().empty()) {
            add(n->source(), name + " is empty" + tail);
        } else if (std::string problem = absolute_path_problem(s->get()); !problem.empty()) {
            add(n->source(), name + " = " + render(*n) + " " + problem + tail);
        } else {
            out = s->get();
        }
    }

    // A list of absolute paths: each wrong element is left out on its own.
    // `none_left` is the message tail when nothing is left and that is not
    // allowed ("" = an empty list is allowed).
    void read_path_list(const toml::table& t, const char* key, const char* example, const char* none_left,
                        std::vector<std::string>& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        const std::string name = std::string("bundle.") + key;
        const std::string defaults = "using the default list (" + quoted_list(out) + ")";
        const auto* a = n->as_array();
        if (!a) {
            add(n->source(), name + " = " + render(*n) + " should be a list of absolute paths such as [\"" + example +
                                 "\"]; " + defaults);
            return;
        }
        std::vector<std::string> paths;
        for (const toml::node& e : *a) {
            const auto* s = e.as_string();
            if (!s) {
                add(e.source(), name + ": " + render(e) + " is not a path in quotes; it is left out");
            } else if (std::string problem = absolute_path_problem(s->get()); !problem.empty()) {
                add(e.source(), name + ": " + quote(s->get()) + " " + problem + "; it is left out");
            } else if (std::find(paths.begin(), paths.end(), s->get()) != paths.end()) {
                add(e.source(), name + ": " + quote(s->get()) + " is listed twice; the second is left out");
            } else {
                paths.push_back(s->get());
            }
        }
        if (paths.empty() && *none_left) {
            add(n->source(), name + " = " + render(*n) + " " + none_left + "; " + defaults);
            return;
        }
        out = std::move(paths);
    }

    void read_bundle(const toml::table& t, KioskConfig& c) {
        read_absolute_path(t, "store", c.store);
        // Without a trusted key no bundle can be installed or shown, so an
        // empty list is a mistake; the default key file is where the installer
        // puts the publisher's key.
        read_path_list(t, "trusted_keys", "/etc/madoguchi/publisher.pub",
                       "leaves no key to trust, so no bundle could be shown", c.trusted_keys);
        // An empty list is a choice: no folder is watched, and bundles arrive
        // only through `madoguchi-bundle install`.
        read_path_list(t, "watch", "/media", "", c.watch);

        // "" (the default) means the store's current bundle, verified; a path
        // shows that catalogue unverified (development).
        if (const toml::node* n = t.get("catalogue")) {
            const std::string tail =
                c.catalogue.empty() ? std::string("; using the store's current bundle") : "; using " + quote(c.catalogue);
            const auto* s = n->as_string();
            if (!s) {
                add(n->source(), "bundle.catalogue = " + render(*n) + " should be a file path in quotes" + tail);
            } else if (s->get().find('\0') != std::string::npos) {
                add(n->source(), "bundle.catalogue = " + render(*n) + " contains a NUL character" + tail);
            } else {
                c.catalogue = s->get();
            }
        }
    }

    // --- [admin] -------------------------------------------------------------

    void read_admin(const toml::table& t, KioskConfig& c) {
        const toml::node* n = t.get("pin_hash");
        if (!n) return;
        // The value is never quoted back: someone may have written the PIN
        // itself here, and these messages go to the journal.
        const auto* s = n->as_string();
        if (s && (s->get().empty() || admin_pin_hash_valid(s->get()))) {
            c.admin_pin_hash = s->get();  // "" = no admin screen, quietly
            return;
        }
        add(n->source(),
            "admin.pin_hash is not an argon2id hash from `madoguchi-bundle pin-hash`; the admin screen stays closed");
        c.admin_pin_hash.clear();
    }

    // --- [printer] -----------------------------------------------------------

    void read_printer(const toml::table& t, KioskConfig& c) {
        if (const toml::node* n = t.get("kind")) {
            const auto* s = n->as_string();
            const std::optional<PrinterKind> v = s ? parse_printer_kind(s->get()) : std::nullopt;
            if (v) c.printer_kind = *v;
            else add(n->source(), "printer.kind = " + render(*n) + " should be one of \"none\", \"device\", \"tcp\", \"png\", \"pbm\"; using \"none\" (no printing)");
        }
        if (const toml::node* n = t.get("target")) {
            const auto* s = n->as_string();
            if (!s || s->get().find('\0') != std::string::npos) add(n->source(), "printer.target = " + render(*n) + " should be a device path or host:port in quotes; using none");
            else c.printer_target = s->get();
        }
        read_int(t, "printer", "dots", 200, 1024, c.printer_dots);
        read_int(t, "printer", "timeout_ms", 100, 30000, c.printer_timeout_ms);
        if (c.printer_kind != PrinterKind::none && c.printer_target.empty()) {
            add(t.source(), "printer.kind = \"" + std::string(to_string(c.printer_kind)) + "\" needs printer.target; printing is off");
            c.printer_kind = PrinterKind::none;
        }
    }

    // --- [fleet] -------------------------------------------------------------
    //
    // The status file must be absolute for the same reason as the store; ""
    // turns it off. The kiosk id is printed into a JSON file an admin reads:
    // short, printable, one line.

    void read_fleet(const toml::table& t, KioskConfig& c) {
        if (const toml::node* n = t.get("status_file")) {
            const std::string tail = c.status_file.empty() ? std::string("; no status file is written") : "; using " + quote(c.status_file);
            const auto* s = n->as_string();
            if (!s) {
                add(n->source(), "fleet.status_file = " + render(*n) + " should be an absolute path in quotes, or \"\" for none" + tail);
            } else if (s->get().empty()) {
                c.status_file.clear();  // a choice: no status file
            } else if (std::string problem = absolute_path_problem(s->get()); !problem.empty()) {
                add(n->source(), "fleet.status_file = " + render(*n) + " " + problem + tail);
            } else if (s->get().back() == '/') {
                add(n->source(), "fleet.status_file = " + render(*n) + " names a folder, not a file (e.g. \"" + s->get() + "status.json\")" + tail);
            } else {
                c.status_file = s->get();
            }
        }
        if (const toml::node* n = t.get("kiosk_id")) {
            const auto* s = n->as_string();
            bool ok = s && s->get().size() <= 64;
            if (ok)
                for (unsigned char ch : s->get()) ok = ok && ch >= 0x20 && ch != 0x7F;
            if (ok) c.kiosk_id = s->get();
            else add(n->source(), "fleet.kiosk_id = " + render(*n) + " should be one line of at most 64 bytes in quotes; using none");
        }
        read_int(t, "fleet", "status_interval_seconds", 10, 86400, c.status_interval_seconds);
    }

    // --- [keys] --------------------------------------------------------------
    //
    // `select = ["Return", "KP_Enter"]`: the keys that do an action, replacing
    // its defaults (key_bindings.hpp). A name that is not a key costs that
    // name only; a key given to two actions keeps the first.

    void read_keys(const toml::table& t, KioskConfig& c) {
        std::vector<std::string> taken;
        // In file order ("above" means above): toml++ keeps a table's keys sorted.
        std::vector<std::pair<const toml::key*, const toml::node*>> lines;
        for (auto&& [k, n] : t) lines.emplace_back(&k, &n);
        std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
            const auto &pa = a.first->source().begin, &pb = b.first->source().begin;
            return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
        });
        for (const auto& [kp, np] : lines) {
            const toml::key& k = *kp;
            const toml::node& n = *np;
            const std::optional<KeyAction> action = parse_key_action(k.str());
            if (!action) continue;  // unknown_in_table said so
            const std::string head = "keys." + std::string(k.str()) + " = " + render(n);
            const toml::array* list = n.as_array();
            if (!list) {
                add(n.source(), head + " should be a list of key names such as [\"Return\", \"KP_Enter\"]; using the default keys");
                continue;
            }
            KeyBinding b{*action, {}};
            for (const toml::node& e : *list) {
                const auto* s = e.as_string();
                const std::optional<std::string_view> name = s ? canonical_key_name(s->get()) : std::nullopt;
                if (!name) {
                    add(e.source(), "keys." + std::string(k.str()) + ": " + render(e) +
                                        " is not a key name (e.g. \"Return\", \"KP_Enter\", \"F1\"; docs/config.md lists them all); it is left out");
                } else if (std::find(taken.begin(), taken.end(), *name) != taken.end()) {
                    add(e.source(), "keys." + std::string(k.str()) + ": " + quote(*name) + " is given to another action above; it is left out");
                } else {
                    taken.emplace_back(*name);
                    b.keys.emplace_back(*name);
                }
            }
            c.keys.push_back(std::move(b));
        }
    }

    // --- [speech] ------------------------------------------------------------
    //
    // The Open JTalk paths are absolute for the same reason as the store; ""
    // means the Debian package's location (kiosk/speech voice.hpp). Whether the
    // files are there is told at start, by the speech module, not here: the
    // config is read before anything is checked on disk.

    void read_speech(const toml::table& t, KioskConfig& c) {
        read_bool(t, "speech", "enabled", c.speech_enabled);
        read_bool(t, "speech", "private_device", c.speech_private_device);
        read_int(t, "speech", "volume", 0, 10, c.speech_volume);
        if (const toml::node* n = t.get("rate")) {
            const std::string head = "speech.rate = " + render(*n);
            const std::string tail = "; using " + number(c.speech_rate);
            double v = 0;
            if (const auto* i = n->as_integer()) v = static_cast<double>(i->get());
            else if (const auto* f = n->as_floating_point()) v = f->get();
            else v = -1;
            if (!n->is_number()) add(n->source(), head + " should be a number (0.5..2; 1 = normal speed)" + tail);
            else if (!(v >= 0.5 && v <= 2.0)) add(n->source(), head + " is out of range (0.5..2)" + tail);
            else c.speech_rate = static_cast<float>(v);
        }
        read_optional_path(t, "jtalk_dictionary", c.jtalk_dictionary);
        read_optional_path(t, "jtalk_voice", c.jtalk_voice);
    }

    void read_optional_path(const toml::table& t, const char* key, std::string& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        const std::string name = std::string("speech.") + key;
        const std::string tail = out.empty() ? std::string("; using the Debian package's") : "; using " + quote(out);
        const auto* s = n->as_string();
        if (!s) {
            add(n->source(), name + " = " + render(*n) + " should be an absolute path in quotes, or \"\" for the default" + tail);
        } else if (s->get().empty()) {
            out.clear();
        } else if (std::string problem = absolute_path_problem(s->get()); !problem.empty()) {
            add(n->source(), name + " = " + render(*n) + " " + problem + tail);
        } else {
            out = s->get();
        }
    }

    std::string file_;
    const config_reader::Options& options_;
    Diagnostics diagnostics_;
};

std::string lower_first(std::string_view s) {
    std::string out(s);
    if (!out.empty()) out[0] = ascii_lower(out[0]);
    return out;
}

}  // namespace

namespace config_reader {

ConfigLoad parse(std::string_view toml_text, const std::string& name, const Options& o) {
    ConfigLoad load;
    load.file_found = true;
    Reader reader(name, o);
    try {
        load.config = o.base;
        if (toml_text.size() > kMaxConfigBytes) {
            reader.add_file("is larger than 1 MiB, too large for a settings file; " + o.unusable_tail);
        } else {
            toml::table root = toml::parse(toml_text, std::string_view(name));
            KioskConfig c = o.base;
            reader.read(root, c);
            load.config = std::move(c);
        }
    } catch (const toml::parse_error& e) {
        reader.add(e.source(), "not valid TOML: " + lower_first(e.description()) + "; " + o.unusable_tail);
    } catch (const std::exception& e) {
        // Out of memory or similar: still a kiosk that starts.
        reader.add_file(std::string("could not be read (") + e.what() + "); " + o.unusable_tail);
    }
    try {
        load.messages = reader.messages();
    } catch (const std::exception&) {
        load.messages.clear();
    }
    return load;
}

namespace {
ConfigLoad read_config_file(const std::string& path, const Options& o) {
    ConfigLoad load;
    load.config = o.base;
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
    std::FILE* f = file.get();
    if (!f) {
        int err = errno;
        if (err == ENOENT) return load;  // no file: the base, quietly
        load.file_found = true;
        load.messages.push_back(path + ": cannot be read (" + std::strerror(err) + "); " + o.unusable_tail);
        return load;
    }
    std::string text;
    char buf[16384];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
        text.append(buf, got);
        if (text.size() > kMaxConfigBytes) break;  // parse says why
    }
    bool failed = std::ferror(f) != 0;
    int err = errno;
    file.reset();
    if (failed) {
        load.file_found = true;
        load.messages.push_back(path + ": cannot be read (" + std::strerror(err) + "); " + o.unusable_tail);
        return load;
    }
    return parse(text, path, o);
}
}  // namespace

ConfigLoad load(const std::string& path, const Options& o) { return read_config_file(path, o); }

}  // namespace config_reader

ConfigLoad parse_kiosk_config(std::string_view toml_text, const std::string& name) {
    return config_reader::parse(toml_text, name, {});
}

ConfigLoad load_kiosk_config(const std::string& path) {
    try {
        return config_reader::load(path, {});
    } catch (const std::exception&) {
        return ConfigLoad{};  // only out-of-memory gets here; the defaults still make a kiosk
    }
}

}  // namespace madoguchi::core
