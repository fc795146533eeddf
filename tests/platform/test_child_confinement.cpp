// SPDX-License-Identifier: Apache-2.0
// test_child_confinement.cpp — what a confined helper (child_confinement.hpp,
// used for open_jtalk) can still do: each test forks, enters the confinement
// and reports by exit code what the kernel let it do.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <string>

#include "madoguchi/platform/child_confinement.hpp"

using namespace madoguchi::platform;

namespace {

// Runs `body` in a forked child after enter(); returns its exit code (or 100 + signal).
int in_child(const ChildConfinement& c, const std::function<int()>& body) {
    const pid_t pid = fork();
    if (pid == 0) {
        if (!c.enter()) _exit(99);
        _exit(body());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

std::string temp_dir() {
    char tmpl[] = "/tmp/madoguchi-confine-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    return tmpl;
}

}  // namespace

TEST_CASE("the ELF interpreter of a program") {
    CHECK(elf_interpreter("/usr/bin/true").find("ld-linux") != std::string::npos);
    CHECK(elf_interpreter("/etc/hostname") == "");
    CHECK(elf_interpreter("/nonexistent") == "");
}

TEST_CASE("a confined child: no sockets, no writes, no reads or execs outside its rules") {
    const std::string dir = temp_dir();
    const ChildConfinement c = ChildConfinement::prepare({{"/usr/lib", "/etc/ld.so.cache", dir}, {"/usr/bin/true"}});
    INFO(c.description());
    CHECK(c.seccomp());
    // No socket of any family (seccomp; EACCES, not a kill).
    CHECK(in_child(c, [] {
              const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
              return fd < 0 && errno == EACCES ? 0 : 1;
          }) == 0);
    CHECK(in_child(c, [] {
              const int fd = socket(AF_INET, SOCK_DGRAM, 0);
              return fd < 0 && errno == EACCES ? 0 : 1;
          }) == 0);
    // A file created in a readable folder: refused (Landlock), or killed by RLIMIT_FSIZE when it is written.
    const std::string file = dir + "/spoken.wav";
    const int made = in_child(c, [&] {
        const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) return 0;
        return write(fd, "RIFF", 4) == 4 ? 1 : 0;
    });
    CHECK((made == 0 || made == 100 + SIGXFSZ));
    struct stat st {};
    if (c.landlock_abi() >= 2) {
        CHECK(made == 0);
        CHECK(stat(file.c_str(), &st) != 0);  // not even an empty file
        // Reading outside the rules, executing anything but the allowed program.
        CHECK(in_child(c, [] { return open("/etc/hostname", O_RDONLY) < 0 && errno == EACCES ? 0 : 1; }) == 0);
        CHECK(in_child(c, [] {
                  char* argv[] = {const_cast<char*>("false"), nullptr};
                  execv("/usr/bin/false", argv);
                  return errno == EACCES ? 0 : 1;
              }) == 0);
    }
    // The allowed program runs (its interpreter was allowed with it).
    CHECK(in_child(c, [] {
              char* argv[] = {const_cast<char*>("true"), nullptr};
              execv("/usr/bin/true", argv);
              return 2;
          }) == 0);
    // Even without Landlock, no regular file can grow: RLIMIT_FSIZE 0.
    CHECK(in_child(c, [] {
              struct rlimit r {};
              getrlimit(RLIMIT_FSIZE, &r);
              return r.rlim_cur == 0 && r.rlim_max == 0 ? 0 : 1;
          }) == 0);
    unlink(file.c_str());
    rmdir(dir.c_str());
}
