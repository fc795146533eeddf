// SPDX-License-Identifier: Apache-2.0
// script_player.hpp — plays a scripted session against the real kiosk, for
// tests and screenshots (madoguchi --script FILE).
//
// One command per line; `#` starts a comment. Coordinates are pixels.
//   tap NAME | tap X Y            tap a named target (its centre) or a point
//   hold NAME SECONDS | hold X Y SECONDS
//                                 press, keep the finger still SECONDS (virtual
//                                 clock, frames drawn as the real loop would), lift
//   drag X1 Y1 X2 Y2 [SECONDS]    finger drag (default 0.3 s), then lift
//   fling NAME DY                 fast drag of DY pixels starting on a target, then lift
//   scroll-to NAME                drag the list up (as a finger would) until NAME is on screen
//   type TEXT                     text input (on-screen keyboard comes later)
//   key NAME [N]                  escape | backspace | enter (raw keys), or an action of the
//                                 keypad path (up, down, left, right, select, back, help,
//                                 home, close, volume_up, volume_down, repeat, stop,
//                                 slower) as the app's key map sends it; N times
//   focus-to NAME                 down until NAME has the focus; fails naming it if keys
//                                 never get there (docs/accessibility.md "Keys")
//   tap-each PREFIX TEXT          a pad, one character at a time: taps PREFIX + each
//                                 character of TEXT (setup.net. 127.0.0.1 → setup.net.1, …;
//                                 "." and ":" are the keys PREFIXdot and PREFIXcolon)
//   keys-each PREFIX TEXT         the same by keys: focus-to each one, then select
//   ${NAME} anywhere in a line    the environment variable NAME (the runner's fake
//                                 printer port); a script fails when it is not set
//   wait SECONDS                  advance the virtual clock, drawing frames as the
//                                 real loop would (idle countdowns run instantly)
//   screenshot FILE.png           save the screen (relative to --screenshots DIR)
//   expect screen NAME            the screen shown (attract, concern, who, …)
//   expect target NAME            a target with this name is on screen
//   expect no-target NAME         … is not
//   wait-for-setup-text SECONDS TEXT
//                                 real time: frames until the setup screen shows TEXT (a
//                                 test slip's outcome comes from the printer's thread)
//   expect order NAME1 NAME2      both on screen, NAME1 first in reading order (a ranking)
//   expect service ID             the service on the detail screen
//   expect basket N               number of services on the slip
//   expect countdown on|off       the idle countdown is showing or not
//   expect print RESULT           outcome of the last print: printed, paper_out, no_printer, timeout, …
//   expect frames-during-wait N   frames drawn during the last wait (0 = asleep)
//   expect bundle-version N       the catalogue on screen says version N ("none": no catalogue)
//   expect admin-text TEXT        the admin screen or its PIN pad drew a text containing
//                                 TEXT (quotes optional, `#` still starts a comment;
//                                 scrolled-out parts count; "label: value" for its rows;
//                                 the pad adds "pin digits: N", never the digits)
//   expect no-admin-text TEXT     … no text containing TEXT (e.g. the PIN itself)
//   expect setup-text TEXT        a setup screen drew a text containing TEXT (as admin-text:
//                                 the rest of the line; scrolled-out parts count; the summary's
//                                 rows as "label: value"; the PIN pad adds "pin digits: N",
//                                 never the digits)
//   expect no-setup-text TEXT     … no text containing TEXT
//   expect focus NAME             the keypad focus is on NAME
//   expect keys-mode on|off       keys mode (the focus ring) is on or off
//   expect announcement TEXT      what speech would say now contains TEXT (no-announcement: not)
//   expect announcement-is TEXT   … is exactly TEXT (the rest of the line)
//   expect layout-ok              the last frame has no layout problem (KioskUiProbe::layout_problems)
//   expect layout-problem TEXT    … it has one containing TEXT (quotes optional)
//   walk-layout                   every screen a visitor can reach, in every language of
//                                 the attract screen, in normal text and in large text
//                                 with high contrast, at this window size: fails listing
//                                 every layout problem (text cut or past its box, a
//                                 missing glyph, a target under 12 mm or closer than
//                                 2 mm); prints "walk-layout: … screens checked"
//   walk-setup                    the setup screens (open: first run or admin.settings): every
//                                 step and sub-state (a region's prefectures, the municipality
//                                 and network pads with a refused entry, test-slip outcomes,
//                                 the PIN pad, the key list with three keys and with none,
//                                 saving, a failed save) in ja and en, with a SetupView of its
//                                 own; fails listing every layout problem; saves nothing;
//                                 prints "walk-setup: … screens checked"
//   keys-walk                     the kiosk by keys alone: every screen walk-layout visits,
//                                 in every language of the attract screen, reached with
//                                 key events only; on each, every target touch reaches
//                                 (lists wheeled through) must be reached going round
//                                 with the down key; prints "keys-walk: …" (keys_walk.hpp)
//   bench-scroll DRAGS            benchmark: DRAGS strokes (flings and resting drags, four
//                                 down then four up) on the list in mid-screen, each
//                                 followed by 1.5 s of glide; prints "bench-scroll: …" with
//                                 p50/p99/max of each frame's UI CPU, whole-process CPU
//                                 (llvmpipe too) and wall time (bench/scroll_bench.sh)
//   size W H                      resize the window
//   pause-for-audit               print "paused for audit PID" and wait for a line on
//                                 stdin (tests/privacy reads the memory meanwhile)
//   monkey STEPS SEED [WARMUP]    STEPS random actions from a seeded PRNG (the same
//                                 seed and window size play the same session): taps
//                                 on named targets and on random points, drags,
//                                 flings, wheel, Escape, holds under 5 s, とじる,
//                                 text on the search screen, idle periods long
//                                 enough for the countdown and the reset, now and
//                                 then a window size change. Never the admin
//                                 gesture. After WARMUP steps (default STEPS/10)
//                                 and at every tenth it ends the session (とじる,
//                                 then idle back to the attract screen) and measures
//                                 heap in use, RSS and GL textures; fails if the
//                                 heap or the textures grew past the bounds of
//                                 docs/soak.md, if an ended session left anything
//                                 (screen, slip, a frame wanted), or if a run of
//                                 300+ steps saw fewer than 8 screens. Prints one
//                                 line: "monkey: …" (counts and sizes only)
//
// Bundles arrive in real time (the loader's worker thread reads, checks and
// installs them), so these wait on the wall clock, drawing frames and letting
// the loader act between them as the real loop does; they fail after SECONDS:
//   wait-until bundle-version N SECONDS   the catalogue on screen says version N
//   wait-until queued N SECONDS           a valid bundle of version N waits for the
//                                         session to end (it is not installed yet)
//   wait-until refused N SECONDS          at least N bundles found were refused
// The store's bundle is checked by the loader's worker while the first frames
// are drawn (bundle_loader.hpp); a script starts once that check is over (its
// catalogue on screen, or "not available"), waiting up to 60 s — unless its
// first command is `bundle-check hold`:
//   bundle-check hold             (first command only) the check's result is kept
//                                 back: the script acts while the kiosk still checks
//   bundle-check done SECONDS     let it through, and wait until the UI has it
//   copy SRC DIR                  copy a file into a (watched) folder the way a sync
//                                 tool does: written as NAME.part, then renamed.
//                                 $NAME in SRC and DIR is taken from the environment
//                                 (tests/ui/run_flows.sh sets MADOGUCHI_FLOW_FILES
//                                 and MADOGUCHI_FLOW_INBOX)
#pragma once

#include <string>

namespace madoguchi::platform {
class Window;
}
namespace madoguchi::ui {
class KioskUi;
}

namespace madoguchi::app {

class BundleLoader;
class SpeechLink;
class SetupLink;

struct ScriptResult {
    bool ok = true;
    std::string message;  // "FILE:LINE: what failed"
    int steps = 0;
    long long frames = 0;  // frames drawn while playing
};

// `loader` (may be null) is pumped between frames as the real loop does;
// `speech` (may be null) hears the keys and the announcements as in the loop;
// `setup` (may be null) answers the setup screens as in the loop.
ScriptResult play_script(const std::string& path, platform::Window& window, ui::KioskUi& ui, const std::string& screenshot_dir,
                         BundleLoader* loader = nullptr, SpeechLink* speech = nullptr, SetupLink* setup = nullptr);

}  // namespace madoguchi::app
