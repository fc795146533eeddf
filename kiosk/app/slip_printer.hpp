// SPDX-License-Identifier: Apache-2.0
// slip_printer.hpp — the kiosk's receipt printer, as its screens see it
// (ui::SlipPrinter): kiosk/print behind the UI's small interface.
//
// submit() renders the slip on the calling thread — the UI thread: FreeType
// faces are shared with the screen's text and must not be used from two
// threads — which takes milliseconds, then hands the raster to a
// print::PrintWorker, which sends it on its own thread (up to 12 × the printer
// timeout when a printer does not answer) while frames go on.
//
// The slip's words pass through a text engine and glyph atlas of their own
// (not the screen's: their caches would mix slip text into the screen's
// budget); both are wiped when the session ends (cancel()), like the screen's.
#pragma once

#include <optional>

#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/print/print_worker.hpp"
#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/text_layout.hpp"
#include "madoguchi/ui/slip_printer.hpp"

namespace madoguchi::app {

// The [printer] settings of kiosk.toml as kiosk/print takes them.
print::PrinterConfig printer_config(const core::KioskConfig& c);

class KioskSlipPrinter final : public ui::SlipPrinter {
public:
    // `printer.dots` is the width the slip is rendered at (0 → 576).
    KioskSlipPrinter(const text::FontSet& fonts, const print::PrinterConfig& printer);

    bool submit(core::Slip slip, const ui::SlipJob& job) override;
    std::optional<core::PrintResult> take_outcome() override;
    bool busy() const override;
    void cancel() override;
    void request_status() override;
    std::optional<ui::PrinterReport> status() const override;

private:
    print::PrinterConfig printer_;
    text::TextEngine engine_;
    text::GlyphAtlas atlas_;
    print::PrintWorker worker_;  // last: its thread stops first
};

}  // namespace madoguchi::app
