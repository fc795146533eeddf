// SPDX-License-Identifier: Apache-2.0
// visitor_state.hpp — everything the kiosk holds about the visitor in front of
// it, in one declaration, and the one way it is forgotten (internal to kiosk/ui).
//
// Why one struct: the session wipe used to reset a hand-kept list of fields
// spread over a 1,900-line file, and set_catalogue() a second list; a field
// added to the screens but forgotten in either list would have outlived the
// visitor. Now a field is either in VisitorState — and forgotten with it,
// whatever it is — or it is not about the visitor at all (the catalogue's
// metadata, the admin screen, the glyph atlas, which Ui::wipe() handles).
//
// renew() is the whole wipe: it destroys the old state (every heap block it
// owned is freed, and the kiosk's allocator overwrites freed blocks:
// kiosk/platform wipe_on_free), overwrites the struct's own bytes (what lives
// inline: short strings, flags, the screen), and builds a fresh one in place.
// Nothing here needs a hand-written clear; tests/ui/test_visitor_state.cpp
// changes every field, renews, and finds all of them fresh.
#pragma once

#include <map>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/base/secure_clear.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/qr.hpp"
#include "madoguchi/core/session.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"

namespace madoguchi::ui {

// What the screens read from the catalogue, once per language and item rather
// than every frame (Kiosk::terms, service_of, guide_of, qr_of). The texts are
// all in one language: a change of language renews the cache.
struct CatalogueCache {
    std::string lang;
    std::map<std::string, std::vector<core::Term>, std::less<>> vocabularies;
    std::map<std::string, std::optional<core::ServiceDetail>, std::less<>> services;
    std::map<std::string, std::optional<core::ServiceDetail>, std::less<>> services_ja;  // Japanese beside another language (QR screen)
    std::map<std::string, std::optional<core::Guide>, std::less<>> guides;
    std::map<std::string, std::optional<core::QrCode>, std::less<>> qr_codes;

    friend bool operator==(const CatalogueCache&, const CatalogueCache&) = default;
};

// What the screens read from the catalogue for this visitor: results of the
// current choices, hits of the current query, the open detail page, and
// caches (a frame runs 60 times a second while a list glides; these are
// fetched once per language, service, guide or payload). All of it says what
// was looked at, so it belongs to the visitor; all of it comes from one
// catalogue, so set_catalogue() renews it on its own.
struct CatalogueViews {
    // Results of the current choices (fetched when the query key changes).
    std::string results_key;
    std::vector<core::ServiceSummary> results;
    // Where the results list's cards begin (card_tops[i]; the last is the
    // list's height), for the list and sizes in card_tops_key.
    std::vector<float> card_tops;
    std::string card_tops_key;
    // The urgent route's lines (Catalogue::urgent_services) for urgent_key
    // (language | the minute they were read: open states change with the clock).
    std::vector<core::ServiceSummary> urgent;
    std::string urgent_key;
    // The search screen's hits for hits_key (language | query).
    std::vector<core::SearchHit> hits;
    std::string hits_key;
    // What the same query names in everyday words (Catalogue::expand): the
    // concern chips above the hits (「ギャンブルの相談先を見る」).
    core::Expansion named;
    // The detail screen's service for detail_key (language | id).
    std::optional<core::ServiceDetail> detail;
    std::string detail_key;
    CatalogueCache cache;
    // The detail screen's "report a mistake" QR code is shown (hidden again
    // when another place opens); scrolled into view once when it opens.
    bool correction_qr = false;
    bool correction_scroll = false;
    // The Japanese original under an unreviewed translation (docs/kiosk.md):
    // shown on the page it was opened on, closed on the next.
    bool show_original = false;

    friend bool operator==(const CatalogueViews&, const CatalogueViews&) = default;
};

// Printing, as the visitor sees it: tapping Print shows "printing…" in one
// frame (requested → shown); at the start of the next the slip is handed to
// the printer (sending), which works on its own thread while frames go on;
// each frame asks for the outcome and shows it (done).
enum class PrintState : uint8_t { idle, requested, shown, sending, done };

struct VisitorState {
    core::Session session;  // screen, back stack, choices, filters, basket, query, language, text size, contrast
    CatalogueViews views;
    // The idle countdown is up (it covers the screen), since countdown_start.
    bool countdown = false;
    double countdown_start = 0;
    // はじめる was tapped while the catalogue was still being checked
    // (KioskUiDeps::catalogue_pending): the concern screen follows when it arrives.
    bool start_when_ready = false;
    PrintState print_state = PrintState::idle;
    core::PrintResult print_result = core::PrintResult::not_configured;  // when print_state == done
    bool neutral_contact = false;  // QR contact cards under a plain name
    bool latin_keys = false;  // the search keyboard shows ABC rather than かな
    // The keypad path: what speech says now and what it was asked (spoken_text.cpp).
    Announcement announcement;
    std::string announced_key;  // what the announcement was made from (screen, focus, …)
    std::vector<core::KeyAction> speech_commands;
    bool keys_help = false;  // the help key's hint is shown (until the next key)

    friend bool operator==(const VisitorState&, const VisitorState&) = default;
};

// Destroys `state`, overwrites its bytes and builds a fresh T in their place
// (see the top of this file). T's default is the fresh state.
template <typename T>
void renew(T& state) {
    state.~T();
    base::secure_zero(static_cast<void*>(&state), sizeof(T));
    ::new (static_cast<void*>(&state)) T{};
}

// A fresh visitor, in the kiosk's default language, in large text when the
// kiosk starts each session so ([screen] large_text; the visitor can switch).
inline void renew_visitor(VisitorState& v, const std::string& default_language, bool large_text = false) {
    renew(v);
    v.session.lang = default_language;
    v.session.large_text = large_text;
}

}  // namespace madoguchi::ui
