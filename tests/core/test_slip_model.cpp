// SPDX-License-Identifier: Apache-2.0
// test_slip_model.cpp — the slip's words and model (slip.hpp) and a day's
// hours (schedule.hpp, hours_on):
//   - hours_on            a weekday, a closed day, a holiday, holiday-only, 24 hours, overnight, validity
//   - describe_day        "今日  10:00–17:00", "明日  お休み", bilingual "Hôm nay / 今日"
//   - slip words          every slip word is in every language's strings
//   - build_slip          Japanese slips (ja, やさしい日本語) and bilingual ones (en, vi, …) from the sample
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "madoguchi/core/schedule.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

const UiStrings& shipped() {
    static const UiStrings s = UiStrings::load_dir(std::string(MADOGUCHI_ASSETS_DIR) + "/strings", nullptr);
    return s;
}

Built& sample() {
    static Built b{std::string(MADOGUCHI_SAMPLE_DIR)};
    return b;
}

ScheduleRule rule(const char* days, int opens, int closes, HolidayRule holidays = HolidayRule::closed) {
    ScheduleRule r;
    r.days = parse_days(days, nullptr).value();
    r.opens = opens;
    r.closes = closes;
    r.holidays = holidays;
    return r;
}

CivilDate date(const char* s) { return parse_date(s).value(); }

// 2026-11-23 (Mon) is a national holiday (勤労感謝の日); 11-20 Fri, 11-21 Sat, 11-24 Tue.
const HolidayTest kHolidays = [](CivilDate d) { return d == CivilDate{2026, 11, 23}; };

// Every key slip_words() reads. A word missing in one language file would be
// printed in Japanese (UiStrings' fallback); tests/strings/check_string_keys.py
// fails the build's tests for it, and this lists what a slip needs.
const char* const kSlipKeys[] = {"slip.header",       "detail.phone",   "detail.website",        "detail.email",
                                 "detail.sector.private", "detail.sector.nonprofit", "slip.as_of", "qr.call",
                                 "qr.web",            "slip.today",     "slip.tomorrow",         "slip.today_holiday",
                                 "slip.tomorrow_holiday", "slip.closed", "slip.all_day", "slip.say"};

}  // namespace

// ---------------------------------------------------------------------------
// hours_on
// ---------------------------------------------------------------------------

TEST_CASE("hours_on: a day's hours from the rules, holidays and overnight spans") {
    using Spans = std::vector<std::pair<int, int>>;
    struct Row {
        const char* what;
        std::vector<ScheduleRule> rules;
        const char* day;
        bool holiday, all_day;
        Spans spans;
    };
    const Row rows[] = {
        {"a weekday", {rule("mon-fri", 600, 1020)}, "2026-11-20", false, false, {{600, 1020}}},
        {"a closed day (Saturday)", {rule("mon-fri", 600, 1020)}, "2026-11-21", false, false, {}},
        {"a holiday closes a weekday rule", {rule("mon-fri", 600, 1020)}, "2026-11-23", true, false, {}},
        {"a rule open on holidays", {rule("mon-fri", 600, 1020, HolidayRule::open)}, "2026-11-23", true, false, {{600, 1020}}},
        {"a holiday-only rule on a holiday", {rule("mon-fri", 600, 1020), rule("", 540, 720, HolidayRule::only)}, "2026-11-23", true, false,
         {{540, 720}}},
        {"a holiday-only rule on a weekday", {rule("", 540, 720, HolidayRule::only)}, "2026-11-24", false, false, {}},
        {"24 hours", {rule("daily", 0, 1440, HolidayRule::open)}, "2026-11-23", true, true, {}},
        {"24 hours from a day and a night rule", {rule("daily", 540, 1020, HolidayRule::open), rule("daily", 1020, 540, HolidayRule::open)},
         "2026-11-24", false, true, {}},
        {"an overnight span is listed on the day it starts", {rule("fri", 1320, 360)}, "2026-11-20", false, false, {{1320, 360}}},
        {"the morning after an overnight span is not a span of its own", {rule("fri", 1320, 360)}, "2026-11-21", false, false, {}},
        {"spans that touch are one", {rule("tue", 540, 720), rule("tue", 720, 1020), rule("tue", 1080, 1200)}, "2026-11-24", false, false,
         {{540, 1020}, {1080, 1200}}},
        {"no rules", {}, "2026-11-24", false, false, {}},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.what));
        const DayHours h = hours_on(r.rules, date(r.day), kHolidays);
        CHECK(h.holiday == r.holiday);
        CHECK(h.all_day == r.all_day);
        CHECK(h.spans == r.spans);
        CHECK(h.closed() == (r.spans.empty() && !r.all_day));
    }
    // A rule outside its validity does not count.
    ScheduleRule later = rule("daily", 600, 1020, HolidayRule::open);
    later.valid_from = date("2026-12-01");
    CHECK(hours_on({later}, date("2026-11-24"), kHolidays).closed());
    CHECK_FALSE(hours_on({later}, date("2026-12-01"), kHolidays).closed());
    CHECK(describe_spans(hours_on({rule("tue", 540, 720), rule("tue", 1320, 360)}, date("2026-11-24"), kHolidays)) == "9:00–12:00, 22:00–6:00");
}

