# SPDX-License-Identifier: Apache-2.0
"""fleet_delivery_test.py — bundles delivered to the real kiosk's inbox by the
tools a fleet admin already has, and the kiosk's status file carried back
(docs/fleet.md). Python standard library only; the kiosk is started by
tests/robustness/kiosk_harness.py under its own Xvfb.

    fleet_delivery_test.py MADOGUCHI MADOGUCHI_BUNDLE REPO BUILD OUT_DIR

Every case starts a kiosk with the sample bundle (version 1) installed, its own
store, inbox and status file (`--status`, [fleet] status_interval_seconds = 10),
delivers the sample re-signed as version 2 through one tool, and checks that
the kiosk installed it: the status file says so (at the next beat), the store's
admin.log has the line, nothing was refused (a half-delivered file under the
tool's temporary name was never taken). The cases:

  rsync_ssh   a real Dropbear server on 127.0.0.1 (own host key, a child of this
              test; its ~/.ssh/authorized_keys, in OpenSSH's syntax, from a home
              bind-mounted over root's in a private mount namespace), real OpenSSH
              `rsync -e ssh` with a key forced to `rrsync -wo INBOX`;
              a slowed transfer, so rsync's temporary `.v2.bundle.XXXXXX` is seen
              in the inbox while the kiosk still shows v1; the status file pulled
              back with a second key forced to `rrsync -ro STATUS`; then an older
              bundle delivered the same way is refused and the status file says so.
  syncthing   two real Syncthing instances on 127.0.0.1 (own homes, no discovery,
              no relays): the admin's "sendonly" folder → the kiosk's inbox as
              "receiveonly" (receiving slowed, so `.syncthing.v2.bundle.tmp` is
              there for a while); the kiosk's status folder "sendonly" → the
              admin's "receiveonly".
  mender      a real Mender artifact (scripts/fleet/make-mender-artifact.sh,
              mender-artifact) installed by the real `mender install` in standalone
              mode with Debian's single-file update module, into the inbox. Mender
              wants /etc/mender/artifact_info: a copy is bind-mounted there in a
              private mount namespace of its own (root only), nothing on this
              machine is changed.
  rauc        a real RAUC bundle (scripts/fleet/make-rauc-bundle.sh, throw-away
              openssl certificate) checked with `rauc info --keyring` (and refused
              with another keyring), its content taken out with `rauc extract`,
              and its slot hook run as RAUC runs it (RAUC_IMAGE_NAME, slot-install).
              No `rauc install`: that needs a RAUC service and a slot on a device.

Needs root (Dropbear as a child, mount namespaces). A tool that is not installed
fails its case with the package to install (scripts/lib/deps.sh TEST_PACKAGES).
"""

import json
import os
import pwd
import re
import shutil
import threading
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "robustness"))
import kiosk_harness as H  # noqa: E402

INTERVAL = 10  # [fleet] status_interval_seconds in the kiosks' config (its minimum)
STATUS_KEYS = {"format", "software", "kiosk_id", "hostname", "written_at", "store", "installed", "previous",
               "rollback_available", "version_floor", "last_attempt", "problems"}


