// SPDX-License-Identifier: Apache-2.0
// bundle_file.hpp — the bundle container: one uncompressed tar file (POSIX
// ustar, as GNU tar writes it with `tar cf`) holding exactly two regular files,
// catalog.sqlite and catalog.sqlite.minisig, in either order, nothing else.
//
// The file arrives on a USB stick, so every byte is hostile: the reader is a
// small ustar parser of its own (no library) that verifies each header's
// checksum, reads sizes in octal only, refuses links, directories, devices,
// GNU long-name/long-link and PAX extended headers, any other name (no paths,
// no "./"), a non-empty prefix field, duplicates and oversize members, and
// anything but zero bytes after the two end-of-archive blocks. It never reads
// past the input. The signature is not checked here (see minisign.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace madoguchi::core {

inline constexpr const char* kBundleCatalogueName = "catalog.sqlite";
inline constexpr const char* kBundleSignatureName = "catalog.sqlite.minisig";

struct BundleLimits {
    size_t max_file_bytes = 0;       // catalog.sqlite; 0 → 512 MiB
    size_t max_signature_bytes = 0;  // catalog.sqlite.minisig; 0 → 4096
};

struct BundleFile {
    std::vector<uint8_t> catalogue;  // the bytes of catalog.sqlite
    std::string signature;           // the bytes of catalog.sqlite.minisig
};

// Reads the tar from memory. nullopt + *error (one plain sentence naming the
// problem and, where it applies, the member) for anything but exactly the two
// allowed regular files. `error` may be null.
std::optional<BundleFile> read_bundle_file(std::span<const uint8_t> tar, const BundleLimits& limits, std::string* error);

// Writes a ustar archive: catalog.sqlite then catalog.sqlite.minisig, mode 0644,
// mtime 0, uid/gid 0, empty user/group names, then two zero blocks (no record
// padding). Stock `tar tf` / `tar xf` read it. Throws std::length_error if a
// member is 8 GiB or more (beyond what an octal ustar size can hold).
std::vector<uint8_t> write_bundle_file(const BundleFile& b);

}  // namespace madoguchi::core