// ---------------------------------------------------------------------------
// describe_day
// ---------------------------------------------------------------------------

TEST_CASE("describe_day: today and tomorrow in the visitor's words, with Japanese on a bilingual slip") {
    const SlipWords ja = slip_words(shipped(), "ja");
    const SlipWords vi = slip_words(shipped(), "vi");
    const SlipWords easy = slip_words(shipped(), "ja-x-easy");
    const std::vector<ScheduleRule> weekdays = {rule("mon-fri", 600, 1020)};
    const std::vector<ScheduleRule> always = {rule("daily", 0, 1440, HolidayRule::open)};
    const DayHours fri = hours_on(weekdays, date("2026-11-20"), kHolidays);
    const DayHours sat = hours_on(weekdays, date("2026-11-21"), kHolidays);
    const DayHours holiday = hours_on(weekdays, date("2026-11-23"), kHolidays);
    const DayHours all = hours_on(always, date("2026-11-24"), kHolidays);
    CHECK(describe_day(fri, false, ja, nullptr) == "今日  10:00–17:00");
    CHECK(describe_day(sat, true, ja, nullptr) == "明日  お休み");
    CHECK(describe_day(holiday, false, ja, nullptr) == "今日（祝日）  お休み");
    CHECK(describe_day(all, true, ja, nullptr) == "明日  24時間");
    CHECK(describe_day(fri, false, vi, &ja) == "Hôm nay / 今日  10:00–17:00");
    CHECK(describe_day(sat, true, vi, &ja) == "Ngày mai / 明日  Nghỉ / お休み");
    CHECK(describe_day(holiday, true, vi, &ja) == "Ngày mai (ngày lễ) / 明日（祝日）  Nghỉ / お休み");
    CHECK(describe_day(all, false, vi, &ja) == "Hôm nay / 今日  24 giờ / 24時間");
    CHECK(describe_day(sat, false, easy, nullptr) == "{今日|きょう}  お{休|やす}み");
    CHECK(both_languages("Phone", "") == "Phone");
    CHECK(both_languages("電話", "電話") == "電話");
    CHECK(both_languages("", "電話") == "電話");
}

// ---------------------------------------------------------------------------
// The words
// ---------------------------------------------------------------------------