def run(cmd, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.STDOUT)
    kw.setdefault("text", True)
    return subprocess.run(cmd, **kw)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def wait_for(pred, timeout, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return None


def version_of(status):
    return status and status.get("installed") and status["installed"].get("version")


class Case:
    """One kiosk with v1 installed, its inbox and status folder, under `root`."""

    def __init__(self, paths, root, name):
        self.root = os.path.join(root, name)
        os.makedirs(self.root)
        self.store = os.path.join(self.root, "store")
        self.inbox = os.path.join(self.root, "inbox")
        self.status_dir = os.path.join(self.root, "status")
        self.status_file = os.path.join(self.status_dir, "status.json")
        os.makedirs(self.inbox)
        H.make_store(paths, self.store)
        config = os.path.join(self.root, "madoguchi.toml")
        with open(paths.config, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("status_interval_seconds = 900", "status_interval_seconds = %d" % INTERVAL)
        text = text.replace('kiosk_id = ""', 'kiosk_id = "fleet-test-%s"' % name)
        with open(config, "w", encoding="utf-8") as f:
            f.write(text)
        self.kiosk = H.Kiosk(paths, self.root, "kiosk", ["--config", config, "--store", self.store, "--pubkey", paths.demo_pub,
                                                         "--watch", self.inbox, "--status", self.status_file,
                                                         "--window", "1280x800"])

    def status(self):
        return read_json(self.status_file)

    def admin_log(self):
        try:
            with open(os.path.join(self.store, "admin.log"), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def close(self, checks):
        rc = self.kiosk.terminate(20)
        checks.check(rc == 0, "the kiosk ends with 0 on SIGTERM (got %r)" % rc)
        problems = H.sanitizer_problems(self.kiosk.stderr())
        checks.check(not problems, "no sanitizer report: %s" % problems[:3])
        self.kiosk.close()


def check_started(case, checks):
    """The status file written at start: v1, nothing delivered yet, admin facts only."""
    st = wait_for(lambda: (lambda s: s if version_of(s) == 1 else None)(case.status()), 60)
    if not checks.check(st is not None, "the kiosk writes its status file at start with version 1 (stderr: %s)"
                        % case.kiosk.stderr()[-600:]):
        return False
    checks.check(set(st.keys()) == STATUS_KEYS, "the status file has exactly the documented keys: %s" % sorted(st.keys()))
    checks.check(st["last_attempt"] is None, "nothing delivered yet: last_attempt is null")
    checks.check(st["installed"]["demo_key"] is True and st["installed"]["publisher"] == "madoguchi sample data",
                 "installed bundle facts (publisher, demo key)")
    checks.check(st["kiosk_id"].startswith("fleet-test-") and st["software"].startswith("madoguchi "), "kiosk id and software")
    mode = os.stat(case.status_file).st_mode & 0o777
    checks.check(mode == 0o644, "status file mode 0644 (got %o)" % mode)
    return True


def check_installed_v2(case, checks, status_path=None):
    """The status file (the kiosk's, or a copy carried back) says v2 installed from the inbox."""
    path = status_path or case.status_file

    def done():
        s = read_json(path)
        return s if version_of(s) == 2 and s["last_attempt"] and s["last_attempt"]["outcome"] == "installed" else None
    st = wait_for(done, INTERVAL + 30)
    checks.check(st is not None, "%s says version 2 installed (got %s)" % (path, json.dumps(read_json(path))[:400]))
    if st:
        checks.check(st["previous"]["version"] == 1 and st["rollback_available"] and st["version_floor"] == 2,
                     "previous v1, rollback available, floor 2")
        checks.check(st["last_attempt"]["file"].startswith(case.inbox + "/") and
                     st["last_attempt"]["file"].endswith(".bundle"), "the file installed is the final name in the inbox: %s"
                     % st["last_attempt"]["file"])
    log = case.admin_log()
    checks.check("installed version 2 from madoguchi sample data" in log, "admin.log: installed version 2")
    checks.check("refused" not in log, "nothing refused (no temporary name was taken): %s" %
                 [l for l in log.splitlines() if "refused" in l][:3])


def watch_names(folder, prefix, seen, stop):
    """Collects names starting with `prefix` seen in `folder` until stop() is true."""
    while not stop():
        try:
            for n in os.listdir(folder):
                if n.startswith(prefix):
                    seen.add(n)
        except OSError:
            pass
        time.sleep(0.02)


# --- rsync over ssh ---------------------------------------------------------------

def case_rsync_ssh(paths, root, files, checks):
    for tool in ("rsync", "rrsync", "ssh", "ssh-keygen", "/usr/sbin/dropbear", "dropbearkey", "unshare"):
        if not checks.check(shutil.which(tool), "%s is installed (Debian: rsync, openssh-client, dropbear-bin)" % tool):
            return
    case = Case(paths, root, "rsync_ssh")
    server = None
    try:
        if not check_started(case, checks):
            return
        d = os.path.join(case.root, "ssh")
        os.makedirs(d)
        os.chmod(d, 0o700)
        # The admin's side is OpenSSH (keys by ssh-keygen, `rsync -e ssh`); the kiosk's
        # side is Dropbear, a child of this test, with a throw-away host key.
        for k in ("push", "pull"):
            run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(d, k)], check=True)
        run(["dropbearkey", "-t", "ed25519", "-f", os.path.join(d, "host")], check=True)
        r = run(["dropbearkey", "-y", "-f", os.path.join(d, "host")], check=True)
        host_pub = [l for l in r.stdout.splitlines() if l.startswith("ssh-ed25519 ")][0].rsplit(" ", 1)[0]
        pub = lambda k: open(os.path.join(d, k + ".pub")).read().strip()  # noqa: E731
        # Dropbear reads ~/.ssh/authorized_keys of the user logging in (root), nothing
        # else: the test's own home is bind-mounted over root's in a private mount
        # namespace that only the server and its sessions see (nothing on this machine
        # is changed). Home, .ssh and the file: root's, not writable by others.
        home = os.path.join(d, "home")
        os.makedirs(os.path.join(home, ".ssh"))
        os.chmod(home, 0o700)
        os.chmod(os.path.join(home, ".ssh"), 0o700)
        # The restricted keys of docs/fleet.md (OpenSSH's syntax, which Dropbear reads):
        # one may only write into the inbox, the other only read the status folder.
        with open(os.path.join(home, ".ssh", "authorized_keys"), "w") as f:
            f.write('command="rrsync -wo %s",restrict %s\n' % (case.inbox, pub("push")))
            f.write('command="rrsync -ro %s",restrict %s\n' % (case.status_dir, pub("pull")))
        os.chmod(os.path.join(home, ".ssh", "authorized_keys"), 0o600)
        port = free_port()
        with open(os.path.join(d, "known_hosts"), "w") as f:
            f.write("[127.0.0.1]:%d %s\n" % (port, host_pub))
        # -F -E: foreground, log to stderr; -s: no password logins; -j -k: no port
        # forwarding; -P: its pid file here, not in /var/run.
        dropbear = ["/usr/sbin/dropbear", "-F", "-E", "-s", "-j", "-k", "-p", "127.0.0.1:%d" % port,
                    "-r", os.path.join(d, "host"), "-P", os.path.join(d, "dropbear.pid")]
        server = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c",
                                   'mount --bind "$1" "$2" && shift 2 && exec "$@"', "sh",
                                   home, pwd.getpwuid(0).pw_dir] + dropbear,
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(d, "dropbear.log"), "w"))

        def ssh_cmd(key):
            return "ssh -p %d -i %s -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes" % (
                port, os.path.join(d, key), os.path.join(d, "known_hosts"))
        if not checks.check(wait_for(lambda: server.poll() is None and _can_connect(port), 10),
                            "dropbear listens on 127.0.0.1:%d (log: %s)" % (port, _tail(os.path.join(d, "dropbear.log")))):
            return
        # Slowed (--bwlimit KiB/s) so that rsync's temporary file lies in the inbox for a while.
        seen, stop = set(), []
        watcher = threading.Thread(target=watch_names, args=(case.inbox, ".v2.bundle.", seen, lambda: stop))
        watcher.start()
        t0 = time.monotonic()
        r = run(["rsync", "-e", ssh_cmd("push"), "--bwlimit=150", files["v2"], "root@127.0.0.1:"])
        stop.append(1)
        watcher.join()
        checks.check(r.returncode == 0, "rsync -e ssh into the inbox: %s (dropbear: %s)"
                     % (r.stdout[-400:], _tail(os.path.join(d, "dropbear.log"))))
        checks.check(seen, "rsync's temporary file (.v2.bundle.XXXXXX) was in the inbox during the %.1f s transfer"
                     % (time.monotonic() - t0))
        check_installed_v2(case, checks)
        # The restricted key cannot read, nor write outside the inbox.
        r = run(["rsync", "-e", ssh_cmd("push"), "root@127.0.0.1:v2.bundle", os.path.join(d, "stolen")])
        checks.check(r.returncode != 0, "the push key cannot read from the inbox (rrsync -wo)")
        # An admin pulls the status file back (the pull key only reads the status folder).
        back = os.path.join(case.root, "pulled")
        os.makedirs(back)
        r = run(["rsync", "-e", ssh_cmd("pull"), "root@127.0.0.1:status.json", back + "/"])
        checks.check(r.returncode == 0, "rsync pulls status.json back: %s" % r.stdout[-400:])
        pulled = read_json(os.path.join(back, "status.json"))
        checks.check(version_of(pulled) == 2, "the pulled status file says version 2")
        r = run(["rsync", "-e", ssh_cmd("pull"), os.path.join(d, "known_hosts"), "root@127.0.0.1:"])
        checks.check(r.returncode != 0, "the pull key cannot write (rrsync -ro)")
        # Whatever the tool delivers, an older bundle is refused, and the status file says so at once.
        r = run(["rsync", "-e", ssh_cmd("push"), files["v1"], "root@127.0.0.1:old.bundle"])
        checks.check(r.returncode == 0, "rsync delivers an older bundle")
        st = wait_for(lambda: (lambda s: s if s and s["last_attempt"] and s["last_attempt"]["outcome"] == "refused" else None)(
            case.status()), 20)
        checks.check(st is not None and version_of(st) == 2 and "old.bundle" in st["last_attempt"]["file"] and
                     "not newer" in st["last_attempt"]["message"],
                     "the older bundle is refused, v2 stays, the status file says why: %s" % (st and st["last_attempt"]))
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        case.close(checks)


