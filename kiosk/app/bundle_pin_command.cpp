// SPDX-License-Identifier: Apache-2.0
// bundle_pin_command.cpp — `madoguchi-bundle pin-hash`: the admin.pin_hash line
// of the kiosk config, made from a PIN.
//
// Usage:
//   madoguchi-bundle pin-hash                   at a terminal: asks twice, nothing shown
//   madoguchi-bundle pin-hash --pin-file FILE   the PIN is the first line of FILE
//   printf '%s\n' "$PIN" | madoguchi-bundle pin-hash     one line from stdin
// Prints one line on stdout, for the [admin] table of madoguchi.toml
// (docs/config.md, "The admin PIN"):
//   pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$…"
// A PIN is 6 to 12 digits, not one digit repeated nor a run (admin_pin_acceptable);
// spaces, tabs and a CR around it are dropped (a PIN has none; files from
// Windows or a stray space should not refuse a good PIN).
// Exit codes: 0 printed; 1 PIN refused (stderr says why; the two entries at a
// terminal differ); 2 usage; 3 the PIN file or stdin cannot be read, the
// terminal cannot hide typing, or no memory for hashing.
//
// Why it is careful: the PIN opens the screen that installs bundles. It is
// never printed, not even inside a message; it is read with read(2) into fixed
// buffers (no stdio buffer or reallocated std::string keeps a copy), and every
// buffer is wiped with base::secure_zero (explicit_bzero: never optimized
// away) before returning, exceptions included.
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/base/secure_clear.hpp"
#include "madoguchi/core/admin_pin.hpp"

namespace {

constexpr const char* kPinUsage =
    "usage: madoguchi-bundle pin-hash [--pin-file FILE]\n"
    "  Reads an admin PIN (6 to 12 digits) from FILE's first line, or from stdin\n"
    "  (asked twice, not shown, at a terminal) and prints the pin_hash line for\n"
    "  the [admin] table of the kiosk config.\n";

int pin_usage_error(const std::string& msg) {
    std::cerr << "madoguchi-bundle: pin-hash: " << msg << "\n\n" << kPinUsage;
    return 2;
}

// One line of input holding a PIN. Far longer than any PIN, so a too-long
// line is recognised as such rather than cut into something acceptable.
struct SecretLine {
    char data[128];
    size_t size = 0;
    bool too_long = false;
    SecretLine() { madoguchi::base::secure_zero(data, sizeof data); }
    ~SecretLine() { madoguchi::base::secure_zero(data, sizeof data); }
    SecretLine(const SecretLine&) = delete;
    SecretLine& operator=(const SecretLine&) = delete;

    std::string_view view() const { return {data, size}; }
    void push(char c) {
        if (size < sizeof data) data[size++] = c;
        else too_long = true;
    }
    // Drops spaces, tabs and CR at both ends (a PIN has none of them).
    void trim() {
        auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
        while (size > 0 && blank(data[size - 1])) data[--size] = '\0';
        size_t start = 0;
        while (start < size && blank(data[start])) ++start;
        if (start > 0) {
            std::memmove(data, data + start, size - start);
            madoguchi::base::secure_zero(data + size - start, start);
            size -= start;
        }
    }
};

// Reads up to the first '\n' (not kept) or the end of input, one byte at a
// time so nothing after the line is consumed from a shared stdin. false + errno
// on a read error.
bool read_line(int fd, SecretLine& line) {
    for (;;) {
        char c;
        const ssize_t got = ::read(fd, &c, 1);
        if (got < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (got == 0 || c == '\n') break;
        line.push(c);
        madoguchi::base::secure_zero(&c, 1);
    }
    line.trim();
    return true;
}

// --- a terminal: echo off, restored on every way out -------------------------

struct termios g_saved_termios;
volatile std::sig_atomic_t g_echo_off = 0;

void restore_echo() {
    if (g_echo_off) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
        g_echo_off = 0;
    }
}

// Ctrl-C or a hang-up while the PIN is asked must not leave the admin's
// terminal without echo: restore it, then die of the same signal.
extern "C" void on_signal(int sig) {
    restore_echo();  // tcsetattr is async-signal-safe
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

bool echo_off() {
    if (::tcgetattr(STDIN_FILENO, &g_saved_termios) != 0) return false;
    struct termios quiet = g_saved_termios;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP}) std::signal(sig, on_signal);
    g_echo_off = 1;
    if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
        g_echo_off = 0;
        return false;
    }
    return true;
}

