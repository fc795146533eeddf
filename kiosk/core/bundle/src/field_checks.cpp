// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/field_checks.hpp"

#include <algorithm>
#include <cstdio>

#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
long days_from_civil(CivilDate d) {
    int y = d.year - (d.month <= 2);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(d.month + (d.month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

CivilDate civil_from_days(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long y = static_cast<long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return CivilDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

}  // namespace

std::optional<CivilDate> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2)))
        return std::nullopt;
    CivilDate d{to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), to_int(s.substr(8, 2))};
    if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 ||
        d.day > days_in_month(d.year, d.month))
        return std::nullopt;
    return d;
}

std::string format_date(CivilDate d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

int weekday(CivilDate d) {
    long z = days_from_civil(d);  // 1970-01-01 was a Thursday (3 when Monday = 0)
    return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

CivilDate add_days(CivilDate d, int days) { return civil_from_days(days_from_civil(d) + days); }

CivilDate add_months(CivilDate d, int months) {
    const int index = d.year * 12 + (d.month - 1) + months;  // months since year 0
    CivilDate r{index / 12, index % 12 + 1, d.day};
    r.day = std::min(r.day, days_in_month(r.year, r.month));
    return r;
}

std::string check_id(std::string_view s) {
    if (s.empty()) return "id is empty";
    if (s.size() > 64) return "id is longer than 64 characters";
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '_' || c == '-'))
            return "id \"" + std::string(s) + "\" may only use a-z, 0-9, _ and -";
    }
    return {};
}

std::string check_phone(std::string_view s, std::string* digits_out) {
    if (s.empty()) return "phone number is empty";
    std::string digits;
    bool hash = false;
    char prev = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (is_digit(c)) digits += c;
        else if (c == '#' && i == 0) hash = true;
        else if (c == '-') {
            if (i == 0 || i + 1 == s.size() || prev == '-')
                return "phone number \"" + std::string(s) + "\" has a misplaced hyphen";
        } else {
            return "phone number \"" + std::string(s) +
                   "\" may only contain half-width digits and hyphens (e.g. 0120-111-351)";
        }
        prev = c;
    }
    auto bad = [&](const std::string& why) {
        return "phone number \"" + std::string(s) + "\" " + why;
    };
    if (hash) {
        if (digits.size() != 4) return bad("is not a #-number of 4 digits (e.g. #7119)");
    } else if (digits.size() == 3) {
        if (digits[0] != '1') return bad("is not a 3-digit public number (1XX)");
    } else if (digits.rfind("00", 0) == 0) {
        return bad("starts with 00 (an international prefix); write the number as dialled in Japan");
    } else if (digits[0] != '0') {
        return bad("must start with 0 (include the area code)");
    } else if (digits.rfind("0120", 0) == 0 || digits.rfind("0570", 0) == 0) {
        if (digits.size() != 10) return bad("must have 10 digits (0120/0570 numbers)");
    } else if (digits.rfind("0800", 0) == 0) {
        if (digits.size() != 11) return bad("must have 11 digits (0800 numbers)");
    } else if (digits.rfind("070", 0) == 0 || digits.rfind("080", 0) == 0 ||
               digits.rfind("090", 0) == 0 || digits.rfind("050", 0) == 0) {
        if (digits.size() != 11) return bad("must have 11 digits (mobile and 050 numbers)");
    } else if (digits.size() != 10) {
        return bad("must have 10 digits (area code and number)");
    }
    if (digits_out) *digits_out = hash ? "#" + digits : digits;
    return {};
}

std::string tel_uri(std::string_view digits) {
    std::string s = "tel:";
    for (char c : digits) {
        if (c == '#') s += "%23";  // '#' is a fragment delimiter in URIs
        else s += c;
    }
    return s;
}

std::string check_email(std::string_view s) {
    if (s.find("[at]") != std::string_view::npos || s.find("(at)") != std::string_view::npos)
        return "e-mail \"" + std::string(s) + "\" is written in disguised form; write it with @";
    size_t at = s.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= s.size() || s.find('@', at + 1) != std::string_view::npos)
        return "e-mail \"" + std::string(s) + "\" must have the form name@domain";
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '"')
            return "e-mail \"" + std::string(s) + "\" contains a character not allowed in an address";
    }
    std::string_view domain = s.substr(at + 1);
    if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos)
        return "e-mail \"" + std::string(s) + "\" has no valid domain after @";
    return {};
}

