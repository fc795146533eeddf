# SPDX-License-Identifier: Apache-2.0
# check_lib.sh — the checks the CLI tests share (sourced after WORK is set):
# each check counts a pass or prints FAIL with what was seen; finish prints
# "N passed, M failed" (the line CI reads) and sets the exit status.
failures=0
passes=0

pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
show() { [ -f "$1" ] && sed 's/^/    | /' "$1" | head -40; }
expect_rc() {  # expect_rc WANT GOT WHAT — on failure shows $WORK/err
    if [ "$1" -eq "$2" ]; then pass; else fail "$3: exit code $2, expected $1"; show "$WORK/err"; fi
}
expect_grep() {  # expect_grep FILE PATTERN WHAT
    if grep -qF -- "$2" "$1"; then pass; else fail "$3: '$2' not in output"; show "$1"; fi
}
expect_no_grep() {  # expect_no_grep FILE PATTERN WHAT
    if grep -qF -- "$2" "$1"; then fail "$3: '$2' unexpectedly in output"; else pass; fi
}
expect_empty() {  # expect_empty FILE WHAT
    if [ -s "$1" ]; then fail "$2: expected no output"; show "$1"; else pass; fi
}
finish() {  # finish NAME
    echo "$1: $passes passed, $failures failed"
    [ "$failures" -eq 0 ]
}
