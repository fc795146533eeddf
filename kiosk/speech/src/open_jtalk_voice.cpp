// SPDX-License-Identifier: Apache-2.0
// open_jtalk_voice.cpp — Japanese speech from /usr/bin/open_jtalk through pipes
// (see voice.hpp for why a child process, and docs/privacy.md for how it is confined).
//
// Index
//   - paths              the Debian locations, what is missing
//   - WAV                the header on the pipe
//   - Child              the running open_jtalk: its pid and pipes, stop()
//   - run()              spawn, feed the text, read WAV and trace together, reap
//
// One utterance per child: open_jtalk reads its text, synthesises it whole and
// writes the WAV, then exits. A short phrase takes about 0.1 s (docs/performance.md,
// "speech start"); the Speaker keeps utterances short by speaking a screen
// sentence by sentence.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <linux/close_range.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "madoguchi/base/secure_clear.hpp"
#include "madoguchi/base/unique_fd.hpp"
#include "madoguchi/platform/child_confinement.hpp"
#include "madoguchi/speech/voice.hpp"

namespace madoguchi::speech {

using base::UniqueFd;

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

OpenJTalkPaths default_open_jtalk_paths() {
    return {"/usr/bin/open_jtalk", "/var/lib/mecab/dic/open-jtalk/naist-jdic",
            "/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice"};
}

OpenJTalkPaths with_defaults(OpenJTalkPaths p) {
    const OpenJTalkPaths d = default_open_jtalk_paths();
    if (p.program.empty()) p.program = d.program;
    if (p.dictionary.empty()) p.dictionary = d.dictionary;
    if (p.voice.empty()) p.voice = d.voice;
    return p;
}

std::string open_jtalk_problem(const OpenJTalkPaths& given) {
    const OpenJTalkPaths p = with_defaults(given);
    if (access(p.program.c_str(), X_OK) != 0)
        return "Open JTalk program " + p.program + " not found (Debian package open-jtalk)";
    struct stat st {};
    if (stat(p.dictionary.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
        access((p.dictionary + "/sys.dic").c_str(), R_OK) != 0)
        return "Open JTalk dictionary " + p.dictionary + " not found (Debian package open-jtalk-mecab-naist-jdic)";
    if (access(p.voice.c_str(), R_OK) != 0)
        return "Open JTalk voice " + p.voice +
               " not found (Debian package hts-voice-nitech-jp-atr503-m001, in contrib: scripts/lib/deps.sh)";
    return "";
}

// ---------------------------------------------------------------------------
// WAV
// ---------------------------------------------------------------------------

namespace {
uint32_t le32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24); }
uint16_t le16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
}  // namespace

bool parse_wav_header(std::span<const unsigned char> b, WavHeader& out, bool* bad) {
    if (bad) *bad = false;
    auto fail = [&] {
        if (bad) *bad = true;
        return false;
    };
    if (b.size() < 12) return false;
    if (std::memcmp(b.data(), "RIFF", 4) != 0 || std::memcmp(b.data() + 8, "WAVE", 4) != 0) return fail();
    size_t off = 12;
    bool have_fmt = false;
    // Chunks until "data"; a header longer than 4 KiB is not one open_jtalk writes.
    while (true) {
        if (off > 4096) return fail();
        if (b.size() < off + 8) return false;
        const uint32_t size = le32(b.data() + off + 4);
        if (std::memcmp(b.data() + off, "data", 4) == 0) {
            if (!have_fmt) return fail();
            out.data_offset = off + 8;
            return true;
        }
        if (size > 4096) return fail();
        if (b.size() < off + 8 + size) return false;
        if (std::memcmp(b.data() + off, "fmt ", 4) == 0) {
            if (size < 16) return fail();
            const unsigned char* f = b.data() + off + 8;
            if (le16(f) != 1) return fail();  // PCM only
            out.channels = le16(f + 2);
            out.sample_rate = static_cast<int>(le32(f + 4));
            out.bits = le16(f + 14);
            if (out.channels != 1 || out.bits != 16 || out.sample_rate < 8000 || out.sample_rate > 192000)
                return fail();
            have_fmt = true;
        }
        off += 8 + size + (size & 1);
    }
}

