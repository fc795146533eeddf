// SPDX-License-Identifier: Apache-2.0
// test_ui_strings.cpp — the kiosk's own wording (ui_strings.hpp) and the
// shipped assets/strings/*.toml: same keys in every language, no empty text,
// the same placeholders, fallback to Japanese then to the key, and no word
// about addiction on the screens anyone nearby may read (attract, neutral).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "madoguchi/core/ui_strings.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;

namespace {

const std::string kStringsDir = std::string(MADOGUCHI_ASSETS_DIR) + "/strings";

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += s + "\n";
    return out;
}

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Every key the screens are being built against (the brief's screens, in order).
const std::vector<std::string> kRequiredKeys = {
    "attract.title", "attract.subtitle", "attract.start",
    "common.back", "common.home", "common.close", "common.large_text",
    "concern.question",
    "who.question", "who.situations_hint",
    "results.title", "results.count", "results.none",
    "results.filter.open_now", "results.badge.free", "results.badge.anonymous", "results.badge.open_now",
    "detail.what", "detail.phone", "detail.hours", "detail.email", "detail.website", "detail.address",
    "detail.cost", "detail.cost.free", "detail.cost.paid", "detail.cost.partly", "detail.cost.unknown",
    "detail.anonymous", "detail.anonymous.yes", "detail.anonymous.no", "detail.anonymous.unknown",
    "detail.languages", "detail.open_now", "detail.closed_now", "detail.last_checked",
    "detail.source", "detail.add_to_slip", "detail.in_slip", "detail.translation_missing",
    "guides.title",
    "basket.title", "basket.empty", "basket.no_printer", "basket.remove",
    "language.title",
    "idle.question", "idle.seconds_left", "idle.continue",
    "neutral.title", "neutral.body", "neutral.back",
    "search.title", "search.placeholder", "search.none", "search.named_concern",
    "error.no_catalogue",
    "keys.help", "speech.position", "speech.slip_intro",
};

// Words that must not appear where anyone nearby may read (compared in lower case).
// Words the attract and neutral screens must not contain, per language (lower
// case; the texts are compared after ASCII lower-casing, so words starting
// with a non-ASCII capital are listed capitalised too). Chosen by each
// translator so that harmless words do not match (e.g. 性 alone would catch
// 女性, "alak" would catch "malaki", 술 is listed although it is in 기술).
const char* const kSensitiveWords[] = {
    // ja, ja-x-easy
    "依存", "いぞん", "中毒", "ちゅうどく", "やめられない", "酒", "おさけ", "飲酒", "薬物", "やくぶつ", "覚醒剤", "覚せい剤",
    "かくせいざい", "大麻", "麻薬", "まやく", "ドラッグ", "シンナー", "乱用", "らんよう", "アルコール", "ギャンブル", "かけごと", "賭",
    "パチンコ", "ゲーム", "性の", "性的", "セックス",
    // en
    "addiction", "addict", "drug", "alcohol", "drinking", "gambling", "betting", "gaming", "sexual",
    // zh-Hans
    "瘾", "依赖", "毒品", "吸毒", "药物", "处方药", "滥用", "麻药", "麻醉", "兴奋剂", "冰毒", "赌", "游戏", "性行为", "性方面", "性问题", "色情",
    // ko
    "중독", "의존", "술", "음주", "알코올", "약물", "마약", "각성제", "대마", "도박", "게임", "성 문제", "성적", "성행위", "남용", "처방약", "시판약",
    // vi
    "nghiện", "lệ thuộc", "phụ thuộc", "rượu", "say xỉn", "ma túy", "ma tuý", "chất kích thích", "cần sa", "cờ bạc", "đánh bạc",
    "Đánh bạc", "cá cược", "cá độ", "game", "trò chơi điện tử", "tình dục", "lạm dụng", "quá liều", "kê đơn",
    // pt-BR
    "vício", "vicia", "dependência", "dependente", "lcool", "lcoó", "bebida", "embriag", "droga", "entorpecente", "narcótic",
    "estimulante", "maconha", "de azar", "aposta", "cassino", "pachinko", "sexo", "sexua", "abuso", "uso indevido", "overdose",
    // ne
    "कुलत", "दुर्व्यसन", "व्यसन", "लतमा", "लत लाग", "रक्सी", "मदिरा", "मद्य", "शराब", "अल्कोहल", "जाँड", "बियर", "लागूपदार्थ",
    "लागू पदार्थ", "लागू औषध", "ड्रग", "नशा", "मादक", "उत्तेजक", "गाँजा", "हिरोइन", "जुवा", "ग्याम्बलिङ", "सट्टा", "प्याचिन्को",
    "गेम", "यौन", "सेक्स", "दुरुपयोग", "ओभरडोज",
    // tl
    "adik", "adiksyon", "lulong", "gumon", "dependen", " alak", "alkohol", "lasing", "lasenggo", "inuman", "serbesa", "beer",
    "bawal na gamot", "shabu", "marijuana", "sugal", "sugarol", "pusta", "casino", "kasino", "sex", "seks", "maling paggamit",
};

struct Loaded {
    UiStrings strings;
    std::vector<std::string> messages;
};

Loaded load_shipped() {
    Loaded l;
    l.strings = UiStrings::load_dir(kStringsDir, &l.messages);
    return l;
}

}  // namespace

