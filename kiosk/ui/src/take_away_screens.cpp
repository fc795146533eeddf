// SPDX-License-Identifier: Apache-2.0
// take_away_screens.cpp — what the visitor takes away: the slip's list, its
// printing (handed to the app's SlipPrinter, never waited for), and QR codes.
#include <algorithm>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

// --- basket -------------------------------------------------------------------
void basket_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    float y = c.y + heading(k, k.S("basket.title"), c, c.y);
    TextOpts note;
    note.color = k.P().text_muted;
    if (!k.deps.printer) y += k.ui.text(k.S("basket.no_printer"), c.x, y, c.w, note);
    y += k.ui.mm(6);
    if (k.visitor.session.basket.empty()) {
        k.ui.text(k.S("basket.empty"), c.x, y, c.w);
        return;
    }
    std::string remove;
    for (const auto& id : k.visitor.session.basket) {
        const core::ServiceDetail* d = k.service_of(id);
        if (!d) continue;
        const float pad = k.ui.mm(4);
        float h = pad;
        TextOpts n;
        h += k.ui.text_height(d->name.text, c.w - k.ui.mm(70), n);
        std::string lines;
        for (const auto& p : d->phones) lines += (p.number.empty() ? p.link : p.number) + "\n";  // a web form or LINE has a link
        if (!d->website.empty()) lines += d->website + "\n";
        TextOpts s;
        s.size_mm = theme::mm::small;
        h += k.ui.text_height(lines, c.w - k.ui.mm(70), s) + pad;
        const Rect r{c.x, y, c.w, std::max(h, k.ui.mm(26))};
        k.ui.fill(r, k.P().surface, theme::mm::radius);
        k.ui.stroke(r, k.P().border, theme::mm::radius, 0.35f);
        float ty = r.y + pad;
        ty += k.ui.text(d->name.text, r.x + pad, ty, c.w - k.ui.mm(70), n);
        k.ui.text(lines, r.x + pad, ty, c.w - k.ui.mm(70), s);
        TextOpts rl;
        rl.size_mm = theme::mm::small;
        const float rw = std::max(k.ui.mm(28), k.ui.text_width(k.S("basket.remove"), rl) + k.ui.mm(10));
        if (k.ui.button("basket.remove." + id, Rect{r.x + r.w - rw - k.ui.mm(4), r.y + k.ui.mm(4), rw, k.ui.mm(16)}, k.S("basket.remove"),
                      Ui::Style::secondary, 0, theme::mm::small))
            remove = id;
        y += r.h + k.ui.mm(3);
    }
    if (!remove.empty()) {
        k.visitor.session.toggle_basket(remove);
        k.want_frame = true;
    }
    // Actions: QR codes always; printing when a printer is set up.
    const float bh = k.ui.mm(20), gap = k.ui.mm(theme::mm::gap);
    const bool can_print = k.deps.printer != nullptr;
    const float bw = can_print ? (c.w - gap) / 2 : c.w;
    float ay = std::min(y + k.ui.mm(4), c.y + c.h - bh - k.ui.mm(22));
    if (k.ui.button("basket.qr", Rect{c.x, ay, bw, bh}, k.S("basket.show_qr"), Ui::Style::secondary)) k.navigate(Screen::qr);
    if (can_print && k.visitor.print_state != PrintState::requested && k.visitor.print_state != PrintState::shown &&
        k.visitor.print_state != PrintState::sending &&
        k.ui.button("basket.print", Rect{c.x + bw + gap, ay, bw, bh}, k.S("basket.print"), Ui::Style::primary)) {
        k.visitor.print_state = PrintState::requested;
        k.want_frame = true;
    }
    ay += bh + k.ui.mm(4);
    std::string msg;
    if (k.visitor.print_state == PrintState::requested || k.visitor.print_state == PrintState::shown || k.visitor.print_state == PrintState::sending)
        msg = k.S("basket.printing");
    else if (k.visitor.print_state == PrintState::done) {
        using R = core::PrintResult;
        switch (k.visitor.print_result) {
            case R::printed: msg = k.S("basket.printed"); break;
            case R::paper_out: msg = k.S("basket.print_paper_out"); break;
            case R::no_printer:
            case R::timeout: msg = k.S("basket.print_no_printer"); break;
            default: msg = k.S("basket.print_failed"); break;
        }
    }
    if (!msg.empty()) {
        TextOpts o;
        o.color = k.visitor.print_state == PrintState::done && k.visitor.print_result != core::PrintResult::printed ? k.P().text : k.P().good;
        k.ui.text(msg, c.x, ay, c.w, o);
    }
    if (k.visitor.print_state == PrintState::requested) {
        k.visitor.print_state = PrintState::shown;  // "printing…" is on screen now
        k.want_frame = true;
    }
}

// The slip's words (in the visitor's language) to the printer, which renders
// and sends them on its own (slip_printer.hpp). A printer still letting go of
// a cancelled slip (≤ 50 ms) is asked again next frame.
void send_print(Kiosk& k) {
    if (!k.deps.printer || !k.deps.catalogue) return;
    if (k.deps.printer->busy()) {
        k.want_frame = true;
        return;
    }
    // Every word from the strings: the visitor's, and Japanese for the second
    // half of a bilingual slip. The date picks today's and tomorrow's hours;
    // it is not printed (slip.hpp).
    const std::string& lang = k.visitor.session.lang;
    core::Slip slip = core::build_slip(*k.deps.catalogue, k.visitor.session.basket,
                                       {.lang = lang,
                                        .header = "",
                                        .words = core::slip_words(*k.deps.strings, lang),
                                        .words_ja = core::slip_words(*k.deps.strings, "ja"),
                                        .today = local_now().date});
    if (k.deps.printer->submit(std::move(slip), {})) {
        k.visitor.print_state = PrintState::sending;
    } else {
        k.visitor.print_result = core::PrintResult::io_error;
        k.visitor.print_state = PrintState::done;
    }
    k.want_frame = true;
}

