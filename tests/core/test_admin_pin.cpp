// SPDX-License-Identifier: Apache-2.0
// test_admin_pin.cpp — the admin PIN (admin_pin.hpp): which PINs are
// acceptable (exact reasons), hashing and checking with libsodium's argon2id,
// which stored strings count as hashes, and the wrong-PIN lockout of PinGate
// with its exact delays as (passed-in) time goes by.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "madoguchi/core/admin_pin.hpp"

using namespace madoguchi::core;

namespace {

// Made once with libsodium 1.0.18, crypto_pwhash_str_alg(…, "482913", …,
// ALG_ARGON2ID13): hashes written by earlier builds must keep opening the gate.
// kFastHash has libsodium's minimum cost (8 KiB, 1 pass) so the lockout tests
// below run quickly; kInteractiveHash has the cost hash_admin_pin uses.
const std::string kPin = "482913";
const std::string kFastHash = "$argon2id$v=19$m=8,t=1,p=1$oEDv8kMGXXdOqy47klDAyw$NWU5tNTULZ2D1ItJ2hRKh9TsKa4wSU1KrwQDS3u/Spg";
const std::string kInteractiveHash =
    "$argon2id$v=19$m=65536,t=2,p=1$CWZ5xgmm6IZJrt+FCOe8Ng$+x6Ortkn/foqCsRPC+dpmabgJA3Pl0FeqczuXhZT9tg";

// A string libsodium can decode (made-up salt and hash of the right lengths),
// with the cost parameters spliced in.
std::string shaped(const std::string& params) {
    return "$argon2id$v=19$" + params + "$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
}

}  // namespace

TEST_CASE("admin pin: which PINs are acceptable, and why not") {
    struct Row {
        std::string pin;
        bool ok;
        std::string why;
    };
    const std::vector<Row> rows = {
        {"482913", true, ""},
        {"905172", true, ""},
        {"000001", true, ""},
        {"135790", true, ""},
        {"123457", true, ""},  // almost a run is not a run
        {"112233", true, ""},
        {"482913048291", true, ""},  // 12 digits
        {"", false, "the PIN is empty; it must be 6 to 12 digits"},
        {"4829", false, "the PIN has 4 digits; it must have at least 6"},
        {"48291", false, "the PIN has 5 digits; it must have at least 6"},
        {"4829130482913", false, "the PIN has 13 digits; it must have at most 12"},
        {"48291a", false, "the PIN must be digits only (0-9), 6 to 12 of them"},
        {"482 913", false, "the PIN must be digits only (0-9), 6 to 12 of them"},
        {"482913\n", false, "the PIN must be digits only (0-9), 6 to 12 of them"},
        {"４８２９１３", false, "the PIN must be digits only (0-9), 6 to 12 of them"},  // full-width digits
        {"-48291", false, "the PIN must be digits only (0-9), 6 to 12 of them"},
        {std::string("4829\0" "13", 7), false, "the PIN must be digits only (0-9), 6 to 12 of them"},
        {"000000", false, "the PIN is one digit repeated, among the first guesses anyone tries; choose another"},
        {"7777777777", false, "the PIN is one digit repeated, among the first guesses anyone tries; choose another"},
        {"123456", false, "the PIN is a run of consecutive digits, among the first guesses anyone tries; choose another"},
        {"987654", false, "the PIN is a run of consecutive digits, among the first guesses anyone tries; choose another"},
        {"890123", false, "the PIN is a run of consecutive digits, among the first guesses anyone tries; choose another"},
        {"210987", false, "the PIN is a run of consecutive digits, among the first guesses anyone tries; choose another"},
        {"012345678901", false, "the PIN is a run of consecutive digits, among the first guesses anyone tries; choose another"},
    };
    for (const Row& r : rows) {
        CAPTURE(r.pin);
        std::string why = "left over";
        CHECK(admin_pin_acceptable(r.pin, &why) == r.ok);
        CHECK(why == r.why);
        CHECK(admin_pin_acceptable(r.pin, nullptr) == r.ok);  // why is optional
    }
}

TEST_CASE("admin pin: hash and verify round trip; a wrong PIN does not verify") {
    const std::string h = hash_admin_pin(kPin);
    CHECK(h.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);  // libsodium's interactive cost
    CHECK(h.find(kPin) == std::string::npos);
    CHECK(admin_pin_hash_valid(h));
    CHECK(verify_admin_pin(h, kPin));
    for (const std::string wrong : {"482914", "4829130", "48291", "", "482913 ", " 482913", "\xEF\xBC\x94" "82913"}) {
        CAPTURE(wrong);
        CHECK_FALSE(verify_admin_pin(h, wrong));
    }
    // The PIN is taken by length, not up to a NUL.
    CHECK_FALSE(verify_admin_pin(h, std::string_view("482913\0" "99", 9)));
}

