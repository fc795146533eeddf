// SPDX-License-Identifier: Apache-2.0
// catalogue_content.cpp — Catalogue::content_problems: what `build` checks in
// the CSV files, checked again in the signed catalogue before it is installed.
//
// Why again: a signature proves who made a file, not that it was made by our
// builder. A publisher's key on a compromised machine, or a tool of their own,
// could sign a catalogue with a name of 300,000 characters (the slip renderer
// then ran for 20 s), a NUL inside a name, invalid UTF-8, a `javascript:`
// website or a service whose organization does not exist — and the kiosk
// would install it. So every text cell is strict UTF-8 without NUL and within
// a length limit, every contact value has the form `build` gives it, and every
// reference points at a row that exists. A catalogue that fails is refused
// with its first problems named; the bundle shown stays as it was.
#include <set>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/field_checks.hpp"
#include "sqlite_handle.hpp"
#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

// Longest text a cell may hold, in characters. Names and labels are shown in
// one or two lines and printed on the slip; bodies are a guide's page.
size_t max_chars(std::string_view column) {
    if (column == "name" || column == "title" || column == "label" || column == "label_ja" || column == "label_en" ||
        column == "name_kana" || column == "name_en")
        return 300;
    if (column == "word") return 40;  // keyword: as keywords.csv allows
    if (column == "number") return 40;
    return 20000;
}

// The tables whose text a visitor or the slip may show, and the column that names a row.
constexpr const char* kTextTables[][2] = {
    {"bundle_meta", "key"}, {"source", "id"},       {"vocabulary", "code"}, {"municipality", "code"}, {"organization", "id"},
    {"location", "id"},     {"service", "id"},      {"phone", "id"},        {"schedule", "id"},       {"guide", "id"},
    {"translation", "row_id"}, {"holiday", "date"},     {"keyword", "word"}, {"service_fact", "id"},
};

struct Collector {
    std::vector<std::string>& out;
    size_t limit;
    bool full() const { return out.size() >= limit; }
    void add(std::string s) {
        if (!full()) out.push_back(std::move(s));
    }
};

void check_texts(sqlite3* db, Collector& c) {
    for (const auto& [table, key] : kTextTables) {
        std::vector<std::pair<int, std::string>> cols;  // index, name of TEXT columns
        int key_col = 0;
        {
            sql::Stmt info(db, std::string("PRAGMA table_info(") + table + ")");
            while (info.step()) {
                if (info.text(2) == "TEXT") cols.emplace_back(static_cast<int>(info.integer(0)), info.text(1));
                if (info.text(1) == key) key_col = static_cast<int>(info.integer(0));
            }
        }
        sql::Stmt st(db, std::string("SELECT * FROM ") + table);
        while (st.step() && !c.full()) {
            std::string row = st.text(key_col);
            if (utf8::find_invalid(row, true) != std::string_view::npos || row.size() > 200) row = "(a row)";
            for (const auto& [i, name] : cols) {
                if (st.is_null(i)) continue;
                const std::string v = st.text(i);
                const std::string where = std::string(table) + " \"" + row + "\": " + name + ": ";
                if (size_t bad = utf8::find_invalid(v, true); bad != std::string_view::npos)
                    c.add(where + (v[bad] == '\0' ? "holds a NUL character" : "is not valid UTF-8 (byte " + std::to_string(bad) + ")"));
                else if (const size_t n = utf8::length(v); n > max_chars(name))
                    c.add(where + "is " + std::to_string(n) + " characters long (at most " + std::to_string(max_chars(name)) + ")");
            }
        }
    }
}