def _tail(path, n=600):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()[-n:]
    except OSError:
        return ""


def _can_connect(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.5).close()
        return True
    except OSError:
        return False


# --- Syncthing -------------------------------------------------------------------------

def syncthing_home(root, name, env):
    home = os.path.join(root, name)
    r = run(["syncthing", "generate", "--home=" + home, "--no-default-folder", "--skip-port-probing"], env=env)
    dev = [l.split("Device ID:")[1].strip() for l in r.stdout.splitlines() if "Device ID:" in l]
    if r.returncode != 0 or not dev:
        raise RuntimeError("syncthing generate failed: " + r.stdout[-400:])
    return home, dev[0]


def syncthing_config(home, me, peer, peer_name, listen, peer_listen, gui, folders, recv_kbps=0):
    """Loopback only: no discovery, relays, NAT, usage or crash reports, upgrades."""
    path = os.path.join(home, "config.xml")
    tree = ET.parse(path)
    cfg = tree.getroot()
    for f in cfg.findall("folder"):
        cfg.remove(f)
    cfg.find("gui").find("address").text = "127.0.0.1:%d" % gui
    apikey = cfg.find("gui").find("apikey").text
    o = cfg.find("options")
    for k, v in {"listenAddress": "tcp://127.0.0.1:%d" % listen, "globalAnnounceEnabled": "false",
                 "localAnnounceEnabled": "false", "relaysEnabled": "false", "natEnabled": "false",
                 "startBrowser": "false", "urAccepted": "-1", "autoUpgradeIntervalH": "0",
                 "crashReportingEnabled": "false", "reconnectionIntervalS": "1", "maxRecvKbps": str(recv_kbps),
                 "limitBandwidthInLan": "true" if recv_kbps else "false"}.items():
        e = o.find(k)
        if e is None:
            e = ET.SubElement(o, k)
        e.text = v
    dev = ET.SubElement(cfg, "device", {"id": peer, "name": peer_name, "compression": "metadata"})
    ET.SubElement(dev, "address").text = "tcp://127.0.0.1:%d" % peer_listen
    for fid, fpath, ftype in folders:
        os.makedirs(os.path.join(fpath, ".stfolder"), exist_ok=True)
        f = ET.Element("folder", {"id": fid, "label": fid, "path": fpath, "type": ftype, "rescanIntervalS": "60",
                                  "fsWatcherEnabled": "true", "fsWatcherDelayS": "1"})
        ET.SubElement(f, "device", {"id": me})
        ET.SubElement(f, "device", {"id": peer})
        cfg.insert(0, f)
    tree.write(path)
    return apikey


