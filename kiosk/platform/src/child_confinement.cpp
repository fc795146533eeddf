// SPDX-License-Identifier: Apache-2.0
// child_confinement.cpp — Landlock, seccomp and limits for a helper program
// (see child_confinement.hpp; admins: docs/privacy.md, "Speech").
//
// Everything that allocates or may fail slowly (opening the paths, building
// the Landlock ruleset, compiling the seccomp filter to BPF) happens in
// prepare(), in the parent. enter() only makes system calls with what is
// ready: setrlimit, prctl(NO_NEW_PRIVS), landlock_restrict_self with the
// ruleset descriptor (inherited across fork), prctl(SECCOMP) with the BPF.
#include "madoguchi/platform/child_confinement.hpp"

#include <elf.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "madoguchi/base/unique_fd.hpp"
#include "landlock_abi.hpp"

namespace madoguchi::platform {

namespace {

using namespace landlock;  // the syscalls and the ABI's later parts: landlock_abi.hpp

constexpr uint64_t kRead = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
constexpr uint64_t kExec = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE;

}  // namespace

std::string elf_interpreter(const std::string& program) {
    base::UniqueFd fd(::open(program.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return "";
    Elf64_Ehdr eh{};
    if (::pread(fd.get(), &eh, sizeof eh, 0) != static_cast<ssize_t>(sizeof eh)) return "";
    if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64) return "";
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > 64) return "";
    for (int i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph{};
        if (::pread(fd.get(), &ph, sizeof ph, static_cast<off_t>(eh.e_phoff + i * sizeof ph)) != static_cast<ssize_t>(sizeof ph))
            return "";
        if (ph.p_type != PT_INTERP) continue;
        if (ph.p_filesz == 0 || ph.p_filesz > 4096) return "";
        std::string path(ph.p_filesz, '\0');
        if (::pread(fd.get(), path.data(), ph.p_filesz, static_cast<off_t>(ph.p_offset)) != static_cast<ssize_t>(ph.p_filesz))
            return "";
        path.resize(std::strlen(path.c_str()));
        return path;
    }
    return "";
}

struct ChildConfinement::Impl {
    int ruleset = -1;
    int abi = 0;
    std::vector<sock_filter> bpf;
    std::string description;
    ~Impl() {
        if (ruleset >= 0) ::close(ruleset);
    }
};

ChildConfinement::ChildConfinement() : impl_(new Impl) {}
ChildConfinement::~ChildConfinement() = default;
ChildConfinement::ChildConfinement(ChildConfinement&&) noexcept = default;
ChildConfinement& ChildConfinement::operator=(ChildConfinement&&) noexcept = default;
const std::string& ChildConfinement::description() const { return impl_->description; }
int ChildConfinement::landlock_abi() const { return impl_->abi; }
bool ChildConfinement::seccomp() const { return !impl_->bpf.empty(); }

ChildConfinement ChildConfinement::prepare(const ChildRules& rules) {
    ChildConfinement c;
    Impl& m = *c.impl_;
    std::vector<std::string> parts;

    // --- Landlock ---
    const long kernel_abi = create_ruleset(nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (kernel_abi >= 2) {
        const int abi = static_cast<int>(kernel_abi);
        uint64_t fs = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
                      LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                      LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                      LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                      LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER;
        if (abi >= 3) fs |= kFsTruncate;
        RulesetAttr attr{fs, abi >= 4 ? (kNetBindTcp | kNetConnectTcp) : 0};
        const size_t size = abi >= 4 ? sizeof attr : sizeof attr.handled_access_fs;
        const int rs = static_cast<int>(create_ruleset(&attr, size, 0));
        if (rs >= 0) {
            bool ok = true;
            std::vector<std::string> read_list, exec_list;
            auto allow = [&](const std::string& path, uint64_t rights) {
                base::UniqueFd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
                struct stat st {};
                if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0) return false;
                landlock_path_beneath_attr pb{};
                pb.parent_fd = fd.get();
                // Folder rights only on folders (the kernel refuses them on files).
                pb.allowed_access = S_ISDIR(st.st_mode) ? rights : (rights & ~LANDLOCK_ACCESS_FS_READ_DIR);
                return add_rule(rs, LANDLOCK_RULE_PATH_BENEATH, &pb) == 0;
            };
            for (const auto& p : rules.readable)
                if (allow(p, kRead)) read_list.push_back(p);
            for (const auto& p : rules.executable) {
                if (allow(p, kExec)) exec_list.push_back(p);
                else ok = false;
                const std::string interp = elf_interpreter(p);
                if (!interp.empty() && allow(interp, kExec)) exec_list.push_back(interp);
            }
            // stderr goes to /dev/null: writable, nothing else under /dev.
            allow("/dev/null", LANDLOCK_ACCESS_FS_WRITE_FILE | (abi >= 3 ? kFsTruncate : 0));
            if (ok) {
                m.ruleset = rs;
                m.abi = abi;
                std::string line = "landlock ABI " + std::to_string(abi) + ": reads only ";
                for (size_t i = 0; i < read_list.size(); ++i) line += (i ? ", " : "") + read_list[i];
                line += "; executes only ";
                for (size_t i = 0; i < exec_list.size(); ++i) line += (i ? ", " : "") + exec_list[i];
                line += "; writes no file";
                if (abi >= 4) line += "; no TCP";
                parts.push_back(line);
            } else {
                ::close(rs);
                parts.push_back("landlock: not used (a program to allow is missing)");
            }
        } else {
            parts.push_back("landlock: could not be set up (" + std::string(std::strerror(errno)) + ")");
        }
    } else {
        parts.push_back("landlock: not available on this kernel (reads and execs not restricted)");
    }

    // --- seccomp: compiled here, loaded by enter() ---
    if (scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW)) {
        bool ok = true;
        for (int sc : {SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect), SCMP_SYS(bind), SCMP_SYS(listen),
                       SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv),
                       SCMP_SYS(process_vm_writev), SCMP_SYS(io_uring_setup)})
            ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), sc, 0) == 0;
        // The kiosk's own filter already sets no_new_privs; enter() sets it itself.
        seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        base::UniqueFd mem(static_cast<int>(::memfd_create("seccomp-bpf", MFD_CLOEXEC)));
        if (ok && mem.get() >= 0 && seccomp_export_bpf(ctx, mem.get()) == 0) {
            const off_t n = ::lseek(mem.get(), 0, SEEK_END);
            if (n > 0 && n % static_cast<off_t>(sizeof(sock_filter)) == 0) {
                m.bpf.resize(static_cast<size_t>(n) / sizeof(sock_filter));
                if (::pread(mem.get(), m.bpf.data(), static_cast<size_t>(n), 0) != n) m.bpf.clear();
            }
        }
        seccomp_release(ctx);
    }
    parts.push_back(m.bpf.empty() ? "seccomp: not available" : "seccomp: no sockets, no ptrace");
    parts.push_back("no file writes (RLIMIT_FSIZE 0), no core dumps");
    for (size_t i = 0; i < parts.size(); ++i) m.description += (i ? "; " : "") + parts[i];
    return c;
}

bool ChildConfinement::enter() const noexcept {
    const rlimit zero{0, 0};
    if (::setrlimit(RLIMIT_FSIZE, &zero) != 0) return false;
    if (::setrlimit(RLIMIT_CORE, &zero) != 0) return false;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
    if (impl_->ruleset >= 0 && restrict_self(impl_->ruleset, 0U) != 0) return false;
    if (!impl_->bpf.empty()) {
        sock_fprog prog{static_cast<unsigned short>(impl_->bpf.size()), const_cast<sock_filter*>(impl_->bpf.data())};
        if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) return false;
    }
    return true;
}

}  // namespace madoguchi::platform
