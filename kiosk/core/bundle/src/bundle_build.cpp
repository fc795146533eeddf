// SPDX-License-Identifier: Apache-2.0
// bundle_build.cpp — writes a checked BundleSource as a catalogue file.
//
// The catalogue is assembled in an in-memory database, then `VACUUM INTO` a
// temporary file beside the output, fsync'ed and renamed over the output, so the
// output path only ever holds nothing, the old file, or the complete new one.
#include "madoguchi/core/bundle_build.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <algorithm>
#include <filesystem>
#include <set>

#include "bundle_source.hpp"
#include "madoguchi/core/guide_marks.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "catalogue_schema.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/regions.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "sqlite_handle.hpp"

namespace madoguchi::core {
namespace {

namespace fs = std::filesystem;

std::string now_utc(const std::string& given) {
    if (!given.empty()) return given;
    std::time_t t = std::time(nullptr);
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH")) t = static_cast<std::time_t>(std::strtoll(sde, nullptr, 10));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(';', start);
        if (end == std::string::npos) end = s.size();
        std::string item = s.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

// Ruby markup {base|reading} → "base reading" so both are searchable.
std::string strip_ruby(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '{' || c == '}') continue;
        out += c == '|' ? ' ' : c;
    }
    return out;
}

class DocBuilder {
public:
    void add(std::string_view text) {
        std::string f = search_fold(strip_ruby(text));
        if (f.empty()) return;
        if (!doc_.empty()) doc_ += '\x1f';  // never in a folded query
        doc_ += f;
    }
    const std::string& str() const { return doc_; }

private:
    std::string doc_;
};

void write_catalogue(const BundleSource& src, sqlite3* db, const BuildOptions& options) {
    auto exec = [&](const char* s) {
        char* err = nullptr;
        if (sqlite3_exec(db, s, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string m = err ? err : "?";
            sqlite3_free(err);
            throw sql::Error(m);
        }
    };
    exec(("PRAGMA application_id = " + std::to_string(kCatalogueApplicationId) + ";").c_str());
    exec(("PRAGMA user_version = " + std::to_string(kCatalogueSchemaVersion) + ";").c_str());
    exec(kCatalogueSchema);
    exec("BEGIN");

    // Translations indexed for the search documents.
    std::multimap<std::string, const SrcTranslation*> tr;
    for (const auto& t : src.translations) tr.emplace(t.table + "\x1f" + t.id + "\x1f" + t.field, &t);
    auto translations_of = [&](const std::string& table, const std::string& id, const std::string& field) {
        std::vector<std::string> v;
        auto [a, b] = tr.equal_range(table + "\x1f" + id + "\x1f" + field);
        for (auto it = a; it != b; ++it)
            if (it->second->review != "untranslated") v.push_back(it->second->text);
        return v;
    };

    {
        sql::Stmt st(db, "INSERT INTO bundle_meta(key, value) VALUES(?, ?)");
        auto meta = src.meta;
        meta["created"] = now_utc(options.created);
        meta["schema"] = std::to_string(kCatalogueSchemaVersion);
        meta["product"] = "madoguchi";
        if (!meta.count("synthetic")) meta["synthetic"] = "no";
        for (const auto& [k, v] : meta) st.bind(1, k).bind(2, v).run();
    }
    {
        sql::Stmt st(db, "INSERT INTO source VALUES(?,?,?,?,?,?,?,?)");
        for (const auto& s : src.sources)
            st.bind(1, s.id).bind(2, s.title).bind_opt(3, s.url).bind_opt(4, s.publisher).bind(5, s.checked).bind_opt(6, s.note)
                .bind_opt(7, s.published).bind_opt(8, s.licence).run();
    }
    std::map<std::string, const SrcTerm*> terms;
    {
        sql::Stmt st(db, "INSERT INTO vocabulary VALUES(?,?,?,?,?)");
        for (const auto& t : src.vocabulary) {
            st.bind(1, t.vocabulary).bind(2, t.code).bind(3, t.label_ja).bind(4, t.label_en).bind(5, t.sort).run();
            terms[t.vocabulary + ":" + t.code] = &t;
        }
    }
    {
        sql::Stmt st(db, "INSERT INTO prefecture VALUES(?,?,?,?)");
        for (const auto& p : prefectures()) st.bind(1, p.code).bind(2, p.name).bind(3, p.name_kana).bind(4, p.name_en).run();
    }
    std::map<std::string, const SrcMunicipality*> munis;
    {
        sql::Stmt st(db, "INSERT INTO municipality VALUES(?,?,?,?)");
        for (const auto& m : src.municipalities) {
            st.bind(1, m.code).bind(2, m.prefecture).bind(3, m.name).bind_opt(4, m.name_kana).run();
            munis[m.code] = &m;
        }
    }
    std::map<std::string, const SrcOrganization*> orgs;
    {
        sql::Stmt st(db, "INSERT INTO organization VALUES(?,?,?,?,?,?,?,?,?,?)");
        for (const auto& o : src.organizations) {
            st.bind(1, o.id).bind(2, o.name).bind(3, o.name_kana).bind_opt(4, o.alternate_name).bind(5, o.description)
                .bind_opt(6, o.website).bind_opt(7, o.email).bind(8, o.source).bind(9, o.assured_date).bind_opt(10, o.sector).run();
            orgs[o.id] = &o;
        }
    }
    std::map<std::string, const SrcLocation*> locs;
    {
        sql::Stmt st(db, "INSERT INTO location VALUES(?,?,?,?,?,?,?,?)");
        for (const auto& l : src.locations) {
            st.bind(1, l.id).bind(2, l.organization_id).bind_opt(3, l.name).bind_opt(4, l.postal_code).bind(5, l.prefecture)
                .bind_opt(6, l.municipality_code).bind_opt(7, l.address).bind_opt(8, l.accessibility).run();
            locs[l.id] = &l;
        }
    }
    std::multimap<std::string, const SrcPhone*> phones_of;
    for (const auto& p : src.phones) phones_of.emplace(p.service_id, &p);
    {
        sql::Stmt svc(db, "INSERT INTO service VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        sql::Stmt term(db, "INSERT INTO service_term VALUES(?,?,?)");
        sql::Stmt area(db, "INSERT INTO service_area VALUES(?,?,?,?)");
        sql::Stmt at(db, "INSERT INTO service_at_location VALUES(?,?)");
        sql::Stmt lang(db, "INSERT INTO service_language VALUES(?,?)");
        sql::Stmt doc(db, "INSERT INTO search_doc(rowid, service_id, names, org_names, body) VALUES(?,?,?,?,?)");
        sql::Stmt reach(db, "INSERT INTO service_reach VALUES(?,?,?,?,?,?)");
        for (const auto& s : src.services) {
            svc.bind(1, s.id).bind(2, s.organization_id).bind(3, s.name).bind(4, s.name_kana).bind_opt(5, s.alternate_name)
                .bind(6, s.description).bind_opt(7, s.website).bind_opt(8, s.email).bind(9, s.cost)
                .bind_opt(10, s.fees_description).bind(11, s.anonymous).bind(12, s.status).bind(13, s.source)
                .bind(14, s.assured_date).bind_opt(15, s.status_note).bind_opt(16, s.tier).run();
            const long long rowid = sqlite3_last_insert_rowid(db);
            auto terms_of = [&](const char* vocab, const std::vector<std::string>& codes) {
                for (const auto& c : codes) term.bind(1, s.id).bind(2, vocab).bind(3, c).run();
            };
            terms_of("concern", s.concerns);
            terms_of("audience", s.audiences);
            terms_of("situation", s.situations);
            terms_of("kind", s.kinds);
            terms_of("mode", s.modes);
            for (const auto& a : s.areas) {
                area.bind(1, s.id).bind(2, a.scope);
                if (a.prefecture) area.bind(3, a.prefecture); else area.bind_null(3);
                area.bind_opt(4, a.municipality).run();
            }
            for (const auto& l : s.locations) at.bind(1, s.id).bind(2, l).run();
            for (const auto& l : s.languages) lang.bind(1, s.id).bind(2, l).run();
            {
                bool national = false;
                std::string prefs = ",", munis = ",", muni_prefs = ",";
                for (const auto& a : s.areas) {
                    if (a.scope == "national") national = true;
                    else if (a.scope == "prefecture") prefs += std::to_string(a.prefecture) + ",";
                    else {
                        munis += a.municipality + ",";
                        muni_prefs += std::to_string(a.prefecture) + ",";
                    }
                }
                const bool online_only = std::all_of(s.modes.begin(), s.modes.end(), [](const std::string& m) { return m == "online"; });
                reach.bind(1, rowid).bind(2, national ? 1 : 0).bind(3, online_only && !s.modes.empty() ? 1 : 0)
                    .bind(4, prefs).bind(5, munis).bind(6, muni_prefs).run();
            }
            if (s.status != "active") continue;

            // Search document (see catalogue_schema.hpp and docs/search.md).
            DocBuilder names, org_names, body;
            names.add(s.name);
            names.add(s.name_kana);
            for (const auto& a : split_list(s.alternate_name)) names.add(a);
            for (const char* f : {"name", "alternate_name"})
                for (const auto& t : translations_of("services", s.id, f)) names.add(t);
            if (auto o = orgs.find(s.organization_id); o != orgs.end()) {
                org_names.add(o->second->name);
                org_names.add(o->second->name_kana);
                for (const auto& a : split_list(o->second->alternate_name)) org_names.add(a);
                for (const char* f : {"name", "alternate_name"})
                    for (const auto& t : translations_of("organizations", o->first, f)) org_names.add(t);
            }
            body.add(s.description);
            for (const auto& t : translations_of("services", s.id, "description")) body.add(t);
            const std::pair<const char*, const std::vector<std::string>*> labelled[] = {
                {"concern", &s.concerns}, {"kind", &s.kinds}, {"situation", &s.situations}};
            for (const auto& [vocab, codes] : labelled) {
                for (const auto& c : *codes) {
                    const std::string key = std::string(vocab) + ":" + c;
                    auto it = terms.find(key);
                    if (it == terms.end()) continue;
                    body.add(it->second->label_ja);
                    body.add(it->second->label_en);
                    for (const auto& t : translations_of("vocabulary", key, "label")) body.add(t);
                }
            }
            for (const auto& a : s.areas) {
                if (const Prefecture* p = find_prefecture(a.prefecture)) {
                    body.add(p->name);
                    body.add(p->name_kana);
                    body.add(p->name_en);
                }
                if (auto m = munis.find(a.municipality); m != munis.end()) {
                    body.add(m->second->name);
                    body.add(m->second->name_kana);
                }
            }
            auto [pa, pb] = phones_of.equal_range(s.id);
            for (auto it = pa; it != pb; ++it) body.add(it->second->number);
            for (const auto& l : s.locations) {
                if (auto it = locs.find(l); it != locs.end()) {
                    body.add(it->second->name);
                    body.add(it->second->address);
                    if (auto m = munis.find(it->second->municipality_code); m != munis.end()) body.add(m->second->name);
                }
            }
            doc.bind(1, rowid).bind(2, s.id).bind(3, names.str()).bind(4, org_names.str()).bind(5, body.str()).run();
        }
    }
    {
        sql::Stmt st(db, "INSERT INTO phone VALUES(?,?,?,?,?,?,?,?,?,?)");
        for (const auto& p : src.phones)
            st.bind(1, p.id).bind(2, p.service_id).bind_opt(3, p.number).bind_opt(4, p.tel_uri).bind(5, p.type)
                .bind_opt(6, p.label).bind_opt(7, p.note).bind(8, p.sort).bind_opt(9, p.link).bind_opt(10, p.say).run();
    }
    {
        sql::Stmt st(db, "INSERT INTO service_fact VALUES(?,?,?,?,?,?)");
        for (const auto& f : src.service_facts)
            st.bind(1, f.id).bind(2, f.service_id).bind(3, f.fact).bind(4, f.value).bind_opt(5, f.note).bind(6, f.sort).run();
    }
    {
        sql::Stmt st(db, "INSERT INTO schedule VALUES(?,?,?,?,?,?,?,?,?,?)");
        for (const auto& s : src.schedules) {
            st.bind(1, s.id).bind(2, s.service_id).bind_opt(3, s.phone_id).bind(4, stored_days(s.rule)).bind(5, s.rule.opens)
                .bind(6, s.rule.closes).bind(7, holiday_rule_name(s.rule.holidays));
            if (s.rule.valid_from) st.bind(8, format_date(*s.rule.valid_from)); else st.bind_null(8);
            if (s.rule.valid_to) st.bind(9, format_date(*s.rule.valid_to)); else st.bind_null(9);
            st.bind_opt(10, s.note).run();
        }
    }
    {
        sql::Stmt g(db, "INSERT INTO guide VALUES(?,?,?,?,?,?,?)");
        sql::Stmt gt(db, "INSERT INTO guide_term VALUES(?,?,?)");
        sql::Stmt gs(db, "INSERT INTO guide_service VALUES(?,?,?)");
        for (const auto& x : src.guides) {
            // The visitor reads the text without its source marks (guide_marks.hpp);
            // the proof stays in the evidence table.
            g.bind(1, x.id).bind(2, x.title).bind(3, strip_source_marks(x.summary)).bind(4, strip_source_marks(x.body)).bind(5, x.sort).bind(6, x.source)
                .bind(7, x.assured_date).run();
            for (const auto& c : x.concerns) gt.bind(1, x.id).bind(2, "concern").bind(3, c).run();
            for (const auto& c : x.situations) gt.bind(1, x.id).bind(2, "situation").bind(3, c).run();
            int i = 0;
            for (const auto& s : x.services) gs.bind(1, x.id).bind(2, s).bind(3, i++).run();
        }
    }
    {
        sql::Stmt st(db, "INSERT INTO translation VALUES(?,?,?,?,?,?,?)");
        for (const auto& t : src.translations)
            if (t.review != "untranslated")
                st.bind(1, t.table).bind(2, t.id).bind(3, t.field).bind(4, t.lang).bind(5, t.text).bind_opt(6, t.origin).bind(7, t.review).run();
    }
    {
        sql::Stmt st(db, "INSERT INTO evidence VALUES(?,?,?,?,?)");
        for (const auto& e : src.evidence) st.bind(1, e.table).bind(2, e.id).bind(3, e.field).bind(4, e.source).bind(5, e.quote).run();
    }
    {
        sql::Stmt st(db, "INSERT INTO holiday VALUES(?,?)");
        for (const auto& h : src.holidays) st.bind(1, h.date).bind(2, h.name).run();
    }
    {
        // Folded as the kiosk folds a query; rows that fold alike become one.
        sql::Stmt st(db, "INSERT OR IGNORE INTO keyword VALUES(?,?,?,?)");
        for (const auto& k : src.keywords) st.bind(1, k.lang).bind(2, search_fold(k.word)).bind(3, k.vocabulary).bind(4, k.code).run();
    }
    exec("COMMIT");
}

bool fsync_path(const std::string& path, bool directory) {
    int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

void count(BuildResult& r, const BundleSource& src) {
    r.organizations = static_cast<int>(src.organizations.size());
    r.services = static_cast<int>(src.services.size());
    r.phones = static_cast<int>(src.phones.size());
    r.guides = static_cast<int>(src.guides.size());
}

}  // namespace

BuildResult check_bundle_source(const std::string& src_dir, const SourceCheckOptions& options) {
    BuildResult r;
    BundleSource src;
    r.ok = load_bundle_source(src_dir, src, r.diagnostics, options.allow_missing_evidence);
    count(r, src);
    return r;
}

BuildResult build_bundle(const std::string& src_dir, const std::string& out_path, const BuildOptions& options) {
    BuildResult r;
    BundleSource src;
    if (!load_bundle_source(src_dir, src, r.diagnostics)) return r;
    count(r, src);

    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        r.write_error = "cannot create an in-memory database";
        sqlite3_close_v2(raw);
        return r;
    }
    sql::Db db(raw);
    const std::string tmp = out_path + ".partial";
    std::error_code ec;
    try {
        write_catalogue(src, db.get(), options);
        fs::remove(tmp, ec);
        sql::Stmt vac(db.get(), "VACUUM INTO ?");
        vac.bind(1, tmp);
        vac.run();
    } catch (const std::exception& e) {
        fs::remove(tmp, ec);
        r.write_error = std::string("writing ") + out_path + " failed: " + e.what();
        return r;
    }
    if (!fsync_path(tmp, false)) {
        fs::remove(tmp, ec);
        r.write_error = "writing " + out_path + " failed: could not sync the file to disk";
        return r;
    }
    fs::rename(tmp, out_path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        r.write_error = "writing " + out_path + " failed: " + ec.message();
        return r;
    }
    fs::path parent = fs::absolute(out_path).parent_path();
    fsync_path(parent.string(), true);
    r.ok = true;
    return r;
}

}  // namespace madoguchi::core