TEST_CASE("admin pin: two hashes of one PIN differ (random salt) and both verify") {
    const std::string a = hash_admin_pin(kPin), b = hash_admin_pin(kPin);
    CHECK(a != b);
    CHECK(a.substr(0, 31) == b.substr(0, 31));  // same algorithm and cost…
    CHECK(a.substr(31, 22) != b.substr(31, 22));  // …another salt
    CHECK(verify_admin_pin(a, kPin));
    CHECK(verify_admin_pin(b, kPin));
}

TEST_CASE("admin pin: hashes made once by libsodium still verify") {
    CHECK(admin_pin_hash_valid(kFastHash));
    CHECK(admin_pin_hash_valid(kInteractiveHash));
    CHECK(verify_admin_pin(kFastHash, kPin));
    CHECK(verify_admin_pin(kInteractiveHash, kPin));
    CHECK_FALSE(verify_admin_pin(kFastHash, "482914"));
    CHECK_FALSE(verify_admin_pin(kInteractiveHash, "482914"));
}

TEST_CASE("admin pin: malformed or unacceptable hash strings are refused and never verify") {
    CHECK(admin_pin_hash_valid(shaped("m=8,t=1,p=1")));           // libsodium's minimum cost
    CHECK(admin_pin_hash_valid(shaped("m=262144,t=3,p=1")));      // "moderate": the costliest accepted
    std::string long_hash = kFastHash;
    long_hash.insert(long_hash.find("m=8") + 3, "0000000");  // m=80000000: 80 GB

    const std::vector<std::string> bad = {
        "",
        kPin,                                                    // the PIN itself, not a hash
        "$argon2id$",
        kFastHash.substr(0, kFastHash.size() - 1),               // hash cut short
        kFastHash + "A",                                         // hash too long
        kFastHash + "\n",
        kFastHash + " ",
        " " + kFastHash,
        kFastHash + "=",                                         // base64 padding
        std::string(kFastHash).insert(20, 1, '\0'),              // NUL inside
        "$ARGON2ID$" + kFastHash.substr(10),                     // the prefix is case-sensitive
        "$argon2i$" + kFastHash.substr(10),                      // argon2i, not argon2id
        "$argon2d$" + kFastHash.substr(10),
        "$2y$10$abcdefghijklmnopqrstuuJ1h3Yq3mZ5x8o8nWg0v8b7p1W2e4W6",  // bcrypt
        "$7$C6..../....SodiumChloride$kBGj9fHznVYFQMEn/qDCfrDevf9YDtcDdKvEqHJLV8D",  // scrypt
        shaped("m=8,t=1,p=2"),                                   // libsodium checks p=1 only
        shaped("m=08,t=1,p=1"),                                  // leading zero
        shaped("m=4,t=1,p=1"),                                   // below argon2's minimum memory
        shaped("m=8,t=0,p=1"),
        shaped("m=262145,t=3,p=1"),                              // more memory than "moderate"
        shaped("m=65536,t=4,p=1"),                               // more passes than "moderate"
        shaped("m=65536,t=99999999999,p=1"),                     // number too long
        shaped("m=65536,p=1,t=2"),                               // parameters out of order
        shaped("m=-8,t=1,p=1"),
        "$argon2id$v=16$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",  // old version
        "$argon2id$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",       // no version
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",                  // short salt
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2Fsd*$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",  // not base64
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2h",  // stray low bits
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA",                                              // no hash
        long_hash,
        std::string(127, 'a'),
        "$argon2id$" + std::string(200, 'A'),                    // ≥ crypto_pwhash_STRBYTES
    };
    for (const std::string& s : bad) {
        CAPTURE(s);
        CHECK_FALSE(admin_pin_hash_valid(s));
        CHECK_FALSE(verify_admin_pin(s, kPin));
    }
}

