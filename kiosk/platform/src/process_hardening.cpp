// SPDX-License-Identifier: Apache-2.0
// process_hardening.cpp — core dumps off, a cache-free environment, the seccomp
// socket filter and the Landlock write rules. What is promised is in
// process_hardening.hpp; what admins are told is in docs/privacy.md
// ("Process hardening").
//
// Index
//   - prepare_process_environment   dumpable, core size, umask, environment
//   - helpers                       errno text, kernel release, thread count
//   - seccomp                       the socket rules, io_uring, ptrace; a self-check
//   - Landlock                      raw syscalls, ABI, write rights, rules, TCP port
//   - apply_process_hardening       the layers in order, and the report
//
// What the environment is based on: the kiosk run once under strace
// (`strace -f -e trace=%file,%network`, a scripted session that prints to a
// device file, Xvfb + Mesa llvmpipe, Debian 12) opened for writing only the
// printer file, the screenshots the script asked for, and two things nobody
// asked for: Mesa's shader cache (~/.cache/mesa_shader_cache/index, O_RDWR |
// O_CREAT, at every start; Mesa finds the folder through XDG_CACHE_HOME or the
// passwd entry's home, not $HOME) and a fork + exec of `dbus-launch --autolaunch`
// (libdbus, loaded by SDL, with no session bus address set; dbus-launch starts a
// bus daemon and records it under ~/.dbus/session-bus/). Fontconfig wrote
// nothing (the fonts are found by path; FcInit only runs as a fallback and then
// writes its cache only when the system cache is out of date). libX11 looks for
// a compose cache folder (/var/cache/libx11/compose/, ~/.compose-cache/) and
// writes there only if one exists. ICU and HarfBuzz only read. No netlink,
// internet or packet socket was opened; the display is an AF_UNIX socket.
#include "madoguchi/platform/process_hardening.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <netinet/in.h>
#include <linux/netlink.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "madoguchi/base/invariant.hpp"
#include "madoguchi/base/unique_fd.hpp"
#include "madoguchi/platform/child_confinement.hpp"
#include "landlock_abi.hpp"

// LeakSanitizer stops the world with ptrace (a cloned tracer task attaches to
// every thread) when it checks for leaks at exit; refusing ptrace makes that
// check die with "LeakSanitizer has encountered a fatal error". ASan builds on
// Linux run LeakSanitizer by default.
#if defined(__SANITIZE_ADDRESS__)
#define MADOGUCHI_LSAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define MADOGUCHI_LSAN_BUILD 1
#endif
#endif

