// SPDX-License-Identifier: Apache-2.0
// Evidence quotes: a contact value must be written in the quote that is said to
// hold it. Tables of real-looking quotes (as Japanese public pages print them)
// with the value an admin typed, and whether the build may accept it.
#include <doctest/doctest.h>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/evidence.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

TEST_CASE("evidence: phone numbers, with the groupings pages use and not one digit off") {
    struct Case { const char* number; const char* quote; bool held; };
    const Case cases[] = {
        {"06-6691-2811", "電話：06-6691-2811（代表）", true},
        {"06-6691-2811", "電話：０６－６６９１－２８１１", true},            // full width
        {"06-6691-2811", "TEL 06(6691)2811", true},                         // area code grouping
        {"06-6691-2811", "ＴＥＬ（０６）６６９１－２８１１", true},
        {"06-6691-2811", "電話 06‐6691‐2811", true},                        // U+2010 hyphen
        {"06-6691-2811", "電話 06ー6691ー2811", true},                        // long-vowel mark as hyphen
        {"093-522-8744", "電話093・522・8744。", true},                       // middle dot
        {"06-6922-3475", "依存症相談ダイヤル 0669223475", true},              // no grouping at all
        {"0570-064-556", "0570-064-556(おこなおう まもろうよ こころ)", true},
        {"0570-064-556", "0570-046-556（ナビダイヤル）", false},              // the wrong number a blog printed
        {"06-6691-2811", "電話：06-6691-2818", false},                        // one digit off
        {"06-6691-2811", "電話：06-6691-28111", false},                       // an extra digit
        {"06-6691-2811", "電話：006-6691-2811", false},
        {"06-6691-2811", "FAX 06-6691-2811 電話 06-6691-2812", true},        // the number is there (the reviewer reads the label)
        {"06-6691-2811", "相談は平日のみです。", false},
        {"#7119", "救急安心センター事業（♯7119）", true},                   // U+266F sharp sign
        {"#7119", "救急安心センター事業（＃７１１９）", true},
        {"#7119", "7119番", false},                                          // without its #
        {"119", "救急車を呼ぶときは119番へ", true},
        {"188", "消費者ホットライン「188（いやや！）」", true},
        {"188", "電話 0120-188-000", false},                                 // inside a longer number
    };
    for (const Case& c : cases) {
        INFO((std::string(c.number) + " in " + c.quote));
        CHECK(quote_holds_phone(c.number, c.quote) == c.held);
    }
}

TEST_CASE("evidence: mail addresses, URLs and addresses") {
    CHECK(quote_holds_email("kokoro@pref.gunma.lg.jp", "E-mail kokoro@pref.gunma.lg.jp"));
    CHECK(quote_holds_email("kokoro@pref.gunma.lg.jp", "メール：kokoro＠pref.gunma.lg.jp。"));
    CHECK(quote_holds_email("one@oneness-g.com", "メール相談：one[at]oneness-g.com"));
    CHECK(quote_holds_email("One@Oneness-G.com", "one(at)oneness-g.com"));
    CHECK_FALSE(quote_holds_email("one@oneness-g.com", "メール相談：none@oneness-g.com"));
    CHECK_FALSE(quote_holds_email("one@oneness-g.com", "one@oneness-g.com.au"));
    CHECK_FALSE(quote_holds_email("one@oneness-g.com", "E-mailone@oneness-g.co"));

    CHECK(quote_holds_url("https://www.ask.or.jp/", "https://www.ask.or.jp/（相談先が細かく載っている）"));
    CHECK(quote_holds_url("https://www.ask.or.jp/", "くわしくは www.ask.or.jp をごらんください"));  // no scheme printed
    CHECK(quote_holds_url("https://najapan.org/meeting/online-list", "▼ https://najapan.org/meeting/online-list"));
    CHECK_FALSE(quote_holds_url("https://www.ask.or.jp/", "https://www.ask.or.jp/article/347"));  // a deeper page
    CHECK_FALSE(quote_holds_url("https://ask.or.jp/", "https://www.ask.or.jp/"));
    CHECK_FALSE(quote_holds_url("https://www.ask.or.jp/a", "https://www.ask.or.jp/ab"));
    CHECK(same_url("https://WWW.ASK.or.jp/", "https://www.ask.or.jp"));
    CHECK_FALSE(same_url("https://www.ask.or.jp/A", "https://www.ask.or.jp/a"));  // paths keep their case

    CHECK(quote_holds_text("前橋市野中町368", "〒379-2166　前橋市野中町３６８"));
    CHECK(quote_holds_text("中央区みなと町1-2-3", "所在地：みなと市中央区みなと町１丁目…中央区みなと町1－2－3"));
    CHECK_FALSE(quote_holds_text("前橋市野中町368", "前橋市野中町386"));
}

