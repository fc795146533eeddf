#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""check_string_keys.py REPO — every UI string key the code uses exists in the
language files, and no language file has a key nobody uses (as ImHex checks
its translations in CI).

Keys are found in the code where strings are looked up:
    S("key")                         (kiosk/ui screens)
    .get(LANG, "key")                (UiStrings::get)
A string literal equal to a key anywhere in kiosk/ (a key handed to a helper,
heading(f, "admin.installed")) counts as a use too. A literal that ends in "."
and is followed by `+` in a lookup (S("detail.cost." + code))
is a family: every key starting with it counts as used, and at least one must
exist. The admin and setup screens' keys (admin.*, setup.*) are for staff and
live in ja and en only; every other key must be in every language file of assets/strings.
Exit 0 when all is well; otherwise one line per problem, and 1.
"""
import pathlib
import re
import sys
import tomllib

LOOKUP = re.compile(r'(?:\bS\(\s*(?:std::string\()?|\bstrings(?:\.|->)get\(\s*[^,()]+,\s*)"([a-z0-9_.]+)"\)?(\s*\+)?')
LITERAL = re.compile(r'"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"')


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


def main(argv):
    repo = pathlib.Path(argv[1] if len(argv) > 1 else ".")
    files = sorted((repo / "assets" / "strings").glob("*.toml"))
    langs = {f.stem: set(flatten(tomllib.loads(f.read_text(encoding="utf-8")))) for f in files}
    if "ja" not in langs:
        print("check_string_keys: assets/strings/ja.toml is missing")
        return 1
    exact, families, where, literals = set(), set(), {}, set()
    for src in sorted((repo / "kiosk").rglob("*.cpp")) + sorted((repo / "kiosk").rglob("*.hpp")):
        text = src.read_text(encoding="utf-8")
        # A literal equal to a key, handed to a helper (heading(f, "admin.installed")),
        # counts as a use; it is not checked for presence (only lookups are).
        literals.update(LITERAL.findall(text))
        for m in LOOKUP.finditer(text):
            key, plus = m.group(1), m.group(2)
            line = text.count("\n", 0, m.start()) + 1
            where.setdefault(key, f"{src.relative_to(repo)}:{line}")
            if plus and key.endswith("."):
                families.add(key)
            else:
                exact.add(key)
    problems = []
    for lang, keys in sorted(langs.items()):
        staff = lang in ("ja", "en")
        for key in sorted(exact):
            if key.startswith(("admin.", "setup.")) and not staff:
                continue
            if key not in keys:
                problems.append(f"{where[key]}: \"{key}\" is used but missing in {lang}.toml")
        for fam in sorted(families):
            if fam.startswith(("admin.", "setup.")) and not staff:
                continue
            if not any(k.startswith(fam) for k in keys):
                problems.append(f"{where[fam]}: no key \"{fam}…\" in {lang}.toml")
        for key in sorted(keys):
            used = key in exact or key in literals or any(key.startswith(f) for f in families)
            if not used:
                problems.append(f"assets/strings/{lang}.toml: \"{key}\" is not used by any screen (remove it or use it)")
    for p in problems:
        print(p)
    print(f"check_string_keys: {len(exact)} keys and {len(families)} key families used in code; "
          f"{len(langs)} language files; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