namespace madoguchi::platform {

// --- prepare_process_environment ------------------------------------------------
// Why each line:
//   - PR_SET_DUMPABLE 0: no core file (the kernel skips the dump entirely, even
//     with a core_pattern pipe such as systemd-coredump), and other processes
//     of the same user can no longer ptrace the kiosk or read /proc/PID/mem.
//   - RLIMIT_CORE 0, soft and hard: the same in a second way, and it cannot be
//     raised again without CAP_SYS_RESOURCE.
//   - umask 077: whatever the kiosk does write (bundle store, admin log) is
//     readable by its own user only.
//   - MESA_SHADER_CACHE_DISABLE (Mesa ≥ 21.2) and MESA_GLSL_CACHE_DISABLE (older
//     Mesa): the shader cache seen in the trace. __GL_SHADER_DISK_CACHE=0: the
//     same for NVIDIA's own driver (~/.nv/GLCache). The shaders are ours, not
//     visitors', but "no cache" has no exceptions, and a cache that changes
//     over time is exactly what the audit cannot tell apart from a trace.
//   - XDG_CACHE_HOME=/dev/null: every library that follows the XDG rules
//     (fontconfig's user cache, Mesa's) puts its cache folder under it; nothing
//     can be created below a device node (ENOTDIR, also for root), and they all
//     carry on without a cache. Fontconfig still reads the system cache.
//   - DRAW_USE_LLVM=0 (only when not set already): not about privacy, about
//     start. Under Mesa's software renderer (llvmpipe) vertex shaders then run
//     in Mesa's interpreter instead of being compiled by LLVM: the first frame
//     is drawn 16 ms sooner (one compile fewer), and the kiosk's few vertices
//     per frame cost 5 % more at p99 while scrolling (docs/performance.md,
//     "Start"). GPU drivers run vertex shaders on the GPU (only the oldest,
//     without vertex shaders, use this path); an admin who wants the compiled
//     path back sets DRAW_USE_LLVM=1 in the unit.
//   - GALLIVM_PERF=nopt (only when not set already): also about start. LLVM
//     then compiles llvmpipe's shaders without its optimisation passes. The
//     first frame is drawn 15–20 ms sooner and peak memory is 3 MiB lower
//     (fewer of libLLVM's pages touched); each frame after it costs up to a
//     fifth more CPU, which the frame targets have room for (scroll p99
//     about 5–6 ms against 8). docs/performance.md, "Start", has the
//     measurements; an admin who prefers faster frames sets GALLIVM_PERF= (empty)
//     in the unit. Only Mesa's software renderers read it.
//   - DBUS_SESSION_BUS_ADDRESS=disabled: (only when no session bus is set): with
//     no address, libdbus "autolaunches" a bus by running dbus-launch, which
//     starts a daemon and writes ~/.dbus/session-bus/. An address of an unknown
//     kind simply fails to connect. A real session bus, when there is one, is
//     left alone (SDL uses it to keep the screen saver off).
void prepare_process_environment() {
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
    ::umask(077);
    ::setenv("MESA_SHADER_CACHE_DISABLE", "true", 1);
    ::setenv("MESA_GLSL_CACHE_DISABLE", "true", 1);
    ::setenv("__GL_SHADER_DISK_CACHE", "0", 1);
    ::setenv("XDG_CACHE_HOME", "/dev/null", 1);
    ::setenv("DRAW_USE_LLVM", "0", 0);
    ::setenv("GALLIVM_PERF", "nopt", 0);
    const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!bus || !*bus) ::setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
}

std::string HardeningReport::text() const {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
}

