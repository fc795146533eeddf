// SPDX-License-Identifier: Apache-2.0
// bundle_file.cpp — reading and writing the bundle container (a ustar archive
// of catalog.sqlite and catalog.sqlite.minisig). See bundle_file.hpp.
// One parser, streaming (stream_bundle_file); read_bundle_file feeds it from memory.
//
// ustar header layout (POSIX.1-1988 / pax "ustar" interchange format), offsets
// in a 512-byte block:
//   name 0..100  mode 100..108  uid 108..116  gid 116..124  size 124..136
//   mtime 136..148  chksum 148..156  typeflag 156  linkname 157..257
//   magic 257..263  version 263..265  uname 265..297  gname 297..329
//   devmajor 329..337  devminor 337..345  prefix 345..500
// GNU tar's default format writes magic "ustar " + version " \0" and uses the
// prefix area for atime/ctime etc., which are zero unless incremental.
#include "madoguchi/core/bundle_file.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace madoguchi::core {

namespace {

constexpr size_t kBlock = 512;
constexpr size_t kDefaultMaxFile = size_t{512} * 1024 * 1024;
constexpr size_t kDefaultMaxSignature = 4096;

constexpr size_t kName = 0, kNameLen = 100;
constexpr size_t kMode = 100, kUid = 108, kGid = 116;
constexpr size_t kSize = 124, kSizeLen = 12;
constexpr size_t kMtime = 136;
constexpr size_t kChksum = 148, kChksumLen = 8;
constexpr size_t kTypeflag = 156;
constexpr size_t kMagic = 257;
constexpr size_t kDevMajor = 329, kDevMinor = 337;
constexpr size_t kPrefix = 345;

bool fail(std::string* error, std::string message) {
    if (error) *error = std::move(message);
    return false;
}

bool all_zero(std::span<const uint8_t> s) {
    return std::all_of(s.begin(), s.end(), [](uint8_t c) { return c == 0; });
}

// A name field (NUL-terminated or full) as bytes.
std::string field_string(const uint8_t* p, size_t len) {
    size_t n = 0;
    while (n < len && p[n] != 0) ++n;
    return std::string(reinterpret_cast<const char*>(p), n);
}

// Hostile bytes made safe to show: printable ASCII as is, the rest as \xNN.
std::string quoted(std::string_view s) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    out += '"';
    return out;
}

// An octal numeric field: optional leading spaces, at least one octal digit,
// then only NUL or space to the end of the field.
std::optional<uint64_t> parse_octal(const uint8_t* p, size_t len) {
    size_t i = 0;
    while (i < len && p[i] == ' ') ++i;
    uint64_t v = 0;
    size_t digits = 0;
    for (; i < len && p[i] >= '0' && p[i] <= '7'; ++i, ++digits) {
        if (v > (UINT64_MAX >> 3)) return std::nullopt;
        v = (v << 3) | static_cast<uint64_t>(p[i] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; i < len; ++i)
        if (p[i] != 0 && p[i] != ' ') return std::nullopt;
    return v;
}

// Sum of the header's bytes with the checksum field counted as spaces.
uint64_t header_checksum(const uint8_t* h) {
    uint64_t sum = 0;
    for (size_t i = 0; i < kBlock; ++i)
        sum += (i >= kChksum && i < kChksum + kChksumLen) ? uint64_t{' '} : uint64_t{h[i]};
    return sum;
}

std::string type_name(uint8_t t) {
    switch (t) {
        case '1': return "a hard link";
        case '2': return "a symbolic link";
        case '3': return "a character device";
        case '4': return "a block device";
        case '5': return "a directory";
        case '6': return "a FIFO";
        case '7': return "a contiguous file";
        default: {
            std::string one(1, static_cast<char>(t));
            return "of unknown type " + quoted(one);
        }
    }
}

std::string at(size_t pos) { return "at byte " + std::to_string(pos); }

}  // namespace

namespace {

// The source as the parser sees it: whole blocks when there are, a count of
// what there was at the end, and where it is.
class Source {
public:
    explicit Source(const std::function<std::ptrdiff_t(uint8_t*, size_t)>& read) : read_(read) {}

    // Reads up to `n` bytes (fewer only at the end): how many, or -1 when the source failed.
    std::ptrdiff_t fill(uint8_t* buf, size_t n) {
        size_t got = 0;
        while (got < n && !ended_) {
            const std::ptrdiff_t r = read_(buf + got, n - got);
            if (r < 0 || static_cast<size_t>(r) > n - got) return -1;
            if (r == 0) ended_ = true;
            got += static_cast<size_t>(r);
        }
        pos_ += got;
        return static_cast<std::ptrdiff_t>(got);
    }
    uint64_t pos() const { return pos_; }

private:
    const std::function<std::ptrdiff_t(uint8_t*, size_t)>& read_;
    uint64_t pos_ = 0;
    bool ended_ = false;
};

}  // namespace

