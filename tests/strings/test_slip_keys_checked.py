#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""test_slip_keys_checked.py REPO — proves that check_string_keys.py catches a
word of the printed slip missing in one language (issue 19: every word on the
slip comes from assets/strings, and the key check must fail without it).

For each slip key, in a copy of assets/strings (the code is the repository's,
linked, not copied) the key is taken out of one language file; the check must
then exit 1 and name that key and file. The untouched copy must pass.
"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

# The keys core::slip_words() reads (kiosk/core/take_away/src/slip.cpp), each
# removed from a different language in turn.
SLIP_KEYS = ["slip.header", "slip.as_of", "slip.today", "slip.tomorrow", "slip.today_holiday", "slip.tomorrow_holiday",
             "slip.closed", "slip.all_day", "slip.say", "qr.call", "qr.web", "detail.phone", "detail.website", "detail.email",
             "detail.sector.private", "detail.sector.nonprofit"]
LANGS = ["ja", "ja-x-easy", "en", "zh-Hans", "ko", "vi", "pt-BR", "ne", "tl"]


def run_check(repo, root):
    check = repo / "tests" / "strings" / "check_string_keys.py"
    return subprocess.run([sys.executable, str(check), str(root)], capture_output=True, text=True)


def main(argv):
    repo = pathlib.Path(argv[1] if len(argv) > 1 else ".").resolve()
    slip_cpp = (repo / "kiosk/core/take_away/src/slip.cpp").read_text(encoding="utf-8")
    used = set(re.findall(r'strings\.get\(lang, "([a-z0-9_.]+)"\)', slip_cpp))
    failures = []
    if used != set(SLIP_KEYS):
        failures.append(f"slip_words reads {sorted(used)}, this test knows {sorted(SLIP_KEYS)}: keep them in step")
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "kiosk").symlink_to(repo / "kiosk")
        strings = root / "assets" / "strings"
        shutil.copytree(repo / "assets" / "strings", strings)
        base = run_check(repo, root)
        if base.returncode != 0:
            failures.append("the untouched strings fail the check:\n" + base.stdout)
        for i, key in enumerate(SLIP_KEYS):
            lang = LANGS[i % len(LANGS)]
            f = strings / f"{lang}.toml"
            original = f.read_text(encoding="utf-8")
            lines = [l for l in original.splitlines(keepends=True) if not l.startswith(f'"{key}" =')]
            if len(lines) != len(original.splitlines(keepends=True)) - 1:
                failures.append(f"{lang}.toml has no single line for {key}")
                continue
            f.write_text("".join(lines), encoding="utf-8")
            r = run_check(repo, root)
            f.write_text(original, encoding="utf-8")
            want = f'"{key}" is used but missing in {lang}.toml'
            if r.returncode != 1 or want not in r.stdout:
                failures.append(f"without {key} in {lang}.toml the check gave exit {r.returncode}:\n{r.stdout}")
    for f in failures:
        print(f)
    print(f"test_slip_keys_checked: {len(SLIP_KEYS)} slip keys, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
