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
std::optional<uint8_t> parse_days(std::string_view s, std::string* error);
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

}  // namespace madoguchi::core
