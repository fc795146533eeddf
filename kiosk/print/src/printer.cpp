// SPDX-License-Identifier: Apache-2.0
// printer.cpp — getting one job from memory to a printer without ever hanging.
//
//   1. Messages       the plain words a PrintOutcome carries
//   2. Time           deadlines and poll()
//   3. Moving bytes   send_all, ask_status (DLE EOT n), waiting until the data left
//   4. TCP            numeric host:port, non-blocking connect, the job
//   5. Device file    /dev/usb/lp0 (or a regular file, for tests)
//   6. print_raster   checks, previews, dispatch
//   7. Status         query_printer_status: DLE EOT 1, 2, 4 over the same connections
//   8. USB printers   find_usb_printers: /dev/usb/lp*
//
// Every wait is a poll() against a deadline, every loop ends at a deadline,
// every descriptor is non-blocking: a printer that is unplugged, switched off,
// out of paper or simply silent costs the kiosk a few seconds at most, never a
// frozen screen. Nothing here logs, and no message contains slip content.
#include "madoguchi/print/printer.hpp"

#include <fcntl.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <optional>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "madoguchi/base/secure_clear.hpp"
#include "madoguchi/base/unique_fd.hpp"

namespace madoguchi::print {

using Result = PrintOutcome::Result;

// ---------------------------------------------------------------- 1. Messages
namespace {

// Stable English wording; the UI shows its own translation chosen by Result.
constexpr const char* kMsgPrinted = "The slip was printed.";
constexpr const char* kMsgPrintedLow = "The slip was printed. The paper is running low.";
constexpr const char* kMsgPrintedUnchecked = "The slip was sent to the printer; its paper could not be checked.";
constexpr const char* kMsgPreview = "The preview was written.";
constexpr const char* kMsgPaperOut = "The printer is out of paper.";
constexpr const char* kMsgNoPrinter = "No printer answered.";
constexpr const char* kMsgTimeout = "The printer did not answer in time.";
constexpr const char* kMsgNotSetUp = "No printer is set up.";
constexpr const char* kMsgCancelled = "The print was stopped before it was finished.";

PrintOutcome outcome(Result r, std::string message, PaperStatus paper = PaperStatus::unknown) {
    return PrintOutcome{r, std::move(message), paper};
}

std::string errno_text(int err) {
    char buf[256];
    // GNU strerror_r: returns the message (maybe not in buf).
    return ::strerror_r(err, buf, sizeof buf);
}

PrintOutcome printed(PaperStatus paper) {
    switch (paper) {
        case PaperStatus::ok: return outcome(Result::printed, kMsgPrinted, paper);
        case PaperStatus::near_end: return outcome(Result::printed, kMsgPrintedLow, paper);
        default: return outcome(Result::printed, kMsgPrintedUnchecked, PaperStatus::unknown);
    }
}

// ---------------------------------------------------------------- 2. Time
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// Milliseconds left until `t`, rounded up (so a poll never spins on 0 while
// time remains), 0 once it has passed.
int ms_until(Clock::time_point t) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(t - Clock::now()).count();
    if (left <= 0) return 0;
    const long long ms = (left + 999) / 1000;
    return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

// The stop flag of the job this thread is sending (print_raster's `stop`),
// or null. Every wait below looks at it at least every kStopCheck, so a
// print worker told to stop lets go of the printer within that time instead of
// sending the rest of a slip nobody is there to take. Thread-local, not a
// parameter of every helper: the helpers are the same for both transports and
// the flag only changes how long one poll() may sleep.
thread_local const std::atomic<bool>* t_stop = nullptr;
constexpr int kStopCheck = 50;  // ms
bool stopped() { return t_stop && t_stop->load(std::memory_order_relaxed); }
int poll_ms(int ms) { return t_stop ? std::min(ms, kStopCheck) : ms; }

// poll() one descriptor until `deadline`. Returns its revents, 0 when the
// deadline passed first (or the job was told to stop), -1 on error (errno
// set). EINTR retries against the same deadline, so the total wait stays bounded.
int poll_until(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        if (stopped()) return 0;
        pollfd p{fd, events, 0};
        const int wait = ms_until(deadline);
        const int n = ::poll(&p, 1, poll_ms(wait));
        if (n > 0) return p.revents;
        if (n == 0) {
            if (wait == 0 || Clock::now() >= deadline) return 0;
            continue;
        }
        if (errno != EINTR) return -1;
        if (Clock::now() >= deadline) return 0;
    }
}

int socket_error(int fd) {
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
    return err;
}


// ---------------------------------------------------------------- 3. Moving bytes
enum class Io { ok, timeout, failed };
struct IoResult {
    Io io = Io::ok;
    int err = 0;  // errno when failed
};

// Writes all of `data`. Gives up when no byte moved for `stall`, or at
// `deadline` whatever happens. Sockets use send(MSG_NOSIGNAL): a printer that
// hangs up must not kill the kiosk with SIGPIPE.
IoResult send_all(int fd, const uint8_t* data, size_t n, bool is_socket, Millis stall, Clock::time_point deadline) {
    size_t off = 0;
    auto stalled_at = Clock::now() + stall;
    while (off < n) {
        const auto until = std::min(stalled_at, deadline);
        if (Clock::now() >= until) return {Io::timeout};
        const ssize_t w = is_socket ? ::send(fd, data + off, n - off, MSG_NOSIGNAL) : ::write(fd, data + off, n - off);
        if (w > 0) {
            off += static_cast<size_t>(w);
            stalled_at = Clock::now() + stall;
            continue;
        }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return {Io::failed, errno};
        const int rev = poll_until(fd, POLLOUT, until);
        if (rev == 0) return {Io::timeout};
        if (rev < 0) return {Io::failed, errno};
        if (!(rev & POLLOUT)) {  // error or hang-up only: say why, do not spin
            const int err = is_socket ? socket_error(fd) : 0;
            return {Io::failed, err ? err : ((rev & POLLHUP) ? ENODEV : EIO)};
        }
    }
    return {Io::ok};
}

enum class Answer { byte, none, closed, failed };
struct StatusAnswer {
    Answer answer = Answer::none;
    uint8_t byte = 0;
    int err = 0;
};

// Sends one real-time request (DLE EOT n, escpos.hpp) and waits for the
// one-byte reply until `deadline`. Used before every slip (DLE EOT 4) and by
// the status query (1, 2 and 4).
StatusAnswer ask_status(int fd, bool is_socket, const uint8_t (&request)[3], Clock::time_point deadline) {
    uint8_t buf[64];
    if (!is_socket) {
        // A device may still hold replies nobody read (a DLE EOT sequence can
        // occur by chance inside raster data of an earlier job). Drop them so
        // the byte read below answers this question. Bounded: 16 reads.
        for (int i = 0; i < 16 && ::read(fd, buf, sizeof buf) > 0; ++i) {}
    }
    const auto sent = send_all(fd, request, sizeof request, is_socket,
                               std::chrono::duration_cast<Millis>(deadline - Clock::now()), deadline);
    if (sent.io == Io::timeout) return {Answer::none};
    if (sent.io == Io::failed) return {Answer::failed, 0, sent.err};
    for (;;) {
        const int rev = poll_until(fd, POLLIN, deadline);
        if (rev == 0) return {Answer::none};
        if (rev < 0) return {Answer::failed, 0, errno};
        const ssize_t r = is_socket ? ::recv(fd, buf, sizeof buf, 0) : ::read(fd, buf, sizeof buf);
        if (r > 0) return {Answer::byte, buf[r - 1]};  // the newest byte answers us
        if (r == 0) return {Answer::closed};
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return {Answer::failed, 0, errno};
        if (!(rev & POLLIN)) return {Answer::failed, 0, is_socket ? socket_error(fd) : ENODEV};
        if (Clock::now() >= deadline) return {Answer::none};
    }
}

// TCP: "sent" only means "in our kernel". Wait until the printer acknowledged
// every byte (SIOCOUTQ = 0), with the same stall and deadline rules, so that
// `printed` means the printer has the job and closing cannot lose its tail.
IoResult wait_acknowledged(int fd, Millis stall, Clock::time_point deadline) {
    int last = INT_MAX;
    auto stalled_at = Clock::now() + stall;
    for (;;) {
        if (stopped()) return {Io::timeout};
        int pending = 0;
        if (::ioctl(fd, SIOCOUTQ, &pending) != 0 || pending <= 0) return {Io::ok};
        if (pending < last) {
            last = pending;
            stalled_at = Clock::now() + stall;
        }
        const auto until = std::min(stalled_at, deadline);
        if (Clock::now() >= until) return {Io::timeout};
        // No events requested: poll only wakes early on error or hang-up.
        pollfd p{fd, 0, 0};
        const int n = ::poll(&p, 1, std::min(10, ms_until(until)));
        if (n > 0 && (p.revents & (POLLERR | POLLHUP))) {
            const int err = socket_error(fd);
            return {Io::failed, err ? err : EPIPE};
        }
    }
}

// Character device: write() may return once the last chunk is submitted, and
// usblp's close() kills a transfer still in flight. POLLOUT says the last one
// completed (or the printer reported no paper), so wait for it before closing.
IoResult wait_written(int fd, Millis stall, Clock::time_point deadline) {
    const int rev = poll_until(fd, POLLOUT, std::min(Clock::now() + stall, deadline));
    if (rev == 0) return {Io::timeout};
    if (rev < 0) return {Io::failed, errno};
    if (!(rev & POLLOUT)) return {Io::failed, (rev & POLLHUP) ? ENODEV : EIO};
    return {Io::ok};
}

PrintOutcome failed_while_sending(int err, bool char_device) {
    if (char_device && err == ENOSPC) return outcome(Result::paper_out, kMsgPaperOut, PaperStatus::out);  // usblp
    if (err == EPIPE || err == ECONNRESET)
        return outcome(Result::io_error, "The printer closed the connection before the slip was sent.");
    if (err == ENODEV || err == ENXIO) return outcome(Result::io_error, "The printer was disconnected while printing.");
    return outcome(Result::io_error, "The printer could not be used: " + errno_text(err) + ".");
}

// ---------------------------------------------------------------- 4. TCP
struct HostPort {
    std::string host, port;
};

// "192.168.1.50:9100", "192.168.1.50", "[fe80::1%eth0]:9100", "[::1]", "::1".
bool split_host_port(const std::string& t, HostPort* out) {
    std::string host, port = "9100";
    if (!t.empty() && t[0] == '[') {
        const auto close = t.find(']');
        if (close == std::string::npos) return false;
        host = t.substr(1, close - 1);
        const std::string rest = t.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') return false;
            port = rest.substr(1);
        }
    } else if (std::count(t.begin(), t.end(), ':') == 1) {
        const auto colon = t.find(':');
        host = t.substr(0, colon);
        port = t.substr(colon + 1);
    } else {
        host = t;  // no port, or a bare IPv6 address
    }
    if (host.empty() || port.empty() || port.size() > 5) return false;
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    const int p = std::stoi(port);
    if (p < 1 || p > 65535) return false;
    *out = {host, std::to_string(p)};
    return true;
}

