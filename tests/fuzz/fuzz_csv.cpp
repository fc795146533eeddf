// SPDX-License-Identifier: Apache-2.0
// fuzz_csv.cpp — parse_csv (the CSV importer: libcsv underneath) on arbitrary
// bytes, as an admin's spreadsheet program might save them.
//
// Invariants: a refusal comes with at least one diagnostic; every diagnostic
// and every cell points at line ≥ 1, column ≥ 1 of this file; cells come in
// file order (strictly increasing line/column, header first); every kept row
// has the header's width and starts where its first cell does; and the
// document written back with csv_quote() parses to the same cells with no
// diagnostic.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "madoguchi/core/csv_reader.hpp"

using namespace madoguchi::core;

namespace {

const std::string kFile = "fuzz.csv";

std::string write_row(const std::vector<CsvCell>& cells) {
    // A lone empty field would be an empty line, which the reader skips.
    if (cells.size() == 1 && cells[0].text.empty()) return "\"\"\n";
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) line += ',';
        line += csv_quote(cells[i].text);
    }
    return line + "\n";
}

bool same_text(const std::vector<CsvCell>& a, const std::vector<CsvCell>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].text != b[i].text) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    CsvDocument doc;
    Diagnostics diags;
    const bool ok = parse_csv(bytes, kFile, doc, diags);
    for (const Diagnostic& d : diags.items()) {
        FUZZ_CHECK(d.where.file == kFile);
        FUZZ_CHECK(d.where.line >= 1 && d.where.column >= 1);
        FUZZ_CHECK(!d.message.empty());
    }
    if (!ok) {
        FUZZ_CHECK(!diags.empty());
        return 0;
    }

    FUZZ_CHECK(doc.file == kFile);
    FUZZ_CHECK(!doc.header.empty());
    std::pair<int, int> previous{0, 0};
    auto in_order = [&](const CsvCell& c) {
        FUZZ_CHECK(c.line >= 1 && c.column >= 1);
        const std::pair<int, int> here{c.line, c.column};
        FUZZ_CHECK(previous < here);
        previous = here;
    };
    for (const CsvCell& c : doc.header) in_order(c);
    for (const CsvRow& row : doc.rows) {
        FUZZ_CHECK(row.cells.size() == doc.header.size());
        FUZZ_CHECK(row.line == row.cells.front().line);
        for (const CsvCell& c : row.cells) in_order(c);
    }

    // Written back (with a BOM, so that a BOM the first cell kept survives the
    // reader dropping one) it reads as the same cells.
    std::string written = "\xEF\xBB\xBF" + write_row(doc.header);
    for (const CsvRow& row : doc.rows) written += write_row(row.cells);
    CsvDocument again;
    Diagnostics diags2;
    FUZZ_CHECK(parse_csv(written, kFile, again, diags2));
    FUZZ_CHECK(diags2.empty());
    FUZZ_CHECK(same_text(again.header, doc.header));
    FUZZ_CHECK(again.rows.size() == doc.rows.size());
    for (size_t r = 0; r < doc.rows.size(); ++r) FUZZ_CHECK(same_text(again.rows[r].cells, doc.rows[r].cells));
    return 0;
}
