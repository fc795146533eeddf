// SPDX-License-Identifier: Apache-2.0
// Line breaking: Japanese kinsoku (ja@lb=strict), tokens kept whole, emergency
// breaks, widths respected.
#include <doctest/doctest.h>

#include <algorithm>

#include "text_test_support.hpp"

using namespace madoguchi::text;
using namespace madoguchi::test;

namespace {

// No line may start with these (strict kinsoku) …
const std::u32string kNoStart = U"。、」）』】〕・ー！？：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞ…,.)]";
// … and none may end with these.
const std::u32string kNoEnd = U"「（『【〔([";

const char* kParagraph =
    "やめたいのにやめられない。どこに相談したらいいかわからない。そう感じたら、まずだれかに話してみてください。"
    "自分がかかえている問題を打ち明けることが、回復へのはじめの一歩になります。「精神保健福祉センター」（こころの健康センター）"
    "では、お酒、薬物、ギャンブルなどの相談を無料で受けています。ショッピングやゲーム（ネット）のことも、ちょっとしたことから話せます。";

}  // namespace

TEST_CASE("line breaks: strict kinsoku opportunities") {
    for (char32_t c : kNoStart) {
        std::string s = "あい";
        std::u32string u(1, c);
        // encode c
        std::string enc;
        if (c < 0x80) enc += static_cast<char>(c);
        else if (c < 0x800) { enc += static_cast<char>(0xC0 | (c >> 6)); enc += static_cast<char>(0x80 | (c & 0x3F)); }
        else { enc += static_cast<char>(0xE0 | (c >> 12)); enc += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); enc += static_cast<char>(0x80 | (c & 0x3F)); }
        s += enc + "うえ";
        auto opp = line_break_opportunities(s, "ja");
        CAPTURE(s);
        CHECK(std::find(opp.begin(), opp.end(), 6u) == opp.end());  // not before c
    }
    for (std::string open : {"「", "（", "『"}) {
        std::string s = "あい" + open + "うえ";
        auto opp = line_break_opportunities(s, "ja");
        CAPTURE(s);
        CHECK(std::find(opp.begin(), opp.end(), 9u) == opp.end());  // not after the bracket
        CHECK(std::find(opp.begin(), opp.end(), 6u) != opp.end());  // but before it
    }
}

TEST_CASE("line breaks: a paragraph at many widths never breaks against kinsoku and never overflows") {
    int checked = 0;
    for (float width = 90; width <= 700; width += 13) {
        auto l = lay(kParagraph, width);
        REQUIRE(l.lines.size() >= 2);
        std::string rebuilt;
        for (const auto& line : line_texts(l)) {
            CAPTURE(width);
            CAPTURE(line);
            auto u = to_u32(line);
            REQUIRE_FALSE(u.empty());
            CHECK(kNoStart.find(u.front()) == std::u32string::npos);
            CHECK(kNoEnd.find(u.back()) == std::u32string::npos);
            rebuilt += line;
            ++checked;
        }
        for (const auto& line : l.lines) CHECK(line.width <= width + 0.01f);
        CHECK(rebuilt == kParagraph);  // nothing lost, nothing repeated
        CHECK(l.missing_glyphs == 0);
    }
    CHECK(checked > 100);
}

TEST_CASE("line breaks: exact positions around a full stop") {
    // Noto Sans CJK kana and 。 are 1 em wide: 5 em per line.
    auto l = lay("あいうえお。かきくけこ", 100, 20);
    CHECK(join_lines(line_texts(l)) == "[あいうえ][お。かきく][けこ]");
    auto m = lay("あいうえ「おかきくけこ」です", 100, 20);
    CHECK(join_lines(line_texts(m)) == "[あいうえ][「おかきく][けこ」です]");
}

TEST_CASE("line breaks: phone numbers, URLs and e-mail addresses stay whole") {
    struct Case {
        const char* text;
        const char* token;
    };
    const Case cases[] = {
        {"相談ダイヤルは0120-111-351です。平日につながります。", "0120-111-351"},
        {"くわしくはhttps://www.ask.or.jp/をごらんください。", "https://www.ask.or.jp/"},
        {"メールはone@oneness-g.comへ送ってください。", "one@oneness-g.com"},
        {"Call 0120-111-351 on weekdays, or see https://aajapan.org/new_offices/ for meetings.", "https://aajapan.org/new_offices/"},
        {"Call 0120-111-351 on weekdays, or see https://aajapan.org/new_offices/ for meetings.", "0120-111-351"},
        {"相談ダイヤル（０１２０－１１１－３５１）は平日につながります。", "０１２０－１１１－３５１"},
        {"番号は0120‐111‐351です。", "0120‐111‐351"},
    };
    for (const auto& c : cases) {
        const std::string text = c.text, token = c.token;
        // Kinsoku may glue a bracket or full stop to each side of the token
        // (「（0120…）」 cannot be separated), so allow 2 em for those.
        const float token_w = lay(token, 0).width + 2 * 20;
        for (float width = token_w + 1; width < token_w + 400; width += 17) {
            auto lines = line_texts(lay(text, width));
            CAPTURE(text);
            CAPTURE(width);
            CAPTURE(join_lines(lines));
            CHECK(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(token) != std::string::npos; }));
        }
    }
}

