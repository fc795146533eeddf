// SPDX-License-Identifier: Apache-2.0
// schedule.hpp — opening and phone hours, and "open now".
//
// A rule says: on these weekdays, from `opens` to `closes` (minutes since midnight,
// `closes` <= `opens` meaning it runs past midnight), and what happens on national
// holidays. A place is open when any of its rules is. Pure code, no catalogue.
//
// Some lines open only on some weeks of the month (福岡市's addiction line: 「毎週火曜日・
// 木曜日・第1・3水曜日」). `weeks` says which: the rule applies on its weekdays only when
// the date is the 1st … 5th such weekday of its month. Written "wed#1;wed#3" in
// schedules.csv, BYDAY=1WE,3WE in HSDS.
//
// Most public lines close over the New Year, 12月29日 to 1月3日 (年末年始: the
// days the law gives public offices off, 行政機関の休日に関する法律), which no
// weekday rule can say and which are not national holidays. `year_end_closed`
// says the rule does not apply on those days (schedules.csv `year_end`).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "madoguchi/core/field_checks.hpp"

namespace madoguchi::core {

enum class HolidayRule : uint8_t {
    closed,  // default: the rule does not apply on a national holiday
    open,    // applies on holidays as on any other day
    only,    // applies only on holidays (weekdays ignored)
};

struct ScheduleRule {
    uint8_t days = 0;           // bit 0 = Monday … bit 6 = Sunday
    uint8_t weeks = 0;          // 0 = every week; else bit 0 = the month's 1st such weekday … bit 4 = the 5th
    int opens = 0;              // minutes since midnight
    int closes = 0;             // 1..1440; <= opens → overnight
    HolidayRule holidays = HolidayRule::closed;
    bool year_end_closed = false;  // not on 12-29 … 01-03 (年末年始)
    std::optional<CivilDate> valid_from, valid_to;
    friend bool operator==(const ScheduleRule&, const ScheduleRule&) = default;
};

struct LocalDateTime {
    CivilDate date;
    int minute = 0;  // 0..1439
    friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// Parses "2026-11-23T10:05" (local time; seconds ignored if present).
std::optional<LocalDateTime> parse_local_datetime(std::string_view s);

using HolidayTest = std::function<bool(CivilDate)>;

// "mon-fri", "mon;wed;fri", "daily", "sat-mon" (wraps). Empty → 0.
// With `weeks` also "wed#1;wed#3" (the 1st and 3rd Wednesday of each month):
// every item then carries #n (1–5), and the days and weeks written must be
// every pairing of each other ("tue#1;wed#3" is two rules: say so in two rows);
// *weeks gets 0 when no item has #. Without `weeks`, #n is refused.
std::optional<uint8_t> parse_days(std::string_view s, std::string* error, uint8_t* weeks = nullptr);
// The form parse_days reads ("tue;thu", "wed#1;wed#3", "daily"): exports and diffs.
std::string days_code(const ScheduleRule& r);

// The catalogue keeps days, weeks and the New Year closure in one integer
// column (schedule.days): bits 0–6 the weekdays, bits 8–12 the weeks, bit 13
// closed over the New Year. Older catalogues have no bit above 6, so they read
// as every week, open over the New Year (what they said before).
inline constexpr long long kStoredYearEndClosed = 1LL << 13;
inline long long stored_days(const ScheduleRule& r) {
    return r.days | (static_cast<long long>(r.weeks) << 8) | (r.year_end_closed ? kStoredYearEndClosed : 0);
}
inline bool valid_stored_days(long long v) { return v >= 0 && (v & ~0x3F7FLL) == 0; }
inline void load_stored_days(ScheduleRule& r, long long v) {
    r.days = static_cast<uint8_t>(v & 0x7F);
    r.weeks = static_cast<uint8_t>((v >> 8) & 0x1F);
    r.year_end_closed = (v & kStoredYearEndClosed) != 0;
}
// 12-29 … 01-03, the New Year days public offices close (year_end_closed).
inline bool in_year_end(CivilDate d) { return (d.month == 12 && d.day >= 29) || (d.month == 1 && d.day <= 3); }
std::optional<HolidayRule> parse_holiday_rule(std::string_view s);
const char* holiday_rule_name(HolidayRule r);

bool is_overnight(const ScheduleRule& r);
// Is the rule open at `t`? Overnight spans that began the day before count.
bool rule_open_at(const ScheduleRule& r, LocalDateTime t, const HolidayTest& is_holiday);

// When a place next opens (issue 19, result cards and the urgent route): `now`
// itself when any rule is open at `now` (an overnight span begun yesterday
// counts), else the earliest start of a rule within the next `horizon_days`
// days (holidays and validity as rule_open_at sees them); nullopt when none
// starts in that time — no rules, rules past their valid_to, or rules only for
// holidays with no holiday ahead. Eight days cover every weekly rule.
std::optional<LocalDateTime> next_opening(const std::vector<ScheduleRule>& rules, LocalDateTime now, const HolidayTest& is_holiday,
                                          int horizon_days = 8);

// Round the clock: the rules keep the place open at every minute of the week
// from `now` (today and the seven days after it, with their real holidays and
// the rules' validity). A rule's state only changes at its own opens/closes
// minutes and at midnight, so checking those minutes of each day is exact. The
// urgent route lists such lines first ("24 hours").
bool round_the_clock(const std::vector<ScheduleRule>& rules, LocalDateTime now, const HolidayTest& is_holiday);

// Human text for a rule in the given language ("ja" or other → English),
// e.g. 「月〜金 10:00〜17:00（祝日休み）」.
std::string describe_rule(const ScheduleRule& r, std::string_view lang);

// The hours of one day, for "today 9:00–17:00" on a slip (slip.hpp). Spans
// are the rules that start on the day, earliest first, overlapping ones
// merged; an overnight span (closes <= opens) runs into the next day and is
// listed on the day it starts. all_day: the day is covered from 0:00 to 24:00
// (by its own spans and the morning of the day before's overnight spans).
// No spans and not all_day: closed that day.
struct DayHours {
    bool holiday = false;                    // the day is a national holiday
    bool all_day = false;
    std::vector<std::pair<int, int>> spans;  // opens, closes (minutes since midnight)
    bool closed() const { return spans.empty() && !all_day; }
    friend bool operator==(const DayHours&, const DayHours&) = default;
};
DayHours hours_on(const std::vector<ScheduleRule>& rules, CivilDate day, const HolidayTest& is_holiday);

// "9:00–17:00", "22:00–6:00", spans joined by ", " (digits and an en dash
// read the same in every language the kiosk has).
std::string describe_spans(const DayHours& hours);

}  // namespace madoguchi::core
