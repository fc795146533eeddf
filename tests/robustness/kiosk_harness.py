# SPDX-License-Identifier: Apache-2.0
"""kiosk_harness.py — starting the real kiosk for the robustness tests.

Shared by watchdog_test.py and broken_start_test.py (tests/CMakeLists.txt,
"robustness"). Only the Python standard library and libX11 (through ctypes, for
screenshots of the real X screen).

Index
  - under_xvfb()       runs the calling test again under its own Xvfb
  - paths_from_argv()  the shared start of a test main: arguments, Xvfb, Paths
  - Paths              the kiosk, the admin tool, the repository, the build
  - make_store()       a bundle store holding the demo-signed sample bundle
  - NotifySocket       a unix datagram socket standing in for systemd's NOTIFY_SOCKET
  - Kiosk              one kiosk process: start, alive, freeze, SIGTERM, stderr
  - capture_screen()   the X screen as RGB, and write_png()

How the kiosk is started mirrors tests/ui/run_flows.sh: Mesa's software
renderer, --assets and a config from this checkout, its own store with
--pubkey data/demo-key/demo.pub, its own empty inbox (--watch), so nothing of
this machine is read or watched. In sanitizer builds Mesa's DRI driver is
preloaded (see run_flows.sh for why) and LSAN_OPTIONS comes from ctest.
"""

import ctypes
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib


def under_xvfb(script, argv):
    """Re-executes `script` under one xvfb-run of its own (a random first display
    number keeps clear of other tests starting Xvfb at the same moment), unless
    that was done already."""
    if os.environ.get("MADOGUCHI_ROBUSTNESS_XVFB"):
        return
    env = dict(os.environ, MADOGUCHI_ROBUSTNESS_XVFB="1")
    # -br: a black root window, so the kiosk's window is told apart from it in screenshots.
    args = ["xvfb-run", "-a", "-n", str(100 + random.randrange(400)), "-s", "-screen 0 1280x800x24 -nolisten tcp -br",
            sys.executable, script] + argv
    os.execvpe("xvfb-run", args, env)


def paths_from_argv(script, usage):
    """The start every test main shares: KIOSK BUNDLE REPO BUILD OUT on the
    command line, and the test run again under its own Xvfb (under_xvfb).
    Returns the Paths, or None after printing `usage` when the arguments are wrong."""
    if len(sys.argv) != 6:
        print(usage)
        return None
    under_xvfb(os.path.abspath(script), sys.argv[1:])
    return Paths(*sys.argv[1:6])


class Paths:
    def __init__(self, kiosk, bundle, repo, build, out):
        self.kiosk = os.path.abspath(kiosk)
        self.bundle = os.path.abspath(bundle)
        self.repo = os.path.abspath(repo)
        self.build = os.path.abspath(build)
        self.out = os.path.abspath(out)
        self.sample_bundle = os.path.join(self.build, "sample.bundle")
        self.demo_pub = os.path.join(self.repo, "data", "demo-key", "demo.pub")
        self.assets = os.path.join(self.repo, "assets")
        self.config = os.path.join(self.assets, "madoguchi.toml")


