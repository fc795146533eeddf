#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""boot_test.py — the installed package boots into the kiosk under cage.

ctest `deploy_boot_cage` (tests/CMakeLists.txt), after `package_deb`, which
leaves the package installed in a throw-away root (scripts/package.sh). This
test does there what docs/deploy.md tells a pharmacy to do, then starts the
kiosk exactly as assets/systemd/madoguchi-cage.service would, and checks what
systemd would see and what the screen shows.

    boot_test.py ROOT OUT_DIR          (as root: mount namespaces, chroot)

What is real and what stands in (no systemd as PID 1 here, no screen, no GPU):
  - The root: the machine's own file system with the installed package laid
    over it (overlayfs with only lower layers), READ-ONLY, as on a kiosk with a
    read-only root; only /var/lib/madoguchi is writable (bound from ROOT), a
    fresh tmpfs is /run and /tmp (PrivateTmp=). All in a private mount
    namespace: nothing of this machine changes.
  - The command line, the user, the Environment= lines: read from the
    installed unit file, run with chroot + setpriv as the user madoguchi.
  - systemd: a unix datagram socket as NOTIFY_SOCKET, WATCHDOG_PID = cage's
    pid (as systemd sets it for the main process), WATCHDOG_USEC = 1 s instead
    of the unit's 60 s so that the test is quick (what a drop-in would do).
  - logind (PAMName=): not here. pam_systemd would make /run/user/<uid>; the
    test makes it. Whether cage gets the DRM device and the touch screen
    through logind is for a real machine (docs/deploy.md says how to look).
  - The screen: wlroots' headless backend with the pixman renderer, two
    outputs. Why two: a window exactly the size of one output is handed to the
    output directly (no composition), which the headless backend refuses here
    — the screen stays black; across two outputs cage composes, and grim (the
    Wayland screenshot tool) sees what a visitor would.

