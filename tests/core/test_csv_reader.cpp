// SPDX-License-Identifier: Apache-2.0
// CSV reading: quoting as Excel/LibreOffice write it, positions of cells, and
// precise messages for files that cannot be read.
#include <doctest/doctest.h>

#include "madoguchi/core/csv_reader.hpp"

using namespace madoguchi::core;

namespace {

struct Parsed {
    bool ok;
    CsvDocument doc;
    std::vector<std::string> messages;
};

Parsed parse(std::string_view bytes) {
    Parsed p;
    Diagnostics d;
    p.ok = parse_csv(bytes, "t.csv", p.doc, d);
    for (const auto& x : d.sorted()) p.messages.push_back(format_diagnostic(x));
    return p;
}

}  // namespace

TEST_CASE("csv: plain rows, header separated from data") {
    Parsed p = parse("a,b,c\n1,2,3\n4,5,6\n");
    REQUIRE(p.ok);
    REQUIRE(p.doc.header.size() == 3);
    CHECK(p.doc.header[2].text == "c");
    REQUIRE(p.doc.rows.size() == 2);
    CHECK(p.doc.rows[1].cells[0].text == "4");
    CHECK(p.doc.rows[1].line == 3);
    CHECK(p.doc.rows[1].cells[2].column == 5);
}

TEST_CASE("csv: BOM, CRLF, quoted commas, quotes and line breaks, as Excel writes them") {
    std::string bytes = "\xEF\xBB\xBFid,text\r\n"
                        "x,\"a, b\"\r\n"
                        "y,\"she said \"\"hi\"\"\"\r\n"
                        "z,\"line one\r\nline two\"\r\n"
                        "w,last\r\n";
    Parsed p = parse(bytes);
    REQUIRE(p.ok);
    CHECK(p.doc.header[0].text == "id");  // BOM stripped, not part of the first name
    REQUIRE(p.doc.rows.size() == 4);
    CHECK(p.doc.rows[0].cells[1].text == "a, b");
    CHECK(p.doc.rows[1].cells[1].text == "she said \"hi\"");
    CHECK(p.doc.rows[2].cells[1].text == "line one\r\nline two");
    // The row after a two-line cell starts on physical line 6.
    CHECK(p.doc.rows[3].line == 6);
    CHECK(p.doc.rows[3].cells[1].column == 3);
}

TEST_CASE("csv: columns count code points, not bytes") {
    Parsed p = parse("名前,よみ\n大阪府,おおさかふ\n");
    REQUIRE(p.ok);
    CHECK(p.doc.rows[0].cells[1].column == 5);
}

TEST_CASE("csv: spaces are kept and empty lines skipped, a missing last newline is fine") {
    Parsed p = parse("a,b\n\n x , y\n\r\nlast,row");
    REQUIRE(p.ok);
    REQUIRE(p.doc.rows.size() == 2);
    CHECK(p.doc.rows[0].cells[0].text == " x ");
    CHECK(p.doc.rows[0].line == 3);
    CHECK(p.doc.rows[1].cells[1].text == "row");
    CHECK(p.doc.rows[1].line == 5);
}

TEST_CASE("csv: empty cells keep their positions") {
    Parsed p = parse("a,b,c\n,,z\n");
    REQUIRE(p.ok);
    CHECK(p.doc.rows[0].cells[0].text.empty());
    CHECK(p.doc.rows[0].cells[1].column == 2);
    CHECK(p.doc.rows[0].cells[2].column == 3);
    // A file ending in a comma without a line end (found by tests/fuzz): the
    // last, empty cell starts after the comma.
    p = parse("a,b\nx,");
    REQUIRE(p.ok);
    CHECK(p.doc.rows[0].cells[1].text.empty());
    CHECK(p.doc.rows[0].cells[1].line == 2);
    CHECK(p.doc.rows[0].cells[1].column == 3);
    p = parse(",");
    REQUIRE(p.ok);
    REQUIRE(p.doc.header.size() == 2);
    CHECK(p.doc.header[1].column == 2);
}

TEST_CASE("csv: unreadable files are reported with their position") {
    struct Case {
        const char* name;
        std::string bytes;
        std::string message;
    };
    const Case cases[] = {
        {"Shift_JIS bytes", std::string("a,b\nok,\x82\xa0\n"),
         "t.csv:2:4: byte 0x82 is not UTF-8; save the file as \"CSV UTF-8\" (Excel) or with character set UTF-8 (LibreOffice)"},
        {"overlong UTF-8", std::string("a\n\xC0\xAF\n"),
         "t.csv:2:1: byte 0xC0 is not UTF-8; save the file as \"CSV UTF-8\" (Excel) or with character set UTF-8 (LibreOffice)"},
        {"NUL byte", std::string("a,b\n1,\0", 7), "t.csv:2:3: NUL byte: this is not a text file"},
        {"text after closing quote", "a,b\n\"x\"y,2\n",
         "t.csv:2:4: unexpected character after a closing quote: a quoted field must end at a comma or line end"},
        {"quote inside unquoted field", "a,b\n1,ab\"c\n",
         "t.csv:2:5: stray double quote: inside a quoted field write it as \"\", and a field containing \" must be quoted as a whole"},
        {"quote never closed", "a,b\n1,\"open\nmore\n", "t.csv:2:3: quoted field is never closed (missing \" at its end)"},
        {"empty file", "", "t.csv:1:1: file is empty: the first row must be the header"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        Parsed p = parse(c.bytes);
        CHECK_FALSE(p.ok);
        REQUIRE(p.messages.size() == 1);
        CHECK(p.messages[0] == c.message);
    }
}

TEST_CASE("csv: every row with a wrong field count is reported, the rest kept") {
    Parsed p = parse("a,b,c\n1,2\n1,2,3\n1,2,3,4\n");
    CHECK(p.ok);
    REQUIRE(p.messages.size() == 2);
    CHECK(p.messages[0] == "t.csv:2:1: row has 2 fields, the header has 3");
    CHECK(p.messages[1] == "t.csv:4:1: row has 4 fields, the header has 3");
    CHECK(p.doc.rows.size() == 1);
}

TEST_CASE("csv: quoting for writing round-trips through the reader") {
    const std::string fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "", "末尾,"};
    std::string line;
    for (const auto& f : fields) line += (line.empty() ? "" : ",") + csv_quote(f);
    Parsed p = parse("h1,h2,h3,h4,h5,h6\n" + line + "\n");
    REQUIRE(p.ok);
    REQUIRE(p.doc.rows.size() == 1);
    for (size_t i = 0; i < 6; ++i) CHECK(p.doc.rows[0].cells[i].text == fields[i]);
    CHECK(csv_quote("plain") == "plain");
}

TEST_CASE("csv: a missing file is reported, not thrown") {
    Diagnostics d;
    CsvDocument doc;
    CHECK_FALSE(read_csv_file("/nonexistent/x.csv", doc, d));
    REQUIRE(d.size() == 1);
    CHECK(format_diagnostic(d.items()[0]) == "/nonexistent/x.csv: cannot open file (missing or unreadable)");
}
