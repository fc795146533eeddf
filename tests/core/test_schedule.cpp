// SPDX-License-Identifier: Apache-2.0
// test_schedule.cpp — schedule rules, overnight hours, national holidays,
// "open now" and the human text of a rule (schedule.hpp).
#include <doctest/doctest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/core/field_checks.hpp"
#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/evidence.hpp"
#include "madoguchi/core/schedule.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;

namespace {

// November 2026: Fri 20, Sat 21, Sun 22, Mon 23 (勤労感謝の日), Tue 24.
//                Mon 2, Tue 3 (文化の日), Wed 4.
constexpr uint8_t kMonFri = 0x1F;
constexpr uint8_t kDaily = 0x7F;

ScheduleRule rule(uint8_t days, const char* opens, const char* closes,
                  HolidayRule holidays = HolidayRule::closed) {
    ScheduleRule r;
    r.days = days;
    auto o = parse_clock(opens);
    auto c = parse_clock(closes, true);
    REQUIRE(o.has_value());
    REQUIRE(c.has_value());
    r.opens = *o;
    r.closes = *c;
    r.holidays = holidays;
    return r;
}

LocalDateTime at(const char* s) {
    auto t = parse_local_datetime(s);
    REQUIRE_MESSAGE(t.has_value(), s);
    return *t;
}

// 文化の日 and 勤労感謝の日 2026.
bool november_holiday(CivilDate d) { return d == CivilDate{2026, 11, 3} || d == CivilDate{2026, 11, 23}; }

struct Probe {
    const char* when;
    bool open;
};

template <size_t N>
void check_probes(const ScheduleRule& r, const Probe (&probes)[N], const HolidayTest& hol) {
    for (const Probe& p : probes) {
        CAPTURE(std::string(p.when));
        CHECK(rule_open_at(r, at(p.when), hol) == p.open);
    }
}

}  // namespace

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

TEST_CASE("parse_days") {
    SUBCASE("accepted") {
        struct Row {
            const char* in;
            int mask;
        };
        const Row rows[] = {
            {"mon-fri", 0x1F},
            {"daily", 0x7F},
            {"sat;sun", 0x60},
            {"sat-mon", 0x61},  // wraps over the week end
            {"fri-tue", 0x73},  // fri sat sun mon tue
            {"tue-mon", 0x7F},  // wraps all the way round
            {"mon;wed;fri", 0x15},
            {"mon", 0x01},
            {"sun", 0x40},
            {"wed-wed", 0x04},
            {"mon-sun", 0x7F},
            {"mon;sat-sun", 0x61},
            {" mon - fri ", 0x1F},
            {"mon ; wed", 0x05},
            {"", 0},
            {"   ", 0},
        };
        for (const Row& r : rows) {
            CAPTURE(std::string(r.in));
            std::string error = "untouched";
            auto m = parse_days(r.in, &error);
            REQUIRE(m.has_value());
            CHECK(static_cast<int>(*m) == r.mask);
            CHECK(error == "untouched");
        }
    }
    SUBCASE("refused with an explanation") {
        for (const char* s : {"monday", "月-金", "Mon-Fri", "mon,wed", "mon;", "mon-", "-fri", "daily;sat",
                              "weekdays", "mon-fri-sat"}) {
            CAPTURE(std::string(s));
            std::string error;
            CHECK_FALSE(parse_days(s, &error).has_value());
            CAPTURE(error);
            CHECK(error.find("use mon tue wed thu fri sat sun") != std::string::npos);
            CHECK(error.find("mon-fri") != std::string::npos);
        }
        std::string error;
        CHECK_FALSE(parse_days("monday", &error));
        CHECK(error.rfind("days \"monday\":", 0) == 0);
        CHECK_FALSE(parse_days("monday", nullptr));  // error is optional
    }
}

TEST_CASE("parse_holiday_rule and holiday_rule_name") {
    CHECK(parse_holiday_rule("closed") == HolidayRule::closed);
    CHECK(parse_holiday_rule("") == HolidayRule::closed);  // default
    CHECK(parse_holiday_rule("open") == HolidayRule::open);
    CHECK(parse_holiday_rule("only") == HolidayRule::only);
    CHECK(parse_holiday_rule(" open ") == HolidayRule::open);
    for (const char* s : {"Open", "yes", "no", "祝日", "closed;open"}) {
        CAPTURE(std::string(s));
        CHECK_FALSE(parse_holiday_rule(s).has_value());
    }
    for (HolidayRule h : {HolidayRule::closed, HolidayRule::open, HolidayRule::only}) {
        CAPTURE(std::string(holiday_rule_name(h)));
        CHECK(parse_holiday_rule(holiday_rule_name(h)) == h);
    }
    CHECK(std::string(holiday_rule_name(HolidayRule::only)) == "only");
}

