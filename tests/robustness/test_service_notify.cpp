// SPDX-License-Identifier: Apache-2.0
// test_service_notify.cpp — kiosk/platform service_notify.hpp against a unix
// datagram socket bound here in place of systemd's NOTIFY_SOCKET. The clock is
// the one the caller passes (virtual): nothing here waits or measures time.
// The real kiosk under the same stand-in: watchdog_test.py.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <thread>

#include "../support/dies_in_child.hpp"
#include "madoguchi/platform/service_notify.hpp"

using madoguchi::platform::sanitize_service_status;
using madoguchi::platform::ServiceNotifier;
using madoguchi::platform::ServiceNotifyOptions;

namespace {

// A bound datagram socket and the environment systemd would set; undone at the end.
struct FakeSystemd {
    std::string path;
    int fd = -1;
    explicit FakeSystemd(const char* watchdog_usec, const char* watchdog_pid = nullptr) {
        char dir[] = "/tmp/madoguchi-notify-test.XXXXXX";
        REQUIRE(mkdtemp(dir) != nullptr);
        path = std::string(dir) + "/notify";
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        path.copy(a.sun_path, sizeof a.sun_path - 1);
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        setenv("NOTIFY_SOCKET", path.c_str(), 1);
        if (watchdog_usec) setenv("WATCHDOG_USEC", watchdog_usec, 1);
        else unsetenv("WATCHDOG_USEC");
        if (watchdog_pid) setenv("WATCHDOG_PID", watchdog_pid, 1);
        else unsetenv("WATCHDOG_PID");
    }
    ~FakeSystemd() {
        unsetenv("NOTIFY_SOCKET");
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
        close(fd);
        unlink(path.c_str());
        rmdir(path.substr(0, path.rfind('/')).c_str());
    }
    // Every message sent so far (sd_notify has returned, so they are queued).
    std::vector<std::string> received() const {
        std::vector<std::string> out;
        char buf[4096];
        for (;;) {
            const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0) break;
            out.emplace_back(buf, static_cast<size_t>(n));
        }
        return out;
    }
};

}  // namespace

TEST_CASE("STATUS text: control characters become spaces, long text is cut on a UTF-8 boundary") {
    // A newline would start another assignment (READY=1, WATCHDOG=1, …).
    CHECK(sanitize_service_status("bundle 3 (Example)\nREADY=1\tx\x7f") == "bundle 3 (Example) READY=1 x ");
    CHECK(sanitize_service_status("") == "");
    const std::string kana(200, 'a');  // 200 ASCII, then 3-byte characters across the 400-byte limit
    std::string text = kana;
    for (int i = 0; i < 100; ++i) text += "あ";
    const std::string cut = sanitize_service_status(text);
    CHECK(cut.size() == 200 + 66 * 3 + std::string("…").size());  // 66 whole あ fit in 200 bytes, not 67
    CHECK(cut.substr(cut.size() - 3) == "…");
    CHECK(cut.substr(0, 200) == kana);
}

TEST_CASE("without NOTIFY_SOCKET nothing is sent and the wait is not capped") {
    unsetenv("NOTIFY_SOCKET");
    setenv("WATCHDOG_USEC", "400000", 1);
    ServiceNotifier n;
    CHECK_FALSE(n.active());
    CHECK(n.watchdog_seconds() == 0);
    CHECK_FALSE(n.ping_if_due(0));
    CHECK(n.cap_wait_ms(0, -1) == -1);
    CHECK(n.cap_wait_ms(0, 250) == 250);
    n.ready("x");
    n.stopping("y");
    CHECK(n.sent() == 0);
    CHECK(n.failure().empty());
    unsetenv("WATCHDOG_USEC");
}

TEST_CASE("READY, STATUS only when it changed, STOPPING") {
    FakeSystemd sd(nullptr);
    ServiceNotifier n;
    CHECK(n.active());
    CHECK(n.watchdog_seconds() == 0);
    n.status("starting");
    n.ready("showing bundle version 1 (x)\nSTOPPING=1");
    n.status("showing bundle version 1 (x)\nSTOPPING=1");  // the same text: not sent again
    n.status("showing bundle version 2 (x)");
    n.stopping("stopping");
    CHECK(sd.received() == std::vector<std::string>{"STATUS=starting", "READY=1\nSTATUS=showing bundle version 1 (x) STOPPING=1",
                                                    "STATUS=showing bundle version 2 (x)", "STOPPING=1\nSTATUS=stopping"});
    CHECK(n.failure().empty());
}

TEST_CASE("watchdog: a ping at once, then every half interval; the wait is capped at the next one") {
    FakeSystemd sd("500000");  // times below are exact in binary floating point
    ServiceNotifier n;
    REQUIRE(n.watchdog_seconds() == doctest::Approx(0.5));
    CHECK(n.ping_interval() == doctest::Approx(0.25));
    CHECK(n.cap_wait_ms(0, -1) == 0);  // nothing sent yet: ping first
    CHECK(n.ping_if_due(10.0));
    CHECK_FALSE(n.ping_if_due(10.125));
    CHECK(n.cap_wait_ms(10.125, -1) == 125);    // sleeping until touched becomes 125 ms
    CHECK(n.cap_wait_ms(10.125, 30) == 30);     // an earlier UI deadline stays
    CHECK(n.cap_wait_ms(10.125, 5000) == 125);  // a later one is cut short
    CHECK(n.cap_wait_ms(10.2499, -1) == 1);     // rounded up: never wakes before the ping is due
    CHECK(n.ping_if_due(10.25));
    CHECK(n.ping_if_due(11.0));                 // after a long frame: one ping, the next 0.25 s from now
    CHECK_FALSE(n.ping_if_due(11.125));
    CHECK(n.cap_wait_ms(12.0, -1) == 0);        // overdue: do not sleep
    CHECK(sd.received() == std::vector<std::string>(3, "WATCHDOG=1"));
}

