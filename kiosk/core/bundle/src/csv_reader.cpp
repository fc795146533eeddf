// SPDX-License-Identifier: Apache-2.0
// csv_reader.cpp — libcsv driven one byte at a time so that every cell knows
// where it started.
//
// Why one byte at a time: libcsv reports a field only when it sees the byte that
// ends it, and says nothing about positions. Feeding it single bytes lets us note
// the position of the first byte after each field/row boundary, which is where
// the next cell begins. Files are small (a directory is a few MB at most), and the
// cost is a function call per byte.
#include "madoguchi/core/csv_reader.hpp"

#include <csv.h>

#include <fstream>
#include <sstream>

#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

// Returns the byte offset of the first invalid UTF-8 sequence (or NUL: it
// has no business in a CSV), or npos.
size_t find_invalid_utf8(std::string_view s) { return utf8::find_invalid(s, true); }

struct Position {
    int line = 1;
    int column = 1;
};

struct ParseState {
    std::vector<CsvRow> rows;
    CsvRow current;
    Position cell_start;
    bool cell_start_pending = true;  // next significant byte starts a new cell
    bool at_row_boundary = true;     // last event was a row end (or file start)
};

void on_field(void* s, size_t len, void* data) {
    auto* st = static_cast<ParseState*>(data);
    CsvCell cell;
    if (s) cell.text.assign(static_cast<const char*>(s), len);
    cell.line = st->cell_start.line;
    cell.column = st->cell_start.column;
    if (st->current.cells.empty()) st->current.line = cell.line;
    st->current.cells.push_back(std::move(cell));
    st->cell_start_pending = true;
    st->at_row_boundary = false;
}

void on_row(int, void* data) {
    auto* st = static_cast<ParseState*>(data);
    st->rows.push_back(std::move(st->current));
    st->current = CsvRow{};
    st->cell_start_pending = true;
    st->at_row_boundary = true;
}

int no_space(unsigned char) { return 0; }  // keep spaces: checks decide what they mean

std::string describe_byte(unsigned char c) {
    char buf[8];
    snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
}

}  // namespace

bool parse_csv(std::string_view bytes, const std::string& file, CsvDocument& out, Diagnostics& diags) {
    out = CsvDocument{};
    out.file = file;
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);

    if (size_t bad = find_invalid_utf8(bytes); bad != std::string_view::npos) {
        Position p;
        for (size_t i = 0; i < bad; ++i) {
            unsigned char c = static_cast<unsigned char>(bytes[i]);
            if (c == '\n') { ++p.line; p.column = 1; }
            else if ((c & 0xC0) != 0x80) ++p.column;
        }
        unsigned char c = static_cast<unsigned char>(bytes[bad]);
        diags.add({file, p.line, p.column},
                  c == 0 ? "NUL byte: this is not a text file"
                         : "byte " + describe_byte(c) +
                               " is not UTF-8; save the file as \"CSV UTF-8\" (Excel) or with "
                               "character set UTF-8 (LibreOffice)");
        return false;
    }

    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        diags.add({file, 0, 0}, "out of memory while reading");
        return false;
    }
    csv_set_space_func(&parser, no_space);

    ParseState st;
    Position pos;
    Position quote_open;  // where the most recent cell began, for "never closed"
    bool ok = true;
    for (size_t i = 0; i < bytes.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (st.cell_start_pending && !(st.at_row_boundary && (c == '\r' || c == '\n'))) {
            st.cell_start = pos;
            quote_open = pos;
            st.cell_start_pending = false;
        }
        if (csv_parse(&parser, &bytes[i], 1, on_field, on_row, &st) != 1) {
            diags.add({file, pos.line, pos.column},
                      c == '"' ? "stray double quote: inside a quoted field write it as \"\", "
                                 "and a field containing \" must be quoted as a whole"
                               : "unexpected character after a closing quote: a quoted field must "
                                 "end at a comma or line end");
            ok = false;
            break;
        }
        if (c == '\n') { ++pos.line; pos.column = 1; }
        else if ((c & 0xC0) != 0x80) ++pos.column;
    }
    // A file ending in a comma (no line end) still owes one empty cell, which
    // libcsv emits from csv_fini, after the last byte: it starts here.
    if (ok && st.cell_start_pending && !st.at_row_boundary) st.cell_start = pos;
    if (ok && csv_fini(&parser, on_field, on_row, &st) != 0) {
        diags.add({file, quote_open.line, quote_open.column},
                  "quoted field is never closed (missing \" at its end)");
        ok = false;
    }
    csv_free(&parser);
    if (!ok) return false;

    if (st.rows.empty()) {
        diags.add({file, 1, 1}, "file is empty: the first row must be the header");
        return false;
    }
    out.header = std::move(st.rows.front().cells);
    const size_t width = out.header.size();
    for (size_t r = 1; r < st.rows.size(); ++r) {
        CsvRow& row = st.rows[r];
        if (row.cells.size() != width) {
            diags.add({file, row.line, 1},
                      "row has " + std::to_string(row.cells.size()) + " fields, the header has " +
                          std::to_string(width));
            continue;
        }
        out.rows.push_back(std::move(row));
    }
    return true;
}

bool read_csv_file(const std::string& path, CsvDocument& out, Diagnostics& diags) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diags.add({path, 0, 0}, "cannot open file (missing or unreadable)");
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        diags.add({path, 0, 0}, "read error");
        return false;
    }
    return parse_csv(ss.str(), path, out, diags);
}

std::string csv_quote(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
    std::string s = "\"";
    for (char c : field) {
        if (c == '"') s += '"';
        s += c;
    }
    s += '"';
    return s;
}

}  // namespace madoguchi::core