def make_store(paths, store):
    """Installs <build>/sample.bundle into `store` with the admin tool, as run_flows.sh does."""
    r = subprocess.run([paths.bundle, "install", paths.sample_bundle, "--store", store, "--pubkey", paths.demo_pub],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError("madoguchi-bundle install failed:\n" + r.stdout)


def sanitizer_preload(kiosk):
    """libasan + Mesa's swrast driver for LD_PRELOAD in sanitizer builds, else ""."""
    try:
        ldd = subprocess.run(["ldd", kiosk], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    except OSError:
        return ""
    asan = ""
    for line in ldd.splitlines():
        parts = line.split()
        if parts and parts[0].startswith("libasan.so") and len(parts) >= 3:
            asan = parts[2]
    if not asan:
        return ""
    multiarch = os.path.basename(os.path.dirname(asan))
    for dri in ["/usr/lib/%s/dri/swrast_dri.so" % multiarch, "/usr/lib64/dri/swrast_dri.so", "/usr/lib/dri/swrast_dri.so"]:
        if os.path.isfile(dri):
            return asan + " " + dri
    return ""


class NotifySocket:
    """What systemd listens on: a unix datagram socket. Every message is kept
    with the (monotonic) time it arrived, by a thread that reads all the time."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        os.chmod(path, 0o666)  # a kiosk run as another user must be able to send
        self.sock.settimeout(0.05)
        self.messages = []  # (time.monotonic(), text)
        self.lock = threading.Lock()
        self.stop = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while not self.stop:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.messages.append((time.monotonic(), data.decode("utf-8", "replace")))

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def times(self, assignment, since=0.0, until=float("inf")):
        """Arrival times of messages holding this line (e.g. "WATCHDOG=1") in [since, until)."""
        return [t for t, m in self.snapshot() if assignment in m.split("\n") and since <= t < until]

    def values(self, key):
        """Every value of KEY=… sent so far, in order (e.g. all STATUS= lines)."""
        out = []
        for _, m in self.snapshot():
            for line in m.split("\n"):
                if line.startswith(key + "="):
                    out.append(line[len(key) + 1:])
        return out

    def wait_for(self, assignment, timeout, kiosk=None):
        """Arrival time of the first message holding `assignment`; None after
        `timeout` s, or as soon as `kiosk` (if given) has ended without it."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            got = self.times(assignment)
            if got:
                return got[0]
            if kiosk is not None and not kiosk.alive():
                time.sleep(0.1)  # a last message may still be on its way
                got = self.times(assignment)
                return got[0] if got else None
            time.sleep(0.02)
        return None

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def nobody_ids():
    """(uid, gid) of an unprivileged user for tests that need permissions to bite (run as root)."""
    import pwd
    try:
        pw = pwd.getpwnam("nobody")
        return pw.pw_uid, pw.pw_gid
    except KeyError:
        return 65534, 65534


class Kiosk:
    """One kiosk process. stdout and stderr go to files (a pipe nobody reads could block it)."""

    def __init__(self, paths, workdir, name, args, notify=None, watchdog_usec=None, as_nobody=False, extra_env=None):
        self.name = name
        self.stderr_path = os.path.join(workdir, name + ".stderr")
        self.stdout_path = os.path.join(workdir, name + ".stdout")
        env = dict(os.environ, LIBGL_ALWAYS_SOFTWARE="1")
        for k in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
            env.pop(k, None)
        if notify:
            env["NOTIFY_SOCKET"] = notify.path
        if watchdog_usec:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        if extra_env:
            env.update(extra_env)
        preload = sanitizer_preload(paths.kiosk)
        inner = [paths.kiosk, "--assets", paths.assets] + args
        if preload:
            inner = ["env", "LD_PRELOAD=" + preload] + inner
        if as_nobody:
            uid, gid = nobody_ids()
            # LeakSanitizer stops the world with ptrace at exit; the kiosk is not
            # dumpable, so only root may trace it. As another user the leak check
            # itself would fail; the same code runs with the check in the other cases.
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
            # The X server's cookie file is readable by root only: give the user a copy.
            xauth = os.environ.get("XAUTHORITY")
            if xauth and os.path.exists(xauth):
                copy = os.path.join(workdir, "Xauthority")
                shutil.copyfile(xauth, copy)
                os.chmod(copy, 0o644)
                env["XAUTHORITY"] = copy
            inner = ["setpriv", "--reuid=%d" % uid, "--regid=%d" % gid, "--clear-groups"] + inner
        # As systemd does: WATCHDOG_PID is the kiosk's own pid (sh execs it, keeping its pid).
        cmd = ["sh", "-c", 'WATCHDOG_PID=$$; export WATCHDOG_PID; exec "$@"', "sh"] + inner
        if not watchdog_usec:
            cmd = inner
        self.out = open(self.stdout_path, "w")
        self.err = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.out, stderr=self.err, cwd=workdir)
        self.pid = self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stderr(self):
        self.err.flush()
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stdout(self):
        self.out.flush()
        with open(self.stdout_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def cpu_seconds(self):
        """User + system CPU time so far (/proc/PID/stat), for "it sleeps when idle"."""
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def terminate(self, timeout):
        """SIGTERM, then the exit status (None if it did not end in `timeout` s; it is then killed)."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def wait(self, timeout):
        """The exit status (None if it did not end in `timeout` s; it is then killed)."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def close(self):
        if self.alive():
            self.proc.kill()
            self.proc.wait()
        self.out.close()
        self.err.close()


# --- freezing only the event loop (ptrace) -----------------------------------------
# SIGSTOP stops every thread of the kiosk. PTRACE_SEIZE + PTRACE_INTERRUPT stops
# one thread: the main thread, which runs the event loop, while the bundle
# loader's worker and SDL's and Mesa's threads go on. Pings that still came
# would then come from some other thread, not from the loop. Needs root (or
# CAP_SYS_PTRACE): the kiosk is not dumpable.
PTRACE_DETACH = 17
PTRACE_SEIZE = 0x4206
PTRACE_INTERRUPT = 0x4207
WALL = 0x40000000

_libc = ctypes.CDLL(None, use_errno=True)
_libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
_libc.ptrace.restype = ctypes.c_long


def freeze_thread(tid):
    if _libc.ptrace(PTRACE_SEIZE, tid, None, None) != 0:
        return "PTRACE_SEIZE: " + os.strerror(ctypes.get_errno())
    if _libc.ptrace(PTRACE_INTERRUPT, tid, None, None) != 0:
        return "PTRACE_INTERRUPT: " + os.strerror(ctypes.get_errno())
    os.waitpid(tid, WALL)  # the stop is reported to us, the tracer (and the kiosk's parent)
    return ""


def thaw_thread(tid):
    if _libc.ptrace(PTRACE_DETACH, tid, None, None) != 0:
        return "PTRACE_DETACH: " + os.strerror(ctypes.get_errno())
    return ""


# --- screenshots of the real X screen (libX11 through ctypes) -----------------------

class _XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int), ("format", ctypes.c_int),
                ("data", ctypes.POINTER(ctypes.c_ubyte)), ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int), ("red_mask", ctypes.c_ulong),
                ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong)]


