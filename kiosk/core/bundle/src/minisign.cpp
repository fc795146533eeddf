// SPDX-License-Identifier: Apache-2.0
// minisign.cpp — see minisign.hpp. Formats (minisign's own documentation):
//   public key line:  base64( "Ed" ‖ key id (8) ‖ Ed25519 public key (32) )
//   .minisig:  "untrusted comment: …" / base64( "ED" ‖ key id (8) ‖ signature (64) ) /
//              "trusted comment: …"   / base64( global signature (64) )
//   signature        = Ed25519( BLAKE2b-512(file) )
//   global signature = Ed25519( signature ‖ trusted comment )
#include "madoguchi/core/minisign.hpp"

#include <atomic>

#include <sodium.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace madoguchi::core {
namespace {

bool init_sodium() {
    static const bool ok = sodium_init() >= 0;
    return ok;
}

std::optional<std::vector<uint8_t>> base64(std::string_view s, size_t max_bytes) {
    // libsodium 1.0.18 reads any byte 0x80-0xFF as '/'; the stock minisign
    // refuses such lines, and so do we (found by tests/fuzz).
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
        if (!ok) return std::nullopt;
    }
    std::vector<uint8_t> out(max_bytes + 1);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), s.data(), s.size(), nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != s.data() + s.size())
        return std::nullopt;
    out.resize(len);
    return out;
}

// Splits into lines, accepting LF or CRLF.
std::vector<std::string_view> lines_of(std::string_view s) {
    std::vector<std::string_view> v;
    size_t start = 0;
    while (start < s.size()) {
        size_t nl = s.find('\n', start);
        if (nl == std::string_view::npos) nl = s.size();
        std::string_view line = s.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        v.push_back(line);
        start = nl + 1;
    }
    return v;
}

std::string hex_id(const std::array<uint8_t, 8>& id) {
    std::string s;
    char buf[4];
    for (int i = 7; i >= 0; --i) {  // minisign prints the id as a little-endian 64-bit number
        std::snprintf(buf, sizeof buf, "%02X", id[static_cast<size_t>(i)]);
        s += buf;
    }
    return s;
}

}  // namespace

std::string MinisignPublicKey::key_id_hex() const { return hex_id(key_id); }

MinisignSecretKey::~MinisignSecretKey() { sodium_memzero(key.data(), key.size()); }

