// SPDX-License-Identifier: Apache-2.0
// slip.hpp — what goes on a take-away slip, built from the catalogue.
//
// Only contact details: names, phones with hours, website, e-mail, and the
// date the data was checked. Never a kiosk id, a time of printing, or anything
// about the visitor. The header is neutral by default (no 依存症 in the title:
// the slip may be seen by others later); the wording is the caller's choice.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/catalogue.hpp"

namespace madoguchi::core {

struct SlipPhone {
    std::string number, label;       // as written, e.g. 0120-111-351, 相談ダイヤル
    std::vector<std::string> hours;  // described rules in the slip's language
    std::string tel;                 // tel: URI for a QR code
};

struct SlipEntry {
    std::string service_id, name, organization, website, email, assured_date;
    // Who runs it, in the slip's language, when the operator is not a public
    // body ("民間の事業者（費用がかかることがあります）"); "" for public bodies and
    // when the data does not say. A slip read later, away from the screen,
    // must still tell a private provider from a public service.
    std::string operator_note;
    std::vector<SlipPhone> phones;
};

struct SlipOptions {
    std::string lang;    // "" → ja
    std::string header;  // "" → a neutral default in the slip's language
};

struct Slip {
    std::string lang, header;
    std::vector<SlipEntry> entries;
    std::string data_date;  // when the directory was built (bundle metadata), YYYY-MM-DD
};

// What became of a slip sent to a printer. kiosk/print finds it out; the
// kiosk shows its own words for each, in the visitor's language. cancelled:
// the session ended while it was sent (what had not gone out did not).
enum class PrintResult : uint8_t { printed, paper_out, no_printer, timeout, io_error, not_configured, cancelled };
std::string_view to_string(PrintResult r);  // "printed", "paper_out", …

// Unknown ids are skipped (a slip prints what can be printed).
Slip build_slip(const Catalogue& catalogue, const std::vector<std::string>& service_ids, const SlipOptions& options = {});

}  // namespace madoguchi::core