TEST_CASE("watchdog options: another fraction of the interval; variables meant for another process") {
    {
        FakeSystemd sd("1000000");
        ServiceNotifyOptions o;
        o.ping_fraction = 0.25;
        ServiceNotifier n(o);
        CHECK(n.ping_interval() == doctest::Approx(0.25));
    }
    {
        // WATCHDOG_PID names another process (a child inherited the variables): no watchdog here.
        FakeSystemd sd("400000", "1");
        ServiceNotifier n;
        CHECK(n.active());
        CHECK(n.watchdog_seconds() == 0);
        CHECK_FALSE(n.ping_if_due(0));
        CHECK(sd.received().empty());
    }
    {
        FakeSystemd sd("400000");
        ServiceNotifyOptions o;
        o.disabled = true;  // --script mode
        ServiceNotifier n(o);
        CHECK_FALSE(n.active());
        n.ready("x");
        CHECK(sd.received().empty());
    }
}

TEST_CASE("watchdog for the parent: the kiosk under cage pings for the unit's main process, only when asked") {
    const std::string parent = std::to_string(getppid());
    {
        // Without the option a WATCHDOG_PID naming the parent is another process: no pings.
        FakeSystemd sd("400000", parent.c_str());
        ServiceNotifier n;
        CHECK(n.watchdog_seconds() == 0);
        CHECK_FALSE(n.ping_if_due(0));
        CHECK(sd.received().empty());
    }
    {
        FakeSystemd sd("400000", parent.c_str());
        ServiceNotifyOptions o;
        o.watchdog_for_parent = true;  // --watchdog-for-parent (madoguchi-cage.service)
        ServiceNotifier n(o);
        CHECK(n.watchdog_seconds() == doctest::Approx(0.4));
        CHECK(n.ping_if_due(0));
        CHECK(sd.received() == std::vector<std::string>{"WATCHDOG=1"});
        CHECK(n.failure().empty());
    }
    {
        // The option does not make the kiosk ping for any other process (pid 1 is never our parent here).
        FakeSystemd sd("400000", getppid() == 1 ? "2" : "1");
        ServiceNotifyOptions o;
        o.watchdog_for_parent = true;
        ServiceNotifier n(o);
        CHECK(n.watchdog_seconds() == 0);
        CHECK_FALSE(n.ping_if_due(0));
    }
    {
        // This process's own pid still works as before with the option on.
        const std::string self = std::to_string(getpid());
        FakeSystemd sd("400000", self.c_str());
        ServiceNotifyOptions o;
        o.watchdog_for_parent = true;
        ServiceNotifier n(o);
        CHECK(n.watchdog_seconds() == doctest::Approx(0.4));
    }
    {
        // Malformed variables: said, not guessed.
        FakeSystemd sd("soon", parent.c_str());
        ServiceNotifyOptions o;
        o.watchdog_for_parent = true;
        ServiceNotifier n(o);
        CHECK(n.watchdog_seconds() == 0);
        CHECK(n.failure().find("WATCHDOG_USEC") != std::string::npos);
    }
}

TEST_CASE("a socket nobody listens on: the first failure is kept for stderr") {
    std::string gone;
    {
        FakeSystemd sd("400000");
        gone = sd.path;
    }
    setenv("NOTIFY_SOCKET", gone.c_str(), 1);
    setenv("WATCHDOG_USEC", "400000", 1);
    ServiceNotifier n;
    n.ready("showing");
    CHECK(n.sent() == 0);
    CHECK(n.failure().rfind("cannot tell systemd \"READY=1\" (", 0) == 0);
    const std::string first = n.failure();
    n.ping_if_due(0);
    CHECK(n.failure() == first);  // the first one only
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
}

#ifndef NDEBUG
// service_notify.hpp: READY=1 once; ready() and the pings from the event
// loop's thread only. A debug build stops where either rule is broken.
TEST_CASE("READY=1 twice, or a ping from another thread, stops a debug build") {
    ServiceNotifyOptions off;
    off.disabled = true;  // the rules hold whether or not systemd listens
    CHECK(madoguchi::test::aborts([&] {
        ServiceNotifier n(off);
        n.ready("x");
        n.ready("x");
    }));
    CHECK(madoguchi::test::aborts([&] {
        ServiceNotifier n(off);
        n.ready("x");
        std::thread([&] { n.ping_if_due(1); }).join();
    }));
    CHECK(madoguchi::test::signal_of_child([&] {
              ServiceNotifier n(off);
              n.ping_if_due(0);
              n.ready("x");
              n.ping_if_due(1);
          }) == 0);
}
#endif
