// SPDX-License-Identifier: Apache-2.0
// csv_reader.hpp — CSV files as Excel and LibreOffice write them.
//
// Parsing is done by libcsv (Debian: libcsv-dev) in strict mode; this layer adds
// what an admin needs on top: UTF-8 checking with a BOM tolerated, and the exact
// line and column where every cell starts, so that later checks can point at it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/diagnostics.hpp"

namespace madoguchi::core {

struct CsvCell {
    std::string text;
    int line = 0;    // where the cell starts (1-based)
    int column = 0;  // in code points (1-based)
};

struct CsvRow {
    std::vector<CsvCell> cells;
    int line = 0;
};

struct CsvDocument {
    std::string file;            // used in diagnostics
    std::vector<CsvCell> header;
    std::vector<CsvRow> rows;    // data rows (header excluded); empty lines skipped
};

// Parses `bytes` (the whole file). On a problem that makes the file unreadable
// (not UTF-8, broken quoting) reports it and returns false. Rows whose field count
// differs from the header are reported and dropped, and parsing goes on, so
// that every such row is listed at once.
bool parse_csv(std::string_view bytes, const std::string& file, CsvDocument& out, Diagnostics& diags);

// Reads the file at `path` and parses it. A missing or unreadable file is reported.
bool read_csv_file(const std::string& path, CsvDocument& out, Diagnostics& diags);

// Quotes one field for writing (RFC 4180): only when it holds , " CR or LF.
std::string csv_quote(std::string_view field);

}  // namespace madoguchi::core
