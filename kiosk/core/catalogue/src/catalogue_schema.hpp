// SPDX-License-Identifier: Apache-2.0
// catalogue_schema.hpp — schema v5 of the catalogue file (see docs/data-model.md).
//
// Tables follow the bundle source files one to one where they can (so an admin
// recognises them), plus link tables for the `;`-lists and the search index.
#pragma once

namespace madoguchi::core {

inline constexpr const char* kCatalogueSchema = R"SQL(
CREATE TABLE bundle_meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE source(
  id TEXT PRIMARY KEY, title TEXT NOT NULL, url TEXT, publisher TEXT,
  checked TEXT NOT NULL, note TEXT,
  published TEXT, licence TEXT          -- v2: the page's own date as printed; its terms
);

CREATE TABLE vocabulary(
  vocabulary TEXT NOT NULL, code TEXT NOT NULL,
  label_ja TEXT NOT NULL, label_en TEXT NOT NULL, sort INTEGER NOT NULL,
  PRIMARY KEY(vocabulary, code)
) WITHOUT ROWID;

CREATE TABLE prefecture(
  code INTEGER PRIMARY KEY, name TEXT NOT NULL, name_kana TEXT NOT NULL, name_en TEXT NOT NULL
);

CREATE TABLE municipality(
  code TEXT PRIMARY KEY, prefecture_code INTEGER NOT NULL REFERENCES prefecture(code),
  name TEXT NOT NULL, name_kana TEXT
);

CREATE TABLE organization(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, name_kana TEXT NOT NULL, alternate_name TEXT,
  description TEXT NOT NULL, website TEXT, email TEXT,
  source_id TEXT NOT NULL REFERENCES source(id), assured_date TEXT NOT NULL,
  sector TEXT                           -- v2: public | nonprofit | private
);

CREATE TABLE location(
  id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organization(id),
  name TEXT, postal_code TEXT, prefecture_code INTEGER NOT NULL REFERENCES prefecture(code),
  municipality_code TEXT, address TEXT, accessibility TEXT
);

CREATE TABLE service(
  id TEXT NOT NULL UNIQUE, organization_id TEXT NOT NULL REFERENCES organization(id),
  name TEXT NOT NULL, name_kana TEXT NOT NULL, alternate_name TEXT,
  description TEXT NOT NULL, website TEXT, email TEXT,
  cost TEXT NOT NULL, fees_description TEXT, anonymous TEXT NOT NULL,
  status TEXT NOT NULL, source_id TEXT NOT NULL REFERENCES source(id), assured_date TEXT NOT NULL,
  status_note TEXT,                     -- v2: why a service is inactive
  directory_tier TEXT                   -- v2: the directory's own grouping (national, centre, …);
                                        --     not "tier", which the browse queries use for the region tier
);

-- Concern / audience / situation / kind / mode codes of a service (HSDS: attribute).
CREATE TABLE service_term(
  service_id TEXT NOT NULL REFERENCES service(id), vocabulary TEXT NOT NULL, code TEXT NOT NULL,
  PRIMARY KEY(service_id, vocabulary, code)
) WITHOUT ROWID;
CREATE INDEX service_term_by_code ON service_term(vocabulary, code, service_id);

-- scope: national | prefecture | municipality
CREATE TABLE service_area(
  service_id TEXT NOT NULL REFERENCES service(id), scope TEXT NOT NULL,
  prefecture_code INTEGER, municipality_code TEXT
);
CREATE INDEX service_area_by_service ON service_area(service_id);

CREATE TABLE service_at_location(
  service_id TEXT NOT NULL REFERENCES service(id), location_id TEXT NOT NULL REFERENCES location(id),
  PRIMARY KEY(service_id, location_id)
) WITHOUT ROWID;

-- rowid keeps the order the admin listed the languages in.
CREATE TABLE service_language(
  service_id TEXT NOT NULL REFERENCES service(id), language TEXT NOT NULL,
  UNIQUE(service_id, language)
);

-- Where a service reaches, flattened from service_area and service_term so that
-- browse and search compute each service's region tier in SQL, with no further
-- lookups per candidate. rowid = service.rowid. Lists are ",27,13," so that
-- instr(list, ',27,') tests membership.
CREATE TABLE service_reach(
  rowid INTEGER PRIMARY KEY,
  national INTEGER NOT NULL,            -- 1 if any area is national
  online_only INTEGER NOT NULL,         -- 1 if its only contact mode is online
  prefectures TEXT NOT NULL,            -- prefecture-wide areas
  municipalities TEXT NOT NULL,         -- municipality areas (5-digit codes)
  municipality_prefectures TEXT NOT NULL  -- prefectures of those municipalities
);

-- v4: every way to reach a service, not only by voice. type: voice, fax, text,
-- video, textphone (number and tel_uri set, link NULL) or line, chat, web_form,
-- email, sns (number and tel_uri NULL, link = URL, mail address or LINE ID).
CREATE TABLE phone(
  id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id),
  number TEXT, tel_uri TEXT, type TEXT NOT NULL,
  label TEXT, note TEXT, sort INTEGER NOT NULL,
  link TEXT,                            -- v4
  say TEXT                              -- v5: what to say when you call
);
CREATE INDEX phone_by_service ON phone(service_id, sort);

