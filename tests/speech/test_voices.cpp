// SPDX-License-Identifier: Apache-2.0
// test_voices.cpp — the voices themselves (voice.hpp): Open JTalk's own text
// analysis of our readings (相談 → ソウダン, phone numbers digit by digit, names
// read as their kana), audible speech of plausible length in every kiosk
// language, the WAV header reader, stop() of a running open_jtalk, and that
// Japanese speech writes no file.
#include <doctest/doctest.h>

#include <dirent.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/speech/reading.hpp"
#include "madoguchi/speech/voice.hpp"
#include "speech_test_support.hpp"

using namespace madoguchi::speech;

namespace {

// The readings (the 9th field, 読み) of Open JTalk's analysis, one per word, joined.
std::string readings_of(const std::string& analysis) {
    std::string out;
    size_t pos = 0;
    while (pos < analysis.size()) {
        const size_t end = analysis.find('\n', pos);
        const std::string line = analysis.substr(pos, end - pos);
        pos = end == std::string::npos ? analysis.size() : end + 1;
        size_t field = 0, start = 0;
        for (size_t k = 0; k <= line.size(); ++k) {
            if (k == line.size() || line[k] == ',') {
                if (field == 8) {
                    if (!out.empty()) out += ' ';
                    out += line.substr(start, k - start);
                }
                ++field;
                start = k + 1;
            }
        }
    }
    return out;
}

std::string analyse(const std::string& screen_text) {
    OpenJTalkVoice v;
    std::string error;
    const std::string a = v.analyse(reading_for_voice(screen_text, "ja"), &error);
    INFO(error);
    REQUIRE_FALSE(a.empty());
    return readings_of(a);
}

struct Spoken {
    std::vector<int16_t> pcm;
    int rate = 0;
    bool ok = false;
};

Spoken speak(Voice& v, const std::string& text) {
    Spoken s;
    std::string error;
    s.ok = v.synthesize(text, {}, [&](std::span<const int16_t> p) {
        s.pcm.insert(s.pcm.end(), p.begin(), p.end());
        return true;
    }, &error);
    INFO(error);
    s.rate = v.sample_rate();
    return s;
}

std::set<std::string> listing(const char* dir) {
    std::set<std::string> out;
    if (DIR* d = opendir(dir)) {
        while (auto* e = readdir(d)) out.insert(e->d_name);
        closedir(d);
    }
    return out;
}

}  // namespace

TEST_CASE("open_jtalk is installed as the kiosk expects") {
    CHECK(open_jtalk_problem({}) == "");
    OpenJTalkPaths wrong;
    wrong.voice = "/nonexistent/voice.htsvoice";
    CHECK(open_jtalk_problem(wrong).find("hts-voice-nitech-jp-atr503-m001") != std::string::npos);
    wrong = {};
    wrong.dictionary = "/nonexistent";
    CHECK(open_jtalk_problem(wrong).find("open-jtalk-mecab-naist-jdic") != std::string::npos);
}

TEST_CASE("Open JTalk reads our readings as intended (its text analysis)") {
    // A word from the dictionary
    CHECK(analyse("相談は無料です") == "ソウダン ハ ムリョウ デス");
    // Phone numbers digit by digit, pauses (、) at the hyphens
    CHECK(analyse("相談は0120-111-351です") == "ソウダン ハ ゼロ イチ ニ ゼロ 、 イチ イチ イチ 、 サン ゴ イチ デス");
    CHECK(analyse("０６－６１２３－４５６７") == "ゼロ ロク 、 ロク イチ ニ サン 、 ヨン ゴ ロク ナナ");
    CHECK(analyse("0570064556") == "ゼロ ゴ ナナ ゼロ ゼロ ロク ヨン ゴ ゴ ロク");
    CHECK(analyse("119番") == "イチ 、 イチ 、 キュウ バン");
    const std::string hash = analyse("#7119");
    CHECK(hash.find("シャープ") == 0);
    CHECK(hash.find("セン") == std::string::npos);  // not 七千百十九
    CHECK(hash.find("ナナ") != std::string::npos);
    CHECK(hash.find("キュウ") != std::string::npos);
    // A name read as the data's kana, not as the dictionary would guess
    CHECK(analyse(spoken_name("大阪ダルク", "おおさかだるく")) .find("オオサカ") == 0);
    CHECK(analyse("{市|いち}ノ{瀬|せ}") == analyse("いちのせ"));
    // Times as 時, not as digits and a colon
    const std::string time = analyse("9:00〜17:00");
    CHECK(time.find("ジ") != std::string::npos);
    CHECK(time.find("ゼロ") == std::string::npos);
}

