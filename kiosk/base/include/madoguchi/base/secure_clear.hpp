// SPDX-License-Identifier: Apache-2.0
// secure_clear.hpp — the one way to wipe what a visitor (or an admin PIN) left in memory.
//
// Why: the kiosk keeps no trace of what anyone looked at, so a query, a
// service id or a slip's pixels are overwritten before their memory goes back
// to the allocator. Two things make a plain clear() or memset() not enough:
//   - clear() keeps the old bytes in the buffer, and a string's or vector's
//     capacity can hold older, longer contents beyond size(): the whole
//     capacity is wiped, not only size();
//   - the compiler may drop a memset() of memory about to be freed:
//     explicit_bzero (glibc) is never optimised away.
// After secure_clear the container is empty and has given its memory back.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace madoguchi::base {

// Overwrites `n` bytes at `p` with zeros in a way the compiler keeps.
void secure_zero(void* p, std::size_t n) noexcept;

// Wipes the whole buffer (capacity, and the terminator's slot after it), then
// empties the string and frees its buffer. A template only so that the tests
// can watch the buffer being freed through their own allocator.
template <class A>
void secure_clear(std::basic_string<char, std::char_traits<char>, A>& s) noexcept {
    secure_zero(s.data(), s.capacity() + 1);
    s.clear();
    s.shrink_to_fit();
}

// Each string as above, then the vector itself.
void secure_clear(std::vector<std::string>& v) noexcept;

// A vector of plain values (bytes, pixels, glyphs, enums): the whole capacity
// is wiped (elements past size() were there before), then it is emptied and
// its buffer freed.
template <class T, class A>
    requires std::is_trivially_copyable_v<T>
void secure_clear(std::vector<T, A>& v) noexcept {
    if (v.capacity() != 0) secure_zero(v.data(), v.capacity() * sizeof(T));
    v.clear();
    v.shrink_to_fit();
}

}  // namespace madoguchi::base
