// SPDX-License-Identifier: Apache-2.0
// search_index.cpp — see search_index.hpp.
#include "search_index.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

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

// A character's number in the code: the UTF-8 form of the number, so the
// shortest for the commonest (see search_index.hpp).
size_t code_length(uint32_t n) { return n < 0x80 ? 1 : n < 0x800 ? 2 : n < 0x10000 ? 3 : 4; }

size_t gap_length(uint32_t gap) {
    size_t n = 1;
    while (gap >= 0x80) gap >>= 7, ++n;
    return n;
}

constexpr uint32_t kNone = UINT32_MAX;

}  // namespace

SearchIndex::SearchIndex(sqlite3* db, const std::vector<Ranked>& ranked, size_t text_block_bytes) {
    // 1. One pass over search_doc in its own order (a sequential read, some ten
    // times faster than a lookup per document), into a block that is let go
    // before the index is complete, counting how often each character occurs.
    std::vector<std::pair<long long, uint32_t>> rank_of;  // rowid, position in `ranked`
    rank_of.reserve(ranked.size());
    for (size_t i = 0; i < ranked.size(); ++i) rank_of.emplace_back(ranked[i].rowid, static_cast<uint32_t>(i));
    std::sort(rank_of.begin(), rank_of.end());
    struct Read {
        uint32_t block = 0;  // in `blocks`
        uint32_t at = 0;     // within it
        uint32_t names = 0, org = 0, body = 0;
        bool present = false, strict = false;
    };
    std::vector<Read> read(ranked.size());
    // The documents' text, read in rowid order and used in ranking order, in
    // blocks (1 MiB) that are never grown; a document longer than a block gets
    // one of its own. One string that doubled as it grew held the old copy and
    // the new one at once at its last growth: 15 MiB more at the kiosk's peak
    // with 20,000 services (7.8 MiB of text), for a few hundred ms.
    const size_t block_bytes = std::max<size_t>(text_block_bytes, 1);
    std::vector<std::string> blocks;
    size_t text_bytes = 0;
    std::vector<uint64_t> bmp(0x10000, 0);  // occurrences of each character (beyond U+FFFF: `astral`)
    std::unordered_map<char32_t, uint64_t> astral;
    {
        sql::Stmt st(db, "SELECT rowid, names, org_names, body FROM search_doc ORDER BY rowid");
        while (st.step()) {
            auto it = std::lower_bound(rank_of.begin(), rank_of.end(), std::make_pair(st.integer(0), uint32_t{0}));
            if (it == rank_of.end() || it->first != st.integer(0)) continue;
            Read& r = read[it->second];
            r.present = true;
            const char* cols[3];
            size_t lens[3], doc_bytes = 0;
            for (int col = 1; col <= 3; ++col) {
                cols[col - 1] = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), col));
                lens[col - 1] = cols[col - 1] ? static_cast<size_t>(sqlite3_column_bytes(st.get(), col)) : 0;
                doc_bytes += lens[col - 1];
            }
            if (doc_bytes > UINT32_MAX || text_bytes + doc_bytes > UINT32_MAX) throw sql::Error("search documents larger than 4 GiB");
            if (blocks.empty() || blocks.back().size() + doc_bytes > blocks.back().capacity()) {
                blocks.emplace_back();
                blocks.back().reserve(std::max(block_bytes, doc_bytes));
            }
            std::string& block = blocks.back();
            r.block = static_cast<uint32_t>(blocks.size() - 1);
            r.at = static_cast<uint32_t>(block.size());
            for (int k = 0; k < 3; ++k) block.append(cols[k], lens[k]);  // within capacity: never moves
            r.names = static_cast<uint32_t>(lens[0]);
            r.org = static_cast<uint32_t>(lens[1]);
            r.body = static_cast<uint32_t>(lens[2]);
            text_bytes += doc_bytes;
            const std::string_view whole(block.data() + r.at, doc_bytes);
            // Only strict UTF-8 goes into the code: anything else (not in a
            // catalogue that madoguchi-bundle built) is kept byte for byte.
            r.strict = utf8::find_invalid(whole, false) == std::string_view::npos;
            if (!r.strict) continue;
            for (size_t k = 0; k < whole.size();) {
                const char32_t c = utf8::next(whole, k);
                if (c < 0x10000) ++bmp[c];
                else ++astral[c];
            }
        }
    }
    rank_of = {};

    // 2. The code: U+001F and the space first (match() looks one byte back for
    // them), then by frequency, the commonest first.
    std::vector<std::pair<uint64_t, char32_t>> by_count;
    for (char32_t c = 0; c < 0x10000; ++c)
        if (bmp[c] && c != kPartSeparator && c != U' ') by_count.emplace_back(bmp[c], c);
    for (const auto& [c, n] : astral) by_count.emplace_back(n, c);
    std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    chars_.reserve(by_count.size() + 2);
    chars_.push_back(static_cast<char32_t>(kPartSeparator));
    chars_.push_back(U' ');
    size_t coded_size = 0;
    for (const auto& [n, c] : by_count) {
        coded_size += n * code_length(static_cast<uint32_t>(chars_.size()));
        chars_.push_back(c);
    }
    coded_size += bmp[static_cast<unsigned char>(kPartSeparator)] + bmp[U' '];
    numbers_.reserve(chars_.size());
    for (size_t i = 0; i < chars_.size(); ++i) numbers_.emplace_back(chars_[i], static_cast<uint32_t>(i));
    std::sort(numbers_.begin(), numbers_.end());
    by_count = {};
    astral = {};
    // Reused as the number of each character of the Basic Multilingual Plane.
    for (size_t i = 0; i < chars_.size(); ++i)
        if (chars_[i] < 0x10000) bmp[chars_[i]] = i;
    auto number = [&](char32_t c) -> uint32_t {
        if (c < 0x10000) return static_cast<uint32_t>(bmp[c]);
        return std::lower_bound(numbers_.begin(), numbers_.end(), std::make_pair(c, uint32_t{0}))->second;
    };

    // 3. The documents in ranking order, in the code, straight into their final
    // block; how many documents hold each character, and how long the list of
    // gaps between them would be.
    size_t present = 0;
    for (size_t i = 0; i < ranked.size(); ++i) {
        const Read& r = read[i];
        if (!r.present) continue;
        ++present;
        if (!r.strict) coded_size += size_t{r.names} + r.org + r.body;
    }
    if (coded_size > UINT32_MAX) throw sql::Error("search documents larger than 4 GiB");
    text_.reserve(coded_size);
    docs_.reserve(present + 1);
    rowids_.reserve(present);
    tiers_.reserve(present);
    raw_.assign((present + 63) / 64, 0);
    std::vector<uint32_t> last(chars_.size(), kNone), count(chars_.size(), 0);
    std::vector<size_t> gap_bytes(chars_.size(), 0);
    for (size_t i = 0; i < ranked.size(); ++i) {
        const Read& r = read[i];
        if (!r.present) continue;
        const uint32_t doc = static_cast<uint32_t>(docs_.size());
        rowids_.push_back(ranked[i].rowid);
        tiers_.push_back(ranked[i].tier);
        const std::string_view doc_text(blocks[r.block].data() + r.at, size_t{r.names} + r.org + r.body);
        const std::string_view parts[3] = {doc_text.substr(0, r.names), doc_text.substr(r.names, r.org), doc_text.substr(size_t{r.names} + r.org)};
        uint32_t starts[3];
        for (int p = 0; p < 3; ++p) {
            starts[p] = static_cast<uint32_t>(text_.size());
            if (!r.strict) {
                text_.append(parts[p]);
                continue;
            }
            for (size_t k = 0; k < parts[p].size();) {
                const uint32_t n = number(utf8::next(parts[p], k));
                utf8::append(text_, n);
                if (last[n] == doc || n == 0) continue;  // the separator is never searched for
                gap_bytes[n] += gap_length(last[n] == kNone ? doc : doc - last[n]);
                last[n] = doc;
                ++count[n];
            }
        }
        docs_.push_back({starts[0], starts[1], starts[2]});
        if (!r.strict) set_bit(raw_, doc);
    }
    docs_.push_back({static_cast<uint32_t>(text_.size()), 0, 0});
    read = {};
    blocks = {};
    bmp = {};

    // 4. Each character's documents, bitset or gaps, whichever is smaller, in
    // two shared blocks (one allocation each, sized beforehand).
    const size_t words = (present + 63) / 64;
    size_t coded_docs = present;
    for (uint64_t w : raw_) coded_docs -= static_cast<size_t>(__builtin_popcountll(w));
    postings_.resize(chars_.size());
    size_t n_bits = 0, n_gaps = 0;
    for (size_t n = 1; n < chars_.size(); ++n) {
        Posting& p = postings_[n];
        p.count = count[n];
        if (count[n] == coded_docs) {
            p.kind = Posting::Kind::all;
        } else if (gap_bytes[n] < words * sizeof(uint64_t)) {
            p.kind = Posting::Kind::gaps;
            p.at = n_gaps;
            n_gaps += gap_bytes[n];
        } else {
            p.kind = Posting::Kind::bits;
            p.at = n_bits;
            n_bits += words;
        }
    }
    bits_.assign(n_bits, 0);
    gaps_.resize(n_gaps);
    std::fill(last.begin(), last.end(), kNone);
    std::vector<size_t> put(chars_.size(), 0);  // bytes written into each list of gaps
    for (uint32_t doc = 0; doc + 1 < docs_.size(); ++doc) {
        if (raw_[doc >> 6] >> (doc & 63) & 1) continue;
        const std::string_view whole(text_.data() + docs_[doc].names, docs_[doc + 1].names - docs_[doc].names);
        for (size_t k = 0; k < whole.size();) {
            const auto n = static_cast<uint32_t>(utf8::next(whole, k));
            if (last[n] == doc || n == 0) continue;
            const Posting& p = postings_[n];
            if (p.kind == Posting::Kind::bits) {
                bits_[p.at + (doc >> 6)] |= uint64_t{1} << (doc & 63);
            } else if (p.kind == Posting::Kind::gaps) {
                uint32_t gap = last[n] == kNone ? doc : doc - last[n];
                uint8_t* out = gaps_.data() + p.at + put[n];
                for (; gap >= 0x80; gap >>= 7) *out++ = static_cast<uint8_t>(0x80 | (gap & 0x7F)), ++put[n];
                *out = static_cast<uint8_t>(gap), ++put[n];
            }
            last[n] = doc;
        }
    }
}

