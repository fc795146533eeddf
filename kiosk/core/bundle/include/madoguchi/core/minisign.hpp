// SPDX-License-Identifier: Apache-2.0
// minisign.hpp — verifying minisign signatures (https://jedisct1.github.io/minisign/)
// with libsodium, before anything parses a bundle's bytes.
//
// Only the prehashed form (`ED`: Ed25519 over BLAKE2b-512 of the file) is
// accepted; legacy `Ed` signatures (over the whole file) are refused, as the
// bundle format says. A signature counts only if its key id is one of the
// trusted keys, the file signature verifies, and the global signature over
// (signature ‖ trusted comment) verifies — so the trusted comment, which
// carries the bundle's version, cannot be altered.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi::core {

struct MinisignPublicKey {
    std::array<uint8_t, 8> key_id{};
    std::array<uint8_t, 32> key{};
    std::string key_id_hex() const;  // as minisign prints it (little-endian id, upper-case hex)
};

// Accepts a public key file's text (untrusted comment + base64 line) or the
// base64 line alone (as `minisign -P` takes it).
std::optional<MinisignPublicKey> parse_minisign_public_key(std::string_view text, std::string* error);

struct MinisignVerified {
    std::string trusted_comment;    // the text after "trusted comment: "
    std::array<uint8_t, 8> key_id{};
};

// Verifies `data` against the text of a .minisig file. nullopt + *error in
// plain words when anything is wrong.
std::optional<MinisignVerified> verify_minisign(std::span<const uint8_t> data, std::string_view minisig,
                                                std::span<const MinisignPublicKey> trusted, std::string* error);

// The BLAKE2b-512 a prehashed (`ED`) signature signs, fed in pieces. Why: the
// store hashes a bundle's catalogue while it streams it to disk, so that the
// bytes hashed are the bytes written and no second copy is held in memory.
using MinisignHash = std::array<uint8_t, 64>;
class MinisignHasher {
public:
    MinisignHasher();
    ~MinisignHasher();
    MinisignHasher(const MinisignHasher&) = delete;
    MinisignHasher& operator=(const MinisignHasher&) = delete;
    void update(std::span<const uint8_t> piece);
    MinisignHash finish();  // once; the hasher is spent afterwards

private:
    struct State;
    std::unique_ptr<State> state_;
};

// verify_minisign for a file hashed already (MinisignHasher): the same checks,
// the same words.
std::optional<MinisignVerified> verify_minisign_hashed(const MinisignHash& file_hash, std::string_view minisig,
                                                       std::span<const MinisignPublicKey> trusted, std::string* error);

// How many times verify_minisign (or verify_minisign_hashed) has run in this process (thread-safe). For
// the tests that hold the store and the loader to one signature check per
// bundle: hashing a large catalogue costs a noticeable part of a second.
uint64_t minisign_verifications();

// --- keys and signing (the admin tool) --------------------------------------
// Files in minisign's own formats, so the stock tool signs with our keys and
// verifies our signatures, and the other way round.

struct MinisignSecretKey {
    std::array<uint8_t, 8> key_id{};
    std::array<uint8_t, 64> key{};  // libsodium Ed25519 secret key (seed ‖ public key)
    ~MinisignSecretKey();           // overwrites the key
};

struct MinisignKeyPair {
    MinisignPublicKey public_key;
    MinisignSecretKey secret_key;
};

MinisignKeyPair generate_minisign_keys();
std::string minisign_public_key_file(const MinisignPublicKey& key);
// Empty password: stored unencrypted (like `minisign -G -W`); otherwise
// encrypted with scrypt as minisign does.
std::string minisign_secret_key_file(const MinisignSecretKey& key, std::string_view password);
std::optional<MinisignSecretKey> parse_minisign_secret_key(std::string_view text, std::string_view password, std::string* error);
// The text of a .minisig file: prehashed (ED) signature and global signature.
std::string minisign_sign(std::span<const uint8_t> data, const MinisignSecretKey& key, std::string_view trusted_comment);

// "product=madoguchi schema=1 version=7 publisher=Osaka%20Pref" → key → value
// (values percent-decoded). nullopt + *error for a malformed pair or a repeated key.
std::optional<std::map<std::string, std::string>> parse_trusted_comment(std::string_view comment, std::string* error);

}  // namespace madoguchi::core
