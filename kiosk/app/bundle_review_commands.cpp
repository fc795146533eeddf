// SPDX-License-Identifier: Apache-2.0
// bundle_review_commands.cpp — `review`, `diff` and inspect's tier counts:
// the wording for a data admin of what core's directory_review and
// directory_diff find (docs/review-and-diff.md). Nothing is decided here.
#include <iostream>
#include <string>

#include "madoguchi/core/directory_diff.hpp"
#include "madoguchi/core/directory_review.hpp"

using namespace madoguchi::core;

namespace {

void print_diagnostics(const Diagnostics& diags) {
    for (const auto& d : diags.sorted()) std::cerr << format_diagnostic(d) << "\n";
}

std::string or_none(const std::string& s) { return s.empty() ? "(none)" : s; }

std::string plural(size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string prefecture_reason(const PrefectureReason& r) {
    std::string s = r.service_id + "  " + r.service_name + ": ";
    if (r.inactive) return s + "inactive: " + r.status_note;
    s += "active, but";
    if (r.no_voice_phone) s += " no voice phone";
    if (r.no_voice_phone && r.sector_not_public) s += ", and";
    if (r.sector_not_public)
        s += r.sector.empty() ? " its organization's sector is not given" : " its organization's sector is " + r.sector + ", not public";
    return s;
}

void print_changes(const std::vector<ValueChange>& changes, const char* indent) {
    for (const auto& c : changes) {
        std::cout << indent << c.what << "\n";
        std::cout << indent << "  - " << or_none(c.old_value) << "\n";
        std::cout << indent << "  + " << or_none(c.new_value) << "\n";
    }
}

void print_refs(const char* title, const std::vector<RecordRef>& refs) {
    if (refs.empty()) return;
    std::cout << "\n" << title << " (" << refs.size() << "):\n";
    for (const auto& r : refs) std::cout << "  " << r.id << "  " << r.name << "\n";
}

void print_records(const char* title, const std::vector<RecordChanges>& records) {
    if (records.empty()) return;
    std::cout << "\n" << title << " (" << records.size() << "):\n";
    for (const auto& r : records) {
        std::cout << "  " << r.id << "  " << r.name << "\n";
        print_changes(r.changes, "    ");
    }
}

}  // namespace

int cmd_review(const std::string& src_dir, const ReviewOptions& options, const std::string& age_text) {
    DirectoryReview r;
    Diagnostics diags;
    if (!review_bundle_source(src_dir, options, r, diags)) {
        print_diagnostics(diags);
        std::cerr << plural(diags.size(), "problem", "problems")
                  << " found; fix what `madoguchi-bundle check` says before reviewing.\n";
        return 1;
    }
    std::cout << "review of " << src_dir << " on " << r.today << " (older than " << age_text << ": last checked before "
              << r.cutoff << ")\n";

    std::cout << "\nOld records (" << r.stale.size() << "): organizations and services last checked before " << r.cutoff << "\n";
    for (const auto& s : r.stale) std::cout << "  " << s.assured_date << "  " << s.kind << " " << s.id << "  " << s.name << "\n";

    std::cout << "\nActive services a visitor cannot contact (" << r.unreachable.size()
              << "): no phone or channel (a fax does not count), no website and no e-mail, neither their own nor their organization's\n";
    for (const auto& s : r.unreachable) std::cout << "  " << s.id << "  " << s.name << "\n";

    std::cout << "\nInactive services (" << r.inactive.size() << "): in the source but not shown on the kiosk, and why\n";
    for (const auto& s : r.inactive) std::cout << "  " << s.id << "  " << s.name << ": " << s.status_note << "\n";

    std::cout << "\nEvidence gaps (" << r.evidence_gaps.size()
              << "): quotes from a source without url or publisher, sources without a published date\n";
    for (const auto& g : r.evidence_gaps) {
        if (g.table.empty()) {
            std::cout << "  source " << g.source_id << " (" << g.source_title << "): no published date\n";
            continue;
        }
        std::string missing = g.no_url && g.no_publisher ? "no url and no publisher" : g.no_url ? "no url" : "no publisher";
        std::cout << "  " << g.table << " " << g.id << " " << g.field << ": its source " << g.source_id << " has " << missing << "\n";
    }

    std::cout << "\nPrefectures with no public service to call (" << r.prefecture_gaps.size()
              << "): no active service of a public organization with a voice phone covers them (national ones do not count)\n";
    for (const auto& p : r.prefecture_gaps) {
        std::cout << "  " << (p.code < 10 ? "0" : "") << p.code << " " << p.name << ":";
        if (p.reasons.empty()) {
            std::cout << " no service listed\n";
            continue;
        }
        std::cout << "\n";
        for (const auto& reason : p.reasons) std::cout << "    " << prefecture_reason(reason) << "\n";
    }

    if (r.findings() == 0) {
        std::cout << "\nNothing needs attention.\n";
        return 0;
    }
    std::cout << "\n" << plural(r.findings(), "finding needs", "findings need") << " attention.\n";
    return 1;
}

int cmd_diff(const std::string& old_path, const std::string& new_path) {
    std::optional<DirectorySnapshot> snapshots[2];
    const std::string paths[2] = {old_path, new_path};
    for (int i = 0; i < 2; ++i) {
        std::string error;
        Diagnostics diags;
        snapshots[i] = load_snapshot(paths[i], &error, &diags);
        if (!snapshots[i]) {
            print_diagnostics(diags);
            std::cerr << "madoguchi-bundle: " << error << "\n";
            return 3;
        }
    }
    const DirectorySnapshot& a = *snapshots[0];
    const DirectorySnapshot& b = *snapshots[1];
    auto version = [](const DirectorySnapshot& s) { return s.meta.count("version") ? s.meta.at("version") : "?"; };
    std::cout << "old: " << old_path << " (" << a.kind << ", version " << version(a) << ")\n";
    std::cout << "new: " << new_path << " (" << b.kind << ", version " << version(b) << ")\n";

    const DirectoryDiff d = diff_directories(a, b);
    if (d.empty()) {
        std::cout << "\nNo differences.\n";
        return 0;
    }
    size_t n = d.meta.size() + d.services_added.size() + d.services_removed.size() + d.status_changed.size() +
               d.organizations_added.size() + d.organizations_removed.size();
    for (const auto& r : d.services_changed) n += r.changes.size();
    for (const auto& r : d.organizations_changed) n += r.changes.size();

    if (!d.meta.empty()) {
        std::cout << "\nBundle metadata changed (" << d.meta.size() << "):\n";
        print_changes(d.meta, "  ");
    }
    print_refs("Services added", d.services_added);
    print_refs("Services removed", d.services_removed);
    if (!d.status_changed.empty()) {
        std::cout << "\nStatus changed (" << d.status_changed.size() << "):\n";
        for (const auto& s : d.status_changed) {
            std::cout << "  " << s.id << "  " << s.name << ": " << s.old_status << " -> " << s.new_status;
            if (!s.note.empty()) std::cout << (s.new_status == "inactive" ? " (" : " (was: ") << s.note << ")";
            std::cout << "\n";
        }
    }
    print_records("Services changed", d.services_changed);
    print_refs("Organizations added", d.organizations_added);
    print_refs("Organizations removed", d.organizations_removed);
    print_records("Organizations changed", d.organizations_changed);
    std::cout << "\n" << plural(n, "difference", "differences") << "; check each line before signing.\n";
    return 1;
}

// The tier part of `inspect FILE` (after Catalogue::open accepted the file).
int print_tier_summary(const std::string& path) {
    std::string error;
    auto s = load_snapshot(path, &error, nullptr);
    if (!s) {
        std::cerr << "madoguchi-bundle: " << error << "\n";
        return 1;
    }
    const TierSummary t = summarize_tiers(*s);
    std::cout << "\ndirectory tiers:\n";
    for (const auto& c : t.tiers)
        std::cout << "  " << (c.tier.empty() ? "(none)" : c.tier) << ": " << plural(static_cast<size_t>(c.services), "service", "services") << ", " << c.active << " active\n";
    std::cout << "active services with a voice phone: " << t.active_with_voice_phone << " of " << t.active << "\n";
    return 0;
}
