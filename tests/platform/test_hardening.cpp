// SPDX-License-Identifier: Apache-2.0
// test_hardening.cpp — process_hardening.hpp in forked children.
//
// Hardening cannot be undone, so every test forks: the child applies it, tries
// things, and sends back one line per result ("name<TAB>value") through a pipe;
// the parent (never hardened) checks them. A value is "ok" or the errno's name
// (EACCES, ENOSYS, ...). Where it matters, the child first tries the same thing
// before hardening, so that a refusal is shown to come from the hardening and
// not from this machine (no network, not root, ...).
//
// Landlock is tested where the kernel has it (Linux ≥ 5.19 for what the kiosk
// uses). Where it does not, the tests say so (MESSAGE) and check that the
// report says "not available" and that writes indeed still work: never a pass
// that looks as if writes were restricted.
//
// Index
//   - helpers              child runner, errno names, temp folders, loopback listeners
//   - environment          prepare_process_environment
//   - core dumps           dumpable and core size through apply alone
//   - seccomp: sockets     refused families, allowed local ones, TCP for the printer
//   - seccomp: the rest    io_uring, process_vm_readv, ptrace; threads already running
//   - landlock: writes     inside / outside the writable folders, reading, /dev
//   - landlock: TCP ports  the printer's port only (ABI ≥ 4)
//   - landlock: threads    what the report says about threads already running
//   - landlock: older ABIs what a 5.19 / 6.1 kernel gets, and "not used"
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../support/dies_in_child.hpp"
#include "madoguchi/platform/process_hardening.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_LSAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define TEST_LSAN_BUILD 1
#endif
#endif

