// SPDX-License-Identifier: Apache-2.0
// search_index.cpp — see search_index.hpp.
#include "search_index.hpp"

#include <algorithm>
#include <cstring>

#include "sqlite_handle.hpp"
#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

constexpr char kPartSeparator = '\x1F';  // between parts of one field (catalogue_schema.hpp)

// Substring search for short needles, 16 positions at a time: a position is
// a candidate when both the needle's first and last byte are in place (W. Muła,
// "SIMD-friendly algorithms for substring searching"). One byte alone says
// little here: in Japanese UTF-8 every character starts with E3 and English
// text is full of "a"; the pair rarely lines up where the needle is not.
// GCC/Clang vector types, so it is SSE2 on x86-64 and NEON on ARM.
using Bytes16 = uint8_t __attribute__((vector_size(16)));

Bytes16 load16(const char* p) {
    Bytes16 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

size_t find(std::string_view h, std::string_view n, size_t from = 0) {
    if (n.empty()) return from <= h.size() ? from : std::string_view::npos;
    if (h.size() < n.size() || from > h.size() - n.size()) return std::string_view::npos;
    if (n.size() == 1) {
        const void* p = std::memchr(h.data() + from, n[0], h.size() - from);
        return p ? static_cast<size_t>(static_cast<const char*>(p) - h.data()) : std::string_view::npos;
    }
    const size_t k = n.size() - 1;
    const Bytes16 first = Bytes16{} + static_cast<uint8_t>(n[0]);
    const Bytes16 last = Bytes16{} + static_cast<uint8_t>(n[k]);
    size_t i = from;
    for (; i + k + 16 <= h.size(); i += 16) {
        const auto hit = (load16(h.data() + i) == first) & (load16(h.data() + i + k) == last);
        uint64_t lanes[2];
        std::memcpy(lanes, &hit, sizeof lanes);
        if ((lanes[0] | lanes[1]) == 0) continue;
        for (size_t j = 0; j < 16; ++j)
            if (hit[j] && std::memcmp(h.data() + i + j + 1, n.data() + 1, k - 1) == 0) return i + j;
    }
    for (; i + k < h.size(); ++i)
        if (h[i] == n[0] && h[i + k] == n[k] && std::memcmp(h.data() + i + 1, n.data() + 1, k - 1) == 0) return i;
    return std::string_view::npos;
}

void set_bit(std::vector<uint64_t>& bits, size_t i) { bits[i >> 6] |= uint64_t{1} << (i & 63); }

}  // namespace

