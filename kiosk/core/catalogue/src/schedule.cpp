// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/schedule.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace madoguchi::core {
namespace {

constexpr std::array<std::string_view, 7> kDayCodes = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kDayJa = {"月", "火", "水", "木", "金", "土", "日"};
constexpr std::array<std::string_view, 7> kDayEn = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

int day_index(std::string_view s) {
    for (size_t i = 0; i < kDayCodes.size(); ++i)
        if (kDayCodes[i] == s) return static_cast<int>(i);
    return -1;
}

bool in_validity(const ScheduleRule& r, CivilDate d) {
    if (r.valid_from && d < *r.valid_from) return false;
    if (r.valid_to && *r.valid_to < d) return false;
    return true;
}

// Does the rule's span start on day `d`?
bool starts_on(const ScheduleRule& r, CivilDate d, const HolidayTest& is_holiday) {
    if (!in_validity(r, d)) return false;
    if (r.year_end_closed && in_year_end(d)) return false;
    const bool holiday = is_holiday && is_holiday(d);
    switch (r.holidays) {
        case HolidayRule::only: return holiday;
        case HolidayRule::closed:
            if (holiday) return false;
            break;
        case HolidayRule::open: break;
    }
    if (!((r.days >> weekday(d)) & 1)) return false;
    // The n-th such weekday of the month: days 1–7 are the 1st, 8–14 the 2nd, …
    return r.weeks == 0 || ((r.weeks >> ((d.day - 1) / 7)) & 1);
}

std::string clock(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d:%02d", minutes / 60, minutes % 60);
    return buf;
}

}  // namespace

std::optional<LocalDateTime> parse_local_datetime(std::string_view s) {
    // "YYYY-MM-DDThh:mm", optionally ":ss" (ignored); nothing else may follow.
    if ((s.size() != 16 && s.size() != 19) || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
    if (s.size() == 19) {
        const char a = s[17], b = s[18];
        if (s[16] != ':' || a < '0' || a > '5' || b < '0' || b > '9') return std::nullopt;
    }
    auto d = parse_date(s.substr(0, 10));
    auto t = parse_clock(s.substr(11, 5));
    if (!d || !t) return std::nullopt;
    return LocalDateTime{*d, *t};
}

std::optional<uint8_t> parse_days(std::string_view s, std::string* error, uint8_t* weeks) {
    uint8_t mask = 0, week_mask = 0;
    // (weekday, week) pairs written with #n: must be exactly days × weeks.
    uint64_t pairs = 0;
    int with_week = 0, items = 0;
    if (weeks) *weeks = 0;
    s = trim(s);
    if (s.empty()) return 0;
    if (s == "daily") return 0x7F;
    auto fail = [&](const std::string& why) -> std::optional<uint8_t> {
        if (error) *error = "days \"" + std::string(s) + "\": " + why;
        return std::nullopt;
    };
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(';', start);
        if (end == std::string_view::npos) end = s.size();
        std::string_view item = trim(s.substr(start, end - start));
        start = end + 1;
        ++items;
        int week = 0;  // 1..5 when the item says #n
        if (size_t hash = item.find('#'); hash != std::string_view::npos) {
            std::string_view n = trim(item.substr(hash + 1));
            if (!weeks) return fail("#n (a week of the month) is not allowed here");
            if (n.size() != 1 || n[0] < '1' || n[0] > '5')
                return fail("after # write the week of the month, 1 to 5 (wed#1 = the first Wednesday)");
            week = n[0] - '0';
            item = trim(item.substr(0, hash));
            if (item.find('-') != std::string_view::npos) return fail("write weeks of the month on single days (wed#1), not on ranges");
            ++with_week;
        }
        size_t dash = item.find('-');
        int a, b;
        if (dash == std::string_view::npos) {
            a = b = day_index(item);
        } else {
            a = day_index(trim(item.substr(0, dash)));
            b = day_index(trim(item.substr(dash + 1)));
        }
        if (a < 0 || b < 0)
            return fail(weeks ? "use mon tue wed thu fri sat sun, ranges like mon-fri, lists like mon;wed, daily, "
                                "or weeks of the month like wed#1;wed#3"
                              : "use mon tue wed thu fri sat sun, ranges like mon-fri, lists like mon;wed, or daily");
        for (int i = a;; i = (i + 1) % 7) {  // ranges may wrap: sat-mon
            mask |= static_cast<uint8_t>(1u << i);
            if (week) {
                week_mask |= static_cast<uint8_t>(1u << (week - 1));
                pairs |= uint64_t{1} << (i * 5 + week - 1);
            }
            if (i == b) break;
        }
    }
    if (with_week == 0) return mask;
    if (with_week != items) return fail("either every day carries #n or none does; write the other days in another row");
    uint64_t product = 0;
    for (int i = 0; i < 7; ++i)
        for (int w = 0; w < 5; ++w)
            if (((mask >> i) & 1) && ((week_mask >> w) & 1)) product |= uint64_t{1} << (i * 5 + w);
    if (product != pairs)
        return fail("each day must have the same weeks (tue#1;wed#3 opens on two different patterns: write two rows)");
    *weeks = week_mask;
    return mask;
}

