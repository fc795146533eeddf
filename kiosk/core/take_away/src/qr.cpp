// SPDX-License-Identifier: Apache-2.0
// qr.cpp — QR payloads (tel:, https:, vCard 3.0) and encoding with libqrencode.
// Why these formats, and the privacy rules they keep: see qr.hpp.
//
// Index
//   - helpers          UTF-8 validity, vCard text escaping
//   - encode_qr        libqrencode, level M, byte mode (+ ECI 26 for UTF-8)
//   - qr_tel, qr_url
//   - qr_contact       vCard 3.0
#include "madoguchi/core/qr.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>

#include "madoguchi/core/field_checks.hpp"

#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

// --- helpers ----------------------------------------------------------------

void set_error(std::string* error, std::string message) {
    if (error) *error = std::move(message);
}

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// Strict UTF-8 (RFC 3629): shortest forms only, no surrogates, ≤ U+10FFFF.
bool valid_utf8(std::string_view s) { return utf8::find_invalid(s, false) == std::string_view::npos; }

// Checks one text value of the card; `what` names it in the message.
std::string check_text(std::string_view s, std::string_view what, bool line_breaks_allowed) {
    if (!valid_utf8(s)) return std::string(what) + " is not valid UTF-8 text";
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if ((c == '\n' || c == '\r') && line_breaks_allowed) continue;
        if (u < 0x20 || u == 0x7F)
            return std::string(what) + (line_breaks_allowed ? " contains a control character"
                                                            : " contains a line break or another control character");
    }
    return {};
}

// Bundle texts may carry furigana markup, {漢字|かんじ} (やさしい日本語); a phone's
// contact list shows plain text, so only the base is kept. A brace that does not
// open a well-formed group is kept as it is.
std::string ruby_base(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') {
            const size_t bar = s.find('|', i + 1), close = s.find('}', i + 1);
            if (bar != std::string_view::npos && close != std::string_view::npos && bar < close &&
                s.substr(i + 1, bar - i - 1).find('{') == std::string_view::npos) {
                out.append(s.substr(i + 1, bar - i - 1));
                i = close;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

// RFC 2426 §4 (escaped-char): backslash, comma and semicolon get a backslash; a
// line break (CRLF, LF or CR) becomes \n.
std::string vcard_text(std::string_view raw) {
    const std::string plain = ruby_base(raw);
    const std::string_view s = plain;
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\' || c == ',' || c == ';') {
            out += '\\';
            out += c;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

struct QrcodeFree {
    void operator()(QRcode* q) const { QRcode_free(q); }
};
struct QrinputFree {
    void operator()(QRinput* in) const { QRinput_free(in); }
};

}  // namespace

// --- encode_qr --------------------------------------------------------------

bool QrCode::dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= size || y >= size) return false;
    return modules[static_cast<size_t>(y) * static_cast<size_t>(size) + static_cast<size_t>(x)] != 0;
}

std::optional<QrCode> encode_qr(std::string_view payload, std::string* error) {
    if (payload.empty()) {
        set_error(error, "QR code payload is empty");
        return std::nullopt;
    }
    const bool utf8 = !is_ascii(payload);
    if (utf8 && !valid_utf8(payload)) {
        set_error(error, "QR code payload is not valid UTF-8 text");
        return std::nullopt;
    }
    // Version 40-M holds 2331 bytes in byte mode; the ECI header takes 12 bits.
    const size_t max_bytes = utf8 ? 2330 : 2331;
    const std::string too_long = "QR code payload of " + std::to_string(payload.size()) +
                                 " bytes is too long (a QR code at level M holds at most " +
                                 std::to_string(max_bytes) + (utf8 ? " bytes of UTF-8 text)" : " bytes)");
    if (payload.size() > max_bytes) {  // also keeps the int cast below safe
        set_error(error, too_long);
        return std::nullopt;
    }

    // Version 0 = the smallest that fits. QRinput keeps exactly the segments we
    // append: one ECI header if UTF-8, then one 8-bit segment (no mode switching,
    // so the bytes are encoded as given).
    std::unique_ptr<QRinput, QrinputFree> input(QRinput_new2(0, QR_ECLEVEL_M));
    if (!input) {
        set_error(error, "out of memory while encoding a QR code");
        return std::nullopt;
    }
    if (utf8 && QRinput_appendECIheader(input.get(), 26) != 0) {
        set_error(error, "could not add the UTF-8 (ECI 26) header to a QR code");
        return std::nullopt;
    }
    if (QRinput_append(input.get(), QR_MODE_8, static_cast<int>(payload.size()),
                       reinterpret_cast<const unsigned char*>(payload.data())) != 0) {
        set_error(error, "could not add the payload to a QR code");
        return std::nullopt;
    }
    errno = 0;
    std::unique_ptr<QRcode, QrcodeFree> q(QRcode_encodeInput(input.get()));
    if (!q) {
        set_error(error, errno == ERANGE ? too_long : std::string("could not encode a QR code"));
        return std::nullopt;
    }

    QrCode code;
    code.size = q->width;
    code.version = q->version;
    code.utf8_eci = utf8;
    const size_t n = static_cast<size_t>(q->width) * static_cast<size_t>(q->width);
    code.modules.resize(n);
    for (size_t i = 0; i < n; ++i) code.modules[i] = q->data[i] & 1;  // bit 0: dark
    return code;
}

