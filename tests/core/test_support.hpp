// SPDX-License-Identifier: Apache-2.0
// test_support.hpp — helpers shared by the core tests: temporary folders, reading a
// file whole, and a minimal valid bundle source that single tests break in one place.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <memory>
#include <string>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"

namespace madoguchi::test {

namespace fs = std::filesystem;

// The whole file as bytes ("" when it cannot be read).
inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A fresh folder under the system temp dir, removed when the test ends.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("madoguchi-test-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    void write(const std::string& name, const std::string& content) const {
        std::ofstream out(path_ / name, std::ios::binary);
        out << content;
    }

private:
    fs::path path_;
};

// The smallest source that builds: every required vocabulary code, one
// organization with two services, one phone with hours, one guide.
inline std::map<std::string, std::string> minimal_source() {
    std::map<std::string, std::string> f;
    f["bundle.csv"] =
        "key,value\n"
        "title,テスト\n"
        "publisher,test\n"
        "version,3\n"
        "valid_until,2027-12-31\n"
        "region,27\n";
    f["sources.csv"] = "id,title,url,publisher,checked,note\nsrc,テスト資料,https://example.org/,,2026-11-21,\n";
    std::string v = "vocabulary,code,label_ja,label_en,sort\n";
    const char* concerns[] = {"alcohol", "drugs", "medicines", "gambling", "gaming", "sex", "other"};
    const char* concerns_ja[] = {"お酒", "薬物", "処方薬・市販薬", "ギャンブル", "ゲーム・ネット", "性の問題", "わからない・その他"};
    for (int i = 0; i < 7; ++i) v += std::string("concern,") + concerns[i] + "," + concerns_ja[i] + "," + concerns[i] + "," + std::to_string(i) + "\n";
    v += "audience,self,自分のこと,Myself,1\naudience,family,家族・友人のこと,Family,2\n";
    for (const char* s : {"youth", "parenting", "women", "justice", "employment", "dual_diagnosis"})
        v += std::string("situation,") + s + "," + s + "," + s + ",1\n";
    for (const char* k : {"consultation", "recovery", "self_help", "medical", "family_class", "legal", "employment"})
        v += std::string("kind,") + k + "," + k + "," + k + ",1\n";
    v += "mode,phone,電話,Phone,1\nmode,in_person,対面,In person,2\nmode,online,オンライン,Online,3\n";
    f["vocabulary.csv"] = v;
    f["organizations.csv"] =
        "id,name,name_kana,alternate_name,description,website,email,source,assured_date\n"
        "org,テスト団体,てすとだんたい,TEST,説明,https://example.org/,info@example.org,src,2026-11-21\n";
    f["locations.csv"] =
        "id,organization_id,name,postal_code,prefecture_code,municipality_code,address,accessibility\n"
        "loc,org,本部,530-0001,27,27100,北区1-1,\n";
    f["services.csv"] =
        "id,organization_id,name,name_kana,alternate_name,description,concerns,audiences,situations,kinds,modes,areas,"
        "locations,languages,website,email,cost,fees_description,anonymous,status,source,assured_date\n"
        "svc-a,org,酒の相談,さけのそうだん,,お酒の相談です,alcohol,self;family,,consultation,phone;in_person,27,loc,ja;en,"
        "https://example.org/a,,free,,yes,,src,2026-11-21\n"
        "svc-b,org,夜の電話,よるのでんわ,,夜も話せます,alcohol;drugs,self,youth,consultation,phone,national,,ja,,,unknown,,unknown,,src,2026-11-21\n";
    f["phones.csv"] = "id,service_id,number,type,label,note\ntel-b,svc-b,0120-111-351,voice,夜の電話,\n";
    f["schedules.csv"] =
        "id,service_id,phone_id,days,opens,closes,holidays,valid_from,valid_to,note\n"
        "h-b,svc-b,tel-b,mon-fri,22:00,06:00,closed,,,\n";
    f["guides.csv"] =
        "id,title,summary,body,concerns,situations,services,sort,source,assured_date\n"
        "first_call,はじめての電話,要約[[-]],本文[[-]],,,svc-a,1,src,2026-11-21\n";
    f["translations.csv"] = "table,id,field,lang,text\nservices,svc-a,name,en,Alcohol consultation\n";
    f["holidays.csv"] = "date,name\n2026-11-23,勤労感謝の日\n";
    // Every contact value above, proven by a quote of its source (evidence.hpp).
    f["evidence.csv"] =
        "table,id,field,source,quote\n"
        "organizations,org,website,src,テスト資料\n"
        "organizations,org,email,src,メール：info＠example.org\n"
        "locations,loc,address,src,〒530-0001 大阪府大阪市北区１－１\n"
        "services,svc-a,website,src,くわしくは https://example.org/a をごらんください。\n"
        "phones,tel-b,number,src,夜の電話　０１２０（１１１）３５１（平日　午後10時～午前6時）\n"
        "schedules,h-b,hours,src,夜の電話　０１２０（１１１）３５１（平日　午後10時～午前6時）\n";
    return f;
}

inline void write_source(const TempDir& dir, const std::map<std::string, std::string>& files) {
    for (const auto& [name, content] : files) dir.write(name, content);
}

// Builds a source into a catalogue that lives as long as the fixture.
struct Built {
    TempDir src, out;
    std::unique_ptr<core::Catalogue> cat;
    explicit Built(const std::map<std::string, std::string>& files) {
        write_source(src, files);
        init(src.str());
    }
    explicit Built(const std::string& source_dir) { init(source_dir); }
    void init(const std::string& dir) {
        core::BuildResult r = core::build_bundle(dir, out.file("catalog.sqlite"), {.created = "2026-11-21T00:00:00Z"});
        for (const auto& d : r.diagnostics.items()) CAPTURE(core::format_diagnostic(d));
        REQUIRE(r.ok);
        std::string err;
        cat = core::Catalogue::open(out.file("catalog.sqlite"), &err);
        REQUIRE_MESSAGE(cat, err);
    }
    std::string path() const { return out.file("catalog.sqlite"); }
};

}  // namespace madoguchi::test