std::string days_code(const ScheduleRule& r) {
    if (r.days == 0x7F && r.weeks == 0) return "daily";
    std::string out;
    auto add = [&](std::string_view x) {
        if (!out.empty()) out += ';';
        out += x;
    };
    if (r.weeks) {
        for (int i = 0; i < 7; ++i)
            if ((r.days >> i) & 1)
                for (int w = 0; w < 5; ++w)
                    if ((r.weeks >> w) & 1) add(std::string(kDayCodes[i]) + "#" + std::to_string(w + 1));
        return out;
    }
    for (int i = 0; i < 7;) {  // runs of three or more as ranges: mon-fri
        if (!((r.days >> i) & 1)) { ++i; continue; }
        int j = i;
        while (j + 1 < 7 && ((r.days >> (j + 1)) & 1)) ++j;
        if (j - i >= 2) add(std::string(kDayCodes[i]) + "-" + std::string(kDayCodes[j]));
        else for (int k = i; k <= j; ++k) add(kDayCodes[k]);
        i = j + 1;
    }
    return out;
}

std::optional<HolidayRule> parse_holiday_rule(std::string_view s) {
    s = trim(s);
    if (s.empty() || s == "closed") return HolidayRule::closed;
    if (s == "open") return HolidayRule::open;
    if (s == "only") return HolidayRule::only;
    return std::nullopt;
}

const char* holiday_rule_name(HolidayRule r) {
    switch (r) {
        case HolidayRule::open: return "open";
        case HolidayRule::only: return "only";
        case HolidayRule::closed: break;
    }
    return "closed";
}

bool is_overnight(const ScheduleRule& r) { return r.closes <= r.opens; }

bool rule_open_at(const ScheduleRule& r, LocalDateTime t, const HolidayTest& is_holiday) {
    if (!is_overnight(r)) {
        return starts_on(r, t.date, is_holiday) && t.minute >= r.opens && t.minute < r.closes;
    }
    // Overnight: open from `opens` to midnight on a start day, and from midnight
    // to `closes` on the day after a start day.
    if (t.minute >= r.opens && starts_on(r, t.date, is_holiday)) return true;
    if (t.minute < r.closes && starts_on(r, add_days(t.date, -1), is_holiday)) return true;
    return false;
}

std::optional<LocalDateTime> next_opening(const std::vector<ScheduleRule>& rules, LocalDateTime now, const HolidayTest& is_holiday,
                                          int horizon_days) {
    for (const ScheduleRule& r : rules)
        if (rule_open_at(r, now, is_holiday)) return now;
    // Each rule's next start: the first day (today counts only before `opens`)
    // on which its span starts. Spans open at their start, so the earliest start
    // is when the place opens.
    std::optional<LocalDateTime> best;
    for (const ScheduleRule& r : rules) {
        for (int d = 0; d <= horizon_days; ++d) {
            const CivilDate day = add_days(now.date, d);
            if (d == 0 && r.opens <= now.minute) continue;
            if (!starts_on(r, day, is_holiday)) continue;
            const LocalDateTime at{day, r.opens};
            if (!best || at.date < best->date || (at.date == best->date && at.minute < best->minute)) best = at;
            break;
        }
    }
    return best;
}

bool round_the_clock(const std::vector<ScheduleRule>& rules, LocalDateTime now, const HolidayTest& is_holiday) {
    if (rules.empty()) return false;
    std::vector<int> minutes{0};
    for (const ScheduleRule& r : rules) {
        minutes.push_back(r.opens % 1440);
        minutes.push_back(r.closes % 1440);
    }
    std::sort(minutes.begin(), minutes.end());
    minutes.erase(std::unique(minutes.begin(), minutes.end()), minutes.end());
    for (int d = 0; d <= 7; ++d) {
        const CivilDate day = add_days(now.date, d);
        for (int m : minutes) {
            const LocalDateTime t{day, m};
            if (!std::any_of(rules.begin(), rules.end(), [&](const ScheduleRule& r) { return rule_open_at(r, t, is_holiday); }))
                return false;
        }
    }
    return true;
}