TEST_CASE("slip words: every word of the slip is in every language the kiosk has, none falls back") {
    const UiStrings& s = shipped();
    REQUIRE(s.languages().size() == std::size(kLanguages));
    for (const std::string& lang : s.languages())
        for (const char* key : kSlipKeys) {
            CAPTURE(lang);
            CAPTURE(std::string(key));
            CHECK(s.contains(lang, key));
        }
    // slip_words reads exactly those keys: each field is that key's text.
    const SlipWords ko = slip_words(s, "ko");
    const std::vector<std::string> fields = {ko.header, ko.phone, ko.website, ko.email, ko.private_operator, ko.nonprofit, ko.as_of, ko.call,
                                             ko.web, ko.today, ko.tomorrow, ko.today_holiday, ko.tomorrow_holiday, ko.closed, ko.all_day, ko.say};
    REQUIRE(fields.size() == std::size(kSlipKeys));
    for (size_t i = 0; i < fields.size(); ++i) {
        CAPTURE(std::string(kSlipKeys[i]));
        CHECK(fields[i] == s.get("ko", kSlipKeys[i]));
    }
    // "{date}" is the only placeholder of the date line, in every language.
    for (const std::string& lang : s.languages()) CHECK(placeholders(s.get(lang, "slip.as_of")) == std::vector<std::string>{"date"});
    CHECK(slip_is_bilingual("en"));
    CHECK(slip_is_bilingual("ne"));
    CHECK_FALSE(slip_is_bilingual("ja"));
    CHECK_FALSE(slip_is_bilingual("ja-x-easy"));
}

// ---------------------------------------------------------------------------
// build_slip
// ---------------------------------------------------------------------------

namespace {

Slip slip_in(const std::string& lang, std::optional<CivilDate> today = date("2026-11-20")) {
    return build_slip(*sample().cat, {"oneness-consult", "aa-meetings"},
                      {.lang = lang, .header = "", .words = slip_words(shipped(), lang), .words_ja = slip_words(shipped(), "ja"), .today = today});
}

// Every text of the slip, to look for what must not be on it.
std::string all_text(const Slip& s) {
    std::string t = s.header + "\n" + s.header_ja + "\n" + s.data_date + "\n";
    for (const auto& e : s.entries) {
        t += e.name + "\n" + e.name_ja + "\n" + e.organization + "\n" + e.organization_ja + "\n" + e.operator_note + "\n" + e.operator_note_ja + "\n";
        for (const auto& p : e.phones) {
            t += p.label + "\n" + p.label_ja + "\n" + p.today + "\n" + p.tomorrow + "\n";
            for (const auto& h : p.hours) t += h + "\n";
        }
        for (const auto& n : e.notes) t += n.text + "\n" + n.ja + "\n";
    }
    return t;
}

}  // namespace

TEST_CASE("build_slip: Japanese and やさしい日本語 slips are Japanese only") {
    for (const char* lang : {"ja", "ja-x-easy"}) {
        CAPTURE(std::string(lang));
        const Slip s = slip_in(lang);
        CHECK_FALSE(s.bilingual);
        CHECK(s.header == shipped().get(lang, "slip.header"));
        CHECK(s.header_ja.empty());
        CHECK(s.words_ja.header.empty());  // handed in, not kept: nothing Japanese twice
        REQUIRE(s.entries.size() == 2);
        for (const auto& e : s.entries) {
            CHECK(e.name_ja.empty());
            CHECK(e.organization_ja.empty());
            CHECK(e.operator_note_ja.empty());
            for (const auto& p : e.phones) CHECK(p.label_ja.empty());
        }
    }
    const Slip ja = slip_in("ja");
    CHECK(ja.entries[0].operator_note == "民間の事業者（費用がかかることがあります）");
    REQUIRE(ja.entries[0].phones.size() == 1);
    const SlipPhone& p = ja.entries[0].phones[0];
    CHECK(p.label == "相談ダイヤル");
    CHECK(p.today == "今日  10:00–17:00");     // Friday
    CHECK(p.tomorrow == "明日  お休み");        // Saturday
    CHECK(p.hours == std::vector<std::string>{"月〜金 10:00〜17:00（祝日は休み） 祝日の受付は確認できていません"});
    CHECK(ja.entries[1].phones.empty());  // AA: no phone on the slip, no hours lines
    const Slip easy = slip_in("ja-x-easy");
    CHECK(easy.entries[0].name == "ワンネス{財団|ざいだん}の{電話|でんわ}とメールの{相談|そうだん}");
    CHECK(easy.entries[0].phones[0].today == "{今日|きょう}  10:00–17:00");
}