SearchIndex::SearchIndex(sqlite3* db, const std::vector<Ranked>& ranked) {
    // One pass over search_doc in its own order (a sequential read, some ten
    // times faster than a lookup per document), then the documents are copied
    // into ranking order.
    std::vector<std::pair<long long, uint32_t>> rank_of;  // rowid, position in `ranked`
    rank_of.reserve(ranked.size());
    for (size_t i = 0; i < ranked.size(); ++i) rank_of.emplace_back(ranked[i].rowid, static_cast<uint32_t>(i));
    std::sort(rank_of.begin(), rank_of.end());
    struct Read {
        size_t at = 0;
        uint32_t names = 0, org = 0, body = 0;
        bool present = false;
    };
    std::vector<Read> read(ranked.size());
    std::string all_text;
    {
        sql::Stmt st(db, "SELECT rowid, names, org_names, body FROM search_doc ORDER BY rowid");
        while (st.step()) {
            auto it = std::lower_bound(rank_of.begin(), rank_of.end(), std::make_pair(st.integer(0), uint32_t{0}));
            if (it == rank_of.end() || it->first != st.integer(0)) continue;
            Read& r = read[it->second];
            r.at = all_text.size();
            r.present = true;
            uint32_t* lens[3] = {&r.names, &r.org, &r.body};
            for (int col = 1; col <= 3; ++col) {
                const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), col));
                const auto n = static_cast<size_t>(sqlite3_column_bytes(st.get(), col));
                if (p) all_text.append(p, n);
                *lens[col - 1] = p ? static_cast<uint32_t>(n) : 0;
            }
        }
    }
    if (all_text.size() > UINT32_MAX) throw sql::Error("search documents larger than 4 GiB");
    text_.reserve(all_text.size());

    std::unordered_map<char32_t, std::vector<uint32_t>> lists;
    std::vector<char32_t> chars;
    std::vector<size_t> bad;
    for (size_t i = 0; i < ranked.size(); ++i) {
        const Read& r = read[i];
        if (!r.present) continue;
        Doc d{};
        d.names = static_cast<uint32_t>(text_.size());
        d.org = d.names + r.names;
        d.body = d.org + r.org;
        d.end = d.body + r.body;
        text_.append(all_text, r.at, r.names + r.org + r.body);
        const uint32_t doc = static_cast<uint32_t>(docs_.size());
        docs_.push_back(d);
        rowids_.push_back(ranked[i].rowid);
        tiers_.push_back(ranked[i].tier);

        // The characters of the whole document, each once.
        chars.clear();
        const std::string_view whole(text_.data() + d.names, d.end - d.names);
        bool undecodable = false;
        for (size_t k = 0; k < whole.size();) {
            const size_t at = k;
            const char32_t c = utf8::next(whole, k);
            // A U+FFFD that is not spelled EF BF BD is a broken byte sequence:
            // what the query's bytes might meet there cannot be told from characters.
            if (c == 0xFFFD && whole.substr(at, k - at) != "\xEF\xBF\xBD") undecodable = true;
            if (c != static_cast<char32_t>(kPartSeparator)) chars.push_back(c);
        }
        std::sort(chars.begin(), chars.end());
        chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
        for (char32_t c : chars) lists[c].push_back(doc);
        if (undecodable) bad.push_back(doc);
    }
    const size_t words = (docs_.size() + 63) / 64;
    undecodable_.assign(words, 0);
    for (size_t d : bad) set_bit(undecodable_, d);
    for (auto& [c, docs] : lists) {
        Posting& p = postings_[c];
        if (docs.size() * 32 >= docs_.size()) {
            p.bits.assign(words, 0);
            for (uint32_t d : docs) set_bit(p.bits, d);
        } else {
            p.docs = std::move(docs);
            p.docs.shrink_to_fit();
        }
    }
}

bool SearchIndex::candidates(std::string_view folded, std::vector<uint64_t>& mask) const {
    const size_t words = (docs_.size() + 63) / 64;
    mask.assign(words, ~uint64_t{0});
    std::vector<char32_t> chars;
    for (size_t i = 0; i < folded.size();) chars.push_back(utf8::next(folded, i));
    std::sort(chars.begin(), chars.end());
    chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
    std::vector<uint64_t> listed;
    for (char32_t c : chars) {
        auto it = postings_.find(c);
        if (it == postings_.end()) {
            mask.assign(words, 0);
            break;
        }
        const Posting& p = it->second;
        if (!p.bits.empty()) {
            for (size_t w = 0; w < words; ++w) mask[w] &= p.bits[w];
        } else {
            listed.assign(words, 0);
            for (uint32_t d : p.docs) set_bit(listed, d);
            for (size_t w = 0; w < words; ++w) mask[w] &= listed[w];
        }
    }
    bool any = false;
    for (size_t w = 0; w < words; ++w) {
        mask[w] |= undecodable_[w];
        any = any || mask[w];
    }
    return any;
}

int SearchIndex::match(size_t doc, std::string_view q) const {
    const Doc& d = docs_[doc];
    const std::string_view names(text_.data() + d.names, d.org - d.names);
    bool in_names = false;
    for (size_t at = find(names, q); at != std::string_view::npos; at = find(names, q, at + 1)) {
        // As the SQL did: substr(names, 1, n) = q, or after U+001F, or after a space.
        if (at == 0 || names[at - 1] == kPartSeparator || names[at - 1] == ' ') return 0;
        in_names = true;
    }
    if (in_names) return 1;
    if (find(std::string_view(text_.data() + d.org, d.body - d.org), q) != std::string_view::npos) return 2;
    if (find(std::string_view(text_.data() + d.body, d.end - d.body), q) != std::string_view::npos) return 3;
    return -1;
}

size_t SearchIndex::memory_bytes() const {
    size_t n = text_.capacity() + docs_.capacity() * sizeof(Doc) + rowids_.capacity() * sizeof(long long) + tiers_.capacity() +
               undecodable_.capacity() * sizeof(uint64_t);
    for (const auto& [c, p] : postings_) n += sizeof(c) + sizeof(p) + p.docs.capacity() * sizeof(uint32_t) + p.bits.capacity() * sizeof(uint64_t);
    return n;
}

}  // namespace madoguchi::core