TEST_CASE("parse_local_datetime") {
    SUBCASE("accepted") {
        auto t = parse_local_datetime("2026-11-23T10:05");
        REQUIRE(t);
        CHECK(t->date == CivilDate{2026, 11, 23});
        CHECK(t->minute == 605);

        auto s = parse_local_datetime("2026-11-23 23:59");
        REQUIRE(s);
        CHECK(s->minute == 1439);

        auto secs = parse_local_datetime("2026-11-23T10:05:30");  // seconds ignored
        REQUIRE(secs);
        CHECK(secs->minute == 605);

        auto midnight = parse_local_datetime("2028-02-29T00:00");
        REQUIRE(midnight);
        CHECK(midnight->date == CivilDate{2028, 2, 29});
        CHECK(midnight->minute == 0);
    }
    SUBCASE("refused") {
        for (const char* s : {"2026-11-23", "2026-11-23T", "2026-11-23T1:05", "2026-11-23X10:05",
                              "2026-11-23T24:00", "2026-11-23T10:60", "2026-02-29T10:00", "2026-11-3T10:05",
                              "2026-11-23T10:05xyz", "2026-11-23T10:05:6", "2026-11-23T10:05:61", "2026-11-23T10:05+09",
                              "10:05", ""}) {
            CAPTURE(std::string(s));
            CHECK_FALSE(parse_local_datetime(s).has_value());
        }
    }
}

TEST_CASE("is_overnight") {
    CHECK_FALSE(is_overnight(rule(kDaily, "10:00", "17:00")));
    CHECK_FALSE(is_overnight(rule(kDaily, "18:00", "24:00")));
    CHECK_FALSE(is_overnight(rule(kDaily, "00:00", "24:00")));
    CHECK(is_overnight(rule(kDaily, "22:00", "06:00")));
    CHECK(is_overnight(rule(kDaily, "09:00", "09:00")));  // closes == opens: a full day from opening
}

// ---------------------------------------------------------------------------
// Open at
// ---------------------------------------------------------------------------

TEST_CASE("rule_open_at: daytime rule opens inclusive, closes exclusive") {
    const ScheduleRule r = rule(kMonFri, "10:00", "17:00");
    const Probe probes[] = {
        {"2026-11-20T09:59", false},  // Fri
        {"2026-11-20T10:00", true},
        {"2026-11-20T12:30", true},
        {"2026-11-20T16:59", true},
        {"2026-11-20T17:00", false},
        {"2026-11-20T23:59", false},
        {"2026-11-21T12:00", false},  // Sat
        {"2026-11-22T12:00", false},  // Sun
        {"2026-11-24T10:00", true},   // Tue
    };
    SUBCASE("no holiday calendar") {
        check_probes(r, probes, HolidayTest{});
        // Without a calendar, 2026-11-23 is just a Monday.
        CHECK(rule_open_at(r, at("2026-11-23T12:00"), HolidayTest{}));
    }
    SUBCASE("with the holiday calendar, the same non-holiday times") { check_probes(r, probes, november_holiday); }
}

TEST_CASE("rule_open_at: overnight 22:00-06:00 on mon-fri") {
    const ScheduleRule r = rule(kMonFri, "22:00", "06:00");
    const Probe probes[] = {
        {"2026-11-19T23:59", true},   // Thu evening
        {"2026-11-20T00:00", true},   // Fri after midnight (started Thu)
        {"2026-11-20T05:59", true},
        {"2026-11-20T06:00", false},
        {"2026-11-20T21:59", false},
        {"2026-11-20T22:00", true},   // Fri span starts
        {"2026-11-20T23:00", true},
        {"2026-11-21T03:00", true},   // Sat morning: started Fri
        {"2026-11-21T05:59", true},
        {"2026-11-21T06:00", false},
        {"2026-11-21T23:00", false},  // Sat evening: no span starts
        {"2026-11-22T03:00", false},  // Sun morning
        {"2026-11-22T23:00", false},  // Sun evening
        {"2026-11-23T03:00", false},  // Mon morning: Sunday did not start a span
        {"2026-11-23T12:00", false},
    };
    check_probes(r, probes, HolidayTest{});
    // No calendar: Monday 23 is an ordinary Monday.
    CHECK(rule_open_at(r, at("2026-11-23T23:00"), HolidayTest{}));
    CHECK(rule_open_at(r, at("2026-11-24T03:00"), HolidayTest{}));
}

