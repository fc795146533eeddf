// SPDX-License-Identifier: Apache-2.0
// test_field_checks.cpp — single-value checks of admin input (field_checks.hpp)
// and the Japanese region codes (regions.hpp).
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "madoguchi/core/field_checks.hpp"
#include "madoguchi/core/regions.hpp"

using namespace madoguchi::core;

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

TEST_CASE("parse_date accepts calendar dates and refuses everything else") {
    struct Row {
        const char* in;
        bool ok;
        int y, m, d;
    };
    const Row rows[] = {
        {"2026-11-21", true, 2026, 11, 21},
        {"2026-01-01", true, 2026, 1, 1},
        {"2026-12-31", true, 2026, 12, 31},
        {"2028-02-29", true, 2028, 2, 29},  // leap year
        {"2000-02-29", true, 2000, 2, 29},  // divisible by 400: leap
        {"2026-04-30", true, 2026, 4, 30},
        {"1900-01-01", true, 1900, 1, 1},   // earliest accepted year
        {"2026-02-29", false, 0, 0, 0},     // not a leap year
        {"2100-02-29", false, 0, 0, 0},     // divisible by 100 but not 400
        {"2026-04-31", false, 0, 0, 0},
        {"2026-13-01", false, 0, 0, 0},
        {"2026-00-10", false, 0, 0, 0},
        {"2026-01-00", false, 0, 0, 0},
        {"2026-01-32", false, 0, 0, 0},
        {"1899-12-31", false, 0, 0, 0},
        {"2026-1-01", false, 0, 0, 0},
        {"2026-01-1", false, 0, 0, 0},
        {"2026-01-01 ", false, 0, 0, 0},
        {" 2026-01-01", false, 0, 0, 0},
        {"2026-01-01  ", false, 0, 0, 0},
        {"2026/01/01", false, 0, 0, 0},
        {"20260101", false, 0, 0, 0},
        {"2026-0a-01", false, 0, 0, 0},
        {"+026-01-01", false, 0, 0, 0},
        {"２０２６-01-01", false, 0, 0, 0},
        {"", false, 0, 0, 0},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.in));
        auto d = parse_date(r.in);
        REQUIRE(d.has_value() == r.ok);
        if (r.ok) {
            CHECK(d->year == r.y);
            CHECK(d->month == r.m);
            CHECK(d->day == r.d);
            CHECK(format_date(*d) == std::string(r.in));  // round trip
        }
    }
}

TEST_CASE("format_date pads month and day") {
    CHECK(format_date(CivilDate{2026, 1, 5}) == "2026-01-05");
    CHECK(format_date(CivilDate{2026, 11, 23}) == "2026-11-23");
}

TEST_CASE("weekday is Monday = 0 … Sunday = 6") {
    struct Row {
        const char* date;
        int weekday;
    };
    const Row rows[] = {
        {"2026-11-21", 5},  // Saturday
        {"2026-11-22", 6},  // Sunday
        {"2026-11-23", 0},  // Monday (勤労感謝の日)
        {"2026-11-20", 4},  // Friday
        {"2026-11-03", 1},  // Tuesday (文化の日)
        {"2026-01-01", 3},  // Thursday
        {"2000-02-29", 1},  // Tuesday
        {"2024-02-29", 3},  // Thursday
        {"1970-01-01", 3},  // Thursday
        {"1900-01-01", 0},  // Monday
        {"2100-03-01", 0},  // Monday
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.date));
        auto d = parse_date(r.date);
        REQUIRE(d);
        CHECK(weekday(*d) == r.weekday);
    }
}