std::string check_url(std::string_view s, UrlUse use) {
    if (s.empty()) return "URL is empty";
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F)
            return "URL \"" + std::string(s) +
                   "\" contains spaces or non-ASCII characters; percent-encode them";
    }
    size_t colon = s.find(':');
    std::string scheme(colon == std::string_view::npos ? std::string_view{} : s.substr(0, colon));
    if (scheme == "http" || scheme == "https") {
        std::string_view rest = s.substr(colon + 1);
        if (rest.substr(0, 2) != "//") return "URL \"" + std::string(s) + "\" must start with " + scheme + "://";
        rest.remove_prefix(2);
        std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
        if (host.empty()) return "URL \"" + std::string(s) + "\" has no host name";
        for (char c : host) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.' || c == ':'))
                return "URL \"" + std::string(s) + "\" has an invalid host name";
        }
        if (host.find('.') == std::string_view::npos && host.substr(0, host.find(':')) != "localhost")
            return "URL \"" + std::string(s) + "\" has an invalid host name";
        return {};
    }
    if (use == UrlUse::any_link && scheme == "tel") {
        std::string e = check_phone(s.substr(4));
        return e.empty() ? e : "tel: link: " + e;
    }
    if (use == UrlUse::any_link && scheme == "mailto") {
        std::string e = check_email(s.substr(7));
        return e.empty() ? e : "mailto: link: " + e;
    }
    return "URL \"" + std::string(s) + "\" must start with " +
           (use == UrlUse::website ? "https:// or http://" : "https://, http://, tel: or mailto:");
}

std::string check_reading(std::string_view s) {
    if (s.empty()) return "reading (よみ) is empty";
    size_t i = 0;
    while (i < s.size()) {
        char32_t cp = utf8::next(s, i);
        bool ok = (cp >= 0x3041 && cp <= 0x309F) ||  // hiragana
                  (cp >= 0x30A0 && cp <= 0x30FF) ||  // katakana incl. ・ and ー
                  cp == 0x20 || cp == 0x3000 ||
                  (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                  cp == '-' || cp == '.' || cp == '&';
        if (!ok)
            return "reading (よみ) \"" + std::string(s) +
                   "\" must be written in kana (kanji and other characters are not readings)";
    }
    return {};
}

std::string check_postal_code(std::string_view s) {
    if (s.size() == 8 && all_digits(s.substr(0, 3)) && s[3] == '-' && all_digits(s.substr(4))) return {};
    return "postal code \"" + std::string(s) + "\" must be written NNN-NNNN";
}

std::optional<int> parse_clock(std::string_view s, bool allow_24) {
    if (s.size() != 5 || s[2] != ':' || !all_digits(s.substr(0, 2)) || !all_digits(s.substr(3, 2)))
        return std::nullopt;
    int h = to_int(s.substr(0, 2)), m = to_int(s.substr(3, 2));
    if (m > 59) return std::nullopt;
    if (h == 24 && m == 0 && allow_24) return 24 * 60;
    if (h > 23) return std::nullopt;
    return h * 60 + m;
}

// --- contact channels (phones.csv `type` and `link`) ---------------------------

bool channel_has_number(std::string_view type) {
    return type == "voice" || type == "fax" || type == "text" || type == "video" || type == "textphone";
}

bool channel_is_known(std::string_view type) {
    return channel_has_number(type) || type == "line" || type == "chat" || type == "web_form" || type == "email" || type == "sns";
}

bool channel_is_voice_free(std::string_view type) { return channel_is_known(type) && type != "voice"; }

std::string check_channel_link(std::string_view type, std::string_view link) {
    if (link.empty()) return "a " + std::string(type) + " channel needs its link";
    if (type == "email") return check_email(link);
    if (type == "line" && link.front() == '@') {
        std::string_view id = link.substr(1);
        bool ok = !id.empty() && id.size() <= 20;
        for (char c : id) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
        return ok ? "" : "LINE ID \"" + std::string(link) + "\" is not @ followed by 1-20 of a-z 0-9 . _ -";
    }
    return check_url(link, UrlUse::website);
}

}  // namespace madoguchi::core
