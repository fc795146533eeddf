// SPDX-License-Identifier: Apache-2.0
// test_search_index.cpp — the search index (kiosk/core/catalogue/src/
// search_index.cpp) against a brute-force scan of the same documents.
//
// The index keeps the documents in a code of its own and the documents of each
// character as bitsets or lists of gaps (issue 22); a slip in either would drop
// or misplace hits without any of the ranking tests noticing. So every query
// here is answered twice: by the index (its filter, then its match) and by a
// plain substring search of the UTF-8, as the SQL did, and they must agree.
// The index's header is private to core; it is included by path on purpose.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "../../kiosk/core/catalogue/src/search_index.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "madoguchi/core/synthetic.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

struct Doc {
    long long rowid;
    std::string names, org, body;
};

// Where q occurs, as Catalogue::search's SQL said it (MatchField's numbers):
// 0 at the start of a name part (after U+001F) or of a word, 1 elsewhere in the
// names, 2 organization, 3 text, -1 nowhere. Byte-wise, like instr().
int naive(const Doc& d, const std::string& q) {
    bool in_names = false;
    for (size_t at = d.names.find(q); at != std::string::npos; at = d.names.find(q, at + 1)) {
        if (at == 0 || d.names[at - 1] == '\x1F' || d.names[at - 1] == ' ') return 0;
        in_names = true;
    }
    if (in_names) return 1;
    if (d.org.find(q) != std::string::npos) return 2;
    if (d.body.find(q) != std::string::npos) return 3;
    return -1;
}

