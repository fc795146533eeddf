// SPDX-License-Identifier: Apache-2.0
// directory_review.hpp — what in a bundle source needs a data admin's attention
// (`madoguchi-bundle review`, docs/review-and-diff.md).
//
// The source is loaded and checked as `build` does; a source with problems is
// not reviewed (fix what `check` says first). The review returns findings only;
// wording is the admin tool's. Every list is sorted, so two runs on the same
// source and date print the same lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/diagnostics.hpp"
#include "madoguchi/core/field_checks.hpp"

namespace madoguchi::core {

enum class AgeUnit { months, days, years };

// How old a record's assured_date may get. count 0 → 6 months.
struct ReviewAge {
    int count = 0;
    AgeUnit unit = AgeUnit::months;
};

// "90d", "6m", "1y" (1-9999 of days, months or years); nullopt otherwise.
std::optional<ReviewAge> parse_review_age(std::string_view s);

// The first date that is not "older than" `age` on `today`: today minus the
// age, a month's day clamped to the month's end (2026-08-31 − 6m = 2026-02-28).
CivilDate older_than_cutoff(CivilDate today, ReviewAge age);

struct ReviewOptions {
    ReviewAge older_than;            // zero → 6 months
    std::optional<CivilDate> today;  // nullopt → the machine's local date
};

// (a) An organization or service last checked before the cutoff.
struct StaleRecord {
    std::string kind;  // "organization" or "service"
    std::string id, name, assured_date;
};

struct ServiceRef {
    std::string id, name;
};

// (c) An inactive service and why.
struct InactiveService {
    std::string id, name, status_note;
};

// (d) A source that cannot be traced well. Either one evidence row (table, id,
// field set) whose source has no url and/or no publisher, or the source itself
// (table empty) when it has no `published` date.
struct EvidenceGap {
    std::string source_id, source_title;
    std::string table, id, field;
    bool no_url = false, no_publisher = false, no_published = false;
};

// Why a service whose areas cover a prefecture does not count for it.
struct PrefectureReason {
    std::string service_id, service_name;
    bool inactive = false;
    std::string status_note;      // when inactive
    bool no_voice_phone = false;  // active, but no voice phone
    std::string sector;           // active; organization's sector when it is not public ("" = not given)
    bool sector_not_public = false;
};

// (e) A prefecture no active public service with a voice phone covers.
struct PrefectureGap {
    int code = 0;
    std::string name;
    std::vector<PrefectureReason> reasons;  // empty: no service covers it at all
};

struct DirectoryReview {
    std::string today, cutoff;  // YYYY-MM-DD; assured before `cutoff` is old
    std::vector<StaleRecord> stale;                  // by assured_date, kind, id
    std::vector<ServiceRef> unreachable;             // by id
    std::vector<InactiveService> inactive;           // by id
    std::vector<EvidenceGap> evidence_gaps;          // by source id, then table, id, field
    std::vector<PrefectureGap> prefecture_gaps;      // by code
    size_t findings() const {
        return stale.size() + unreachable.size() + inactive.size() + evidence_gaps.size() + prefecture_gaps.size();
    }
};

// Loads `dir` as `check` does and reviews it. false (and the source's problems
// in `diags`) when the source has problems; nothing is reviewed then.
//
// (b) counts the contacts the kiosk shows: a voice phone of the service, or a
//     website or e-mail of the service or, failing that, of its organization.
// (e) a service covers a prefecture by a prefecture code or a municipality in
//     it; `national` does not count. It counts when active, with a voice phone,
//     and its organization's sector is `public`.
bool review_bundle_source(const std::string& dir, const ReviewOptions& options, DirectoryReview& out, Diagnostics& diags);

}  // namespace madoguchi::core
