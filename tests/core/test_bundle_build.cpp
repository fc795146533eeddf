// SPDX-License-Identifier: Apache-2.0
// Bundle source checks and the build: a table of broken sources, each with the
// exact message and position an admin gets, and the guarantee that a failed
// build writes nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/csv_reader.hpp"

#include <set>
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

using Files = std::map<std::string, std::string>;

// Messages with the temp folder taken off the paths, so they read services.csv:2:7: …
std::vector<std::string> messages_of(const BuildResult& r, const TempDir& dir) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics.sorted()) {
        std::string m = format_diagnostic(d);
        const std::string prefix = dir.str() + "/";
        if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
        out.push_back(m);
    }
    return out;
}

std::vector<std::string> check(const Files& files) {
    TempDir dir;
    write_source(dir, files);
    return messages_of(check_bundle_source(dir.str()), dir);
}

Files with(const std::string& file, const std::string& from, const std::string& to) {
    Files f = minimal_source();
    auto& text = f.at(file);
    size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "fixture does not contain " << from);
    text.replace(at, from.size(), to);
    return f;
}


}  // namespace

TEST_CASE("build: the minimal source is valid") {
    CHECK(check(minimal_source()).empty());
}

TEST_CASE("build: the sample directory is valid") {
    BuildResult r = check_bundle_source(MADOGUCHI_SAMPLE_DIR);
    for (const auto& d : r.diagnostics.sorted()) CAPTURE(format_diagnostic(d));
    CHECK(r.ok);
    CHECK(r.diagnostics.empty());
    CHECK(r.organizations >= 8);
    CHECK(r.guides == 13);
}

