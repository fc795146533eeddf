// SPDX-License-Identifier: Apache-2.0
// wipe_on_free.cpp — every block the kiosk frees is overwritten first.
//
// Why: a visitor's query and the names of the services they looked at pass
// through many temporaries — std::string copies, ICU's UTF-16 copies for line
// breaking, HarfBuzz's UTF-32 buffers, SQLite's page cache. Freed memory keeps
// its bytes until it is reused, so "the session is wiped" would be a promise
// about our own variables only. Interposing free() (and realloc(), which frees
// the old block when it moves) in the executable makes it a promise about the
// whole process: glibc looks symbols up in the executable first, so libstdc++'s
// operator delete, ICU, HarfBuzz, SQLite and SDL all free through here.
// (glibc's M_PERTURB would do the same for free() but skips the per-thread
// cache that small blocks go to, which is where most strings end up.)
//
// Cost: one explicit_bzero per free, of the block's usable size; the kiosk
// frees little per frame. Not used in sanitizer builds: ASan replaces the
// allocator (the audits run on a plain build; see tests/privacy).
//
// glibc's own internal frees (stdio buffers, getaddrinfo) do not come here;
// no visitor content goes through them.
#include <malloc.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)

extern "C" {
void* __libc_malloc(size_t size);
void __libc_free(void* p);

void free(void* p) noexcept {
    if (!p) return;
    explicit_bzero(p, malloc_usable_size(p));
    __libc_free(p);
}

// Always a new block when growing, so the old one is wiped by free() above
// (glibc's realloc would release it unwiped, or extend it in place).
void* realloc(void* p, size_t n) noexcept {
    if (!p) return __libc_malloc(n);
    if (n == 0) {
        free(p);
        return nullptr;
    }
    const size_t have = malloc_usable_size(p);
    if (n <= have) return p;  // shrinking keeps the block (its tail stays ours, wiped at free)
    void* q = __libc_malloc(n);
    if (!q) return nullptr;  // p untouched, as realloc promises
    std::memcpy(q, p, have);
    free(p);
    return q;
}

void* reallocarray(void* p, size_t count, size_t size) noexcept {
    size_t n = 0;
    if (__builtin_mul_overflow(count, size, &n)) {
        errno = ENOMEM;
        return nullptr;
    }
    return realloc(p, n);
}
}

#endif