BundleStreamResult stream_bundle_file(const BundleStreamCallbacks& cb, const BundleLimits& limits) {
    const size_t max_file = limits.max_file_bytes ? limits.max_file_bytes : kDefaultMaxFile;
    const size_t max_sig = limits.max_signature_bytes ? limits.max_signature_bytes : kDefaultMaxSignature;
    const std::string cat_name = kBundleCatalogueName, sig_name = kBundleSignatureName;

    BundleStreamResult out;
    Source src(cb.read);
    auto stop = [&](BundleStreamStop why, std::string message = {}) {
        out.stop = why;
        out.error = std::move(message);
        out.bytes_read = src.pos();
        if (why != BundleStreamStop::done) out.signature.clear();
        return out;
    };
    auto malformed = [&](std::string message) { return stop(BundleStreamStop::malformed, std::move(message)); };
    std::vector<uint8_t> chunk(kBundleStreamChunk);
    bool have_cat = false, have_sig = false;

    for (;;) {
        uint8_t h[kBlock];
        const uint64_t header_at = src.pos();
        const std::ptrdiff_t got = src.fill(h, kBlock);
        if (got < 0) return stop(BundleStreamStop::source_failed);
        if (got == 0)
            return malformed(header_at == 0 ? "the bundle file is empty"
                                            : "the bundle file is cut short (the end-of-archive marker is missing)");
        const std::span<const uint8_t> block(h, static_cast<size_t>(got));
        if (block.size() < kBlock)
            return malformed(all_zero(block) ? "the bundle file is cut short (the end-of-archive marker is incomplete)"
                                             : "the bundle file is cut short (inside the header " + at(header_at) + ")");

        if (all_zero(block)) {
            // End of archive: a second zero block, then nothing but zero padding.
            const std::ptrdiff_t second = src.fill(chunk.data(), kBlock);
            if (second < 0) return stop(BundleStreamStop::source_failed);
            if (static_cast<size_t>(second) < kBlock)
                return malformed("the bundle file is cut short (the end-of-archive marker is incomplete)");
            std::ptrdiff_t n = second;
            for (; n > 0; n = src.fill(chunk.data(), chunk.size())) {
                if (!all_zero({chunk.data(), static_cast<size_t>(n)}))
                    return malformed("the bundle file has data after the end of the archive");
            }
            if (n < 0) return stop(BundleStreamStop::source_failed);
            break;
        }

        const auto stored = parse_octal(h + kChksum, kChksumLen);
        if (!stored || *stored != header_checksum(h))
            return malformed("the bundle file is damaged (the header " + at(header_at) + " has a wrong checksum)");
        if (std::memcmp(h + kMagic, "ustar", 5) != 0 || (h[kMagic + 5] != 0 && h[kMagic + 5] != ' '))
            return malformed("the bundle file is not a ustar tar archive (the header " + at(header_at) + " has no ustar magic)");

        const uint8_t type = h[kTypeflag];
        switch (type) {
            case 'L': return malformed("the bundle file holds a GNU long-name header, which is not allowed");
            case 'K': return malformed("the bundle file holds a GNU long-link header, which is not allowed");
            case 'x': return malformed("the bundle file holds a PAX extended header, which is not allowed");
            case 'g': return malformed("the bundle file holds a PAX global header, which is not allowed");
            default: break;
        }

        const std::string name = field_string(h + kName, kNameLen);
        if (type != '0' && type != 0)
            return malformed("the bundle file member " + quoted(name) + " is " + type_name(type) +
                             "; only regular files are allowed");
        if (h[kPrefix] != 0)
            return malformed("the bundle file member " + quoted(name) + " has a path prefix, which is not allowed");
        const bool is_cat = name == cat_name, is_sig = name == sig_name;
        if (!is_cat && !is_sig)
            return malformed("the bundle file holds an unexpected member " + quoted(name) + " (only " + cat_name + " and " +
                             sig_name + " are allowed)");
        if ((is_cat && have_cat) || (is_sig && have_sig)) return malformed("the bundle file holds " + name + " twice");

        if (h[kSize] & 0x80)
            return malformed("the bundle file member " + name + " has a binary (base-256) size, which is not allowed");
        const auto size64 = parse_octal(h + kSize, kSizeLen);
        if (!size64) return malformed("the bundle file member " + name + " has an unreadable size");
        const size_t limit = is_cat ? max_file : max_sig;
        if (*size64 > limit)
            return malformed("the bundle file member " + name + " is too large (" + std::to_string(*size64) +
                             " bytes; the limit is " + std::to_string(limit) + ")");
        const size_t size = static_cast<size_t>(*size64);
        const std::string cut_short = "the bundle file is cut short (inside " + name + ")";

        // The member's bytes, in chunks: the catalogue to its callback, the
        // signature (at most 4 KiB by default) kept.
        if (is_cat) {
            if (!cb.catalogue_begins(size)) return stop(BundleStreamStop::sink_stopped);
            out.catalogue_size = size;
            out.catalogue_offset = src.pos();
            have_cat = true;
        } else {
            out.signature.reserve(size);
            have_sig = true;
        }
        for (size_t left = size; left > 0;) {
            const size_t want = std::min(left, chunk.size());
            const std::ptrdiff_t n = src.fill(chunk.data(), want);
            if (n < 0) return stop(BundleStreamStop::source_failed);
            if (static_cast<size_t>(n) < want) return malformed(cut_short);
            const std::span<const uint8_t> piece(chunk.data(), want);
            if (is_cat) {
                if (!cb.catalogue_bytes(piece)) return stop(BundleStreamStop::sink_stopped);
            } else {
                out.signature.append(reinterpret_cast<const char*>(piece.data()), piece.size());
            }
            left -= want;
        }
        // Its padding to a whole block (not looked at, as tar does not).
        const size_t pad = (kBlock - size % kBlock) % kBlock;
        const std::ptrdiff_t n = src.fill(chunk.data(), pad);
        if (n < 0) return stop(BundleStreamStop::source_failed);
        if (static_cast<size_t>(n) < pad) return malformed(cut_short);
    }
    if (!have_cat) return malformed("the bundle file has no " + cat_name);
    if (!have_sig) return malformed("the bundle file has no " + sig_name);
    return stop(BundleStreamStop::done);
}

