// SPDX-License-Identifier: Apache-2.0
// diagnostics.hpp — problems found in admin input, with where they are.
//
// Every check in the bundle builder reports into a Diagnostics list instead of
// stopping at the first problem: an admin fixing a spreadsheet wants the whole
// list at once, each as `file:line:column: message` like a compiler.
#pragma once

#include <string>
#include <vector>

namespace madoguchi::core {

struct SourcePosition {
    std::string file;  // path as the admin gave it (e.g. data/sample/services.csv)
    int line = 0;      // 1-based; 0 means "the file as a whole"
    int column = 0;    // 1-based, in characters (code points) of the physical line
};

struct Diagnostic {
    SourcePosition where;
    std::string message;
};

// "file:line:column: message" (line/column left out when 0).
std::string format_diagnostic(const Diagnostic& d);

class Diagnostics {
public:
    void add(SourcePosition where, std::string message);
    bool empty() const { return items_.empty(); }
    size_t size() const { return items_.size(); }
    const std::vector<Diagnostic>& items() const { return items_; }
    // Sorted by file, line, column: the order an admin reads them in.
    std::vector<Diagnostic> sorted() const;

private:
    std::vector<Diagnostic> items_;
};

}  // namespace madoguchi::core