// Connects to the network printer within t. On success `sock` holds the
// connected socket and the result is empty; otherwise the outcome says why.
std::optional<PrintOutcome> connect_tcp(const PrinterConfig& cfg, base::UniqueFd* sock_out) {
    const Millis t{effective_timeout_ms(cfg)};
    HostPort hp;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;  // never a DNS lookup: it could block
    addrinfo* ai = nullptr;
    if (!split_host_port(cfg.target, &hp) || ::getaddrinfo(hp.host.c_str(), hp.port.c_str(), &hints, &ai) != 0 || !ai)
        return outcome(Result::not_configured,
                       "The printer address is not valid; it must be a numeric address and port, like 192.168.1.50:9100.");
    const int family = ai->ai_family;
    sockaddr_storage addr{};
    const socklen_t addr_len = ai->ai_addrlen;
    std::memcpy(&addr, ai->ai_addr, std::min<size_t>(ai->ai_addrlen, sizeof addr));
    ::freeaddrinfo(ai);

    base::UniqueFd sock(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (sock.get() < 0) return outcome(Result::io_error, "The printer could not be used: " + errno_text(errno) + ".");
    const int fd = sock.get();

    // Connect: at most t.
    const auto deadline = Clock::now() + t;
    int err = 0;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), addr_len) != 0) {
        err = errno;
        if (err == EINPROGRESS || err == EINTR) {
            const int rev = poll_until(fd, POLLOUT, deadline);
            if (rev == 0) return outcome(Result::no_printer, kMsgNoPrinter);  // nothing answered the call
            err = rev < 0 ? errno : socket_error(fd);
        }
    }
    switch (err) {
        case 0: break;
        case ECONNREFUSED: case EHOSTUNREACH: case ENETUNREACH: case EHOSTDOWN: case ENETDOWN:
        case ETIMEDOUT: case ECONNRESET: case EADDRNOTAVAIL:
            return outcome(Result::no_printer, kMsgNoPrinter);
        default:
            return outcome(Result::io_error, "The printer could not be reached: " + errno_text(err) + ".");
    }
    *sock_out = std::move(sock);
    return std::nullopt;
}