namespace {

namespace fs = std::filesystem;
using madoguchi::platform::apply_process_hardening;
using madoguchi::platform::HardeningOptions;
using madoguchi::platform::HardeningReport;
using madoguchi::platform::prepare_process_environment;
using Results = std::map<std::string, std::string>;

// --- helpers -------------------------------------------------------------------------

// "ok" for a non-negative result, else the name of errno ("EACCES").
std::string outcome(long rc) {
    if (rc >= 0) return "ok";
    const char* name = ::strerrorname_np(errno);
    return name ? name : std::to_string(errno);
}

// socket() → "ok" (closed again) or the errno name.
std::string try_socket(int family, int type, int protocol = 0) {
    const int fd = ::socket(family, type | SOCK_CLOEXEC, protocol);
    const std::string r = outcome(fd);
    if (fd >= 0) ::close(fd);
    return r;
}

// The report goes back line by line as report.0, report.1, ... and whole as "report".
void put_report(Results& r, const HardeningReport& rep) {
    std::string all;
    for (size_t i = 0; i < rep.lines.size(); ++i) {
        r["report." + std::to_string(i)] = rep.lines[i];
        all += rep.lines[i] + " | ";
    }
    r["report"] = all;
    r["report.seccomp"] = rep.seccomp ? "1" : "0";
    r["report.landlock_abi"] = std::to_string(rep.landlock_abi);
    r["report.all_threads"] = rep.landlock_all_threads ? "1" : "0";
    r["report.ptrace_refused"] = rep.ptrace_refused ? "1" : "0";
    r["report.not_dumpable"] = rep.not_dumpable ? "1" : "0";
    r["report.no_new_privs"] = rep.no_new_privs ? "1" : "0";
}

// Runs body in a forked child and returns what it put in its Results; a child
// that did not exit with 0 adds "child" = how it ended.
Results in_child(const std::function<void(Results&)>& body) {
    int p[2];
    REQUIRE(::pipe2(p, O_CLOEXEC) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(p[0]);
        Results r;
        body(r);
        std::string out;
        for (const auto& [k, v] : r) {
            std::string value = v;
            for (char& c : value)
                if (c == '\n' || c == '\t') c = ' ';
            out += k + "\t" + value + "\n";
        }
        for (size_t done = 0; done < out.size();) {
            const ssize_t n = ::write(p[1], out.data() + done, out.size() - done);
            if (n <= 0) ::_exit(3);
            done += static_cast<size_t>(n);
        }
        ::_exit(0);  // no atexit handlers, no LeakSanitizer in the child
    }
    ::close(p[1]);
    std::string in;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(p[0], buf, sizeof buf);
        if (n > 0) in.append(buf, static_cast<size_t>(n));
        else if (n == 0 || errno != EINTR) break;
    }
    ::close(p[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    Results r;
    size_t at = 0;
    while (at < in.size()) {
        const size_t nl = in.find('\n', at);
        const std::string line = in.substr(at, nl - at);
        const size_t tab = line.find('\t');
        if (tab != std::string::npos) r[line.substr(0, tab)] = line.substr(tab + 1);
        at = nl == std::string::npos ? in.size() : nl + 1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        r["child"] = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                         : "exit " + std::to_string(WEXITSTATUS(status));
    return r;
}

// The kernel's Landlock ABI, as the library asks for it; 0 when there is none.
int kernel_landlock_abi() {
    const long v = ::syscall(444 /* landlock_create_ruleset */, nullptr, 0, 1U /* VERSION */);
    return v > 0 ? static_cast<int>(v) : 0;
}

// A fresh folder under the system temp dir, removed when the test ends.
class TempDir {
public:
    explicit TempDir(const char* what) {
        std::random_device rd;
        path_ = fs::absolute(fs::temp_directory_path() /
                             (std::string("madoguchi-harden-") + what + "-" + std::to_string(rd()) + std::to_string(rd())))
                    .lexically_normal();
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    std::string str() const { return path_.string(); }

private:
    fs::path path_;
};

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// open(O_CREAT) + write + close → "ok" or errno name.
std::string try_create(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return outcome(-1);
    const std::string r = outcome(::write(fd, "x", 1));
    ::close(fd);
    return r;
}

// A TCP listener on 127.0.0.1 (a free port); the kernel completes connections
// into its backlog without accept().
class Listener {
public:
    Listener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd_, 8) == 0);
        socklen_t len = sizeof a;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port_ = ntohs(a.sin_port);
    }
    ~Listener() { ::close(fd_); }
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

// Connects an existing socket (or a new TCP one when fd < 0) to 127.0.0.1:port.
std::string try_connect(int port, int fd = -1) {
    const bool own = fd < 0;
    if (own) fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return "socket: " + outcome(-1);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const std::string r = outcome(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a));
    if (own) ::close(fd);
    return r;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

// --- environment ---------------------------------------------------------------------

TEST_CASE("prepare_process_environment: not dumpable, no core file, umask 077, no caches") {
    TempDir dir("env");
    const std::string file = dir / "made-after-umask";
    for (const bool bus_given : {false, true}) {
        CAPTURE(bus_given);
        Results r = in_child([&](Results& out) {
            if (bus_given) ::setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus", 1);
            else ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
            // The same for the software renderer's vertex path: an admin's
            // choice stands, and without one the interpreter is chosen.
            if (bus_given) ::setenv("DRAW_USE_LLVM", "1", 1);
            else ::unsetenv("DRAW_USE_LLVM");
            if (bus_given) ::setenv("GALLIVM_PERF", "", 1);  // set, and empty: the optimised compile
            else ::unsetenv("GALLIVM_PERF");
            ::setenv("MESA_SHADER_CACHE_DISABLE", "false", 1);  // an admin's setting does not win
            ::umask(022);
            rlimit big{RLIM_INFINITY, RLIM_INFINITY};
            ::setrlimit(RLIMIT_CORE, &big);  // may fail unprivileged; prepare must lower it anyway
            out["dumpable.before"] = std::to_string(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));

            prepare_process_environment();
            out["dumpable"] = std::to_string(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
            rlimit core{};
            ::getrlimit(RLIMIT_CORE, &core);
            out["core.soft"] = std::to_string(core.rlim_cur);
            out["core.hard"] = std::to_string(core.rlim_max);
            const mode_t old = ::umask(077);
            out["umask"] = std::to_string(old);
            out["create"] = try_create(file);
            struct stat st {};
            ::stat(file.c_str(), &st);
            out["mode"] = std::to_string(st.st_mode & 0777);
            // Raising the hard limit again needs CAP_SYS_RESOURCE; root has it,
            // so this is only asserted below for other users.
            rlimit up{1 << 20, 1 << 20};
            out["raise"] = outcome(::setrlimit(RLIMIT_CORE, &up));
            for (const char* v : {"MESA_SHADER_CACHE_DISABLE", "MESA_GLSL_CACHE_DISABLE", "__GL_SHADER_DISK_CACHE", "XDG_CACHE_HOME",
                                  "DBUS_SESSION_BUS_ADDRESS", "DRAW_USE_LLVM", "GALLIVM_PERF"}) {
                const char* value = std::getenv(v);
                out[std::string("env.") + v] = value ? value : "(unset)";
            }
        });
        CHECK(r.count("child") == 0);
        CHECK(r["dumpable.before"] == "1");
        CHECK(r["dumpable"] == "0");
        CHECK(r["core.soft"] == "0");
        CHECK(r["core.hard"] == "0");
        CHECK(r["umask"] == std::to_string(077));
        CHECK(r["create"] == "ok");
        CHECK(r["mode"] == std::to_string(0600));
        if (::geteuid() != 0) CHECK(r["raise"] == "EPERM");
        CHECK(r["env.MESA_SHADER_CACHE_DISABLE"] == "true");
        CHECK(r["env.MESA_GLSL_CACHE_DISABLE"] == "true");
        CHECK(r["env.__GL_SHADER_DISK_CACHE"] == "0");
        CHECK(r["env.XDG_CACHE_HOME"] == "/dev/null");
        CHECK(r["env.DBUS_SESSION_BUS_ADDRESS"] == (bus_given ? "unix:path=/run/user/1000/bus" : "disabled:"));
        CHECK(r["env.DRAW_USE_LLVM"] == (bus_given ? "1" : "0"));
        CHECK(r["env.GALLIVM_PERF"] == (bus_given ? "" : "nopt"));
        std::error_code ec;
        fs::remove(file, ec);
    }
}

TEST_CASE("XDG_CACHE_HOME=/dev/null: no cache folder can be made below it, not even by root") {
    Results r = in_child([](Results& out) {
        prepare_process_environment();
        const std::string cache = std::string(std::getenv("XDG_CACHE_HOME")) + "/fontconfig";
        out["mkdir"] = outcome(::mkdir(cache.c_str(), 0700));
        out["create"] = try_create(cache + "-file");
    });
    CHECK(r["mkdir"] == "ENOTDIR");
    CHECK(r["create"] == "ENOTDIR");
}

// --- core dumps ----------------------------------------------------------------------

TEST_CASE("apply_process_hardening alone turns core dumps off and sets no_new_privs") {
    Results r = in_child([](Results& out) {
        out["nnp.before"] = std::to_string(::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
        const HardeningReport rep = apply_process_hardening({});
        put_report(out, rep);
        out["dumpable"] = std::to_string(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
        rlimit core{};
        ::getrlimit(RLIMIT_CORE, &core);
        out["core"] = std::to_string(core.rlim_cur) + "/" + std::to_string(core.rlim_max);
        out["nnp"] = std::to_string(::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    });
    CHECK(r.count("child") == 0);
    CHECK(r["dumpable"] == "0");
    CHECK(r["core"] == "0/0");
    // no_new_privs cannot be cleared; whoever started the tests may have set it
    // (systemd's NoNewPrivileges=, some containers), and then "before" shows nothing.
    if (r["nnp.before"] == "1") MESSAGE("no_new_privs was already set when the tests started");
    CHECK(r["nnp"] == "1");
    CHECK(r["report.not_dumpable"] == "1");
    CHECK(r["report.no_new_privs"] == "1");
    CHECK(r["report.0"] == "core dumps: off (not dumpable, core size 0)");
}

// --- seccomp: sockets ----------------------------------------------------------------

TEST_CASE("seccomp: internet and packet sockets refused with EACCES; local ones allowed") {
    Results r = in_child([](Results& out) {
        out["before.inet_tcp"] = try_socket(AF_INET, SOCK_STREAM);
        out["before.inet_udp"] = try_socket(AF_INET, SOCK_DGRAM);
        out["before.netlink_generic"] = try_socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
        put_report(out, apply_process_hardening({}));
        out["inet_tcp"] = try_socket(AF_INET, SOCK_STREAM);
        out["inet_tcp_nonblock"] = try_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP);
        out["inet_udp"] = try_socket(AF_INET, SOCK_DGRAM);
        out["inet_raw"] = try_socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
        out["inet6_tcp"] = try_socket(AF_INET6, SOCK_STREAM);
        out["inet6_udp"] = try_socket(AF_INET6, SOCK_DGRAM);
        out["packet"] = try_socket(AF_PACKET, SOCK_RAW, htons(0x0003 /* ETH_P_ALL */));
        out["packet_dgram"] = try_socket(AF_PACKET, SOCK_DGRAM);
        out["bluetooth"] = try_socket(AF_BLUETOOTH, SOCK_STREAM);
        out["vsock"] = try_socket(AF_VSOCK, SOCK_STREAM);
        out["unspec"] = try_socket(AF_UNSPEC, SOCK_STREAM);
        out["ipx"] = try_socket(AF_IPX, SOCK_DGRAM);
        out["family_1000"] = try_socket(1000, SOCK_STREAM);
        out["netlink_generic"] = try_socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
        out["netlink_audit"] = try_socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
        // allowed
        out["unix_stream"] = try_socket(AF_UNIX, SOCK_STREAM);
        out["unix_dgram"] = try_socket(AF_UNIX, SOCK_DGRAM);
        out["unix_seqpacket"] = try_socket(AF_UNIX, SOCK_SEQPACKET);
        int sv[2];
        out["unix_pair"] = outcome(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
        if (out["unix_pair"] == "ok") {
            out["unix_pair_io"] = ::write(sv[0], "k", 1) == 1 && ::read(sv[1], sv, 1) == 1 ? "ok" : "failed";
            ::close(sv[0]);
            ::close(sv[1]);
        }
        out["netlink_route"] = try_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
        out["netlink_uevent"] = try_socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
    });
    CHECK(r.count("child") == 0);
    // Possible here before hardening, so the refusals below are the filter's.
    CHECK(r["before.inet_tcp"] == "ok");
    CHECK(r["before.inet_udp"] == "ok");
    CHECK(r["before.netlink_generic"] == "ok");
    CHECK(r["report.seccomp"] == "1");
    for (const char* k : {"inet_tcp", "inet_tcp_nonblock", "inet_udp", "inet_raw", "inet6_tcp", "inet6_udp", "packet", "packet_dgram",
                          "bluetooth", "vsock", "unspec", "ipx", "family_1000", "netlink_generic", "netlink_audit"}) {
        CAPTURE(k);
        CHECK(r[k] == "EACCES");
    }
    for (const char* k : {"unix_stream", "unix_dgram", "unix_seqpacket", "unix_pair", "unix_pair_io", "netlink_route", "netlink_uevent"}) {
        CAPTURE(k);
        CHECK(r[k] == "ok");
    }
    CHECK(contains(r["report"], "seccomp: internet, packet, Bluetooth and all other non-local sockets refused (EACCES); local"));
    CHECK(!contains(r["report"], "network printer"));
}

TEST_CASE("seccomp: allow_tcp_printer allows TCP streams only; UDP and the rest stay refused") {
    Listener printer;
    Results r = in_child([&](Results& out) {
        HardeningOptions o;
        o.allow_tcp_printer = true;  // no port: Landlock leaves connect() alone
        put_report(out, apply_process_hardening(o));
        out["inet_tcp"] = try_socket(AF_INET, SOCK_STREAM);
        out["inet_tcp_proto"] = try_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP);
        out["inet6_tcp"] = try_socket(AF_INET6, SOCK_STREAM);
        out["connect"] = try_connect(printer.port());
        out["inet_udp"] = try_socket(AF_INET, SOCK_DGRAM);
        out["inet6_udp"] = try_socket(AF_INET6, SOCK_DGRAM);
        out["inet_raw"] = try_socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
        out["inet_sctp_stream"] = try_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
        out["inet_mptcp"] = try_socket(AF_INET, SOCK_STREAM, 262 /* IPPROTO_MPTCP */);
        out["inet_seqpacket"] = try_socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
        out["packet"] = try_socket(AF_PACKET, SOCK_RAW);
        out["unix"] = try_socket(AF_UNIX, SOCK_STREAM);
    });
    CHECK(r.count("child") == 0);
    CHECK(r["report.seccomp"] == "1");
    CHECK(r["inet_tcp"] == "ok");
    CHECK(r["inet_tcp_proto"] == "ok");
    CHECK(r["inet6_tcp"] == "ok");
    CHECK(r["connect"] == "ok");
    for (const char* k : {"inet_udp", "inet6_udp", "inet_raw", "inet_sctp_stream", "inet_mptcp", "inet_seqpacket", "packet"}) {
        CAPTURE(k);
        CHECK(r[k] == "EACCES");
    }
    CHECK(r["unix"] == "ok");
    CHECK(contains(r["report"], "except TCP streams for the network printer (UDP stays refused)"));
}

// --- seccomp: the rest ---------------------------------------------------------------

TEST_CASE("seccomp: io_uring, process_vm_readv/writev refused; ptrace refused except in LeakSanitizer builds") {
    Results r = in_child([](Results& out) {
        int word = 42, copy = 0;
        iovec local{&copy, sizeof copy}, remote{&word, sizeof word};
        out["vm_readv.before"] = outcome(::process_vm_readv(::getpid(), &local, 1, &remote, 1, 0));
        // The parent is not traced by us: an allowed PEEKDATA fails with ESRCH,
        // a refused one with EPERM.
        out["ptrace.before"] = outcome(::ptrace(PTRACE_PEEKDATA, ::getppid(), nullptr, nullptr));
        put_report(out, apply_process_hardening({}));
        struct {
            uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd, resv[3];
            uint64_t offsets[10];
        } params{};
        out["io_uring"] = outcome(::syscall(SYS_io_uring_setup, 4, &params));
        out["vm_readv"] = outcome(::process_vm_readv(::getpid(), &local, 1, &remote, 1, 0));
        out["vm_writev"] = outcome(::process_vm_writev(::getpid(), &remote, 1, &local, 1, 0));
        out["ptrace"] = outcome(::ptrace(PTRACE_PEEKDATA, ::getppid(), nullptr, nullptr));
    });
    CHECK(r.count("child") == 0);
    CHECK(r["vm_readv.before"] == "ok");
    CHECK(r["ptrace.before"] == "ESRCH");
    CHECK(r["io_uring"] == "ENOSYS");
    CHECK(r["vm_readv"] == "EPERM");
    CHECK(r["vm_writev"] == "EPERM");
#ifdef TEST_LSAN_BUILD
    MESSAGE("LeakSanitizer build: ptrace stays allowed (LeakSanitizer attaches to every thread at exit)");
    CHECK(r["report.ptrace_refused"] == "0");
    CHECK(r["ptrace"] == "ESRCH");
    CHECK(contains(r["report"], "ptrace allowed (LeakSanitizer build)"));
#else
    CHECK(r["report.ptrace_refused"] == "1");
    CHECK(r["ptrace"] == "EPERM");
    CHECK(contains(r["report"], "ptrace and process_vm_readv/writev refused"));
#endif
}

TEST_CASE("seccomp binds threads that were already running") {
    Results r = in_child([](Results& out) {
        std::mutex m;
        std::condition_variable cv;
        bool go = false;
        std::string seen;
        std::thread early([&] {
            std::unique_lock<std::mutex> lock(m);
            cv.wait(lock, [&] { return go; });
            seen = try_socket(AF_INET, SOCK_DGRAM);
        });
        put_report(out, apply_process_hardening({}));
        {
            std::lock_guard<std::mutex> lock(m);
            go = true;
        }
        cv.notify_one();
        early.join();
        out["early_thread"] = seen;
    });
    CHECK(r.count("child") == 0);
    CHECK(r["early_thread"] == "EACCES");
    CHECK(contains(r["report"], "on all threads"));
}

// --- landlock: writes ----------------------------------------------------------------

TEST_CASE("landlock: writes only beneath the writable folders; reading stays possible everywhere") {
    TempDir in("in"), out_dir("out");
    write_text(out_dir / "existing.txt", "kept as it was");
    write_text(in / "old.txt", "old");
    fs::create_directories(in / "staging/b1");
    fs::create_directories(in / "bundles");
    const std::string missing = in / "not-there-yet";
    const int kernel_abi = kernel_landlock_abi();

    Results r = in_child([&](Results& o) {
        o["before.outside"] = try_create(out_dir / "before.txt");
        ::unlink((out_dir / "before.txt").c_str());
        HardeningOptions opt;
        opt.writable = {in.str(), missing};
        put_report(o, apply_process_hardening(opt));
        // inside: everything the bundle store does
        o["in.create"] = try_create(in / "new.txt");
        o["in.append"] = outcome(::open((in / "old.txt").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
        o["in.truncate"] = outcome(::truncate((in / "old.txt").c_str(), 0));
        o["in.mkdir"] = outcome(::mkdir((in / "d").c_str(), 0700));
        o["in.rename"] = outcome(::rename((in / "new.txt").c_str(), (in / "d/new.txt").c_str()));
        o["in.rename_dirs"] = outcome(::rename((in / "staging/b1").c_str(), (in / "bundles/b1").c_str()));
        o["in.symlink"] = outcome(::symlink("bundles/b1", (in / "current.tmp").c_str()));
        o["in.rename_link"] = outcome(::rename((in / "current.tmp").c_str(), (in / "current").c_str()));
        o["in.unlink"] = outcome(::unlink((in / "d/new.txt").c_str()));
        o["in.rmdir"] = outcome(::rmdir((in / "d").c_str()));
        // reading anywhere (before the attempts below, which succeed without Landlock)
        o["read.outside"] = read_text(out_dir / "existing.txt");
        o["read.etc"] = read_text("/etc/passwd").empty() ? "empty" : "ok";
        o["read.proc"] = read_text("/proc/self/status").empty() ? "empty" : "ok";
        o["list.outside"] = outcome(::open(out_dir.str().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        // outside
        o["out.create"] = try_create(out_dir / "visitor.txt");
        o["out.write_existing"] = outcome(::open((out_dir / "existing.txt").c_str(), O_WRONLY | O_CLOEXEC));
        o["out.append_existing"] = outcome(::open((out_dir / "existing.txt").c_str(), O_RDWR | O_APPEND | O_CLOEXEC));
        o["out.truncate"] = outcome(::truncate((out_dir / "existing.txt").c_str(), 0));
        o["out.mkdir"] = outcome(::mkdir((out_dir / "d").c_str(), 0700));
        o["out.rename"] = outcome(::rename((out_dir / "existing.txt").c_str(), (out_dir / "renamed.txt").c_str()));
        o["out.unlink"] = outcome(::unlink((out_dir / "existing.txt").c_str()));
        o["out.symlink"] = outcome(::symlink("existing.txt", (out_dir / "link").c_str()));
        o["out.mkfifo"] = outcome(::mkfifo((out_dir / "fifo").c_str(), 0600));
        o["out.move_in_to_out"] = outcome(::rename((in / "old.txt").c_str(), (out_dir / "old.txt").c_str()));
        o["out.tmp"] = try_create(fs::temp_directory_path() / "madoguchi-harden-stray.txt");
        o["out.dev_shm"] = try_create("/dev/shm/madoguchi-harden-stray");
        // device nodes under /dev stay writable
        const int null_fd = ::open("/dev/null", O_WRONLY | O_TRUNC | O_CLOEXEC);
        o["dev_null"] = outcome(null_fd >= 0 ? ::write(null_fd, "x", 1) : -1);
        if (null_fd >= 0) ::close(null_fd);
        ::unlink((fs::temp_directory_path() / "madoguchi-harden-stray.txt").c_str());
        ::unlink("/dev/shm/madoguchi-harden-stray");
    });
    CHECK(r.count("child") == 0);
    CHECK(r["before.outside"] == "ok");  // the folder is writable without Landlock
    // Reading is never restricted, with or without Landlock.
    CHECK(r["read.outside"] == "kept as it was");
    CHECK(r["read.etc"] == "ok");
    CHECK(r["read.proc"] == "ok");
    CHECK(r["list.outside"] == "ok");
    CHECK(r["dev_null"] == "ok");
    for (const char* k : {"in.create", "in.append", "in.truncate", "in.mkdir", "in.rename", "in.rename_dirs", "in.symlink",
                          "in.rename_link", "in.unlink", "in.rmdir"}) {
        CAPTURE(k);
        CHECK(r[k] == "ok");
    }
    if (kernel_abi < 2) {
        MESSAGE("Landlock is not usable on this kernel (ABI " << kernel_abi << "): writes are NOT restricted here; "
                "checking that the report says so");
        CHECK(r["report.landlock_abi"] == "0");
        CHECK((contains(r["report"], "landlock: not available") || contains(r["report"], "not used")));
        CHECK(contains(r["report"], "writes are not restricted"));
        CHECK(r["out.create"] == "ok");
        return;
    }
    CHECK(r["report.landlock_abi"] == std::to_string(kernel_abi));
    for (const char* k : {"out.create", "out.write_existing", "out.append_existing", "out.mkdir", "out.rename", "out.unlink",
                          "out.symlink", "out.mkfifo", "out.move_in_to_out", "out.tmp"}) {
        CAPTURE(k);
        CHECK(r[k] == "EACCES");
    }
    if (fs::is_directory("/dev/shm")) CHECK(r["out.dev_shm"] == "EACCES");  // /dev allows writing nodes, not making files
    if (kernel_abi >= 3) CHECK(r["out.truncate"] == "EACCES");
    else MESSAGE("Landlock ABI " << kernel_abi << " cannot refuse truncate(); not checked");
    CHECK(read_text(out_dir / "existing.txt") == "kept as it was");
    CHECK(!fs::exists(out_dir / "visitor.txt"));
    CHECK(contains(r["report"], "landlock ABI " + std::to_string(kernel_abi) + ": writes only under " + in.str() +
                                    "; existing device nodes under /dev may be written, nothing created there"));
    CHECK(contains(r["report"], "landlock: not allowed because missing or unusable: " + missing));
    // What the child did inside is really there.
    CHECK(fs::is_symlink(in / "current"));
    CHECK(fs::exists(in / "bundles/b1"));
}

TEST_CASE("landlock: a writable file (a printer's device file) may be written but not replaced") {
    TempDir dir("file");
    const std::string printer = dir / "lp0";
    write_text(printer, "");
    Results r = in_child([&](Results& o) {
        HardeningOptions opt;
        opt.writable = {printer};
        put_report(o, apply_process_hardening(opt));
        const int fd = ::open(printer.c_str(), O_RDWR | O_APPEND | O_NOCTTY | O_CLOEXEC);
        o["print"] = outcome(fd >= 0 ? ::write(fd, "\x1b@", 2) : -1);
        if (fd >= 0) ::close(fd);
        o["neighbour"] = try_create(dir / "lp1");
        o["unlink"] = outcome(::unlink(printer.c_str()));
    });
    CHECK(r.count("child") == 0);
    CHECK(r["print"] == "ok");
    if (kernel_landlock_abi() < 2) {
        MESSAGE("Landlock is not usable on this kernel: writes are NOT restricted here");
        CHECK(contains(r["report"], "writes are not restricted"));
        return;
    }
    CHECK(r["neighbour"] == "EACCES");
    CHECK(r["unlink"] == "EACCES");
    CHECK(read_text(printer) == "\x1b@");
}

TEST_CASE("landlock: a printer device under /dev is allowed also when it is not plugged in") {
    Results r = in_child([](Results& o) {
        HardeningOptions opt;
        opt.writable = {"/dev/usb/madoguchi-test-lp9"};  // not there: a printer plugged in later
        put_report(o, apply_process_hardening(opt));
    });
    CHECK(r.count("child") == 0);
    if (r["report.landlock_abi"] == "0") {
        MESSAGE("Landlock is not usable on this kernel: writes are NOT restricted here");
        CHECK(contains(r["report"], "writes are not restricted"));
        return;
    }
    CHECK(contains(r["report"], "writes only under /dev/usb/madoguchi-test-lp9 (device); existing device nodes under /dev"));
    CHECK(!contains(r["report"], "missing or unusable"));
}

// --- landlock: TCP ports -------------------------------------------------------------

TEST_CASE("landlock: TCP only to the printer's port; no TCP at all without allow_tcp_printer") {
    Listener printer, other;
    Results r = in_child([&](Results& o) {
        // Made before hardening: seccomp does not see it, Landlock still does.
        const int early = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        HardeningOptions opt;
        put_report(o, apply_process_hardening(opt));
        o["early_socket_connect"] = try_connect(printer.port(), early);
        ::close(early);
    });
    Results p = in_child([&](Results& o) {
        HardeningOptions opt;
        opt.allow_tcp_printer = true;
        opt.tcp_printer_port = printer.port();
        put_report(o, apply_process_hardening(opt));
        o["printer"] = try_connect(printer.port());
        o["other"] = try_connect(other.port());
    });
    CHECK(r.count("child") == 0);
    CHECK(p.count("child") == 0);
    CHECK(p["printer"] == "ok");
    if (std::stoi(p["report.landlock_abi"]) < 4) {
        MESSAGE("Landlock without network rules here (ABI " << p["report.landlock_abi"]
                                                             << "): any TCP port is reachable with allow_tcp_printer");
        CHECK(p["other"] == "ok");
        CHECK(!contains(p["report"], "TCP connections only to port"));
        return;
    }
    CHECK(r["early_socket_connect"] == "EACCES");
    CHECK(contains(r["report"], "TCP connect and bind refused"));
    CHECK(p["other"] == "EACCES");
    CHECK(contains(p["report"], "TCP connections only to port " + std::to_string(printer.port()) + ", bind refused"));
}

// --- landlock: threads ---------------------------------------------------------------

TEST_CASE("landlock: the report tells the truth about threads that were already running") {
    TempDir in("thr-in"), out_dir("thr-out");
    Results r = in_child([&](Results& o) {
        std::mutex m;
        std::condition_variable cv;
        bool go = false;
        std::string early_result;
        std::thread early([&] {
            std::unique_lock<std::mutex> lock(m);
            cv.wait(lock, [&] { return go; });
            early_result = try_create(out_dir / "from-early-thread.txt");
        });
        HardeningOptions opt;
        opt.writable = {in.str()};
        put_report(o, apply_process_hardening(opt));
        std::string late_result;
        std::thread late([&] { late_result = try_create(out_dir / "from-late-thread.txt"); });
        late.join();
        {
            std::lock_guard<std::mutex> lock(m);
            go = true;
        }
        cv.notify_one();
        early.join();
        o["early"] = early_result;
        o["late"] = late_result;
        o["main"] = try_create(out_dir / "from-main.txt");
    });
    CHECK(r.count("child") == 0);
    const int abi = std::stoi(r["report.landlock_abi"]);
    if (abi == 0) {
        MESSAGE("Landlock is not usable on this kernel: writes are NOT restricted here");
        CHECK(contains(r["report"], "writes are not restricted"));
        return;
    }
    CHECK(r["main"] == "EACCES");
    CHECK(r["late"] == "EACCES");  // started after: inherits the rules
    if (r["report.all_threads"] == "1") {
        CHECK(r["early"] == "EACCES");
        CHECK(!contains(r["report"], "not restricted"));
    } else {
        MESSAGE("Landlock ABI " << abi << " binds only threads started after it; the report says so");
        CHECK(abi < 8);
        CHECK(r["early"] == "ok");
        CHECK(contains(r["report"], "the 1 thread(s) already running (SDL, Mesa) are not restricted"));
    }
}

// --- landlock: older ABIs ------------------------------------------------------------

TEST_CASE("landlock: what older kernels get, and the report for each") {
    TempDir in("abi-in"), out_dir("abi-out");
    const int kernel_abi = kernel_landlock_abi();
    struct Case {
        int cap;
        const char* report;     // expected in the report
        bool restricts;         // a new file outside is refused
        bool truncate_refused;  // truncate() outside is refused
    };
    const Case cases[] = {
        {-1, "landlock: not used (turned off by the caller); writes are not restricted", false, false},
        {1, "landlock ABI 1: not used (it would refuse the bundle store's renames between folders; needs Linux 5.19 or later); "
            "writes are not restricted",
         false, false},
        {2, "landlock ABI 2: writes only under ", true, false},
        {3, "landlock ABI 3: writes only under ", true, true},
    };
    for (const Case& c : cases) {
        CAPTURE(c.cap);
        if (c.cap > kernel_abi) {
            MESSAGE("kernel Landlock ABI " << kernel_abi << ": cap " << c.cap << " not checked");
            continue;
        }
        write_text(out_dir / "existing.txt", "kept");
        Results r = in_child([&](Results& o) {
            HardeningOptions opt;
            opt.writable = {in.str()};
            opt.landlock_abi_cap = c.cap;
            put_report(o, apply_process_hardening(opt));
            o["create"] = try_create(out_dir / "new.txt");
            o["truncate"] = outcome(::truncate((out_dir / "existing.txt").c_str(), 0));
            o["inside"] = try_create(in / "ok.txt");
        });
        CHECK(r.count("child") == 0);
        CHECK(contains(r["report"], c.report));
        CHECK(r["inside"] == "ok");
        CHECK(r["create"] == (c.restricts ? "EACCES" : "ok"));
        CHECK(r["truncate"] == (c.truncate_refused ? "EACCES" : "ok"));
        CHECK(r["report.landlock_abi"] == std::to_string(c.restricts ? c.cap : 0));
        std::error_code ec;
        fs::remove(out_dir / "new.txt", ec);
    }
    if (kernel_abi == 0) {
        MESSAGE("Landlock is not available on this kernel: checking the report says so");
        Results r = in_child([&](Results& o) { put_report(o, apply_process_hardening({})); });
        CHECK(contains(r["report"], "landlock: not available"));
        CHECK(contains(r["report"], "writes are not restricted"));
        CHECK(r["report.landlock_abi"] == "0");
    }
}

#ifndef NDEBUG
// process_hardening.hpp: once per process — a second filter and ruleset would
// only stack on the first. A debug build stops at the second call.
TEST_CASE("apply_process_hardening a second time stops a debug build") {
    CHECK(madoguchi::test::aborts([] {
        apply_process_hardening({});
        apply_process_hardening({});
    }));
}
#endif

TEST_CASE("landlock: only the listed programs can be executed (open_jtalk for speech)") {
    if (kernel_landlock_abi() < 2) {
        MESSAGE("no Landlock on this kernel: exec is not restricted");
        return;
    }
    auto try_exec = [](const char* path) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            char* argv[] = {const_cast<char*>(path), nullptr};
            ::execv(path, argv);
            ::_exit(errno == EACCES ? 77 : 78);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    Results r = in_child([&](Results& o) {
        HardeningOptions opt;
        opt.executable = {"/usr/bin/true", "/nonexistent/open_jtalk"};
        put_report(o, apply_process_hardening(opt));
        o["true"] = std::to_string(try_exec("/usr/bin/true"));
        o["false"] = std::to_string(try_exec("/usr/bin/false"));
    });
    CHECK(r.count("child") == 0);
    CHECK(r["true"] == "0");    // ran (its interpreter allowed with it)
    CHECK(r["false"] == "77");  // EACCES
    CHECK(contains(r["report"], "executes only /usr/bin/true, "));
    CHECK(contains(r["report"], "/nonexistent/open_jtalk (No such file or directory: cannot be executed)"));

    Results none = in_child([&](Results& o) {
        put_report(o, apply_process_hardening({}));
        o["true"] = std::to_string(try_exec("/usr/bin/true"));
    });
    CHECK(none["true"] == "77");
    CHECK(contains(none["report"], "executes no program"));
}