// ---------------------------------------------------------------------------
// The shipped strings
// ---------------------------------------------------------------------------

TEST_CASE("strings: assets/strings loads without a message and has ja and en") {
    Loaded l = load_shipped();
    INFO(joined(l.messages));
    CHECK(l.messages.empty());
    std::vector<std::string> langs = l.strings.languages();
    CHECK(std::find(langs.begin(), langs.end(), "ja") != langs.end());
    CHECK(std::find(langs.begin(), langs.end(), "en") != langs.end());
    CHECK(langs.front() == "ja");  // kLanguages order
}

TEST_CASE("strings: every language has exactly the keys of ja, and ja has every key the screens use") {
    Loaded l = load_shipped();
    const std::vector<std::string> ja = l.strings.keys("ja");
    for (const std::string& key : kRequiredKeys) {
        CAPTURE(key);
        CHECK(std::binary_search(ja.begin(), ja.end(), key));
    }
    // The admin and setup screens are for staff: their keys (admin.*, setup.*)
    // are in ja and en only; every visitor-facing key is in every language.
    std::vector<std::string> visitor;
    std::copy_if(ja.begin(), ja.end(), std::back_inserter(visitor),
                 [](const std::string& k) { return k.rfind("admin.", 0) != 0 && k.rfind("setup.", 0) != 0; });
    CHECK(visitor.size() < ja.size());
    for (const std::string& lang : l.strings.languages()) {
        CAPTURE(lang);
        const std::vector<std::string> keys = l.strings.keys(lang);
        const std::vector<std::string>& want = (lang == "ja" || lang == "en") ? ja : visitor;
        std::vector<std::string> missing, extra;
        std::set_difference(want.begin(), want.end(), keys.begin(), keys.end(), std::back_inserter(missing));
        std::set_difference(keys.begin(), keys.end(), want.begin(), want.end(), std::back_inserter(extra));
        INFO("missing in " << lang << ":\n" << joined(missing) << "not expected:\n" << joined(extra));
        CHECK(keys == want);
    }
}

TEST_CASE("strings: no text is empty, and placeholders are the same in every language") {
    Loaded l = load_shipped();
    for (const std::string& lang : l.strings.languages()) {
        for (const std::string& key : l.strings.keys(lang)) {
            CAPTURE(lang);
            CAPTURE(key);
            bool fallback = true;
            const std::string& text = l.strings.get(lang, key, &fallback);
            CHECK_FALSE(fallback);
            CHECK_FALSE(text.empty());
            CHECK(placeholders(text) == placeholders(l.strings.get("ja", key)));
        }
    }
    CHECK(placeholders(l.strings.get("ja", "results.count")) == std::vector<std::string>{"n"});
    CHECK(placeholders(l.strings.get("ja", "idle.seconds_left")) == std::vector<std::string>{"n"});
}

TEST_CASE("strings: the attract and neutral screens name no addiction, in any language") {
    Loaded l = load_shipped();
    for (const std::string& lang : l.strings.languages()) {
        for (const std::string& key : l.strings.keys(lang)) {
            if (key.rfind("attract.", 0) != 0 && key.rfind("neutral.", 0) != 0) continue;
            const std::string text = ascii_lower(l.strings.get(lang, key));
            for (const char* word : kSensitiveWords) {
                CAPTURE(lang);
                CAPTURE(key);
                CAPTURE(std::string(word));
                CHECK(text.find(word) == std::string::npos);
            }
        }
    }
}