TEST_CASE("build: malformed sources give exact messages at exact positions") {
    struct Case {
        const char* what;
        Files files;
        std::vector<std::string> expected;
    };
    Files no_type = minimal_source();
    no_type["phones.csv"] = "id,service_id,number,label,note\ntel-b,svc-b,0120-111-351,夜の電話,\n";
    Files no_publisher = with("bundle.csv", "publisher,test\n", "");
    Files no_online = with("vocabulary.csv", "mode,online,オンライン,Online,3\n", "");
    Files no_holidays = minimal_source();
    no_holidays.erase("holidays.csv");
    Files dup_org = minimal_source();
    dup_org["organizations.csv"] += "org,別の団体,べつのだんたい,,説明,,,src,2026-11-21\n";

    const Case cases[] = {
        {"unknown vocabulary code", with("services.csv", "alcohol,self;family", "alcohl,self;family"),
         {"services.csv:2:33: concerns: \"alcohl\" is not a concern code in vocabulary.csv"}},
        {"dangling reference", with("services.csv", "svc-a,org,", "svc-a,nope,"),
         {"services.csv:2:7: organization_id: no organization with id \"nope\""}},
        {"phone number too short", with("phones.csv", "0120-111-351", "0120-111-35"),
         {"phones.csv:2:13: number: phone number \"0120-111-35\" must have 10 digits (0120/0570 numbers)"}},
        {"phone number with letters", with("phones.csv", "0120-111-351", "0120-ABC-351"),
         {"phones.csv:2:13: number: phone number \"0120-ABC-351\" may only contain half-width digits and hyphens (e.g. 0120-111-351)"}},
        {"URL scheme", with("services.csv", "https://example.org/a", "ftp://example.org/a"),
         {"services.csv:2:96: website: URL \"ftp://example.org/a\" must start with https:// or http://"}},
        {"weekday typo", with("schedules.csv", "mon-fri,22:00", "mon-fry,22:00"),
         {"schedules.csv:2:17: days: days \"mon-fry\": use mon tue wed thu fri sat sun, ranges like mon-fri, lists like mon;wed, daily, or weeks of the month like wed#1;wed#3"}},
        {"hour out of range", with("schedules.csv", "22:00,06:00", "25:00,06:00"),
         {"schedules.csv:2:25: opens: \"25:00\" is not a time HH:MM between 00:00 and 23:59"}},
        {"zero-length hours", with("schedules.csv", "22:00,06:00", "22:00,22:00"),
         {"schedules.csv:2:31: closes: opens and closes are the same time; for all day write 00:00 and 24:00"}},
        {"bad holiday rule", with("schedules.csv", "06:00,closed", "06:00,sometimes"),
         {"schedules.csv:2:37: holidays: \"sometimes\" is not one of: closed, open, only"}},
        {"phone of another service", with("schedules.csv", "h-b,svc-b,tel-b", "h-b,svc-a,tel-b"),
         {"schedules.csv:2:11: phone_id: phone \"tel-b\" belongs to service \"svc-b\", not \"svc-a\""}},
        {"date that does not exist", with("organizations.csv", "src,2026-11-21", "src,2026-11-31"),
         {"organizations.csv:2:69: assured_date: \"2026-11-31\" is not a date of the form YYYY-MM-DD"}},
        {"reading in kanji", with("organizations.csv", "てすとだんたい", "テスト団体"),
         {"organizations.csv:2:11: name_kana: reading (よみ) \"テスト団体\" must be written in kana (kanji and other characters are not readings)"}},
        {"disguised e-mail", with("organizations.csv", "info@example.org", "info[at]example.org"),
         {"organizations.csv:2:48: email: e-mail \"info[at]example.org\" is written in disguised form; write it with @"}},
        {"duplicate id", dup_org, {"organizations.csv:3:1: id: duplicate id \"org\" (first used on line 2)"}},
        {"spaces around an id", with("organizations.csv", "\norg,", "\n org,"),
         {"organizations.csv:2:1: id: \" org\" has spaces before or after it"}},
        {"municipality check digit", with("locations.csv", ",27100,", ",271005,"),
         {"locations.csv:2:24: municipality_code: municipality code \"271005\" has a wrong check digit (expected 4); check the code"}},
        {"municipality outside its prefecture", with("locations.csv", ",27,27100,", ",13,27100,"),
         {"locations.csv:2:24: municipality_code: municipality \"27100\" is not in prefecture 13"}},
        {"unknown prefecture in areas", with("services.csv", ",27,loc,", ",48,loc,"),
         {"services.csv:2:83: areas: \"48\" is not a prefecture code 01-47"}},
        {"translation of a field that has none", with("translations.csv", "svc-a,name,en", "svc-a,title,en"),
         {"translations.csv:2:16: field: \"title\" is not a translatable field of services (alternate_name, description, fees_description, name)"}},
        {"translation language", with("translations.csv", "svc-a,name,en", "svc-a,name,fr"),
         {"translations.csv:2:21: lang: \"fr\" is not a translation language (en, zh-Hans, ko, vi, pt-BR, ne, tl, ja-x-easy)"}},
        {"English vocabulary label in the wrong file",
         with("translations.csv", "services,svc-a,name,en", "vocabulary,concern:alcohol,label,en"),
         {"translations.csv:2:34: lang: English vocabulary labels go in vocabulary.csv (column label_en), not here"}},
        {"unclosed ruby", with("guides.csv", ",本文[[-]],", ",{本文|ほんぶん[[-]],"),
         {"guides.csv:2:28: body: ruby markup: \"{\" is not closed (write ruby as {漢字|かんじ})"}},
        // Every sentence of a guide names its proof (guide_marks.hpp).
        {"guide sentence without a source mark", with("guides.csv", "本文[[-]]", "相談は無料です。"),
         {"guides.csv:2:28: body: sentence \"相談は無料です。\" has no source mark: add [[key]] for the evidence.csv row "
          "(table guides) whose quote holds its fact, or [[-]] if it states no fact"}},
        {"second sentence without a source mark, on its own line",
         with("guides.csv", "本文[[-]]", "\"本文。[[-]]\n相談は無料です。\""),
         {"guides.csv:3:1: body: sentence \"相談は無料です。\" has no source mark: add [[key]] for the evidence.csv row "
          "(table guides) whose quote holds its fact, or [[-]] if it states no fact"}},
        {"source mark without its evidence", with("guides.csv", "本文[[-]]", "相談は無料です。[[free]]"),
         {"guides.csv:2:28: body: source mark [[free]] has no evidence: add a row to evidence.csv "
          "(guides,first_call,free,<source id>,<the sentence of the source that holds the fact>)"}},
        {"malformed source mark", with("guides.csv", "本文[[-]]", "本文。[[Free]]"),
         {"guides.csv:2:28: body: sentence \"本文。\" has no source mark: add [[key]] for the evidence.csv row "
          "(table guides) whose quote holds its fact, or [[-]] if it states no fact",
          "guides.csv:2:31: body: source mark \"[[Free]]\" must be [[key]] or [[key;key]] with keys of a-z 0-9 - _, or [[-]]"}},
        {"guide evidence that no mark uses",
         with("evidence.csv", "table,id,field,source,quote\n", "table,id,field,source,quote\nguides,first_call,free,src,相談は無料です。\n"),
         {"evidence.csv:2:1: table: guide \"first_call\" has no [[free]] mark for this evidence to prove"}},
        {"source mark in a translation",
         with("translations.csv", "services,svc-a,name,en,Alcohol consultation", "guides,first_call,body,en,Text.[[-]]"),
         {"translations.csv:2:27: text: source marks [[…]] belong in guides.csv (the Japanese original holds the proof), not in a translation"}},
        {"untranslated row with a text",
         with("translations.csv", "text\nservices,svc-a,name,en,Alcohol consultation", "text,review\nservices,svc-a,name,en,Alcohol consultation,untranslated"),
         {"translations.csv:2:24: text: a row marked review=untranslated says there is no translation yet: leave text empty, or set review to unreviewed"}},
        {"unknown review state",
         with("translations.csv", "text\nservices,svc-a,name,en,Alcohol consultation", "text,review\nservices,svc-a,name,en,Alcohol consultation,checked"),
         {"translations.csv:2:45: review: \"checked\" is not one of: unreviewed, reviewed, untranslated"}},
        {"unknown required language", with("bundle.csv", "key,value\n", "key,value\ntranslations_required,fr\n"),
         {"bundle.csv:2:23: value: \"fr\" is not a translation language (en, zh-Hans, ko, vi, pt-BR, ne, tl, ja-x-easy)"}},
        {"bundle version not a number", with("bundle.csv", "version,3", "version,three"),
         {"bundle.csv:4:9: value: \"three\" is not a whole number of at least 1"}},
        {"missing metadata key", no_publisher, {"bundle.csv: missing key \"publisher\""}},
        {"missing vocabulary code", no_online, {"vocabulary.csv: the kiosk needs mode code \"online\", which is missing"}},
        {"missing column (no knock-on errors)", no_type, {"phones.csv:1:1: missing column \"type\""}},
        {"missing file", no_holidays, {"holidays.csv: cannot open file (missing or unreadable)"}},
        {"line break inside a quoted cell shifts later positions",
         with("services.csv", "お酒の相談です,alcohol,", "\"一行目\n二行目\",alcohl,"),
         {"services.csv:3:6: concerns: \"alcohl\" is not a concern code in vocabulary.csv"}},
        {"row with a missing field, and what then refers to it", with("services.csv", "svc-a,org,", "svc-a,"),
         {"evidence.csv:5:10: id: no service with id \"svc-a\"",
          "guides.csv:2:38: services: no service with id \"svc-a\"",
          "services.csv:2:1: row has 21 fields, the header has 22",
          "translations.csv:2:10: id: no service with id \"svc-a\""}},
    };
    auto lines = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += x + "\n";
        return s;
    };
    for (const auto& c : cases) {
        const std::string what = c.what;
        CAPTURE(what);
        CHECK(lines(check(c.files)) == lines(c.expected));
    }
}

