// SPDX-License-Identifier: Apache-2.0
// Entry point of the speech tests (doctest supplies main).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