TEST_CASE("rule_open_at: national holidays") {
    SUBCASE("closed on holidays (default): a holiday Monday is closed") {
        const ScheduleRule r = rule(kMonFri, "10:00", "17:00", HolidayRule::closed);
        const Probe probes[] = {
            {"2026-11-23T12:00", false},  // 勤労感謝の日, a Monday
            {"2026-11-24T12:00", true},
            {"2026-11-20T12:00", true},
            {"2026-11-03T12:00", false},  // 文化の日, a Tuesday
            {"2026-11-04T12:00", true},
        };
        check_probes(r, probes, november_holiday);
    }
    SUBCASE("open on holidays: a holiday Monday is open, a weekend still is not") {
        const ScheduleRule r = rule(kMonFri, "10:00", "17:00", HolidayRule::open);
        const Probe probes[] = {
            {"2026-11-23T12:00", true},
            {"2026-11-23T17:00", false},
            {"2026-11-24T12:00", true},
            {"2026-11-21T12:00", false},
            {"2026-11-22T12:00", false},
        };
        check_probes(r, probes, november_holiday);
    }
    SUBCASE("only on holidays: weekdays are ignored") {
        for (uint8_t days : {uint8_t{0}, kMonFri, kDaily}) {
            CAPTURE(static_cast<int>(days));
            const ScheduleRule r = rule(days, "10:00", "15:00", HolidayRule::only);
            const Probe probes[] = {
                {"2026-11-23T10:00", true},
                {"2026-11-23T14:59", true},
                {"2026-11-23T15:00", false},
                {"2026-11-23T09:59", false},
                {"2026-11-03T12:00", true},
                {"2026-11-24T12:00", false},
                {"2026-11-20T12:00", false},
                {"2026-11-22T12:00", false},
            };
            check_probes(r, probes, november_holiday);
            // Without a calendar nothing is a holiday, so an `only` rule never opens.
            CHECK_FALSE(rule_open_at(r, at("2026-11-23T12:00"), HolidayTest{}));
        }
    }
}

TEST_CASE("rule_open_at: overnight spans and holidays") {
    SUBCASE("closed on holidays: a span does not start on the holiday, but the eve's span runs into it") {
        const ScheduleRule r = rule(kMonFri, "22:00", "06:00", HolidayRule::closed);
        const Probe probes[] = {
            // Mon 2 is an ordinary day; its span runs into 文化の日 (Tue 3).
            {"2026-11-02T22:00", true},
            {"2026-11-03T03:00", true},
            {"2026-11-03T05:59", true},
            {"2026-11-03T06:00", false},
            // No span starts on the holiday itself …
            {"2026-11-03T22:00", false},
            {"2026-11-03T23:30", false},
            // … so the next morning is closed.
            {"2026-11-04T00:00", false},
            {"2026-11-04T03:00", false},
            {"2026-11-04T22:00", true},
            // Mon 23 (holiday) starts no span: Tue 24 morning closed, Tue evening open.
            {"2026-11-23T23:00", false},
            {"2026-11-24T03:00", false},
            {"2026-11-24T22:00", true},
            {"2026-11-25T03:00", true},
        };
        check_probes(r, probes, november_holiday);
    }
    SUBCASE("open on holidays: the holiday's span runs as usual") {
        const ScheduleRule r = rule(kMonFri, "22:00", "06:00", HolidayRule::open);
        const Probe probes[] = {
            {"2026-11-03T23:00", true},
            {"2026-11-04T03:00", true},
            {"2026-11-23T23:00", true},
            {"2026-11-24T03:00", true},
            {"2026-11-22T23:00", false},  // Sunday
            {"2026-11-23T03:00", false},
        };
        check_probes(r, probes, november_holiday);
    }
    SUBCASE("only on holidays: the span starts on the holiday and ends the next morning") {
        const ScheduleRule r = rule(0, "22:00", "06:00", HolidayRule::only);
        const Probe probes[] = {
            {"2026-11-23T03:00", false},  // Sunday was not a holiday
            {"2026-11-23T21:59", false},
            {"2026-11-23T22:00", true},
            {"2026-11-24T05:59", true},   // the day after, not itself a holiday
            {"2026-11-24T06:00", false},
            {"2026-11-24T22:00", false},
        };
        check_probes(r, probes, november_holiday);
    }
}

TEST_CASE("rule_open_at: valid_from and valid_to") {
    SUBCASE("daytime rule") {
        ScheduleRule r = rule(kDaily, "10:00", "17:00", HolidayRule::open);
        r.valid_from = CivilDate{2026, 12, 1};
        r.valid_to = CivilDate{2026, 12, 31};
        const Probe probes[] = {
            {"2026-11-30T12:00", false},
            {"2026-12-01T10:00", true},
            {"2026-12-15T12:00", true},
            {"2026-12-31T16:59", true},
            {"2027-01-01T12:00", false},
        };
        check_probes(r, probes, november_holiday);
    }
    SUBCASE("overnight rule: validity is about the day a span starts") {
        ScheduleRule r = rule(kDaily, "22:00", "06:00", HolidayRule::open);
        r.valid_from = CivilDate{2026, 12, 1};
        r.valid_to = CivilDate{2026, 12, 31};
        const Probe probes[] = {
            {"2026-11-30T23:00", false},
            {"2026-12-01T03:00", false},  // started Nov 30, before valid_from
            {"2026-12-01T22:00", true},
            {"2026-12-02T03:00", true},
            {"2026-12-31T23:00", true},
            {"2027-01-01T03:00", true},   // started Dec 31, still valid
            {"2027-01-01T06:00", false},
            {"2027-01-01T23:00", false},
            {"2027-01-02T03:00", false},
        };
        check_probes(r, probes, november_holiday);
    }
    SUBCASE("only one end given") {
        ScheduleRule from = rule(kDaily, "10:00", "17:00", HolidayRule::open);
        from.valid_from = CivilDate{2026, 12, 1};
        CHECK_FALSE(rule_open_at(from, at("2026-11-30T12:00"), HolidayTest{}));
        CHECK(rule_open_at(from, at("2030-06-01T12:00"), HolidayTest{}));

        ScheduleRule to = rule(kDaily, "10:00", "17:00", HolidayRule::open);
        to.valid_to = CivilDate{2026, 12, 31};
        CHECK(rule_open_at(to, at("2020-06-01T12:00"), HolidayTest{}));
        CHECK_FALSE(rule_open_at(to, at("2027-01-01T12:00"), HolidayTest{}));
    }
}

