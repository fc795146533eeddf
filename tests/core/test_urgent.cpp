// SPDX-License-Identifier: Apache-2.0
// test_urgent.cpp — the urgent route's list (Catalogue::urgent_services,
// order_urgent, urgent_group) and each result's first contact (FirstContact),
// on a built catalogue whose lines run round the clock, in office hours, in
// the evening, at weekends and without hours (issue 19).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "madoguchi/core/catalogue.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using madoguchi::test::Built;
using madoguchi::test::minimal_source;

namespace {

// November 2026: Sat 21, Sun 22, Mon 23 (勤労感謝の日, in the source's holidays), Tue 24.
LocalDateTime at(const char* s) {
    auto t = parse_local_datetime(s);
    REQUIRE_MESSAGE(t.has_value(), s);
    return *t;
}

std::vector<std::string> ids(const std::vector<ServiceSummary>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(s.id);
    return out;
}

// The minimal source (kiosk region 27, Osaka) with the kind `urgent` and seven
// lines of that kind: one round the clock, one in office hours in Osaka, one
// every evening, one at weekends, two without hours (one with a website only)
// and one for Tokyo alone (outside the region: never listed). A second
// organization has a mail address and no website, for a line reached by mail.
std::map<std::string, std::string> urgent_source() {
    auto f = minimal_source();
    f["vocabulary.csv"] += "kind,urgent,話を聴く電話,Listening line,80\n";
    f["organizations.csv"] += "org2,第二団体,だいにだんたい,,説明,,help@example.org,src,2026-11-21\n";
    const char* services[] = {
        "u-24h,org,いつでも電話,いつでもでんわ,,説明,other,self,,urgent,phone,national,,ja,,,free,,yes,,src,2026-11-21",
        "u-now,org,昼の電話,ひるのでんわ,,説明,other,self,,urgent,phone,27,,ja,,,free,,yes,,src,2026-11-21",
        "u-later,org,夕方の電話,ゆうがたのでんわ,,説明,other,self,,urgent,phone,national,,ja,,,free,,yes,,src,2026-11-21",
        "u-weekend,org,週末の電話,しゅうまつのでんわ,,説明,other,self,,urgent,phone,national,,ja,,,free,,yes,,src,2026-11-21",
        "u-nohours,org,時間の書いていない電話,あ,,説明,other,self,,urgent,phone,national,,ja,,,free,,yes,,src,2026-11-21",
        "u-web,org,ウェブの相談,い,,説明,other,self,,urgent,online,national,,ja,https://example.org/web,,free,,yes,,src,2026-11-21",
        "u-mail,org2,メールの相談,う,,説明,other,self,,urgent,online,national,,ja,,,free,,yes,,src,2026-11-21",
        "u-tokyo,org,東京の電話,とうきょうのでんわ,,説明,other,self,,urgent,phone,13,,ja,,,free,,yes,,src,2026-11-21",
    };
    for (const char* s : services) f["services.csv"] += std::string(s) + "\n";
    f["phones.csv"] +=
        "tel-24,u-24h,0120-000-001,voice,,\n"
        "tel-now,u-now,06-0000-0002,voice,,\n"
        "tel-later,u-later,0120-000-003,voice,,\n"
        "tel-wk,u-weekend,0120-000-004,voice,,\n"
        "tel-nh,u-nohours,0120-000-005,voice,,\n"
        "tel-tokyo,u-tokyo,03-0000-0006,voice,,\n";
    f["schedules.csv"] +=
        "h-24,u-24h,tel-24,daily,00:00,24:00,open,,,\n"
        "h-now,u-now,tel-now,mon-fri,09:00,17:00,closed,,,\n"
        "h-later,u-later,tel-later,daily,16:00,21:00,open,,,\n"
        "h-wk,u-weekend,tel-wk,sat;sun,10:00,16:00,open,,,\n"
        "h-tokyo,u-tokyo,tel-tokyo,daily,00:00,24:00,open,,,\n";
    f["evidence.csv"] +=
        "organizations,org2,email,src,help@example.org\n"
        "services,u-web,website,src,https://example.org/web\n"
        "phones,tel-24,number,src,電話 0120-000-001 受付は24時間\n"
        "schedules,h-24,hours,src,電話 0120-000-001 受付は24時間\n"
        "phones,tel-now,number,src,06-0000-0002（平日9時～17時）\n"
        "schedules,h-now,hours,src,06-0000-0002（平日9時～17時）\n"
        "phones,tel-later,number,src,0120-000-003（毎日16時～21時）\n"
        "schedules,h-later,hours,src,0120-000-003（毎日16時～21時）\n"
        "phones,tel-wk,number,src,0120-000-004（土日10時～16時）\n"
        "schedules,h-wk,hours,src,0120-000-004（土日10時～16時）\n"
        "phones,tel-nh,number,src,0120-000-005\n"
        "phones,tel-tokyo,number,src,電話 03-0000-0006 受付は24時間\n"
        "schedules,h-tokyo,hours,src,電話 03-0000-0006 受付は24時間\n";
    return f;
}

}  // namespace

