// SPDX-License-Identifier: Apache-2.0
// bundle_hsds_commands.cpp — `madoguchi-bundle import-hsds | export-hsds` (docs/hsds.md).
//
// Both print every problem and every left-out HSDS row or field on stderr as
// `file:line:column: …`, then a summary. Exit codes as the rest of the tool:
// 0 done (things left out are listed but are not failures), 1 the input or the
// written source has problems to fix, 2 usage error.
#include <iostream>
#include <string>
#include <vector>

#include "madoguchi/core/diagnostics.hpp"
#include "madoguchi/core/hsds.hpp"

using namespace madoguchi::core;

namespace {

// Errors and left-out items in reading order, each marked with what it is.
void print_report(const Diagnostics& errors, const Diagnostics& unmapped) {
    std::vector<Diagnostic> all;
    for (const auto& d : errors.items()) all.push_back({d.where, "error: " + d.message});
    for (const auto& d : unmapped.items()) all.push_back({d.where, "warning: " + d.message});
    Diagnostics sorted;
    for (auto& d : all) sorted.add(d.where, d.message);
    for (const auto& d : sorted.sorted()) std::cerr << format_diagnostic(d) << "\n";
}

std::string plural(size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

int cmd_import_hsds(const std::string& hsds_dir, const std::string& out_dir, const HsdsImportOptions& options) {
    HsdsImportReport r = import_hsds(hsds_dir, out_dir, options);
    print_report(r.errors, r.unmapped);
    if (r.written)
        std::cout << "import-hsds: wrote " << out_dir << ": " << r.organizations << " organizations, " << r.services
                  << " services, " << r.locations << " locations, " << r.phones << " phones, " << r.schedules << " schedules\n";
    std::cerr << "import-hsds: " << plural(r.errors.size(), "error", "errors") << ", "
              << plural(r.unmapped.size(), "item", "items") << " not imported or approximated";
    if (!r.written) std::cerr << "; nothing was written";
    else if (!r.ok()) std::cerr << "; the source was written but will not build until the errors are fixed";
    std::cerr << ".\n";
    return r.ok() ? 0 : 1;
}

int cmd_export_hsds(const std::string& src_dir, const std::string& out_dir) {
    HsdsExportReport r = export_hsds(src_dir, out_dir);
    // Export problems are the source's own (as `check` lists them) or left-out guides.
    for (const auto& d : r.errors.sorted()) std::cerr << format_diagnostic(d) << "\n";
    for (const auto& d : r.unmapped.sorted()) std::cerr << format_diagnostic({d.where, "not exported: " + d.message}) << "\n";
    if (!r.ok()) {
        std::cerr << "export-hsds: " << plural(r.errors.size(), "problem", "problems") << "; nothing was written.\n";
        return 1;
    }
    std::cout << "export-hsds: wrote " << out_dir << ": " << r.organizations << " organizations, " << r.services
              << " services (HSDS 3.0 data package)\n";
    return 0;
}