TEST_CASE("rule_open_at: 24:00 close and round-the-clock rules") {
    SUBCASE("18:00-24:00 is open until the last minute and not after midnight") {
        const ScheduleRule r = rule(kMonFri, "18:00", "24:00");
        const Probe probes[] = {
            {"2026-11-20T17:59", false},
            {"2026-11-20T18:00", true},
            {"2026-11-20T23:59", true},
            {"2026-11-21T00:00", false},  // Saturday: the Friday span ended at 24:00
            {"2026-11-24T00:00", false},
        };
        check_probes(r, probes, HolidayTest{});
    }
    SUBCASE("00:00-24:00 every day, holidays too") {
        const ScheduleRule r = rule(kDaily, "00:00", "24:00", HolidayRule::open);
        const Probe probes[] = {
            {"2026-11-21T00:00", true},
            {"2026-11-22T12:00", true},
            {"2026-11-23T23:59", true},
            {"2026-11-03T00:00", true},
        };
        check_probes(r, probes, november_holiday);
    }
    SUBCASE("09:00-09:00 on Monday only is a 24-hour span") {
        const ScheduleRule r = rule(0x01, "09:00", "09:00", HolidayRule::open);
        const Probe probes[] = {
            {"2026-11-23T08:59", false},
            {"2026-11-23T09:00", true},
            {"2026-11-23T23:59", true},
            {"2026-11-24T08:59", true},
            {"2026-11-24T09:00", false},
        };
        check_probes(r, probes, november_holiday);
    }
}

// ---------------------------------------------------------------------------
// describe_rule
// ---------------------------------------------------------------------------

TEST_CASE("describe_rule") {
    struct Row {
        const char* days;
        const char* opens;
        const char* closes;
        HolidayRule holidays;
        const char* ja;
        const char* en;
    };
    const Row rows[] = {
        {"mon-fri", "10:00", "17:00", HolidayRule::closed, "月〜金 10:00〜17:00（祝日は休み）",
         "Mon–Fri 10:00–17:00 (closed on public holidays)"},
        {"mon-fri", "22:00", "06:00", HolidayRule::closed, "月〜金 22:00〜6:00（翌日）（祝日は休み）",
         "Mon–Fri 22:00–6:00 (next day) (closed on public holidays)"},
        {"daily", "00:00", "24:00", HolidayRule::open, "毎日 0:00〜24:00", "Every day 0:00–24:00"},
        {"daily", "10:00", "17:00", HolidayRule::closed, "毎日 10:00〜17:00（祝日は休み）",
         "Every day 10:00–17:00 (closed on public holidays)"},
        {"sat;sun", "10:00", "16:00", HolidayRule::open, "土・日 10:00〜16:00（祝日も）",
         "Sat, Sun 10:00–16:00 (also on public holidays)"},
        {"mon;wed;fri", "09:30", "12:00", HolidayRule::closed, "月・水・金 9:30〜12:00（祝日は休み）",
         "Mon, Wed, Fri 9:30–12:00 (closed on public holidays)"},
        {"mon-wed;fri", "13:00", "16:00", HolidayRule::closed, "月〜水・金 13:00〜16:00（祝日は休み）",
         "Mon–Wed, Fri 13:00–16:00 (closed on public holidays)"},
        {"sat-mon", "10:00", "16:00", HolidayRule::open, "月・土・日 10:00〜16:00（祝日も）",
         "Mon, Sat, Sun 10:00–16:00 (also on public holidays)"},
        {"", "10:00", "15:00", HolidayRule::only, "祝日 10:00〜15:00", "Public holidays 10:00–15:00"},
        {"daily", "19:00", "07:00", HolidayRule::open, "毎日 19:00〜7:00（翌日）", "Every day 19:00–7:00 (next day)"},
    };
    for (const Row& row : rows) {
        CAPTURE(std::string(row.days));
        CAPTURE(std::string(row.opens));
        CAPTURE(std::string(row.closes));
        std::string error;
        auto days = parse_days(row.days, &error);
        REQUIRE(days.has_value());
        const ScheduleRule r = rule(*days, row.opens, row.closes, row.holidays);
        CHECK(describe_rule(r, "ja") == std::string(row.ja));
        CHECK(describe_rule(r, "en") == std::string(row.en));
    }
}