TEST_CASE("every kiosk language has a voice that speaks audibly") {
    const struct {
        const char* lang;
        const char* text;
    } sentences[] = {
        {"ja", "相談は無料です。名前は言わなくても大丈夫です。"},
        {"ja-x-easy", "{相談|そうだん}は {無料|むりょう}です。"},
        {"en", "Consultation is free. You do not have to give your name."},
        {"zh-Hans", "咨询是免费的。不用说名字。"},
        {"ko", "상담은 무료입니다. 이름을 말하지 않아도 됩니다."},
        {"vi", "Tư vấn miễn phí. Bạn không cần nói tên."},
        {"pt-BR", "A consulta é gratuita. Você não precisa dizer seu nome."},
        {"ne", "परामर्श निःशुल्क छ। नाम भन्नु पर्दैन।"},
        {"tl", "Libre ang konsultasyon. Hindi mo kailangang sabihin ang iyong pangalan."},
    };
    for (const auto& s : sentences) {
        CAPTURE(s.lang);
        std::string why;
        auto voice = make_voice(s.lang, {}, &why);
        INFO(why);
        REQUIRE(voice);
        const Spoken out = speak(*voice, reading_for_voice(s.text, s.lang));
        CHECK(out.ok);
        REQUIRE(out.rate > 0);
        const double seconds = static_cast<double>(out.pcm.size()) / out.rate;
        CAPTURE(seconds);
        CHECK(seconds > 0.8);
        CHECK(seconds < 10.0);
        CHECK(speech_test::rms(out.pcm) > 300.0);  // speech, not near-silence (full scale 32767)
    }
}

TEST_CASE("voices by language: Tagalog falls back, unknown languages have none") {
    CHECK(espeak_voice_for("zh-Hans") == "cmn");
    CHECK(espeak_voice_for("pt-BR") == "pt-br");
    CHECK(espeak_voice_for("tl") == kTagalogFallback);
    std::string why;
    CHECK(make_voice("xx", {}, &why) == nullptr);
    CHECK(why.find("xx") != std::string::npos);
    OpenJTalkPaths missing;
    missing.program = "/nonexistent/open_jtalk";
    CHECK(make_voice("ja", missing, &why) == nullptr);
    CHECK(why.find("open-jtalk") != std::string::npos);
}

TEST_CASE("WAV header on a pipe: partial, good, unplayable") {
    std::vector<unsigned char> wav = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E',
                                      'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0, 0x80, 0xBB, 0, 0,
                                      0, 0x77, 1, 0, 2, 0, 16, 0, 'd', 'a', 't', 'a', 4, 0, 0, 0};
    WavHeader h;
    bool bad = true;
    CHECK_FALSE(parse_wav_header(std::span(wav).first(20), h, &bad));
    CHECK_FALSE(bad);
    CHECK(parse_wav_header(wav, h, &bad));
    CHECK(h.sample_rate == 48000);
    CHECK(h.data_offset == wav.size());
    auto stereo = wav;
    stereo[22] = 2;
    CHECK_FALSE(parse_wav_header(stereo, h, &bad));
    CHECK(bad);
    auto not_wav = wav;
    not_wav[0] = 'X';
    CHECK_FALSE(parse_wav_header(not_wav, h, &bad));
    CHECK(bad);
}

TEST_CASE("open_jtalk: stop() kills it and nothing more is delivered") {
    OpenJTalkVoice v;
    std::string long_text;
    for (int i = 0; i < 20; ++i) long_text += "相談は無料です。名前は言わなくても大丈夫です。";
    std::atomic<int> pieces{0};
    bool ok = true;
    std::thread t([&] {
        ok = v.synthesize(long_text, {}, [&](std::span<const int16_t>) {
            ++pieces;
            return true;
        });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto before = std::chrono::steady_clock::now();
    v.stop();
    t.join();
    // Twenty sentences take open_jtalk well over a second; killed, it returns at once.
    CHECK(std::chrono::steady_clock::now() - before < std::chrono::milliseconds(500));
    CHECK_FALSE(ok);
    CHECK(pieces == 0);
}

TEST_CASE("Japanese speech writes no file (a private, empty /tmp and working folder stay empty)") {
    // In a child with its own mount namespace, /tmp and the working folder are
    // fresh tmpfs mounts nobody else writes to: after an utterance both must
    // still be empty. (The whole kiosk is checked by the strace audit, tests/privacy.)
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (unshare(CLONE_NEWNS) != 0 && unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) _exit(10);
        if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) _exit(11);
        if (mount("none", "/tmp", "tmpfs", 0, "size=1m") != 0) _exit(12);
        if (mkdir("/tmp/cwd", 0700) != 0 || chdir("/tmp/cwd") != 0) _exit(13);
        OpenJTalkVoice v;
        size_t samples = 0;
        const bool ok = v.synthesize(reading_for_voice("相談は0120-111-351です。", "ja"), {},
                                     [&](std::span<const int16_t> p) {
                                         samples += p.size();
                                         return true;
                                     });
        if (!ok || samples < 48000 / 2) _exit(20);
        if (listing("/tmp/cwd") != std::set<std::string>{".", ".."}) _exit(21);
        if (listing("/tmp") != std::set<std::string>{".", "..", "cwd"}) _exit(22);
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    // 10..13: the namespace could not be made (then this machine cannot run the check)
    CHECK(WEXITSTATUS(status) == 0);
}
