// SPDX-License-Identifier: Apache-2.0
// preview.cpp — the slip as a file: PBM P4 (written here) and PNG (through
// text::write_png). Only ever to a path an admin or a test named; never a
// temp file.
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "madoguchi/print/printer.hpp"

namespace madoguchi::print {

namespace {

bool write_fully(int fd, const uint8_t* p, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w == 0) errno = EIO;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

}  // namespace

bool write_pbm(const Raster1& r, const std::string& path, std::string* error) {
    auto fail = [&](std::string why) {
        if (error) *error = std::move(why);
        return false;
    };
    if (r.width <= 0 || r.height <= 0 || r.bits.size() != static_cast<size_t>(r.stride()) * r.height)
        return fail("cannot write " + path + ": the raster is empty or malformed");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot write " + path + ": " + ::strerror(errno));
    // P4: magic, width and height in ASCII, one whitespace byte, then the rows
    // packed 8 pixels a byte, MSB first, 1 = black — Raster1's own layout.
    const std::string header = "P4\n" + std::to_string(r.width) + " " + std::to_string(r.height) + "\n";
    int err = 0;
    if (!write_fully(fd, reinterpret_cast<const uint8_t*>(header.data()), header.size()) ||
        !write_fully(fd, r.bits.data(), r.bits.size()))
        err = errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) {
        ::unlink(path.c_str());  // no half a slip left behind
        return fail("cannot write " + path + ": " + ::strerror(err));
    }
    return true;
}

}  // namespace madoguchi::print