TEST_CASE("describe_rule: language selection") {
    const ScheduleRule r = rule(kMonFri, "10:00", "17:00");
    const std::string ja = "月〜金 10:00〜17:00（祝日は休み）";
    const std::string en = "Mon–Fri 10:00–17:00 (closed on public holidays)";
    CHECK(describe_rule(r, "ja") == ja);
    CHECK(describe_rule(r, "ja-JP") == ja);
    CHECK(describe_rule(r, "en") == en);
    CHECK(describe_rule(r, "") == en);
    CHECK(describe_rule(r, "fr") == en);
    CHECK(describe_rule(r, "zh") == en);
}

// ---------------------------------------------------------------------------
// Weeks of the month (福岡市: 「毎週火曜日・木曜日・第1・3水曜日、午前10時~午後1時」)
// ---------------------------------------------------------------------------

TEST_CASE("parse_days: weeks of the month") {
    SUBCASE("accepted, with the weeks given back") {
        struct Row {
            const char* in;
            int days, weeks;
        };
        const Row rows[] = {
            {"wed#1;wed#3", 0x04, 0x05},
            {"wed#3;wed#1", 0x04, 0x05},     // order does not matter
            {"sat#2", 0x20, 0x02},
            {"mon#5", 0x01, 0x10},
            {"tue#2;thu#2", 0x0A, 0x02},     // two days, the same week
            {"tue#1;thu#1;tue#3;thu#3", 0x0A, 0x05},
            {" wed # 1 ; wed#3 ", 0x04, 0x05},
            {"tue;thu", 0x0A, 0x00},         // no #: every week
        };
        for (const Row& r : rows) {
            CAPTURE(std::string(r.in));
            uint8_t weeks = 0xFF;
            std::string error = "untouched";
            auto m = parse_days(r.in, &error, &weeks);
            REQUIRE(m.has_value());
            CHECK(int{*m} == r.days);
            CHECK(int{weeks} == r.weeks);
            CHECK(error == "untouched");
        }
    }
    SUBCASE("refused, each with its reason") {
        struct Row {
            const char* in;
            const char* says;
        };
        const Row rows[] = {
            {"wed#0", "1 to 5"},
            {"wed#6", "1 to 5"},
            {"wed#", "1 to 5"},
            {"wed#12", "1 to 5"},
            {"wed#-1", "1 to 5"},
            {"mon-fri#1", "not on ranges"},
            {"tue;wed#1", "every day carries #n or none"},
            {"tue#1;wed#3", "same weeks"},
            {"tue#1;tue#3;wed#1", "same weeks"},
            {"wednesday#1", "use mon tue wed"},
        };
        for (const Row& r : rows) {
            CAPTURE(std::string(r.in));
            uint8_t weeks = 0;
            std::string error;
            CHECK_FALSE(parse_days(r.in, &error, &weeks).has_value());
            CAPTURE(error);
            CHECK(error.find(r.says) != std::string::npos);
        }
    }
    SUBCASE("#n where weeks cannot be kept is refused, not dropped") {
        std::string error;
        CHECK_FALSE(parse_days("wed#1", &error).has_value());
        CHECK(error.find("not allowed here") != std::string::npos);
    }
}

TEST_CASE("days_code writes what parse_days reads") {
    for (const char* s : {"daily", "mon-fri", "tue;thu", "mon;wed;fri", "sat;sun", "wed#1;wed#3", "tue#2;thu#2", "sun#5"}) {
        CAPTURE(std::string(s));
        ScheduleRule r;
        std::string error;
        auto d = parse_days(s, &error, &r.weeks);
        REQUIRE(d.has_value());
        r.days = *d;
        CHECK(days_code(r) == std::string(s));
        // …and survives the catalogue's one-integer column.
        ScheduleRule back;
        REQUIRE(valid_stored_days(stored_days(r)));
        load_stored_days(back, stored_days(r));
        CHECK(back.days == r.days);
        CHECK(back.weeks == r.weeks);
    }
    CHECK(valid_stored_days(0x7F));
    CHECK_FALSE(valid_stored_days(0x80));       // bit 7 means nothing
    CHECK(valid_stored_days(0x2000));           // bit 13: closed over the New Year (not a 6th week)
    CHECK_FALSE(valid_stored_days(0x4000));     // bit 14 means nothing
    CHECK_FALSE(valid_stored_days(-1));
}

TEST_CASE("rule_open_at: the 1st and 3rd Wednesday of each month") {
    // December 2026: Wednesdays are the 2nd, 9th, 16th, 23rd and 30th.
    ScheduleRule r = rule(0x04, "10:00", "13:00");
    r.weeks = 0x05;  // 1st and 3rd
    const Probe probes[] = {
        {"2026-12-02T10:00", true},   // 1st Wednesday
        {"2026-12-02T12:59", true},
        {"2026-12-02T13:00", false},
        {"2026-12-09T10:30", false},  // 2nd
        {"2026-12-16T10:30", true},   // 3rd
        {"2026-12-23T10:30", false},  // 4th
        {"2026-12-30T10:30", false},  // 5th
        {"2027-01-06T10:30", true},   // 1st Wednesday of January
        {"2027-01-07T10:30", false},  // a Thursday
        {"2026-11-18T10:30", true},   // 3rd Wednesday of November (4, 11, 18)
    };
    check_probes(r, probes, november_holiday);
    // The 1st Wednesday that is a public holiday stays closed under holidays=closed.
    auto holiday_on_the_2nd = [](CivilDate d) { return d == CivilDate{2026, 12, 2}; };
    CHECK_FALSE(rule_open_at(r, at("2026-12-02T10:30"), holiday_on_the_2nd));
}

