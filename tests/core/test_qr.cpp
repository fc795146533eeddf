// SPDX-License-Identifier: Apache-2.0
// test_qr.cpp — QR payloads (tel:, https:, vCard 3.0) and symbols (qr.hpp).
//
// Index
//   - qr_tel                 numbers as written → tel: URIs, refusals
//   - qr_url                 unchanged https/http links, refused schemes
//   - qr_contact             exact vCards: Japanese, neutral name, escaping, phones
//   - encode_qr              versions, limits, structure, determinism
//   - zbarimg round trip     render a PGM, decode it with zbarimg (zbar-tools)
//
// The round trip runs
//     zbarimg --nodbus --quiet --raw -Sdisable -Sqrcode.enable -Sbinary FILE
// -Sbinary makes zbar hand over the symbol's bytes without any charset guessing
// and without a trailing newline, so the output must equal the payload byte for
// byte. UTF-8 payloads are also read in zbar's text mode (no -Sbinary): that only
// comes out exact because encode_qr adds the ECI 26 (UTF-8) header; without it zbar
// guesses and reads UTF-8 "é" as Shift_JIS "矇".
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "madoguchi/core/qr.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;

namespace {

struct Refusal {
    std::string in, message;
};

// ---------------------------------------------------------------------------
// Rendering and decoding helpers (the test's own, independent of kiosk/print)
// ---------------------------------------------------------------------------

// Binary PGM (P5): `px` pixels per module, 4 light modules of quiet zone.
void write_pgm(const QrCode& code, int px, const std::string& path) {
    const int n = (code.size + 8) * px;
    std::ofstream out(path, std::ios::binary);
    out << "P5\n" << n << ' ' << n << "\n255\n";
    std::string row(static_cast<size_t>(n), '\0');
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x)
            row[static_cast<size_t>(x)] = code.dark(x / px - 4, y / px - 4) ? '\0' : static_cast<char>(0xFF);
        out.write(row.data(), static_cast<std::streamsize>(row.size()));
    }
}

struct Decoded {
    int status = -1;  // zbarimg exit status: 0 found, 4 no symbol
    std::string text;
};

Decoded zbarimg(const std::string& path, bool binary) {
    std::string cmd = "zbarimg --nodbus --quiet --raw -Sdisable -Sqrcode.enable";
    if (binary) cmd += " -Sbinary";
    cmd += " '" + path + "' 2>/dev/null";
    Decoded d;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, p)) > 0) d.text.append(buf, got);
    int st = pclose(p);
    d.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return d;
}

bool have_zbarimg() { return std::system("command -v zbarimg >/dev/null 2>&1") == 0; }

QrCode encode_or_fail(std::string_view payload) {
    std::string err;
    auto code = encode_qr(payload, &err);
    INFO(err);
    REQUIRE(code.has_value());
    return *code;
}

// The 15-bit format information of a symbol (error correction level and mask),
// read from its first copy (around the top-left finder) or its second (split
// between the other two), bit i as in ISO/IEC 18004 §7.9.
int read_format(const QrCode& c, bool second) {
    int bits = 0;
    for (int i = 0; i < 15; ++i) {
        int x, y;
        if (!second) {
            if (i <= 5) x = 8, y = i;
            else if (i == 6) x = 8, y = 7;
            else if (i == 7) x = 8, y = 8;
            else if (i == 8) x = 7, y = 8;
            else x = 14 - i, y = 8;
        } else {
            if (i < 8) x = c.size - 1 - i, y = 8;
            else x = 8, y = c.size - 15 + i;
        }
        bits |= (c.dark(x, y) ? 1 : 0) << i;
    }
    return bits;
}

// The format word for a level (L = 1, M = 0, Q = 3, H = 2) and a mask: 5 data
// bits, a (15,5) BCH remainder, XOR 101010000010010.
int format_word(int level_bits, int mask) {
    const int data = level_bits << 3 | mask;
    int rem = data;
    for (int i = 0; i < 10; ++i) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    return (data << 10 | rem) ^ 0x5412;
}

