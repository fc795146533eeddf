// SPDX-License-Identifier: Apache-2.0
#include "madoguchi/core/slip.hpp"

#include "madoguchi/core/ui_strings.hpp"

namespace madoguchi::core {

SlipWords slip_words(const UiStrings& strings, std::string_view lang) {
    SlipWords w;
    w.header = strings.get(lang, "slip.header");
    w.phone = strings.get(lang, "detail.phone");
    w.website = strings.get(lang, "detail.website");
    w.email = strings.get(lang, "detail.email");
    w.private_operator = strings.get(lang, "detail.sector.private");
    w.nonprofit = strings.get(lang, "detail.sector.nonprofit");
    w.as_of = strings.get(lang, "slip.as_of");
    w.call = strings.get(lang, "qr.call");
    w.web = strings.get(lang, "qr.web");
    w.today = strings.get(lang, "slip.today");
    w.tomorrow = strings.get(lang, "slip.tomorrow");
    w.today_holiday = strings.get(lang, "slip.today_holiday");
    w.tomorrow_holiday = strings.get(lang, "slip.tomorrow_holiday");
    w.closed = strings.get(lang, "slip.closed");
    w.all_day = strings.get(lang, "slip.all_day");
    w.say = strings.get(lang, "slip.say");
    // The fact vocabulary of service_facts.csv (docs/bundle-source.md).
    static constexpr std::pair<std::string_view, std::string_view> kFacts[] = {
        {"anonymous", "yes"},       {"anonymous", "no"},       {"confidential", "yes"},    {"confidential", "no"},
        {"police_not_told", "yes"}, {"police_not_told", "no"}, {"family_may_call", "yes"}, {"family_may_call", "no"},
        {"call_charge", "free"},    {"call_charge", "charged"},
    };
    for (const auto& [fact, value] : kFacts) {
        const std::string key = std::string(fact) + "." + std::string(value);
        w.facts[key] = strings.get(lang, "detail.fact." + key);
    }
    return w;
}

bool slip_is_bilingual(std::string_view lang) { return !lang.empty() && lang.rfind("ja", 0) != 0; }

std::string both_languages(std::string_view a, std::string_view b) {
    if (b.empty() || a == b) return std::string(a);
    if (a.empty()) return std::string(b);
    return std::string(a) + " / " + std::string(b);
}

std::string describe_day(const DayHours& hours, bool tomorrow, const SlipWords& w, const SlipWords* ja) {
    static const SlipWords none;
    const SlipWords& j = ja ? *ja : none;
    const std::string label = tomorrow ? (hours.holiday ? both_languages(w.tomorrow_holiday, j.tomorrow_holiday) : both_languages(w.tomorrow, j.tomorrow))
                                       : (hours.holiday ? both_languages(w.today_holiday, j.today_holiday) : both_languages(w.today, j.today));
    const std::string value = hours.all_day  ? both_languages(w.all_day, j.all_day)
                              : hours.closed() ? both_languages(w.closed, j.closed)
                                               : describe_spans(hours);
    return label.empty() ? value : label + "  " + value;
}

namespace {

// The text of `ja` when the slip is bilingual and it says something `text` does not.
std::string japanese_beside(const std::string& text, const std::string& ja) { return ja == text ? std::string() : ja; }

}  // namespace

Slip build_slip(const Catalogue& catalogue, const std::vector<std::string>& service_ids, const SlipOptions& options) {
    Slip slip;
    slip.lang = options.lang.empty() ? "ja" : options.lang;
    slip.bilingual = slip_is_bilingual(slip.lang);
    slip.words = options.words;
    if (slip.bilingual) slip.words_ja = options.words_ja;
    const SlipWords* ja_words = slip.bilingual ? &slip.words_ja : nullptr;
    slip.header = !options.header.empty() ? options.header : slip.words.header;
    if (slip.bilingual) slip.header_ja = japanese_beside(slip.header, slip.words_ja.header);
    slip.data_date = catalogue.info().meta_value("created").substr(0, 10);
    const HolidayTest holiday = [&catalogue](CivilDate d) { return catalogue.is_holiday(d); };
    for (const auto& id : service_ids) {
        auto d = catalogue.service(id, slip.lang);
        if (!d) continue;
        std::optional<ServiceDetail> dj;
        if (slip.bilingual) dj = catalogue.service(id, "ja");
        SlipEntry e;
        e.service_id = d->id;
        e.name = d->name.text;
        e.organization = d->organization.text;
        e.name_in_japanese = d->name.fallback;
        e.organization_in_japanese = d->organization.fallback;
        if (dj) {
            e.name_ja = japanese_beside(e.name, dj->name.text);
            e.organization_ja = japanese_beside(e.organization, dj->organization.text);
        }
        e.website = d->website.empty() ? d->organization_website : d->website;
        e.email = d->email.empty() ? d->organization_email : d->email;
        e.assured_date = d->assured_date;
        if (d->sector == "private") {
            e.operator_note = slip.words.private_operator;
            if (ja_words) e.operator_note_ja = japanese_beside(e.operator_note, ja_words->private_operator);
        } else if (d->sector == "nonprofit") {
            e.operator_note = slip.words.nonprofit;
            if (ja_words) e.operator_note_ja = japanese_beside(e.operator_note, ja_words->nonprofit);
        }
        for (const auto& p : d->phones) {
            if (p.type == "fax") continue;  // nobody calls a fax from a slip
            // A channel without a number (LINE, chat, a web form, a mail
            // address: phones.csv `link`) prints its link where a number would
            // stand; it has no tel: code.
            SlipPhone sp{p.number.empty() ? p.link : p.number, p.label.text, p.hours, p.number.empty() ? std::string() : p.tel_uri,
                         {}, {}, {}};
            if (sp.number.empty()) continue;  // nothing a visitor could use
            if (dj)
                for (const auto& pj : dj->phones)
                    if (pj.id == p.id) {
                        // A label with no translation is Japanese: the
                        // visitor reads their word for "phone" before it.
                        if (p.label.fallback && !pj.label.text.empty()) sp.label = slip.words.phone;
                        sp.label_ja = japanese_beside(sp.label, pj.label.text);
                        // The catalogue describes rules in Japanese or English:
                        // an English slip keeps English, every other bilingual
                        // slip the Japanese (its day lines are in the visitor's words).
                        if (slip.lang != "en") sp.hours = pj.hours;
                        // The words to say are Japanese (the person answering
                        // speaks it); the visitor's translation says what they mean.
                        sp.say = pj.say.text;
                        if (!p.say.fallback && p.say.text != pj.say.text) sp.say_meaning = p.say.text;
                    }
            if (!dj) sp.say = p.say.text;
            if (options.today && !p.rules.empty()) {
                sp.today = describe_day(hours_on(p.rules, *options.today, holiday), false, slip.words, ja_words);
                sp.tomorrow = describe_day(hours_on(p.rules, add_days(*options.today, 1), holiday), true, slip.words, ja_words);
            }
            e.phones.push_back(std::move(sp));
        }
        // What happens when you call, as the detail screen said it: only facts
        // a page states (ServiceDetail::facts), never "no" for "not known".
        for (const auto& f : d->facts) {
            const auto it = slip.words.facts.find(f.fact + "." + f.value);
            if (it == slip.words.facts.end() || it->second.empty()) continue;
            SlipNote n{it->second, {}};
            if (ja_words)
                if (const auto jt = ja_words->facts.find(f.fact + "." + f.value); jt != ja_words->facts.end())
                    n.ja = japanese_beside(n.text, jt->second);
            e.notes.push_back(std::move(n));
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