TEST_CASE("describe_rule: weeks of the month") {
    ScheduleRule r = rule(0x04, "10:00", "13:00");
    r.weeks = 0x05;
    CHECK(describe_rule(r, "ja") == "第1・第3水 10:00〜13:00（祝日は休み）");
    CHECK(describe_rule(r, "en") == "Wed (1st, 3rd of the month) 10:00–13:00 (closed on public holidays)");
}

TEST_CASE("overnight on the last week: the night after the 5th Friday") {
    // January 2027: Fridays 1, 8, 15, 22, 29; the 29th is the 5th.
    ScheduleRule r = rule(0x10, "22:00", "06:00");
    r.weeks = 0x10;
    const Probe probes[] = {
        {"2027-01-29T23:00", true},
        {"2027-01-30T05:59", true},   // the span that began on the 5th Friday
        {"2027-01-30T06:00", false},
        {"2027-01-22T23:00", false},  // 4th Friday
    };
    check_probes(r, probes, november_holiday);
}

// The rule that made weeks of the month necessary, end to end: schedules.csv
// (wed#1;wed#3) → catalogue (one integer) → open now, and the detail's words.
TEST_CASE("the national directory: 福岡市's addiction line is open on the 1st and 3rd Wednesday only") {
    madoguchi::test::Built b(std::string(MADOGUCHI_JAPAN_DIR));
    auto open_at = [&](const char* when) { return b.cat->open_state("c-fukuoka-city-addiction", at(when)).phone_open_now; };
    CHECK(open_at("2026-12-01T10:30"));        // Tuesday
    CHECK(open_at("2026-12-02T10:30"));        // 1st Wednesday
    CHECK_FALSE(open_at("2026-12-09T10:30"));  // 2nd Wednesday
    CHECK(open_at("2026-12-16T10:30"));        // 3rd Wednesday
    CHECK_FALSE(open_at("2026-12-23T10:30"));  // 4th Wednesday
    CHECK_FALSE(open_at("2026-12-02T13:00"));  // closes at 13:00
    auto d = b.cat->service("c-fukuoka-city-addiction", "ja");
    REQUIRE(d);
    REQUIRE_FALSE(d->phones.empty());
    bool described = false;
    for (const auto& h : d->phones.front().hours) described = described || h == "第1・第3水 10:00〜13:00（祝日は休み）";
    CHECK(described);
}

// ---------------------------------------------------------------------------
// next_opening and round_the_clock (result cards, the urgent route)
// ---------------------------------------------------------------------------

namespace {

std::string when(const std::optional<LocalDateTime>& t) {
    if (!t) return "never";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", t->date.year, t->date.month, t->date.day, t->minute / 60, t->minute % 60);
    return buf;
}

}  // namespace

TEST_CASE("next_opening: now, later today, tomorrow, across the week, after a holiday, never") {
    const std::vector<ScheduleRule> weekdays{rule(kMonFri, "09:00", "17:00")};
    struct Case {
        const char* now;
        const char* next;
    };
    const Case cases[] = {
        {"2026-11-24T12:00", "2026-11-24T12:00"},  // Tuesday noon: open now, so now
        {"2026-11-24T09:00", "2026-11-24T09:00"},  // at the opening minute
        {"2026-11-24T08:59", "2026-11-24T09:00"},  // later today
        {"2026-11-24T17:00", "2026-11-25T09:00"},  // closed at 17:00: tomorrow
        {"2026-11-20T18:00", "2026-11-24T09:00"},  // Friday evening: Monday 23 is a holiday, so Tuesday
        {"2026-11-21T10:00", "2026-11-24T09:00"},  // Saturday: the same
        {"2026-11-22T23:59", "2026-11-24T09:00"},
        {"2026-11-23T08:00", "2026-11-24T09:00"},  // on the holiday itself
        {"2026-11-02T18:00", "2026-11-04T09:00"},  // Monday evening before 文化の日 (Tue 3)
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.now));
        CHECK(when(next_opening(weekdays, at(c.now), november_holiday)) == c.next);
    }
    SUBCASE("the earliest of several rules; an overnight span begun yesterday is open now") {
        const std::vector<ScheduleRule> rules{rule(0x20, "10:00", "16:00"),            // Saturday
                                              rule(kMonFri, "22:00", "06:00"),         // weeknights
                                              rule(0, "13:00", "15:00", HolidayRule::only)};  // holidays
        CHECK(when(next_opening(rules, at("2026-11-20T12:00"), november_holiday)) == "2026-11-20T22:00");
        CHECK(when(next_opening(rules, at("2026-11-21T03:00"), november_holiday)) == "2026-11-21T03:00");  // Friday's night
        CHECK(when(next_opening(rules, at("2026-11-21T07:00"), november_holiday)) == "2026-11-21T10:00");
        CHECK(when(next_opening(rules, at("2026-11-21T17:00"), november_holiday)) == "2026-11-23T13:00");  // the holiday's rule
        CHECK(when(next_opening(rules, at("2026-11-23T15:00"), november_holiday)) == "2026-11-24T22:00");
    }
    SUBCASE("never: no rules, rules past their end, holiday-only rules with no holiday ahead") {
        CHECK(when(next_opening({}, at("2026-11-24T12:00"), november_holiday)) == "never");
        ScheduleRule ended = rule(kDaily, "09:00", "17:00", HolidayRule::open);
        ended.valid_to = CivilDate{2026, 11, 24};
        CHECK(when(next_opening({ended}, at("2026-11-24T16:59"), november_holiday)) == "2026-11-24T16:59");
        CHECK(when(next_opening({ended}, at("2026-11-24T17:00"), november_holiday)) == "never");
        CHECK(when(next_opening({rule(0, "10:00", "12:00", HolidayRule::only)}, at("2026-11-24T12:00"), november_holiday)) == "never");
    }
    SUBCASE("a rule that starts later is found on its first day") {
        ScheduleRule starts = rule(kDaily, "10:00", "12:00", HolidayRule::open);
        starts.valid_from = CivilDate{2026, 11, 27};
        CHECK(when(next_opening({starts}, at("2026-11-24T11:00"), november_holiday)) == "2026-11-27T10:00");
    }
}