// A service card with Japanese text in every text field.
ContactCard japanese_card() {
    ContactCard c;
    c.name = "みなと市ギャンブル依存症家族相談";
    c.organization = "みなと市保健所";
    c.phones = {"06-6123-4567"};
    c.url = "https://www.city.minato.example.jp/kenko/izon/";
    c.email = "soudan@city.minato.example.jp";
    c.note = "平日 9:00〜17:00\n祝日は休み";
    return c;
}

}  // namespace

// ---------------------------------------------------------------------------
// qr_tel
// ---------------------------------------------------------------------------

TEST_CASE("qr_tel turns numbers as written and tel: URIs into tel: payloads") {
    const std::pair<const char*, const char*> rows[] = {
        {"0120-111-351", "tel:0120111351"},
        {"0120111351", "tel:0120111351"},
        {"#7119", "tel:%237119"},  // '#' would start a URI fragment
        {"189", "tel:189"},
        {"06-6123-4567", "tel:0661234567"},
        {"090-1234-5678", "tel:09012345678"},
        {"0800-123-4567", "tel:08001234567"},
        {"tel:0120111351", "tel:0120111351"},  // PhoneInfo::tel_uri from the catalogue
        {"tel:0120-111-351", "tel:0120111351"},
        {"TEL:0120111351", "tel:0120111351"},
        {"tel:%237119", "tel:%237119"},
    };
    for (const auto& [in, expected] : rows) {
        CAPTURE(std::string(in));
        std::string err;
        auto got = qr_tel(in, &err);
        REQUIRE(got.has_value());
        CHECK(*got == expected);
        CHECK(err.empty());
    }
}

TEST_CASE("qr_tel refuses numbers check_phone refuses, with its message") {
    const Refusal rows[] = {
        {"", "phone number is empty"},
        {"tel:", "phone number is empty"},
        {"0120-111-35", "phone number \"0120-111-35\" must have 10 digits (0120/0570 numbers)"},
        {"090-1234-567", "phone number \"090-1234-567\" must have 11 digits (mobile and 050 numbers)"},
        {"#71", "phone number \"#71\" is not a #-number of 4 digits (e.g. #7119)"},
        {"tel:%2371", "phone number \"#71\" is not a #-number of 4 digits (e.g. #7119)"},
        {"0120--111-351", "phone number \"0120--111-351\" has a misplaced hyphen"},
        {"０１２０-111-351",
         "phone number \"０１２０-111-351\" may only contain half-width digits and hyphens (e.g. 0120-111-351)"},
        {"+81-120-111-351",
         "phone number \"+81-120-111-351\" may only contain half-width digits and hyphens (e.g. 0120-111-351)"},
        {"tel:0120 111 351",
         "phone number \"0120 111 351\" may only contain half-width digits and hyphens (e.g. 0120-111-351)"},
        {"tel:0120111351?x=1",
         "phone number \"0120111351?x=1\" may only contain half-width digits and hyphens (e.g. 0120-111-351)"},
        {"00-1-212-555-0100",
         "phone number \"00-1-212-555-0100\" starts with 00 (an international prefix); write the number as dialled in Japan"},
    };
    for (const Refusal& r : rows) {
        CAPTURE(r.in);
        std::string err;
        CHECK_FALSE(qr_tel(r.in, &err).has_value());
        CHECK(err == r.message);
    }
    CHECK_FALSE(qr_tel("12", nullptr).has_value());  // a null error pointer is allowed
}

// ---------------------------------------------------------------------------
// qr_url
// ---------------------------------------------------------------------------

TEST_CASE("qr_url returns https and http links exactly as written") {
    const char* rows[] = {
        "https://www.mhlw.go.jp/",
        "http://example.org/a",
        "https://example.org",
        "https://Example.ORG/Case/Kept",
        "https://example.org:8443/x",
        // Query strings already in the data stay, percent-encoding is not decoded
        // or re-encoded (%7E stays %7E, %e4 stays lower case).
        "https://example.org/search?q=%E4%BE%9D%E5%AD%98&lang=ja#top",
        "https://example.org/path/%7Euser/?a=1&b=2&c=%e4%bd%8f",
        "https://example.org/?utm_source=leaflet",  // in the data: kept, never added by us
        "https://example.org/a;b,c(d)'e'!*$+=@:",
    };
    for (const char* in : rows) {
        CAPTURE(std::string(in));
        std::string err;
        auto got = qr_url(in, &err);
        REQUIRE(got.has_value());
        CHECK(*got == in);
    }
}

