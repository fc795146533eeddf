#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds everything with warnings as errors and AddressSanitizer + UBSan, then
# runs every test. Installs the Debian packages it needs (as root or via sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

BUILD_DIR=build/test
fetch_unpacked_packages "$BUILD_DIR/test-tools" "${TEST_UNPACKED_PACKAGES[@]}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DMADOGUCHI_WERROR=ON -DMADOGUCHI_SANITIZE=ON -DMADOGUCHI_TESTS=ON >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