// Once per frame while the printer sends: its outcome, when it has one.
void poll_print(Kiosk& k) {
    if (k.visitor.print_state != PrintState::sending || !k.deps.printer) return;
    if (auto o = k.deps.printer->take_outcome()) {
        k.visitor.print_result = *o;
        k.visitor.print_state = PrintState::done;
    }
    k.want_frame = true;  // keep frames coming to ask again (and to show the outcome)
}

void qr_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    float y0 = c.y + heading(k, k.S("qr.title"), c, c.y);
    // Saving a contact under a plain name: the phone's contact list then
    // says nothing about what the number is for.
    TextOpts chip_o;
    chip_o.size_mm = theme::mm::small;
    const float chip_w = std::min(c.w, k.ui.text_width(k.S("qr.neutral"), chip_o) + k.ui.mm(12));
    if (k.ui.button("qr.neutral", Rect{c.x, y0, chip_w, k.ui.mm(15)}, k.S("qr.neutral"),
                  k.visitor.neutral_contact ? Ui::Style::chip_on : Ui::Style::chip_off, 0, theme::mm::small)) {
        k.visitor.neutral_contact = !k.visitor.neutral_contact;
        k.want_frame = true;
    }
    y0 += k.ui.mm(19);
    const Rect view{c.x, y0, c.w, c.y + c.h - y0};
    const float off = k.ui.scroll("qr", view, kMeasuredLastFrame);
    k.ui.push_clip(view);
    float y = view.y - off;
    const float side_max = std::min(k.ui.mm(80), (c.w - k.ui.mm(10)) / 2);
    // As on the slip: a visitor whose language is not Japanese reads their
    // words first and the Japanese beside them, for a helper who reads only
    // Japanese (core::slip_is_bilingual).
    const bool bilingual = core::slip_is_bilingual(k.visitor.session.lang);
    auto with_ja = [&](const std::string& visitor, const std::string& ja) { return bilingual ? core::both_languages(visitor, ja) : visitor; };
    for (const auto& id : k.visitor.session.basket) {
        const core::ServiceDetail* d = k.service_of(id);
        if (!d) continue;
        y += k.ui.text(d->name.text, c.x, y, c.w) + k.ui.mm(1);
        if (const core::ServiceDetail* dj = bilingual ? k.service_ja_of(id) : nullptr; dj && dj->name.text != d->name.text) {
            TextOpts jo;
            jo.size_mm = theme::mm::small;
            jo.color = k.P().text_muted;
            jo.lang = "ja";
            y += k.ui.text(dj->name.text, c.x, y, c.w, jo);
        }
        y += k.ui.mm(1);
        float x = c.x, row = 0;
        std::string err;
        auto place = [&](const std::string& payload, const std::string& caption, const std::string& name) {
            // Wrap before a code that would not fit whole (a contact card is
            // a larger symbol and never shrinks below 8 px per module).
            if (const core::QrCode* code = k.qr_of(payload); code && x > c.x && x + qr_side(*code, side_max) > c.x + c.w) {
                y += row + k.ui.mm(6);
                x = c.x;
                row = 0;
            }
            const float side = draw_qr(k, payload, x, y, side_max);
            if (side <= 0) return;
            k.ui.target(name, Rect{x, y, side, side});  // named, so scripts can find it; a tap does nothing
            k.ui.set_label(caption);
            TextOpts o;
            o.size_mm = theme::mm::small;
            o.color = k.P().text_muted;
            const float ch = k.ui.text(caption, x, y + side + k.ui.mm(1), side, o);
            row = std::max(row, side + k.ui.mm(1) + ch);
            x += side + k.ui.mm(10);
        };
        // The first line to call by voice (a web form or LINE listed first has no tel:).
        const auto call = std::find_if(d->phones.begin(), d->phones.end(), [](const core::PhoneInfo& p) { return p.type == "voice"; });
        if (call != d->phones.end())
            if (auto t = core::qr_tel(call->tel_uri, &err)) place(*t, with_ja(k.S("qr.call"), k.deps.strings->get("ja", "qr.call")) + "  " + call->number, "qr.tel." + id);
        const std::string web = d->website.empty() ? d->organization_website : d->website;
        if (!web.empty())
            if (auto u = core::qr_url(web, &err)) place(*u, with_ja(k.S("qr.web"), k.deps.strings->get("ja", "qr.web")), "qr.web." + id);
        core::ContactCard card;
        card.name = d->name.text;
        card.organization = d->organization.text;
        for (const auto& p : d->phones)
            if (p.type != "fax" && !p.number.empty()) card.phones.push_back(p.number);  // a channel without a number is no TEL
        card.url = web;
        card.email = d->email.empty() ? d->organization_email : d->email;
        core::ContactOptions opts;
        if (k.visitor.neutral_contact) {
            opts.neutral_name = k.S("qr.neutral_name");
            card.url.clear();  // a domain can say what the contact is
            card.email.clear();
        }
        if (auto v = core::qr_contact(card, opts, &err)) place(*v, with_ja(k.S("qr.contact"), k.deps.strings->get("ja", "qr.contact")), "qr.contact." + id);
        y += row + k.ui.mm(8);
    }
    k.ui.set_scroll_content("qr", y + off - view.y);
    k.ui.pop_clip();
}

}  // namespace madoguchi::ui