def case_syncthing(paths, root, files, checks):
    if not checks.check(shutil.which("syncthing"), "syncthing is there (Debian: syncthing, unpacked by scripts/test.sh)"):
        return
    case = Case(paths, root, "syncthing")
    procs = []
    try:
        if not check_started(case, checks):
            return
        d = os.path.join(case.root, "st")
        env = dict(os.environ, STNOUPGRADE="1", STNODEFAULTFOLDER="1", HOME=d)
        admin_home, admin_id = syncthing_home(d, "admin", env)
        kiosk_home, kiosk_id = syncthing_home(d, "kiosk", env)
        outbox = os.path.join(d, "admin-outbox")        # what the admin publishes
        status_back = os.path.join(d, "admin-status")   # what the admin receives
        # The kiosk's status folder: its own temporary name is not worth sending.
        with open(os.path.join(case.status_dir, ".stignore"), "w") as f:
            f.write("(?d).*.tmp\n")
        pa, pk, ga, gk = free_port(), free_port(), free_port(), free_port()
        key_a = syncthing_config(admin_home, admin_id, kiosk_id, "kiosk", pa, pk, ga,
                                 [("madoguchi-bundles", outbox, "sendonly"), ("madoguchi-status", status_back, "receiveonly")])
        syncthing_config(kiosk_home, kiosk_id, admin_id, "admin", pk, pa, gk,
                         [("madoguchi-bundles", case.inbox, "receiveonly"), ("madoguchi-status", case.status_dir, "sendonly")],
                         recv_kbps=150)
        for name, home in (("admin", admin_home), ("kiosk", kiosk_home)):
            procs.append(subprocess.Popen(["syncthing", "serve", "--home=" + home, "--no-browser", "--no-restart",
                                           "--logflags=0"], env=env, stdout=open(os.path.join(d, name + ".log"), "w"),
                                          stderr=subprocess.STDOUT))
        # The status folder arrives at the admin's side: v1 first (the kiosk wrote it at start).
        got = wait_for(lambda: version_of(read_json(os.path.join(status_back, "status.json"))) == 1, 60, 0.2)
        checks.check(got, "Syncthing carries the kiosk's status file (v1) to the admin (sendonly → receiveonly)")
        seen, stop = set(), []
        watcher = threading.Thread(target=watch_names, args=(case.inbox, ".syncthing.", seen, lambda: stop))
        watcher.start()
        shutil.copyfile(files["v2"], os.path.join(outbox, ".v2.bundle.copying"))
        os.rename(os.path.join(outbox, ".v2.bundle.copying"), os.path.join(outbox, "v2.bundle"))
        try:  # the watcher notices by itself; a scan request only saves its delay
            req = urllib.request.Request("http://127.0.0.1:%d/rest/db/scan?folder=madoguchi-bundles" % ga, method="POST",
                                         headers={"X-API-Key": key_a})
            urllib.request.urlopen(req, timeout=5).read()
        except OSError:
            pass
        arrived = wait_for(lambda: os.path.exists(os.path.join(case.inbox, "v2.bundle")), 60, 0.1)
        stop.append(1)
        watcher.join()
        checks.check(arrived, "Syncthing delivers v2.bundle into the kiosk's receive-only inbox")
        print("    syncthing's temporary names seen in the inbox: %s" % (sorted(seen) or "none (the transfer was quicker than the poll)"),
              flush=True)
        check_installed_v2(case, checks)
        back = wait_for(lambda: (lambda s: s if version_of(s) == 2 and s["last_attempt"] else None)(
            read_json(os.path.join(status_back, "status.json"))), 60, 0.2)
        checks.check(back, "the admin receives the status file saying version 2")
        checks.check(not any(n.startswith(".status.json") for n in os.listdir(status_back)),
                     "the kiosk's temporary status name is not sent")
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        case.close(checks)


