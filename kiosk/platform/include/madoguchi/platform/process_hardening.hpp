// SPDX-License-Identifier: Apache-2.0
// process_hardening.hpp — what the kiosk process may do once it is up.
//
// The promise (../shared/brief.md, "Privacy rules") is that nothing a visitor
// does is written anywhere or sent anywhere. The code keeps that promise by not
// writing and not connecting; this layer makes the kernel keep it too, so that a
// library that starts caching, a bug, or code run through a hostile font or USB
// stick cannot break it quietly. docs/privacy.md ("Process hardening") says the
// same for admins. Two calls, in this order:
//
//   1. prepare_process_environment() — first thing in main(), before SDL, GL,
//      fontconfig or any thread exists: no core dumps (not dumpable, core size
//      0), umask 077, and an environment in which the libraries we load write no
//      cache (Mesa's shader cache, NVIDIA's, the XDG cache folder, D-Bus
//      autolaunch). Environment variables are read by those libraries when they
//      start, so later is too late.
//
//   2. apply_process_hardening(options) — once start-up is done (window and GL
//      context up, fonts and catalogue open) and BEFORE the kiosk starts its own
//      worker threads (the bundle loader), which then inherit everything. It may
//      also come earlier, as soon as the configuration is read and before SDL
//      starts: start-up writes nothing outside the store, and then Landlock binds
//      SDL's and Mesa's threads too (see "Limits"). What it does:
//        - no_new_privs (nothing exec'd later can gain privileges);
//        - seccomp (libseccomp), on every thread: internet sockets (except TCP
//          streams when allow_tcp_printer), packet, Bluetooth and every other
//          non-local socket family fail with EACCES — an error, never a kill, so
//          a library that merely probes keeps running; io_uring (which could
//          create sockets behind the filter's back), ptrace and
//          process_vm_readv/writev are refused too;
//        - Landlock (Linux ≥ 5.19, ABI ≥ 2): creating, writing, truncating,
//          renaming and removing files is allowed only beneath `writable`, and
//          writing (never creating) existing device nodes under /dev; executing
//          only the programs in `executable`. Reading stays unrestricted
//          (fonts, catalogue, assets, /proc).
//
// Nothing here stops the kiosk: a layer the kernel lacks, or one that fails, is
// skipped and said so in the report, in plain words, for stderr at start and
// for the admin screen.
//
// Limits worth knowing (details in docs/privacy.md):
//   - seccomp sees a connect()'s address only as a pointer, so with
//     allow_tcp_printer any TCP destination is reachable; Landlock (ABI ≥ 4)
//     limits it to the printer's port when tcp_printer_port is set, and the
//     systemd unit's IPAddressDeny=/IPAddressAllow= can limit the address.
//   - Landlock before ABI 8 binds only the calling thread and the
//     threads it creates afterwards; threads already running (SDL's, Mesa's
//     llvmpipe workers) keep their freedom. The report says how many there were.
//   - In a LeakSanitizer build ptrace is left allowed: LeakSanitizer stops the
//     world with ptrace at exit. The report says so.
//
// Threads: call both from one thread while no other thread calls setenv or
// getenv; apply_process_hardening once (a second filter and ruleset would only
// stack on the first; a second call fails an assertion in debug builds).
#pragma once

#include <string>
#include <vector>

namespace madoguchi::platform {

// Core dumps off, umask 077, cache-free environment (see above). Never fails in
// a way the kiosk could act on; safe to call more than once.
void prepare_process_environment();

struct HardeningOptions {
    // Where the kiosk may write: the bundle store folder (with the admin log,
    // unless that is kept elsewhere), the printer's device file. Folders allow everything
    // beneath them (create, write, rename, remove); files allow writing and
    // truncating. Existing device nodes under /dev are always writable (not
    // creatable): /dev/null, the GPU's /dev/dri/* that Mesa may reopen, and a
    // USB printer unplugged and plugged back, which gets a new node (Landlock
    // rules follow inodes, not names). A path missing at the time of the call
    // cannot be allowed later; the report lists it.
    std::vector<std::string> writable;
    // [printer] kind = "tcp": TCP stream sockets to IPv4/IPv6 stay allowed (UDP
    // and every other internet socket are still refused).
    bool allow_tcp_printer = false;
    // With allow_tcp_printer: the printer's port (e.g. 9100). Where Landlock
    // has network rules (ABI ≥ 4, Linux ≥ 6.7) TCP connections are then allowed
    // to this port only. 0: any port.
    int tcp_printer_port = 0;
    // Programs the kiosk may execute (with the ELF interpreter each names):
    // /usr/bin/open_jtalk when [speech] is on (kiosk/speech). Where Landlock is
    // in force nothing else can be executed, and with an empty list nothing at
    // all: the kiosk itself never runs another program. The program's own
    // confinement is child_confinement.hpp.
    std::vector<std::string> executable;
    // For tests only: use at most this Landlock ABI (to check what older kernels
    // get); -1: do not use Landlock. 0: what the kernel offers.
    int landlock_abi_cap = 0;
};

struct HardeningReport {
    bool not_dumpable = false;     // PR_GET_DUMPABLE is 0 and RLIMIT_CORE is 0 (soft and hard)
    bool no_new_privs = false;
    bool seccomp = false;          // the socket filter is in force on every thread
    bool ptrace_refused = false;   // false in LeakSanitizer builds (see above)
    int landlock_abi = 0;          // the ABI whose rules are in force; 0: writes are not restricted
    bool landlock_all_threads = false;  // true when threads running at the call are bound too
    // One line per layer, in plain words, e.g.
    //   "seccomp: internet, packet and other non-local sockets refused (EACCES); ..."
    //   "landlock ABI 7: writes only under /var/lib/madoguchi; device nodes under /dev"
    //   "landlock: not available on this kernel (5.10); writes are not restricted"
    std::vector<std::string> lines;
    std::string text() const;  // the lines, each ending in '\n'
};

// Applies what it can (see above) to the calling process, and says what.
HardeningReport apply_process_hardening(const HardeningOptions& options);

}  // namespace madoguchi::platform