TEST_CASE("build_slip: other languages are bilingual — the visitor's words first, the Japanese beside them") {
    const Slip en = slip_in("en", date("2026-11-22"));  // Sunday, then the holiday Monday
    CHECK(en.bilingual);
    CHECK(en.header == "Contact details");
    CHECK(en.header_ja == "お問い合わせ先のメモ");
    REQUIRE(en.entries.size() == 2);
    const SlipEntry& one = en.entries[0];
    CHECK(one.name == "Oneness Foundation: phone and e-mail consultation");
    CHECK(one.name_ja == "ワンネス財団の相談ダイヤル・メール相談");
    CHECK(one.operator_note == "A private provider (fees may apply)");
    CHECK(one.operator_note_ja == "民間の事業者（費用がかかることがあります）");
    REQUIRE(one.phones.size() == 1);
    CHECK(one.phones[0].label == "Consultation line");
    CHECK(one.phones[0].label_ja == "相談ダイヤル");
    CHECK(one.phones[0].today == "Today / 今日  Closed / お休み");
    CHECK(one.phones[0].tomorrow == "Tomorrow (public holiday) / 明日（祝日）  Closed / お休み");
    // An English slip keeps the rules in English (the catalogue describes them in ja and en).
    REQUIRE(one.phones[0].hours.size() == 1);
    CHECK(one.phones[0].hours[0].rfind("Mon–Fri 10:00–17:00", 0) == 0);

    // Vietnamese: the sample has no Vietnamese name, so the name is the
    // Japanese one, once; the phone's label is the visitor's word for phone,
    // with the Japanese label beside it; the weekly rules are Japanese.
    const Slip vi = slip_in("vi");
    CHECK(vi.bilingual);
    CHECK(vi.header == "Ghi chú nơi liên hệ");
    CHECK(vi.header_ja == "お問い合わせ先のメモ");
    CHECK(vi.entries[0].name == "ワンネス財団の相談ダイヤル・メール相談");
    CHECK(vi.entries[0].name_ja.empty());
    CHECK(vi.entries[0].name_in_japanese);
    CHECK_FALSE(en.entries[0].name_in_japanese);
    CHECK(vi.entries[0].phones[0].label == shipped().get("vi", "detail.phone"));
    CHECK(vi.entries[0].phones[0].label_ja == "相談ダイヤル");
    CHECK(vi.entries[0].phones[0].today == "Hôm nay / 今日  10:00–17:00");
    CHECK(vi.entries[0].phones[0].hours == std::vector<std::string>{"月〜金 10:00〜17:00（祝日は休み） 祝日の受付は確認できていません"});
    CHECK(vi.words_ja.header == "お問い合わせ先のメモ");

    // Every language but Japanese is bilingual, and every one has its own header.
    for (const std::string_view lang : kLanguages) {
        CAPTURE(std::string(lang));
        const Slip s = slip_in(std::string(lang));
        CHECK(s.bilingual == (lang != "ja" && lang != "ja-x-easy"));
        CHECK(s.header == shipped().get(lang, "slip.header"));
        // The kiosk's date picks the hours but is not on the slip.
        CHECK(all_text(s).find("2026-11-20") == std::string::npos);
        CHECK(all_text(s).find("11-20") == std::string::npos);
    }
}

TEST_CASE("build_slip: without a date there are no day lines, only the weekly rules") {
    const Slip s = slip_in("ja", std::nullopt);
    REQUIRE(s.entries[0].phones.size() == 1);
    CHECK(s.entries[0].phones[0].today.empty());
    CHECK(s.entries[0].phones[0].tomorrow.empty());
    CHECK_FALSE(s.entries[0].phones[0].hours.empty());
}