std::string_view SearchIndex::field(size_t doc, int which) const {
    const Doc& d = docs_[doc];
    const uint32_t from = which == 0 ? d.names : which == 1 ? d.org : d.body;
    const uint32_t to = which == 0 ? d.org : which == 1 ? d.body : docs_[doc + 1].names;
    return std::string_view(text_.data() + from, to - from);
}

std::string SearchIndex::decoded(std::string_view coded) const {
    std::string out;
    for (size_t k = 0; k < coded.size();) utf8::append(out, chars_[utf8::next(coded, k)]);
    return out;
}

SearchIndex::Query SearchIndex::query(std::string_view folded) const {
    Query q;
    q.utf8_.assign(folded);
    // A query that is not strict UTF-8 (search_fold never makes one) is matched
    // byte for byte against each document decoded back: slow, but what it meant.
    if (utf8::find_invalid(folded, false) != std::string_view::npos) {
        q.kind_ = Query::Kind::invalid;
        return q;
    }
    for (size_t k = 0; k < folded.size();) {
        const char32_t c = utf8::next(folded, k);
        auto it = std::lower_bound(numbers_.begin(), numbers_.end(), std::make_pair(c, uint32_t{0}));
        if (it == numbers_.end() || it->first != c) {
            q.kind_ = Query::Kind::absent;  // a character no document holds
            q.coded_.clear();
            q.codes_.clear();
            return q;
        }
        utf8::append(q.coded_, it->second);
        q.codes_.push_back(it->second);
    }
    std::sort(q.codes_.begin(), q.codes_.end());
    q.codes_.erase(std::unique(q.codes_.begin(), q.codes_.end()), q.codes_.end());
    return q;
}

