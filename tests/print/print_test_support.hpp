// SPDX-License-Identifier: Apache-2.0
// print_test_support.hpp — what the print tests share:
//   TempDir          a folder for preview files, removed afterwards
//   random_raster    reproducible slips (fixed seed)
//   read_file / parse_pbm_p4
//   FakeTcpPrinter   a thread on 127.0.0.1:<ephemeral> that speaks DLE EOT 4
//                    (answer_all: DLE EOT 1, 2 and 4, as Replies say)
//   FakePtyPrinter   a pseudo-terminal posing as /dev/usb/lp0 (a character
//                    device the kiosk can open read-write and ask; it answers
//                    DLE EOT n as Replies say)
//   unused_loopback_port
//
// Every loop in the fakes ends at a deadline (kFakeLimit), so a broken kiosk
// fails a test instead of hanging it. They only ever bind 127.0.0.1.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/print/raster.hpp"

namespace madoguchi::print::test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
inline constexpr auto kFakeLimit = std::chrono::seconds(10);

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "madoguchi-print-test-XXXXXX").string();
        if (::mkdtemp(tmpl.data())) path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    bool ok() const { return !path_.empty(); }

private:
    fs::path path_;
};

// Random dots with a fixed seed; padding bits past `width` stay 0.
inline Raster1 random_raster(int width, int height, uint32_t seed = 20240611u) {
    Raster1 r(width, height);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& b : r.bits) b = static_cast<uint8_t>(byte(rng));
    if (width % 8 != 0) {
        const auto keep = static_cast<uint8_t>(0xFF << (8 - width % 8));
        for (int y = 0; y < height; ++y) r.bits[static_cast<size_t>(y) * r.stride() + r.stride() - 1] &= keep;
    }
    return r;
}

inline std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// PBM P4 (netpbm): "P4", whitespace, width, whitespace, height, exactly one
// whitespace byte, then ceil(width/8)·height bytes. Comments start with '#'
// and run to the end of the line. Returns nullopt on anything else.
inline std::optional<Raster1> parse_pbm_p4(const std::vector<uint8_t>& f) {
    size_t i = 0;
    if (f.size() < 2 || f[0] != 'P' || f[1] != '4') return std::nullopt;
    i = 2;
    auto skip_space = [&] {
        while (i < f.size()) {
            if (f[i] == '#') {
                while (i < f.size() && f[i] != '\n') ++i;
            } else if (f[i] == ' ' || f[i] == '\t' || f[i] == '\n' || f[i] == '\r') {
                ++i;
            } else {
                break;
            }
        }
    };
    auto number = [&]() -> int {
        skip_space();
        int v = 0, digits = 0;
        while (i < f.size() && f[i] >= '0' && f[i] <= '9' && digits < 7) v = v * 10 + (f[i++] - '0'), ++digits;
        return digits ? v : -1;
    };
    const int w = number(), h = number();
    if (w <= 0 || h <= 0 || i >= f.size()) return std::nullopt;
    ++i;  // the single whitespace byte before the data
    Raster1 r(w, h);
    if (f.size() - i != r.bits.size()) return std::nullopt;
    std::copy(f.begin() + static_cast<std::ptrdiff_t>(i), f.end(), r.bits.begin());
    return r;
}

inline int loopback_listener(int* port, int rcvbuf = 0) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (rcvbuf > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);  // inherited by accept()
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never a non-loopback address
    a.sin_port = 0;                              // ephemeral
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 4) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

// A port on 127.0.0.1 that nothing listens on: bound, then released.
inline int unused_loopback_port() {
    int port = 0;
    const int fd = loopback_listener(&port);
    if (fd >= 0) ::close(fd);
    return port;
}

struct Received {
    bool accepted = false;         // a connection / open happened
    std::vector<uint8_t> query;    // the first 3 bytes (DLE EOT 4 expected)
    std::vector<uint8_t> job;      // everything after them (FakePtyPrinter), or after the questions (answer_all)
    std::vector<uint8_t> asked;    // answer_all / FakePtyPrinter: the n of each DLE EOT n, in order
};