TEST_CASE("round_the_clock: every minute of the coming week, holidays included") {
    const LocalDateTime tue = at("2026-11-24T12:00");
    CHECK(round_the_clock({rule(kDaily, "00:00", "24:00", HolidayRule::open)}, tue, november_holiday));
    CHECK(round_the_clock({rule(kDaily, "09:00", "09:00", HolidayRule::open)}, tue, november_holiday));  // 24 h spans, back to back
    // Two halves of the day make a whole one.
    CHECK(round_the_clock({rule(kDaily, "00:00", "12:00", HolidayRule::open), rule(kDaily, "12:00", "24:00", HolidayRule::open)}, tue,
                          november_holiday));
    CHECK_FALSE(round_the_clock({rule(kDaily, "00:00", "12:00", HolidayRule::open), rule(kDaily, "12:01", "24:00", HolidayRule::open)}, tue,
                                november_holiday));  // one minute missing
    // Closed on holidays: not round the clock in a week with a holiday, round the clock in one without.
    CHECK_FALSE(round_the_clock({rule(kDaily, "00:00", "24:00")}, at("2026-11-20T12:00"), november_holiday));
    CHECK(round_the_clock({rule(kDaily, "00:00", "24:00")}, at("2026-11-24T12:00"), november_holiday));
    CHECK_FALSE(round_the_clock({rule(kMonFri, "00:00", "24:00", HolidayRule::open)}, tue, november_holiday));  // not at weekends
    CHECK_FALSE(round_the_clock({rule(kDaily, "16:00", "21:00", HolidayRule::open)}, tue, november_holiday));
    CHECK_FALSE(round_the_clock({}, tue, november_holiday));
    ScheduleRule ends = rule(kDaily, "00:00", "24:00", HolidayRule::open);
    ends.valid_to = CivilDate{2026, 11, 28};
    CHECK_FALSE(round_the_clock({ends}, tue, november_holiday));  // it ends within the week
}

// ---------------------------------------------------------------------------
// Closed over the New Year (12-29 … 01-03, schedules.csv year_end)
// ---------------------------------------------------------------------------

TEST_CASE("year_end_closed: the rule does not apply from 12-29 to 01-03, overnight spans begun before included") {
    ScheduleRule day = rule(kMonFri, "09:00", "17:00");
    day.year_end_closed = true;
    const Probe probes[] = {
        {"2026-12-28T10:00", true},   // Monday
        {"2026-12-29T10:00", false},  // Tuesday, the first day off
        {"2026-12-31T10:00", false},
        {"2027-01-01T10:00", false},
        {"2027-01-04T10:00", true},   // Monday, back
    };
    check_probes(day, probes, nullptr);
    // Without the flag, a weekday is a weekday (what the data said before).
    CHECK(rule_open_at(rule(kMonFri, "09:00", "17:00"), at("2026-12-29T10:00"), nullptr));
    ScheduleRule night = rule(kMonFri, "22:00", "06:00");
    night.year_end_closed = true;
    const Probe nights[] = {
        {"2026-12-28T23:00", true},   // begun on the 28th
        {"2026-12-29T03:00", true},   // … and runs into the 29th
        {"2026-12-29T23:00", false},  // no span begins on the 29th
        {"2027-01-04T03:00", false},  // the 3rd was off: nothing runs into the 4th
        {"2027-01-04T23:00", true},
    };
    check_probes(night, nights, nullptr);
    CHECK(in_year_end(CivilDate{2026, 12, 29}));
    CHECK(in_year_end(CivilDate{2027, 1, 3}));
    CHECK_FALSE(in_year_end(CivilDate{2026, 12, 28}));
    CHECK_FALSE(in_year_end(CivilDate{2027, 1, 4}));
}