namespace {

std::string to_base64(const uint8_t* data, size_t len) {
    std::string out(sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, len, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

void put_le64(uint8_t* p, uint64_t v) {
    for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t get_le64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

// Secret key blob (158 bytes): "Ed" ‖ kdf ("Sc" or 00 00) ‖ "B2" ‖ salt (32) ‖
// opslimit (8, LE) ‖ memlimit (8, LE) ‖ [key id (8) ‖ secret key (64) ‖ checksum (32)],
// the bracket XORed with an scrypt stream when encrypted.
constexpr size_t kSecretBlob = 158, kKeynumSk = 104;

bool scrypt_stream(uint8_t* out, std::string_view password, const uint8_t* salt, uint64_t ops, uint64_t mem) {
    return crypto_pwhash_scryptsalsa208sha256(out, kKeynumSk, password.data(), password.size(), salt, ops, static_cast<size_t>(mem)) == 0;
}

void checksum(uint8_t out[32], const uint8_t alg[2], const uint8_t id[8], const uint8_t sk[64]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    crypto_generichash_update(&st, alg, 2);
    crypto_generichash_update(&st, id, 8);
    crypto_generichash_update(&st, sk, 64);
    crypto_generichash_final(&st, out, 32);
}

}  // namespace

MinisignKeyPair generate_minisign_keys() {
    init_sodium();
    MinisignKeyPair kp;
    crypto_sign_keypair(kp.public_key.key.data(), kp.secret_key.key.data());
    randombytes_buf(kp.secret_key.key_id.data(), kp.secret_key.key_id.size());
    kp.public_key.key_id = kp.secret_key.key_id;
    return kp;
}

std::string minisign_public_key_file(const MinisignPublicKey& key) {
    uint8_t blob[42] = {'E', 'd'};
    std::copy(key.key_id.begin(), key.key_id.end(), blob + 2);
    std::copy(key.key.begin(), key.key.end(), blob + 10);
    return "untrusted comment: minisign public key " + key.key_id_hex() + "\n" + to_base64(blob, sizeof blob) + "\n";
}

std::string minisign_secret_key_file(const MinisignSecretKey& key, std::string_view password) {
    init_sodium();
    uint8_t blob[kSecretBlob] = {'E', 'd', 0, 0, 'B', '2'};
    uint8_t* keynum = blob + 54;
    std::copy(key.key_id.begin(), key.key_id.end(), keynum);
    std::copy(key.key.begin(), key.key.end(), keynum + 8);
    checksum(keynum + 72, blob, key.key_id.data(), key.key.data());
    if (!password.empty()) {
        blob[2] = 'S';
        blob[3] = 'c';
        randombytes_buf(blob + 6, 32);
        const uint64_t ops = crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE;
        const uint64_t mem = crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE;
        put_le64(blob + 38, ops);
        put_le64(blob + 46, mem);
        uint8_t stream[kKeynumSk];
        scrypt_stream(stream, password, blob + 6, ops, mem);
        for (size_t i = 0; i < kKeynumSk; ++i) keynum[i] ^= stream[i];
        sodium_memzero(stream, sizeof stream);
    }
    std::string text = "untrusted comment: minisign encrypted secret key\n" + to_base64(blob, sizeof blob) + "\n";
    sodium_memzero(blob, sizeof blob);
    return text;
}

std::optional<MinisignSecretKey> parse_minisign_secret_key(std::string_view text, std::string_view password, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<MinisignSecretKey> {
        if (error) *error = why;
        return std::nullopt;
    };
    if (!init_sodium()) return fail("the cryptography library could not start");
    const auto lines = lines_of(text);
    if (lines.size() < 2) return fail("not a minisign secret key file");
    auto blob = base64(lines[1], kSecretBlob);
    if (!blob || blob->size() != kSecretBlob) return fail("not a minisign secret key (bad base64 or wrong length)");
    uint8_t* b = blob->data();
    if (b[0] != 'E' || b[1] != 'd' || b[4] != 'B' || b[5] != '2') return fail("not an Ed25519 minisign secret key");
    uint8_t* keynum = b + 54;
    const bool encrypted = b[2] == 'S' && b[3] == 'c';
    if (!encrypted && (b[2] != 0 || b[3] != 0)) return fail("unknown key encryption");
    if (encrypted) {
        if (password.empty()) return fail("this secret key is protected by a password; give it");
        const uint64_t ops = get_le64(b + 38), mem = get_le64(b + 46);
        if (mem > (uint64_t{4} << 30)) return fail("the key asks for more than 4 GiB to decrypt; refusing");
        uint8_t stream[kKeynumSk];
        if (!scrypt_stream(stream, password, b + 6, ops, mem)) return fail("could not derive the key from the password (out of memory?)");
        for (size_t i = 0; i < kKeynumSk; ++i) keynum[i] ^= stream[i];
        sodium_memzero(stream, sizeof stream);
    }
    uint8_t chk[32];
    checksum(chk, b, keynum, keynum + 8);
    const bool zero_chk = sodium_is_zero(keynum + 72, 32);  // `minisign -W` leaves it empty
    if (sodium_memcmp(chk, keynum + 72, 32) != 0 && !(zero_chk && !encrypted)) {
        sodium_memzero(b, kSecretBlob);
        return fail(encrypted ? "wrong password for this secret key" : "the secret key is damaged (checksum mismatch)");
    }
    MinisignSecretKey k;
    std::copy(keynum, keynum + 8, k.key_id.begin());
    std::copy(keynum + 8, keynum + 72, k.key.begin());
    sodium_memzero(b, kSecretBlob);
    return k;
}

std::string minisign_sign(std::span<const uint8_t> data, const MinisignSecretKey& key, std::string_view trusted_comment) {
    init_sodium();
    uint8_t hash[crypto_generichash_BYTES_MAX];
    crypto_generichash(hash, sizeof hash, data.data(), data.size(), nullptr, 0);
    uint8_t sig[74] = {'E', 'D'};
    std::copy(key.key_id.begin(), key.key_id.end(), sig + 2);
    crypto_sign_detached(sig + 10, nullptr, hash, sizeof hash, key.key.data());
    std::vector<uint8_t> signed_part(sig + 10, sig + 74);
    signed_part.insert(signed_part.end(), trusted_comment.begin(), trusted_comment.end());
    uint8_t global[64];
    crypto_sign_detached(global, nullptr, signed_part.data(), signed_part.size(), key.key.data());
    return "untrusted comment: signature from madoguchi-bundle secret key\n" + to_base64(sig, sizeof sig) + "\ntrusted comment: " +
           std::string(trusted_comment) + "\n" + to_base64(global, sizeof global) + "\n";
}

std::optional<MinisignPublicKey> parse_minisign_public_key(std::string_view text, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<MinisignPublicKey> {
        if (error) *error = why;
        return std::nullopt;
    };
    std::string_view line;
    for (std::string_view l : lines_of(text)) {
        if (l.empty() || l.rfind("untrusted comment:", 0) == 0) continue;
        line = l;
        break;
    }
    if (line.empty()) return fail("no public key in it (expected the base64 line minisign writes)");
    if (line.size() > 200) return fail("the public key line is too long to be a minisign key");
    auto bin = base64(line, 42);
    if (!bin || bin->size() != 42) return fail("not a minisign public key (bad base64 or wrong length)");
    if ((*bin)[0] != 'E' || (*bin)[1] != 'd') return fail("not an Ed25519 minisign public key");
    MinisignPublicKey k;
    std::copy(bin->begin() + 2, bin->begin() + 10, k.key_id.begin());
    std::copy(bin->begin() + 10, bin->end(), k.key.begin());
    return k;
}

namespace {
std::atomic<uint64_t> g_verifications{0};
}  // namespace

uint64_t minisign_verifications() { return g_verifications.load(); }

struct MinisignHasher::State {
    crypto_generichash_state st;
};

MinisignHasher::MinisignHasher() : state_(std::make_unique<State>()) {
    init_sodium();
    crypto_generichash_init(&state_->st, nullptr, 0, crypto_generichash_BYTES_MAX);
}

MinisignHasher::~MinisignHasher() = default;

void MinisignHasher::update(std::span<const uint8_t> piece) { crypto_generichash_update(&state_->st, piece.data(), piece.size()); }

MinisignHash MinisignHasher::finish() {
    static_assert(std::tuple_size_v<MinisignHash> == crypto_generichash_BYTES_MAX);
    MinisignHash h{};
    crypto_generichash_final(&state_->st, h.data(), h.size());
    return h;
}

std::optional<MinisignVerified> verify_minisign(std::span<const uint8_t> data, std::string_view minisig,
                                                std::span<const MinisignPublicKey> trusted, std::string* error) {
    MinisignHasher hasher;
    hasher.update(data);
    return verify_minisign_hashed(hasher.finish(), minisig, trusted, error);
}

std::optional<MinisignVerified> verify_minisign_hashed(const MinisignHash& hash, std::string_view minisig,
                                                       std::span<const MinisignPublicKey> trusted, std::string* error) {
    ++g_verifications;
    auto fail = [&](const std::string& why) -> std::optional<MinisignVerified> {
        if (error) *error = why;
        return std::nullopt;
    };
    if (!init_sodium()) return fail("the cryptography library could not start");
    if (minisig.size() > 4096) return fail("the signature file is too large to be a minisign signature");
    const auto lines = lines_of(minisig);
    if (lines.size() < 4) return fail("the signature file is incomplete (a minisign signature has four lines)");
    if (lines[0].rfind("untrusted comment:", 0) != 0) return fail("the signature file does not start with \"untrusted comment:\"");
    const std::string_view tc_prefix = "trusted comment: ";
    if (lines[2].rfind(tc_prefix, 0) != 0) return fail("the signature has no trusted comment (line 3 must start with \"trusted comment: \")");
    for (size_t i = 4; i < lines.size(); ++i)
        if (!lines[i].empty()) return fail("the signature file has extra lines after the global signature");

    auto sig = base64(lines[1], 74);
    if (!sig || sig->size() != 74) return fail("the signature line is not valid (bad base64 or wrong length)");
    if ((*sig)[0] == 'E' && (*sig)[1] == 'd')
        return fail("legacy signature (\"Ed\"): sign again with a current minisign, which signs a hash of the file (\"ED\")");
    if ((*sig)[0] != 'E' || (*sig)[1] != 'D') return fail("unknown signature algorithm");
    std::array<uint8_t, 8> key_id{};
    std::copy(sig->begin() + 2, sig->begin() + 10, key_id.begin());
    const MinisignPublicKey* key = nullptr;
    for (const auto& k : trusted)
        if (k.key_id == key_id) key = &k;
    if (!key) return fail("signed with key " + hex_id(key_id) + ", which this kiosk does not trust");

    if (crypto_sign_verify_detached(sig->data() + 10, hash.data(), hash.size(), key->key.data()) != 0)
        return fail("the signature does not match the catalogue (the file was changed or damaged after signing)");

    const std::string_view comment = lines[2].substr(tc_prefix.size());
    auto global = base64(lines[3], 64);
    if (!global || global->size() != 64) return fail("the global signature line is not valid (bad base64 or wrong length)");
    std::vector<uint8_t> signed_part(sig->begin() + 10, sig->end());
    signed_part.insert(signed_part.end(), comment.begin(), comment.end());
    if (crypto_sign_verify_detached(global->data(), signed_part.data(), signed_part.size(), key->key.data()) != 0)
        return fail("the trusted comment was changed after signing");
    return MinisignVerified{std::string(comment), key_id};
}

std::optional<std::map<std::string, std::string>> parse_trusted_comment(std::string_view c, std::string* error) {
    std::map<std::string, std::string> out;
    auto fail = [&](const std::string& why) -> std::optional<std::map<std::string, std::string>> {
        if (error) *error = why;
        return std::nullopt;
    };
    size_t start = 0;
    while (start < c.size()) {
        size_t end = c.find(' ', start);
        if (end == std::string_view::npos) end = c.size();
        std::string_view pair = c.substr(start, end - start);
        const size_t eq = pair.find('=');
        if (pair.empty() || eq == std::string_view::npos || eq == 0)
            return fail("trusted comment: \"" + std::string(pair) + "\" is not key=value (pairs are separated by single spaces)");
        std::string key(pair.substr(0, eq)), value;
        std::string_view raw = pair.substr(eq + 1);
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '%') {
                value += raw[i];
                continue;
            }
            auto hexv = [](char h) { return h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1; };
            if (i + 2 >= raw.size() || hexv(raw[i + 1]) < 0 || hexv(raw[i + 2]) < 0) return fail("trusted comment: bad percent-encoding in " + key);
            value += static_cast<char>(hexv(raw[i + 1]) * 16 + hexv(raw[i + 2]));
            i += 2;
        }
        if (!out.emplace(key, value).second) return fail("trusted comment: " + key + " appears twice");
        start = end + 1;
    }
    return out;
}

}  // namespace madoguchi::core