struct Db {
    sqlite3* db = nullptr;
    Db() {
        REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "CREATE TABLE search_doc(rowid INTEGER PRIMARY KEY, service_id TEXT, names TEXT, org_names TEXT, body TEXT)",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    ~Db() { sqlite3_close(db); }
    void insert(const Doc& d) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO search_doc VALUES (?, 'x', ?, ?, ?)", -1, &st, nullptr) == SQLITE_OK);
        sqlite3_bind_int64(st, 1, d.rowid);
        // As bytes: a document that is not UTF-8 must reach the index as it is.
        sqlite3_bind_text(st, 2, d.names.data(), static_cast<int>(d.names.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, d.org.data(), static_cast<int>(d.org.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, d.body.data(), static_cast<int>(d.body.size()), SQLITE_TRANSIENT);
        CHECK(sqlite3_step(st) == SQLITE_DONE);
        sqlite3_finalize(st);
    }
};

// Every document, for query q: the index's filter keeps each document that
// matches, and its match says what the brute force says. Returns the matches.
size_t compare(const SearchIndex& index, const std::map<long long, Doc>& by_rowid, const std::string& q) {
    const SearchIndex::Query coded = index.query(q);
    std::vector<uint64_t> mask;
    const bool any = index.candidates(coded, mask);
    size_t matches = 0;
    for (size_t doc = 0; doc < index.size(); ++doc) {
        const Doc& d = by_rowid.at(index.rowid(doc));
        const int want = naive(d, q);
        const bool candidate = any && (mask[doc >> 6] >> (doc & 63) & 1);
        CAPTURE(q);
        CAPTURE(d.rowid);
        if (want >= 0) {
            ++matches;
            CHECK(candidate);
        }
        if (candidate) CHECK(index.match(doc, coded) == want);
    }
    return matches;
}

}  // namespace

TEST_CASE("search index: every 1–3 character query agrees with a brute-force scan") {
    // A few characters that occur often (ASCII, the separators, kana, a kanji,
    // one beyond U+FFFF, a literal U+FFFD) and 300 rarer kanji, so the code has
    // one-, two- and three-byte numbers; some documents carry broken UTF-8.
    const std::vector<std::string> common = {"a", "b", " ", "\x1F", "あ", "い", "ん", "家", "𠮷", "\xEF\xBF\xBD"};
    std::vector<std::string> rare;
    for (char32_t c = 0x4E00; c < 0x4E00 + 300; ++c) {
        std::string s;
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
        rare.push_back(s);
    }
    const std::vector<std::string> broken = {"\xE3\x81", "\xC0\xAF", "\xFF", "\xED\xA0\x80"};  // cut short, overlong, never, surrogate
    std::mt19937 rng(22);
    auto text = [&](size_t max) {
        std::string s;
        const size_t n = rng() % (max + 1);
        for (size_t i = 0; i < n; ++i) s += rng() % 5 ? common[rng() % common.size()] : rare[rng() % rare.size()];
        return s;
    };
    Db db;
    std::map<long long, Doc> by_rowid;
    std::vector<SearchIndex::Ranked> ranked;
    for (long long i = 0; i < 600; ++i) {
        Doc d{1000 + i * 7, text(12), text(12), text(30)};
        if (i % 37 == 5) d.body.insert(rng() % (d.body.size() + 1), broken[rng() % broken.size()]);
        db.insert(d);
        ranked.push_back({d.rowid, static_cast<uint8_t>(rng() % 10)});
        by_rowid[d.rowid] = d;
    }
    std::shuffle(ranked.begin(), ranked.end(), rng);  // the index's order is the ranking's, not the rowids'
    ranked.erase(ranked.begin());                     // and a document left out of the ranking is not in it
    const SearchIndex index(db.db, ranked);
    REQUIRE(index.size() == ranked.size());
    for (size_t i = 0; i < ranked.size(); ++i) CHECK(index.rowid(i) == ranked[i].rowid);

    // Queries never hold U+001F (search_fold drops it, and the index keeps no list
    // for it, as before): it only separates the parts of a field.
    std::vector<std::string> typed = common;
    typed.erase(std::find(typed.begin(), typed.end(), "\x1F"));
    size_t queries = 0, hits = 0;
    for (const auto& a : typed) {
        hits += compare(index, by_rowid, a), ++queries;
        for (const auto& b : typed) {
            hits += compare(index, by_rowid, a + b), ++queries;
            for (const auto& c : typed) hits += compare(index, by_rowid, a + b + c), ++queries;
        }
    }
    // The rare characters alone and in the company they keep in the documents,
    // a character no document holds, and queries that are not UTF-8 themselves.
    for (const auto& r : rare) hits += compare(index, by_rowid, r), ++queries;
    for (int i = 0; i < 300; ++i) {
        const std::string& names = by_rowid.at(ranked[rng() % ranked.size()].rowid).names;
        if (names.empty()) continue;
        const size_t at = rng() % names.size();
        const std::string q = names.substr(at, 1 + rng() % 9);  // often cut mid-character
        if (q.find('\x1F') == std::string::npos) hits += compare(index, by_rowid, q), ++queries;
    }
    CHECK(compare(index, by_rowid, "ぬ") == 0);
    for (const auto& b : broken) hits += compare(index, by_rowid, b), ++queries;
    MESSAGE(queries << " queries, " << hits << " matches");
    CHECK(hits > 10000);  // the comparison compared something

    // The same documents read into blocks of 64 bytes while the index is built
    // (many blocks; documents longer than one get one of their own): the same
    // answers as reading every document in its own way.
    const SearchIndex small_blocks(db.db, ranked, 64);
    REQUIRE(small_blocks.size() == ranked.size());
    size_t small_hits = 0;
    for (const auto& a : typed)
        for (const auto& b : typed) small_hits += compare(small_blocks, by_rowid, a + b);
    for (const auto& r : rare) small_hits += compare(small_blocks, by_rowid, r);
    CHECK(small_hits > 1000);
}

TEST_CASE("search index: synthetic catalogues, every 1–3 character query as search() answers it") {
    for (unsigned seed : {1u, 22u}) {
        TempDir dir;
        REQUIRE(generate_synthetic_source(dir.str(), {.services = 250, .seed = seed}).empty());
        Built b(dir.str());
        std::vector<Doc> docs;
        std::map<long long, std::string> id_of;
        {
            sqlite3* db = nullptr;
            REQUIRE(sqlite3_open_v2(b.out.file("catalog.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
            sqlite3_stmt* st = nullptr;
            REQUIRE(sqlite3_prepare_v2(db, "SELECT rowid, service_id, names, org_names, body FROM search_doc", -1, &st, nullptr) == SQLITE_OK);
            auto col = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)), sqlite3_column_bytes(st, i)); };
            while (sqlite3_step(st) == SQLITE_ROW) docs.push_back({sqlite3_column_int64(st, 0), col(2), col(3), col(4)}), id_of[docs.back().rowid] = col(1);
            sqlite3_finalize(st);
            sqlite3_close(db);
        }
        // The queries: every character of the catalogue, and every 2- and 3-character
        // piece of 20 documents (whole characters, as a visitor types them).
        std::set<std::string> queries;
        for (size_t n = 0; n < docs.size(); ++n) {
            const std::string all = docs[n].names + docs[n].org + docs[n].body;
            std::vector<size_t> starts;
            for (size_t i = 0; i < all.size(); ++i)
                if ((static_cast<unsigned char>(all[i]) & 0xC0) != 0x80) starts.push_back(i);
            starts.push_back(all.size());
            for (size_t i = 0; i + 1 < starts.size(); ++i)
                for (size_t len = 1; len <= (n % (docs.size() / 20) == 0 ? 3u : 1u) && i + len < starts.size(); ++len)
                    queries.insert(all.substr(starts[i], starts[i + len] - starts[i]));
        }
        size_t compared = 0;
        for (const auto& raw : queries) {
            const std::string q = search_fold(raw);
            if (q.empty()) continue;
            std::map<std::string, int> want;  // id → where it matched
            for (const Doc& d : docs)
                if (int m = naive(d, q); m >= 0) want[id_of[d.rowid]] = m;
            const auto hits = b.cat->search(q, {.lang = "ja", .region = {27, ""}, .limit = docs.size() + 1});
            std::set<std::string> got;
            CAPTURE(q);
            for (const auto& h : hits) {
                got.insert(h.id);
                // A service a query names in everyday words comes up as `concern`
                // whatever its text says; every other hit is where the text matched.
                if (h.matched == MatchField::concern) continue;
                REQUIRE(want.count(h.id));
                CHECK(static_cast<int>(h.matched) == want[h.id]);
            }
            for (const auto& [id, m] : want) CHECK(got.count(id));
            ++compared;
        }
        CHECK(compared > 500);
    }
}