TEST_CASE("strings: the neutral screen is 4 to 6 short paragraphs in every language") {
    Loaded l = load_shipped();
    for (const std::string& lang : l.strings.languages()) {
        CAPTURE(lang);
        const std::string& body = l.strings.get(lang, "neutral.body");
        int paragraphs = 1;
        for (size_t at = body.find("\n\n"); at != std::string::npos; at = body.find("\n\n", at + 2)) ++paragraphs;
        CHECK(paragraphs >= 4);
        CHECK(paragraphs <= 6);
        CHECK(body.front() != '\n');
        CHECK(body.back() != '\n');
    }
}

// ---------------------------------------------------------------------------
// get(): fallback to Japanese, then to the key
// ---------------------------------------------------------------------------

TEST_CASE("strings: get falls back to Japanese, then to the key itself, and says so") {
    madoguchi::test::TempDir dir;
    dir.write("ja.toml", "\"a\" = \"あ\"\n\"b\" = \"い\"\n");
    dir.write("en.toml", "\"a\" = \"A\"\n");
    std::vector<std::string> messages;
    UiStrings s = UiStrings::load_dir(dir.str(), &messages);
    INFO(joined(messages));
    CHECK(messages.empty());
    CHECK(s.languages() == std::vector<std::string>{"ja", "en"});

    struct Row {
        const char* lang;
        const char* key;
        const char* text;
        bool fallback;
        bool contained;
    };
    const Row rows[] = {
        {"en", "a", "A", false, true},     // translated
        {"ja", "a", "あ", false, true},     // Japanese itself
        {"en", "b", "い", true, false},     // no English: Japanese
        {"ko", "a", "あ", true, false},     // language not loaded at all: Japanese
        {"en", "zz", "zz", true, false},   // nowhere: the key, visible
        {"ja", "zz", "zz", true, false},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.lang));
        CAPTURE(std::string(r.key));
        bool fallback = !r.fallback;
        CHECK(s.get(r.lang, r.key, &fallback) == r.text);
        CHECK(fallback == r.fallback);
        CHECK(s.contains(r.lang, r.key) == r.contained);
        CHECK(s.get(r.lang, r.key) == r.text);  // fallback pointer is optional
    }
    // A missing key's text stays put (screens keep the reference for a frame).
    const std::string& first = s.get("en", "missing.key");
    const std::string& second = s.get("ja", "missing.key");
    CHECK(&first == &second);
    CHECK(first == "missing.key");
    CHECK(s.keys("en") == std::vector<std::string>{"a"});
    CHECK(s.keys("ko").empty());
}

TEST_CASE("strings: tables and dotted keys flatten to the same dotted names") {
    madoguchi::test::TempDir dir;
    dir.write("ja.toml",
              "\"attract.title\" = \"一\"\n"
              "detail.cost = \"二\"\n"
              "\"detail.cost.free\" = \"三\"\n"
              "[idle]\n"
              "question = \"四\"\n");
    std::vector<std::string> messages;
    UiStrings s = UiStrings::load_dir(dir.str(), &messages);
    INFO(joined(messages));
    CHECK(messages.empty());
    CHECK(s.keys("ja") == std::vector<std::string>{"attract.title", "detail.cost", "detail.cost.free", "idle.question"});
    CHECK(s.get("ja", "idle.question") == "四");
    CHECK(s.get("ja", "detail.cost.free") == "三");
}

// ---------------------------------------------------------------------------
// load_dir(): every problem reported, what could be read kept
// ---------------------------------------------------------------------------