TEST_CASE("evidence: opening hours in the ways pages write them") {
    auto hm = [](int h, int m) { return h * 60 + m; };
    struct Case { int opens, closes; const char* quote; bool held; };
    const Case cases[] = {
        {hm(9, 0), hm(17, 0), "月曜日から金曜日 9:00～17:00（祝日を除く）", true},
        {hm(9, 0), hm(17, 0), "平日　午前９時から午後５時まで", true},
        {hm(8, 30), hm(17, 15), "平日前8時30分から午後5時15分まで", true},
        {hm(9, 0), hm(12, 0), "平日 午前9時から正午まで", true},
        {hm(13, 30), hm(16, 30), "毎週月曜日・火曜日 13時半～16時半", true},
        {hm(0, 0), hm(24, 0), "24時間・365日受け付けています", true},
        {hm(22, 0), hm(6, 0), "夜の電話（平日　午後10時～午前6時）", true},
        {hm(9, 0), hm(17, 0), "平日 9:00～17:30", false},                      // closes differs
        {hm(9, 0), hm(20, 0), "平日9時~17時", false},
        {hm(10, 0), hm(16, 0), "受付は10月1日から16日まで", false},            // dates are not times
        {hm(0, 0), hm(24, 0), "1時間程度お話をうかがいます", false},
    };
    for (const Case& c : cases) {
        INFO(std::string(c.quote));
        CHECK(quote_holds_hours(c.opens, c.closes, c.quote) == c.held);
    }
}

namespace {
std::vector<std::string> problems(const std::map<std::string, std::string>& files) {
    TempDir dir;
    write_source(dir, files);
    std::vector<std::string> out;
    for (const auto& d : check_bundle_source(dir.str()).diagnostics.sorted()) {
        std::string m = format_diagnostic(d);
        m = m.substr(dir.str().size() + 1);
        out.push_back(m);
    }
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}

std::map<std::string, std::string> with_evidence(const std::string& from, const std::string& to) {
    auto f = minimal_source();
    auto& e = f.at("evidence.csv");
    REQUIRE(e.find(from) != std::string::npos);
    e.replace(e.find(from), from.size(), to);
    return f;
}
}  // namespace

