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
// It holds only what every visitor sees alike (the catalogue's own text), no
// query and no result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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
    // the rest of Catalogue.
    SearchIndex(sqlite3* db, const std::vector<Ranked>& ranked);

    size_t size() const { return rowids_.size(); }
    long long rowid(size_t doc) const { return rowids_[doc]; }
    uint8_t tier(size_t doc) const { return tiers_[doc]; }

    // Sets bit d of `mask` for every document that holds each character of the
    // folded query somewhere (a necessary condition for a match, never a
    // sufficient one). Returns false when no document can match.
    bool candidates(std::string_view folded, std::vector<uint64_t>& mask) const;

    // Where the folded query occurs in document `doc`, with the meaning and
    // order of MatchField (0 start of a name part or of a word in a name,
    // 1 elsewhere in a name, 2 organization, 3 text), or -1 for nowhere.
    // Byte-wise substring search: for valid UTF-8 the same as SQLite's instr().
    int match(size_t doc, std::string_view folded) const;

    size_t memory_bytes() const;

private:
    struct Doc {
        uint32_t names, org, body, end;  // offsets into text_
    };
    // Documents that hold a character: a sorted list while few do, a bitset
    // once the list would be as large (1/32 of the documents or more).
    struct Posting {
        std::vector<uint32_t> docs;
        std::vector<uint64_t> bits;
    };
    std::string text_;
    std::vector<Doc> docs_;
    std::vector<long long> rowids_;
    std::vector<uint8_t> tiers_;
    std::unordered_map<char32_t, Posting> postings_;
    std::vector<uint64_t> undecodable_;  // documents with invalid UTF-8: always candidates
};

}  // namespace madoguchi::core