// ---------------------------------------------------------------------------
// Child
// ---------------------------------------------------------------------------

struct OpenJTalkVoice::Child {
    std::mutex m;
    pid_t pid = 0;              // the running open_jtalk, 0 when none
    bool stop_requested = false;
};

OpenJTalkVoice::OpenJTalkVoice(OpenJTalkPaths paths) : paths_(with_defaults(std::move(paths))), child_(new Child) {
    // What open_jtalk may do (docs/privacy.md, "Speech"): read its dictionary,
    // its voice and the shared libraries; execute itself; write nothing.
    confinement_ = std::make_unique<platform::ChildConfinement>(platform::ChildConfinement::prepare(
        {{paths_.dictionary, paths_.voice, "/usr/lib", "/etc/ld.so.cache"}, {paths_.program}}));
}

std::string OpenJTalkVoice::confinement() const { return confinement_->description(); }

OpenJTalkVoice::~OpenJTalkVoice() {
    stop();
    drop_warm();
}

std::string OpenJTalkVoice::name() const {
    std::string v = paths_.voice;
    if (auto slash = v.rfind('/'); slash != std::string::npos) v.erase(0, slash + 1);
    if (v.ends_with(".htsvoice")) v.resize(v.size() - 9);
    return "open_jtalk (" + v + ")";
}

void OpenJTalkVoice::stop() {
    std::lock_guard lock(child_->m);
    child_->stop_requested = true;
    if (child_->pid > 0) kill(child_->pid, SIGKILL);  // reaped by run()
}

bool OpenJTalkVoice::synthesize(std::string_view text, const SynthParams& params, const PcmCallback& on_pcm,
                                std::string* error) {
    return run(text, params, &on_pcm, nullptr, error);
}

std::string OpenJTalkVoice::analyse(std::string_view text, std::string* error) {
    std::string trace;
    if (!run(text, {}, nullptr, &trace, error)) return "";
    // Only the text-analysis block: the lines after "[Text analysis result]" up to the blank line.
    std::string out;
    const auto start = trace.find("[Text analysis result]");
    if (start == std::string::npos) return "";
    size_t pos = trace.find('\n', start);
    while (pos != std::string::npos && pos + 1 < trace.size()) {
        const size_t end = trace.find('\n', pos + 1);
        const std::string_view line(trace.data() + pos + 1, (end == std::string::npos ? trace.size() : end) - pos - 1);
        if (line.empty()) break;
        out.append(line);
        out += '\n';
        pos = end;
    }
    return out;
}

// ---------------------------------------------------------------------------
// run()
// ---------------------------------------------------------------------------