TEST_CASE("qr_url refuses other schemes, spaces and control characters") {
    const std::string only = "; a QR code may only carry https:// or http:// links";
    const Refusal rows[] = {
        {"", "URL is empty"},
        {"javascript:alert(1)", "URL \"javascript:alert(1)\" uses the javascript: scheme" + only},
        {"JavaScript:alert(1)", "URL \"JavaScript:alert(1)\" uses the javascript: scheme" + only},
        {"data:text/html,<b>x</b>", "URL \"data:text/html,<b>x</b>\" uses the data: scheme" + only},
        {"ftp://example.org/file", "URL \"ftp://example.org/file\" uses the ftp: scheme" + only},
        {"mailto:info@example.org", "URL \"mailto:info@example.org\" uses the mailto: scheme" + only},
        {"tel:0120111351", "URL \"tel:0120111351\" uses the tel: scheme" + only},
        {"file:///etc/passwd", "URL \"file:///etc/passwd\" uses the file: scheme" + only},
        {"intent://scan/#Intent;end", "URL \"intent://scan/#Intent;end\" uses the intent: scheme" + only},
        {"https://example.org/a b",
         "URL \"https://example.org/a b\" contains spaces, control or non-ASCII characters; percent-encode them"},
        {" https://example.org/",
         "URL \" https://example.org/\" contains spaces, control or non-ASCII characters; percent-encode them"},
        {"https://example.org/\n",
         "URL \"https://example.org/\n\" contains spaces, control or non-ASCII characters; percent-encode them"},
        {"https://example.org/\t",
         "URL \"https://example.org/\t\" contains spaces, control or non-ASCII characters; percent-encode them"},
        {"https://例え.jp/",
         "URL \"https://例え.jp/\" contains spaces, control or non-ASCII characters; percent-encode them"},
        {"www.example.org", "URL \"www.example.org\" must start with https:// or http://"},
        {"example.org:8080/x", "URL \"example.org:8080/x\" must start with https:// or http://"},
        {"https:example.org", "URL \"https:example.org\" must start with https://"},
        {"https:///path", "URL \"https:///path\" has no host name"},
        {"https://user@example.org/", "URL \"https://user@example.org/\" has an invalid host name"},
    };
    for (const Refusal& r : rows) {
        CAPTURE(r.in);
        std::string err;
        CHECK_FALSE(qr_url(r.in, &err).has_value());
        CHECK(err == r.message);
    }
}

// ---------------------------------------------------------------------------
// qr_contact
// ---------------------------------------------------------------------------

TEST_CASE("qr_contact writes a Japanese card as vCard 3.0") {
    std::string err;
    auto got = qr_contact(japanese_card(), {}, &err);
    INFO(err);
    REQUIRE(got.has_value());
    CHECK(*got ==
          "BEGIN:VCARD\r\n"
          "VERSION:3.0\r\n"
          "N:みなと市ギャンブル依存症家族相談;;;;\r\n"
          "FN:みなと市ギャンブル依存症家族相談\r\n"
          "ORG:みなと市保健所\r\n"
          "TEL;TYPE=VOICE:0661234567\r\n"
          "URL:https://www.city.minato.example.jp/kenko/izon/\r\n"
          "EMAIL:soudan@city.minato.example.jp\r\n"
          "NOTE:平日 9:00〜17:00\\n祝日は休み\r\n"
          "END:VCARD\r\n");
}

TEST_CASE("qr_contact keeps only the base text of furigana markup (やさしい日本語 names)") {
    ContactCard card = japanese_card();
    card.name = "{精神|せいしん}{保健|ほけん}{福祉|ふくし}センターの {相談|そうだん}";
    card.organization = "{大阪府|おおさかふ}";
    card.note = "{月曜日|げつようび}から {金曜日|きんようび}";
    std::string err;
    auto got = qr_contact(card, {}, &err);
    REQUIRE(got.has_value());
    CHECK(got->find("FN:精神保健福祉センターの 相談\r\n") != std::string::npos);
    CHECK(got->find("ORG:大阪府\r\n") != std::string::npos);
    CHECK(got->find("NOTE:月曜日から 金曜日\r\n") != std::string::npos);
    CHECK(got->find('|') == std::string::npos);
    // Braces that are not markup stay.
    card.name = "{相談} 窓口 {";
    got = qr_contact(card, {}, &err);
    REQUIRE(got.has_value());
    CHECK(got->find("FN:{相談} 窓口 {\r\n") != std::string::npos);
}

