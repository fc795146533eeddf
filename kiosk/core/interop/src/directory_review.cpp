// SPDX-License-Identifier: Apache-2.0
// directory_review.cpp — findings of `madoguchi-bundle review` over a checked
// BundleSource (see directory_review.hpp for what each finding means).
//
// Index
//   - parse_review_age / review_cutoff   the --older-than age and its date
//   - review_bundle_source               load, then sections (a)–(e) in order
#include "madoguchi/core/directory_review.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "bundle_source.hpp"
#include "madoguchi/core/regions.hpp"

namespace madoguchi::core {
namespace {

CivilDate local_today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return CivilDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

}  // namespace

std::optional<ReviewAge> parse_review_age(std::string_view s) {
    if (s.size() < 2 || s.size() > 5) return std::nullopt;
    ReviewAge a;
    switch (s.back()) {
        case 'd': a.unit = AgeUnit::days; break;
        case 'm': a.unit = AgeUnit::months; break;
        case 'y': a.unit = AgeUnit::years; break;
        default: return std::nullopt;
    }
    int n = 0;
    for (char c : s.substr(0, s.size() - 1)) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (n < 1) return std::nullopt;
    a.count = n;
    return a;
}

CivilDate older_than_cutoff(CivilDate today, ReviewAge age) {
    if (age.count == 0) age = ReviewAge{6, AgeUnit::months};
    if (age.unit == AgeUnit::days) return add_days(today, -age.count);
    return add_months(today, -(age.unit == AgeUnit::years ? age.count * 12 : age.count));
}

bool review_bundle_source(const std::string& dir, const ReviewOptions& options, DirectoryReview& out, Diagnostics& diags) {
    out = DirectoryReview{};
    BundleSource src;
    if (!load_bundle_source(dir, src, diags)) return false;
    const CivilDate today = options.today.value_or(local_today());
    out.today = format_date(today);
    out.cutoff = format_date(older_than_cutoff(today, options.older_than));

    std::map<std::string, const SrcOrganization*> orgs;
    for (const auto& o : src.organizations) orgs[o.id] = &o;
    std::set<std::string> with_voice;    // service ids with a voice phone
    std::set<std::string> with_channel;  // … with any way in a visitor can use: a line to call or text, LINE, chat, a form, mail
    for (const auto& p : src.phones) {
        if (p.type == "voice") with_voice.insert(p.service_id);
        if (p.type != "fax") with_channel.insert(p.service_id);  // nobody asks for help by fax from a slip
    }

    // (a) Old records. Dates are YYYY-MM-DD, so text order is date order.
    for (const auto& o : src.organizations)
        if (o.assured_date < out.cutoff) out.stale.push_back({"organization", o.id, o.name, o.assured_date});
    for (const auto& s : src.services)
        if (s.assured_date < out.cutoff) out.stale.push_back({"service", s.id, s.name, s.assured_date});
    std::sort(out.stale.begin(), out.stale.end(), [](const StaleRecord& a, const StaleRecord& b) {
        return std::tie(a.assured_date, a.kind, a.id) < std::tie(b.assured_date, b.kind, b.id);
    });

    // (b) Active services a visitor cannot reach; (c) inactive ones.
    for (const auto& s : src.services) {
        if (s.status == "inactive") {
            out.inactive.push_back({s.id, s.name, s.status_note});
            continue;
        }
        const SrcOrganization* o = orgs.count(s.organization_id) ? orgs.at(s.organization_id) : nullptr;
        const bool web = !s.website.empty() || (o && !o->website.empty());
        const bool mail = !s.email.empty() || (o && !o->email.empty());
        if (!with_channel.count(s.id) && !web && !mail) out.unreachable.push_back({s.id, s.name});
    }
    auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(out.unreachable.begin(), out.unreachable.end(), by_id);
    std::sort(out.inactive.begin(), out.inactive.end(), by_id);

    // (d) Evidence that cannot be traced to a publisher or a page, and sources
    // without the page's own date.
    std::map<std::string, const SrcSource*> sources;
    for (const auto& s : src.sources) {
        sources[s.id] = &s;
        if (s.published.empty()) {
            EvidenceGap g;
            g.source_id = s.id;
            g.source_title = s.title;
            g.no_published = true;
            out.evidence_gaps.push_back(std::move(g));
        }
    }
    for (const auto& e : src.evidence) {
        auto it = sources.find(e.source);
        if (it == sources.end()) continue;  // a checked source has none such
        const SrcSource& s = *it->second;
        if (!s.url.empty() && !s.publisher.empty()) continue;
        EvidenceGap g;
        g.source_id = s.id;
        g.source_title = s.title;
        g.table = e.table;
        g.id = e.id;
        g.field = e.field;
        g.no_url = s.url.empty();
        g.no_publisher = s.publisher.empty();
        out.evidence_gaps.push_back(std::move(g));
    }
    std::stable_sort(out.evidence_gaps.begin(), out.evidence_gaps.end(), [](const EvidenceGap& a, const EvidenceGap& b) {
        return std::tie(a.source_id, a.table, a.id, a.field) < std::tie(b.source_id, b.table, b.id, b.field);
    });

    // (e) Prefectures with no public service to call. Services are looked at
    // in id order, so the reasons are too.
    std::vector<const SrcService*> services;
    for (const auto& s : src.services) services.push_back(&s);
    std::sort(services.begin(), services.end(), [](const SrcService* a, const SrcService* b) { return a->id < b->id; });
    for (const Prefecture& p : prefectures()) {
        PrefectureGap gap{p.code, p.name, {}};
        bool covered = false;
        for (const SrcService* s : services) {
            const bool covers = std::any_of(s->areas.begin(), s->areas.end(), [&](const SrcArea& a) {
                return a.scope != "national" && a.prefecture == p.code;
            });
            if (!covers) continue;
            PrefectureReason r{s->id, s->name, false, {}, false, {}, false};
            if (s->status == "inactive") {
                r.inactive = true;
                r.status_note = s->status_note;
            } else {
                const SrcOrganization* o = orgs.count(s->organization_id) ? orgs.at(s->organization_id) : nullptr;
                r.no_voice_phone = !with_voice.count(s->id);
                r.sector = o ? o->sector : "";
                r.sector_not_public = r.sector != "public";
                if (!r.no_voice_phone && !r.sector_not_public) {
                    covered = true;
                    break;
                }
            }
            gap.reasons.push_back(std::move(r));
        }
        if (!covered) out.prefecture_gaps.push_back(std::move(gap));
    }
    return true;
}

}  // namespace madoguchi::core
