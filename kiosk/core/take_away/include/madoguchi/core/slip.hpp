// SPDX-License-Identifier: Apache-2.0
// slip.hpp — what goes on a take-away slip, built from the catalogue.
//
// Only contact details: names, phones with hours, website, e-mail, and the
// date the data was checked. Never a kiosk id, a time of printing, or anything
// about the visitor. The header is neutral by default (no 依存症 in the title:
// the slip may be seen by others later); the wording is the caller's choice.
//
// Every word on the slip that is not the directory's comes from the kiosk's
// strings (assets/strings/<lang>.toml), handed in as SlipWords: core reads no
// files, and kiosk/print only draws what the Slip holds. A visitor whose
// language is not Japanese gets a bilingual slip: their language first, then
// the Japanese names and labels, so that a Japanese-speaking helper (staff at
// the counter they call, a neighbour) can read it too (docs/printing.md).
#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/catalogue.hpp"

namespace madoguchi::core {

class UiStrings;

// The slip's own words in one language (keys slip.*, qr.call, qr.web and the
// detail screen's labels of assets/strings; slip_words() fills them). Texts of ja-x-easy carry ruby
// markup, which the text engine draws on paper as on screen.
struct SlipWords {
    std::string header;                       // slip.header: neutral, no addiction named
    std::string phone, website, email;        // labels before a number, a URL, an address
    std::string private_operator, nonprofit;  // who runs it, when not a public body
    std::string as_of;                        // "この情報は {date} 時点のものです。"
    std::string call, web;                    // QR captions (the screen's qr.call, qr.web)
    std::string today, tomorrow;              // before a day's hours
    std::string today_holiday, tomorrow_holiday;  // the same, on a national holiday
    std::string closed, all_day;              // a day without hours, a day open 24 hours
    std::string say;                          // slip.say: before what to say when someone answers
    // What happens when you call, one sentence per stated fact and value: the
    // detail screen's words ("detail.fact.<fact>.<value>" → its text), so the
    // slip says exactly what the screen said. Facts the data has no words for
    // are left off the slip rather than printed as codes.
    std::map<std::string, std::string, std::less<>> facts;
};

// The words of `lang` from the kiosk's strings (a text missing in `lang` is
// the Japanese one: UiStrings' fallback; tests/strings checks none is missing).
SlipWords slip_words(const UiStrings& strings, std::string_view lang);

// Japanese and やさしい日本語 visitors get a Japanese slip; every other
// language a bilingual one.
bool slip_is_bilingual(std::string_view lang);

// On a bilingual slip a text has its Japanese beside it (the `_ja` fields);
// they are "" on a Japanese slip and where the Japanese is the same text
// (a name with no translation is shown once, in Japanese).

// One more line of an entry, in the visitor's language and in Japanese: what
// happens when you call ("匿名で相談できます"), a contact without voice
// ("LINE …"). Drawn after the phones, each on its own line.
struct SlipNote {
    std::string text, ja;
};

struct SlipPhone {
    std::string number, label;       // as written, e.g. 0120-111-351, 相談ダイヤル
    std::vector<std::string> hours;  // the weekly rules, described (see build_slip for the language)
    std::string tel;                 // tel: URI for a QR code
    std::string label_ja = {};
    // "今日 10:00–17:00", "Hôm nay / 今日  10:00–17:00", "明日 お休み": the day's
    // hours from the rules, at the kiosk's date (never printed itself); "" when
    // the phone has no hours or no date was given.
    std::string today = {}, tomorrow = {};
    // What to say when someone answers (phones.csv `say`): always the Japanese
    // words, which the person answering understands; `say_meaning` is their
    // translation into the slip's language where the data has one ("" on a
    // Japanese slip, or with no translation). Both "" when the data has none.
    std::string say = {}, say_meaning = {};
};

struct SlipEntry {
    std::string service_id, name, organization, website, email, assured_date;
    // Who runs it, in the slip's language, when the operator is not a public
    // body ("民間の事業者（費用がかかることがあります）"); "" for public bodies and
    // when the data does not say. A slip read later, away from the screen,
    // must still tell a private provider from a public service.
    std::string operator_note;
    std::vector<SlipPhone> phones;
    std::string name_ja, organization_ja, operator_note_ja;
    // The name (organization) is the Japanese text: the data has no
    // translation into the slip's language (drawn with Japanese line breaks).
    bool name_in_japanese = false, organization_in_japanese = false;
    std::vector<SlipNote> notes;  // what happens when you call: the service's stated facts (ServiceDetail::facts)
};

struct SlipOptions {
    std::string lang = {};    // "" → ja
    std::string header = {};  // "" → words.header
    SlipWords words = {};     // in `lang`
    SlipWords words_ja = {};  // Japanese: the second half of a bilingual slip
    // The kiosk's date, for today's and tomorrow's hours. Not printed: a slip
    // says nothing about when it was made.
    std::optional<CivilDate> today = {};
};

struct Slip {
    std::string lang, header;
    std::vector<SlipEntry> entries;
    std::string data_date;  // when the directory was built (bundle metadata), YYYY-MM-DD
    bool bilingual = false;
    std::string header_ja;
    SlipWords words, words_ja;  // the labels the renderer draws (words_ja only when bilingual)
};

// What became of a slip sent to a printer. kiosk/print finds it out; the
// kiosk shows its own words for each, in the visitor's language. cancelled:
// the session ended while it was sent (what had not gone out did not).
enum class PrintResult : uint8_t { printed, paper_out, no_printer, timeout, io_error, not_configured, cancelled };
std::string_view to_string(PrintResult r);  // "printed", "paper_out", …

// Unknown ids are skipped (a slip prints what can be printed). The weekly
// rules (SlipPhone::hours) are described once: in English on an English slip,
// in Japanese on every other (the catalogue describes rules in those two; the
// day's hours above them are in the visitor's words).
Slip build_slip(const Catalogue& catalogue, const std::vector<std::string>& service_ids, const SlipOptions& options = {});

// "今日  10:00–17:00" from a day's hours: `label` (today or tomorrow, or the
// holiday form), then the spans, or all_day, or closed; on a bilingual slip
// each word as "visitor / 日本語".
std::string describe_day(const DayHours& hours, bool tomorrow, const SlipWords& words, const SlipWords* words_ja);

// "a / b"; `a` alone when b is "" or the same.
std::string both_languages(std::string_view a, std::string_view b);

}  // namespace madoguchi::core
