// minisign verification against signatures made by the stock `minisign` tool
// (Debian package minisign): good ones pass, every kind of tampering is refused
// with its own message.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "madoguchi/core/minisign.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

std::span<const uint8_t> bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

struct Keys {
    TempDir dir;
    MinisignPublicKey pub;
    Keys() {
        REQUIRE(run("minisign -G -W -f -p " + dir.file("k.pub") + " -s " + dir.file("k.sec")) == 0);
        std::string err;
        auto k = parse_minisign_public_key(slurp(dir.file("k.pub")), &err);
        REQUIRE_MESSAGE(k, err);
        pub = *k;
    }
    // Signs `content` with the stock tool; returns the .minisig text.
    std::string sign(const std::string& content, const std::string& comment, bool legacy = false) {
        dir.write("data", content);
        REQUIRE(run("minisign -S " + std::string(legacy ? "-l " : "") + "-s " + dir.file("k.sec") + " -m " + dir.file("data") + " -t '" +
                    comment + "'") == 0);
        return slurp(dir.file("data.minisig"));
    }
};

std::string replace_line(std::string text, int index, const std::string& line) {
    std::vector<std::string> lines;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);) lines.push_back(l);
    lines.at(static_cast<size_t>(index)) = line;
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

}  // namespace

TEST_CASE("minisign: a stock signature verifies, and its trusted comment comes back") {
    Keys k;
    const std::string data = "catalogue bytes\x00\x01\x02 …";
    const std::string sig = k.sign(data, "product=madoguchi schema=1 version=7 publisher=Osaka%20Pref");
    std::string err;
    const MinisignPublicKey trusted[] = {k.pub};
    auto v = verify_minisign(bytes(data), sig, trusted, &err);
    REQUIRE_MESSAGE(v, err);
    CHECK(v->trusted_comment == "product=madoguchi schema=1 version=7 publisher=Osaka%20Pref");
    auto pairs = parse_trusted_comment(v->trusted_comment, &err);
    REQUIRE(pairs);
    CHECK(pairs->at("version") == "7");
    CHECK(pairs->at("publisher") == "Osaka Pref");
    // The key id prints as minisign prints it.
    CHECK(slurp(k.dir.file("k.pub")).find(k.pub.key_id_hex()) != std::string::npos);
    // The bare base64 line (minisign -P) parses too.
    std::string line = slurp(k.dir.file("k.pub"));
    line = line.substr(line.find('\n') + 1);
    CHECK(parse_minisign_public_key(line, &err).has_value());
}

TEST_CASE("minisign: every kind of tampering is refused with its own message") {
    Keys k, other;
    const std::string data = "the catalogue";
    const std::string sig = k.sign(data, "product=madoguchi version=3");
    const MinisignPublicKey trusted[] = {k.pub};
    auto lines = [&](int i) {
        std::stringstream ss(sig);
        std::string l;
        for (int n = 0; n <= i; ++n) std::getline(ss, l);
        return l;
    };
    struct Case {
        const char* what;
        std::string data, sig;
        std::string message;
    };
    std::string flipped = data;
    flipped[0] ^= 1;
    std::string sig_line = lines(1);
    sig_line[20] = sig_line[20] == 'A' ? 'B' : 'A';
    const Case cases[] = {
        {"catalogue changed", flipped, sig, "the signature does not match the catalogue (the file was changed or damaged after signing)"},
        {"trusted comment changed", data, replace_line(sig, 2, "trusted comment: product=madoguchi version=4"),
         "the trusted comment was changed after signing"},
        {"signature bytes changed", data, replace_line(sig, 1, sig_line), ""},
        {"global signature changed", data, replace_line(sig, 3, "QGYGZY071VtvKtf9pgQ/4QGqBIHHoosEVx2dooQW4Q9IwOARPsxue8KqWo3YTltx8r9+/q4e9v6enVzNFJyRAQ=="),
         "the trusted comment was changed after signing"},
        {"another key", data, other.sign(data, "product=madoguchi version=3"),
         "signed with key " + other.pub.key_id_hex() + ", which this kiosk does not trust"},
        {"legacy Ed", data, k.sign(data, "product=madoguchi version=3", true),
         "legacy signature (\"Ed\"): sign again with a current minisign, which signs a hash of the file (\"ED\")"},
        {"bad base64", data, replace_line(sig, 1, "RUT@@@@"), "the signature line is not valid (bad base64 or wrong length)"},
        {"no trusted comment", data, replace_line(sig, 2, "untrusted: x"),
         "the signature has no trusted comment (line 3 must start with \"trusted comment: \")"},
        {"truncated", data, sig.substr(0, sig.find("trusted comment")), "the signature file is incomplete (a minisign signature has four lines)"},
        {"overlong", data, sig + std::string(5000, 'A'), "the signature file is too large to be a minisign signature"},
        {"empty", data, "", "the signature file is incomplete (a minisign signature has four lines)"},
    };
    for (const auto& c : cases) {
        const std::string what = c.what;
        CAPTURE(what);
        std::string err;
        CHECK_FALSE(verify_minisign(bytes(c.data), c.sig, trusted, &err));
        if (!c.message.empty()) CHECK(err == c.message);
        else CHECK_FALSE(err.empty());
    }
    // With the other key trusted as well, its signature verifies.
    const MinisignPublicKey both[] = {k.pub, other.pub};
    std::string err;
    CHECK(verify_minisign(bytes(data), other.sign(data, "product=madoguchi version=3"), both, &err));
}

TEST_CASE("minisign: public keys and trusted comments that are not what they claim") {
    std::string err;
    CHECK_FALSE(parse_minisign_public_key("", &err));
    CHECK(err == "no public key in it (expected the base64 line minisign writes)");
    CHECK_FALSE(parse_minisign_public_key("untrusted comment: x\nRWQ", &err));
    CHECK(err == "not a minisign public key (bad base64 or wrong length)");
    CHECK_FALSE(parse_trusted_comment("product=madoguchi  version=1", &err));
    CHECK(err == "trusted comment: \"\" is not key=value (pairs are separated by single spaces)");
    CHECK_FALSE(parse_trusted_comment("version=1 version=2", &err));
    CHECK(err == "trusted comment: version appears twice");
    CHECK_FALSE(parse_trusted_comment("publisher=a%2", &err));
    CHECK(err == "trusted comment: bad percent-encoding in publisher");
    auto ok = parse_trusted_comment("a=1 b=%E5%A4%A7%E9%98%AA", &err);
    REQUIRE(ok);
    CHECK(ok->at("b") == "大阪");
}