PrintOutcome print_tcp(const PrinterConfig& cfg, const std::vector<uint8_t>& job) {
    const Millis t{effective_timeout_ms(cfg)};
    base::UniqueFd sock;
    if (auto failed = connect_tcp(cfg, &sock)) return *failed;
    const int fd = sock.get();

    // Status: at most t. A network printer that takes the connection but does
    // not answer DLE EOT 4 is not in a state to print.
    auto deadline = Clock::now() + t;
    const StatusAnswer st = ask_status(fd, true, kDleEot4, deadline);
    if (st.answer == Answer::none) return outcome(Result::timeout, kMsgTimeout);
    if (st.answer == Answer::closed)
        return outcome(Result::io_error, "The printer closed the connection before the slip was sent.");
    if (st.answer == Answer::failed) return failed_while_sending(st.err, false);
    const PaperStatus paper = parse_paper_status(st.byte);
    if (paper == PaperStatus::out) return outcome(Result::paper_out, kMsgPaperOut, paper);

    // The job: stalls at most t, everything within 10·t, acknowledged.
    deadline = Clock::now() + 10 * t;
    IoResult io = send_all(fd, job.data(), job.size(), true, t, deadline);
    if (io.io == Io::ok) io = wait_acknowledged(fd, t, deadline);
    if (io.io == Io::timeout) return outcome(Result::timeout, kMsgTimeout, paper);
    if (io.io == Io::failed) return failed_while_sending(io.err, false);
    return printed(paper);
}