namespace {

// --- helpers ---------------------------------------------------------------------

std::string errno_text(int e) { return std::string(std::strerror(e)); }

std::string kernel_release() {
    utsname u{};
    if (::uname(&u) != 0) return "unknown";
    std::string r = u.release;
    // "6.1.0-18-amd64" → "6.1": the part people compare.
    size_t dots = 0, i = 0;
    for (; i < r.size(); ++i) {
        if (r[i] == '.' && ++dots == 2) break;
        if (r[i] != '.' && (r[i] < '0' || r[i] > '9')) break;
    }
    return r.substr(0, i);
}

// Threads of this process other than the caller (from /proc/self/task).
int other_threads() {
    DIR* d = ::opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    while (const dirent* e = ::readdir(d))
        if (e->d_name[0] != '.') ++n;
    ::closedir(d);
    return n > 0 ? n - 1 : 0;
}

// --- seccomp ---------------------------------------------------------------------
// Default: allow. The filter is about what leaves the machine, not a syscall
// allow-list: an allow-list would have to follow every SDL, Mesa and glibc
// release, and a forgotten syscall would kill the kiosk in front of a visitor.
//
// socket(): families are allowed by name, everything else fails with EACCES:
//   - AF_UNIX: the X11 / Wayland display socket, D-Bus.
//   - AF_NETLINK, protocols NETLINK_ROUTE (glibc's getifaddrs) and
//     NETLINK_KOBJECT_UEVENT (udev device hotplug, used by SDL's evdev and
//     joystick code): netlink talks only to the local kernel and cannot carry
//     anything off the machine; changing network settings through it needs
//     CAP_NET_ADMIN, which no_new_privs keeps the kiosk from ever gaining. The
//     trace shows no netlink socket today (SDL's udev monitor, where used, is
//     opened during SDL_Init, before this filter, and keeps working anyway:
//     seccomp sees socket() calls, not sockets already open). Other netlink
//     protocols (generic netlink, audit, sock_diag, ...) are refused.
//   - AF_INET / AF_INET6: refused, except with allow_tcp_printer a TCP stream
//     (type SOCK_STREAM, protocol 0 or IPPROTO_TCP — not SCTP or MPTCP).
//     seccomp cannot restrict where that stream goes: connect() passes the
//     address as a pointer into our memory, which a filter cannot read (and
//     could not trust: another thread may change it after the check). What
//     limits the destination is Landlock's TCP port rule (ABI ≥ 4, below), the
//     printer address in the configuration, and the systemd unit's
//     IPAddressDeny=any + IPAddressAllow=<printer> (docs/privacy.md).
//   - AF_PACKET, AF_BLUETOOTH, AF_CAN, AF_VSOCK, AF_XDP, ... everything else.
// libseccomp takes one comparison per argument per rule, so "not one of" is
// written as one EACCES rule per refused value plus one "greater than" rule.
//
// io_uring_setup → ENOSYS: io_uring's IORING_OP_SOCKET (Linux ≥ 5.19) creates
// sockets without a socket() syscall the filter could see. Nothing in the kiosk
// uses io_uring; ENOSYS is what a library sees on a kernel without it.
// ptrace, process_vm_readv, process_vm_writev → EPERM: a kiosk that has been
// taken over cannot read or change other processes of its user (the compositor
// holds what is on screen). Being traced is what PR_SET_DUMPABLE 0 prevents.
// ptrace stays allowed in LeakSanitizer builds (see the top of the file).
//
// Syscalls of another architecture (i386 int 0x80 in a 64-bit process, x32)
// fail with ENOSYS instead of killing the process: they would bypass the rules
// above, and nothing legitimate in the kiosk makes them.
struct SeccompResult {
    bool ok = false;
    bool ptrace_refused = false;
    std::string line;
};

SeccompResult apply_seccomp(const HardeningOptions& o) {
    SeccompResult r;
    scmp_filter_ctx ctx = ::seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) {
        r.line = "seccomp: not available (libseccomp could not start); sockets are not restricted";
        return r;
    }
    int rc = 0;
    auto add = [&](uint32_t action, int syscall, std::vector<scmp_arg_cmp> args) {
        if (rc == 0) rc = ::seccomp_rule_add_array(ctx, action, syscall, static_cast<unsigned>(args.size()), args.data());
    };
    const uint32_t refuse = SCMP_ACT_ERRNO(EACCES);
    const int sock = SCMP_SYS(socket);
    // Families up to AF_NETLINK (16) one by one; everything above in one rule.
    for (int family = 0; family <= AF_NETLINK; ++family) {
        if (family == AF_UNIX || family == AF_NETLINK) continue;
        if ((family == AF_INET || family == AF_INET6) && o.allow_tcp_printer) continue;
        add(refuse, sock, {SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(family))});
    }
    add(refuse, sock, {SCMP_A0(SCMP_CMP_GT, AF_NETLINK)});
    // Netlink: NETLINK_ROUTE (0) and NETLINK_KOBJECT_UEVENT (15) only.
    for (int proto = 1; proto < NETLINK_KOBJECT_UEVENT; ++proto)
        add(refuse, sock, {SCMP_A0(SCMP_CMP_EQ, AF_NETLINK), SCMP_A2(SCMP_CMP_EQ, static_cast<scmp_datum_t>(proto))});
    add(refuse, sock, {SCMP_A0(SCMP_CMP_EQ, AF_NETLINK), SCMP_A2(SCMP_CMP_GT, NETLINK_KOBJECT_UEVENT)});
    if (o.allow_tcp_printer) {
        // The type argument carries SOCK_NONBLOCK / SOCK_CLOEXEC above the type
        // proper (the low 4 bits, SOCK_TYPE_MASK in the kernel).
        constexpr scmp_datum_t kTypeMask = 0xf;
        for (const int family : {AF_INET, AF_INET6}) {
            const scmp_datum_t f = static_cast<scmp_datum_t>(family);
            for (scmp_datum_t type = 0; type <= kTypeMask; ++type)
                if (type != SOCK_STREAM)
                    add(refuse, sock, {SCMP_A0(SCMP_CMP_EQ, f), SCMP_A1(SCMP_CMP_MASKED_EQ, kTypeMask, type)});
            for (scmp_datum_t proto = 1; proto < IPPROTO_TCP; ++proto)
                add(refuse, sock,
                    {SCMP_A0(SCMP_CMP_EQ, f), SCMP_A1(SCMP_CMP_MASKED_EQ, kTypeMask, SOCK_STREAM), SCMP_A2(SCMP_CMP_EQ, proto)});
            add(refuse, sock,
                {SCMP_A0(SCMP_CMP_EQ, f), SCMP_A1(SCMP_CMP_MASKED_EQ, kTypeMask, SOCK_STREAM), SCMP_A2(SCMP_CMP_GT, IPPROTO_TCP)});
        }
    }
    add(SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(io_uring_setup), {});
    add(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(process_vm_readv), {});
    add(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(process_vm_writev), {});