struct EchoGuard {
    ~EchoGuard() { restore_echo(); }
};

// Asks on stderr; the newline the admin types is not echoed, so one is written.
bool ask(const char* prompt, SecretLine& line) {
    std::cerr << prompt << std::flush;
    const bool ok = read_line(STDIN_FILENO, line);
    std::cerr << "\n";
    return ok;
}

// Whether the line is refused as a PIN; the reason (never the PIN) goes to stderr.
bool refused(const SecretLine& line) {
    std::string why;
    if (line.too_long)
        why = "the line is far too long for a PIN (6 to 12 digits)";
    else if (madoguchi::core::admin_pin_acceptable(line.view(), &why))
        return false;
    std::cerr << "madoguchi-bundle: pin-hash: refused: " << why << "; nothing was printed\n";
    return true;
}

int print_hash(std::string_view pin) {
    const std::string hash = madoguchi::core::hash_admin_pin(pin);  // throws only without memory
    std::cout << "pin_hash = \"" << hash << "\"\n" << std::flush;
    if (!std::cout) {
        std::cerr << "madoguchi-bundle: pin-hash: cannot write to stdout\n";
        return 3;
    }
    return 0;
}

int from_terminal() {
    SecretLine first, second;
    {
        EchoGuard guard;
        if (!echo_off()) {
            std::cerr << "madoguchi-bundle: pin-hash: cannot hide typing on this terminal (" << std::strerror(errno)
                      << "); use --pin-file FILE\n";
            return 3;
        }
        if (!ask("PIN for the admin screen (6 to 12 digits): ", first)) {
            std::cerr << "madoguchi-bundle: pin-hash: cannot read the terminal (" << std::strerror(errno) << ")\n";
            return 3;
        }
        if (refused(first)) return 1;
        if (!ask("the same PIN again: ", second)) {
            std::cerr << "madoguchi-bundle: pin-hash: cannot read the terminal (" << std::strerror(errno) << ")\n";
            return 3;
        }
    }
    if (second.too_long || first.view() != second.view()) {
        std::cerr << "madoguchi-bundle: pin-hash: the two PINs differ; nothing was printed\n";
        return 1;
    }
    const int rc = print_hash(first.view());
    if (rc == 0) std::cerr << "madoguchi-bundle: put this line in the [admin] table of madoguchi.toml\n";
    return rc;
}

}  // namespace

int cmd_pin_hash(const std::vector<std::string>& args) {
    std::string pin_file;
    bool have_file = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << kPinUsage;
            return 0;
        }
        if (a == "--pin-file") {
            if (have_file) return pin_usage_error("--pin-file given twice");
            if (i + 1 >= args.size() || args[i + 1].empty()) return pin_usage_error("--pin-file needs a file name");
            pin_file = args[++i];
            have_file = true;
            continue;
        }
        if (a.size() > 1 && a[0] == '-') return pin_usage_error("unknown option " + a);
        // Never echo a stray argument: it may well be the PIN itself.
        return pin_usage_error("takes no arguments (give the PIN on stdin or with --pin-file, never on the command line)");
    }

    if (!have_file && ::isatty(STDIN_FILENO)) return from_terminal();

    SecretLine line;
    int fd = STDIN_FILENO;
    if (have_file) {
        fd = ::open(pin_file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            std::cerr << "madoguchi-bundle: pin-hash: cannot read " << pin_file << " (" << std::strerror(errno) << ")\n";
            return 3;
        }
    }
    const bool ok = read_line(fd, line);
    const int read_errno = errno;
    if (have_file) ::close(fd);
    if (!ok) {
        std::cerr << "madoguchi-bundle: pin-hash: cannot read " << (have_file ? pin_file : std::string("stdin")) << " ("
                  << std::strerror(read_errno) << ")\n";
        return 3;
    }
    if (refused(line)) return 1;
    return print_hash(line.view());
}
