// SPDX-License-Identifier: Apache-2.0
// evidence.hpp — is a contact value really written in the quote that is said to hold it?
//
// Every phone number, mail address, URL, address and opening hour in a bundle
// source carries an evidence quote: the exact sentence of its source page that
// holds it (docs/bundle-source.md, evidence.csv). `build` refuses a value its
// quote does not contain. That makes a number typed from memory, or one digit
// off, impossible to ship: the quote was copied from the page, the value was
// typed, and the two must agree.
//
// "Contain" allows only what pages legitimately vary in: full-width and
// half-width forms (NFKC), the many hyphen-like characters (‐ – − ー ｰ), and the
// grouping of a phone number (06(6691)2811 holds 06-6691-2811). Nothing else:
// no digit may differ, none may be missing or extra.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::core {

// NFKC, hyphen-like characters → '-', white space removed. What both sides of
// every comparison below go through.
std::string evidence_normalize(std::string_view utf8);

// A phone number as the source format writes it ("06-6691-2811", "#7119",
// "119"): true when the quote holds a number with exactly these digits (any
// grouping with -, ( and )), not as part of a longer number. A '#' number needs
// its '#'.
bool quote_holds_phone(std::string_view number, std::string_view quote);

// A mail address: compared without case; the quote may write the @ as ＠, [at]
// or (at), as pages do against harvesting.
bool quote_holds_email(std::string_view email, std::string_view quote);

// A URL: the quote holds it with or without its scheme (pages print
// "www.example.jp/soudan/"); host case and one trailing slash do not matter.
bool quote_holds_url(std::string_view url, std::string_view quote);

// Two URLs name the same page (scheme and host case, one trailing slash).
bool same_url(std::string_view a, std::string_view b);

// An address: the quote holds it after normalization (spaces dropped).
bool quote_holds_text(std::string_view text, std::string_view quote);

// Opening hours (minutes since midnight; closes may be 1440): the quote holds
// both times, written as 9:00, 9時, 9時30分, 9時半, 午後5時, 正午 or 17:00;
// 00:00–24:00 is also held by 「24時間」. Days are not checked mechanically
// (「平日」「月～金」「土日祝を除く」 have too many forms); the reviewer reads them.
bool quote_holds_hours(int opens, int closes, std::string_view quote);

// Closed over the New Year (schedules.csv year_end = closed): the quote names
// 年末年始 (年末・年始), or 12月29日 and 1月3日 (also written 12/29 and 1/3).
bool quote_holds_year_end(std::string_view quote);

}  // namespace madoguchi::core