void check_contacts(sqlite3* db, Collector& c) {
    for (const char* table : {"organization", "service"}) {
        sql::Stmt st(db, std::string("SELECT id, website, email FROM ") + table);
        while (st.step() && !c.full()) {
            const std::string id = st.text(0);
            if (!st.is_null(1))
                if (std::string e = check_url(st.text(1), UrlUse::website); !e.empty()) c.add(std::string(table) + " \"" + id + "\": website: " + e);
            if (!st.is_null(2))
                if (std::string e = check_email(st.text(2)); !e.empty()) c.add(std::string(table) + " \"" + id + "\": email: " + e);
        }
    }
    // A phone's tel: link is what the builder makes of its number, nothing else.
    sql::Stmt ph(db, "SELECT id, number, tel_uri, type, link FROM phone");
    while (ph.step() && !c.full()) {
        const std::string id = ph.text(0), number = ph.text(1), type = ph.text(3);
        if (!channel_is_known(type)) {
            c.add("phone \"" + id + "\": type: \"" + type + "\" is not a channel type");
            continue;
        }
        // A channel without a number (line, chat, …) is reached by its link alone.
        if (!channel_has_number(type)) {
            if (!ph.is_null(1) || !ph.is_null(2)) c.add("phone \"" + id + "\": a " + type + " channel has no number");
            else if (std::string e = check_channel_link(type, ph.text(4)); !e.empty()) c.add("phone \"" + id + "\": link: " + e);
            continue;
        }
        if (!ph.is_null(4)) c.add("phone \"" + id + "\": link: a " + type + " line has only its number");
        std::string digits;
        if (std::string e = check_phone(number, &digits); !e.empty()) {
            c.add("phone \"" + id + "\": number: " + e);
            continue;
        }
        if (!ph.is_null(2) && ph.text(2) != tel_uri(digits)) c.add("phone \"" + id + "\": tel_uri: \"" + ph.text(2) + "\" is not the tel: link of " + number);
    }
    sql::Stmt sc(db, "SELECT id, days, opens, closes, holidays FROM schedule");
    while (sc.step() && !c.full()) {
        const long long days = sc.integer(1), opens = sc.integer(2), closes = sc.integer(3);
        if (!valid_stored_days(days) || opens < 0 || opens > 1439 || closes < 1 || closes > 1440 || opens == closes ||
            !parse_holiday_rule(sc.text(4)))
            c.add("schedule \"" + sc.text(0) + "\": not a valid opening-hours rule");
    }
}

// Each query lists the rows whose reference points at nothing.
void check_references(sqlite3* db, Collector& c) {
    const char* queries[][2] = {
        {"service", "SELECT s.id, 'organization_id ' || s.organization_id FROM service s WHERE NOT EXISTS (SELECT 1 FROM organization o WHERE o.id = s.organization_id)"},
        {"location", "SELECT l.id, 'organization_id ' || l.organization_id FROM location l WHERE NOT EXISTS (SELECT 1 FROM organization o WHERE o.id = l.organization_id)"},
        {"phone", "SELECT p.id, 'service_id ' || p.service_id FROM phone p WHERE NOT EXISTS (SELECT 1 FROM service s WHERE s.id = p.service_id)"},
        {"service_fact", "SELECT f.id, 'service_id ' || f.service_id FROM service_fact f WHERE NOT EXISTS (SELECT 1 FROM service s WHERE s.id = f.service_id)"},
        {"schedule", "SELECT h.id, 'service_id ' || h.service_id FROM schedule h WHERE NOT EXISTS (SELECT 1 FROM service s WHERE s.id = h.service_id)"},
        {"schedule", "SELECT h.id, 'phone_id ' || h.phone_id FROM schedule h WHERE h.phone_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM phone p WHERE p.id = h.phone_id)"},
        {"guide_service", "SELECT g.guide_id, 'service_id ' || g.service_id FROM guide_service g WHERE NOT EXISTS (SELECT 1 FROM service s WHERE s.id = g.service_id)"},
        {"service_term", "SELECT t.service_id, t.vocabulary || ' ' || t.code FROM service_term t WHERE NOT EXISTS (SELECT 1 FROM vocabulary v WHERE v.vocabulary = t.vocabulary AND v.code = t.code)"},
        // A keyword names a vocabulary code, the urgent route or nothing (a stop word).
        {"keyword", "SELECT k.word, k.vocabulary || ' ' || k.code FROM keyword k WHERE NOT (k.vocabulary = 'route' AND k.code = 'urgent') "
                    "AND NOT (k.vocabulary = 'stop' AND k.code = '') AND NOT EXISTS (SELECT 1 FROM vocabulary v WHERE v.vocabulary = k.vocabulary AND v.code = k.code)"},
    };
    for (const auto& [table, q] : queries) {
        sql::Stmt st(db, q);
        while (st.step() && !c.full()) c.add(std::string(table) + " \"" + st.text(0) + "\": " + st.text(1) + " points at nothing");
    }
}

}  // namespace

std::vector<std::string> Catalogue::content_problems(size_t limit) const {
    std::vector<std::string> out;
    Collector c{out, limit == 0 ? 1 : limit};
    sqlite3* db = raw_db();
    try {
        check_texts(db, c);
        if (!c.full()) check_references(db, c);
        if (!c.full()) check_contacts(db, c);
    } catch (const sql::Error& e) {
        c.add(std::string("the catalogue could not be read: ") + e.what());
    }
    return out;
}

}  // namespace madoguchi::core
