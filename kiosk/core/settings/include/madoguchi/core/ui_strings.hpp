// SPDX-License-Identifier: Apache-2.0
// ui_strings.hpp — the kiosk's own wording (buttons, questions, the neutral
// screen), one TOML file per language: assets/strings/<lang>.toml.
//
// Why a file per language and a fallback instead of failing: translators work
// on one file each, and a kiosk must never show an empty button. A text missing
// in a language is shown in Japanese; a text missing everywhere shows its key
// (e.g. `attract.title`), which looks wrong on purpose so that it gets noticed.
// This is the kiosk's wording; the directory's data (names, hours) comes from
// the catalogue.
//
// File format: `key = "text"`, dotted keys allowed (`attract.title`), which is
// the same as a [attract] table with `title`. `{n}` and the like are
// placeholders filled by the screens (fill_placeholder); every language must
// use the same placeholders for a key as ja.toml.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/base/invariant.hpp"

namespace madoguchi::core {

class UiStrings {
public:
    // Loads every <lang>.toml in `dir` whose <lang> is one the kiosk knows
    // (kLanguages). Problems (a file that is not TOML, a value that is not a
    // text, an empty text, a key unknown to ja.toml, placeholders that differ
    // from ja.toml, no ja.toml at all) are appended to *messages as
    // `file:line:column: …`; what could be read is kept. Never throws.
    static UiStrings load_dir(const std::string& dir, std::vector<std::string>* messages);

    // Text for `key` in `lang`; falls back to "ja"; if missing everywhere,
    // returns the key itself. *fallback is set to false when the text is in
    // `lang`, true otherwise (contains() tells a Japanese fallback from a
    // missing key). The reference stays valid as long as this object.
    const std::string& get(std::string_view lang, std::string_view key, bool* fallback = nullptr) const;

    // True when `lang` itself has a text for `key` (no fallback).
    bool contains(std::string_view lang, std::string_view key) const;

    // Keys of `lang`, sorted.
    std::vector<std::string> keys(std::string_view lang) const;
    // Languages that were loaded, in the order of kLanguages.
    std::vector<std::string> languages() const;

    // The thread that used the strings lets them go: the next thread to call
    // get() owns them (check::OwnerThread::hand_over; after a join).
    void hand_over() const { owner_.hand_over(); }

private:
    using Texts = std::map<std::string, std::string, std::less<>>;
    std::map<std::string, Texts, std::less<>> texts_;
    // Keys found nowhere, kept so that get() can return a reference to them.
    // Only key names from the code go in here, never anything a visitor typed.
    // Not thread-safe: the UI thread owns the strings (get() checks it).
    mutable std::set<std::string, std::less<>> missing_;
    check::OwnerThread owner_;
};

// `text` with every `{name}` replaced by `value`: fill_placeholder(t, "n", "3").
std::string fill_placeholder(std::string_view text, std::string_view name, std::string_view value);

// The placeholders in `text` ("{n}" → "n"), sorted, each once.
std::vector<std::string> placeholders(std::string_view text);

// A language's name in that language ("zh" → "中文", "pt" → "português",
// "es" → "español"), from ICU's locale data, for a language tag (BCP 47) of
// the directory's data that the kiosk has no name of its own for (a service's
// `languages`: imported data says "zh" or "pt" where the kiosk's own languages
// are zh-Hans and pt-BR). A tag ICU does not know comes back as itself, never
// as an empty or made-up name.
std::string language_endonym(std::string_view tag);

}  // namespace madoguchi::core
