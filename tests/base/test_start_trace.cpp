// SPDX-License-Identifier: Apache-2.0
// Tests of base::start_trace (--trace-start): the report, its order, its cap,
// and that nothing is reported without the option or after the trace closed.
// The trace is one per process: each case runs in a child of its own.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/base/start_trace.hpp"

namespace st = madoguchi::start_trace;

namespace {

// Runs `body` in a child process; its exit code is the number of failed expectations.
int in_child(const std::function<int()>& body) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) ::_exit(body());
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TEST_CASE("start trace: one line per mark in the order of their times, from any thread; closed once") {
    CHECK(in_child([] {
              int failed = 0;
              st::enable();
              st::mark("main");
              std::thread other([] { st::mark("other thread"); });
              other.join();
              st::mark("last");
              const std::vector<std::string> report = lines(st::close());
              failed += report.size() != 3;
              failed += report.size() == 3 && !(ends_with(report[0], "  main") && ends_with(report[1], "  other thread") &&
                                                 ends_with(report[2], "  last"));
              failed += report.empty() || report[0].rfind("madoguchi: start: +    0.0 ms (+   0.0)  main", 0) != 0;
              st::mark("after");
              failed += !st::close().empty();  // once
              failed += st::enabled();
              return failed;
          }) == 0);
}

TEST_CASE("start trace: nothing without --trace-start; marks past the cap are dropped") {
    CHECK(in_child([] {
              st::mark("a step");
              return st::close().empty() ? 0 : 1;
          }) == 0);
    CHECK(in_child([] {
              st::enable();
              for (int i = 0; i < st::kMaxMarks + 10; ++i) st::mark("step");
              return lines(st::close()).size() == static_cast<size_t>(st::kMaxMarks) ? 0 : 1;
          }) == 0);
}
