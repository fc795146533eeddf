// SPDX-License-Identifier: Apache-2.0
// catalogue_html.hpp — the whole catalogue as one static HTML page
// (`madoguchi-bundle export-html`): for staff to browse or print, and the page
// the benchmarks show in Chromium's kiosk mode beside the kiosk (issue 9).
//
// One self-contained file: no script, no external resource (fonts, images,
// styles all inline or the system's), so it opens offline from a USB stick.
// Every text from the bundle is HTML-escaped; furigana markup {漢字|かんじ}
// becomes <ruby>; phones become tel: links, websites and e-mails links.
#pragma once

#include <string>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/ui_strings.hpp"

namespace madoguchi::core {

// Plain options: the zero value of each field is its default.
struct HtmlExportOptions {
    std::string lang;                    // "" → "ja"; bundle texts in this language where it has them
    const UiStrings* strings = nullptr;  // field labels (detail.*, guides.title); null → built-in Japanese
};

std::string export_html(const Catalogue& catalogue, const HtmlExportOptions& options = {});

// `s` with & < > " ' escaped (exposed for tests).
std::string html_escape(std::string_view s);
// Escaped, with {base|reading} turned into <ruby>base<rt>reading</rt></ruby>.
std::string html_with_ruby(std::string_view s);

}  // namespace madoguchi::core
