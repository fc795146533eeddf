#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tests/fuzz/run_fuzz.sh — builds the libFuzzer targets with clang in their own
# build directory and runs each for a bounded time. Non-zero exit if any target
# crashes, leaks, times out or breaks an invariant; the input that did it is
# printed (and kept under <build dir>/runs/<target>/artifacts/).
#
#   bash tests/fuzz/run_fuzz.sh <source dir> <build dir>
#
# Environment:
#   MADOGUCHI_FUZZ_SECONDS  seconds per target (default 20)
#   MADOGUCHI_FUZZ_TARGETS  space-separated subset, e.g. "csv bundle_file" (default: all)
#   MADOGUCHI_FUZZ_CC / MADOGUCHI_FUZZ_CXX  compilers (default clang-14 / clang++-14)
#
# Each run starts from a fresh copy of tests/fuzz/seeds/<target>/ in the build
# directory; nothing is written to the source tree. See docs/fuzzing.md.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 <source dir> <build dir>" >&2
    exit 2
fi
SRC=$(cd "$1" && pwd)
mkdir -p "$2"
BUILD=$(cd "$2" && pwd)
SECONDS_EACH=${MADOGUCHI_FUZZ_SECONDS:-20}
CC_FUZZ=${MADOGUCHI_FUZZ_CC:-clang-14}
CXX_FUZZ=${MADOGUCHI_FUZZ_CXX:-clang++-14}
ALL_TARGETS="minisign_pubkey minisign_verify minisign_seckey trusted_comment bundle_file csv"
TARGETS=${MADOGUCHI_FUZZ_TARGETS:-$ALL_TARGETS}

for tool in "$CC_FUZZ" "$CXX_FUZZ" cmake; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run_fuzz.sh: $tool not found (Debian: clang-14 libclang-rt-14-dev, installed by scripts/test.sh)" >&2
        exit 1
    fi
done

# --- build: the whole project configured, only the fuzz targets built --------
# -O1 -g: fast enough to fuzz, readable stacks; no NDEBUG, so asserts stay on.
echo "run_fuzz.sh: configuring and building the fuzz targets in $BUILD"
cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE= \
      -DCMAKE_C_COMPILER="$CC_FUZZ" -DCMAKE_CXX_COMPILER="$CXX_FUZZ" \
      "-DCMAKE_C_FLAGS=-O1 -g" "-DCMAKE_CXX_FLAGS=-O1 -g" \
      -DMADOGUCHI_FUZZ=ON -DMADOGUCHI_TESTS=OFF -DMADOGUCHI_SANITIZE=OFF >"$BUILD/configure.log" 2>&1 ||
    { cat "$BUILD/configure.log" >&2; exit 1; }
cmake --build "$BUILD" --target madoguchi_fuzzers -j 2 >"$BUILD/build.log" 2>&1 ||
    { tail -n 60 "$BUILD/build.log" >&2; exit 1; }

# --- run ---------------------------------------------------------------------
# The sanitizers' own settings, not the caller's (ctest inherits
# abort_on_error=1 from scripts/test.sh; libFuzzer reports crashes itself).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer  # Debian llvm-14, if present
fi

dict_for() {
    case "$1" in
        minisign_*) echo "$SRC/tests/fuzz/minisign.dict" ;;
        *) echo "$SRC/tests/fuzz/$1.dict" ;;
    esac
}

failed=()
for name in $TARGETS; do
    exe="$BUILD/tests/fuzz/fuzz_$name"
    seeds="$SRC/tests/fuzz/seeds/$name"
    if [ ! -x "$exe" ] || [ ! -d "$seeds" ]; then
        echo "run_fuzz.sh: unknown target $name (known: $ALL_TARGETS)" >&2
        exit 2
    fi
    work="$BUILD/runs/$name"
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/artifacts"
    cp "$seeds"/* "$work/corpus/"
    args=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048
          -artifact_prefix="$work/artifacts/" -print_final_stats=1)
    dict=$(dict_for "$name")
    [ -f "$dict" ] && args+=(-dict="$dict")

    rc=0
    "$exe" "${args[@]}" "$work/corpus" >"$work/log.txt" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log.txt" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log.txt" | tail -n 1)
    corpus=$(find "$work/corpus" -type f | wc -l)
    # crash-, leak-, timeout-, oom- files; slow-unit- ones are only reported.
    mapfile -t found < <(find "$work/artifacts" -type f ! -name 'slow-unit-*' | sort)
    if [ "$rc" -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
        echo "FAIL fuzz_$name (exit $rc) after ${runs:-?} runs; log: $work/log.txt"
        grep -E 'ERROR: |fuzz invariant failed|runtime error|SUMMARY' "$work/log.txt" | head -n 10 | sed 's/^/    /' || true
        for f in "${found[@]}"; do echo "    crash input: $f"; done
        echo "    reproduce: $exe $(printf '%q' "${found[0]:-<input>}")"
        failed+=("$name")
    else
        echo "ok   fuzz_$name: ${runs:-?} runs in ${SECONDS_EACH} s (${speed:-?}/s), corpus ${corpus} inputs"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "run_fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}"
    exit 1
fi
echo "run_fuzz.sh: all targets ran ${SECONDS_EACH} s without a finding"
