#!/usr/bin/env python3
"""scan_memory.py [--context] PID NEEDLE [NEEDLE ...]

Reads every writable mapping of process PID from outside (/proc/PID/maps and
/proc/PID/mem; needs the right to ptrace it: root, or its parent with
ptrace_scope <= 1 and a dumpable process) and reports each needle found, in
UTF-8, UTF-16 (LE/BE) and UTF-32 (LE/BE). Exit 0 when none is found, 1 when any
is, 2 when the memory cannot be read (never a silent pass).

--context prints the bytes around each find (to see which buffer holds it).
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


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    verbose = "--context" in argv
    argv = [a for a in argv if a != "--context"]
    pid, needles = argv[1], argv[2:]
    try:
        found, regions, total = scan(pid, needles)
    except PermissionError as e:
        print(f"scan_memory: cannot read the memory of {pid}: {e} (run as root)", file=sys.stderr)
        return 2
    if regions == 0:
        print(f"scan_memory: no writable memory of {pid} could be read", file=sys.stderr)
        return 2
    for n, enc, addr, name, context in found:
        print(f"FOUND {n!r} ({enc}) at {addr:#x} in {name}")
        if verbose:
            print("    " + context.decode("utf-8", "replace").replace("\n", "\\n").replace("\x00", "."))
    print(f"scan_memory: {regions} regions, {total // 1024} KiB read, {len(needles)} needles, {len(found)} found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
