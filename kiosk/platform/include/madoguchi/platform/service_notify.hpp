// SPDX-License-Identifier: Apache-2.0
// service_notify.hpp — telling systemd how the kiosk is doing (sd_notify):
// READY=1, STATUS=, WATCHDOG=1, STOPPING=1. The unit is
// assets/systemd/madoguchi.service; docs/kiosk.md "Running as a service".
//
// Why: the kiosk runs all day with nobody watching it. systemd restarts it when
// it exits or crashes (Restart=always), but a kiosk whose event loop is stuck
// (a deadlock, a driver that hangs, an endless loop) still runs and shows a
// frozen screen. With WatchdogSec= in the unit, systemd expects a WATCHDOG=1
// message at least that often and kills and restarts the kiosk when none comes.
// The pings are sent from the event loop itself (never from a timer thread),
// so they stop exactly when the loop stops turning.
//
// Without systemd (NOTIFY_SOCKET unset: a developer's shell, the tests that do
// not ask for it) every call does nothing and costs nothing: no socket is made.
//
// What goes in STATUS= is for staff (`systemctl status madoguchi`): which
// bundle is shown, what is broken. Never anything about a visitor: not whether
// someone is using the kiosk, not a screen, not a choice.
//
// Clock: the caller passes its own `now` in seconds (the event loop's steady
// clock), so this class keeps no clock of its own and is easy to reason about.
//
// Sockets: libsystemd opens an AF_UNIX datagram socket for each message and
// sends it to NOTIFY_SOCKET (a path, usually /run/systemd/notify, or an
// abstract name "@…"). The kiosk's seccomp filter allows AF_UNIX and Landlock
// (up to ABI 7, as used in process_hardening.cpp) does not restrict sending to
// a socket. If Landlock's abstract-socket scoping (ABI 6) is ever turned on, an
// abstract NOTIFY_SOCKET would stop working: the first failed message is
// reported on stderr (`failure()`), and systemd's watchdog would then restart
// the kiosk over and over, so that would be seen at once.
#pragma once

#include <string>
#include <string_view>

#include "madoguchi/base/invariant.hpp"

namespace madoguchi::platform {

struct ServiceNotifyOptions {
    // How much of the watchdog interval may pass between two pings, as a
    // fraction; 0 → 0.5. systemd's documentation advises pinging at half the
    // interval, which leaves the other half for a slow frame or a busy machine.
    double ping_fraction = 0;
    // Ignore the environment and never send anything (tests of the caller's
    // loop, --script mode): false by default, so the zero value reads
    // NOTIFY_SOCKET and WATCHDOG_USEC as systemd sets them.
    bool disabled = false;
    // Also ping when WATCHDOG_PID is this process's parent. For the kiosk
    // started by a kiosk compositor (cage) that is itself the unit's main
    // process (assets/systemd/madoguchi-cage.service): the kiosk is cage's
    // only client and cage exits with it, so the kiosk's event loop is the one
    // that must be watched. The unit needs NotifyAccess=all for systemd to take
    // messages from the child. false by default: a process that merely
    // inherited the variables must not ping for its parent.
    bool watchdog_for_parent = false;
};

class ServiceNotifier {
public:
    // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID (sd_watchdog_enabled:
    // a WATCHDOG_PID that is not this process turns the watchdog off, so a
    // child that inherited the variables never pings for its parent — unless
    // options.watchdog_for_parent and WATCHDOG_PID is the parent).
    explicit ServiceNotifier(const ServiceNotifyOptions& options = {});

    // True when started by systemd with Type=notify (NOTIFY_SOCKET is set).
    bool active() const { return active_; }
    // The unit's WatchdogSec=, in seconds; 0 when there is no watchdog.
    double watchdog_seconds() const { return watchdog_seconds_; }
    // Seconds between two pings (watchdog_seconds × fraction); 0 without a watchdog.
    double ping_interval() const { return ping_interval_; }

    // READY=1 with a first STATUS= line. Call once, when the first frame is on
    // screen: that is the moment the kiosk is of use, and the moment systemd
    // starts the watchdog ("activated when the start-up is completed").
    // ready() and ping_if_due() belong to the event loop's thread (see above);
    // both rules are checked in debug builds.
    void ready(std::string_view status);
    // STATUS=…; sent only when it differs from the last one sent. Control
    // characters (a newline would start another assignment such as READY=1)
    // become spaces, and the text is cut at 400 bytes on a UTF-8 boundary.
    void status(std::string_view status);
    // WATCHDOG=1 if a ping is due at `now` (the first one right away). Returns
    // true if one was sent. Without a watchdog: does nothing, false.
    bool ping_if_due(double now);
    // How long the event loop may sleep from `now` without missing a ping:
    // `timeout_ms` (-1: forever) capped at the time until the next ping
    // (rounded up to whole milliseconds). Unchanged without a watchdog.
    int cap_wait_ms(double now, int timeout_ms) const;
    // STOPPING=1 with a STATUS= line: the kiosk is ending on purpose (SIGTERM
    // from `systemctl stop`/`restart`, or the window was closed).
    void stopping(std::string_view status);

    // The first message that could not be sent, in plain words ("" if none):
    // the caller prints it once for staff.
    const std::string& failure() const { return failure_; }
    // Messages sent so far (tests, and for the caller to know READY went out).
    long long sent() const { return sent_; }

private:
    void send(const std::string& message);

    bool active_ = false;
    double watchdog_seconds_ = 0, ping_interval_ = 0;
    double next_ping_ = 0;
    bool pinged_ = false;
    std::string last_status_, failure_;
    long long sent_ = 0;
    bool ready_sent_ = false;
    check::OwnerThread loop_thread_;  // ready() and the pings: the event loop's thread
};

// `text` made safe for one STATUS= line (see status()); exposed for tests.
std::string sanitize_service_status(std::string_view text);

}  // namespace madoguchi::platform