bool SearchIndex::candidates(const Query& q, std::vector<uint64_t>& mask) const {
    const size_t words = raw_.size();
    mask.assign(words, q.kind_ == Query::Kind::absent ? 0 : ~uint64_t{0});
    std::vector<uint64_t> listed;
    if (q.kind_ == Query::Kind::coded) {
        for (uint32_t n : q.codes_) {
            const Posting& p = postings_[n];
            if (n == 0) {  // U+001F separates parts; no query holds it, but if one did, no match could cross it
                mask.assign(words, 0);
                break;
            }
            if (p.kind == Posting::Kind::bits) {
                for (size_t w = 0; w < words; ++w) mask[w] &= bits_[p.at + w];
            } else if (p.kind == Posting::Kind::gaps) {
                listed.assign(words, 0);
                const uint8_t* in = gaps_.data() + p.at;
                uint32_t doc = 0;
                for (uint32_t i = 0; i < p.count; ++i) {
                    uint32_t gap = 0;
                    for (int shift = 0;; shift += 7) {
                        const uint8_t b = *in++;
                        gap |= static_cast<uint32_t>(b & 0x7F) << shift;
                        if (!(b & 0x80)) break;
                    }
                    doc = i == 0 ? gap : doc + gap;
                    set_bit(listed, doc);
                }
                for (size_t w = 0; w < words; ++w) mask[w] &= listed[w];
            }
        }
    }
    bool any = false;
    for (size_t w = 0; w < words; ++w) {
        mask[w] |= raw_[w];
        any = any || mask[w];
    }
    return any;
}