TEST_CASE("qr_contact with a neutral name leaves out the name, organization and note") {
    ContactOptions options;
    options.neutral_name = "さくら";
    std::string err;
    auto got = qr_contact(japanese_card(), options, &err);
    INFO(err);
    REQUIRE(got.has_value());
    CHECK(*got ==
          "BEGIN:VCARD\r\n"
          "VERSION:3.0\r\n"
          "N:さくら;;;;\r\n"
          "FN:さくら\r\n"
          "TEL;TYPE=VOICE:0661234567\r\n"
          "URL:https://www.city.minato.example.jp/kenko/izon/\r\n"
          "EMAIL:soudan@city.minato.example.jp\r\n"
          "END:VCARD\r\n");
    for (const char* revealing : {"ギャンブル", "依存症", "保健所", "ORG:", "NOTE:", "祝日"}) {
        CAPTURE(std::string(revealing));
        CHECK(got->find(revealing) == std::string::npos);
    }

    // The left-out fields are not even checked: a broken note cannot block the card.
    ContactCard broken = japanese_card();
    broken.name.clear();
    broken.organization = "two\nlines";
    broken.note = std::string("bell\a");
    CHECK(qr_contact(broken, options, &err).has_value());
}

TEST_CASE("qr_contact escapes backslash, semicolon and comma in text values") {
    ContactCard c;
    c.name = "A;B:C,D\\E";
    c.organization = "会;課,係";
    c.phones = {"0120-111-351"};
    c.note = "1行目\r\n2行目\n3行目\r4行目; a,b\\c: d";
    std::string err;
    auto got = qr_contact(c, {}, &err);
    INFO(err);
    REQUIRE(got.has_value());
    CHECK(*got ==
          "BEGIN:VCARD\r\n"
          "VERSION:3.0\r\n"
          "N:A\\;B:C\\,D\\\\E;;;;\r\n"  // a colon needs no escape in vCard 3.0
          "FN:A\\;B:C\\,D\\\\E\r\n"
          "ORG:会\\;課\\,係\r\n"
          "TEL;TYPE=VOICE:0120111351\r\n"
          "NOTE:1行目\\n2行目\\n3行目\\n4行目\\; a\\,b\\\\c: d\r\n"
          "END:VCARD\r\n");

    ContactOptions options;
    options.neutral_name = "x;y";
    got = qr_contact(c, options, &err);
    REQUIRE(got.has_value());
    CHECK(got->find("N:x\\;y;;;;\r\nFN:x\\;y\r\n") != std::string::npos);
}

TEST_CASE("qr_contact writes every phone as digits, in order") {
    ContactCard c;
    c.name = "相談ダイヤル";
    c.phones = {"0120-111-351", "06-6123-4567", "#7119", "090-1234-5678"};
    std::string err;
    auto got = qr_contact(c, {}, &err);
    INFO(err);
    REQUIRE(got.has_value());
    CHECK(*got ==
          "BEGIN:VCARD\r\n"
          "VERSION:3.0\r\n"
          "N:相談ダイヤル;;;;\r\n"
          "FN:相談ダイヤル\r\n"
          "TEL;TYPE=VOICE:0120111351\r\n"
          "TEL;TYPE=VOICE:0661234567\r\n"
          "TEL;TYPE=VOICE:#7119\r\n"
          "TEL;TYPE=VOICE:09012345678\r\n"
          "END:VCARD\r\n");

    // A card with only a website or only an e-mail is fine too.
    ContactCard web;
    web.name = "n";
    web.url = "https://example.org/";
    REQUIRE(qr_contact(web, {}, &err).has_value());
    ContactCard mail;
    mail.name = "n";
    mail.email = "a@example.org";
    REQUIRE(qr_contact(mail, {}, &err).has_value());
}

