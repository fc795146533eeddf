// SPDX-License-Identifier: Apache-2.0
// catalogue_urgent.cpp — the urgent route (「いますぐ話したい」, issue 19): which
// lines of kind `urgent` can be reached now, and in what order they are listed.
//
// Why this order (docs/kiosk.md, "The urgent route"): someone who needs to talk
// now should first see a line that answers whatever the hour (round the clock),
// then the lines answering now, then when the others open today — and only then
// lines for another day, so that nobody has to open each one to learn it is shut.
#include <algorithm>

#include "madoguchi/core/catalogue.hpp"

namespace madoguchi::core {

UrgentGroup urgent_group(const ServiceSummary& s, LocalDateTime now) {
    if (!s.open) return UrgentGroup::other;
    if (s.open->round_the_clock) return UrgentGroup::round_the_clock;
    if (s.open->reachable_now()) return UrgentGroup::open_now;
    if (s.open->next_opening && s.open->next_opening->date == now.date) return UrgentGroup::later_today;
    return UrgentGroup::other;
}

void order_urgent(std::vector<ServiceSummary>& services, LocalDateTime now) {
    // Minutes from now to the next opening; lines with none go last.
    auto wait = [&](const ServiceSummary& s) -> long long {
        if (!s.open || !s.open->next_opening) return -1;
        const LocalDateTime& t = *s.open->next_opening;
        long long days = 0;
        for (CivilDate d = now.date; d < t.date && days < 400; d = add_days(d, 1)) ++days;
        return days * 1440 + t.minute - now.minute;
    };
    std::stable_sort(services.begin(), services.end(), [&](const ServiceSummary& a, const ServiceSummary& b) {
        const UrgentGroup ga = urgent_group(a, now), gb = urgent_group(b, now);
        if (ga != gb) return ga < gb;
        if (ga == UrgentGroup::later_today || ga == UrgentGroup::other) {
            const long long wa = wait(a), wb = wait(b);
            if ((wa < 0) != (wb < 0)) return wb < 0;  // a line with hours before one without
            return wa < wb;
        }
        return false;
    });
}

std::vector<ServiceSummary> Catalogue::urgent_services(const Region& region, LocalDateTime now, std::string_view lang) const {
    ServiceQuery q;
    q.kinds = {"urgent"};
    q.region = region;
    q.lang = lang.empty() ? "ja" : std::string(lang);
    q.now = now;
    std::vector<ServiceSummary> out = find_services(q);
    order_urgent(out, now);
    return out;
}

}  // namespace madoguchi::core