#ifndef MADOGUCHI_LSAN_BUILD
    add(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ptrace), {});
    r.ptrace_refused = true;
#endif
    if (rc == 0) rc = ::seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ERRNO(ENOSYS));
    // Every thread, also those SDL and Mesa started before us.
    if (rc == 0) rc = ::seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    if (rc == 0) rc = ::seccomp_load(ctx);
    ::seccomp_release(ctx);
    if (rc != 0) {
        r.ptrace_refused = false;
        r.line = "seccomp: could not be applied (" + errno_text(-rc) + "); sockets are not restricted";
        return r;
    }
    // Self-check: the report must never claim a filter that does not hold. The
    // probe is a generic netlink socket, which anyone may open and the filter
    // refuses: unlike an internet socket, a trace of it cannot be mistaken for
    // the kiosk trying to reach the network (issue 7's audit reads the trace).
    const int probe = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    const int probe_errno = errno;
    if (probe >= 0 || probe_errno != EACCES) {
        if (probe >= 0) ::close(probe);
        r.ptrace_refused = false;
        r.line = "seccomp: loaded, but a refused socket could still be made; sockets are not restricted";
        return r;
    }
    r.ok = true;
    r.line = std::string("seccomp: internet, packet, Bluetooth and all other non-local sockets refused (EACCES)") +
             (o.allow_tcp_printer ? ", except TCP streams for the network printer (UDP stays refused)" : "") +
             "; local (AF_UNIX) and kernel (netlink route, uevent) sockets allowed; io_uring refused; " +
             (r.ptrace_refused ? "ptrace and process_vm_readv/writev refused"
                               : "process_vm_readv/writev refused, ptrace allowed (LeakSanitizer build)") +
             "; on all threads";
    return r;
}

// --- Landlock --------------------------------------------------------------------
// Raw syscalls: glibc has no wrappers. Debian 12's <linux/landlock.h> (Linux
// 6.1) knows ABI 1 and 2; the rights and structures of later ABIs are defined
// here, with the ABI that brought them.
//
// What is handled (refused unless a rule allows it): every write-type right —
// write a file, truncate it (ABI 3), make files, folders, links, sockets,
// fifos and device nodes, remove them, and rename/link between folders (REFER,
// ABI 2) — and execute, allowed only for HardeningOptions::executable and
// their ELF interpreters (the kiosk runs no other program; speech runs
// open_jtalk). Read and read-dir are not handled: fonts, the catalogue,
// assets, /proc and libraries stay readable, so nothing in the already running
// kiosk (Mesa loading a driver, fontconfig falling back) breaks. IOCTL_DEV
// (ABI 5) is not handled either: ioctls on devices are how the GPU, input and
// the printer are driven, not a way to store anything.
//
// Rules: each `writable` folder gets all those rights beneath it (REFER
// included, so the bundle store's rename from staging/ to bundles/ works); a
// writable file gets write + truncate; /dev gets write-file only, for the
// reasons in the header (device nodes, /dev/null, the GPU, a printer plugged
// in again) — nothing can be created, renamed or removed under /dev, so
// /dev/shm gets no new files either.
//
// ABI 1 (Linux 5.13–5.18) is not used: it refuses every rename or link between
// two folders (EXDEV), whatever the rules, and the bundle store's atomic
// install is exactly such a rename.
//
// TCP (ABI 4): with allow_tcp_printer and a port, connect() is allowed to that
// port only; without allow_tcp_printer, connect() and bind() are refused
// outright (a second wall behind seccomp). bind() is always refused: the kiosk
// never listens.
//
// Threads: landlock_restrict_self() binds the calling thread and the threads
// it creates afterwards. ABI 8 adds LANDLOCK_RESTRICT_SELF_TSYNC, which binds
// every thread of the process; before that, threads already running stay free.

// The syscalls and the ABI's later parts: landlock_abi.hpp.
using namespace landlock;