TEST_CASE("qr_contact refuses cards it cannot write, and says why") {
    struct Row {
        const char* what;
        ContactCard card;
        std::string neutral, message;
    };
    auto card = [](auto edit) {
        ContactCard c = japanese_card();
        edit(c);
        return c;
    };
    const Row rows[] = {
        {"no name", card([](ContactCard& c) { c.name.clear(); }), "", "the contact has no name"},
        {"line break in the name", card([](ContactCard& c) { c.name = "a\nb"; }), "",
         "contact name contains a line break or another control character"},
        {"tab in the neutral name", card([](ContactCard&) {}), "a\tb",
         "neutral contact name contains a line break or another control character"},
        {"Latin-1 byte in the name", card([](ContactCard& c) { c.name = "caf\xE9"; }), "",
         "contact name is not valid UTF-8 text"},
        {"overlong UTF-8 in the name", card([](ContactCard& c) { c.name = "\xC0\xAF"; }), "",
         "contact name is not valid UTF-8 text"},
        {"UTF-16 surrogate in the organization", card([](ContactCard& c) { c.organization = "\xED\xA0\x80"; }), "",
         "organization is not valid UTF-8 text"},
        {"line break in the organization", card([](ContactCard& c) { c.organization = "a\r\nb"; }), "",
         "organization contains a line break or another control character"},
        {"control character in the note", card([](ContactCard& c) { c.note = "a\x1B[31mb"; }), "",
         "note contains a control character"},
        {"nothing to reach", card([](ContactCard& c) { c.phones.clear(); c.url.clear(); c.email.clear(); }), "",
         "the contact has no phone number, website or e-mail address"},
        {"bad phone", card([](ContactCard& c) { c.phones.push_back("0120-111"); }), "",
         "phone number \"0120-111\" must have 10 digits (0120/0570 numbers)"},
        {"javascript URL", card([](ContactCard& c) { c.url = "javascript:alert(1)"; }), "",
         "URL \"javascript:alert(1)\" uses the javascript: scheme; a QR code may only carry https:// or http:// links"},
        {"disguised e-mail", card([](ContactCard& c) { c.email = "soudan[at]example.jp"; }), "",
         "e-mail \"soudan[at]example.jp\" is written in disguised form; write it with @"},
        {"e-mail with a semicolon", card([](ContactCard& c) { c.email = "a;b@example.jp"; }), "",
         "e-mail \"a;b@example.jp\" contains a character not allowed in an address"},
    };
    for (const Row& r : rows) {
        CAPTURE(std::string(r.what));
        ContactOptions options;
        options.neutral_name = r.neutral;
        std::string err;
        CHECK_FALSE(qr_contact(r.card, options, &err).has_value());
        CHECK(err == r.message);
    }
}

// ---------------------------------------------------------------------------
// encode_qr
// ---------------------------------------------------------------------------

TEST_CASE("encode_qr picks the smallest version at level M") {
    struct Row {
        std::string payload;
        int version;
    };
    const Row rows[] = {
        {"a", 1},
        {"tel:0120111351", 1},  // 14 bytes: the most version 1-M holds in byte mode
        {"tel:09012345678", 2},  // 15 bytes
        {std::string(106, 'a'), 6},  // 6-M holds 106
        {std::string(107, 'a'), 7},
        {std::string(2331, 'a'), 40},  // 40-M holds 2331
    };
    for (const Row& r : rows) {
        CAPTURE(r.payload.size());
        QrCode code = encode_or_fail(r.payload);
        CHECK(code.version == r.version);
        CHECK(code.size == 17 + 4 * r.version);
        CHECK(code.modules.size() == static_cast<size_t>(code.size) * static_cast<size_t>(code.size));
        CHECK_FALSE(code.utf8_eci);
    }
    // Case and exact bytes: byte mode never folds to the alphanumeric set.
    CHECK(encode_or_fail("HTTPS://A.JP").modules != encode_or_fail("https://a.jp").modules);
}