TEST_CASE("add_days crosses month, year and leap-day boundaries") {
    struct Row {
        const char* from;
        int days;
        const char* to;
    };
    const Row rows[] = {
        {"2026-11-21", 0, "2026-11-21"},
        {"2026-01-31", 1, "2026-02-01"},
        {"2026-02-28", 1, "2026-03-01"},
        {"2028-02-28", 1, "2028-02-29"},
        {"2028-02-29", 1, "2028-03-01"},
        {"2000-02-28", 1, "2000-02-29"},
        {"2100-02-28", 1, "2100-03-01"},
        {"2026-12-31", 1, "2027-01-01"},
        {"2027-01-01", -1, "2026-12-31"},
        {"2026-03-01", -1, "2026-02-28"},
        {"2028-03-01", -1, "2028-02-29"},
        {"2026-01-01", 365, "2027-01-01"},
        {"2028-01-01", 366, "2029-01-01"},
        {"2028-01-01", 365, "2028-12-31"},
        {"2026-11-21", 40, "2026-12-31"},
        {"2026-11-21", -324, "2026-01-01"},
        {"1970-01-01", -1, "1969-12-31"},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.from));
        CAPTURE(r.days);
        auto d = parse_date(r.from);
        REQUIRE(d);
        CHECK(format_date(add_days(*d, r.days)) == std::string(r.to));
    }
}

TEST_CASE("add_days moves the weekday along") {
    const CivilDate sat{2026, 11, 21};
    for (int n = -20; n <= 20; ++n) {
        CAPTURE(n);
        CHECK(weekday(add_days(sat, n)) == ((5 + n) % 7 + 7) % 7);
    }
}

// ---------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------

TEST_CASE("check_id") {
    SUBCASE("accepted") {
        for (const char* id : {"svc-a", "org", "a_b-1", "0", "first_call"}) {
            CAPTURE(std::string(id));
            CHECK(check_id(id).empty());
        }
        CHECK(check_id(std::string(64, 'a')).empty());
    }
    SUBCASE("refused") {
        CHECK(check_id("") == "id is empty");
        CHECK(check_id(std::string(65, 'a')) == "id is longer than 64 characters");
        CHECK(check_id("Svc") == "id \"Svc\" may only use a-z, 0-9, _ and -");
        for (const char* id : {"svc a", "svc.a", "サービス", "svc/a", "ＳＶＣ"}) {
            CAPTURE(std::string(id));
            CHECK(contains(check_id(id), "may only use a-z, 0-9, _ and -"));
        }
    }
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

TEST_CASE("check_phone accepts the formats on Japanese leaflets") {
    struct Row {
        const char* in;
        const char* digits;
    };
    const Row rows[] = {
        {"0120-111-351", "0120111351"},    // toll-free
        {"0120111351", "0120111351"},      // no hyphens
        {"06-1234-5678", "0612345678"},    // fixed line, Osaka
        {"03-1234-5678", "0312345678"},    // fixed line, Tokyo
        {"0166-12-3456", "0166123456"},    // fixed line, 4-digit area code
        {"090-1234-5678", "09012345678"},  // mobile
        {"080-1234-5678", "08012345678"},
        {"070-1234-5678", "07012345678"},
        {"050-1234-5678", "05012345678"},  // IP phone
        {"0570-064-556", "0570064556"},    // navi-dial
        {"0800-123-4567", "08001234567"},  // toll-free 0800
        {"189", "189"},                    // 3-digit public number
        {"110", "110"},
        {"#7119", "#7119"},                // #-number keeps its #
        {"#8000", "#8000"},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.in));
        std::string digits = "unchanged";
        CHECK(check_phone(r.in, &digits) == "");
        CHECK(digits == std::string(r.digits));
        CHECK(check_phone(r.in).empty());  // the out-parameter is optional
    }
}

