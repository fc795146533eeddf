// SPDX-License-Identifier: Apache-2.0
// field_checks.hpp — checks for single values in admin input.
//
// Each check returns an empty string when the value is fine, or one sentence an
// admin can act on. They are pure functions so that the tests can walk every rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::core {

struct CivilDate {
    int year = 0, month = 0, day = 0;
    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// "YYYY-MM-DD" that exists in the calendar.
std::optional<CivilDate> parse_date(std::string_view s);
std::string format_date(CivilDate d);
// Monday = 0 … Sunday = 6.
int weekday(CivilDate d);
CivilDate add_days(CivilDate d, int days);
// The same day `months` months later (negative: earlier), or the last day of
// that month when it is shorter (2026-08-31 − 6 months = 2026-02-28). What
// "checked more than 6 months ago" means for review and the admin screen.
CivilDate add_months(CivilDate d, int months);

// [a-z0-9_-]{1,64}
std::string check_id(std::string_view s);

// Japanese phone numbers as written on a leaflet: digits and hyphens.
// Accepts fixed lines (0 + area code, 10 digits), mobile 070/080/090 and IP 050
// (11 digits), toll-free 0120 (10) and 0800 (11), navi-dial 0570 (10), and short
// 3-digit public numbers such as 189. On success `digits` gets the bare digits.
std::string check_phone(std::string_view s, std::string* digits = nullptr);
// "tel:0120111351" — what a QR code or a dialer wants.
std::string tel_uri(std::string_view digits);

enum class UrlUse { website, any_link };
// website: http/https only. any_link: http, https, tel, mailto.
std::string check_url(std::string_view s, UrlUse use);
std::string check_email(std::string_view s);

// Contact channels of phones.csv (docs/bundle-source.md, "phones.csv").
// Types reached by a number: voice, fax, text (SMS), video, textphone. Types
// reached by a link: line, chat, web_form, email, sns. Voice is the only one
// that needs the visitor's voice.
bool channel_has_number(std::string_view type);
bool channel_is_known(std::string_view type);
bool channel_is_voice_free(std::string_view type);
// The link of a link-type channel: email → a mail address; line → a LINE ID
// (@ and 1-20 of a-z 0-9 . _ -) or an http/https URL; chat, web_form, sns → an
// http/https URL.
std::string check_channel_link(std::string_view type, std::string_view link);

// Readings: hiragana, katakana, ー, ・, spaces, ASCII letters and digits.
std::string check_reading(std::string_view s);

// "NNN-NNNN"
std::string check_postal_code(std::string_view s);

// "HH:MM" → minutes since midnight. closes may be 24:00.
std::optional<int> parse_clock(std::string_view s, bool allow_24 = false);

}  // namespace madoguchi::core