TEST_CASE("build: a value its evidence does not hold is refused at the value, naming the quote") {
    struct Case { const char* what; std::map<std::string, std::string> files; std::vector<std::string> expected; };
    auto no_evidence_file = minimal_source();
    no_evidence_file.erase("evidence.csv");
    auto synthetic = minimal_source();
    synthetic.erase("evidence.csv");
    synthetic.at("bundle.csv") += "synthetic,yes\n";
    const Case cases[] = {
        {"one digit off in the quote", with_evidence("０１２０（１１１）３５１（平日　午後10時", "０１２０（１１１）３５８（平日　午後10時"),
         {"phones.csv:2:13: number: \"0120-111-351\" is not in its evidence quote (evidence.csv line 6); copy the value from "
          "the quote, or the quote from the source, exactly"}},
        {"hours that differ", with_evidence("schedules,h-b,hours,src,夜の電話　０１２０（１１１）３５１（平日　午後10時～午前6時）",
                                             "schedules,h-b,hours,src,夜の電話（平日　午後9時～午前6時）"),
         {"schedules.csv:2:25: opens: the hours 22:00–06:00 are not in its evidence quote (evidence.csv line 7); copy the "
          "value from the quote, or the quote from the source, exactly"}},
        {"an address the quote does not hold", with_evidence("北区１－１", "北区１－２"),
         {"locations.csv:2:30: address: \"北区1-1\" is not in its evidence quote (evidence.csv line 4); copy the value from "
          "the quote, or the quote from the source, exactly"}},
        {"a website that is neither in the quote nor the source page", with_evidence("https://example.org/a を", "https://example.org/b を"),
         {"services.csv:2:96: website: \"https://example.org/a\" is not in its evidence quote (evidence.csv line 5); copy "
          "the value from the quote, or the quote from the source, exactly"}},
        {"evidence for a value that is not there", with_evidence("services,svc-a,website", "services,svc-b,website"),
         {"evidence.csv:5:1: table: services \"svc-b\" has no website for this evidence to prove",
          "services.csv:2:96: website: \"https://example.org/a\" has no evidence: add a row to evidence.csv "
          "(services,svc-a,website,<source id>,<the sentence of the source that holds it>)"}},
        {"a field that carries no contact value", with_evidence("services,svc-a,website", "services,svc-a,name"),
         {"evidence.csv:5:16: field: \"name\" is not a contact value of services (email, website)",
          "services.csv:2:96: website: \"https://example.org/a\" has no evidence: add a row to evidence.csv "
          "(services,svc-a,website,<source id>,<the sentence of the source that holds it>)"}},
        {"an unknown source", with_evidence("phones,tel-b,number,src", "phones,tel-b,number,nowhere"),
         {"evidence.csv:6:21: source: no source with id \"nowhere\""}},
        {"no evidence.csv at all: every value is named",
         no_evidence_file,
         {"locations.csv:2:30: address: \"北区1-1\" has no evidence: add a row to evidence.csv (locations,loc,address,<source "
          "id>,<the sentence of the source that holds it>); there is no evidence.csv",
          "organizations.csv:2:27: website: \"https://example.org/\" has no evidence: add a row to evidence.csv "
          "(organizations,org,website,<source id>,<the sentence of the source that holds it>); there is no evidence.csv",
          "organizations.csv:2:48: email: \"info@example.org\" has no evidence: add a row to evidence.csv "
          "(organizations,org,email,<source id>,<the sentence of the source that holds it>); there is no evidence.csv",
          "phones.csv:2:13: number: \"0120-111-351\" has no evidence: add a row to evidence.csv (phones,tel-b,number,<source "
          "id>,<the sentence of the source that holds it>); there is no evidence.csv",
          "schedules.csv:2:25: opens: the hours 22:00–06:00 have no evidence: add a row to evidence.csv "
          "(schedules,h-b,hours,<source id>,<the sentence of the source that holds it>); there is no evidence.csv",
          "services.csv:2:96: website: \"https://example.org/a\" has no evidence: add a row to evidence.csv "
          "(services,svc-a,website,<source id>,<the sentence of the source that holds it>); there is no evidence.csv"}},
        {"synthetic data needs none", synthetic, {}},
    };
    for (const Case& c : cases) {
        INFO(std::string(c.what));
        CHECK(joined(problems(c.files)) == joined(c.expected));
    }
}

TEST_CASE("build: an inactive service says why") {
    auto f = minimal_source();
    auto& s = f.at("services.csv");
    s.replace(s.find(",yes,,src,"), 10, ",yes,inactive,src,");
    CHECK(joined(problems(f)) == "services.csv:2:1: status_note: an inactive service needs a status_note saying why (e.g. "
                                 "the number could not be confirmed)\n");
}
