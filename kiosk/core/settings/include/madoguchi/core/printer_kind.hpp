// SPDX-License-Identifier: Apache-2.0
// printer_kind.hpp — how slips reach paper ([printer] kind), one enum for the
// config reader, the kiosk and the print module.
//
// Why its own header: the print module takes this enum as its PrinterConfig
// kind, and it needs no more of the kiosk's settings than that. The text form
// is what madoguchi.toml and the staff's messages use (docs/config.md).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace madoguchi::core {

// none: no printing (the print button is hidden); device: a USB or serial
// printer's device file; tcp: a network printer's raw port; png/pbm: a preview
// file (test scripts and madoguchi-bundle slip only).
enum class PrinterKind { none, device, tcp, png, pbm };

inline constexpr std::array<std::string_view, 5> kPrinterKindNames = {"none", "device", "tcp", "png", "pbm"};

constexpr std::string_view to_string(PrinterKind k) { return kPrinterKindNames[static_cast<size_t>(k)]; }

// The kind a config value names, exactly as written (lower case); nullopt otherwise.
constexpr std::optional<PrinterKind> parse_printer_kind(std::string_view s) {
    for (size_t i = 0; i < kPrinterKindNames.size(); ++i)
        if (kPrinterKindNames[i] == s) return static_cast<PrinterKind>(i);
    return std::nullopt;
}

// A preview printer writes each slip, what a visitor chose, to a file.
constexpr bool is_preview(PrinterKind k) { return k == PrinterKind::png || k == PrinterKind::pbm; }
// A real printer, on a device file or the network: it can be slow or silent.
constexpr bool is_real_printer(PrinterKind k) { return k == PrinterKind::device || k == PrinterKind::tcp; }

}  // namespace madoguchi::core
