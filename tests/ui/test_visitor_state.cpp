// SPDX-License-Identifier: Apache-2.0
// The visitor's state is forgotten whole (kiosk/ui/src/visitor_state.hpp):
// every field changed, renewed, all of them fresh; the kiosk's session end
// (Kiosk::wipe) does that and lets go of a slip being printed.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>

#include "kiosk.hpp"
#include "madoguchi/text/font_set.hpp"

using namespace madoguchi;
using namespace madoguchi::ui;

namespace {

// The size of the struct the test below was written for. A field added to
// VisitorState (or CatalogueViews, CatalogueCache) changes it: then set the
// new field in dirty() too, so that this test proves it is forgotten.
constexpr size_t kVisitorStateSize = 2336;

core::ServiceSummary summary(const char* id) {
    core::ServiceSummary s;
    s.id = id;
    s.name.text = "ひまわり相談室";
    return s;
}

// Changes every field of a fresh state, checking at each step that the change
// is seen (so that every field takes part in the comparison).
VisitorState dirty() {
    VisitorState fresh;
    VisitorState v;
    auto changed = [&](const char* what) {
        INFO(what);
        CHECK(!(v == fresh));
        fresh = v;  // the next change must be seen on its own
    };
    v.session.lang = "vi", changed("session.lang");
    v.session.screen = core::Screen::basket, changed("session.screen");
    v.session.back_stack = {core::Screen::concern, core::Screen::who}, changed("session.back_stack");
    v.session.concern = "gambling", changed("session.concern");
    v.session.audience = "family", changed("session.audience");
    v.session.situations = {"debt"}, changed("session.situations");
    v.session.kinds = {"phone_line"}, changed("session.kinds");
    v.session.modes = {"phone"}, changed("session.modes");
    v.session.open_now_only = true, changed("session.open_now_only");
    v.session.voice_free_only = true, changed("session.voice_free_only");
    v.session.service_id = "svc-1", changed("session.service_id");
    v.session.guide_id = "first_call", changed("session.guide_id");
    v.session.basket = {"svc-1", "svc-2"}, changed("session.basket");
    v.session.query = "ぎゃんぶる", changed("session.query");
    v.session.large_text = true, changed("session.large_text");
    v.session.high_contrast = true, changed("session.high_contrast");
    auto& views = v.views;
    views.results_key = "ja|gambling|family|0", changed("views.results_key");
    views.results = {summary("svc-1")}, changed("views.results");
    views.card_tops = {0.f, 120.f}, changed("views.card_tops");
    views.card_tops_key = "ja|gambling|family|0|800|1", changed("views.card_tops_key");
    views.urgent = {summary("svc-3")}, changed("views.urgent");
    views.urgent_key = "ja|2026-11-24T12:00", changed("views.urgent_key");
    views.hits = {core::SearchHit{}}, changed("views.hits");
    views.hits_key = "ja|ぎゃんぶる", changed("views.hits_key");
    views.named.terms = {core::Term{}}, changed("views.named.terms");
    views.named.urgent = true, changed("views.named.urgent");
    {
        core::ServiceDetail d;
        d.facts = {core::ServiceFact{"f-1", "family_may_call", "yes", {}, {}}};  // issue 19: what a visitor looked at
        views.detail = std::move(d), changed("views.detail");
    }
    views.detail_key = "ja|svc-1", changed("views.detail_key");
    views.cache.lang = "vi", changed("views.cache.lang");
    views.cache.vocabularies["concern"] = {core::Term{}}, changed("views.cache.vocabularies");
    views.cache.services["svc-1"] = core::ServiceDetail{}, changed("views.cache.services");
    views.cache.services_ja["svc-1"] = core::ServiceDetail{}, changed("views.cache.services_ja");
    views.cache.guides["first_call"] = core::Guide{}, changed("views.cache.guides");
    views.cache.qr_codes["tel:0120"] = core::QrCode{}, changed("views.cache.qr_codes");
    views.correction_qr = true, changed("views.correction_qr");
    views.correction_scroll = true, changed("views.correction_scroll");
    views.show_original = true, changed("views.show_original");
    v.countdown = true, changed("countdown");
    v.countdown_start = 12.5, changed("countdown_start");
    v.start_when_ready = true, changed("start_when_ready");
    v.print_state = PrintState::done, changed("print_state");
    v.print_result = core::PrintResult::printed, changed("print_result");
    v.neutral_contact = true, changed("neutral_contact");
    v.latin_keys = true, changed("latin_keys");
    v.announcement.text = "ダルク、1件目、13件中", changed("announcement.text");  // what speech says: about the visitor
    v.announcement.lang = "vi", changed("announcement.lang");
    v.announcement.serial = 7, changed("announcement.serial");
    v.announced_key = "4|ja|3|result.darc", changed("announced_key");
    v.speech_commands = {core::KeyAction::volume_up}, changed("speech_commands");
    v.keys_help = true, changed("keys_help");
    return v;
}

// A printer that records what the kiosk asks of it.
struct CountingPrinter final : SlipPrinter {
    int submitted = 0, cancelled = 0;
    bool submit(core::Slip, const SlipJob&) override { return ++submitted, true; }
    std::optional<core::PrintResult> take_outcome() override { return std::nullopt; }
    bool busy() const override { return false; }
    void cancel() override { ++cancelled; }
};

}  // namespace

TEST_CASE("every field of the visitor's state is set by this test") {
    // See kVisitorStateSize: a new field must be added to dirty().
    CHECK(sizeof(VisitorState) == kVisitorStateSize);
}

TEST_CASE("renew_visitor leaves every field fresh, in the kiosk's language") {
    VisitorState v = dirty();
    renew_visitor(v, "ja");
    VisitorState fresh;
    fresh.session.lang = "ja";
    CHECK(v == fresh);
    renew_visitor(v, "en");
    CHECK(v.session.lang == "en");
    CHECK(v.session.screen == core::Screen::attract);
}

TEST_CASE("renew overwrites the struct's own bytes before building it again") {
    // Short strings live inside the struct (no heap block for the allocator
    // to wipe): what renew leaves behind there must be only the fresh state.
    VisitorState v;
    v.session.query = "かぜ";  // 6 bytes: held inline
    const char* inline_buffer = v.session.query.data();
    REQUIRE(inline_buffer >= reinterpret_cast<const char*>(&v));
    REQUIRE(inline_buffer < reinterpret_cast<const char*>(&v) + sizeof v);
    renew(v);
    CHECK(v.session.query.empty());
    for (int i = 0; i < 16; ++i) CHECK(inline_buffer[i] == 0);
}

TEST_CASE("the kiosk's session end renews the visitor and lets go of the slip") {
    std::string err;
    auto fonts = text::FontSet::load({}, &err);
    REQUIRE_MESSAGE(fonts, err);
    CountingPrinter printer;
    KioskUiDeps deps;
    deps.fonts = fonts.get();
    deps.config.default_language = "ja";
    deps.printer = &printer;
    Kiosk k(deps);
    VisitorState fresh = k.visitor;
    k.visitor = dirty();
    k.want_frame = false;
    k.wipe();
    CHECK(k.visitor == fresh);
    CHECK(printer.cancelled == 1);
    CHECK(k.want_frame);

    // とじる: the same, and the neutral screen at once.
    k.visitor = dirty();
    k.quick_hide();
    CHECK(k.visitor.session.screen == core::Screen::neutral);
    k.visitor.session.screen = core::Screen::attract;
    CHECK(k.visitor == fresh);
    CHECK(printer.cancelled == 2);
}