TEST_CASE("strings: problems in the files are reported with file:line:column and cost only themselves") {
    madoguchi::test::TempDir dir;
    const std::string d = dir.str() + "/";
    dir.write("ja.toml",
              "\"a\" = \"あ\"\n"
              "\"count\" = \"{n}件\"\n"
              "\"num\" = 3\n"
              "\"blank\" = \"\"\n"
              "x.y = \"一\"\n"
              "\"x.y\" = \"二\"\n");
    dir.write("en.toml",
              "\"a\" = \"A\"\n"
              "\"count\" = \"{count} found\"\n"
              "\"typo\" = \"T\"\n");
    dir.write("ko.toml", "\"a\" = \"가\n");  // unterminated string
    dir.write("fr.toml", "\"a\" = \"à\"\n");
    dir.write("notes.txt", "not a strings file, not looked at\n");
    std::vector<std::string> messages{"(earlier message)"};
    UiStrings s = UiStrings::load_dir(dir.str(), &messages);
    CHECK(joined(messages) ==
          "(earlier message)\n" +
          d + "en.toml:2:11: count has placeholders {count} but ja.toml has {n}; the Japanese text is shown instead\n" +
          d + "en.toml:3:10: typo is not in ja.toml (a typo?)\n" +
          d + "fr.toml: \"fr\" is not a language the kiosk knows (ja, ja-x-easy, en, zh-Hans, ko, vi, pt-BR, ne, tl); "
              "the file is ignored\n" +
          d + "ja.toml:3:9: num should be a text in quotes; it is not used\n" +
          d + "ja.toml:4:11: blank is empty; the Japanese text is shown instead\n" +
          d + "ja.toml:6:9: x.y is given twice (first at line 5); this one is not used\n" +
          d + "ko.toml:1:9: not valid TOML: error while parsing string: unescaped control characters other than TAB "
              "(U+0009) are explicitly prohibited; none of its texts are used\n");
    CHECK(s.languages() == std::vector<std::string>{"ja", "en"});
    bool fallback = false;
    CHECK(s.get("en", "count", &fallback) == "{n}件");
    CHECK(fallback);
    CHECK(s.get("en", "a") == "A");
    CHECK(s.get("ko", "a") == "あ");
    CHECK(s.get("ja", "x.y") == "一");
    CHECK(s.get("ja", "num") == "num");
    CHECK(s.get("en", "typo") == "T");  // kept: harmless, and reported
}

TEST_CASE("strings: a folder without ja.toml, or no folder at all, is reported") {
    madoguchi::test::TempDir dir;
    dir.write("en.toml", "\"a\" = \"A\"\n");
    std::vector<std::string> messages;
    UiStrings s = UiStrings::load_dir(dir.str(), &messages);
    CHECK(joined(messages) == dir.file("ja.toml") + ": is missing; texts cannot fall back to Japanese\n");
    CHECK(s.get("en", "a") == "A");
    CHECK(s.get("ko", "a") == "a");

    messages.clear();
    UiStrings none = UiStrings::load_dir(dir.file("no-such-folder"), &messages);
    CHECK(joined(messages) == dir.file("no-such-folder") + ": cannot read the folder (No such file or directory)\n");
    CHECK(none.languages().empty());
    CHECK(none.get("ja", "attract.title") == "attract.title");
    CHECK_NOTHROW(UiStrings::load_dir(dir.str(), nullptr));
}

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

TEST_CASE("strings: placeholders are {name} with lower-case letters, digits and _") {
    struct Row {
        const char* text;
        std::vector<std::string> names;
    };
    const Row rows[] = {
        {"{n}件", {"n"}},
        {"あと{n}秒 {n}", {"n"}},
        {"{b} and {a_1}", {"a_1", "b"}},
        {"{} {N} { n} {n-1} {", {}},
        {"no braces", {}},
        {"{{n}}", {"n"}},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.text));
        CHECK(placeholders(r.text) == r.names);
    }
    CHECK(fill_placeholder("{n}件見つかりました", "n", "12") == "12件見つかりました");
    CHECK(fill_placeholder("{n} of {n}, {m}", "n", "3") == "3 of 3, {m}");
    CHECK(fill_placeholder("{nn} {n", "n", "3") == "{nn} {n");
    CHECK(fill_placeholder("", "n", "3") == "");
}

TEST_CASE("language_endonym: a language of the data by its own name, from ICU; unknown tags stay as they are") {
    using madoguchi::core::language_endonym;
    CHECK(language_endonym("zh") == "中文");
    CHECK(language_endonym("pt") == "português");
    CHECK(language_endonym("es") == "español");
    CHECK(language_endonym("ja") == "日本語");
    // Not a language ICU has data for, and not a tag at all: shown as given, never "?".
    CHECK(language_endonym("qaa") == "qaa");
    CHECK(language_endonym("") == "");
    CHECK(language_endonym("!!") == "!!");
}
