// SPDX-License-Identifier: Apache-2.0
// escpos.hpp — the bytes a receipt printer gets, and the one byte it answers.
//
// A slip is sent as a picture, never as text: printer fonts only hold Japanese
// on Japanese models (and need Kanji mode, FS &), while a raster prints the
// same on any ESC/POS printer. The stream is exactly
//
//   ESC @                       1B 40               initialize
//   GS v 0 0 xL xH yL yH d…     1D 76 30 00 …       one band of ≤ 256 rows, repeated
//   ESC d n                     1B 64 n             print and feed n lines
//   GS V 66 n                   1D 56 42 n          feed n units and cut (partial)
//
// and nothing else: no printer fonts, no Kanji mode, no code pages, no NV
// memory. (xL + xH·256) is the number of bytes per row (Raster1::stride()),
// (yL + yH·256) the number of rows in the band; the data is row-major, MSB =
// leftmost dot, 1 = print (Epson ESC/POS reference, "GS v 0").
//
// Why bands: how tall one GS v 0 image may be differs by model (the Bixolon
// SRP-330II manual allows 4095 rows, the HPRT TP809 manual 2303), and a slip
// with a QR code easily reaches 1500. Bands of at most 256 rows stay well under
// the limits in the manuals we read, so a long slip never depends on a model.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "madoguchi/print/raster.hpp"

namespace madoguchi::print {

struct EscPosOptions {
    int band_rows = 0;  // rows per GS v 0 command; 0 → 256, larger values are cut to 256
    int feed_lines = 0; // n of ESC d n after the picture; 0 → 4 (max 255)
    int cut_feed = 0;   // n of GS V 66 n; 0 → 3 (max 255)
};

// The whole job for one slip. Returns {} when the raster is not well formed
// (width or height ≤ 0, bits.size() != stride() * height, or a row wider than
// 65535 bytes): there is nothing sensible to print.
std::vector<uint8_t> encode_escpos(const Raster1& slip, const EscPosOptions& o = {});

// The real-time status requests (Epson ESC/POS reference, "DLE EOT"): the
// printer answers each with one byte at once, even in the middle of a job.
//   DLE EOT 1  printer status         DLE EOT 2  offline cause
//   DLE EOT 4  roll paper sensor (the paper check before every slip)
inline constexpr uint8_t kDleEot1[3] = {0x10, 0x04, 0x01};
inline constexpr uint8_t kDleEot2[3] = {0x10, 0x04, 0x02};
inline constexpr uint8_t kDleEot4[3] = {0x10, 0x04, 0x04};

enum class PaperStatus { ok, near_end, out, unknown };

// Reads the printer's answer to DLE EOT 4 (Epson ESC/POS reference, "DLE EOT",
// n = 4: roll paper sensor status):
//
//   bit 0    fixed 0       bit 4    fixed 1       bit 7    fixed 0
//   bit 1    fixed 1
//   bits 2-3 roll paper near-end sensor: 00 = paper adequate, 11 (0x0C) = near end
//   bits 5-6 roll paper end sensor:      00 = paper present,  11 (0x60) = no paper
//
// So 0x12 = ok, 0x1E = near end, 0x72 / 0x7E = out. A byte whose fixed bits
// are wrong (mask 0x93 must give 0x12) is not a status reply → unknown. Either
// bit of a pair counts: some models set only one of them, and for "out" a
// refused slip is better than one printed onto nothing.
PaperStatus parse_paper_status(uint8_t dle_eot4_reply);

std::string_view to_string(PaperStatus s);  // "ok", "near_end", "out", "unknown"

// Every DLE EOT reply has the same fixed bits as above (mask 0x93 gives 0x12);
// a byte without them is not a reply (false).
bool is_dle_eot_reply(uint8_t b);
// DLE EOT 1 (printer status): bit 3 = offline. False when the byte is not a
// reply (see is_dle_eot_reply).
bool reply_offline(uint8_t dle_eot1_reply);
// DLE EOT 2 (offline cause), one flag per bit that matters to staff:
//   bit 2 cover open · bit 3 paper fed by the FEED button · bit 5 printing
//   stopped by paper end · bit 6 an error. All false when `b` is not a reply.
struct OfflineCause {
    bool cover_open = false, feed_button = false, paper_end_stop = false, error = false;
};
OfflineCause parse_offline_cause(uint8_t dle_eot2_reply);

}  // namespace madoguchi::print
