// SPDX-License-Identifier: Apache-2.0
// utf8_util.hpp — core's name for the UTF-8 helpers of kiosk/base (utf8.hpp).
#pragma once

#include "madoguchi/base/utf8.hpp"

namespace madoguchi::core {
namespace utf8 = base::utf8;
}  // namespace madoguchi::core