TEST_CASE("encode_qr refuses empty, over-long and broken payloads") {
    const Refusal rows[] = {
        {"", "QR code payload is empty"},
        {std::string(2332, 'a'), "QR code payload of 2332 bytes is too long (a QR code at level M holds at most 2331 bytes)"},
        {std::string(100000, 'a'),
         "QR code payload of 100000 bytes is too long (a QR code at level M holds at most 2331 bytes)"},
        {"\xC3\xA9" + std::string(2329, 'a'),
         "QR code payload of 2331 bytes is too long (a QR code at level M holds at most 2330 bytes of UTF-8 text)"},
        {"\xFF\xFE", "QR code payload is not valid UTF-8 text"},
        {"ab\xE3\x81", "QR code payload is not valid UTF-8 text"},  // cut in the middle of あ
    };
    for (const Refusal& r : rows) {
        CAPTURE(r.in.size());
        std::string err;
        CHECK_FALSE(encode_qr(r.in, &err).has_value());
        CHECK(err == r.message);
    }
    CHECK_FALSE(encode_qr("", nullptr).has_value());
    // The UTF-8 limit is one byte below the ASCII one (the ECI header).
    QrCode longest = encode_or_fail("\xC3\xA9" + std::string(2328, 'a'));
    CHECK(longest.version == 40);
    CHECK(longest.utf8_eci);
}

TEST_CASE("encode_qr marks UTF-8 payloads with ECI 26 and ASCII ones not") {
    CHECK_FALSE(encode_or_fail("tel:0120111351").utf8_eci);
    CHECK(encode_or_fail("さくら").utf8_eci);
    // The ECI header changes the symbol: the same bytes without it would differ.
    CHECK(encode_or_fail("\xC3\xA9").modules != encode_or_fail("e").modules);
}

TEST_CASE("encode_qr uses level M and lays modules out row by row, x across") {
    // Both copies of the format information agree and say level M with one of
    // the 8 masks. Read from a transposed or mirrored matrix they would not.
    for (const char* payload : {"tel:0120111351", "https://example.org/?q=1", "さくら", "0123456789abcdef0123456789"}) {
        CAPTURE(std::string(payload));
        QrCode code = encode_or_fail(payload);
        const int first = read_format(code, false);
        CHECK(read_format(code, true) == first);
        bool level_m = false;
        for (int mask = 0; mask < 8; ++mask) level_m = level_m || format_word(0, mask) == first;
        CHECK(level_m);
        bool other_level = false;
        for (int level : {1, 2, 3})
            for (int mask = 0; mask < 8; ++mask) other_level = other_level || format_word(level, mask) == first;
        CHECK_FALSE(other_level);
    }
}

TEST_CASE("encode_qr is deterministic and draws the function patterns") {
    const std::string payload = "https://example.org/?q=1";
    QrCode a = encode_or_fail(payload), b = encode_or_fail(payload);
    CHECK(a.size == b.size);
    CHECK(a.modules == b.modules);
    CHECK(encode_or_fail("https://example.org/?q=2").modules != a.modules);

    const int n = a.size;
    // Finder patterns in three corners: a dark 7×7 ring, a light ring, a dark 3×3 core.
    auto finder_at = [&](int x0, int y0) {
        for (int y = 0; y < 7; ++y)
            for (int x = 0; x < 7; ++x) {
                bool ring = x == 0 || y == 0 || x == 6 || y == 6;
                bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
                if (a.dark(x0 + x, y0 + y) != (ring || core)) return false;
            }
        return true;
    };
    CHECK(finder_at(0, 0));
    CHECK(finder_at(n - 7, 0));
    CHECK(finder_at(0, n - 7));
    CHECK_FALSE(finder_at(n - 7, n - 7));
    // Timing patterns along row 6 and column 6 alternate, dark on even indices.
    for (int i = 8; i < n - 8; ++i) {
        CAPTURE(i);
        CHECK(a.dark(i, 6) == (i % 2 == 0));
        CHECK(a.dark(6, i) == (i % 2 == 0));
    }
    // The dark module sits at column 8, row size-8 (not transposed).
    CHECK(a.dark(8, n - 8));
    // Outside the symbol is quiet zone.
    CHECK_FALSE(a.dark(-1, 0));
    CHECK_FALSE(a.dark(0, -1));
    CHECK_FALSE(a.dark(n, 0));
    CHECK_FALSE(a.dark(0, n));
    CHECK(QrCode{}.dark(0, 0) == false);
}

// ---------------------------------------------------------------------------
// zbarimg round trip
// ---------------------------------------------------------------------------