// --- qr_tel, qr_url ---------------------------------------------------------

std::optional<std::string> qr_tel(std::string_view number_or_tel_uri, std::string* error) {
    std::string number(number_or_tel_uri);
    if (number.size() >= 4 && (number[0] == 't' || number[0] == 'T') && (number[1] == 'e' || number[1] == 'E') &&
        (number[2] == 'l' || number[2] == 'L') && number[3] == ':') {
        number.erase(0, 4);
        if (number.rfind("%23", 0) == 0) number.replace(0, 3, "#");  // tel_uri writes '#' as %23
    }
    std::string digits;
    std::string e = check_phone(number, &digits);
    if (!e.empty()) {
        set_error(error, std::move(e));
        return std::nullopt;
    }
    return tel_uri(digits);
}

std::optional<std::string> qr_url(std::string_view url, std::string* error) {
    auto fail = [&](std::string message) -> std::optional<std::string> {
        set_error(error, std::move(message));
        return std::nullopt;
    };
    if (url.empty()) return fail("URL is empty");
    for (char c : url) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F)
            return fail("URL \"" + std::string(url) +
                        "\" contains spaces, control or non-ASCII characters; percent-encode them");
    }
    // An RFC 3986 scheme: a letter, then letters, digits, + - . up to the colon.
    // Anything but http(s) — javascript:, data:, file:, ftp:, mailto:, tel:, intent:
    // — could run code, open another app or go nowhere on the visitor's phone.
    size_t colon = url.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        std::string scheme;
        bool is_scheme = true;
        for (size_t i = 0; i < colon; ++i) {
            char c = url[i];
            bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!(letter || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
                is_scheme = false;
                break;
            }
            scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        // "example.org:8080/" is a host and port without a scheme, not a scheme.
        if (is_scheme && scheme.find('.') == std::string::npos && scheme != "http" && scheme != "https")
            return fail("URL \"" + std::string(url) + "\" uses the " + scheme +
                        ": scheme; a QR code may only carry https:// or http:// links");
    }
    std::string e = check_url(url, UrlUse::website);
    if (!e.empty()) return fail(std::move(e));
    return std::string(url);
}

// --- qr_contact -------------------------------------------------------------

std::optional<std::string> qr_contact(const ContactCard& card, const ContactOptions& options, std::string* error) {
    auto fail = [&](std::string message) -> std::optional<std::string> {
        set_error(error, std::move(message));
        return std::nullopt;
    };
    const bool neutral = !options.neutral_name.empty();
    const std::string& name = neutral ? options.neutral_name : card.name;
    const std::string_view name_what = neutral ? "neutral contact name" : "contact name";

    if (name.empty()) return fail("the contact has no name");
    if (std::string e = check_text(name, name_what, false); !e.empty()) return fail(e);
    if (!neutral) {
        if (std::string e = check_text(card.organization, "organization", false); !e.empty()) return fail(e);
        if (std::string e = check_text(card.note, "note", true); !e.empty()) return fail(e);
    }
    if (card.phones.empty() && card.url.empty() && card.email.empty())
        return fail("the contact has no phone number, website or e-mail address");

    std::vector<std::string> digits(card.phones.size());
    for (size_t i = 0; i < card.phones.size(); ++i) {
        if (std::string e = check_phone(card.phones[i], &digits[i]); !e.empty()) return fail(e);
    }
    if (!card.url.empty()) {
        std::string e;
        if (!qr_url(card.url, &e)) return fail(e);
    }
    if (!card.email.empty()) {
        if (std::string e = check_email(card.email); !e.empty()) return fail(e);
    }

    // Phones, URL and e-mail were checked to be plain ASCII without , ; \ or
    // spaces, so they need no escaping (and URL is a uri value, not text).
    const std::string crlf = "\r\n";
    std::string v = "BEGIN:VCARD" + crlf + "VERSION:3.0" + crlf;
    const std::string escaped_name = vcard_text(name);
    v += "N:" + escaped_name + ";;;;" + crlf;  // family;given;additional;prefix;suffix
    v += "FN:" + escaped_name + crlf;
    if (!neutral && !card.organization.empty()) v += "ORG:" + vcard_text(card.organization) + crlf;
    for (const std::string& d : digits) v += "TEL;TYPE=VOICE:" + d + crlf;
    if (!card.url.empty()) v += "URL:" + card.url + crlf;
    if (!card.email.empty()) v += "EMAIL:" + card.email + crlf;
    if (!neutral && !card.note.empty()) v += "NOTE:" + vcard_text(card.note) + crlf;
    v += "END:VCARD" + crlf;
    return v;
}

}  // namespace madoguchi::core
