// SPDX-License-Identifier: Apache-2.0
// admin_pin.cpp — see admin_pin.hpp.
//
// Index
//   - libsodium start, cost           why "interactive"
//   - admin_pin_acceptable           what a PIN must be
//   - hash / valid / verify          the argon2id string
//   - PinGate                        wrong-PIN lockout
#include "madoguchi/core/admin_pin.hpp"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace madoguchi::core {
namespace {

// sodium_init() is safe to call more than once, but it only needs to succeed
// once; the same pattern as minisign.cpp (a function-local static is
// initialized once, thread-safely).
bool init_sodium() {
    static const bool ok = sodium_init() >= 0;
    return ok;
}

// Why libsodium's "interactive" cost (64 MiB, 2 passes): the PIN is checked on
// the kiosk itself, a small fanless PC that is also drawing the screen, and
// the staff member is standing at it waiting. Interactive takes about a tenth
// of a second there and leaves memory for the kiosk. At the keypad it is
// PinGate's lockout, not the hash, that limits guessing (a handful of tries an
// hour); the hash only keeps the PIN out of sight of whoever reads the config
// and slows down an offline search of a stolen one (10^6 six-digit PINs cost
// about a day of one core — docs/config.md says to keep the file private).
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// The costliest stored hash we agree to check: libsodium's "moderate" level
// (256 MiB, 3 passes, about a second). Anything above would freeze the admin
// screen on each try, or fail to allocate on a small PC.
constexpr unsigned long long kMaxOps = crypto_pwhash_OPSLIMIT_MODERATE;
constexpr unsigned long long kMaxMemKiB = crypto_pwhash_MEMLIMIT_MODERATE / 1024;
constexpr unsigned long long kMinMemKiB = crypto_pwhash_argon2id_MEMLIMIT_MIN / 1024;

constexpr std::string_view kPrefix = crypto_pwhash_argon2id_STRPREFIX;  // "$argon2id$"
// libsodium's strings carry a 16-byte salt and a 32-byte hash, as unpadded
// standard base64: 22 and 43 characters.
constexpr size_t kSaltChars = 22;
constexpr size_t kHashChars = 43;

constexpr size_t kMinPinDigits = 6;
constexpr size_t kMaxPinDigits = 12;

bool is_b64(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Reads "<name>=<decimal>" at the front of `s` (no sign, no leading zero, at
// most 10 digits) and removes it.
bool take_number(std::string_view& s, std::string_view name, unsigned long long& out) {
    if (s.substr(0, name.size()) != name) return false;
    s.remove_prefix(name.size());
    size_t n = 0;
    while (n < s.size() && n <= 10 && s[n] >= '0' && s[n] <= '9') ++n;
    if (n == 0 || n > 10 || (n > 1 && s[0] == '0')) return false;
    out = 0;
    for (size_t i = 0; i < n; ++i) out = out * 10 + static_cast<unsigned>(s[i] - '0');
    s.remove_prefix(n);
    return true;
}

bool take(std::string_view& s, std::string_view lit) {
    if (s.substr(0, lit.size()) != lit) return false;
    s.remove_prefix(lit.size());
    return true;
}

bool take_b64(std::string_view& s, size_t chars) {
    if (s.size() < chars) return false;
    for (size_t i = 0; i < chars; ++i)
        if (!is_b64(s[i])) return false;
    s.remove_prefix(chars);
    return true;
}

// `stored` copied into the fixed, NUL-terminated buffer libsodium's string
// functions read (they take `const char[crypto_pwhash_STRBYTES]`).
struct HashBuffer {
    char text[crypto_pwhash_STRBYTES] = {};
    explicit HashBuffer(std::string_view s) { std::memcpy(text, s.data(), std::min(s.size(), sizeof text - 1)); }
};

}  // namespace

// ---------------------------------------------------------------------------
// admin_pin_acceptable
// ---------------------------------------------------------------------------

bool admin_pin_acceptable(std::string_view pin, std::string* why) {
    auto refuse = [&](std::string message) {
        if (why) *why = std::move(message);
        return false;
    };
    if (pin.empty()) return refuse("the PIN is empty; it must be 6 to 12 digits");
    for (char c : pin)
        if (c < '0' || c > '9') return refuse("the PIN must be digits only (0-9), 6 to 12 of them");
    if (pin.size() < kMinPinDigits)
        return refuse("the PIN has " + std::to_string(pin.size()) + " digits; it must have at least 6");
    if (pin.size() > kMaxPinDigits)
        return refuse("the PIN has " + std::to_string(pin.size()) + " digits; it must have at most 12");
    // The guesses anyone tries first at a keypad. With three free tries before
    // the lockout starts, these are the PINs that would actually fall.
    bool same = true, up = true, down = true;
    for (size_t i = 1; i < pin.size(); ++i) {
        const int prev = pin[i - 1] - '0', cur = pin[i] - '0';
        same = same && cur == prev;
        up = up && cur == (prev + 1) % 10;
        down = down && cur == (prev + 9) % 10;
    }
    if (same) return refuse("the PIN is one digit repeated, among the first guesses anyone tries; choose another");
    if (up || down) return refuse("the PIN is a run of consecutive digits, among the first guesses anyone tries; choose another");
    if (why) why->clear();
    return true;
}

// ---------------------------------------------------------------------------
// The argon2id string
// ---------------------------------------------------------------------------

std::string hash_admin_pin(std::string_view pin) {
    if (!init_sodium()) throw std::runtime_error("the cryptography library (libsodium) could not start");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), kOpsLimit, kMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("not enough memory to hash the PIN (argon2id needs 64 MiB)");
    return std::string(out);
}

bool admin_pin_hash_valid(std::string_view stored) {
    // Room for the terminating NUL in libsodium's buffer, and no NUL inside
    // (a C string would end there and checking would see another hash).
    if (stored.size() >= crypto_pwhash_STRBYTES || stored.find('\0') != std::string_view::npos) return false;
    std::string_view s = stored;
    unsigned long long version = 0, m = 0, t = 0, p = 0;
    if (!take(s, kPrefix) || !take_number(s, "v=", version) || version != 19 || !take(s, "$") ||
        !take_number(s, "m=", m) || !take_number(s, ",t=", t) || !take_number(s, ",p=", p) || !take(s, "$") ||
        !take_b64(s, kSaltChars) || !take(s, "$") || !take_b64(s, kHashChars) || !s.empty())
        return false;
    // libsodium writes p=1 and (1.0.18) refuses to check anything else.
    if (p != 1 || t < 1 || t > kMaxOps || m < kMinMemKiB || m > kMaxMemKiB) return false;
    // The last word is libsodium's own decoder (it also refuses base64 with
    // stray low bits): -1 means it could not read the string.
    if (!init_sodium()) return false;
    HashBuffer buf(stored);
    return crypto_pwhash_str_needs_rehash(buf.text, kOpsLimit, kMemLimit) != -1;
}

bool verify_admin_pin(std::string_view stored, std::string_view pin) {
    if (!admin_pin_hash_valid(stored) || !init_sodium()) return false;
    HashBuffer buf(stored);
    return crypto_pwhash_str_verify(buf.text, pin.data(), pin.size()) == 0;
}

// ---------------------------------------------------------------------------
// PinGate
// ---------------------------------------------------------------------------

namespace {
PinGateOptions with_defaults(PinGateOptions o) {
    // The zero value is the default; a negative or NaN value is taken as zero.
    if (!(o.free_attempts > 0)) o.free_attempts = 3;
    if (!(o.first_delay_s > 0)) o.first_delay_s = 30;
    if (!(o.max_delay_s > 0)) o.max_delay_s = 3600;
    o.first_delay_s = std::min(o.first_delay_s, o.max_delay_s);
    return o;
}
}  // namespace

PinGate::PinGate(std::string stored_hash, PinGateOptions options)
    : hash_(admin_pin_hash_valid(stored_hash) ? std::move(stored_hash) : std::string()),
      options_(with_defaults(options)) {}

PinGate::Result PinGate::try_pin(std::string_view pin, double now) {
    owner_.check("PinGate: one gate per admin screen, used from its thread only");
    if (hash_.empty()) return Result::no_pin_configured;
    if (now < locked_until_) return Result::locked;
    if (verify_admin_pin(hash_, pin)) {
        failures_ = 0;
        locked_until_ = 0;
        return Result::accepted;
    }
    if (failures_ < 1'000'000) ++failures_;  // no overflow however long someone taps
    const int over = failures_ - options_.free_attempts;  // 1 for the first locking PIN
    if (over > 0) {
        // first · 2^(over-1), capped; the exponent is capped first so the
        // power cannot overflow to inf.
        const double delay = std::min(std::ldexp(options_.first_delay_s, std::min(over - 1, 62)), options_.max_delay_s);
        locked_until_ = now + delay;
    }
    return Result::wrong;
}

double PinGate::wait_seconds(double now) const { return now < locked_until_ ? locked_until_ - now : 0.0; }

}  // namespace madoguchi::core
