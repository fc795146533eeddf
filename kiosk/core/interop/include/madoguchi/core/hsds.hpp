// SPDX-License-Identifier: Apache-2.0
// hsds.hpp — Open Referral HSDS 3.0 data packages in and out (docs/hsds.md).
//
// import_hsds reads an HSDS tabular data package (datapackage.json and its CSV
// files) and writes a bundle source folder (docs/bundle-source.md). Whatever it
// cannot carry over is reported with its file, line and column, never dropped
// without a word. export_hsds writes a bundle source back out as an HSDS
// package; madoguchi's own fields (readings, concerns, audiences, …, and the
// evidence quote of each contact value) travel as attributes of the `madoguchi`
// and `madoguchi-field` taxonomies, so that a package we exported imports back
// to the same source, proof included.
#pragma once

#include <string>

#include "madoguchi/core/diagnostics.hpp"

namespace madoguchi::core {

// Everything empty means: take it from the package, or report it as missing.
struct HsdsImportOptions {
    // bundle.csv values; each overrides what the package's datapackage.json says.
    std::string title, publisher, version, valid_until, region;
    // The date the HSDS data was read (YYYY-MM-DD): sources.csv `checked`, and
    // the assured_date of rows that carry none.
    std::string checked;
    // Optional CSV file mapping other taxonomies' terms to madoguchi vocabulary
    // codes: columns taxonomy, code, term (term as `concern:alcohol`).
    std::string taxonomy_map;
};

struct HsdsImportReport {
    // The package or the written source has a problem that must be fixed
    // (a listed file missing, a row that could not be read, a required field
    // with no value). With `written` false nothing was written at all.
    // A contact value with no evidence is not among them: HSDS has no place
    // for evidence, and `build` lists each one (docs/hsds.md, Evidence).
    Diagnostics errors;
    // What was left out or approximated, one line per row or field.
    Diagnostics unmapped;
    bool written = false;
    int organizations = 0, services = 0, locations = 0, phones = 0, schedules = 0;
    bool ok() const { return errors.empty(); }
};

// `out_src_dir` must not exist or be an empty folder.
HsdsImportReport import_hsds(const std::string& hsds_dir, const std::string& out_src_dir,
                             const HsdsImportOptions& options = {});

struct HsdsExportReport {
    Diagnostics errors;    // the source did not load, or writing failed
    Diagnostics unmapped;  // what HSDS cannot carry (guides, bundle translations)
    bool written = false;
    int organizations = 0, services = 0;
    bool ok() const { return errors.empty(); }
};

// Exports a bundle source folder. `out_dir` must not exist or be empty.
HsdsExportReport export_hsds(const std::string& src_dir, const std::string& out_dir);

}  // namespace madoguchi::core