# --- Mender -----------------------------------------------------------------------------

def tools_root(paths):
    return os.path.join(paths.build, "test-tools", "root")


def case_mender(paths, root, files, checks):
    module = "/usr/share/mender/modules/v3/single-file"
    # Mender looks for its modules in /usr/share/mender whatever its config says
    # (seen with 3.4): an unpacked one is laid over /usr/share below.
    share_overlay = ""
    if os.path.isfile(tools_root(paths) + module):
        share_overlay = "mount -t overlay overlay -o lowerdir=%s/usr/share:/usr/share /usr/share && " % tools_root(paths)
    for tool in ("mender", "mender-artifact", "unshare"):
        if not checks.check(shutil.which(tool), "%s is there (Debian: mender-client unpacked by scripts/test.sh, mender-artifact)" % tool):
            return
    if not checks.check(share_overlay or os.path.isfile(module), "Debian's single-file update module at " + module):
        return
    case = Case(paths, root, "mender")
    try:
        if not check_started(case, checks):
            return
        d = os.path.join(case.root, "mender")
        os.makedirs(os.path.join(d, "data"))
        os.makedirs(os.path.join(d, "etc", "mender"))
        art = os.path.join(d, "v2.mender")
        r = run(["bash", os.path.join(paths.repo, "scripts", "fleet", "make-mender-artifact.sh"), files["v2"], art,
                 "madoguchi-kiosk", case.inbox])
        if not checks.check(r.returncode == 0, "make-mender-artifact.sh: %s" % r.stdout[-400:]):
            return
        r = run(["mender-artifact", "read", art])
        checks.check("madoguchi-data-v2" in r.stdout and "single-file" in r.stdout, "mender-artifact read: name and type")
        with open(os.path.join(d, "data", "device_type"), "w") as f:
            f.write("device_type=madoguchi-kiosk\n")
        with open(os.path.join(d, "etc", "mender", "artifact_info"), "w") as f:
            f.write("artifact_name=madoguchi-data-v1\n")
        with open(os.path.join(d, "mender.conf"), "w") as f:
            json.dump({"DeviceTypeFile": os.path.join(d, "data", "device_type"), "ModulesPath": os.path.dirname(module),
                       "ModulesWorkPath": os.path.join(d, "work")}, f)
        mender = "mender --config %s --fallback-config %s --data %s --no-syslog" % (
            os.path.join(d, "mender.conf"), os.path.join(d, "none.conf"), os.path.join(d, "data"))
        # Mender reads /etc/mender/artifact_info before its first install: ours is
        # laid over /etc (overlayfs, read-only, so /etc/mender need not exist on this
        # machine) in a mount namespace that ends with the command.
        sh = "mount -t overlay overlay -o lowerdir=%s:/etc /etc && %s%s install %s && %s commit && %s show-artifact" % (
            os.path.join(d, "etc"), share_overlay, mender, art, mender, mender)
        r = run(["unshare", "-m", "--propagation", "private", "sh", "-c", sh], cwd=d)
        checks.check(r.returncode == 0 and r.stdout.rstrip().endswith("madoguchi-data-v2"),
                     "mender install + commit (standalone, single-file module): %s" % r.stdout[-600:])
        checks.check(not any(n.endswith(".tmp") for n in os.listdir(case.inbox)), "no temporary file left in the inbox")
        check_installed_v2(case, checks)
    finally:
        case.close(checks)


