#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""audit_trace.py TRACE [--allow-write PATH_OR_PREFIX ...]

Reads an `strace -f` log of a kiosk session (see run_privacy_audit.sh for the
exact strace options) and fails when the kiosk did anything that could keep or
send what a visitor did:

  - a file created, opened for writing, truncated, renamed, linked or deleted,
    other than the paths allowed (the printer device; GPU device nodes);
  - a directory made;
  - a socket that is not AF_UNIX (internet, packet, netlink for anything but
    the kernel's own uevents is listed too), or a connect/sendto to a non-local
    address.

Refused attempts (the syscall failed) count too: the kiosk has layers (no
caches asked for, then Landlock refusing writes, seccomp refusing sockets), and
a write that only a lower layer stopped means an upper one is missing — on a
kernel without Landlock it would have gone through. The one exception is the
hardening's own self-check (a generic-netlink socket it expects seccomp to
refuse; kiosk/platform/src/process_hardening.cpp). Exit status 0 when clean, 1
with one line per finding otherwise.
"""
import re
import sys

WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")
# GPU device nodes are opened O_RDWR by Mesa for ioctls; nothing is stored there.
ALWAYS_ALLOWED = ("/dev/dri/", "/dev/null")

LINE = re.compile(r"^(?:\[pid\s+)?(?P<pid>\d+)\]?\s+(?P<rest>.*)$")
CALL = re.compile(r"^(?P<name>\w+)\((?P<args>.*)\)\s+=\s+(?P<ret>-?\d+|\?)(?P<tail>.*)$")


def join_unfinished(lines):
    """strace -f splits calls interrupted by other threads into
    'name(args <unfinished ...>' and '<... name resumed>rest'. Joins them."""
    pending = {}
    for raw in lines:
        m = LINE.match(raw.rstrip("\n"))
        if not m:
            continue
        pid, rest = m.group("pid"), m.group("rest")
        if rest.endswith("<unfinished ...>"):
            pending[pid] = rest[: -len("<unfinished ...>")].rstrip()
            continue
        r = re.match(r"^<\.\.\. (\w+) resumed>(.*)$", rest)
        if r:
            head = pending.pop(pid, r.group(1) + "(")
            rest = head + r.group(2)
        yield pid, rest


def first_string(args):
    m = re.search(r'"((?:[^"\\]|\\.)*)"', args)
    return m.group(1) if m else None


def strings(args):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', args)


# A pipe reached through a name (open_jtalk writes its WAV to -ow /dev/stdout,
# which is our pipe): with `strace -y` the returned descriptor shows what was
# opened, `= 3<pipe:[1234]>`. A pipe stores nothing; without -y it cannot be
# told from a file and counts as a finding.
FD_NAMES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def is_pipe_by_name(path, tail):
    return path is not None and path.startswith(FD_NAMES) and tail.startswith("<pipe:[")


def allowed(path, allow):
    if path is None:
        return False
    return path.startswith(ALWAYS_ALLOWED) or any(path == a or (a.endswith("/") and path.startswith(a)) for a in allow)


def audit(trace_lines, allow):
    findings, notes = [], []
    for pid, rest in join_unfinished(trace_lines):
        m = CALL.match(rest)
        if not m:
            continue
        name, args, ret = m.group("name"), m.group("args"), m.group("ret")
        ok = ret != "?" and int(ret) >= 0
        what = f"pid {pid}: {name}({args}) = {ret}{m.group('tail')}"
        bad = None
        if name in ("open", "openat", "openat2", "creat"):
            path = first_string(args)
            if name == "creat" or any(f in args for f in WRITE_FLAGS):
                if not allowed(path, allow) and not is_pipe_by_name(path, m.group("tail")):
                    bad = f"opened for writing: {path}"
        elif name in ("truncate", "unlink", "unlinkat", "rmdir", "mkdir", "mkdirat", "mknod", "mknodat"):
            path = first_string(args)
            if not allowed(path, allow):
                bad = f"{name}: {path}"
        elif name in ("rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat"):
            paths = strings(args)
            if not all(allowed(p, allow) for p in paths):
                bad = f"{name}: {' -> '.join(paths)}"
        elif name == "ftruncate":
            bad = "ftruncate of an open file"
        elif name == "socket":
            if "AF_UNIX" not in args and "AF_LOCAL" not in args:
                # The kernel's uevent netlink (hotplug, read-only) is not a way out.
                if not ("AF_NETLINK" in args and "NETLINK_KOBJECT_UEVENT" in args):
                    bad = f"socket: {args}"
        elif name in ("connect", "sendto", "sendmsg", "bind"):
            if "AF_INET" in args or "AF_INET6" in args or "AF_PACKET" in args:
                bad = f"{name} to a network address: {args}"
        if bad:
            self_check = name == "socket" and "NETLINK_GENERIC" in args and "EACCES" in m.group("tail")
            (notes if self_check else findings).append((bad, what))
    return findings, notes


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    allow = []
    args = argv[2:]
    while args:
        if args[0] == "--allow-write" and len(args) > 1:
            allow.append(args[1])
            args = args[2:]
        else:
            print(f"audit_trace.py: unknown argument {args[0]}", file=sys.stderr)
            return 2
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    findings, notes = audit(lines, allow)
    calls = sum(1 for _ in join_unfinished(lines))
    for bad, what in notes:
        print(f"note (the hardening's self-check): {bad}\n    {what}")
    for bad, what in findings:
        print(f"{'LEAK' if ' = -1 ' not in what else 'ATTEMPT (refused by a lower layer)'}: {bad}\n    {what}")
    print(f"audit_trace: {calls} traced calls, {len(findings)} findings, {len(notes)} self-check")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