TEST_CASE("build: an unknown column names the columns the file may have") {
    auto m = check(with("services.csv", ",status,", ",state,"));
    REQUIRE(m.size() == 1);
    CHECK(m[0].rfind("services.csv:1:176: unknown column \"state\" (columns of this file: id, organization_id, name,", 0) == 0);
}

TEST_CASE("build: every problem is reported at once, in file order") {
    Files f = with("services.csv", "alcohol,self;family", "alcohl,self;family");
    f.at("phones.csv").replace(f.at("phones.csv").find("0120-111-351"), 12, "0120-111-35");
    f.at("organizations.csv").replace(f.at("organizations.csv").find("src,2026-11-21"), 14, "src,2026-11-31");
    auto m = check(f);
    REQUIRE(m.size() == 3);
    CHECK(m[0].rfind("organizations.csv:2:69:", 0) == 0);
    CHECK(m[1].rfind("phones.csv:2:13:", 0) == 0);
    CHECK(m[2].rfind("services.csv:2:33:", 0) == 0);
}

TEST_CASE("build: a failed build writes nothing and leaves an existing output untouched") {
    TempDir dir, out;
    write_source(dir, with("phones.csv", "0120-111-351", "0120"));
    const std::string target = out.file("catalog.sqlite");

    BuildResult r = build_bundle(dir.str(), target);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.diagnostics.empty());
    CHECK_FALSE(fs::exists(target));
    CHECK(fs::is_empty(out.path()));  // no temporary file either

    out.write("catalog.sqlite", "previous catalogue");
    r = build_bundle(dir.str(), target);
    CHECK_FALSE(r.ok);
    CHECK(slurp(target) == "previous catalogue");
}

