#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""broken_start_test.py — the kiosk comes up whatever is broken at start.

  broken_start_test.py KIOSK BUNDLE_TOOL REPO BUILD_DIR OUT_DIR

For each broken thing in CASES the real kiosk is started twice under Xvfb:

  1. its real event loop (no --script), under a stand-in for systemd
     (NOTIFY_SOCKET, WATCHDOG_USEC=400000, as in watchdog_test.py): READY=1
     comes, its STATUS= line says what is wrong, the kiosk is still up and
     pinging the watchdog two seconds later, stderr has the staff message,
     and SIGTERM ends it with STOPPING=1 and exit status 0. Without fonts
     there is no script to play, so the X screen itself is captured
     (OUT_DIR/<case>/screen.png) and must show the calm background colour.
  2. where there is a UI to check, a short script of tests/robustness/
     (--script): the screen it must be on, a screenshot in OUT_DIR/<case>/.

Permission cases need the kiosk to be refused: run as root, the test makes
the store as root and runs the kiosk as `nobody` (a store written by root with
madoguchi-bundle is the usual real cause); run as another user, it takes the
permissions away with chmod. Prints one line per case; exits 1 if any failed.
"""

import os
import shutil
import stat
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_harness as h  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
READY_TIMEOUT = 90
CALM = (247, 244, 238)  # kiosk/ui theme::background, the blank screen's colour
ROOT = os.geteuid() == 0


def printer_config(tmp, name, target):
    """assets/madoguchi.toml with [printer] kind = "device" and this target (as run_flows.sh makes it)."""
    with open(os.path.join(HERE, "..", "..", "assets", "madoguchi.toml"), encoding="utf-8") as f:
        text = f.read()
    assert '\nkind = "none"' in text and '\ntarget = ""' in text, "assets/madoguchi.toml changed: update this test"
    text = text.replace('\nkind = "none"', '\nkind = "device"', 1).replace('\ntarget = ""', '\ntarget = "%s"' % target, 1)
    path = os.path.join(tmp, name + ".toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# Each setup gets (paths, tmp, base) — base: the store and inbox of this case,
# already made — and returns (arguments replacing the defaults, run as nobody).
def fonts_missing(paths, tmp, base):
    empty = os.path.join(tmp, "fonts-empty")
    os.makedirs(empty)
    return {"--fonts-dir": empty}, False


def fonts_not_fonts(paths, tmp, base):
    d = os.path.join(tmp, "fonts-garbage")
    os.makedirs(d)
    for name in ("NotoSansCJK-Regular.ttc", "NotoSans-Regular.ttf", "NotoSansDevanagari-Regular.ttf"):
        with open(os.path.join(d, name), "wb") as f:
            f.write(b"this is not a font\n" * 64)
    return {"--fonts-dir": d}, False


def store_unreadable(paths, tmp, base):
    # Root's, private (as with root's umask 077), read by another user; or chmod 000.
    os.chmod(base["store"], 0o700 if ROOT else 0)
    return {}, ROOT


def bundle_unreadable(paths, tmp, base):
    # The store folder is the kiosk user's, the installed bundle below it is not
    # (root ran `madoguchi-bundle install` into the kiosk's store).
    if ROOT:
        uid, gid = h.nobody_ids()
        os.chown(base["store"], uid, gid)
        os.chmod(os.path.join(base["store"], "bundles"), 0o700)  # still root's
    else:
        os.chmod(os.path.join(base["store"], "bundles"), 0)
    return {}, ROOT


def store_not_a_folder(paths, tmp, base):
    f = os.path.join(tmp, "store-file")
    with open(f, "w") as out:
        out.write("not a store\n")
    return {"--store": f}, False


def trusted_key_missing(paths, tmp, base):
    return {"--pubkey": os.path.join(tmp, "no-such-key.pub")}, False


def bundle_tampered(paths, tmp, base):
    # The installed catalogue changed after it was installed (a failing card, a
    # meddler): its signature no longer holds. Found by the check that runs
    # after the first frame (docs/performance.md), not before the window opens.
    cat = os.path.join(base["store"], "current", "catalog.sqlite")
    with open(cat, "r+b") as f:
        f.seek(os.path.getsize(cat) // 2)
        b = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([b[0] ^ 0xFF]))
    return {}, False


def config_not_toml(paths, tmp, base):
    f = os.path.join(tmp, "broken.toml")
    with open(f, "wb") as out:
        out.write(b"[kiosk\nidle_seconds = = 90\n\xff\xfe\x00garbage\n")
    return {"--config": f}, False


def config_is_a_folder(paths, tmp, base):
    d = os.path.join(tmp, "config-folder")
    os.makedirs(d)
    return {"--config": d}, False


def printer_missing(paths, tmp, base):
    return {"--config": printer_config(tmp, "printer-missing", os.path.join(tmp, "usb", "lp0"))}, False


def printer_is_a_folder(paths, tmp, base):
    d = os.path.join(tmp, "printer-folder")
    os.makedirs(d)
    return {"--config": printer_config(tmp, "printer-folder", d)}, False


# name, setup, text in the READY STATUS= line, text on stderr, script (or None), capture the X screen
CASES = [
    ("fonts_missing", fonts_missing, "blank screen, no text can be drawn: cannot read font file",
     "madoguchi: no text can be drawn: cannot read font file", None, True),
    ("fonts_not_fonts", fonts_not_fonts, "blank screen, no text can be drawn: not a font file",
     "madoguchi: no text can be drawn: not a font file", None, True),
    ("store_unreadable", store_unreadable, "showing the \"not available\" screen: bundle store",
     "cannot be read by the kiosk's user", "shows_not_available.txt", False),
    ("bundle_unreadable", bundle_unreadable, "showing the \"not available\" screen: bundle store",
     "the installed bundle (current) cannot be read by the kiosk's user", "shows_not_available.txt", False),
    ("store_not_a_folder", store_not_a_folder, "showing the \"not available\" screen: bundle store",
     "is not a folder", "shows_not_available.txt", False),
    ("trusted_key_missing", trusted_key_missing, "showing the \"not available\" screen: trusted key ",
     "madoguchi: trusted key ", "shows_not_available.txt", False),
    ("bundle_tampered", bundle_tampered, "showing the \"not available\" screen: the installed bundle v1-",
     "the directory cannot be shown: the installed bundle v1-", "shows_not_available.txt", False),
    ("config_not_toml", config_not_toml, "showing bundle version 1 ", "not valid TOML", "shows_attract.txt", False),
    ("config_is_a_folder", config_is_a_folder, "showing bundle version 1 ", "cannot be read (Is a directory)",
     "shows_attract.txt", False),
    ("printer_missing", printer_missing, "1 problem at start, first: printer ",
     "is not there (No such file or directory): unplugged or switched off?", "print_no_printer_device.txt", False),
    ("printer_is_a_folder", printer_is_a_folder, "1 problem at start, first: printer ",
     "is a folder, not a printer device", "print_broken_printer_device.txt", False),
]


def args_for(paths, base, override):
    opts = {"--config": paths.config, "--store": base["store"], "--pubkey": paths.demo_pub, "--watch": base["inbox"],
            "--window": "800x600"}
    opts.update(override)
    out = []
    for k, v in opts.items():
        out += [k, v]
    return out


# READY=1 comes with the first frame; the store's bundle is verified after it
# (docs/performance.md), so READY's STATUS= may say it is still being checked.
CHECKING = "showing the attract screen, checking the installed bundle"


def ready_status(notify, timeout=30):
    """READY's STATUS= line or, if the kiosk was still checking its bundle then,
    the next STATUS= line (what came of the check); None without READY=1."""
    end = time.monotonic() + timeout
    while True:
        after_ready = None
        for _, m in notify.snapshot():
            lines = m.split("\n")
            if "READY=1" in lines:
                after_ready = []
            if after_ready is not None:
                after_ready += [l[len("STATUS="):] for l in lines if l.startswith("STATUS=")]
        if after_ready is None:
            return None
        done = [st for st in after_ready if not st.startswith(CHECKING)]
        if done or time.monotonic() > end:
            return done[0] if done else (after_ready[0] if after_ready else "")
        time.sleep(0.05)


def run_case(paths, c, tmp, case):
    name, setup, want_status, want_message, script, capture = case
    c.start(name)
    t0 = time.monotonic()
    work = os.path.join(tmp, name)
    os.makedirs(work)
    os.chmod(work, 0o755)
    base = {"store": os.path.join(work, "store"), "inbox": os.path.join(work, "inbox")}
    h.make_store(paths, base["store"])
    os.makedirs(base["inbox"])
    override, as_nobody = setup(paths, work, base)
    args = args_for(paths, base, override)
    shots = os.path.join(paths.out, name)
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    if as_nobody:
        uid, gid = h.nobody_ids()
        os.chown(shots, uid, gid)
    extra = ""

    # 1. The real loop under a stand-in for systemd.
    notify = h.NotifySocket(os.path.join(work, "notify.sock"))
    k = h.Kiosk(paths, work, name + "-loop", args, notify=notify, watchdog_usec=400000, as_nobody=as_nobody)
    try:
        ready = notify.wait_for("READY=1", READY_TIMEOUT, k)
        c.check(ready is not None, "no READY=1 (waited up to %d s; still running: %s); stderr:\n%s" %
                (READY_TIMEOUT, k.alive(), k.stderr()))
        status = ready_status(notify) or ""
        c.check(want_status in status, "READY's STATUS= is %r, expected it to contain %r" % (status, want_status))
        if ready is not None:
            time.sleep(0.7)
            if capture:
                shot = h.capture_screen()
                h.write_png(os.path.join(shots, "screen.png"), shot)
                w, hh, _ = shot
                centre, corner = h.pixel(shot, w // 2, hh // 2), h.pixel(shot, 2, 2)
                c.check(all(abs(a - b) <= 2 for a, b in zip(centre, CALM)),
                        "the middle of the screen is %s, not the calm background %s" % (centre, CALM))
                c.check(corner == (0, 0, 0), "the screen's corner (outside the 800x600 window) is %s, not the black root" %
                        (corner,))
                extra += "  screen.png: middle %s" % (centre,)
            p0 = time.monotonic()
            time.sleep(1.5)
            c.check(k.alive(), "the kiosk ended by itself; stderr:\n" + k.stderr())
            pings = notify.times("WATCHDOG=1", since=p0)
            c.check(len(pings) >= 5, "only %d watchdog pings in 1.5 s" % len(pings))
        err = k.stderr()
        c.check(want_message in err, "stderr lacks %r:\n%s" % (want_message, err))
        rc = k.terminate(15)
        time.sleep(0.05)
        c.check(rc == 0, "exit status %s after SIGTERM (0 expected)" % rc)
        c.check(bool(notify.times("STOPPING=1")), "no STOPPING=1 after SIGTERM")
        c.check(not h.sanitizer_problems(k.stderr()), "sanitizer report:\n" + "\n".join(h.sanitizer_problems(k.stderr())))
        c.check("madoguchi: systemd:" not in k.stderr(), "the kiosk could not notify systemd")
    finally:
        k.close()
        notify.close()

    # 2. The screen, through a short script.
    if script:
        k = h.Kiosk(paths, work, name + "-script", args + ["--script", os.path.join(HERE, script), "--screenshots", shots],
                    as_nobody=as_nobody)
        try:
            rc = k.wait(120)
            err = k.stderr()
            c.check(rc == 0 and "steps passed" in k.stdout(), "script %s: exit %s\n%s%s" % (script, rc, k.stdout(), err))
            c.check(want_message in err, "script run: stderr lacks %r" % want_message)
            c.check(not h.sanitizer_problems(err), "sanitizer report:\n" + "\n".join(h.sanitizer_problems(err)))
            extra += "  %s passed" % script
        finally:
            k.close()
    c.end(time.monotonic() - t0, extra)


def unlock(tree):
    """Gives the permissions back so the temporary folder can be removed."""
    for root, dirs, _ in os.walk(tree):
        for d in dirs:
            p = os.path.join(root, d)
            if not os.path.islink(p):
                try:
                    os.chmod(p, stat.S_IRWXU)
                except OSError:
                    pass


def main():
    paths = h.paths_from_argv(__file__, __doc__)
    if paths is None:
        return 2
    only = os.environ.get("ROBUSTNESS_ONLY", "")
    c = h.Checks()
    tmp = tempfile.mkdtemp(prefix="madoguchi-broken-start.")
    os.chmod(tmp, 0o755)  # a kiosk run as nobody reaches its files here
    os.makedirs(paths.out, exist_ok=True)
    if not ROOT:
        print("(not root: permission cases take permissions away with chmod instead of running as nobody)")
    try:
        for case in CASES:
            if only and case[0] != only:
                continue
            if not ROOT and case[0] in ("store_unreadable", "bundle_unreadable") and os.access("/", os.W_OK):
                print("SKIP  %-26s (this user can read anything)" % case[0])
                continue
            run_case(paths, c, tmp, case)
    finally:
        try:
            os.chmod(tmp, 0o700)
        except OSError:
            pass
        unlock(tmp)
        shutil.rmtree(tmp, ignore_errors=True)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
