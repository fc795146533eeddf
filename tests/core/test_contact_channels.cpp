// SPDX-License-Identifier: Apache-2.0
// Issue 19, parts 3 and 4: contact without using your voice (phones.csv types
// beyond voice, with a `link` for channels that have no number) and what
// happens when you call (service_facts.csv, every row proven by evidence).
// Each bad value is refused at its own cell; the good ones reach the kiosk's
// ServiceDetail with their hours and their sources.
#include <doctest/doctest.h>

#include <algorithm>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/field_checks.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

// The minimal source with a web form, a LINE account and a text (SMS) line for
// svc-b, hours for the form, and two stated facts, each proven.
std::map<std::string, std::string> channels_source() {
    auto f = minimal_source();
    f["phones.csv"] =
        "id,service_id,number,type,label,note,link\n"
        "tel-b,svc-b,0120-111-351,voice,夜の電話,,\n"
        "form-b,svc-b,,web_form,相談フォーム,,https://example.org/form\n"
        "line-b,svc-b,,line,LINE相談,,@yoru-soudan\n"
        "sms-b,svc-b,090-1234-5678,text,ショートメール,,\n";
    f["schedules.csv"] += "h-form,svc-b,form-b,daily,00:00,24:00,open,,,\n";
    f["service_facts.csv"] =
        "id,service_id,fact,value,note\n"
        "fact-anon,svc-b,anonymous,yes,\n"
        "fact-police,svc-b,police_not_told,yes,（電話相談）\n";
    f["evidence.csv"] +=
        "phones,form-b,link,src,相談フォーム https://example.org/form （24時間受付）\n"
        "phones,line-b,link,src,LINE ID：@yoru-soudan で友だち追加\n"
        "phones,sms-b,number,src,ショートメール 090-1234-5678\n"
        "schedules,h-form,hours,src,相談フォーム（24時間受付）\n"
        "service_facts,fact-anon,value,src,名前を言わなくても相談できます。\n"
        "service_facts,fact-police,value,src,相談したことを警察に通報することはありません。\n";
    return f;
}

std::vector<std::string> problems(const std::map<std::string, std::string>& files, SourceCheckOptions o = {}) {
    TempDir dir;
    write_source(dir, files);
    std::vector<std::string> out;
    for (const auto& d : check_bundle_source(dir.str(), o).diagnostics.sorted()) out.push_back(format_diagnostic(d).substr(dir.str().size() + 1));
    return out;
}

std::map<std::string, std::string> with(std::map<std::string, std::string> f, const std::string& file, const std::string& from,
                                        const std::string& to) {
    auto& s = f.at(file);
    REQUIRE_MESSAGE(s.find(from) != std::string::npos, from);
    s.replace(s.find(from), from.size(), to);
    return f;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}

}  // namespace

TEST_CASE("channels: which types have a number, which need no voice, and what a link must look like") {
    for (const char* t : {"voice", "fax", "text", "video", "textphone"}) CHECK(channel_has_number(t));
    for (const char* t : {"line", "chat", "web_form", "email", "sns"}) {
        CHECK_FALSE(channel_has_number(t));
        CHECK(channel_is_voice_free(t));
    }
    CHECK_FALSE(channel_is_voice_free("voice"));
    CHECK_FALSE(channel_is_known("pager"));
    CHECK(check_channel_link("line", "@abc_1.x-y").empty());
    CHECK(check_channel_link("line", "https://lin.ee/abcdEF").empty());
    CHECK(check_channel_link("line", "@ABC") == "LINE ID \"@ABC\" is not @ followed by 1-20 of a-z 0-9 . _ -");
    CHECK(check_channel_link("line", "@") == "LINE ID \"@\" is not @ followed by 1-20 of a-z 0-9 . _ -");
    CHECK(check_channel_link("email", "soudan@example.org").empty());
    CHECK_FALSE(check_channel_link("email", "https://example.org/").empty());
    CHECK(check_channel_link("web_form", "https://example.org/form").empty());
    CHECK_FALSE(check_channel_link("chat", "soudan@example.org").empty());
    CHECK(check_channel_link("sns", "") == "a sns channel needs its link");
}

TEST_CASE("channels and facts: the good source builds") {
    const auto p = problems(channels_source());
    INFO(joined(p));
    CHECK(p.empty());
}