int SearchIndex::match_in(std::string_view names, std::string_view org, std::string_view body, std::string_view q,
                          char separator, char space) const {
    bool in_names = false;
    for (size_t at = find(names, q); at != std::string_view::npos; at = find(names, q, at + 1)) {
        // As the SQL did: substr(names, 1, n) = q, or after U+001F, or after a space.
        if (at == 0 || names[at - 1] == separator || names[at - 1] == space) return 0;
        in_names = true;
    }
    if (in_names) return 1;
    if (find(org, q) != std::string_view::npos) return 2;
    if (find(body, q) != std::string_view::npos) return 3;
    return -1;
}

int SearchIndex::match(size_t doc, const Query& q) const {
    if (raw_[doc >> 6] >> (doc & 63) & 1) return match_in(field(doc, 0), field(doc, 1), field(doc, 2), q.utf8_, kPartSeparator, ' ');
    switch (q.kind_) {
        case Query::Kind::coded: return match_in(field(doc, 0), field(doc, 1), field(doc, 2), q.coded_, 0, 1);
        case Query::Kind::absent: return -1;
        case Query::Kind::invalid: break;
    }
    return match_in(decoded(field(doc, 0)), decoded(field(doc, 1)), decoded(field(doc, 2)), q.utf8_, kPartSeparator, ' ');
}

size_t SearchIndex::memory_bytes() const {
    return text_.capacity() + docs_.capacity() * sizeof(Doc) + rowids_.capacity() * sizeof(long long) + tiers_.capacity() +
           chars_.capacity() * sizeof(char32_t) + numbers_.capacity() * sizeof(numbers_[0]) +
           postings_.capacity() * sizeof(Posting) + bits_.capacity() * sizeof(uint64_t) + gaps_.capacity() + raw_.capacity() * sizeof(uint64_t);
}

}  // namespace madoguchi::core