// What a fake answers to DLE EOT 1, 2 and 4 (nullopt: says nothing).
struct Replies {
    std::optional<uint8_t> n1, n2, n4;
    std::optional<uint8_t> to(uint8_t n) const { return n == 1 ? n1 : n == 2 ? n2 : n == 4 ? n4 : std::nullopt; }
};

// Splits what a fake received into the DLE EOT questions at its start (each
// answered through `answer` once) and the job after them. `parsed` is how far
// the questions were read; call again as more bytes arrive.
template <typename Answer>
void take_questions(const std::vector<uint8_t>& bytes, size_t* parsed, bool* in_job, std::vector<uint8_t>* asked,
                    Answer answer) {
    while (!*in_job && bytes.size() - *parsed >= 3) {
        if (bytes[*parsed] != 0x10 || bytes[*parsed + 1] != 0x04) {
            *in_job = true;  // a job starts (ESC @): no more questions
            break;
        }
        const uint8_t n = bytes[*parsed + 2];
        asked->push_back(n);
        answer(n);
        *parsed += 3;
    }
    if (!*in_job && bytes.size() > *parsed && bytes[*parsed] != 0x10) *in_job = true;
}

// ------------------------------------------------------------ FakeTcpPrinter
class FakeTcpPrinter {
public:
    enum class Mode {
        answer_then_read,   // reply `status` to DLE EOT 4, then read the job to EOF
        silent,             // accept, never read, never answer
        answer_then_stall,  // reply `status`, then never read again
        answer_all,         // reply to every DLE EOT n before a job from `replies`, then read the job to EOF
    };

    explicit FakeTcpPrinter(Mode mode, uint8_t status = 0x12, int rcvbuf = 0) : mode_(mode), status_(status) {
        listen_fd_ = loopback_listener(&port_, rcvbuf);
        if (listen_fd_ >= 0) thread_ = std::thread([this] { run(); });
    }
    explicit FakeTcpPrinter(Replies replies) : mode_(Mode::answer_all), replies_(replies) {
        listen_fd_ = loopback_listener(&port_);
        if (listen_fd_ >= 0) thread_ = std::thread([this] { run(); });
    }
    ~FakeTcpPrinter() { finish(); }
    FakeTcpPrinter(const FakeTcpPrinter&) = delete;
    FakeTcpPrinter& operator=(const FakeTcpPrinter&) = delete;

    bool ok() const { return listen_fd_ >= 0; }
    std::string target() const { return "127.0.0.1:" + std::to_string(port_); }

    // Stops the fake and returns what it received (safe to call twice).
    Received finish() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        if (listen_fd_ >= 0) ::close(listen_fd_), listen_fd_ = -1;
        return got_;
    }

private:
    bool expired() const { return stop_ || Clock::now() >= limit_; }

    void idle_until_stopped() {
        while (!expired()) ::poll(nullptr, 0, 10);
    }

    void run() {
        int conn = -1;
        while (conn < 0 && !expired()) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 10) > 0) conn = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        }
        if (conn < 0) return;
        got_.accepted = true;
        if (mode_ == Mode::silent) {
            idle_until_stopped();
            ::close(conn);
            return;
        }
        uint8_t buf[65536];
        if (mode_ == Mode::answer_all) {
            std::vector<uint8_t> bytes;
            size_t parsed = 0;
            bool in_job = false;
            while (Clock::now() < limit_) {
                pollfd p{conn, POLLIN, 0};
                if (::poll(&p, 1, 10) <= 0) continue;
                const ssize_t r = ::recv(conn, buf, sizeof buf, 0);
                if (r <= 0) break;
                bytes.insert(bytes.end(), buf, buf + r);
                take_questions(bytes, &parsed, &in_job, &got_.asked, [&](uint8_t n) {
                    if (auto b = replies_.to(n)) (void)::send(conn, &*b, 1, MSG_NOSIGNAL);
                });
            }
            got_.job.assign(bytes.begin() + static_cast<std::ptrdiff_t>(parsed), bytes.end());
            ::close(conn);
            return;
        }
        // The status request: exactly 3 bytes, then our one-byte answer.
        while (got_.query.size() < 3 && Clock::now() < limit_) {
            pollfd p{conn, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0) continue;
            const ssize_t r = ::recv(conn, buf, 3 - got_.query.size(), 0);
            if (r <= 0) break;
            got_.query.insert(got_.query.end(), buf, buf + r);
        }
        if (got_.query == std::vector<uint8_t>{0x10, 0x04, 0x04}) (void)::send(conn, &status_, 1, MSG_NOSIGNAL);
        if (mode_ == Mode::answer_then_stall) {
            idle_until_stopped();
            ::close(conn);
            return;
        }
        // The job, until the kiosk closes the connection (EOF) or the limit.
        while (Clock::now() < limit_) {
            pollfd p{conn, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0) continue;
            const ssize_t r = ::recv(conn, buf, sizeof buf, 0);
            if (r <= 0) break;
            got_.job.insert(got_.job.end(), buf, buf + r);
        }
        ::close(conn);
    }

    Mode mode_;
    uint8_t status_ = 0x12;
    Replies replies_{};
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    Clock::time_point limit_ = Clock::now() + kFakeLimit;
    Received got_;
    std::thread thread_;
};