TEST_CASE("check_phone refuses malformed numbers with a reason") {
    struct Row {
        const char* in;
        const char* fragment;
    };
    const Row rows[] = {
        {"", "phone number is empty"},
        {"0120-111-35", "must have 10 digits (0120/0570 numbers)"},
        {"0120-111-3510", "must have 10 digits (0120/0570 numbers)"},
        {"0570-064-5566", "must have 10 digits (0120/0570 numbers)"},
        {"0800-123-456", "must have 11 digits (0800 numbers)"},
        {"090-1234-567", "must have 11 digits (mobile and 050 numbers)"},
        {"050-1234-56789", "must have 11 digits (mobile and 050 numbers)"},
        {"06-1234-567", "must have 10 digits (area code and number)"},
        {"06-1234-56789", "must have 10 digits (area code and number)"},
        {"1234-5678", "must start with 0 (include the area code)"},
        {"00-1234-5678", "starts with 00 (an international prefix)"},
        {"001-81-3-1234-5678", "starts with 00 (an international prefix)"},
        {"０１２０-111-351", "may only contain half-width digits and hyphens"},
        {"0120 111 351", "may only contain half-width digits and hyphens"},
        {"0120-abc-351", "may only contain half-width digits and hyphens"},
        {"+81-120-111-351", "may only contain half-width digits and hyphens"},
        {"(06)1234-5678", "may only contain half-width digits and hyphens"},
        {"7#119", "may only contain half-width digits and hyphens"},
        {"0120--111", "has a misplaced hyphen"},
        {"0120--111-351", "has a misplaced hyphen"},
        {"-0120", "has a misplaced hyphen"},
        {"-0120-111-351", "has a misplaced hyphen"},
        {"0120-111-351-", "has a misplaced hyphen"},
        {"#711", "is not a #-number of 4 digits"},
        {"#71190", "is not a #-number of 4 digits"},
        {"011", "is not a 3-digit public number (1XX)"},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.in));
        std::string digits = "unchanged";
        const std::string e = check_phone(r.in, &digits);
        CAPTURE(e);
        CHECK(contains(e, r.fragment));
        CHECK(digits == "unchanged");  // not written on failure
    }
}

TEST_CASE("check_phone messages quote the number as written") {
    CHECK(check_phone("1234-5678") ==
          "phone number \"1234-5678\" must start with 0 (include the area code)");
    CHECK(check_phone("0120-111-35") ==
          "phone number \"0120-111-35\" must have 10 digits (0120/0570 numbers)");
}

TEST_CASE("tel_uri") {
    CHECK(tel_uri("0120111351") == "tel:0120111351");
    CHECK(tel_uri("189") == "tel:189");
    CHECK(tel_uri("#7119") == "tel:%237119");  // '#' would start a URI fragment
    CHECK(tel_uri("") == "tel:");
}

// ---------------------------------------------------------------------------
// URLs and e-mail
// ---------------------------------------------------------------------------

TEST_CASE("check_url") {
    struct Row {
        const char* in;
        UrlUse use;
        const char* fragment;  // "" = accepted
    };
    const Row rows[] = {
        // websites
        {"https://example.org/", UrlUse::website, ""},
        {"https://example.org", UrlUse::website, ""},
        {"http://example.org/path?q=1#top", UrlUse::website, ""},
        {"https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/0000070789.html", UrlUse::website, ""},
        {"https://example.org:8443/x", UrlUse::website, ""},
        {"http://localhost:8080/", UrlUse::website, ""},
        {"ftp://example.org/file", UrlUse::website, "must start with https:// or http://"},
        {"javascript:alert(1)", UrlUse::website, "must start with https:// or http://"},
        {"example.org", UrlUse::website, "must start with https:// or http://"},
        {"tel:0120111351", UrlUse::website, "must start with https:// or http://"},
        {"mailto:info@example.org", UrlUse::website, "must start with https:// or http://"},
        {"https:example.org", UrlUse::website, "must start with https://"},
        {"https://", UrlUse::website, "has no host name"},
        {"https:///path", UrlUse::website, "has no host name"},
        {"https://example", UrlUse::website, "has an invalid host name"},
        {"https://user@example.org/", UrlUse::website, "has an invalid host name"},
        {"https://exa_mple.org/", UrlUse::website, "has an invalid host name"},
        {"https://example.org/a b", UrlUse::website, "contains spaces or non-ASCII characters"},
        {" https://example.org/", UrlUse::website, "contains spaces or non-ASCII characters"},
        {"https://example.org/\t", UrlUse::website, "contains spaces or non-ASCII characters"},
        {"https://例え.jp/", UrlUse::website, "contains spaces or non-ASCII characters"},
        {"https://example.org/ダルク", UrlUse::website, "contains spaces or non-ASCII characters"},
        {"", UrlUse::website, "URL is empty"},
        // any link
        {"https://example.org/", UrlUse::any_link, ""},
        {"tel:0120-111-351", UrlUse::any_link, ""},
        {"tel:0120111351", UrlUse::any_link, ""},
        {"tel:#7119", UrlUse::any_link, ""},
        {"mailto:info@example.org", UrlUse::any_link, ""},
        {"tel:0120-111-35", UrlUse::any_link, "tel: link: phone number \"0120-111-35\" must have 10 digits"},
        {"tel:", UrlUse::any_link, "tel: link: phone number is empty"},
        {"tel:1234-5678", UrlUse::any_link, "tel: link:"},
        {"mailto:info", UrlUse::any_link, "mailto: link: e-mail \"info\" must have the form name@domain"},
        {"mailto:one[at]oneness-g.com", UrlUse::any_link, "mailto: link:"},
        {"ftp://example.org/", UrlUse::any_link, "must start with https://, http://, tel: or mailto:"},
        {"javascript:alert(1)", UrlUse::any_link, "must start with https://, http://, tel: or mailto:"},
        {"https://", UrlUse::any_link, "has no host name"},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.in));
        CAPTURE(std::string(r.use == UrlUse::website ? "website" : "any_link"));
        const std::string e = check_url(r.in, r.use);
        CAPTURE(e);
        if (*r.fragment == '\0') {
            CHECK(e.empty());
        } else {
            CHECK(contains(e, r.fragment));
        }
    }
}

