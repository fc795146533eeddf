// SPDX-License-Identifier: Apache-2.0
// bundle_source.hpp — the checked, in-memory form of a bundle source (internal).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/diagnostics.hpp"
#include "madoguchi/core/schedule.hpp"

namespace madoguchi::core {

struct SrcSource { std::string id, title, url, publisher, published, checked, licence, note; };
struct SrcTerm { std::string vocabulary, code, label_ja, label_en; int sort = 0; };
struct SrcMunicipality { std::string code; int prefecture = 0; std::string name, name_kana; };
struct SrcOrganization {
    std::string id, name, name_kana, alternate_name, description, website, email, sector, source, assured_date;
};
struct SrcLocation {
    std::string id, organization_id, name, postal_code, municipality_code, address, accessibility;
    int prefecture = 0;
};
struct SrcArea { std::string scope; int prefecture = 0; std::string municipality; };
struct SrcService {
    std::string id, organization_id, name, name_kana, alternate_name, description;
    std::vector<std::string> concerns, audiences, situations, kinds, modes, locations, languages;
    std::vector<SrcArea> areas;
    std::string website, email, cost, fees_description, anonymous, status, status_note, tier, source, assured_date;
};
// A way to reach a service (phones.csv): a number (voice, fax, text, video,
// textphone) or, for channels without one (line, chat, web_form, email, sns),
// a `link`: a URL, a mail address or a LINE ID.
// `say`: what to say when you call (editorial, optional; docs/bundle-source.md).
struct SrcPhone { std::string id, service_id, number, tel_uri, type, link, label, note, say; int sort = 0; };
// What happens when you call (service_facts.csv): one stated fact of a service.
struct SrcServiceFact { std::string id, service_id, fact, value, note; int sort = 0; };
struct SrcSchedule {
    std::string id, service_id, phone_id, note;
    ScheduleRule rule;
};
struct SrcGuide {
    std::string id, title, summary, body, source, assured_date;
    std::vector<std::string> concerns, situations, services;
    int sort = 0;
};
// `review`: unreviewed (the default), reviewed, or untranslated (a row that says, with
// empty text, that this text is knowingly not translated yet). `origin`: who or what
// produced the translation.
struct SrcTranslation { std::string table, id, field, lang, text, origin, review = "unreviewed"; };
struct SrcHoliday { std::string date, name; };
// keywords.csv (issue 19): an everyday word → a vocabulary code, or the urgent
// route, or `stop` (a word that hides the keywords inside it: 大丈夫 hides 夫).
struct SrcKeyword { std::string lang, word, vocabulary, code, note, origin, review = "unreviewed"; };
// One quote proving one contact value (evidence.csv): table/id/field name the value.
struct SrcEvidence { std::string table, id, field, source, quote; SourcePosition pos; };

struct BundleSource {
    std::map<std::string, std::string> meta;
    std::vector<SrcSource> sources;
    std::vector<SrcTerm> vocabulary;
    std::vector<SrcMunicipality> municipalities;
    std::vector<SrcOrganization> organizations;
    std::vector<SrcLocation> locations;
    std::vector<SrcService> services;
    std::vector<SrcPhone> phones;
    std::vector<SrcServiceFact> service_facts;
    std::vector<SrcSchedule> schedules;
    std::vector<SrcGuide> guides;
    std::vector<SrcTranslation> translations;
    std::vector<SrcHoliday> holidays;
    std::vector<SrcKeyword> keywords;
    std::vector<SrcEvidence> evidence;
};

// A language tag in BCP 47's shape (2-3 letter primary subtag, then -subtags of
// 1-8 alphanumerics): what `languages` columns accept. Also used by import-hsds.
bool well_formed_language_tag(std::string_view s);

// Reads and checks every file in `dir`. Returns true when there is no problem.
// `allow_missing_evidence`: see SourceCheckOptions (bundle_build.hpp).
bool load_bundle_source(const std::string& dir, BundleSource& out, Diagnostics& diags, bool allow_missing_evidence = false);

}  // namespace madoguchi::core
