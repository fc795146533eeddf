// SPDX-License-Identifier: Apache-2.0
// Tests of base::secure_clear: the whole buffer is zero when it goes back to the allocator.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/base/secure_clear.hpp"

using madoguchi::base::secure_clear;
using madoguchi::base::secure_zero;

namespace {

// An allocator that looks at every block as it is freed: how many were freed,
// and whether any byte of one was not zero. (What the wipe-on-free allocator
// does in the kiosk is overwrite every freed block; here we only look.)
struct FreeLog {
    int freed = 0;
    int dirty = 0;  // blocks freed with a byte left that is not zero
};
FreeLog g_log;

template <class T>
struct Watching {
    using value_type = T;
    Watching() = default;
    template <class U>
    Watching(const Watching<U>&) {}
    T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
    void deallocate(T* p, std::size_t n) {
        const auto* b = reinterpret_cast<const unsigned char*>(p);
        bool zero = true;
        for (std::size_t i = 0; i < n * sizeof(T); ++i) zero = zero && b[i] == 0;
        ++g_log.freed;
        if (!zero) ++g_log.dirty;
        std::allocator<T>().deallocate(p, n);
    }
    friend bool operator==(const Watching&, const Watching&) { return true; }
};

using WatchedString = std::basic_string<char, std::char_traits<char>, Watching<char>>;

}  // namespace

TEST_CASE("secure_clear: a string's whole capacity is wiped, not only its size") {
    g_log = {};
    WatchedString s;
    s.reserve(200);
    s = "a visitor's query, long enough to live on the heap rather than inside the string";
    s.resize(5);  // what clear() or a shorter value leaves behind: the old text past size()
    secure_clear(s);
    CHECK(s.empty());
    CHECK(g_log.freed == 1);
    CHECK(g_log.dirty == 0);
}

TEST_CASE("secure_clear: the same string freed without it would have kept the text (the check can fail)") {
    g_log = {};
    {
        WatchedString s;
        s.reserve(200);
        s = "a visitor's query, long enough to live on the heap rather than inside the string";
        s.resize(5);
    }
    CHECK(g_log.freed == 1);
    CHECK(g_log.dirty == 1);
}

TEST_CASE("secure_clear: a short string (inside the object) is wiped too") {
    std::string s = "ダルク";
    const char* inside = s.data();
    secure_clear(s);
    CHECK(s.empty());
    for (std::size_t i = 0; i < s.capacity(); ++i) CHECK(inside[i] == 0);
}

TEST_CASE("secure_clear: a vector of plain values, capacity included") {
    g_log = {};
    std::vector<uint32_t, Watching<uint32_t>> v(64, 0xA5A5A5A5u);
    v.resize(3);
    secure_clear(v);
    CHECK(v.empty());
    CHECK(v.capacity() == 0);
    CHECK(g_log.freed == 1);
    CHECK(g_log.dirty == 0);
}

TEST_CASE("secure_clear: a list of strings is emptied") {
    std::vector<std::string> v{"alcohol", std::string(100, 'x')};
    secure_clear(v);
    CHECK(v.empty());
    CHECK(v.capacity() == 0);
}

TEST_CASE("secure_zero: zeros exactly the bytes given") {
    unsigned char b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    secure_zero(b + 2, 4);
    const unsigned char want[8] = {1, 2, 0, 0, 0, 0, 7, 8};
    for (int i = 0; i < 8; ++i) CHECK(b[i] == want[i]);
    secure_zero(nullptr, 0);  // allowed: nothing to do
}
