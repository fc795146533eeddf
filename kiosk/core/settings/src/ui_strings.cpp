// SPDX-License-Identifier: Apache-2.0
// ui_strings.cpp — loading assets/strings/<lang>.toml (see ui_strings.hpp).
//
// Index
//   - placeholders, fill_placeholder
//   - reading one file (flattening tables into dotted keys)
//   - UiStrings::load_dir     all files, then the checks against ja.toml
//   - get / contains / keys / languages
//
// As in kiosk_config.cpp, toml++ throws (Debian builds it with exceptions) and
// every call sits inside a try/catch.
#include "madoguchi/core/ui_strings.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <toml++/toml.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/diagnostics.hpp"

namespace madoguchi::core {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

namespace {

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Length of the placeholder starting at text[i] ("{n}" → 3), or 0.
size_t placeholder_at(std::string_view text, size_t i) {
    if (text[i] != '{') return 0;
    size_t j = i + 1;
    while (j < text.size() && is_name_char(text[j])) ++j;
    if (j == i + 1 || j >= text.size() || text[j] != '}') return 0;
    return j - i + 1;
}

}  // namespace

std::vector<std::string> placeholders(std::string_view text) {
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size(); ++i)
        if (size_t n = placeholder_at(text, i)) out.emplace_back(text.substr(i + 1, n - 2));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string fill_placeholder(std::string_view text, std::string_view name, std::string_view value) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        size_t n = placeholder_at(text, i);
        if (n && text.substr(i + 1, n - 2) == name) {
            out += value;
            i += n;
        } else {
            out += text[i++];
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Reading one file
// ---------------------------------------------------------------------------

namespace {

constexpr std::uintmax_t kMaxStringsBytes = 4u << 20;

struct Entry {
    std::string text;
    SourcePosition where;
};
using Entries = std::map<std::string, Entry, std::less<>>;

SourcePosition position(const std::string& file, const toml::source_region& r) {
    return SourcePosition{file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

std::string join_placeholders(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "{" : ", {") + n + "}";
    return out;
}

bool before(const SourcePosition& a, const SourcePosition& b) {
    return a.line < b.line || (a.line == b.line && a.column < b.column);
}

// `"a.b" = …` and `a.b = …` (or [a] b = …) name the same key: the first in
// the file wins and the later one is reported.
void add_entry(Entries& out, const std::string& key, Entry entry, Diagnostics& diagnostics) {
    auto [it, inserted] = out.try_emplace(key, entry);
    if (inserted) return;
    Entry* first = &it->second;
    Entry* later = &entry;
    if (before(entry.where, it->second.where)) std::swap(first, later);
    diagnostics.add(later->where, key + " is given twice (first at line " + std::to_string(first->where.line) +
                                      "); this one is not used");
    if (first == &entry) it->second = std::move(entry);
}

void flatten(const toml::table& table, const std::string& prefix, const std::string& file, Entries& out,
             Diagnostics& diagnostics) {
    for (auto&& [k, node] : table) {
        std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (const toml::table* sub = node.as_table()) {
            flatten(*sub, key, file, out, diagnostics);
        } else if (const auto* s = node.as_string()) {
            if (s->get().empty())
                diagnostics.add(position(file, node.source()), key + " is empty; the Japanese text is shown instead");
            else
                add_entry(out, key, Entry{s->get(), position(file, node.source())}, diagnostics);
        } else {
            diagnostics.add(position(file, node.source()), key + " should be a text in quotes; it is not used");
        }
    }
}

// Reads and parses one file; on any problem says so and returns nothing.
std::optional<Entries> read_file(const fs::path& path, Diagnostics& diagnostics) {
    const std::string file = path.string();
    std::error_code ec;
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) {
        diagnostics.add(SourcePosition{file, 0, 0}, "cannot be read (" + ec.message() + ")");
        return std::nullopt;
    }
    if (size > kMaxStringsBytes) {
        diagnostics.add(SourcePosition{file, 0, 0}, "is larger than 4 MiB, too large for a strings file; it is not used");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
        diagnostics.add(SourcePosition{file, 0, 0}, "cannot be read");
        return std::nullopt;
    }
    std::string text = std::move(buffer).str();
    try {
        toml::table root = toml::parse(std::string_view(text), std::string_view(file));
        Entries entries;
        flatten(root, "", file, entries, diagnostics);
        return entries;
    } catch (const toml::parse_error& e) {
        std::string what(e.description());
        if (!what.empty() && what[0] >= 'A' && what[0] <= 'Z') what[0] = static_cast<char>(what[0] - 'A' + 'a');
        diagnostics.add(position(file, e.source()), "not valid TOML: " + what + "; none of its texts are used");
        return std::nullopt;
    }
}

}  // namespace

// ---------------------------------------------------------------------------
// UiStrings::load_dir
// ---------------------------------------------------------------------------

UiStrings UiStrings::load_dir(const std::string& dir, std::vector<std::string>* messages) {
    UiStrings strings;
    Diagnostics diagnostics;
    try {
        std::vector<fs::path> files;
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".toml") files.push_back(it->path());
        if (ec) diagnostics.add(SourcePosition{dir, 0, 0}, "cannot read the folder (" + ec.message() + ")");
        std::sort(files.begin(), files.end());

        std::map<std::string, Entries, std::less<>> loaded;
        std::map<std::string, std::string, std::less<>> file_of;
        for (const fs::path& path : files) {
            std::string lang = path.stem().string();
            bool known = std::find(std::begin(kLanguages), std::end(kLanguages), lang) != std::end(kLanguages);
            if (!known) {
                std::string list;
                for (std::string_view l : kLanguages) list += (list.empty() ? "" : ", ") + std::string(l);
                diagnostics.add(SourcePosition{path.string(), 0, 0},
                                "\"" + lang + "\" is not a language the kiosk knows (" + list + "); the file is ignored");
                continue;
            }
            if (auto entries = read_file(path, diagnostics)) {
                loaded[lang] = std::move(*entries);
                file_of[lang] = path.string();
            }
        }

        // Checks against Japanese, the language every other one falls back to.
        auto ja = loaded.find("ja");
        if (ja == loaded.end()) {
            if (!ec)
                diagnostics.add(SourcePosition{(fs::path(dir) / "ja.toml").string(), 0, 0},
                                "is missing; texts cannot fall back to Japanese");
        } else {
            for (auto& [lang, entries] : loaded) {
                if (lang == "ja") continue;
                for (const auto& [key, entry] : entries) {
                    auto base = ja->second.find(key);
                    if (base == ja->second.end()) {
                        diagnostics.add(entry.where, key + " is not in ja.toml (a typo?)");
                        continue;
                    }
                    std::vector<std::string> want = placeholders(base->second.text), have = placeholders(entry.text);
                    if (want != have)
                        diagnostics.add(entry.where, key + " has placeholders " + join_placeholders(have) +
                                                         " but ja.toml has " + join_placeholders(want) +
                                                         "; the Japanese text is shown instead");
                }
                // A text whose placeholders differ would print "{n}" or lose
                // the number: the Japanese one is better.
                for (auto it = entries.begin(); it != entries.end();) {
                    auto base = ja->second.find(it->first);
                    if (base != ja->second.end() && placeholders(base->second.text) != placeholders(it->second.text))
                        it = entries.erase(it);
                    else
                        ++it;
                }
            }
        }

        for (auto& [lang, entries] : loaded) {
            Texts& texts = strings.texts_[lang];
            for (auto& [key, entry] : entries) texts.emplace(key, std::move(entry.text));
        }
    } catch (const std::exception& e) {
        diagnostics.add(SourcePosition{dir, 0, 0}, std::string("could not be read (") + e.what() + ")");
    }
    if (messages)
        for (const Diagnostic& d : diagnostics.sorted()) messages->push_back(format_diagnostic(d));
    return strings;
}

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

const std::string& UiStrings::get(std::string_view lang, std::string_view key, bool* fallback) const {
    owner_.check("UiStrings: the UI thread owns the strings (get() adds a missing key to missing_)");
    if (fallback) *fallback = false;
    if (auto l = texts_.find(lang); l != texts_.end())
        if (auto t = l->second.find(key); t != l->second.end()) return t->second;
    if (fallback) *fallback = true;
    if (auto l = texts_.find(std::string_view("ja")); l != texts_.end())
        if (auto t = l->second.find(key); t != l->second.end()) return t->second;
    auto m = missing_.find(key);
    if (m == missing_.end()) m = missing_.emplace(key).first;
    return *m;
}

bool UiStrings::contains(std::string_view lang, std::string_view key) const {
    auto l = texts_.find(lang);
    return l != texts_.end() && l->second.find(key) != l->second.end();
}

std::vector<std::string> UiStrings::keys(std::string_view lang) const {
    std::vector<std::string> out;
    if (auto l = texts_.find(lang); l != texts_.end())
        for (const auto& [key, text] : l->second) out.push_back(key);
    return out;
}

std::vector<std::string> UiStrings::languages() const {
    std::vector<std::string> out;
    for (std::string_view l : kLanguages)
        if (texts_.find(l) != texts_.end()) out.emplace_back(l);
    return out;
}

std::string language_endonym(std::string_view tag) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale = icu::Locale::forLanguageTag(icu::StringPiece(tag.data(), static_cast<int32_t>(tag.size())), status);
    if (U_FAILURE(status) || locale.isBogus() || std::string_view(locale.getLanguage()).empty()) return std::string(tag);
    icu::UnicodeString name;
    locale.getDisplayName(locale, name);
    std::string out;
    name.toUTF8String(out);
    // ICU answers with the tag itself when it has no name for the language.
    if (out.empty() || out == locale.getLanguage()) return std::string(tag);
    return out;
}

}  // namespace madoguchi::core
