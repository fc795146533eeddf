// SPDX-License-Identifier: Apache-2.0
// qr.hpp — what a QR code on the screen or on a slip carries, and the symbol itself.
//
// A visitor scans the code with their own phone's camera app, so every payload is
// a format those camera apps act on without any other app:
//   - qr_tel      "tel:0120111351"      → the phone offers to call
//   - qr_url      "https://…"           → the phone offers to open the page
//   - qr_contact  a vCard 3.0 card      → the phone offers to add a contact
//
// Why vCard 3.0 and not MECARD for contacts. MECARD (NTT DoCoMo) is shorter, but no
// first-hand account shows the iOS Camera app turning a MECARD into a contact; the
// sources that rate it only call iOS support "good" or MECARD "good in Asia", and
// Android scanners added it one by one (BinaryEye only in 2021, issue #217). vCard
// 3.0 is what iOS itself writes (CNContactVCardSerialization) and what first-hand
// reports show the iOS Camera app adding as a contact (six-two/qr.html#7 on iOS 18,
// davidshimjs/qrcodejs#227), and Android camera apps and Google Lens read it too.
// It costs some 50 bytes more than a MECARD — one or two QR versions — which is a
// fair price for a code that works on the visitor's phone whatever it is.
//
// The card follows RFC 2426: CRLF line ends, N and FN always, text values escaped
// (\\ \; \, and \n for a line break; a colon needs no escape in vCard 3.0). Lines
// are not folded: folding is optional, costs bytes and could split a UTF-8 sequence.
//
// Privacy. A payload carries the contact details from the catalogue and nothing
// else: never a kiosk id, a time, a session or anything about the visitor, and
// never a parameter added by us (URLs are encoded exactly as written in the data).
// The one exception is the publisher's correction link (core::correction_link):
// its URL gets the service id and the bundle version — which entry is wrong, in
// which edition — and still nothing about the visitor or the kiosk.
// ContactOptions::neutral_name lets the visitor save the contact under a name that
// reveals nothing to whoever looks at their phone's contact list.
//
// Text encoding. Symbols use 8-bit byte mode at error correction level M, with the
// payload's bytes exactly. A payload with non-ASCII bytes (a Japanese name in a
// vCard) must be valid UTF-8 and gets an ECI 26 ("this is UTF-8") header first, as
// ISO/IEC 18004 asks: without it readers guess the charset, and zbar, for one,
// turns UTF-8 "é" into Shift_JIS "矇". iOS and ZXing honour the ECI; ML Kit ignores
// it and assumes UTF-8 anyway. ASCII payloads (tel:, https:) get no ECI header.
//
// Index
//   - QrCode, encode_qr     the symbol (libqrencode)
//   - qr_tel, qr_url        single-link payloads
//   - ContactCard, qr_contact, ContactOptions
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::core {

// A QR symbol: size × size modules, row by row, 1 = dark, WITHOUT the quiet zone
// (renderers add 4 light modules on every side; ≥ 4 dots per module on paper).
struct QrCode {
    int size = 0;                  // 17 + 4 × version
    int version = 0;               // 1 … 40
    bool utf8_eci = false;         // an ECI 26 (UTF-8) header precedes the data
    std::vector<uint8_t> modules;  // size × size, index y * size + x
    // Outside the symbol (the quiet zone) every module is light.
    bool dark(int x, int y) const;
    friend bool operator==(const QrCode&, const QrCode&) = default;
};

// Error correction level M, 8-bit byte mode, the payload's bytes exactly (case
// kept), the smallest version that holds them. Returns nullopt and says why in
// *error (may be null) when the payload is empty, too long (more than 2331 bytes
// of ASCII; a UTF-8 payload has one byte less for its ECI header) or has non-ASCII
// bytes that are not valid UTF-8.
std::optional<QrCode> encode_qr(std::string_view payload, std::string* error);

// Payloads. Each returns the exact string to encode, or nullopt and one plain
// sentence in *error (may be null).

// "0120-111-351" or "tel:0120111351" → "tel:0120111351"; "#7119" → "tel:%237119".
// The number must pass check_phone (field_checks.hpp).
std::optional<std::string> qr_tel(std::string_view number_or_tel_uri, std::string* error);

// https:// and http:// links only (javascript:, data:, ftp:, mailto:, … are
// refused), no spaces, control or non-ASCII characters, a valid host (check_url
// with UrlUse::website). The URL is returned UNCHANGED: query strings and
// percent-encoding as written in the data, and nothing ever added.
std::optional<std::string> qr_url(std::string_view url, std::string* error);

struct ContactCard {
    std::string name, organization;  // UTF-8 text, one line each
    std::vector<std::string> phones;  // as written: "0120-111-351", "#7119"
    std::string url, email;           // optional
    std::string note;                 // UTF-8 text, line breaks allowed
};

struct ContactOptions {
    // If non-empty, the contact is saved under this name instead of card.name, and
    // the organization and the note are left out, so that the visitor's contact
    // list shows nothing revealing. (The website and e-mail, if given, stay in the
    // card: they are not shown in contact lists. Leave them out of the card when
    // their domain itself would say too much.)
    std::string neutral_name;
};

// A vCard 3.0 (see the top of this file):
//   BEGIN:VCARD / VERSION:3.0 / N:<name>;;;; / FN:<name> / ORG:<organization> /
//   TEL;TYPE=VOICE:<digits> (one per phone) / URL:<url> / EMAIL:<email> /
//   NOTE:<note> / END:VCARD, each line ending in CRLF; empty fields are left out.
// Phones become bare digits ("#7119" keeps its '#'), the URL is checked as by
// qr_url, the e-mail by check_email. UTF-8 is allowed in the name, organization
// and note; everything else is ASCII. Needs a name (or neutral_name) and at least
// one phone, URL or e-mail.
std::optional<std::string> qr_contact(const ContactCard& card, const ContactOptions& options,
                                      std::string* error);

}  // namespace madoguchi::core