TEST_CASE("admin pin: PinGate locks after the free attempts, doubling up to the cap, as time passes") {
    PinGate gate(kFastHash, {.free_attempts = 2, .first_delay_s = 10, .max_delay_s = 35});
    using R = PinGate::Result;
    CHECK(gate.wait_seconds(0) == 0);

    // Two free wrong PINs: no lock.
    CHECK(gate.try_pin("111111", 100) == R::wrong);
    CHECK(gate.consecutive_failures() == 1);
    CHECK(gate.wait_seconds(100) == 0);
    CHECK(gate.try_pin("222222", 100) == R::wrong);
    CHECK(gate.consecutive_failures() == 2);
    CHECK(gate.wait_seconds(100) == 0);

    // The third wrong PIN locks for first_delay.
    CHECK(gate.try_pin("333333", 100) == R::wrong);
    CHECK(gate.consecutive_failures() == 3);
    CHECK(gate.wait_seconds(100) == 10);
    CHECK(gate.wait_seconds(104) == 6);

    // While locked even the right PIN is not checked, and the try is not counted.
    CHECK(gate.try_pin(kPin, 104) == R::locked);
    CHECK(gate.try_pin("444444", 109.5) == R::locked);
    CHECK(gate.consecutive_failures() == 3);
    CHECK(gate.wait_seconds(109.5) == 0.5);

    // At the end of the lock a wrong PIN locks twice as long, then four times,
    // then the cap.
    CHECK(gate.wait_seconds(110) == 0);
    CHECK(gate.try_pin("444444", 110) == R::wrong);
    CHECK(gate.wait_seconds(110) == 20);
    CHECK(gate.try_pin("555555", 130) == R::wrong);
    CHECK(gate.wait_seconds(130) == 35);  // 40, capped at 35
    CHECK(gate.try_pin("666666", 165) == R::wrong);
    CHECK(gate.wait_seconds(165) == 35);
    CHECK(gate.consecutive_failures() == 6);

    // The right PIN after the lock opens the gate and resets everything.
    CHECK(gate.try_pin(kPin, 199.9) == R::locked);
    CHECK(gate.try_pin(kPin, 200) == R::accepted);
    CHECK(gate.consecutive_failures() == 0);
    CHECK(gate.wait_seconds(200) == 0);

    // Free attempts again.
    CHECK(gate.try_pin("111111", 201) == R::wrong);
    CHECK(gate.try_pin("111111", 201) == R::wrong);
    CHECK(gate.wait_seconds(201) == 0);
    CHECK(gate.try_pin(kPin, 201) == R::accepted);
}

TEST_CASE("admin pin: PinGate defaults are 3 free wrong PINs, then 30 s doubling up to an hour") {
    PinGate gate(kFastHash);
    using R = PinGate::Result;
    double now = 1000;
    for (int i = 1; i <= 3; ++i) {
        CAPTURE(i);
        CHECK(gate.try_pin("000001", now) == R::wrong);
        CHECK(gate.wait_seconds(now) == 0);
    }
    const double expected[] = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
    for (double delay : expected) {
        CAPTURE(delay);
        CHECK(gate.try_pin("000001", now) == R::wrong);
        CHECK(gate.wait_seconds(now) == delay);
        CHECK(gate.try_pin(kPin, now + delay - 0.01) == R::locked);
        now += delay;
    }
    CHECK(gate.consecutive_failures() == 13);
    CHECK(gate.try_pin(kPin, now) == R::accepted);
    CHECK(gate.consecutive_failures() == 0);
}

TEST_CASE("admin pin: PinGate options: zero and nonsense values are the defaults") {
    using R = PinGate::Result;
    PinGate gate(kFastHash, {.free_attempts = -1, .first_delay_s = -5, .max_delay_s = 0});
    for (int i = 0; i < 3; ++i) CHECK(gate.try_pin("000001", 0) == R::wrong);
    CHECK(gate.wait_seconds(0) == 0);
    CHECK(gate.try_pin("000001", 0) == R::wrong);
    CHECK(gate.wait_seconds(0) == 30);

    // A first delay above the cap is the cap.
    PinGate capped(kFastHash, {.free_attempts = 1, .first_delay_s = 100, .max_delay_s = 50});
    CHECK(capped.try_pin("000001", 0) == R::wrong);
    CHECK(capped.try_pin("000001", 0) == R::wrong);
    CHECK(capped.wait_seconds(0) == 50);
}

TEST_CASE("admin pin: PinGate without a usable hash has no PIN to accept and counts nothing") {
    using R = PinGate::Result;
    for (const std::string& stored : {std::string(), std::string("482913"), shaped("m=8,t=1,p=2")}) {
        CAPTURE(stored);
        PinGate gate(stored);
        for (int i = 0; i < 6; ++i) CHECK(gate.try_pin(kPin, i) == R::no_pin_configured);
        CHECK(gate.try_pin("", 0) == R::no_pin_configured);
        CHECK(gate.consecutive_failures() == 0);
        CHECK(gate.wait_seconds(0) == 0);
    }
}

TEST_CASE("admin pin: PinGate with a hash from hash_admin_pin") {
    PinGate gate(hash_admin_pin("905172"));
    CHECK(gate.try_pin("905173", 0) == PinGate::Result::wrong);
    CHECK(gate.try_pin("905172", 0) == PinGate::Result::accepted);
}