TEST_CASE("line breaks: a token wider than the line is cut, and nothing is lost") {
    const std::string url = "https://www.sca-japan.org/%E3%82%B0%E3%83%AB%E3%83%BC%E3%83%97";
    auto l = lay(url, 200);
    CHECK(l.lines.size() > 1);
    std::string rebuilt;
    for (const auto& s : line_texts(l)) rebuilt += s;
    CHECK(rebuilt == url);
    for (const auto& line : l.lines) CHECK(line.width <= 200.01f);
}

TEST_CASE("line breaks: English wraps at spaces, spaces hang at line ends") {
    auto l = lay("Alcoholics Anonymous meetings are free and anonymous", 260, 20, "en");
    REQUIRE(l.lines.size() >= 2);
    for (const auto& s : line_texts(l)) {
        CAPTURE(s);
        CHECK(s.front() != ' ');
    }
    // Every word appears whole on some line.
    for (std::string w : {"Alcoholics", "Anonymous", "meetings", "anonymous"}) {
        auto lines = line_texts(l);
        CHECK(std::any_of(lines.begin(), lines.end(), [&](const std::string& s) { return s.find(w) != std::string::npos; }));
    }
    for (const auto& line : l.lines) CHECK(line.width <= 260.01f);
}

TEST_CASE("layout: explicit line breaks, alignment, max lines with ellipsis") {
    auto l = lay("一行目\n\n三行目", 400);
    CHECK(join_lines(line_texts(l)) == "[一行目][][三行目]");

    TextEngine engine(fonts());
    TextStyle st;
    st.size_px = 20;
    st.align = Align::center;
    auto c = engine.layout_uncached("あい", st, 200);
    REQUIRE(c.lines.size() == 1);
    CHECK(c.lines[0].x == doctest::Approx(80).epsilon(0.01));
    st.align = Align::right;
    auto r = engine.layout_uncached("あい", st, 200);
    CHECK(r.lines[0].x == doctest::Approx(160).epsilon(0.01));

    st.align = Align::left;
    st.max_lines = 2;
    auto cut = engine.layout_uncached(kParagraph, st, 200);
    CHECK(cut.truncated);
    REQUIRE(cut.lines.size() == 2);
    CHECK(cut.lines[1].width <= 200.01f);
    // The last glyph drawn is the ellipsis.
    const auto& last = cut.glyphs[cut.lines[1].first_glyph + cut.lines[1].glyph_count - 1];
    hb_codepoint_t ell = 0;
    hb_font_get_nominal_glyph(fonts().hb_font(last.font), 0x2026, &ell);
    CHECK(last.glyph == ell);
    auto whole = engine.layout_uncached("短い", st, 200);
    CHECK_FALSE(whole.truncated);
}

TEST_CASE("line breaks: Korean keeps words whole (keep-all)") {
    // Numbers and brackets next to Hangul belong to the word (30초, 10대, (무료)상담).
    const std::string text = "무료로 상담할 수 있습니다. 비누로 30초 정도 씻으세요. 10대도 (무료)상담 가능합니다.";
    for (float width = 120; width <= 600; width += 11) {
        auto l = lay(text, width, 24, "ko");
        for (const auto& line : l.lines) {
            CAPTURE(width);
            // Each line starts at the start of the text or right after a space.
            CHECK((line.text_begin == 0 || l.plain_text[line.text_begin - 1] == ' '));
        }
        CHECK(l.missing_glyphs == 0);
    }
}

TEST_CASE("line breaks: やさしい日本語 breaks only between its spaced phrases") {
    const std::string text = "はなしを きいて くれる ところを いっしょに さがします。こまった ときは かかりの ひとに きいて ください";
    for (float width = 150; width <= 700; width += 13) {
        auto l = lay(text, width, 24, "ja-x-easy");
        for (const auto& line : l.lines) {
            CAPTURE(width);
            const std::string before = line.text_begin == 0 ? std::string() : l.plain_text.substr(0, line.text_begin);
            CAPTURE(before);
            // After a space, or after the 。 that ends a sentence.
            CHECK((before.empty() || before.back() == ' ' || before.ends_with("。")));
            CHECK(l.missing_glyphs == 0);
        }
    }
}

TEST_CASE("line breaks: phrase breaking for short Japanese labels") {
    TextEngine engine(fonts());
    TextStyle st;
    st.size_px = 20;
    st.phrases = true;
    // 6 em: character breaking would give 「わからない・そ|の他」.
    auto l = engine.layout_uncached("わからない・その他", st, 140);
    CHECK(join_lines(line_texts(l)) == "[わからない・][その他]");
    st.phrases = false;
    auto c = engine.layout_uncached("わからない・その他", st, 140);
    CHECK(join_lines(line_texts(c)) == "[わからない・そ][の他]");
}