std::function<std::ptrdiff_t(uint8_t*, size_t)> bundle_memory_reader(std::span<const uint8_t> bytes) {
    return [bytes, pos = size_t{0}](uint8_t* buf, size_t n) mutable {
        const size_t k = std::min(n, bytes.size() - pos);
        if (k) std::memcpy(buf, bytes.data() + pos, k);
        pos += k;
        return static_cast<std::ptrdiff_t>(k);
    };
}

std::optional<BundleFile> read_bundle_file(std::span<const uint8_t> tar, const BundleLimits& limits,
                                           std::string* error) {
    BundleFile out;
    BundleStreamCallbacks cb;
    cb.read = bundle_memory_reader(tar);
    cb.catalogue_begins = [&](uint64_t size) {
        out.catalogue.reserve(static_cast<size_t>(size));
        return true;
    };
    cb.catalogue_bytes = [&](std::span<const uint8_t> piece) {
        out.catalogue.insert(out.catalogue.end(), piece.begin(), piece.end());
        return true;
    };
    BundleStreamResult r = stream_bundle_file(cb, limits);
    if (r.stop != BundleStreamStop::done) {
        fail(error, r.error);
        return std::nullopt;
    }
    out.signature = std::move(r.signature);
    return out;
}

namespace {

void put_octal(uint8_t* h, size_t off, size_t len, uint64_t v) {
    // len-1 zero-padded octal digits and a NUL.
    for (size_t i = len - 1; i-- > 0;) {
        h[off + i] = static_cast<uint8_t>('0' + (v & 7));
        v >>= 3;
    }
    h[off + len - 1] = 0;
}

void append_member(std::vector<uint8_t>& out, const std::string& name, std::span<const uint8_t> data) {
    if (data.size() > (uint64_t{1} << 33) - 1)
        throw std::length_error("bundle member " + name + " is too large for a ustar archive");
    uint8_t h[kBlock] = {};
    std::memcpy(h + kName, name.data(), std::min(name.size(), kNameLen));
    put_octal(h, kMode, 8, 0644);
    put_octal(h, kUid, 8, 0);
    put_octal(h, kGid, 8, 0);
    put_octal(h, kSize, 12, data.size());
    put_octal(h, kMtime, 12, 0);
    h[kTypeflag] = '0';
    std::memcpy(h + kMagic, "ustar\0" "00", 8);
    put_octal(h, kDevMajor, 8, 0);
    put_octal(h, kDevMinor, 8, 0);
    // Checksum: six octal digits, NUL, space (as tar writes it).
    const uint64_t sum = header_checksum(h);
    put_octal(h, kChksum, 7, sum);
    h[kChksum + 7] = ' ';
    out.insert(out.end(), h, h + kBlock);
    out.insert(out.end(), data.begin(), data.end());
    out.resize(out.size() + (kBlock - data.size() % kBlock) % kBlock, 0);
}

}  // namespace

std::vector<uint8_t> write_bundle_file(const BundleFile& b) {
    std::vector<uint8_t> out;
    out.reserve(b.catalogue.size() + b.signature.size() + 6 * kBlock);
    append_member(out, kBundleCatalogueName, b.catalogue);
    append_member(out, kBundleSignatureName,
                  {reinterpret_cast<const uint8_t*>(b.signature.data()), b.signature.size()});
    out.resize(out.size() + 2 * kBlock, 0);
    return out;
}

}  // namespace madoguchi::core