TEST_CASE("channels and facts: each mistake is refused at its own cell") {
    struct Case { const char* what; std::map<std::string, std::string> files; std::vector<std::string> expected; };
    const auto good = channels_source();
    const Case cases[] = {
        {"a web form without its link", with(good, "phones.csv", "https://example.org/form\n", "\n"),
         {"evidence.csv:8:1: table: phones \"form-b\" has no link for this evidence to prove",
          "phones.csv:3:15: type: a web_form channel needs its link"}},
        {"a web form with a number", with(good, "phones.csv", "form-b,svc-b,,web_form", "form-b,svc-b,06-6000-0000,web_form"),
         {"phones.csv:3:14: number: a web_form channel has no number; put its address in link"}},
        {"a voice line with a link", with(good, "phones.csv", "夜の電話,,\n", "夜の電話,,https://example.org/\n"),
         {"phones.csv:2:38: link: link is for line, chat, web_form, email and sns channels; a voice line has only its number"}},
        {"a fax line without its number", with(good, "phones.csv", "sms-b,svc-b,090-1234-5678,text", "sms-b,svc-b,,fax"),
         {"evidence.csv:10:1: table: phones \"sms-b\" has no number for this evidence to prove",
          "phones.csv:5:13: number: required field is empty (a fax line needs its number)"}},
        {"a text line with a number too short", with(good, "phones.csv", "090-1234-5678,text", "090-1234-567,text"),
         {"phones.csv:5:13: number: phone number \"090-1234-567\" must have 11 digits (mobile and 050 numbers)"}},
        {"words to say that are too long (41 characters)",
         with(with(with(with(with(good, "phones.csv", "label,note,link\n", "label,note,link,say\n"), "phones.csv", "/form\n", "/form,\n"),
                             "phones.csv", "@yoru-soudan\n", "@yoru-soudan,\n"),
                        "phones.csv", "ショートメール,,\n", "ショートメール,,,\n"),
              "phones.csv", "夜の電話,,\n",
              "夜の電話,,," + std::string("お酒のことで相談したいです。") + "夜の十時から朝の六時までに、電話をかけてもいいですか？\n"),
         {"phones.csv:2:39: say: what to say is 41 characters; keep it to 40 or fewer (one short sentence a caller can read out)"}},
        {"a type the kiosk does not know", with(good, "phones.csv", ",line,", ",pager,"),
         {"phones.csv:4:15: type: \"pager\" is not one of: voice, fax, text, video, textphone, line, chat, web_form, email, sns"}},
        {"a LINE ID in capitals", with(good, "phones.csv", "@yoru-soudan\n", "@YORU\n"),
         {"phones.csv:4:28: link: LINE ID \"@YORU\" is not @ followed by 1-20 of a-z 0-9 . _ -"}},
        {"a web form that is not http", with(good, "phones.csv", "https://example.org/form", "ftp://example.org/form"),
         {"phones.csv:3:32: link: URL \"ftp://example.org/form\" must start with https:// or http://"}},
        {"a link its quote does not hold", with(good, "evidence.csv", "@yoru-soudan で", "@yoru-sodan で"),
         {"phones.csv:4:28: link: \"@yoru-soudan\" is not in its evidence quote (evidence.csv line 9); copy the value from "
          "the quote, or the quote from the source, exactly"}},
        {"an unknown fact", with(good, "service_facts.csv", "police_not_told", "police"),
         {"service_facts.csv:3:19: fact: \"police\" is not one of: anonymous, confidential, police_not_told, family_may_call, call_charge"}},
        {"a yes/no fact with another value", with(good, "service_facts.csv", "anonymous,yes", "anonymous,free"),
         {"service_facts.csv:2:27: value: \"free\" is not one of: yes, no"}},
        {"a call charge that is yes", with(good, "service_facts.csv", "police_not_told,yes", "call_charge,yes"),
         {"service_facts.csv:3:31: value: \"yes\" is not one of: free, charged"}},
        {"the same fact twice", with(good, "service_facts.csv", "police_not_told", "anonymous"),
         {"service_facts.csv:3:19: fact: service \"svc-b\" already has fact anonymous (line 2); one row per fact, with as "
          "many evidence rows as you like"}},
        {"a fact of no service", with(good, "service_facts.csv", "fact-anon,svc-b", "fact-anon,svc-x"),
         {"service_facts.csv:2:11: service_id: no service with id \"svc-x\""}},
        {"a fact without evidence", with(good, "evidence.csv", "service_facts,fact-anon,", "service_facts,fact-xx,"),
         {"evidence.csv:12:15: id: no service_fact with id \"fact-xx\"",
          "service_facts.csv:2:27: value: \"yes\" has no evidence: add a row to evidence.csv (service_facts,fact-anon,value,"
          "<source id>,<the sentence of the source that holds it>)"}},
        {"a fact whose source has no page",
         with(with(with(good, "sources.csv", "2026-11-21,\n", "2026-11-21,\nleaflet,窓口のちらし,,,2026-11-21,\n"), "evidence.csv",
                   "service_facts,fact-anon,value,src,", "service_facts,fact-anon,value,leaflet,"),
              "evidence.csv", "service_facts,fact-police,value,src,", "service_facts,fact-police,value,leaflet,"),
         {"evidence.csv:12:1: source: \"leaflet\" has no url; a fact about a service needs a page a reader can open",
          "evidence.csv:13:1: source: \"leaflet\" has no url; a fact about a service needs a page a reader can open"}},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const auto got = problems(c.files);
        CHECK(joined(got) == joined(c.expected));
    }
}