TEST_CASE("check_email") {
    SUBCASE("accepted") {
        for (const char* s : {"info@example.org", "a.b+c@mail.example.co.jp", "x@y.z"}) {
            CAPTURE(std::string(s));
            CHECK(check_email(s).empty());
        }
    }
    SUBCASE("disguised addresses are named as such") {
        CHECK(check_email("one[at]oneness-g.com") ==
              "e-mail \"one[at]oneness-g.com\" is written in disguised form; write it with @");
        CHECK(contains(check_email("one(at)oneness-g.com"), "disguised form"));
    }
    SUBCASE("refused") {
        struct Row {
            const char* in;
            const char* fragment;
        };
        const Row rows[] = {
            {"", "must have the form name@domain"},
            {"info", "must have the form name@domain"},
            {"@example.org", "must have the form name@domain"},
            {"info@", "must have the form name@domain"},
            {"a@b@example.org", "must have the form name@domain"},
            {"info＠example.org", "must have the form name@domain"},  // full-width @
            {"in fo@example.org", "contains a character not allowed"},
            {"info@exämple.org", "contains a character not allowed"},
            {"info@example.org;", "contains a character not allowed"},
            {"<info@example.org>", "contains a character not allowed"},
            {"info@example", "has no valid domain after @"},
            {"info@.example.org", "has no valid domain after @"},
            {"info@example.org.", "has no valid domain after @"},
            {"info@example..org", "has no valid domain after @"},
        };
        for (const Row& r : rows) {
            CAPTURE(std::string(r.in));
            const std::string e = check_email(r.in);
            CAPTURE(e);
            CHECK(contains(e, r.fragment));
        }
    }
}

// ---------------------------------------------------------------------------
// Readings, postal codes, clock times
// ---------------------------------------------------------------------------

TEST_CASE("check_reading") {
    SUBCASE("kana, marks and ASCII are readings") {
        for (const char* s : {"だるく", "ダルク", "あるこほーりくす・あのにます", "アルコホーリクス・アノニマス",
                              "えーえー", "AA", "darc 2", "おおさか　ふ", "ヴぁ", "てすとだんたい"}) {
            CAPTURE(std::string(s));
            CHECK(check_reading(s).empty());
        }
    }
    SUBCASE("kanji and other characters are not") {
        for (const char* s : {"大阪", "だるく大阪", "ＤＡＲＣ", "だるく！", "☆", "(だるく)"}) {
            CAPTURE(std::string(s));
            const std::string e = check_reading(s);
            CHECK(contains(e, "must be written in kana"));
            CHECK(contains(e, s));  // quotes the input
        }
        CHECK(check_reading("") == "reading (よみ) is empty");
    }
}

TEST_CASE("check_postal_code") {
    CHECK(check_postal_code("530-0001").empty());
    CHECK(check_postal_code("100-0001").empty());
    for (const char* s : {"5300001", "530-001", "53-00001", "530-00011", "５３０-0001", "530ー0001", " 530-0001",
                          "530-0001 ", "〒530-0001", "53a-0001", ""}) {
        CAPTURE(std::string(s));
        CHECK(check_postal_code(s) == "postal code \"" + std::string(s) + "\" must be written NNN-NNNN");
    }
}