def capture_screen():
    """The whole X screen as (width, height, RGB bytes), read with XGetImage.
    For a kiosk that cannot take its own screenshot (no fonts: no script)."""
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XGetImage.restype = ctypes.POINTER(_XImage)
    x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                              ctypes.c_ulong, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        raise RuntimeError("cannot open the X display " + os.environ.get("DISPLAY", "(DISPLAY not set)"))
    try:
        w, h = x11.XDisplayWidth(dpy, 0), x11.XDisplayHeight(dpy, 0)
        img = x11.XGetImage(dpy, x11.XDefaultRootWindow(dpy), 0, 0, w, h, 0xFFFFFFFF, 2)  # ZPixmap
        if not img:
            raise RuntimeError("XGetImage failed")
        im = img.contents
        if im.bits_per_pixel != 32 or im.byte_order != 0:
            raise RuntimeError("unexpected X image format: %d bpp, byte order %d" % (im.bits_per_pixel, im.byte_order))
        if im.bytes_per_line != w * 4:
            raise RuntimeError("unexpected X image row length %d for width %d" % (im.bytes_per_line, w))
        raw = ctypes.string_at(im.data, w * 4 * h)  # B G R x per pixel
        rgb = bytearray(w * h * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = raw[2::4], raw[1::4], raw[0::4]
        return w, h, bytes(rgb)
    finally:
        x11.XCloseDisplay(dpy)


def pixel(shot, x, y):
    w, _, rgb = shot
    i = (y * w + x) * 3
    return tuple(rgb[i:i + 3])


def write_png(path, shot):
    w, h, rgb = shot
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


class Checks:
    """Collects failed checks of one test case; prints PASS/FAIL lines."""

    def __init__(self):
        self.failures = []
        self.case = ""

    def start(self, case):
        self.case = case
        self.case_failures = 0

    def check(self, ok, what):
        if not ok:
            self.failures.append("%s: %s" % (self.case, what))
            self.case_failures += 1
            print("    FAIL " + what, flush=True)
        return ok

    def end(self, secs, extra=""):
        print("%s  %-26s %5.1f s%s" % ("PASS" if self.case_failures == 0 else "FAIL", self.case, secs, extra), flush=True)

    def summary(self):
        if self.failures:
            print("\n%d failed check(s):" % len(self.failures))
            for f in self.failures:
                print("  " + f)
            return 1
        print("all passed")
        return 0


def sanitizer_problems(text):
    """Lines of a sanitizer report in stderr (UBSan "runtime error", ASan, LSan)."""
    marks = ("runtime error:", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "LeakSanitizer has encountered")
    return [l for l in text.splitlines() if any(m in l for m in marks)]