// ---------------------------------------------------------------- 5. Device file
struct OpenDevice {
    base::UniqueFd fd;
    bool readable = false;     // opened read-write: it can be asked
    bool char_device = false;  // false: a regular file (tests)
};

// Opens the device (or the regular file standing in for it). On success `dev`
// is filled and the result is empty; otherwise the outcome says why.
std::optional<PrintOutcome> open_device(const PrinterConfig& cfg, OpenDevice* dev_out) {
    // Never O_CREAT: a missing /dev/usb/lp0 means "unplugged", and must not
    // become a regular file holding a slip. O_NONBLOCK: every wait is ours.
    // O_APPEND: for a device it changes nothing; a regular file (tests) is
    // appended to like paper, never truncated.
    const int common = O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_APPEND;
    bool readable = true;
    int fd = ::open(cfg.target.c_str(), O_RDWR | common);
    if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS || errno == EINVAL)) {
        readable = false;  // write-only is enough to print, just not to ask
        fd = ::open(cfg.target.c_str(), O_WRONLY | common);
    }
    if (fd < 0) {
        const int err = errno;
        switch (err) {
            case ENOENT: case ENODEV: case ENXIO: case ENOTDIR:
                return outcome(Result::no_printer, kMsgNoPrinter);
            case ENOSPC: return outcome(Result::paper_out, kMsgPaperOut, PaperStatus::out);  // lp: paper out
            case EBUSY: return outcome(Result::io_error, "The printer is in use by another program.");
            case EACCES: case EPERM:
                return outcome(Result::io_error,
                               "The kiosk is not allowed to use the printer; check the device permissions.");
            default: return outcome(Result::io_error, "The printer could not be used: " + errno_text(err) + ".");
        }
    }
    base::UniqueFd dev(fd);
    struct stat sb {};
    if (::fstat(fd, &sb) != 0) return outcome(Result::io_error, "The printer could not be used: " + errno_text(errno) + ".");
    const bool char_device = S_ISCHR(sb.st_mode);
    if (!char_device && !S_ISREG(sb.st_mode))
        return outcome(Result::not_configured, "The printer path is not a printer device.");

    // A serial line (/dev/ttyUSB0, /dev/ttyS0) starts "cooked": 0A would go
    // out as 0D 0A inside the picture and a reply would wait for a newline.
    // Raw mode passes every byte unchanged; the speed (set by the admin) and
    // the flow control the printer uses (XON/XOFF, RTS/CTS) are kept.
    if (char_device && ::isatty(fd)) {
        termios tio{};
        if (::tcgetattr(fd, &tio) == 0) {
            const tcflag_t flow = tio.c_iflag & (IXON | IXOFF);
            ::cfmakeraw(&tio);
            tio.c_iflag |= flow;
            ::tcsetattr(fd, TCSANOW, &tio);
        }
    }

    dev_out->fd = std::move(dev);
    dev_out->readable = readable;
    dev_out->char_device = char_device;
    return std::nullopt;
}