TEST_CASE("parse_clock") {
    struct Row {
        const char* in;
        bool allow_24;
        int minutes;  // -1 = refused
    };
    const Row rows[] = {
        {"00:00", false, 0},
        {"09:30", false, 570},
        {"10:00", false, 600},
        {"17:00", false, 1020},
        {"23:59", false, 1439},
        {"24:00", false, -1},
        {"24:00", true, 1440},
        {"24:01", true, -1},
        {"25:00", true, -1},
        {"23:60", false, -1},
        {"23:60", true, -1},
        {"9:30", false, -1},
        {"09:3", false, -1},
        {"09:30:00", false, -1},
        {"09-30", false, -1},
        {"０９:30", false, -1},
        {"ab:cd", false, -1},
        {"", false, -1},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.in));
        CAPTURE(r.allow_24);
        auto m = parse_clock(r.in, r.allow_24);
        if (r.minutes < 0) {
            CHECK_FALSE(m.has_value());
        } else {
            REQUIRE(m.has_value());
            CHECK(*m == r.minutes);
        }
    }
}

// ---------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------

TEST_CASE("prefectures: the 47 of JIS X 0401 in code order") {
    auto all = prefectures();
    REQUIRE(all.size() == 47);
    for (size_t i = 0; i < all.size(); ++i) {
        CAPTURE(i);
        CHECK(all[i].code == static_cast<int>(i) + 1);
        CHECK(find_prefecture(all[i].code) == &all[i]);
        const std::string name = all[i].name;
        const bool suffix_ok = name.ends_with("都") || name.ends_with("道") || name.ends_with("府") ||
                               name.ends_with("県");
        CHECK(suffix_ok);
        CHECK(check_reading(all[i].name_kana).empty());  // the kana names are valid readings
        CHECK(std::string(all[i].name_en).size() > 0);
    }
    CHECK(std::string(all[0].name) == "北海道");
    CHECK(std::string(find_prefecture(13)->name) == "東京都");
    CHECK(std::string(find_prefecture(13)->name_en) == "Tokyo");
    CHECK(std::string(find_prefecture(26)->name) == "京都府");
    CHECK(std::string(find_prefecture(27)->name) == "大阪府");
    CHECK(std::string(find_prefecture(27)->name_kana) == "おおさかふ");
    CHECK(std::string(find_prefecture(27)->name_en) == "Osaka");
    CHECK(std::string(find_prefecture(47)->name) == "沖縄県");
    CHECK(find_prefecture(0) == nullptr);
    CHECK(find_prefecture(48) == nullptr);
    CHECK(find_prefecture(-1) == nullptr);
}

TEST_CASE("parse_prefecture_code") {
    CHECK(parse_prefecture_code("01") == 1);
    CHECK(parse_prefecture_code("13") == 13);
    CHECK(parse_prefecture_code("27") == 27);
    CHECK(parse_prefecture_code("47") == 47);
    for (const char* s : {"00", "48", "99", "7", "1", "027", "2a", " 27", "２７", ""}) {
        CAPTURE(std::string(s));
        CHECK_FALSE(parse_prefecture_code(s).has_value());
    }
}

TEST_CASE("municipality_check_digit matches published JIS X 0402 codes") {
    // Worked by hand: (11 - Σ(d_i × w_i) mod 11) mod 10, weights 6,5,4,3,2.
    struct Row {
        const char* code;
        int check;
        const char* place;
    };
    const Row rows[] = {
        {"13101", 6, "千代田区 131016"},  // Σ=27, 27 mod 11=5, 11-5=6
        {"01100", 2, "札幌市 011002"},    // Σ=9, 11-9=2
        {"27000", 8, "大阪府 270008"},    // Σ=47, mod 11=3, 11-3=8
        {"27100", 4, "大阪市 271004"},    // Σ=51, mod 11=7, 11-7=4
        {"47201", 8, "那覇市 472018"},    // Σ=69, mod 11=3, 11-3=8
        {"14100", 3, "横浜市 141003"},    // Σ=30, mod 11=8, 11-8=3
        {"13104", 1, "新宿区 131041"},    // Σ=33, mod 11=0 → 11 → 1
        {"01101", 1, "札幌市中央区 011011"},  // Σ=11, mod 11=0 → 1
        {"13113", 0, "渋谷区 131130"},    // Σ=34, mod 11=1 → 10 → 0
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.place));
        CHECK(municipality_check_digit(r.code) == r.check);
    }
}

