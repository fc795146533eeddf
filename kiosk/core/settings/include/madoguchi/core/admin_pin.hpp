// SPDX-License-Identifier: Apache-2.0
// admin_pin.hpp — the PIN in front of the kiosk's admin screen.
//
// The config keeps only an argon2id hash (libsodium crypto_pwhash_str, the
// "$argon2id$…" string), made with `madoguchi-bundle pin-hash`. Wrong PINs
// lock the gate for growing delays; the count lives in memory only (a restart
// clears it, which costs an attacker a visible reboot of a staffed kiosk).
//
// Nothing here logs or keeps a PIN: the functions take it as a view and copy
// it nowhere (libsodium reads it in place).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "madoguchi/base/invariant.hpp"

namespace madoguchi::core {

// A PIN is 6 to 12 ASCII digits, and not one of the first guesses anyone
// tries at a keypad: all one digit (000000, 1111111) or a straight run up or
// down, wrapping from 9 to 0 (123456, 987654, 890123). false + *why (plain
// words, never the PIN) otherwise.
bool admin_pin_acceptable(std::string_view pin, std::string* why);
// argon2id string for the config (libsodium's interactive cost: 64 MiB, 2
// passes). A fresh random salt each call, so two hashes of one PIN differ.
// Throws std::runtime_error if libsodium cannot start or allocate its memory.
std::string hash_admin_pin(std::string_view pin);
// Whether `stored` looks like an argon2id hash string this build can check:
// "$argon2id$v=19$m=…,t=…,p=1$<salt>$<hash>" as libsodium writes it (16-byte
// salt, 32-byte hash, shorter than crypto_pwhash_STRBYTES), decoded by
// libsodium itself, and no costlier than libsodium's "moderate" level
// (m ≤ 256 MiB, t ≤ 3), so one try cannot stall or exhaust a small kiosk PC.
bool admin_pin_hash_valid(std::string_view stored);
// Constant-time check by libsodium. false for a malformed hash (see above).
// Takes the hash's memory and time (about 64 MiB and a tenth of a second for
// hashes from hash_admin_pin): call it on a tap, not every frame.
bool verify_admin_pin(std::string_view stored, std::string_view pin);

struct PinGateOptions {
    int free_attempts = 0;        // wrong PINs before the first lock; 0 → 3
    double first_delay_s = 0;     // first lock; 0 → 30 s; doubles with each further wrong PIN
    double max_delay_s = 0;       // 0 → 3600 s
};

// Wrong-PIN lockout. Time is passed in (seconds, any monotonic clock).
//
// With the defaults: wrong PINs 1..3 are free; the 4th locks for 30 s, the 5th
// for 60 s, the 6th for 120 s, … up to 3600 s for each further one. A correct
// PIN resets the count. In general the n-th consecutive wrong PIN, n >
// free_attempts, locks for min(first_delay · 2^(n − free_attempts − 1), max_delay).
// A stored hash that is empty or not valid (admin_pin_hash_valid) means no PIN
// is configured: every try is no_pin_configured and nothing is counted.
// Not thread-safe; one gate per admin screen (try_pin checks it).
class PinGate {
public:
    explicit PinGate(std::string stored_hash, PinGateOptions options = {});
    enum class Result { accepted, wrong, locked, no_pin_configured };
    // While locked, the PIN is not even checked (Result::locked), and the try
    // does not count.
    Result try_pin(std::string_view pin, double now);
    // Seconds until another try is allowed (0 when not locked).
    double wait_seconds(double now) const;
    int consecutive_failures() const { return failures_; }

private:
    std::string hash_;
    PinGateOptions options_;
    int failures_ = 0;
    double locked_until_ = 0;
    check::OwnerThread owner_;
};

}  // namespace madoguchi::core