TEST_CASE("facts: no option excuses a fact without evidence") {
    auto f = channels_source();
    f.at("evidence.csv") = "table,id,field,source,quote\n";
    const auto p = problems(f, {.allow_missing_evidence = true});
    CHECK(joined(p) ==
          "service_facts.csv:2:27: value: \"yes\" has no evidence: add a row to evidence.csv (service_facts,fact-anon,value,<source id>,"
          "<the sentence of the source that holds it>)\n"
          "service_facts.csv:3:35: value: \"yes\" has no evidence: add a row to evidence.csv (service_facts,fact-police,value,<source id>,"
          "<the sentence of the source that holds it>)\n");
}

TEST_CASE("catalogue: channels with their links and hours, facts with their sources, and the voice-free filter") {
    Built b(channels_source());
    auto d = b.cat->service("svc-b", "ja");
    REQUIRE(d);
    REQUIRE(d->phones.size() == 4);
    CHECK(d->phones[0].type == "voice");
    CHECK(d->phones[0].link.empty());
    CHECK(d->phones[1].type == "web_form");
    CHECK(d->phones[1].number.empty());
    CHECK(d->phones[1].tel_uri.empty());
    CHECK(d->phones[1].link == "https://example.org/form");
    CHECK(d->phones[1].hours.size() == 1);
    CHECK(d->phones[2].link == "@yoru-soudan");
    CHECK(d->phones[3].type == "text");
    CHECK(d->phones[3].tel_uri == "tel:09012345678");
    REQUIRE(d->facts.size() == 2);
    CHECK(d->facts[0].fact == "anonymous");
    CHECK(d->facts[0].value == "yes");
    REQUIRE(d->facts[0].sources.size() == 1);
    CHECK(d->facts[0].sources[0].url == "https://example.org/");
    CHECK(d->facts[1].fact == "police_not_told");
    CHECK(d->facts[1].note.text == "（電話相談）");
    // A service without facts carries none (the kiosk then says nothing).
    auto a = b.cat->service("svc-a", "ja");
    REQUIRE(a);
    CHECK(a->facts.empty());
    // The filter keeps svc-b (web form, LINE, SMS) and drops svc-a (no channel at all).
    ServiceQuery q;
    q.concern = "alcohol";
    q.region = {27, ""};
    auto all = b.cat->find_services(q);
    CHECK(all.size() == 2);
    q.voice_free_only = true;
    auto quiet = b.cat->find_services(q);
    REQUIRE(quiet.size() == 1);
    CHECK(quiet[0].id == "svc-b");
    // The checks a kiosk runs before installing find nothing wrong with them.
    CHECK(b.cat->content_problems().empty());
}

TEST_CASE("catalogue: a voice line only is not voice-free") {
    Built b(minimal_source());
    ServiceQuery q;
    q.concern = "alcohol";
    q.region = {27, ""};
    q.voice_free_only = true;
    CHECK(b.cat->find_services(q).empty());
}