TEST_CASE("parse_municipality_code") {
    std::string error;
    SUBCASE("5 digits") {
        auto c = parse_municipality_code("27100", &error);
        REQUIRE(c);
        CHECK(*c == "27100");
    }
    SUBCASE("6 digits with the right check digit give the 5-digit form") {
        for (const char* s : {"131016", "011002", "270008", "271004", "472018"}) {
            CAPTURE(std::string(s));
            auto c = parse_municipality_code(s, &error);
            REQUIRE(c);
            CHECK(*c == std::string(s).substr(0, 5));
        }
    }
    SUBCASE("a wrong check digit is refused and the expected one named") {
        auto c = parse_municipality_code("271005", &error);
        CHECK_FALSE(c);
        CHECK(contains(error, "wrong check digit"));
        CHECK(contains(error, "(expected 4)"));
        CHECK(contains(error, "\"271005\""));

        error.clear();
        CHECK_FALSE(parse_municipality_code("472017", &error));
        CHECK(contains(error, "(expected 8)"));
    }
    SUBCASE("the prefecture part must exist") {
        for (const char* s : {"48100", "00100", "99999", "481004"}) {
            CAPTURE(std::string(s));
            error.clear();
            CHECK_FALSE(parse_municipality_code(s, &error));
            CHECK(contains(error, "does not start with a prefecture code 01-47"));
        }
    }
    SUBCASE("shape") {
        for (const char* s : {"2710", "2710045", "27-100", "271OO", "２７１００", ""}) {
            CAPTURE(std::string(s));
            error.clear();
            CHECK_FALSE(parse_municipality_code(s, &error));
            CHECK(contains(error, "must be 5 digits, or 6 with the check digit"));
        }
    }
    SUBCASE("error may be null") {
        CHECK_FALSE(parse_municipality_code("271005", nullptr));
        CHECK_FALSE(parse_municipality_code("x", nullptr));
        CHECK(parse_municipality_code("271004", nullptr) == std::string("27100"));
    }
}

// The setup screen lists prefectures under their region (regions.hpp).
TEST_CASE("prefecture_region: every prefecture in one of the eight regions, in code order") {
    CHECK(regions().size() == 8);
    CHECK(prefecture_region(1) == 1);   // 北海道
    CHECK(prefecture_region(7) == 2);   // 福島 (東北)
    CHECK(prefecture_region(8) == 3);   // 茨城 (関東)
    CHECK(prefecture_region(13) == 3);  // 東京
    CHECK(prefecture_region(15) == 4);  // 新潟 (中部)
    CHECK(prefecture_region(23) == 4);  // 愛知
    CHECK(prefecture_region(24) == 5);  // 三重 (近畿, as the eight-region division has it)
    CHECK(prefecture_region(27) == 5);  // 大阪
    CHECK(prefecture_region(31) == 6);  // 鳥取 (中国)
    CHECK(prefecture_region(35) == 6);  // 山口
    CHECK(prefecture_region(36) == 7);  // 徳島 (四国)
    CHECK(prefecture_region(39) == 7);  // 高知
    CHECK(prefecture_region(40) == 8);  // 福岡 (九州・沖縄)
    CHECK(prefecture_region(47) == 8);  // 沖縄
    CHECK(prefecture_region(0) == 0);
    CHECK(prefecture_region(48) == 0);
    CHECK(prefecture_region(-1) == 0);
    // Regions never go back: walking the prefectures in code order, the region
    // only grows, and every region has at least one prefecture.
    int last = 0, counts[9] = {};
    for (const auto& p : prefectures()) {
        const int r = prefecture_region(p.code);
        CHECK(r >= last);
        last = r;
        ++counts[r];
    }
    for (int r = 1; r <= 8; ++r) CHECK(counts[r] > 0);
    CHECK(counts[0] == 0);
    CHECK(std::string(regions()[7].name) == "九州・沖縄");
    CHECK(std::string(regions()[2].slug) == "kanto");
}
