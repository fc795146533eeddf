// SPDX-License-Identifier: Apache-2.0
// secure_clear.cpp — see secure_clear.hpp.
#include "madoguchi/base/secure_clear.hpp"

#include <cstring>

namespace madoguchi::base {

void secure_zero(void* p, std::size_t n) noexcept {
    if (p != nullptr && n != 0) ::explicit_bzero(p, n);
}

void secure_clear(std::vector<std::string>& v) noexcept {
    for (auto& s : v) secure_clear(s);
    v.clear();
    v.shrink_to_fit();
}

}  // namespace madoguchi::base