// How long a device may take to answer: short, as a one-way printer never will.
Millis device_answer_time(const PrinterConfig& cfg) { return std::min(Millis{effective_timeout_ms(cfg)}, Millis{500}); }

PrintOutcome print_device(const PrinterConfig& cfg, const std::vector<uint8_t>& job) {
    const Millis t{effective_timeout_ms(cfg)};
    OpenDevice dev;
    if (auto failed = open_device(cfg, &dev)) return *failed;
    const int fd = dev.fd.get();
    const bool char_device = dev.char_device;

    // Status: only a character device opened read-write can answer. A short
    // wait; no answer (a one-way printer, a driver without read) is not an
    // error, the slip is printed and the outcome says the paper was unchecked.
    PaperStatus paper = PaperStatus::unknown;
    if (char_device && dev.readable) {
        const StatusAnswer st = ask_status(fd, false, kDleEot4, Clock::now() + device_answer_time(cfg));
        if (st.answer == Answer::byte) paper = parse_paper_status(st.byte);
        if (paper == PaperStatus::out) return outcome(Result::paper_out, kMsgPaperOut, paper);
    }

    const auto deadline = Clock::now() + 10 * t;
    IoResult io = send_all(fd, job.data(), job.size(), false, t, deadline);
    if (io.io == Io::ok && char_device) io = wait_written(fd, t, deadline);
    if (io.io == Io::timeout) return outcome(Result::timeout, kMsgTimeout, paper);
    if (io.io == Io::failed) return failed_while_sending(io.err, char_device);
    return printed(paper);
}

// ---------------------------------------------------------------- 7. Status (the part inside the namespace)
using Reply = PrinterStatus::Reply;

constexpr const char* kMsgReady = "The printer is ready.";
constexpr const char* kMsgNearEnd = "The paper is running low: change the roll soon.";
constexpr const char* kMsgCoverOpen = "The printer's cover is open.";
constexpr const char* kMsgOffline = "The printer is offline.";
constexpr const char* kMsgError = "The printer reports an error.";
constexpr const char* kMsgNotReported = "This printer does not report its status.";

PrinterStatus status_of(Reply r, std::string message) {
    PrinterStatus s;
    s.reply = r;
    s.message = std::move(message);
    return s;
}

// A connection that could not be made, as a status: what print_raster would
// have said, sorted into the replies the staff see.
PrinterStatus status_from_failure(const PrintOutcome& o) {
    switch (o.result) {
        case Result::not_configured: return status_of(Reply::not_configured, o.message);
        case Result::paper_out: {  // usblp refused the open: no paper
            PrinterStatus s = status_of(Reply::answered, kMsgPaperOut);
            s.paper = PaperStatus::out;
            return s;
        }
        default: return status_of(Reply::no_answer, o.message);
    }
}