TEST_CASE("year_end_closed: said with the hours, kept in the catalogue's days column, and days off in hours_on") {
    ScheduleRule r = rule(kMonFri, "09:00", "17:45");
    r.year_end_closed = true;
    CHECK(describe_rule(r, "ja") == "月〜金 9:00〜17:45（祝日は休み）（12月29日〜1月3日は休み）");
    CHECK(describe_rule(r, "en") == "Mon–Fri 9:00–17:45 (closed on public holidays) (closed 29 Dec – 3 Jan)");
    const long long stored = stored_days(r);
    CHECK(stored == 31 + 8192);
    CHECK(valid_stored_days(stored));
    CHECK_FALSE(valid_stored_days(stored | (1LL << 14)));
    ScheduleRule back;
    load_stored_days(back, stored);
    CHECK(back.days == kMonFri);
    CHECK(back.year_end_closed);
    load_stored_days(back, 31);  // a catalogue from before: open over the New Year
    CHECK_FALSE(back.year_end_closed);
    CHECK(hours_on({r}, CivilDate{2026, 12, 30}, nullptr).closed());
    CHECK_FALSE(hours_on({r}, CivilDate{2026, 12, 28}, nullptr).closed());
}

TEST_CASE("year_end in schedules.csv: read, proven by its quote, refused at its cell without one") {
    using madoguchi::test::minimal_source;
    auto f = minimal_source();
    f["schedules.csv"] =
        "id,service_id,phone_id,days,opens,closes,holidays,valid_from,valid_to,note,year_end\n"
        "h-b,svc-b,tel-b,mon-fri,22:00,06:00,closed,,,,closed\n";
    f["evidence.csv"] += "schedules,h-b,year_end,src,夜の電話（年末年始を除く）\n";
    {
        madoguchi::test::Built b(f);
        CHECK(b.cat->open_state("svc-b", at("2026-12-28T23:00")).phone_open_now);
        CHECK_FALSE(b.cat->open_state("svc-b", at("2026-12-30T23:00")).phone_open_now);
        auto d = b.cat->service("svc-b", "ja");
        REQUIRE(d);
        REQUIRE(d->phones.size() == 1);
        REQUIRE(d->phones[0].hours.size() == 1);
        CHECK(d->phones[0].hours[0].find("（12月29日〜1月3日は休み）") != std::string::npos);
        CHECK(b.cat->content_problems().empty());
    }
    auto problems = [](const std::map<std::string, std::string>& files) {
        madoguchi::test::TempDir dir;
        madoguchi::test::write_source(dir, files);
        std::string out;
        for (const auto& d : check_bundle_source(dir.str(), {}).diagnostics.sorted()) out += format_diagnostic(d).substr(dir.str().size() + 1) + "\n";
        return out;
    };
    auto g = f;  // a quote that says nothing of the New Year
    g["evidence.csv"].replace(g["evidence.csv"].find("夜の電話（年末年始を除く）"), std::string("夜の電話（年末年始を除く）").size(), "夜の電話");
    CHECK(problems(g) ==
          "schedules.csv:2:47: year_end: closed over the New Year, but its evidence quote (evidence.csv line 8) says neither 年末年始 "
          "nor 12月29日 and 1月3日; quote the sentence of the source that says so\n");
    auto h = f;  // no evidence at all
    h["evidence.csv"].erase(h["evidence.csv"].find("schedules,h-b,year_end"));
    CHECK(problems(h).find("schedules.csv:2:47: year_end: \"closed\" has no evidence") == 0);
    auto v = f;  // a value the column does not know
    v["schedules.csv"].replace(v["schedules.csv"].find(",,closed\n"), 9, ",,shut\n");
    // (its evidence row then proves nothing, and is reported too)
    CHECK(problems(v).find("schedules.csv:2:47: year_end: \"shut\" is not one of: closed, open") != std::string::npos);
    // The dates themselves prove it too.
    CHECK(quote_holds_year_end("受付:月～金(祝日、12月29日～1月3日を除く)"));
    CHECK(quote_holds_year_end("(12/29～1/3はお休み)"));
    CHECK_FALSE(quote_holds_year_end("土日祝日はお休み"));
}

TEST_CASE("the national directory: 長崎's lines are closed over the New Year") {
    madoguchi::test::Built b(std::string(MADOGUCHI_JAPAN_DIR));
    auto open_at = [&](const char* when) { return b.cat->open_state("c-nagasaki-consult", at(when)).phone_open_now; };
    CHECK(open_at("2026-12-28T10:00"));
    CHECK_FALSE(open_at("2026-12-29T10:00"));
    CHECK_FALSE(open_at("2027-01-02T10:00"));
    CHECK(open_at("2027-01-05T10:00"));
}
