// SPDX-License-Identifier: Apache-2.0
// search_index.hpp — the catalogue's search documents in memory, for
// Catalogue::search (docs/search.md, "How it runs").
//
// Why: answering a keystroke inside SQLite cost about 1 µs for every matching
// service (instr over three columns, the region tier, the reading from
// `service`, the sort) and a full scan for one or two characters, where the
// trigram index cannot help: 20–80 ms on a 20,000-service catalogue, where a
// keystroke should take under 5. Here the documents (already folded, exactly
// as in search_doc) sit in one block of memory, and a per-character filter
// says which documents can hold a query at all; Catalogue::search then visits
// candidates in ranking order and stops as soon as no later one can enter
// the results.
//
// Why it is coded, not UTF-8 (issue 22: the index of 100,000 services in 25 MiB;
// it took 75): the folded text of 100,000 synthetic services is 40.9 MB of UTF-8,
// mostly kana and kanji at three bytes each, and a per-character list of
// documents plus the build's leftovers doubled that. Each catalogue gets its own
// code instead: its characters numbered by how often they occur, and each number
// written the way UTF-8 writes a code point (the 128 commonest in one byte, the
// next 1,920 in two). Substring search on those bytes finds exactly what it finds
// on UTF-8 (both codes are prefix-free and a character's first byte is never
// another's continuation byte), so nothing else changes; the text shrinks to
// 20.9 MB there (98% of the characters take one byte), and a real catalogue's
// kanji take two bytes instead of three. Resident after the first search, 100,000
// services: +24.3 MiB (was +77.4; madoguchi-core-bench, docs/search.md "How it runs").
//
// It holds only what every visitor sees alike (the catalogue's own text), no
// query and no result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace madoguchi::core {

class SearchIndex {
public:
    struct Ranked {
        long long rowid;  // search_doc rowid
        uint8_t tier;     // region tier (9: outside the region)
    };
    // Reads the search documents of `ranked`, in that order, which becomes the
    // document numbering: visiting documents 0, 1, 2 … then reads memory front to
    // back (in any other order every document is a few cache misses, which
    // alone cost 30 ms per query at 100,000 services). Throws sql::Error like
    // the rest of Catalogue. `text_block_bytes`: the documents' text is read
    // into blocks of this size while the index is built (search_index.cpp;
    // tests make it small to cross many blocks).
    SearchIndex(sqlite3* db, const std::vector<Ranked>& ranked, size_t text_block_bytes = size_t{1} << 20);

    size_t size() const { return rowids_.size(); }
    long long rowid(size_t doc) const { return rowids_[doc]; }
    uint8_t tier(size_t doc) const { return tiers_[doc]; }

    // A folded query in the index's own code, made once per search.
    class Query {
        friend class SearchIndex;
        std::string utf8_;           // as given: for the documents kept as they are
        std::string coded_;          // in the code, when every character has one
        std::vector<uint32_t> codes_;  // its distinct characters' numbers, for the filter
        enum class Kind : uint8_t { coded, absent, invalid } kind_ = Kind::coded;
    };
    Query query(std::string_view folded) const;

    // Sets bit d of `mask` for every document that holds each character of the
    // query somewhere (a necessary condition for a match, never a sufficient
    // one). Returns false when no document can match.
    bool candidates(const Query& q, std::vector<uint64_t>& mask) const;

    // Where the query occurs in document `doc`, with the meaning and order of
    // MatchField (0 start of a name part or of a word in a name, 1 elsewhere in
    // a name, 2 organization, 3 text), or -1 for nowhere. Byte-wise substring
    // search of the UTF-8: for valid UTF-8 the same as SQLite's instr().
    int match(size_t doc, const Query& q) const;

    size_t memory_bytes() const;

private:
    struct Doc {
        uint32_t names, org, body;  // offsets into text_; it ends where the next one's names start
    };
    // Documents that hold a character, whichever is smaller: a bitset, or the
    // gaps between them in 7-bit groups (one byte each while the gaps are under
    // 128). Nothing for a character that every document holds.
    struct Posting {
        enum class Kind : uint8_t { all, bits, gaps } kind = Kind::all;
        uint32_t count = 0;  // documents
        size_t at = 0;       // into bits_ (words) or gaps_ (bytes)
    };
    std::string_view field(size_t doc, int which) const;
    std::string decoded(std::string_view coded) const;
    int match_in(std::string_view names, std::string_view org, std::string_view body, std::string_view q, char separator,
                 char space) const;

    std::string text_;               // every document, in the code (or as it was: raw_)
    std::vector<Doc> docs_;          // one more than there are documents: the last one's end
    std::vector<long long> rowids_;
    std::vector<uint8_t> tiers_;
    std::vector<char32_t> chars_;    // number → character (0: U+001F, 1: space, then by frequency)
    std::vector<std::pair<char32_t, uint32_t>> numbers_;  // character → number, sorted
    std::vector<Posting> postings_;  // by number
    std::vector<uint64_t> bits_;
    std::vector<uint8_t> gaps_;
    std::vector<uint64_t> raw_;  // documents that are not strict UTF-8, kept as they are: always candidates
};

}  // namespace madoguchi::core
