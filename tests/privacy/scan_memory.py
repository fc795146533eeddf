#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""scan_memory.py [--context] [--save-baseline F | --baseline F] PID NEEDLE [NEEDLE ...]

Reads every writable mapping of process PID from outside (/proc/PID/maps and
/proc/PID/mem; needs the right to ptrace it: root, or its parent with
ptrace_scope <= 1 and a dumpable process) and reports each needle found, in
UTF-8, UTF-16 (LE/BE) and UTF-32 (LE/BE). Exit 0 when none is found, 1 when any
is, 2 when the memory cannot be read (never a silent pass).

--context prints the bytes around each find (to see which buffer holds it).
--save-baseline F records every find (address and surrounding bytes) before any
visitor and exits 0; --baseline F then ignores finds that are exactly as they
were (same address, same bytes around): the catalogue's own text, such as the
search index's folded documents, which may contain a needle.
The needles are what a visitor typed or viewed; after the session ended the
kiosk must hold none of them.
"""
import re
import sys

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def writable_regions(pid):
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            parts = line.split(maxsplit=5)
            start, end = (int(x, 16) for x in parts[0].split("-"))
            perms = parts[1]
            name = parts[5].strip() if len(parts) > 5 else ""
            # Writable, readable, and not a device mapping (GPU memory can hang a read).
            if "w" in perms and "r" in perms and not name.startswith("/dev/"):
                yield start, end, name


def scan(pid, needles):
    patterns = {}
    for n in needles:
        for enc in ENCODINGS:
            patterns[(n, enc)] = n.encode(enc)
    found, regions, total = [], 0, 0
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for start, end, name in writable_regions(pid):
            try:
                mem.seek(start)
                data = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue  # guard pages and the like
            if not data:
                continue
            regions += 1
            total += len(data)
            for (n, enc), pat in patterns.items():
                i = data.find(pat)
                while i >= 0:
                    context = data[max(0, i - 48): i + len(pat) + 48]
                    found.append((n, enc, start + i, name or "[anonymous]", context))
                    i = data.find(pat, i + 1)
    return found, regions, total


def take_option(argv, name):
    """Removes `name VALUE` from argv; returns VALUE or None."""
    if name not in argv:
        return None
    i = argv.index(name)
    value = argv[i + 1]
    del argv[i:i + 2]
    return value


def main(argv):
    verbose = "--context" in argv
    argv = [a for a in argv if a != "--context"]
    # --save-baseline FILE: record what is there (before any visitor) and exit 0.
    # --baseline FILE: a finding at the same address with the same surrounding
    # bytes as before the session is the catalogue's own text, not a copy the
    # session made; it is listed as such and does not fail the audit.
    save_to = take_option(argv, "--save-baseline")
    baseline_file = take_option(argv, "--baseline")
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    pid, needles = argv[1], argv[2:]
    try:
        found, regions, total = scan(pid, needles)
    except PermissionError as e:
        print(f"scan_memory: cannot read the memory of {pid}: {e} (run as root)", file=sys.stderr)
        return 2
    if regions == 0:
        print(f"scan_memory: no writable memory of {pid} could be read", file=sys.stderr)
        return 2
    if save_to:
        with open(save_to, "w", encoding="ascii") as f:
            for n, enc, addr, name, context in found:
                f.write(f"{addr:x} {context.hex()}\n")
        print(f"scan_memory: baseline of {pid}: {regions} regions, {total // 1024} KiB read, {len(found)} occurrence(s) before any visitor")
        return 0
    before = set()
    if baseline_file:
        with open(baseline_file, encoding="ascii") as f:
            before = {tuple(line.split()) for line in f if line.strip()}
    new = 0
    for n, enc, addr, name, context in found:
        old = (f"{addr:x}", context.hex()) in before
        new += not old
        print(f"{'unchanged since before the session:' if old else 'FOUND'} {n!r} ({enc}) at {addr:#x} in {name}")
        if verbose:
            print("    " + context.decode("utf-8", "replace").replace("\n", "\\n").replace("\x00", "."))
    print(f"scan_memory: {regions} regions, {total // 1024} KiB read, {len(needles)} needles, {new} found"
          + (f" ({len(found) - new} more exactly as before the session)" if len(found) > new else ""))
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
