// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace madoguchi::core {

std::string format_diagnostic(const Diagnostic& d) {
    std::string s = d.where.file;
    if (d.where.line > 0) {
        s += ":" + std::to_string(d.where.line);
        if (d.where.column > 0) s += ":" + std::to_string(d.where.column);
    }
    s += ": ";
    s += d.message;
    return s;
}

void Diagnostics::add(SourcePosition where, std::string message) {
    items_.push_back(Diagnostic{std::move(where), std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> v = items_;
    std::stable_sort(v.begin(), v.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) <
               std::tie(b.where.file, b.where.line, b.where.column);
    });
    return v;
}

}  // namespace madoguchi::core