# --- RAUC -------------------------------------------------------------------------------

def case_rauc(paths, root, files, checks):
    for tool in ("rauc", "openssl", "mksquashfs"):
        if not checks.check(shutil.which(tool), "%s is installed (Debian: rauc, openssl, squashfs-tools)" % tool):
            return
    case = Case(paths, root, "rauc")
    try:
        if not check_started(case, checks):
            return
        d = os.path.join(case.root, "rauc")
        os.makedirs(d)
        for name in ("signer", "other"):
            run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", os.path.join(d, name + ".key"),
                 "-out", os.path.join(d, name + ".pem"), "-days", "2", "-subj", "/O=madoguchi test/CN=" + name], check=True)
        raucb = os.path.join(d, "v2.raucb")
        r = run(["bash", os.path.join(paths.repo, "scripts", "fleet", "make-rauc-bundle.sh"), files["v2"], raucb,
                 os.path.join(d, "signer.pem"), os.path.join(d, "signer.key")])
        if not checks.check(r.returncode == 0, "make-rauc-bundle.sh: %s" % r.stdout[-600:]):
            return
        r = run(["rauc", "info", "--keyring=" + os.path.join(d, "signer.pem"), raucb])
        checks.check(r.returncode == 0 and re.search(r"Compatible:\s*'madoguchi-kiosk'", r.stdout) and
                     re.search(r"Version:\s*'2'", r.stdout),
                     "rauc info --keyring: compatible madoguchi-kiosk, version 2: %s" % r.stdout[-600:])
        r = run(["rauc", "info", "--keyring=" + os.path.join(d, "other.pem"), raucb])
        checks.check(r.returncode != 0, "rauc info with another keyring refuses the bundle")
        ex = os.path.join(d, "extracted")
        r = run(["rauc", "extract", "--keyring=" + os.path.join(d, "signer.pem"), raucb, ex])
        if not checks.check(r.returncode == 0, "rauc extract: %s" % r.stdout[-400:]):
            return
        # The slot hook as RAUC runs it for `hooks=install` of an image.
        env = dict(os.environ, RAUC_IMAGE_NAME=os.path.join(ex, "v2.bundle"), RAUC_SLOT_CLASS="madoguchi-inbox",
                   RAUC_SLOT_NAME="madoguchi-inbox.0", RAUC_BUNDLE_MOUNT_POINT=ex, RAUC_MOUNT_PREFIX=d,
                   MADOGUCHI_INBOX=case.inbox)
        r = run(["sh", os.path.join(ex, "hook.sh"), "slot-install"], env=env)
        checks.check(r.returncode == 0, "the RAUC slot hook drops the bundle into the inbox: %s" % r.stdout[-400:])
        check_installed_v2(case, checks)
    finally:
        case.close(checks)


