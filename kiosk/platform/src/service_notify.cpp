// SPDX-License-Identifier: Apache-2.0
// service_notify.cpp — see service_notify.hpp. A thin layer over libsystemd's
// sd_notify(3) and sd_watchdog_enabled(3); what it adds is the ping schedule
// for an event loop that sleeps, and STATUS= text that cannot smuggle in
// another assignment.
#include "madoguchi/platform/service_notify.hpp"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <unistd.h>

namespace madoguchi::platform {

namespace {
constexpr size_t kMaxStatusBytes = 400;  // one line of `systemctl status`, give or take

// WATCHDOG_USEC when WATCHDOG_PID names this process's parent (see
// ServiceNotifyOptions::watchdog_for_parent): 1 and *usec set, 0 when the
// variables are absent or name another process, -EINVAL when malformed.
int watchdog_of_parent(uint64_t* usec) {
    const char* pid_text = std::getenv("WATCHDOG_PID");
    const char* usec_text = std::getenv("WATCHDOG_USEC");
    if (!pid_text || !usec_text) return 0;
    char* end = nullptr;
    errno = 0;
    const unsigned long long pid = std::strtoull(pid_text, &end, 10);
    if (errno || end == pid_text || *end) return -EINVAL;
    if (pid != static_cast<unsigned long long>(getppid())) return 0;
    errno = 0;
    const unsigned long long value = std::strtoull(usec_text, &end, 10);
    if (errno || end == usec_text || *end || value == 0) return -EINVAL;
    *usec = value;
    return 1;
}
}

std::string sanitize_service_status(std::string_view text) {
    std::string s(text);
    for (char& c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) c = ' ';
    }
    if (s.size() > kMaxStatusBytes) {
        size_t n = kMaxStatusBytes;
        while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // not inside a UTF-8 sequence
        s.resize(n);
        s += "…";
    }
    return s;
}

ServiceNotifier::ServiceNotifier(const ServiceNotifyOptions& options) {
    if (options.disabled) return;
    const char* socket = std::getenv("NOTIFY_SOCKET");
    active_ = socket && *socket;
    if (!active_) return;
    uint64_t usec = 0;
    int r = sd_watchdog_enabled(0, &usec);
    if (r == 0 && options.watchdog_for_parent) r = watchdog_of_parent(&usec);
    if (r < 0) {
        failure_ = std::string("WATCHDOG_USEC or WATCHDOG_PID cannot be read (") + std::strerror(-r) + "); no watchdog pings";
        return;
    }
    if (r == 0 || usec == 0) return;  // no WatchdogSec=, or the variables were meant for another process
    const double fraction = options.ping_fraction > 0 && options.ping_fraction < 1 ? options.ping_fraction : 0.5;
    watchdog_seconds_ = static_cast<double>(usec) / 1e6;
    ping_interval_ = watchdog_seconds_ * fraction;
}

void ServiceNotifier::send(const std::string& message) {
    if (!active_) return;
    const int r = sd_notify(0, message.c_str());
    if (r > 0) {
        ++sent_;
    } else if (failure_.empty()) {
        failure_ = std::string("cannot tell systemd \"") + message.substr(0, message.find('\n')) + "\" (" +
                   (r < 0 ? std::strerror(-r) : "NOTIFY_SOCKET is not set") + ")";
    }
}

void ServiceNotifier::ready(std::string_view status) {
    loop_thread_.check("ServiceNotifier: READY=1 and the pings come from the event loop, never another thread");
    MADOGUCHI_ASSERT(!ready_sent_, "ServiceNotifier: READY=1 is sent once, when the first frame is on screen");
    ready_sent_ = true;
    last_status_ = sanitize_service_status(status);
    send("READY=1\nSTATUS=" + last_status_);
}

void ServiceNotifier::status(std::string_view status) {
    std::string s = sanitize_service_status(status);
    if (s == last_status_) return;
    last_status_ = std::move(s);
    send("STATUS=" + last_status_);
}

bool ServiceNotifier::ping_if_due(double now) {
    // A ping from anywhere but the loop would keep a stuck loop alive.
    loop_thread_.check("ServiceNotifier: READY=1 and the pings come from the event loop, never another thread");
    if (ping_interval_ <= 0) return false;
    if (pinged_ && now < next_ping_) return false;
    send("WATCHDOG=1");
    pinged_ = true;
    next_ping_ = now + ping_interval_;  // from now, not from the due time: never two pings in a row after a slow frame
    return true;
}

int ServiceNotifier::cap_wait_ms(double now, int timeout_ms) const {
    if (ping_interval_ <= 0) return timeout_ms;
    const double until = pinged_ ? std::max(0.0, next_ping_ - now) : 0.0;
    const int cap = static_cast<int>(std::ceil(until * 1000.0));
    return timeout_ms < 0 ? cap : std::min(timeout_ms, cap);
}

void ServiceNotifier::stopping(std::string_view status) {
    last_status_ = sanitize_service_status(status);
    send("STOPPING=1\nSTATUS=" + last_status_);
}

}  // namespace madoguchi::platform
