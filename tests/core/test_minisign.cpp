// SPDX-License-Identifier: Apache-2.0
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
    // The key id prints as minisign prints it (minisign drops leading zeros:
    // "%" PRIX64, so 1 key in 16 would fail a padded comparison).
    std::string id = k.pub.key_id_hex();
    id.erase(0, std::min(id.find_first_not_of('0'), id.size() - 1));
    CHECK(slurp(k.dir.file("k.pub")).find("public key " + id + "\n") != std::string::npos);
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
        // libsodium 1.0.18 would read a byte 0x80-0xFF as '/' (found by tests/fuzz); stock minisign refuses it.
        {"non-ASCII byte for '/'", data, [&] {
             std::string l = sig.substr(sig.find('\n') + 1);
             l = l.substr(0, l.find('\n'));
             const size_t slash = l.find('/');
             if (slash != std::string::npos) l[slash] = '\xAF';
             else l[4] = '\xAF';
             return replace_line(sig, 1, l);
         }(),
         "the signature line is not valid (bad base64 or wrong length)"},
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

TEST_CASE("minisign: our keys and signatures work with the stock tool, both ways") {
    TempDir dir;
    MinisignKeyPair kp = generate_minisign_keys();
    dir.write("our.pub", minisign_public_key_file(kp.public_key));
    dir.write("our.sec", minisign_secret_key_file(kp.secret_key, ""));
    dir.write("data", "catalogue bytes");

    // Our signature verifies with stock minisign -V.
    const std::string ours = minisign_sign(bytes(std::string("catalogue bytes")), kp.secret_key, "product=madoguchi version=9");
    dir.write("data.minisig", ours);
    CHECK(run("minisign -V -p " + dir.file("our.pub") + " -m " + dir.file("data")) == 0);
    // … and not once the data changes.
    dir.write("data", "catalogue bytes!");
    CHECK(run("minisign -V -p " + dir.file("our.pub") + " -m " + dir.file("data")) != 0);

    // Stock minisign signs with our (unencrypted) secret key; we verify it.
    dir.write("data", "catalogue bytes");
    REQUIRE(run("minisign -S -s " + dir.file("our.sec") + " -m " + dir.file("data") + " -t 'product=madoguchi version=10'") == 0);
    std::string err;
    const MinisignPublicKey trusted[] = {kp.public_key};
    auto v = verify_minisign(bytes(std::string("catalogue bytes")), slurp(dir.file("data.minisig")), trusted, &err);
    REQUIRE_MESSAGE(v, err);
    CHECK(v->trusted_comment == "product=madoguchi version=10");

    // A stock key pair (-W) parses, and signs as we expect.
    REQUIRE(run("minisign -G -W -f -p " + dir.file("stock.pub") + " -s " + dir.file("stock.sec")) == 0);
    auto sk = parse_minisign_secret_key(slurp(dir.file("stock.sec")), "", &err);
    REQUIRE_MESSAGE(sk, err);
    auto pk = parse_minisign_public_key(slurp(dir.file("stock.pub")), &err);
    REQUIRE(pk);
    CHECK(sk->key_id == pk->key_id);
    const MinisignPublicKey stock_trusted[] = {*pk};
    CHECK(verify_minisign(bytes(std::string("x")), minisign_sign(bytes(std::string("x")), *sk, "a=1"), stock_trusted, &err));
}

TEST_CASE("minisign: a password-protected secret key round-trips, and a wrong password is refused") {
    MinisignKeyPair kp = generate_minisign_keys();
    const std::string file = minisign_secret_key_file(kp.secret_key, "correct horse");
    std::string err;
    CHECK_FALSE(parse_minisign_secret_key(file, "", &err));
    CHECK(err == "this secret key is protected by a password; give it");
    CHECK_FALSE(parse_minisign_secret_key(file, "wrong", &err));
    CHECK(err == "wrong password for this secret key");
    auto sk = parse_minisign_secret_key(file, "correct horse", &err);
    REQUIRE_MESSAGE(sk, err);
    CHECK(sk->key == kp.secret_key.key);
    CHECK(sk->key_id == kp.secret_key.key_id);
}