Checks: READY=1 comes from the kiosk (cage's child), and a STATUS= naming the
installed bundle (with READY or just after, once it is verified); watchdog pings arrive every half interval, and stop while
the kiosk is frozen (SIGSTOP) — they are the kiosk's, not cage's; the screen
shows the attract screen (grim; saved as OUT_DIR/cage-attract.png); the fleet
status file appears in the store; nothing can be written on the root; the
kiosk ending (SIGTERM) ends cage, so that Restart=always brings back both.
"""

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "robustness"))
from kiosk_harness import NotifySocket, pixel, write_png  # noqa: E402

failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def unit_settings(path):
    """[Service]/[Unit] key → list of values, as systemd reads a unit file
    (comments and continuation lines are not used in ours)."""
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line[0] in "#;[" or "=" not in line:
            continue
        key, value = line.split("=", 1)
        out.setdefault(key, []).append(value)
    return out


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (grim -t ppm), the shot format
    of kiosk_harness (pixel(), write_png())."""
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # P6, width, height, maxval: whitespace-separated, then one byte
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6" and fields[3] == b"255", "not an 8-bit binary PPM"
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    root, out_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if os.geteuid() != 0:
        print("boot_test.py: needs root (mount namespace, overlayfs, chroot); CI runs as root", file=sys.stderr)
        return 1
    for tool in ("cage", "grim", "unshare", "nsenter", "setpriv", "Xwayland"):
        if not shutil.which(tool):
            print(f"boot_test.py: {tool} is missing (scripts/lib/deps.sh TEST_PACKAGES installs it)", file=sys.stderr)
            return 1
    os.makedirs(out_dir, exist_ok=True)
    unit_path = os.path.join(root, "usr/lib/systemd/system/madoguchi-cage.service")
    unit = unit_settings(unit_path)

    # --- the unit: what boots the kiosk -------------------------------------------------
    check(unit.get("Type") == ["notify"] and unit.get("NotifyAccess") == ["all"],
          "unit: Type=notify with NotifyAccess=all (READY=1 and pings come from cage's child)")
    check(unit.get("Restart") == ["always"] and unit.get("StartLimitIntervalSec") == ["0"],
          "unit: Restart=always, never gives up")
    check(unit.get("User") == ["madoguchi"], "unit: runs as the user madoguchi")
    check("getty@tty1.service" in unit.get("Conflicts", []), "unit: no login prompt on the kiosk's console")
    check(unit.get("ProtectSystem") == ["strict"], "unit: ProtectSystem=strict")
    exec_start = shlex.split(unit["ExecStart"][0])
    check(exec_start[0] == "/usr/bin/cage" and "-s" not in exec_start[:exec_start.index("--")],
          "unit: cage without -s (no console switching)")
    check("--watchdog-for-parent" in exec_start, "unit: the kiosk pings the watchdog for cage")
    env_lines = [kv for line in unit.get("Environment", []) for kv in shlex.split(line)]

    # --- what a pharmacy does after installing (docs/deploy.md) ------------------------
    uid = gid = None
    for line in open(os.path.join(root, "etc/passwd")):
        f = line.split(":")
        if f[0] == "madoguchi":
            uid, gid = int(f[2]), int(f[3])
    if not check(uid is not None, "the package made the user madoguchi"):
        return 1
    store = os.path.join(root, "var/lib/madoguchi")
    bundle_tool = os.path.join(root, "usr/bin/madoguchi-bundle")
    r = subprocess.run([bundle_tool, "install", os.path.join(root, "usr/share/madoguchi/japan.bundle"), "--store", store,
                        "--pubkey", os.path.join(root, "usr/share/madoguchi/demo.pub")], capture_output=True, text=True)
    # (On a second run of this test it is there already: refused as not newer.)
    check(r.returncode == 0 or "is not newer than version 1" in r.stderr,
          f"first step: the packaged directory is installed {r.stderr.strip()[-200:]}")
    for dirpath, dirnames, filenames in os.walk(store):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)
    os.chown(store, uid, gid)
    os.chown(os.path.join(store, "inbox"), 0, 0)
    config = os.path.join(root, "etc/madoguchi/madoguchi.toml")
    text = open(config, encoding="utf-8").read()
    text = text.replace('trusted_keys = ["/etc/madoguchi/publisher.pub"]', 'trusted_keys = ["/usr/share/madoguchi/demo.pub"]')
    text = text.replace("prefecture = 0\n", "prefecture = 27\n", 1)
    # The glass: here the two headless outputs side by side, as two 24" screens would be.
    text = text.replace("width_mm = 527\n", "width_mm = 1054\n", 1)
    open(config, "w", encoding="utf-8").write(text)
    check('"/usr/share/madoguchi/demo.pub"' in text and "prefecture = 27" in text and "width_mm = 1054" in text,
          "second step: the config names the trusted key, the prefecture and the screen's size")
    status_file = os.path.join(store, "status/status.json")
    if os.path.exists(status_file):
        os.unlink(status_file)

    # --- boot it --------------------------------------------------------------------------
    work = tempfile.mkdtemp(prefix="madoguchi-boot-")
    os.chmod(work, 0o755)
    notify = NotifySocket(os.path.join(work, "notify"))
    stderr_path = os.path.join(work, "journal.txt")
    env = ["HOME=/nonexistent", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", f"XDG_RUNTIME_DIR=/run/user/{uid}",
           "NOTIFY_SOCKET=/run/boot-test/notify", "WATCHDOG_USEC=1000000",
           # test only: no screen, no GPU (see the top of this file)
           "WLR_BACKENDS=headless", "WLR_RENDERER=pixman", "WLR_LIBINPUT_NO_DEVICES=1", "WLR_HEADLESS_OUTPUTS=2"] + env_lines
    os.mkdir(os.path.join(work, "shots"))
    os.chown(os.path.join(work, "shots"), uid, gid)
    newroot = os.path.join(work, "root")
    os.mkdir(newroot)
    script = f"""
set -e
mount --make-rprivate /
# The root: the package laid over the machine's /usr, /etc and /var (overlayfs
# with lower layers only, so read-only; the package's tree and the machine's
# must not contain each other, hence one overlay per folder, not one over /).
mount -t tmpfs -o mode=0755 tmpfs {newroot}
cd {newroot}
mkdir usr etc var dev proc sys run tmp media
for l in bin lib lib32 lib64 sbin; do [ -L /$l ] && ln -s "$(readlink /$l)" $l; done
for d in usr etc var; do mount -t overlay overlay -o lowerdir={shlex.quote(root)}/$d:/$d {newroot}/$d; done
mount --rbind /dev {newroot}/dev
mount --rbind /sys {newroot}/sys
mount -t proc proc {newroot}/proc
mount -t tmpfs -o mode=0755 tmpfs {newroot}/run
mount -t tmpfs -o mode=1777 tmpfs {newroot}/tmp
# The one writable place (StateDirectory=): the store.
mount --bind {shlex.quote(store)} {newroot}/var/lib/madoguchi
mkdir -p -m 0700 {newroot}/run/user/{uid} {newroot}/run/boot-test
chown {uid}:{gid} {newroot}/run/user/{uid}
mount --bind {work} {newroot}/run/boot-test
mount -o remount,ro {newroot}
cd /
# WATCHDOG_PID: this shell's pid, which exec makes cage's, as systemd's main process.
exec chroot {newroot} setpriv --reuid={uid} --regid={gid} --init-groups \\
     env -i {' '.join(shlex.quote(e) for e in env)} WATCHDOG_PID=$$ {' '.join(shlex.quote(a) for a in exec_start)}
"""
    started = time.monotonic()
    cage = subprocess.Popen(["unshare", "--mount", "--", "bash", "-c", script], stdout=open(stderr_path, "w"),
                            stderr=subprocess.STDOUT)
    # unshare execs bash, bash execs chroot → setpriv → env → cage: one pid throughout.
    try:
        ready = None
        while time.monotonic() - started < 90 and cage.poll() is None:
            t = notify.times("READY=1")
            if t:
                ready = t[0]
                break
            time.sleep(0.1)
        if not check(ready is not None, f"READY=1 from the kiosk under cage ({time.monotonic() - started:.1f} s)"):
            raise RuntimeError("no READY=1")
        # READY=1 comes with the first frame; the bundle is verified after it
        # (docs/performance.md), and STATUS= names it once it is shown.
        for _ in range(100):
            statuses = notify.values("STATUS")
            if any("version 1" in s for s in statuses):
                break
            time.sleep(0.1)
        check(any("version 1" in s for s in statuses), f"STATUS= names the installed bundle: {statuses[-1] if statuses else ''!r}")

        kiosk_pid = None
        for _ in range(50):
            try:
                kids = open(f"/proc/{cage.pid}/task/{cage.pid}/children").read().split()
            except OSError:
                kids = []
            for k in kids:
                if open(f"/proc/{k}/comm").read().strip() == "madoguchi":
                    kiosk_pid = int(k)
            if kiosk_pid:
                break
            time.sleep(0.1)
        check(open(f"/proc/{cage.pid}/comm").read().strip() == "cage", "the unit's main process is cage")
        check(kiosk_pid is not None, "the kiosk is cage's child")
        check(os.stat(f"/proc/{kiosk_pid}").st_uid == uid, "the kiosk runs as the user madoguchi")

        # Watchdog: every 0.5 s while it runs; none while the kiosk (not cage) is frozen.
        time.sleep(2.2)
        now = time.monotonic()
        pings = notify.times("WATCHDOG=1", now - 2.0, now)
        check(len(pings) >= 3, f"watchdog pings while idle: {len(pings)} in 2 s (WATCHDOG_USEC=1 s)")
        os.kill(kiosk_pid, signal.SIGSTOP)
        time.sleep(0.2)
        frozen_at = time.monotonic()
        time.sleep(2.0)
        frozen = notify.times("WATCHDOG=1", frozen_at, time.monotonic())
        os.kill(kiosk_pid, signal.SIGCONT)
        check(not frozen and cage.poll() is None,
              "no pings while the kiosk is frozen and cage runs on: systemd's watchdog would restart the unit")
        time.sleep(1.5)
        check(len(notify.times("WATCHDOG=1", time.monotonic() - 1.2, time.monotonic())) >= 1, "pings again after SIGCONT")

        # What the screen shows (grim, as the user madoguchi, inside the kiosk's namespace).
        shot_path = os.path.join(work, "shots", "shot.ppm")
        r = subprocess.run(["nsenter", f"--target={cage.pid}", "--mount", "--root", "--wd=/",
                            "setpriv", f"--reuid={uid}", f"--regid={gid}", "--init-groups",
                            "env", f"XDG_RUNTIME_DIR=/run/user/{uid}", "WAYLAND_DISPLAY=wayland-0",
                            "grim", "-t", "ppm", "/run/boot-test/shots/shot.ppm"], capture_output=True, text=True)
        if check(r.returncode == 0 and os.path.exists(shot_path), f"grim took the screen {r.stderr.strip()}"):
            shot = read_ppm(shot_path)
            write_png(os.path.join(out_dir, "cage-attract.png"), shot)
            w, h, _ = shot
            check((w, h) == (2560, 720), f"the screen is both outputs, {w}x{h}")
            bg = pixel(shot, 0, h // 2)  # the left edge, mid-height: background
            total = dark = other = 0
            for y in range(0, h, 4):
                for x in range(0, w, 4):
                    p = pixel(shot, x, y)
                    total += 1
                    if sum(p) < 200:
                        dark += 1
                    if max(abs(p[i] - bg[i]) for i in range(3)) > 24:
                        other += 1
            check(sum(bg) > 600, f"the background is the kiosk's light one, not black: {tuple(bg)}")
            check(dark > total * 0.0005 and total * 0.01 < other < total * 0.5,
                  f"text and buttons on it: {100 * dark / total:.1f} % dark, {100 * other / total:.1f} % not background")

        # Root read-only; the store writable; the fleet status file written there.
        r = subprocess.run(["nsenter", f"--target={cage.pid}", "--mount", "--root", "touch", "/usr/share/madoguchi/x"],
                           capture_output=True, text=True)
        check(r.returncode != 0 and "Read-only" in r.stderr, "the root is read-only for the kiosk")
        for _ in range(50):
            if os.path.exists(status_file):
                break
            time.sleep(0.1)
        if check(os.path.exists(status_file), "the kiosk wrote its fleet status file on the read-only root (docs/fleet.md)"):
            text = open(status_file, encoding="utf-8").read()
            check('"version": 1' in text, "the status file names version 1")

        # The kiosk ends (a crash, or the window closed): cage ends with it, so that
        # systemd's Restart=always starts both again.
        os.kill(kiosk_pid, signal.SIGTERM)
        try:
            code = cage.wait(timeout=30)
        except subprocess.TimeoutExpired:
            code = None
        check(code is not None, f"cage ended when the kiosk ended (exit status {code})")
        check(bool(notify.times("STOPPING=1")), "STOPPING=1 from the kiosk on SIGTERM")
    except RuntimeError:
        pass
    finally:
        if cage.poll() is None:
            cage.kill()
            cage.wait()
        notify.stop = True
    journal = open(stderr_path, encoding="utf-8", errors="replace").read()
    shutil.copy(stderr_path, os.path.join(out_dir, "journal.txt"))
    check("landlock" in journal and "/var/lib/madoguchi" in journal,
          "the kiosk's hardening allows writes only to the store (journal)")
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("\n--- what the kiosk and cage printed (journal) ---\n" + journal[-4000:])
        print(f"{len(failures)} failed")
        return 1
    print(f"boot_test.py: the package boots into the kiosk under cage; screenshot {out_dir}/cage-attract.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