-- v4: what happens when you call (service_facts.csv). fact: anonymous,
-- confidential, police_not_told, family_may_call (value yes | no) or
-- call_charge (free | charged). Its proof: evidence rows (service_facts, id, value).
CREATE TABLE service_fact(
  id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id),
  fact TEXT NOT NULL, value TEXT NOT NULL, note TEXT, sort INTEGER NOT NULL
);
CREATE INDEX service_fact_by_service ON service_fact(service_id, sort);

-- days: bit 0 = Monday … bit 6 = Sunday. opens/closes: minutes since midnight,
-- closes <= opens means overnight. holidays: closed | open | only.
CREATE TABLE schedule(
  id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id),
  phone_id TEXT REFERENCES phone(id), days INTEGER NOT NULL,
  opens INTEGER NOT NULL, closes INTEGER NOT NULL, holidays TEXT NOT NULL,
  valid_from TEXT, valid_to TEXT, note TEXT
);
CREATE INDEX schedule_by_service ON schedule(service_id);

CREATE TABLE guide(
  id TEXT PRIMARY KEY, title TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL,
  sort INTEGER NOT NULL, source_id TEXT NOT NULL REFERENCES source(id), assured_date TEXT NOT NULL
);
CREATE TABLE guide_term(
  guide_id TEXT NOT NULL REFERENCES guide(id), vocabulary TEXT NOT NULL, code TEXT NOT NULL,
  PRIMARY KEY(guide_id, vocabulary, code)
) WITHOUT ROWID;
CREATE TABLE guide_service(
  guide_id TEXT NOT NULL REFERENCES guide(id), service_id TEXT NOT NULL REFERENCES service(id),
  sort INTEGER NOT NULL, PRIMARY KEY(guide_id, service_id)
) WITHOUT ROWID;

-- v3: origin (who or what produced the translation) and review ('unreviewed' or
-- 'reviewed' by a speaker); the kiosk offers the Japanese original beside an
-- unreviewed one. A text knowingly left untranslated has no row.
CREATE TABLE translation(
  table_name TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL, lang TEXT NOT NULL,
  text TEXT NOT NULL, origin TEXT, review TEXT NOT NULL CHECK(review IN ('unreviewed', 'reviewed')),
  PRIMARY KEY(table_name, row_id, field, lang)
) WITHOUT ROWID;

-- v2: the quote proving each contact value (table_name: organizations, services,
-- phones, schedules, locations; field: website, email, number, hours, address);
-- v3: and each fact of a guide (table_name: guides; field: the [[key]] of its mark).
-- The kiosk never reads it; `madoguchi-bundle diff` and reviewers do.
CREATE TABLE evidence(
  table_name TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL,
  source_id TEXT NOT NULL REFERENCES source(id), quote TEXT NOT NULL
);

CREATE TABLE holiday(date TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;

-- v4: everyday words (keywords.csv) that name a vocabulary code, the urgent route
-- (vocabulary 'route', code 'urgent') or nothing (vocabulary 'stop', code ''),
-- with `word` folded (search_fold) exactly as a query is; source rows that fold
-- alike (パチンコ, ぱちんこ) are one row. Note, origin and review stay in the source.
CREATE TABLE keyword(
  lang TEXT NOT NULL, word TEXT NOT NULL, vocabulary TEXT NOT NULL, code TEXT NOT NULL,
  PRIMARY KEY(lang, word, vocabulary, code)
) WITHOUT ROWID;

-- Search: one document per active service, every part folded (search_fold) and
-- parts joined by U+001F, which a folded query never holds, so no match can
-- straddle two parts. rowid = service.rowid. The kiosk builds its search index
-- from it (search_index.hpp). v6: no FTS5 table over it any more (schema 5 had
-- search_fts, which nothing read).
CREATE TABLE search_doc(
  rowid INTEGER PRIMARY KEY, service_id TEXT NOT NULL,
  names TEXT NOT NULL, org_names TEXT NOT NULL, body TEXT NOT NULL
);
)SQL";

}  // namespace madoguchi::core