TEST_CASE("build_slip: what happens when you call — the stated facts, in the detail screen's words, both languages") {
    const UiStrings& st = shipped();
    // Every fact sentence exists in every language (a missing one would print Japanese).
    for (const std::string& lang : st.languages())
        for (const auto& [key, text] : slip_words(st, lang).facts) {
            CAPTURE(lang);
            CAPTURE(key);
            CHECK(st.contains(lang, "detail.fact." + key));
            CHECK_FALSE(text.empty());
        }
    // sca-meetings states anonymous=yes and confidential=yes (data/sample/service_facts.csv).
    auto slip = [&](const std::string& lang) {
        return build_slip(*sample().cat, {"sca-meetings", "oneness-consult"},
                          {.lang = lang, .header = "", .words = slip_words(st, lang), .words_ja = slip_words(st, "ja"), .today = std::nullopt});
    };
    const Slip ja = slip("ja");
    REQUIRE(ja.entries.size() == 2);
    REQUIRE(ja.entries[0].notes.size() == 2);
    CHECK(ja.entries[0].notes[0].text == st.get("ja", "detail.fact.anonymous.yes"));
    CHECK(ja.entries[0].notes[1].text == st.get("ja", "detail.fact.confidential.yes"));
    CHECK(ja.entries[0].notes[0].ja.empty());
    // A service with no stated fact gets no line: never "no" for "not known".
    CHECK(ja.entries[1].notes.empty());
    const Slip vi = slip("vi");
    REQUIRE(vi.entries[0].notes.size() == 2);
    CHECK(vi.entries[0].notes[0].text == st.get("vi", "detail.fact.anonymous.yes"));
    CHECK(vi.entries[0].notes[0].ja == st.get("ja", "detail.fact.anonymous.yes"));
}

TEST_CASE("build_slip: what to say when someone answers — the Japanese words always, their meaning in the visitor's language") {
    const UiStrings& st = shipped();
    auto f = minimal_source();
    f["phones.csv"] =
        "id,service_id,number,type,label,note,say\n"
        "tel-b,svc-b,0120-111-351,voice,夜の電話,,お酒のことで相談したいです\n";
    f["translations.csv"] += "phones,tel-b,say,en,I would like to talk about drinking\n";
    Built b(f);
    auto slip = [&](const std::string& lang) {
        return build_slip(*b.cat, {"svc-b"}, {.lang = lang, .header = "", .words = slip_words(st, lang), .words_ja = slip_words(st, "ja"), .today = std::nullopt});
    };
    // The catalogue carries it, translated where the data has a translation.
    auto d = b.cat->service("svc-b", "en");
    REQUIRE(d);
    REQUIRE(d->phones.size() == 1);
    CHECK(d->phones[0].say.text == "I would like to talk about drinking");
    CHECK_FALSE(d->phones[0].say.fallback);
    const Slip ja = slip("ja");
    REQUIRE(ja.entries.size() == 1);
    REQUIRE(ja.entries[0].phones.size() == 1);
    CHECK(ja.entries[0].phones[0].say == "お酒のことで相談したいです");
    CHECK(ja.entries[0].phones[0].say_meaning.empty());
    CHECK(ja.words.say == st.get("ja", "slip.say"));
    // English: the words to read out stay Japanese (the person answering
    // speaks it); the translation says what they mean.
    const Slip en = slip("en");
    CHECK(en.entries[0].phones[0].say == "お酒のことで相談したいです");
    CHECK(en.entries[0].phones[0].say_meaning == "I would like to talk about drinking");
    CHECK(en.words_ja.say == st.get("ja", "slip.say"));
    // Vietnamese has no translation: the Japanese words, and no meaning line
    // that would only repeat them.
    const Slip vi = slip("vi");
    CHECK(vi.entries[0].phones[0].say == "お酒のことで相談したいです");
    CHECK(vi.entries[0].phones[0].say_meaning.empty());
    // A line without words to say gets none (the sample has none).
    const Slip none = build_slip(*sample().cat, {"oneness-consult"},
                                 {.lang = "ja", .header = "", .words = slip_words(st, "ja"), .words_ja = {}, .today = std::nullopt});
    REQUIRE(none.entries.size() == 1);
    for (const auto& p : none.entries[0].phones) CHECK(p.say.empty());
}
