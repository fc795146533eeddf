// script_player.hpp — plays a scripted session against the real kiosk, for
// tests and screenshots (madoguchi --script FILE).
//
// One command per line; `#` starts a comment. Coordinates are pixels.
//   tap NAME | tap X Y            tap a named target (its centre) or a point
//   drag X1 Y1 X2 Y2 [SECONDS]    finger drag (default 0.3 s), then lift
//   fling NAME DY                 fast drag of DY pixels starting on a target, then lift
//   scroll-to NAME                drag the list up (as a finger would) until NAME is on screen
//   type TEXT                     text input (on-screen keyboard comes later)
//   key NAME                      escape | backspace | enter
//   wait SECONDS                  advance the virtual clock, drawing frames as the
//                                 real loop would (idle countdowns run instantly)
//   screenshot FILE.png           save the screen (relative to --screenshots DIR)
//   expect screen NAME            the screen shown (attract, concern, who, …)
//   expect target NAME            a target with this name is on screen
//   expect no-target NAME         … is not
//   expect service ID             the service on the detail screen
//   expect basket N               number of services on the slip
//   expect countdown on|off       the idle countdown is showing or not
//   expect print RESULT           outcome of the last print: printed, paper_out, no_printer, timeout, …
//   expect frames-during-wait N   frames drawn during the last wait (0 = asleep)
//   size W H                      resize the window
#pragma once

#include <string>

namespace madoguchi::platform {
class Window;
}
namespace madoguchi::ui {
class KioskUi;
}

namespace madoguchi::app {

struct ScriptResult {
    bool ok = true;
    std::string message;  // "FILE:LINE: what failed"
    int steps = 0;
    long long frames = 0;  // frames drawn while playing
};

ScriptResult play_script(const std::string& path, platform::Window& window, ui::KioskUi& ui, const std::string& screenshot_dir);

}  // namespace madoguchi::app
