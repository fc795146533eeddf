// SPDX-License-Identifier: Apache-2.0
// schedule.hpp — opening and phone hours, and "open now".
//
// A rule says: on these weekdays, from `opens` to `closes` (minutes since midnight,
// `closes` <= `opens` meaning it runs past midnight), and what happens on national
// holidays. A place is open when any of its rules is. Pure code, no catalogue.
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
    int opens = 0;              // minutes since midnight
    int closes = 0;             // 1..1440; <= opens → overnight
    HolidayRule holidays = HolidayRule::closed;
    std::optional<CivilDate> valid_from, valid_to;
    friend bool operator==(const ScheduleRule&, const ScheduleRule&) = default;
};

struct LocalDateTime {
    CivilDate date;
    int minute = 0;  // 0..1439
};

// Parses "2026-11-23T10:05" (local time; seconds ignored if present).
std::optional<LocalDateTime> parse_local_datetime(std::string_view s);

using HolidayTest = std::function<bool(CivilDate)>;

// "mon-fri", "mon;wed;fri", "daily", "sat-mon" (wraps). Empty → 0.
std::optional<uint8_t> parse_days(std::string_view s, std::string* error);
std::optional<HolidayRule> parse_holiday_rule(std::string_view s);
const char* holiday_rule_name(HolidayRule r);

bool is_overnight(const ScheduleRule& r);
// Is the rule open at `t`? Overnight spans that began the day before count.
bool rule_open_at(const ScheduleRule& r, LocalDateTime t, const HolidayTest& is_holiday);

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