// The words for what the printer answered: every problem it reported, or ready.
std::string status_words(const PrinterStatus& s) {
    std::string out;
    auto add = [&](const char* m) { out += (out.empty() ? "" : " ") + std::string(m); };
    if (s.paper == PaperStatus::out) add(kMsgPaperOut);
    if (s.paper == PaperStatus::near_end) add(kMsgNearEnd);
    if (s.cover_open) add(kMsgCoverOpen);
    if (s.error) add(kMsgError);
    if (s.offline && out.empty()) add(kMsgOffline);  // offline for a reason above says nothing more
    if (out.empty()) add(kMsgReady);
    return out;
}

// Asks DLE EOT 1, 2 and 4 on an open connection, all before `deadline`. A
// question without an answer ends the asking: the next would not fare better.
// Returns `answered` when at least one reply was a DLE EOT reply; otherwise
// no reply: `silent` tells whether nothing came back at all (vs. a connection
// that failed or bytes that were not a status reply).
PrinterStatus ask_all(int fd, bool is_socket, Clock::time_point deadline, Reply silent) {
    PrinterStatus s;
    bool any = false;
    const uint8_t(*questions[3])[3] = {&kDleEot1, &kDleEot2, &kDleEot4};
    for (int i = 0; i < 3; ++i) {
        const StatusAnswer a = ask_status(fd, is_socket, *questions[i], deadline);
        if (a.answer == Answer::none) {
            if (!any) return status_of(silent, silent == Reply::no_answer ? kMsgTimeout : kMsgNotReported);
            break;
        }
        if (a.answer == Answer::closed)
            return any ? s : status_of(Reply::no_answer, "The printer closed the connection before it answered.");
        if (a.answer == Answer::failed) return any ? s : status_from_failure(failed_while_sending(a.err, !is_socket));
        if (!is_dle_eot_reply(a.byte)) continue;  // not an ESC/POS reply: counts as no answer to this one
        any = true;
        if (i == 0) s.offline = reply_offline(a.byte);
        if (i == 1) {
            const OfflineCause c = parse_offline_cause(a.byte);
            s.cover_open = c.cover_open;
            s.error = c.error;
            if (c.paper_end_stop) s.paper = PaperStatus::out;
        }
        if (i == 2 && s.paper != PaperStatus::out) s.paper = parse_paper_status(a.byte);
    }
    if (!any) return status_of(Reply::not_reported, kMsgNotReported);
    s.reply = Reply::answered;
    s.message = status_words(s);
    return s;
}

PrinterStatus query_tcp(const PrinterConfig& cfg) {
    base::UniqueFd sock;
    if (auto failed = connect_tcp(cfg, &sock)) return status_from_failure(*failed);
    // A network printer must answer (print_tcp refuses one that does not).
    return ask_all(sock.get(), true, Clock::now() + Millis{effective_timeout_ms(cfg)}, Reply::no_answer);
}

PrinterStatus query_device(const PrinterConfig& cfg) {
    OpenDevice dev;
    if (auto failed = open_device(cfg, &dev)) return status_from_failure(*failed);
    // A regular file is not asked (the question would end up in the file);
    // a device the kiosk may only write to cannot answer.
    if (!dev.char_device || !dev.readable) return status_of(Reply::not_reported, kMsgNotReported);
    // A device that does not answer is a one-way printer, not a missing one.
    return ask_all(dev.fd.get(), false, Clock::now() + device_answer_time(cfg), Reply::not_reported);
}

}  // namespace

// ---------------------------------------------------------------- 6. print_raster
int effective_timeout_ms(const PrinterConfig& p) {
    return p.timeout_ms <= 0 ? 3000 : std::min(p.timeout_ms, 600000);
}

int effective_dots(const PrinterConfig& p) { return p.dots <= 0 ? 576 : p.dots; }

