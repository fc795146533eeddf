// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/slip.hpp"

namespace madoguchi::core {

Slip build_slip(const Catalogue& catalogue, const std::vector<std::string>& service_ids, const SlipOptions& options) {
    Slip slip;
    slip.lang = options.lang.empty() ? "ja" : options.lang;
    const bool ja = slip.lang.rfind("ja", 0) == 0;
    slip.header = !options.header.empty() ? options.header : ja ? "お問い合わせ先のメモ" : "Contact details";
    slip.data_date = catalogue.info().meta_value("created").substr(0, 10);
    for (const auto& id : service_ids) {
        auto d = catalogue.service(id, slip.lang);
        if (!d) continue;
        SlipEntry e;
        e.service_id = d->id;
        e.name = d->name.text;
        e.organization = d->organization.text;
        e.website = d->website.empty() ? d->organization_website : d->website;
        e.email = d->email.empty() ? d->organization_email : d->email;
        e.assured_date = d->assured_date;
        if (d->sector == "private") e.operator_note = ja ? "民間の事業者（費用がかかることがあります）" : "Private provider (fees may apply)";
        else if (d->sector == "nonprofit") e.operator_note = ja ? "民間の非営利団体" : "Non-profit organization";
        for (const auto& p : d->phones) {
            if (p.type == "fax") continue;  // nobody calls a fax from a slip
            e.phones.push_back({p.number, p.label.text, p.hours, p.tel_uri});
        }
        slip.entries.push_back(std::move(e));
    }
    return slip;
}

std::string_view to_string(PrintResult r) {
    switch (r) {
        case PrintResult::printed: return "printed";
        case PrintResult::paper_out: return "paper_out";
        case PrintResult::no_printer: return "no_printer";
        case PrintResult::timeout: return "timeout";
        case PrintResult::io_error: return "io_error";
        case PrintResult::cancelled: return "cancelled";
        case PrintResult::not_configured: break;
    }
    return "not_configured";
}

}  // namespace madoguchi::core