struct LandlockResult {
    int abi = 0;  // in force; 0: not
    bool all_threads = false;
    std::vector<std::string> lines;
};


std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

LandlockResult apply_landlock(const HardeningOptions& o) {
    LandlockResult r;
    if (o.landlock_abi_cap < 0) {
        r.lines.push_back("landlock: not used (turned off by the caller); writes are not restricted");
        return r;
    }
    const long kernel_abi = create_ruleset(nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (kernel_abi < 0) {
        const int e = errno;
        if (e == EOPNOTSUPP)
            r.lines.push_back("landlock: not available (turned off in this kernel's boot settings, Linux " + kernel_release() +
                              "); writes are not restricted");
        else
            r.lines.push_back("landlock: not available on this kernel (Linux " + kernel_release() +
                              "); writes are not restricted");
        return r;
    }
    const int abi = o.landlock_abi_cap > 0 && o.landlock_abi_cap < kernel_abi ? o.landlock_abi_cap : static_cast<int>(kernel_abi);
    if (abi < 2) {
        r.lines.push_back("landlock ABI " + std::to_string(abi) +
                          ": not used (it would refuse the bundle store's renames between folders; needs Linux 5.19 or later); "
                          "writes are not restricted");
        return r;
    }

    uint64_t write_rights = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                            LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                            LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                            LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) write_rights |= kFsTruncate;
    const uint64_t file_rights = write_rights & (LANDLOCK_ACCESS_FS_WRITE_FILE | kFsTruncate);

    RulesetAttr attr{write_rights | LANDLOCK_ACCESS_FS_EXECUTE, 0};
    size_t attr_size = sizeof attr.handled_access_fs;
    const bool net = abi >= 4;
    const bool port_rule = o.allow_tcp_printer && o.tcp_printer_port > 0 && o.tcp_printer_port <= 65535;
    if (net) {
        attr.handled_access_net = kNetBindTcp | ((!o.allow_tcp_printer || port_rule) ? kNetConnectTcp : 0);
        attr_size = sizeof attr;
    }
    base::UniqueFd ruleset(static_cast<int>(create_ruleset(&attr, attr_size, 0)));
    if (ruleset.get() < 0) {
        r.lines.push_back("landlock ABI " + std::to_string(abi) + ": could not be set up (" + errno_text(errno) +
                          "); writes are not restricted");
        return r;
    }

    std::vector<std::string> allowed, problems;
    auto allow_path = [&](const std::string& path, uint64_t dir_rights, bool quiet) {
        base::UniqueFd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
        struct stat st {};
        if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0) {
            const int e = errno;
            if (!quiet) problems.push_back(path + " (" + errno_text(e) + ": nothing can be written there)");
            return;
        }
        landlock_path_beneath_attr pb{};
        pb.parent_fd = fd.get();
        pb.allowed_access = S_ISDIR(st.st_mode) ? dir_rights : (dir_rights & file_rights);
        if (pb.allowed_access == 0) return;
        if (add_rule(ruleset.get(), LANDLOCK_RULE_PATH_BENEATH, &pb) != 0) {
            const int e = errno;
            if (!quiet) problems.push_back(path + " (" + errno_text(e) + ": nothing can be written there)");
            return;
        }
        if (!quiet) allowed.push_back(path);
    };
    for (const auto& p : o.writable) {
        if (p.empty()) continue;
        // A device node under /dev (the printer) is covered by the /dev rule
        // below, also when it is not plugged in yet; a rule of its own would
        // follow an inode that the next unplug removes.
        struct stat st {};
        const bool dev_path = p.rfind("/dev/", 0) == 0 && p.find("/..") == std::string::npos;
        if (dev_path && (::stat(p.c_str(), &st) != 0 || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
            allowed.push_back(p + " (device)");
            continue;
        }
        allow_path(p, write_rights, false);
    }
    allow_path("/dev", LANDLOCK_ACCESS_FS_WRITE_FILE, true);
    // Programs: execute (write rights are not given with it).
    std::vector<std::string> executables;
    auto allow_exec = [&](const std::string& path) {
        base::UniqueFd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
        struct stat st {};
        if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
        landlock_path_beneath_attr pb{};
        pb.parent_fd = fd.get();
        pb.allowed_access = LANDLOCK_ACCESS_FS_EXECUTE;
        return add_rule(ruleset.get(), LANDLOCK_RULE_PATH_BENEATH, &pb) == 0;
    };
    for (const auto& p : o.executable) {
        if (!allow_exec(p)) {
            problems.push_back(p + " (" + errno_text(errno) + ": cannot be executed)");
            continue;
        }
        executables.push_back(p);
        const std::string interp = elf_interpreter(p);
        if (!interp.empty() && allow_exec(interp)) executables.push_back(interp);
    }

    if (port_rule) {
        NetPortAttr np{kNetConnectTcp, static_cast<uint64_t>(o.tcp_printer_port)};
        if (add_rule(ruleset.get(), kRuleNetPort, &np) != 0)
            problems.push_back("TCP port " + std::to_string(o.tcp_printer_port) + " (" + errno_text(errno) + ")");
    }

    // Threads running now: bound too only with TSYNC (ABI 8).
    const int others = other_threads();
    bool all_threads = false;
    long rc = -1;
    if (abi >= 8) {
        rc = restrict_self(ruleset.get(), kRestrictSelfTsync);
        all_threads = rc == 0;
    }
    if (rc != 0) rc = restrict_self(ruleset.get(), 0);
    if (rc != 0) {
        r.lines.push_back("landlock ABI " + std::to_string(abi) + ": could not be applied (" + errno_text(errno) +
                          "); writes are not restricted");
        return r;
    }
    r.abi = abi;
    r.all_threads = all_threads || others == 0;

    std::string line = "landlock ABI " + std::to_string(abi) + ": writes only under " +
                       (allowed.empty() ? std::string("nothing") : join(allowed)) +
                       "; existing device nodes under /dev may be written, nothing created there; executes " +
                       (executables.empty() ? std::string("no program") : "only " + join(executables));
    if (net) {
        if (!o.allow_tcp_printer) line += "; TCP connect and bind refused";
        else if (port_rule) line += "; TCP connections only to port " + std::to_string(o.tcp_printer_port) + ", bind refused";
        else line += "; TCP bind refused (connections to any port: no printer port given)";
    }
    r.lines.push_back(line);
    if (!problems.empty()) r.lines.push_back("landlock: not allowed because missing or unusable: " + join(problems));
    if (!r.all_threads)
        r.lines.push_back("landlock: binds this thread and the threads it starts from now on; the " + std::to_string(others) +
                          " thread(s) already running (SDL, Mesa) are not restricted (that needs Landlock ABI 8)");
    return r;
}

}  // namespace