// ------------------------------------------------------------ FakePtyPrinter
// The kiosk opens the pty's slave side (/dev/pts/N, a character device) as its
// printer; this thread sits on the master side. Raw mode by default, so bytes
// pass unchanged in both directions (no echo, no newline translation, no ^D).
class FakePtyPrinter {
public:
    // raw = false leaves the line as a fresh tty is (cooked: echo, newline
    // translation, line buffering), as a serial printer port would be.
    explicit FakePtyPrinter(std::optional<uint8_t> status, bool raw = true) : FakePtyPrinter(Replies{std::nullopt, std::nullopt, status}, raw) {}
    // Answers each DLE EOT n before the job from `replies`.
    explicit FakePtyPrinter(Replies replies, bool raw = true) : replies_(replies) {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) return;
        const char* name = ::ptsname(master_);
        if (!name) return;
        path_ = name;
        // Hold the slave open ourselves so the raw settings stay for the kiosk.
        slave_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (slave_ < 0) return;
        termios t{};
        if (::tcgetattr(slave_, &t) != 0) return;
        if (raw) ::cfmakeraw(&t);
        if (::tcsetattr(slave_, TCSANOW, &t) != 0) return;
        ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
        ready_ = true;
        thread_ = std::thread([this] { run(); });
    }
    ~FakePtyPrinter() {
        finish();
        if (slave_ >= 0) ::close(slave_);
        if (master_ >= 0) ::close(master_);
    }
    FakePtyPrinter(const FakePtyPrinter&) = delete;
    FakePtyPrinter& operator=(const FakePtyPrinter&) = delete;

    bool ok() const { return ready_; }
    const std::string& path() const { return path_; }

    Received finish() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        Received r;
        r.accepted = !bytes_.empty();
        const size_t q = std::min<size_t>(3, bytes_.size());
        r.query.assign(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(q));
        r.job.assign(bytes_.begin() + static_cast<std::ptrdiff_t>(std::max(q, parsed_)), bytes_.end());  // after the questions
        r.asked = asked_;
        return r;
    }

private:
    void run() {
        const auto limit = Clock::now() + kFakeLimit;
        bool in_job = false;
        auto last_data = Clock::now();
        uint8_t buf[65536];
        // Read until stopped, then until 100 ms pass without data (the kiosk
        // has returned by then; this only collects what is still buffered).
        while (Clock::now() < limit) {
            if (stop_ && Clock::now() - last_data > std::chrono::milliseconds(100)) break;
            pollfd p{master_, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0) continue;
            const ssize_t r = ::read(master_, buf, sizeof buf);
            if (r <= 0) continue;  // EAGAIN, or EIO while no slave is open
            bytes_.insert(bytes_.end(), buf, buf + r);
            last_data = Clock::now();
            take_questions(bytes_, &parsed_, &in_job, &asked_, [&](uint8_t n) {
                if (auto b = replies_.to(n)) (void)::write(master_, &*b, 1);
            });
        }
    }

    Replies replies_;
    std::vector<uint8_t> asked_;
    size_t parsed_ = 0;  // bytes_ up to here were questions
    int master_ = -1, slave_ = -1;
    bool ready_ = false;
    std::string path_;
    std::atomic<bool> stop_{false};
    std::vector<uint8_t> bytes_;
    std::thread thread_;
};

}  // namespace madoguchi::print::test
