// SPDX-License-Identifier: Apache-2.0
// bundle_build.hpp — from a folder of CSV files (docs/bundle-source.md) to a
// catalogue file (docs/data-model.md).
//
// Everything is checked before anything is written; on any problem the output
// path is left untouched (the catalogue is assembled in memory, copied to a
// temporary file beside the output, synced and renamed into place).
#pragma once

#include <string>

#include "madoguchi/core/diagnostics.hpp"

namespace madoguchi::core {

struct BuildOptions {
    // Creation time recorded in the metadata, "YYYY-MM-DDThh:mm:ssZ". Empty: from
    // SOURCE_DATE_EPOCH if set (reproducible builds), else the current time.
    std::string created;
};

struct BuildResult {
    bool ok = false;
    Diagnostics diagnostics;  // problems in the source; empty when ok
    std::string write_error;  // set when the source was fine but writing failed
    int organizations = 0, services = 0, phones = 0, guides = 0;
};

// How strict the source check is. Zero value: as `build` checks.
struct SourceCheckOptions {
    // Values with no evidence row at all are not reported (a quote that does
    // not hold its value still is). For import-hsds: HSDS has no place for
    // evidence, so a package from another tool never has any; `build` lists it.
    bool allow_missing_evidence = false;
};

// Checks the source only (what `build` does before writing).
BuildResult check_bundle_source(const std::string& src_dir, const SourceCheckOptions& options = {});

BuildResult build_bundle(const std::string& src_dir, const std::string& out_path, const BuildOptions& options = {});

}  // namespace madoguchi::core