def main():
    paths = H.paths_from_argv(__file__, __doc__)
    if paths is None:
        return 2
    # Syncthing and Mender come unpacked, not installed (scripts/lib/deps.sh
    # fetch_unpacked_packages: installing them would turn on their services on a
    # developer's machine); scripts/test.sh puts them in BUILD/test-tools/root.
    if os.path.isdir(tools_root(paths)):
        os.environ["PATH"] = os.path.join(tools_root(paths), "usr", "bin") + os.pathsep + os.environ.get("PATH", "")
    if os.geteuid() != 0:
        print("fleet_delivery needs root (Dropbear as a child, mount namespaces for it and Mender)")
        return 1
    only = os.environ.get("FLEET_ONLY", "")
    work = tempfile.mkdtemp(prefix="madoguchi-fleet.")
    checks = H.Checks()
    try:
        # The sample re-signed as version 2, as run_flows.sh makes it; v1 for refusals.
        src = os.path.join(work, "src-v2")
        shutil.copytree(os.path.join(paths.repo, "data", "sample"), src)
        with open(os.path.join(src, "bundle.csv"), encoding="utf-8") as f:
            lines = ["version,2" if l.startswith("version,") else l for l in f.read().split("\n")]
        with open(os.path.join(src, "bundle.csv"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        files = {"v1": paths.sample_bundle, "v2": os.path.join(work, "v2.bundle")}
        r = run([paths.bundle, "build", src, "-o", os.path.join(work, "v2.sqlite")])
        r2 = run([paths.bundle, "sign", os.path.join(work, "v2.sqlite"), "--key",
                  os.path.join(paths.repo, "data", "demo-key", "demo.key"), "-o", files["v2"]])
        if r.returncode or r2.returncode:
            print(r.stdout + r2.stdout)
            return 1
        for name, fn in (("rsync_ssh", case_rsync_ssh), ("syncthing", case_syncthing), ("mender", case_mender),
                         ("rauc", case_rauc)):
            if only and name != only:
                continue
            checks.start(name)
            t0 = time.monotonic()
            try:
                fn(paths, work, files, checks)
            except Exception as e:  # one broken case must not hide the others
                checks.check(False, "raised %s: %s" % (type(e).__name__, e))
            checks.end(time.monotonic() - t0)
    finally:
        if not os.environ.get("FLEET_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept " + work)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