TEST_CASE("QR codes decode back to their exact payload with zbarimg") {
    REQUIRE_MESSAGE(have_zbarimg(), "zbarimg not found: install the Debian package zbar-tools");
    madoguchi::test::TempDir dir;

    ContactOptions neutral;
    neutral.neutral_name = "さくら";
    // Names in the kiosk's other languages (pt-BR, vi): without the ECI 26 header
    // zbar guesses Shift_JIS for these and prints "Associa癟瓊o", "T v廕叩".
    ContactCard portuguese;
    portuguese.name = "Associação de apoio às famílias";
    portuguese.phones = {"0120-111-351"};
    ContactCard vietnamese;
    vietnamese.name = "Tư vấn";
    vietnamese.phones = {"06-6123-4567"};
    std::string long_url =
        "https://www.example.jp/%E7%9B%B8%E8%AB%87/%E4%BE%9D%E5%AD%98%E7%97%87/"
        "%E5%AE%B6%E6%97%8F%E4%BC%9A/index.html?area=%E5%A4%A7%E9%98%AA%E5%BA%9C&lang=ja"
        "&page=2&sort=%E8%BF%91%E3%81%84%E9%A0%86#%E9%9B%BB%E8%A9%B1%E7%AA%93%E5%8F%A3";
    long_url += "&q=" + std::string(120, 'x') + "%20%25%2F";

    std::string err;
    struct Case {
        const char* what;
        std::optional<std::string> payload;
    };
    const Case cases[] = {
        {"tel", qr_tel("0120-111-351", &err)},
        {"tel #-number", qr_tel("#7119", &err)},
        {"long URL with percent-encoding", qr_url(long_url, &err)},
        {"Japanese vCard", qr_contact(japanese_card(), {}, &err)},
        {"neutral vCard", qr_contact(japanese_card(), neutral, &err)},
        {"Portuguese vCard", qr_contact(portuguese, {}, &err)},
        {"Vietnamese vCard", qr_contact(vietnamese, {}, &err)},
        {"half-width kana", std::string("ｿｳﾀﾞﾝ ﾀﾞｲﾔﾙ")},
    };
    for (const Case& c : cases) {
        CAPTURE(std::string(c.what));
        REQUIRE(c.payload.has_value());
        const std::string& payload = *c.payload;
        QrCode code = encode_or_fail(payload);
        for (int px : {4, 8}) {
            CAPTURE(px);
            const std::string file = dir.file("qr.pgm");
            write_pgm(code, px, file);
            Decoded bytes = zbarimg(file, true);
            CHECK(bytes.status == 0);
            CHECK(bytes.text == payload);
            if (code.utf8_eci) {
                // zbar's text mode converts by the ECI it finds; --raw adds a newline.
                Decoded text = zbarimg(file, false);
                CHECK(text.status == 0);
                CHECK(text.text == payload + "\n");
            }
        }
    }
    CHECK(qr_url(long_url, nullptr)->size() > 300);
}

TEST_CASE("corrupted QR codes do not decode to the payload") {
    REQUIRE_MESSAGE(have_zbarimg(), "zbarimg not found: install the Debian package zbar-tools");
    madoguchi::test::TempDir dir;
    const std::string payload = *qr_contact(japanese_card(), {}, nullptr);
    const QrCode good = encode_or_fail(payload);
    const int n = good.size;
    const std::string file = dir.file("bad.pgm");
    auto flip = [](QrCode& c, int x, int y) {
        auto& m = c.modules[static_cast<size_t>(y) * static_cast<size_t>(c.size) + static_cast<size_t>(x)];
        m = m ? 0 : 1;
    };

    // A few flipped modules are within level M's error correction: still exact.
    QrCode scratched = good;
    flip(scratched, n - 1, n - 1);
    flip(scratched, n - 2, n - 1);
    flip(scratched, n - 1, n - 2);
    REQUIRE(scratched.modules != good.modules);
    write_pgm(scratched, 4, file);
    CHECK(zbarimg(file, true).text == payload);

    // A quarter of the symbol inverted is beyond it: no decode, and above all not
    // the payload (nor anything else).
    QrCode torn = good;
    for (int y = n / 4; y < 3 * n / 4; ++y)
        for (int x = n / 4; x < 3 * n / 4; ++x) flip(torn, x, y);
    write_pgm(torn, 4, file);
    Decoded d = zbarimg(file, true);
    CHECK(d.text != payload);
    CHECK(d.text.empty());
    CHECK(d.status == 4);
}