std::string describe_rule(const ScheduleRule& r, std::string_view lang) {
    const bool ja = lang.rfind("ja", 0) == 0;
    const auto& names = ja ? kDayJa : kDayEn;
    std::string days;
    if (r.holidays == HolidayRule::only) {
        days = ja ? "祝日" : "Public holidays";
    } else if (r.days == 0x7F) {
        days = ja ? "毎日" : "Every day";
    } else {
        // Collapse runs of consecutive days: 月〜金, Mon–Fri.
        int i = 0;
        while (i < 7) {
            if (!((r.days >> i) & 1)) { ++i; continue; }
            int j = i;
            while (j + 1 < 7 && ((r.days >> (j + 1)) & 1)) ++j;
            if (!days.empty()) days += ja ? "・" : ", ";
            days += names[i];
            if (j - i >= 2) { days += ja ? "〜" : "–"; days += names[j]; }
            else if (j == i + 1) { days += ja ? "・" : ", "; days += names[j]; }
            i = j + 1;
        }
    }
    if (r.weeks) {
        // 「第1・第3水」 / "Wed (1st, 3rd of the month)"
        std::string nth;
        static constexpr std::string_view kEnNth[] = {"1st", "2nd", "3rd", "4th", "5th"};
        for (int w = 0; w < 5; ++w) {
            if (!((r.weeks >> w) & 1)) continue;
            if (!nth.empty()) nth += ja ? "・" : ", ";
            nth += ja ? "第" + std::to_string(w + 1) : std::string(kEnNth[w]);
        }
        days = ja ? nth + days : days + " (" + nth + " of the month)";
    }
    std::string s = days + " " + clock(r.opens) + (ja ? "〜" : "–") + clock(r.closes);
    if (is_overnight(r)) s += ja ? "（翌日）" : " (next day)";
    if (r.holidays == HolidayRule::closed) s += ja ? "（祝日は休み）" : " (closed on public holidays)";
    else if (r.holidays == HolidayRule::open && r.days != 0x7F) s += ja ? "（祝日も）" : " (also on public holidays)";
    if (r.year_end_closed) s += ja ? "（12月29日〜1月3日は休み）" : " (closed 29 Dec – 3 Jan)";
    return s;
}

DayHours hours_on(const std::vector<ScheduleRule>& rules, CivilDate day, const HolidayTest& is_holiday) {
    DayHours h;
    h.holiday = is_holiday && is_holiday(day);
    // What of [0, 1440) the day is open, to tell "24 hours" from a long day.
    std::vector<std::pair<int, int>> covered;
    for (const ScheduleRule& r : rules) {
        if (starts_on(r, day, is_holiday)) {
            h.spans.emplace_back(r.opens, r.closes);
            covered.emplace_back(r.opens, is_overnight(r) ? 1440 : r.closes);
        }
        if (is_overnight(r) && starts_on(r, add_days(day, -1), is_holiday)) covered.emplace_back(0, r.closes);
    }
    std::sort(covered.begin(), covered.end());
    int reach = 0;
    for (const auto& [a, b] : covered)
        if (a <= reach) reach = std::max(reach, b);
    h.all_day = reach >= 1440;
    if (h.all_day) {
        h.spans.clear();
        return h;
    }
    // Merge same-day spans that overlap or touch (9:00–12:00 and 12:00–17:00
    // read as 9:00–17:00); an overnight span stays as it is.
    std::sort(h.spans.begin(), h.spans.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto& s : h.spans) {
        const bool overnight = s.second <= s.first;
        if (!merged.empty() && merged.back().second > merged.back().first && !overnight && s.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, s.second);
        else if (!merged.empty() && merged.back() == s)
            continue;
        else
            merged.push_back(s);
    }
    h.spans = std::move(merged);
    return h;
}

std::string describe_spans(const DayHours& hours) {
    std::string out;
    for (const auto& [opens, closes] : hours.spans) {
        if (!out.empty()) out += ", ";
        out += clock(opens) + "–" + clock(closes);
    }
    return out;
}

}  // namespace madoguchi::core