// --- apply_process_hardening -----------------------------------------------------
// Order: dumpable and core size again (cheap, and prepare may not have been
// called), no_new_privs (required by both layers without CAP_SYS_ADMIN, and
// the point anyway), Landlock (opens the writable paths; its own syscalls are
// not filtered), seccomp last.
HardeningReport apply_process_hardening(const HardeningOptions& options) {
    // A second call would stack a second filter and ruleset on the first.
    [[maybe_unused]] static std::atomic<bool> applied{false};
    MADOGUCHI_ASSERT(!applied.exchange(true), "apply_process_hardening: once per process");
    HardeningReport rep;

    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
    rlimit core{};
    rep.not_dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 && ::getrlimit(RLIMIT_CORE, &core) == 0 &&
                       core.rlim_cur == 0 && core.rlim_max == 0;
    rep.lines.push_back(rep.not_dumpable ? "core dumps: off (not dumpable, core size 0)"
                                         : "core dumps: could not be turned off");

    rep.no_new_privs = ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
    if (!rep.no_new_privs) rep.lines.push_back("no_new_privs: could not be set (" + errno_text(errno) + ")");

    LandlockResult ll = apply_landlock(options);
    rep.landlock_abi = ll.abi;
    rep.landlock_all_threads = ll.all_threads;

    SeccompResult sc = apply_seccomp(options);
    rep.seccomp = sc.ok;
    rep.ptrace_refused = sc.ptrace_refused;
    rep.lines.push_back(sc.line);
    rep.lines.insert(rep.lines.end(), ll.lines.begin(), ll.lines.end());
    return rep;
}

}  // namespace madoguchi::platform
