// SPDX-License-Identifier: Apache-2.0
// synthetic.cpp — deterministic made-up bundle sources for load tests.
#include "madoguchi/core/synthetic.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "madoguchi/core/csv_reader.hpp"
#include "madoguchi/core/regions.hpp"

namespace madoguchi::core {
namespace {

namespace fs = std::filesystem;

class CsvOut {
public:
    CsvOut(const fs::path& path, std::initializer_list<const char*> header) : out_(path, std::ios::binary) {
        bool first = true;
        for (const char* h : header) {
            out_ << (first ? "" : ",") << h;
            first = false;
        }
        out_ << "\r\n";  // as Excel writes it
    }
    void row(std::initializer_list<std::string> cells) {
        bool first = true;
        for (const auto& c : cells) {
            out_ << (first ? "" : ",") << csv_quote(c);
            first = false;
        }
        out_ << "\r\n";
    }
    bool ok() const { return static_cast<bool>(out_); }

private:
    std::ofstream out_;
};

const char* kConcerns[] = {"alcohol", "drugs", "medicines", "gambling", "gaming", "sex", "other"};
const char* kKinds[] = {"consultation", "recovery", "self_help", "medical", "family_class", "legal", "employment"};
const char* kKindJa[] = {"相談窓口", "回復施設", "自助グループ", "クリニック", "家族教室", "法律相談", "就労支援"};
const char* kKindKana[] = {"そうだんまどぐち", "かいふくしせつ", "じじょぐるーぷ", "くりにっく", "かぞくきょうしつ", "ほうりつそうだん", "しゅうろうしえん"};
const char* kSituations[] = {"youth", "parenting", "women", "justice", "employment", "dual_diagnosis"};
const char* kModes[] = {"phone", "in_person", "online"};
const char* kSyllables[] = {"あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ", "い", "き", "し", "ち", "に",
                            "ひ", "み", "り", "う", "く", "す", "つ", "ぬ", "ふ", "む", "ゆ", "る", "え", "け", "せ"};

}  // namespace

std::string generate_synthetic_source(const std::string& dir, const SyntheticOptions& options) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return "cannot create " + dir + ": " + ec.message();
    const fs::path d(dir);
    std::mt19937_64 rng(options.seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };

    {
        CsvOut f(d / "bundle.csv", {"key", "value"});
        f.row({"title", "合成データ（負荷試験用・実在しない）"});
        f.row({"publisher", "madoguchi synthetic generator"});
        f.row({"version", "1"});
        f.row({"valid_until", "2099-12-31"});
        f.row({"synthetic", "yes"});
        f.row({"source_notes", "Generated for load tests with seed " + std::to_string(options.seed) +
                                   ". Every record is made up. Never ship this bundle."});
        if (!f.ok()) return "cannot write bundle.csv in " + dir;
    }
    {
        CsvOut f(d / "sources.csv", {"id", "title", "url", "publisher", "checked", "note"});
        f.row({"synthetic", "合成データ生成器", "", "madoguchi", "2026-01-01", "synthetic"});
    }
    {
        CsvOut f(d / "vocabulary.csv", {"vocabulary", "code", "label_ja", "label_en", "sort"});
        const char* cj[] = {"お酒", "薬物", "処方薬・市販薬", "ギャンブル", "ゲーム・ネット", "性の問題", "わからない・その他"};
        const char* ce[] = {"Alcohol", "Drugs", "Medicines", "Gambling", "Gaming", "Sex", "Other"};
        for (int i = 0; i < 7; ++i) f.row({"concern", kConcerns[i], cj[i], ce[i], std::to_string(10 * (i + 1))});
        f.row({"audience", "self", "自分のこと", "For myself", "10"});
        f.row({"audience", "family", "家族・友人のこと", "For family or a friend", "20"});
        const char* sj[] = {"10代・若い人", "子育て中", "女性", "保釈中・保護観察中・出所後", "仕事をさがしている", "ほかの病気や障がいもある"};
        for (int i = 0; i < 6; ++i) f.row({"situation", kSituations[i], sj[i], kSituations[i], std::to_string(10 * (i + 1))});
        for (int i = 0; i < 7; ++i) f.row({"kind", kKinds[i], kKindJa[i], kKinds[i], std::to_string(10 * (i + 1))});
        f.row({"mode", "phone", "電話", "Phone", "10"});
        f.row({"mode", "in_person", "対面", "In person", "20"});
        f.row({"mode", "online", "オンライン", "Online", "30"});
    }
    CsvOut orgs(d / "organizations.csv", {"id", "name", "name_kana", "alternate_name", "description", "website", "email", "source", "assured_date"});
    CsvOut locs(d / "locations.csv", {"id", "organization_id", "name", "postal_code", "prefecture_code", "municipality_code", "address", "accessibility"});
    CsvOut svcs(d / "services.csv", {"id", "organization_id", "name", "name_kana", "alternate_name", "description", "concerns", "audiences",
                                     "situations", "kinds", "modes", "areas", "locations", "languages", "website", "email", "cost",
                                     "fees_description", "anonymous", "status", "source", "assured_date"});
    CsvOut phones(d / "phones.csv", {"id", "service_id", "number", "type", "label", "note"});
    CsvOut scheds(d / "schedules.csv", {"id", "service_id", "phone_id", "days", "opens", "closes", "holidays", "valid_from", "valid_to", "note"});
    CsvOut trans(d / "translations.csv", {"table", "id", "field", "lang", "text"});

