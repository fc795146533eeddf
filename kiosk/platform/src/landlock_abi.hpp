// SPDX-License-Identifier: Apache-2.0
// landlock_abi.hpp — Landlock's raw syscalls and the parts of its ABI that
// Debian 12's <linux/landlock.h> (Linux 6.1, ABI 1 and 2) does not know, each
// with the ABI that brought it (internal to kiosk/platform). The kiosk's own
// rules (process_hardening.cpp) and open_jtalk's (child_confinement.cpp) use
// the same ones; they had a copy each.
#pragma once

#include <linux/landlock.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif
#ifndef __NR_landlock_add_rule
#define __NR_landlock_add_rule 445
#endif
#ifndef __NR_landlock_restrict_self
#define __NR_landlock_restrict_self 446
#endif

namespace madoguchi::platform::landlock {

inline constexpr uint64_t kFsTruncate = 1ULL << 14;         // LANDLOCK_ACCESS_FS_TRUNCATE, ABI 3
inline constexpr uint64_t kNetBindTcp = 1ULL << 0;          // LANDLOCK_ACCESS_NET_BIND_TCP, ABI 4
inline constexpr uint64_t kNetConnectTcp = 1ULL << 1;       // LANDLOCK_ACCESS_NET_CONNECT_TCP, ABI 4
inline constexpr int kRuleNetPort = 2;                      // LANDLOCK_RULE_NET_PORT, ABI 4
inline constexpr uint32_t kRestrictSelfTsync = 1U << 3;     // LANDLOCK_RESTRICT_SELF_TSYNC, ABI 8

// struct landlock_ruleset_attr as of ABI 4 (handled_access_net appended); the
// size passed tells the kernel which fields we know.
struct RulesetAttr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
};
struct NetPortAttr {  // struct landlock_net_port_attr
    uint64_t allowed_access;
    uint64_t port;
};

// glibc has no wrappers.
inline long create_ruleset(const void* attr, size_t size, uint32_t flags) {
    return ::syscall(__NR_landlock_create_ruleset, attr, size, flags);
}
inline long add_rule(int fd, int type, const void* attr) { return ::syscall(__NR_landlock_add_rule, fd, type, attr, 0U); }
inline long restrict_self(int fd, uint32_t flags) { return ::syscall(__NR_landlock_restrict_self, fd, flags); }

}  // namespace madoguchi::platform::landlock