PrintOutcome print_raster(const PrinterConfig& printer, const Raster1& slip, const EscPosOptions& o,
                          const std::atomic<bool>* stop) {
    using Kind = PrinterConfig::Kind;
    struct StopScope {
        explicit StopScope(const std::atomic<bool>* s) { t_stop = s; }
        ~StopScope() { t_stop = nullptr; }
    } stop_scope(stop);
    if (stopped()) return outcome(Result::cancelled, kMsgCancelled);
    if (printer.kind == Kind::none) return outcome(Result::not_configured, kMsgNotSetUp);
    if (printer.target.empty())
        return outcome(Result::not_configured, "The printer is not set up: no device, address or file is given.");
    const bool well_formed = slip.width > 0 && slip.height > 0 &&
                             slip.bits.size() == static_cast<size_t>(slip.stride()) * slip.height;
    if (!well_formed) return outcome(Result::io_error, "The slip could not be prepared for printing.");

    switch (printer.kind) {
        case Kind::png: {
            text::Bitmap8 b(slip.width, slip.height);
            for (int y = 0; y < slip.height; ++y)
                for (int x = 0; x < slip.width; ++x)
                    if (slip.get(x, y)) b.pixels[static_cast<size_t>(y) * slip.width + x] = 255;
            const std::string err = text::write_png(b, printer.target);
            base::secure_clear(b.pixels);  // a slip must not linger in the heap (or a core dump) once printed
            if (!err.empty()) return outcome(Result::io_error, "The preview could not be written: " + err + ".");
            return outcome(Result::printed, kMsgPreview);
        }
        case Kind::pbm: {
            std::string err;
            if (!write_pbm(slip, printer.target, &err))
                return outcome(Result::io_error, "The preview could not be written: " + err + ".");
            return outcome(Result::printed, kMsgPreview);
        }
        case Kind::device:
        case Kind::tcp: {
            if (slip.width > effective_dots(printer))
                return outcome(Result::not_configured,
                               "The slip is wider than the printer; check the printer's dot width.");
            std::vector<uint8_t> job = encode_escpos(slip, o);
            if (job.empty()) return outcome(Result::io_error, "The slip could not be prepared for printing.");
            PrintOutcome out = printer.kind == Kind::tcp ? print_tcp(printer, job) : print_device(printer, job);
            base::secure_clear(job);  // as the preview's pixels
            if (stopped()) return outcome(Result::cancelled, kMsgCancelled);
            return out;
        }
        case Kind::none: break;
    }
    return outcome(Result::not_configured, kMsgNotSetUp);
}

// ---------------------------------------------------------------- 7. Status
std::string_view to_string(PrinterStatus::Reply r) {
    switch (r) {
        case Reply::answered: return "answered";
        case Reply::no_answer: return "no_answer";
        case Reply::not_reported: return "not_reported";
        case Reply::not_configured: break;
    }
    return "not_configured";
}

PrinterStatus query_printer_status(const PrinterConfig& printer, const std::atomic<bool>* stop) {
    using Kind = PrinterConfig::Kind;
    struct StopScope {
        explicit StopScope(const std::atomic<bool>* s) { t_stop = s; }
        ~StopScope() { t_stop = nullptr; }
    } stop_scope(stop);
    if (printer.kind == Kind::none) return status_of(Reply::not_configured, kMsgNotSetUp);
    if (printer.target.empty())
        return status_of(Reply::not_configured, "The printer is not set up: no device, address or file is given.");
    switch (printer.kind) {
        case Kind::tcp: return query_tcp(printer);
        case Kind::device: return query_device(printer);
        case Kind::png:
        case Kind::pbm: return status_of(Reply::not_reported, "The slip is written to a preview file; there is no printer to ask.");
        case Kind::none: break;
    }
    return status_of(Reply::not_configured, kMsgNotSetUp);
}

// ---------------------------------------------------------------- 8. USB printers
std::vector<std::string> find_usb_printers(const std::string& dev_dir, UsbScan scan) {
    // usblp names its devices lp0, lp1, … (drivers/usb/class/usblp.c).
    auto number_of = [](const std::string& name) -> long {
        if (name.size() < 3 || name.size() > 8 || name.compare(0, 2, "lp") != 0) return -1;
        long n = 0;
        for (size_t i = 2; i < name.size(); ++i) {
            if (name[i] < '0' || name[i] > '9') return -1;
            n = n * 10 + (name[i] - '0');
        }
        return n;
    };
    std::vector<std::pair<long, std::string>> found;
    std::error_code ec;
    std::filesystem::directory_iterator it(dev_dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const long n = number_of(name);
        if (n < 0) continue;
        std::error_code type_ec;
        if (scan == UsbScan::character_devices && !it->is_character_file(type_ec)) continue;  // follows symlinks
        found.emplace_back(n, it->path().string());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    out.reserve(found.size());
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
}

}  // namespace madoguchi::print