    for (int i = 0; i < options.services; ++i) {
        char num[24];
        std::snprintf(num, sizeof num, "%06d", i);
        const std::string id = std::string("syn-") + num;
        const int pref = 1 + pick(47);
        const bool national = pick(20) == 0;
        const int kind = pick(7);
        std::string word;
        for (int k = 0; k < 3; ++k) word += kSyllables[pick(30)];
        const std::string name = std::string("合成") + word + kKindJa[kind] + " " + num;
        const std::string kana = std::string("ごうせい") + word + kKindKana[kind] + " " + num;
        std::string concerns = kConcerns[pick(7)];
        if (pick(2)) {
            std::string second = kConcerns[pick(7)];
            if (second != concerns) concerns += ";" + second;
        }
        const std::string audiences = pick(3) == 0 ? "family" : pick(2) ? "self;family" : "self";
        const std::string situations = pick(4) == 0 ? kSituations[pick(6)] : "";
        const std::string modes = national && pick(2) ? "phone;online" : pick(2) ? "phone;in_person" : kModes[pick(3)];
        char pref_code[16];
        std::snprintf(pref_code, sizeof pref_code, "%02d", pref);
        const std::string areas = national ? "national" : pref_code;

        orgs.row({id, name + " 運営団体", kana + " うんえいだんたい", "", "合成データです。実在しません。", "https://example.org/synthetic/" + id, "", "synthetic", "2026-01-01"});
        std::string location;
        if (!national) {
            location = id + "-loc";
            locs.row({location, id, "", "", pref_code, "", std::string("架空の住所 ") + num, ""});
        }
        svcs.row({id, id, name, kana, "", std::string("合成データの") + kKindJa[kind] + "です。実在しません。", concerns, audiences, situations,
                  kKinds[kind], modes, areas, location, "ja", "https://example.org/synthetic/" + id, "", pick(2) ? "free" : "unknown", "",
                  pick(2) ? "yes" : "unknown", "", "synthetic", "2026-01-01"});
        // 03/06-0000-NNNN: a local number never starts with 0, so this cannot ring
        // anyone. (Other leading digits would read as 070/080/090 mobile prefixes.)
        char phone[40];
        std::snprintf(phone, sizeof phone, "0%d-0000-%04d", pick(2) ? 3 : 6, i % 10000);
        phones.row({id + "-tel", id, phone, "voice", "合成番号", ""});
        scheds.row({id + "-h1", id, id + "-tel", pick(4) == 0 ? "daily" : "mon-fri", pick(2) ? "09:00" : "10:00",
                    pick(5) == 0 ? "02:00" : "17:00", pick(3) == 0 ? "open" : "closed", "", "", ""});
        trans.row({"services", id, "name", "en", "Synthetic " + std::string(kKinds[kind]) + " " + num});
    }
    {
        CsvOut f(d / "guides.csv", {"id", "title", "summary", "body", "concerns", "situations", "services", "sort", "source", "assured_date"});
        f.row({"first_call", "合成ガイド", "合成データです。[[-]]", "合成データの本文です。[[-]]", "", "", "syn-000000", "10", "synthetic", "2026-01-01"});
    }
    { CsvOut f(d / "holidays.csv", {"date", "name"}); f.row({"2026-01-01", "元日"}); }
    {
        // Everyday words as many as data/japan has (~1,500), so that expanding a
        // query costs what it costs in the field: a few real ones the bench types
        // (ぱちんこ, すまほ, むすこ, しにたい), then made-up words of every script
        // the matcher treats differently, each mapped to a concern.
        CsvOut f(d / "keywords.csv", {"lang", "word", "vocabulary", "code", "note", "origin", "review"});
        const char* real[][4] = {
            {"ja", "ぱちんこ", "concern", "gambling"}, {"ja", "けいば", "concern", "gambling"}, {"ja", "すまほ", "concern", "gaming"},
            {"ja", "おさけ", "concern", "alcohol"},    {"ja", "むすこ", "audience", "family"},  {"ja", "しにたい", "route", "urgent"},
            {"ja", "大丈夫", "stop", ""},             {"en", "od", "route", "urgent"},         {"en", "slots", "concern", "gambling"},
            {"ko", "술", "concern", "alcohol"},        {"ne", "रक्सी", "concern", "alcohol"},
        };
        for (const auto& r : real) f.row({r[0], r[1], r[2], r[3], "", "synthetic", "unreviewed"});
        const char* langs[] = {"ja", "en", "ko", "ne", "zh-Hans", "vi"};
        const char* stems[] = {"ごうせい", "synth", "합성", "कृत्रिम", "合成", "tong hop"};
        for (int i = 0; i < 1500; ++i) {
            const int l = i % 6;
            std::string word = std::string(stems[l]) + (l == 0 || l == 4 ? kSyllables[i % 30] : "") + std::to_string(i);
            f.row({langs[l], word, "concern", kConcerns[i % 7], "synthetic", "synthetic", "unreviewed"});
        }
    }
    { CsvOut f(d / "municipalities.csv", {"code", "name", "name_kana"}); }
    if (!orgs.ok() || !svcs.ok() || !phones.ok() || !scheds.ok() || !trans.ok() || !locs.ok()) return "cannot write CSV files in " + dir;
    return {};
}

}  // namespace madoguchi::core