TEST_CASE("urgent route: round the clock, open now, later today, then the others by when they open") {
    Built b(urgent_source());
    const Region osaka{27, ""};
    struct Case {
        const char* now;
        std::vector<std::string> order;
    };
    const Case cases[] = {
        // Tuesday noon: office hours are open; the evening line opens at 16:00.
        {"2026-11-24T12:00", {"u-24h", "u-now", "u-later", "u-weekend", "u-nohours", "u-web", "u-mail"}},
        // Tuesday 22:00: only the round-the-clock line; tomorrow 9:00 before tomorrow 16:00 before Saturday.
        {"2026-11-24T22:00", {"u-24h", "u-now", "u-later", "u-weekend", "u-nohours", "u-web", "u-mail"}},
        // Saturday noon: the weekend line is open; office hours wait for Tuesday (Monday is a holiday).
        {"2026-11-21T12:00", {"u-24h", "u-weekend", "u-later", "u-now", "u-nohours", "u-web", "u-mail"}},
        // The holiday at noon: the evening line opens today (holidays too); the office line is shut until Tuesday.
        {"2026-11-23T12:00", {"u-24h", "u-later", "u-now", "u-weekend", "u-nohours", "u-web", "u-mail"}},
        // Tuesday 17:00: office hours just closed (tomorrow 9:00); the evening line is open.
        {"2026-11-24T17:00", {"u-24h", "u-later", "u-now", "u-weekend", "u-nohours", "u-web", "u-mail"}},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.now));
        const auto list = b.cat->urgent_services(osaka, at(c.now), "ja");
        CHECK(ids(list) == c.order);
    }

    const auto tue = at("2026-11-24T12:00");
    const auto list = b.cat->urgent_services(osaka, tue, "ja");
    REQUIRE(list.size() == 7);
    CHECK(urgent_group(list[0], tue) == UrgentGroup::round_the_clock);
    CHECK(urgent_group(list[1], tue) == UrgentGroup::open_now);
    CHECK(urgent_group(list[2], tue) == UrgentGroup::later_today);
    REQUIRE(list[2].open->next_opening);
    CHECK(list[2].open->next_opening->minute == 16 * 60);
    CHECK(urgent_group(list[3], tue) == UrgentGroup::other);
    CHECK(list[3].open->next_opening->date == CivilDate{2026, 11, 28});
    CHECK(urgent_group(list[4], tue) == UrgentGroup::other);
    CHECK_FALSE(list[4].open->has_hours);
    CHECK_FALSE(list[4].open->next_opening);

    // Only lines of kind `urgent` in the region: the Tokyo line (round the clock) is
    // not offered in Osaka, but is in Tokyo — before the national one (browse
    // order within a group: the kiosk's own prefecture first) — and Osaka's is not.
    const auto tokyo = b.cat->urgent_services(Region{13, ""}, tue, "ja");
    CHECK(ids(tokyo) == std::vector<std::string>{"u-tokyo", "u-24h", "u-later", "u-weekend", "u-nohours", "u-web", "u-mail"});
    for (const auto& s : list) CHECK(s.id.rfind("u-", 0) == 0);  // svc-a and svc-b (consultation) are not urgent
}

TEST_CASE("order_urgent: a summary without an open state goes with the others, after those that open") {
    const LocalDateTime now = at("2026-11-24T12:00");
    ServiceSummary none, later, tomorrow, open;
    none.id = "none";
    later.id = "later";
    later.open = OpenState{true, false, false, LocalDateTime{now.date, 18 * 60}, false};
    tomorrow.id = "tomorrow";
    tomorrow.open = OpenState{true, false, false, LocalDateTime{add_days(now.date, 1), 8 * 60}, false};
    open.id = "open";
    open.open = OpenState{true, true, false, now, false};
    std::vector<ServiceSummary> v{none, tomorrow, later, open};
    order_urgent(v, now);
    CHECK(ids(v) == std::vector<std::string>{"open", "later", "tomorrow", "none"});
    CHECK(urgent_group(none, now) == UrgentGroup::other);
}

TEST_CASE("result cards: each result's first contact — a voice line, else the website, else mail") {
    Built b(urgent_source());
    ServiceQuery q;
    q.region = {27, ""};
    q.now = at("2026-11-24T12:00");
    std::map<std::string, FirstContact> by_id;
    for (const auto& s : b.cat->find_services(q)) by_id[s.id] = s.contact;
    CHECK(by_id["u-24h"] == FirstContact{FirstContact::Kind::phone, "0120-000-001"});
    CHECK(by_id["svc-b"] == FirstContact{FirstContact::Kind::phone, "0120-111-351"});
    CHECK(by_id["svc-a"] == FirstContact{FirstContact::Kind::website, "https://example.org/a"});
    CHECK(by_id["u-web"] == FirstContact{FirstContact::Kind::website, "https://example.org/web"});
    // A line without hours still shows its number; mail when there is nothing else.
    CHECK(by_id["u-nohours"] == FirstContact{FirstContact::Kind::phone, "0120-000-005"});
    CHECK(by_id["u-mail"] == FirstContact{FirstContact::Kind::email, "help@example.org"});
    // The open state carries when it opens next, for the card.
    const auto list = b.cat->find_services(q);
    for (const auto& s : list) {
        CAPTURE(s.id);
        REQUIRE(s.open);
        if (s.id == "svc-b") {
            REQUIRE(s.open->next_opening);  // weeknights from 22:00
            CHECK(s.open->next_opening->minute == 22 * 60);
            CHECK_FALSE(s.open->round_the_clock);
        }
        if (s.id == "u-24h") CHECK(s.open->round_the_clock);
    }
}
