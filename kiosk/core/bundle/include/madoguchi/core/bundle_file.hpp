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
#include <functional>
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

// --- the same reader, streaming -----------------------------------------------
// Why: a bundle may be hundreds of MiB and the kiosk is a small PC. The store
// installs a bundle in one pass over its source (the file on the stick is read
// once: the bytes hashed are the bytes written), holding only a chunk of it in
// memory; read_bundle_file is this reader fed from memory, so both refuse the
// same archives with the same words.
inline constexpr size_t kBundleStreamChunk = size_t{256} << 10;

struct BundleStreamCallbacks {
    // Up to `n` bytes of the source into `buf`: how many (0 at its end), or -1
    // when the source failed (the caller keeps its own words for that).
    std::function<std::ptrdiff_t(uint8_t* buf, size_t n)> read;
    // catalog.sqlite's header was accepted: `size` bytes follow (at most the limit).
    std::function<bool(uint64_t size)> catalogue_begins;
    // Its bytes, in order, each once, in pieces of at most kBundleStreamChunk.
    // False from either stops the reading (the caller knows why).
    std::function<bool(std::span<const uint8_t> piece)> catalogue_bytes;
};

enum class BundleStreamStop {
    done,           // exactly the two allowed files, then the end-of-archive marker and zeros
    malformed,      // refused: `error` says why, in read_bundle_file's words
    source_failed,  // `read` returned -1
    sink_stopped,   // a catalogue callback returned false
};

struct BundleStreamResult {
    BundleStreamStop stop = BundleStreamStop::malformed;
    std::string error;         // malformed: one plain sentence
    std::string signature;     // done: the bytes of catalog.sqlite.minisig
    uint64_t catalogue_size = 0;
    uint64_t catalogue_offset = 0;  // where the catalogue's bytes start in the source
    uint64_t bytes_read = 0;   // of the source, up to where the reading stopped
};

// A `read` for bytes already in memory (install_bytes, check_bundle_bytes,
// read_bundle_file); they must outlive the reading.
std::function<std::ptrdiff_t(uint8_t* buf, size_t n)> bundle_memory_reader(std::span<const uint8_t> bytes);

// Reads the tar from `cb.read` to its end (the zero padding after the
// end-of-archive marker is read and checked too). Every callback is required.
BundleStreamResult stream_bundle_file(const BundleStreamCallbacks& cb, const BundleLimits& limits);

// Writes a ustar archive: catalog.sqlite then catalog.sqlite.minisig, mode 0644,
// mtime 0, uid/gid 0, empty user/group names, then two zero blocks (no record
// padding). Stock `tar tf` / `tar xf` read it. Throws std::length_error if a
// member is 8 GiB or more (beyond what an octal ustar size can hold).
std::vector<uint8_t> write_bundle_file(const BundleFile& b);

}  // namespace madoguchi::core