TEST_CASE("build: success writes one complete catalogue and no temporary file") {
    TempDir dir, out;
    write_source(dir, minimal_source());
    const std::string target = out.file("catalog.sqlite");
    out.write("catalog.sqlite", "previous catalogue");
    BuildResult r = build_bundle(dir.str(), target, {.created = "2026-11-21T09:00:00Z"});
    REQUIRE(r.ok);
    CHECK(r.services == 2);
    CHECK(std::distance(fs::directory_iterator(out.path()), fs::directory_iterator()) == 1);
    std::string err;
    auto cat = Catalogue::open(target, &err);
    REQUIRE_MESSAGE(cat, err);
    CHECK(cat->info().meta_value("created") == "2026-11-21T09:00:00Z");
}

TEST_CASE("build: the same source and creation time give the same bytes") {
    TempDir dir, out;
    write_source(dir, minimal_source());
    REQUIRE(build_bundle(dir.str(), out.file("a"), {.created = "2026-11-21T09:00:00Z"}).ok);
    REQUIRE(build_bundle(dir.str(), out.file("b"), {.created = "2026-11-21T09:00:00Z"}).ok);
    CHECK(slurp(out.file("a")) == slurp(out.file("b")));
}

TEST_CASE("build: a write failure is reported as such, not as a source problem") {
    TempDir dir;
    write_source(dir, minimal_source());
    BuildResult r = build_bundle(dir.str(), "/nonexistent-dir/catalog.sqlite");
    CHECK_FALSE(r.ok);
    CHECK(r.diagnostics.empty());
    CHECK(r.write_error.find("/nonexistent-dir/catalog.sqlite") != std::string::npos);
}

TEST_CASE("build: a folder that is not there is one clear problem") {
    BuildResult r = check_bundle_source("/nonexistent-source");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(format_diagnostic(r.diagnostics.items()[0]) ==
          "/nonexistent-source: not a folder (give the folder that holds bundle.csv, services.csv, …)");
}

// The directory that ships (data/japan): it builds with no problem at all —
// every phone, mail, URL, address and hour in it is held by its quote — and
// all 69 精神保健福祉センター are listed, each either with a phone a visitor can
// call or inactive with the reason (the build requires the reason).
TEST_CASE("build: the national directory builds, and lists every 精神保健福祉センター") {
    BuildResult r = check_bundle_source(MADOGUCHI_JAPAN_DIR);
    for (const auto& d : r.diagnostics.sorted()) CAPTURE(format_diagnostic(d));
    CHECK(r.ok);
    CHECK(r.diagnostics.empty());

    Diagnostics diags;
    CsvDocument services, phones;
    REQUIRE(read_csv_file(std::string(MADOGUCHI_JAPAN_DIR) + "/services.csv", services, diags));
    REQUIRE(read_csv_file(std::string(MADOGUCHI_JAPAN_DIR) + "/phones.csv", phones, diags));
    auto column = [](const CsvDocument& d, const char* name) {
        for (size_t i = 0; i < d.header.size(); ++i)
            if (d.header[i].text == name) return i;
        FAIL("no column " << name);
        return size_t{0};
    };
    std::set<std::string> with_voice;
    for (const auto& row : phones.rows)
        if (row.cells[column(phones, "type")].text == "voice") with_voice.insert(row.cells[column(phones, "service_id")].text);
    std::map<std::string, int> callable;  // centre organization → active services with a voice phone
    for (const auto& row : services.rows) {
        if (row.cells[column(services, "tier")].text != "centre") continue;
        const std::string& org = row.cells[column(services, "organization_id")].text;
        const bool active = row.cells[column(services, "status")].text != "inactive";
        callable[org] += active && with_voice.count(row.cells[column(services, "id")].text) ? 1 : 0;
        if (active) CHECK_MESSAGE(with_voice.count(row.cells[column(services, "id")].text), "active centre service without a phone");
    }
    CHECK(callable.size() == 69);
    int reachable = 0;
    for (const auto& [org, n] : callable) reachable += n > 0;
    MESSAGE(reachable << " of 69 centres with a sourced phone number");
    CHECK(reachable >= 19);  // as sourced on 2026-12-05 (docs/directory.md): a floor, so a merge cannot lose one
}