namespace {

// Writes all of `s` to a pipe whose reader may die first: EPIPE, not SIGPIPE.
bool write_all_to_pipe(int fd, std::string_view s) {
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    bool ok = true;
    size_t off = 0;
    while (off < s.size()) {
        const ssize_t w = ::write(fd, s.data() + off, s.size() - off);
        if (w > 0) {
            off += static_cast<size_t>(w);
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else {
            ok = false;
            break;
        }
    }
    if (!ok) {
        // Take the SIGPIPE this thread now has pending, so that unblocking does not deliver it.
        const timespec zero{};
        sigtimedwait(&pipe_set, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return ok;
}

constexpr size_t kMaxTextBytes = 8192;          // one sentence or a few; the Speaker splits longer text
constexpr size_t kMaxWavBytes = 48000 * 2 * 60;  // a minute of 48 kHz audio: anything more is wrong

}  // namespace

// A started open_jtalk: its pid and our ends of its pipes.
struct OpenJTalkVoice::Spawned {
    pid_t pid = 0;
    UniqueFd in_w, out_r, tr_r;
    std::string rate;  // the -r it was started with
};

std::unique_ptr<OpenJTalkVoice::Spawned> OpenJTalkVoice::spawn(const std::string& rate, bool trace, std::string* error) {
    auto fail = [&](std::string why) {
        if (error) *error = std::move(why);
        return nullptr;
    };
    int in_p[2], out_p[2], tr_p[2] = {-1, -1};
    if (pipe2(in_p, O_CLOEXEC) != 0) return fail(std::string("open_jtalk: pipe: ") + std::strerror(errno));
    UniqueFd in_r(in_p[0]), in_w(in_p[1]);
    if (pipe2(out_p, O_CLOEXEC) != 0) return fail(std::string("open_jtalk: pipe: ") + std::strerror(errno));
    UniqueFd out_r(out_p[0]), out_w(out_p[1]);
    UniqueFd tr_r, tr_w;
    if (trace) {
        if (pipe2(tr_p, O_CLOEXEC) != 0) return fail(std::string("open_jtalk: pipe: ") + std::strerror(errno));
        tr_r = UniqueFd(tr_p[0]);
        tr_w = UniqueFd(tr_p[1]);
    }
    std::vector<std::string> args = {paths_.program, "-x", paths_.dictionary, "-m", paths_.voice, "-r", rate,
                                     "-ow", "/dev/stdout"};
    if (trace) {
        args.push_back("-ot");
        args.push_back("/dev/fd/3");
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    char* envp[] = {nullptr};  // nothing of ours is passed on
    const char* program = paths_.program.c_str();
    const int in_fd = in_r.get(), out_fd = out_w.get(), tr_fd = tr_w.get();
    const platform::ChildConfinement& confinement = *confinement_;

    // fork, not posix_spawn: the child confines itself (child_confinement.hpp)
    // between fork and exec. Only system calls from here to execve.
    auto out = std::make_unique<Spawned>();
    out->pid = ::fork();
    if (out->pid < 0) return fail(std::string("open_jtalk: cannot start: ") + std::strerror(errno));
    if (out->pid == 0) {
        // fd `from` becomes `to`, without close-on-exec (dup2 onto itself would keep the flag).
        auto move_fd = [](int from, int to) {
            if (from == to) return ::fcntl(to, F_SETFD, 0) == 0;
            return ::dup2(from, to) == to;
        };
        // First: the Landlock ruleset is one of our descriptors, which the
        // moves below may replace. /dev/null stays writable under it.
        if (!confinement.enter()) ::_exit(125);
        const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null_fd < 0 || !move_fd(in_fd, 0) || !move_fd(out_fd, 1) || !move_fd(null_fd, 2)) ::_exit(126);
        if (trace && !move_fd(tr_fd, 3)) ::_exit(126);
        ::close_range(trace ? 4 : 3, ~0U, 0);
        // Default signal handling and mask, whatever the kiosk set (an ignored SIGPIPE would stay ignored).
        struct sigaction dfl {};
        dfl.sa_handler = SIG_DFL;
        for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execve(program, argv.data(), envp);
        ::_exit(127);
    }
    // Our copies of the child's ends are closed (by the UniqueFds going out of
    // scope), so that end-of-file is seen.
    out->in_w = std::move(in_w);
    out->out_r = std::move(out_r);
    out->tr_r = std::move(tr_r);
    out->rate = rate;
    return out;
}

void OpenJTalkVoice::drop_warm() {
    if (!warm_) return;
    kill(warm_->pid, SIGKILL);
    while (waitpid(warm_->pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    warm_.reset();
}

bool OpenJTalkVoice::run(std::string_view text, const SynthParams& params, const PcmCallback* on_pcm,
                         std::string* trace, std::string* error) {
    auto fail = [&](std::string why) {
        if (error) *error = std::move(why);
        return false;
    };
    if (text.size() > kMaxTextBytes) return fail("open_jtalk: text too long for one utterance");
    // open_jtalk speaks one line: a line end so that it starts.
    std::string line(text);
    for (char& c : line)
        if (c == '\n' || c == '\r' || c == '\0') c = ' ';
    line += '\n';

    char rate[32];
    std::snprintf(rate, sizeof rate, "%.2f", static_cast<double>(std::clamp(params.rate, 0.5f, 2.0f)));
    // The warm child (started after the last utterance, its dictionary and voice
    // already loaded) when it was started for this rate; a new one otherwise.
    std::unique_ptr<Spawned> child;
    if (!trace && warm_ && warm_->rate == rate) child = std::move(warm_);
    else if (!trace) drop_warm();
    if (!child) child = spawn(rate, trace != nullptr, error);
    if (!child) return false;
    const pid_t pid = child->pid;
    {
        std::lock_guard lock(child_->m);
        child_->stop_requested = false;
        child_->pid = pid;
    }
    UniqueFd in_w = std::move(child->in_w), out_r = std::move(child->out_r), tr_r = std::move(child->tr_r);

    const bool fed = write_all_to_pipe(in_w.get(), line);
    in_w.reset();

    // WAV and trace together (either pipe could fill while we wait on the other).
    std::vector<unsigned char> wav;
    WavHeader header;
    bool have_header = false, bad = false, cancelled = false;
    size_t delivered = 0;  // bytes of samples handed on
    bool out_open = true, tr_open = static_cast<bool>(tr_r);
    unsigned char buf[16384];
    while ((out_open || tr_open) && !cancelled) {
        pollfd fds[2] = {{out_open ? out_r.get() : -1, POLLIN, 0}, {tr_open ? tr_r.get() : -1, POLLIN, 0}};
        if (poll(fds, 2, 200) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        {
            std::lock_guard lock(child_->m);
            if (child_->stop_requested) cancelled = true;
        }
        if (tr_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            const ssize_t n = ::read(tr_r.get(), buf, sizeof buf);
            if (n > 0 && trace->size() < (1u << 20)) trace->append(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
            else if (n == 0 || (n < 0 && errno != EINTR)) tr_open = false;
        }
        if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            const ssize_t n = ::read(out_r.get(), buf, sizeof buf);
            if (n == 0 || (n < 0 && errno != EINTR)) {
                out_open = false;
                continue;
            }
            if (n < 0) continue;
            if (wav.size() + static_cast<size_t>(n) > kMaxWavBytes) {
                bad = true;
                break;
            }
            wav.insert(wav.end(), buf, buf + n);
            if (!have_header) {
                have_header = parse_wav_header(wav, header, &bad);
                if (bad) break;
                if (have_header) rate_ = header.sample_rate;
            }
            if (have_header && on_pcm && *on_pcm) {
                // Whole samples only; an odd byte waits for the next read.
                const size_t start = header.data_offset + delivered;
                const size_t avail = wav.size() > start ? (wav.size() - start) / 2 * 2 : 0;
                if (avail > 0) {
                    std::vector<int16_t> pcm(avail / 2);
                    for (size_t k = 0; k < pcm.size(); ++k)
                        pcm[k] = static_cast<int16_t>(le16(wav.data() + start + 2 * k));
                    delivered += avail;
                    if (!(*on_pcm)(pcm)) cancelled = true;
                    base::secure_clear(pcm);
                }
            }
        }
    }

    // Our copies of the audio, zeroed before they are freed (speaker.hpp, "Memory").
    base::secure_clear(wav);
    base::secure_clear(line);
    explicit_bzero(buf, sizeof buf);
    int status = 0;
    {
        std::lock_guard lock(child_->m);
        if (cancelled || bad) kill(pid, SIGKILL);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    {
        std::lock_guard lock(child_->m);
        child_->pid = 0;
    }
    // The next utterance's child, loaded and waiting for its line (about 80 ms
    // of start-up taken off the next say(); it holds nothing of this one).
    if (keep_warm_ && !trace && !warm_) warm_ = spawn(rate, false, nullptr);
    if (cancelled) return fail("stopped");
    if (bad) return fail("open_jtalk: its output is not 16-bit mono PCM WAV");
    if (!fed) return fail("open_jtalk: it did not take the text");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail("open_jtalk: exited with status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    if (!have_header && !trace) return fail("open_jtalk: no audio");
    return true;
}

}  // namespace madoguchi::speech
