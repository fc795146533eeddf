// SPDX-License-Identifier: Apache-2.0
// child_confinement.hpp — a helper program the kiosk starts (open_jtalk, for
// Japanese speech) may read what it needs and nothing else may happen.
//
// Why: the kiosk's own hardening (process_hardening.hpp) leaves reading and
// executing free, because Mesa and fontconfig read all over the system. A
// helper that turns visitor-facing text into audio needs far less, so it gets
// far less, from the moment it starts:
//   - Landlock (ABI ≥ 2), every file right the kernel knows handled: it may
//     read files and folders beneath `readable`, execute exactly `executable`
//     (and the ELF interpreter each names, read from the file), write nothing
//     anywhere (its pipes are not files; /dev/null is allowed for writing so
//     that stderr can point there). No file can be made, renamed or removed.
//     Network (ABI ≥ 4): no TCP bind or connect.
//   - seccomp: socket(), socketpair(), connect(), bind(), listen(), accept()
//     fail with EACCES; ptrace, process_vm_readv/writev, io_uring too;
//   - RLIMIT_FSIZE 0 (a write to any regular file kills it with SIGXFSZ),
//     RLIMIT_CORE 0, no_new_privs.
// It also inherits the kiosk's own layers (seccomp filters and Landlock
// domains stay across exec).
//
// Use: prepare() in the parent (it allocates and opens; do it once), then
// after fork(), in the child, enter() — system calls only, no allocation, safe
// between fork and exec in a threaded process — then execve. A layer the
// kernel lacks is left out and said so in description(); enter() fails only
// when a layer that was prepared cannot be applied (then the child must not exec).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace madoguchi::platform {

struct ChildRules {
    std::vector<std::string> readable;    // files or folders (everything beneath) it may read
    std::vector<std::string> executable;  // programs it may execute (read too)
};

class ChildConfinement {
public:
    ChildConfinement();
    ~ChildConfinement();
    ChildConfinement(ChildConfinement&&) noexcept;
    ChildConfinement& operator=(ChildConfinement&&) noexcept;

    static ChildConfinement prepare(const ChildRules& rules);
    // In the child, between fork() and execve(): see above. Async-signal-safe.
    bool enter() const noexcept;
    // One line for the staff, e.g. "open_jtalk: landlock ABI 7 (reads only …; executes only …; writes nothing); seccomp: no sockets; no file writes (RLIMIT_FSIZE 0)".
    const std::string& description() const;
    int landlock_abi() const;  // 0: not applied
    bool seccomp() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The ELF interpreter a program names (PT_INTERP, e.g. /lib64/ld-linux-x86-64.so.2); "" when none or unreadable.
std::string elf_interpreter(const std::string& program);

}  // namespace madoguchi::platform
