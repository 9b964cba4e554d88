#include "keys/paserk.hpp"

#include "internal/encoding.hpp"
#include "internal/sodium.hpp"

#include <initializer_list>
#include <vector>

namespace medins::keys {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool decode_body(std::string_view paserk, std::string_view prefix, std::uint8_t* out,
                 std::size_t size) {
  return starts_with(paserk, prefix) &&
         internal::base64url_decode_exact(paserk.substr(prefix.size()), out, size);
}

std::string encode(std::string_view prefix, std::span<const std::uint8_t> key) {
  std::string out(prefix);
  out += internal::base64url_encode(key);
  return out;
}

}  // namespace

PublicKey SecretKey::public_key() const {
  PublicKey pk;
  std::copy(bytes.data() + kSeedBytes, bytes.data() + kSecretKeyBytes, pk.bytes.begin());
  return pk;
}

Result<LocalKey> parse_local(std::string_view paserk, Code error) {
  LocalKey key;
  if (!decode_body(paserk, kLocalPrefix, key.bytes.data(), kLocalKeyBytes))
    return Status(error, "not a valid k4.local key");
  return key;
}

Result<PublicKey> parse_public(std::string_view paserk, Code error) {
  PublicKey key;
  if (!decode_body(paserk, kPublicPrefix, key.bytes.data(), kPublicKeyBytes))
    return Status(error, "not a valid k4.public key");
  return key;
}

Result<SecretKey> parse_secret(std::string_view paserk, Code error) {
  SecretKey key;
  if (!decode_body(paserk, kSecretPrefix, key.bytes.data(), kSecretKeyBytes))
    return Status(error, "not a valid k4.secret key");
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  // A secret key whose public half was altered would sign with one key and
  // claim another; the public half must be the one the seed derives.
  unsigned char derived_pk[crypto_sign_PUBLICKEYBYTES];
  internal::SecretBytes derived_sk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(derived_pk, derived_sk.data(), key.bytes.data());
  if (sodium_memcmp(derived_pk, key.bytes.data() + kSeedBytes, kPublicKeyBytes) != 0)
    return Status(error, "not a valid k4.secret key");
  return key;
}

std::string encode_local(std::span<const std::uint8_t> key) { return encode(kLocalPrefix, key); }
std::string encode_public(std::span<const std::uint8_t> key) { return encode(kPublicPrefix, key); }
std::string encode_secret(std::span<const std::uint8_t> key) { return encode(kSecretPrefix, key); }

std::string id_of(std::string_view id_prefix, std::string_view paserk) {
  std::uint8_t hash[kIdHashBytes];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof hash);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(id_prefix.data()),
                            id_prefix.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(paserk.data()),
                            paserk.size());
  crypto_generichash_final(&state, hash, sizeof hash);
  return encode(id_prefix, hash);
}

namespace {

// The wanted prefix is parsed directly; any other string is classified only
// to choose between the two codes.
template <class Key>
Result<Key> require(std::string_view paserk, std::string_view prefix,
                    Result<Key> (*parse)(std::string_view, Code)) {
  if (starts_with(paserk, prefix)) return parse(paserk, Code::KeysInvalidKey);
  if (key_type(paserk).ok()) return Status(Code::KeysWrongKeyType, "a k4 key of another type");
  return Status(Code::KeysInvalidKey, "not a valid k4 key");
}

}  // namespace

Result<LocalKey> require_local(std::string_view paserk) {
  return require<LocalKey>(paserk, kLocalPrefix, &parse_local);
}
Result<PublicKey> require_public(std::string_view paserk) {
  return require<PublicKey>(paserk, kPublicPrefix, &parse_public);
}
Result<SecretKey> require_secret(std::string_view paserk) {
  return require<SecretKey>(paserk, kSecretPrefix, &parse_secret);
}

Result<KeyType> key_type(std::string_view paserk) {
  if (starts_with(paserk, kLocalPrefix)) {
    MEDINS_RETURN_IF_ERROR(parse_local(paserk, Code::KeysInvalidKey).status());
    return KeyType::kLocal;
  }
  if (starts_with(paserk, kPublicPrefix)) {
    MEDINS_RETURN_IF_ERROR(parse_public(paserk, Code::KeysInvalidKey).status());
    return KeyType::kPublic;
  }
  if (starts_with(paserk, kSecretPrefix)) {
    MEDINS_RETURN_IF_ERROR(parse_secret(paserk, Code::KeysInvalidKey).status());
    return KeyType::kSecret;
  }
  return Status(Code::KeysInvalidKey, "not a k4.local, k4.public or k4.secret key");
}

Result<std::string> key_id(std::string_view paserk) {
  MEDINS_ASSIGN_OR_RETURN(KeyType type, key_type(paserk));
  switch (type) {
    case KeyType::kLocal: return id_of(kLidPrefix, paserk);
    case KeyType::kPublic: return id_of(kPidPrefix, paserk);
    case KeyType::kSecret: return id_of(kSidPrefix, paserk);
  }
  return Status(Code::InternalError, "unreachable key type");
}

Result<KeyPair> generate_public(Random& random,
                                const std::optional<std::array<std::uint8_t, kSeedBytes>>& seed) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  internal::SecretBytes seed_bytes(kSeedBytes);
  if (seed) {
    std::copy(seed->begin(), seed->end(), seed_bytes.data());
  } else if (!random.fill(seed_bytes.data(), kSeedBytes)) {
    return Status(Code::KeysNoEntropy, "no secure randomness available");
  }
  // Keys come from seeds, never from libsodium's own randombytes: in wasm that
  // path cannot report an empty entropy pool, this one can.
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  internal::SecretBytes sk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(pk, sk.data(), seed_bytes.data());
  return KeyPair{encode_secret(sk.span()), encode_public(pk)};
}

Result<std::string> generate_local(Random& random) {
  internal::SecretBytes key(kLocalKeyBytes);
  if (!random.fill(key.data(), key.size()))
    return Status(Code::KeysNoEntropy, "no secure randomness available");
  return encode_local(key.span());
}

}  // namespace medins::keys

// ---- Key wrapping ----
// All three schemes are encrypt-then-MAC with XChaCha20 and keyed BLAKE2b; the
// tag is always checked in constant time before anything is decrypted.

namespace medins::keys {
namespace {

constexpr std::size_t kTag = 32;


// BLAKE2b over the concatenation of `parts`, keyed when `key` is non-null.
void blake2b(std::uint8_t* out, std::size_t out_len, const std::uint8_t* key, std::size_t key_len,
             std::initializer_list<std::span<const std::uint8_t>> parts) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key, key_len, out_len);
  for (auto part : parts) crypto_generichash_update(&state, part.data(), part.size());
  crypto_generichash_final(&state, out, out_len);
  internal::wipe(&state, sizeof state);
}

std::span<const std::uint8_t> bytes(std::string_view s) { return internal::as_bytes(s); }
std::span<const std::uint8_t> bytes(const std::uint8_t* p, std::size_t n) { return {p, n}; }

Status unwrap_failed() { return Status(Code::KeysUnwrapFailed, "the wrapped key did not open"); }
Status no_entropy() { return Status(Code::KeysNoEntropy, "no secure randomness available"); }

// The body of a wrapped-key PASERK: exact prefix, strict base64url, exact size.
Result<std::vector<std::uint8_t>> wrapped_body(std::string_view paserk, std::string_view prefix,
                                               std::size_t size) {
  if (!starts_with(paserk, prefix)) return Status(Code::KeysInvalidKey, "not a " + std::string(prefix.substr(0, prefix.size() - 1)) + " string");
  std::vector<std::uint8_t> body(size);
  if (!internal::base64url_decode_exact(paserk.substr(prefix.size()), body.data(), size))
    return Status(Code::KeysInvalidKey, "malformed " + std::string(prefix.substr(0, prefix.size() - 1)) + " string");
  return body;
}

// Checks that a 64-byte unwrapped secret is an Ed25519 seed with its own
// public half, as parse_secret does for k4.secret strings.
Result<SecretKey> as_secret(const std::uint8_t* raw) {
  SecretKey key;
  std::copy(raw, raw + kSecretKeyBytes, key.bytes.data());
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  internal::SecretBytes sk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(pk, sk.data(), key.bytes.data());
  if (sodium_memcmp(pk, key.bytes.data() + kSeedBytes, kPublicKeyBytes) != 0)
    return Status(Code::KeysInvalidKey, "the unwrapped secret key is inconsistent");
  return key;
}

// ---- PBKW (k4.local-pw, k4.secret-pw) ----
// body = salt(16) || memlimit(BE64) || opslimit(BE32) || para(BE32) || n(24) || edk || t(32)
constexpr std::size_t kSalt = crypto_pwhash_argon2id_SALTBYTES;
constexpr std::size_t kPwHeader = kSalt + 8 + 4 + 4;
constexpr std::size_t kXNonce = crypto_stream_xchacha20_NONCEBYTES;

Status pw_keys(std::string_view password, const std::uint8_t* salt, const PwParams& params,
               internal::SecretBytes& ek, internal::SecretBytes& ak) {
  internal::SecretBytes k(32);
  if (crypto_pwhash(k.data(), k.size(), password.data(), password.size(), salt, params.opslimit,
                    static_cast<std::size_t>(params.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status(Code::KeysUnsupportedParameters, "Argon2id could not run with these parameters (memory)");
  const std::uint8_t ff = 0xff, fe = 0xfe;
  blake2b(ek.data(), ek.size(), nullptr, 0, {bytes(&ff, 1), k.span()});
  blake2b(ak.data(), ak.size(), nullptr, 0, {bytes(&fe, 1), k.span()});
  return ok_status();
}

Result<std::string> pw_wrap(std::string_view prefix, std::span<const std::uint8_t> ptk,
                            std::string_view password, const PwParams& params, Random& random) {
  MEDINS_RETURN_IF_ERROR(check_pw_params(params));
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  std::vector<std::uint8_t> body(kPwHeader + kXNonce + ptk.size() + kTag);
  std::uint8_t* salt = body.data();
  std::uint8_t* nonce = body.data() + kPwHeader;
  if (!random.fill(salt, kSalt) || !random.fill(nonce, kXNonce)) return no_entropy();
  internal::put_be(salt + kSalt, params.memlimit, 8);
  internal::put_be(salt + kSalt + 8, params.opslimit, 4);
  internal::put_be(salt + kSalt + 12, params.parallelism, 4);
  internal::SecretBytes ek(32), ak(32);
  MEDINS_RETURN_IF_ERROR(pw_keys(password, salt, params, ek, ak));
  std::uint8_t* edk = nonce + kXNonce;
  crypto_stream_xchacha20_xor(edk, ptk.data(), ptk.size(), nonce, ek.data());
  blake2b(edk + ptk.size(), kTag, ak.data(), ak.size(),
          {bytes(prefix), bytes(body.data(), kPwHeader + kXNonce + ptk.size())});
  return std::string(prefix) + internal::base64url_encode(body);
}

Result<internal::SecretBytes> pw_unwrap(std::string_view paserk, std::string_view prefix,
                                        std::size_t key_size, std::string_view password) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(auto body, wrapped_body(paserk, prefix, kPwHeader + kXNonce + key_size + kTag));
  const std::uint8_t* salt = body.data();
  PwParams params;
  params.memlimit = internal::get_be(salt + kSalt, 8);
  params.opslimit = static_cast<std::uint32_t>(internal::get_be(salt + kSalt + 8, 4));
  params.parallelism = static_cast<std::uint32_t>(internal::get_be(salt + kSalt + 12, 4));
  // Costs come from the string itself, so they are bounded before Argon2 runs.
  MEDINS_RETURN_IF_ERROR(check_pw_params(params));
  internal::SecretBytes ek(32), ak(32);
  MEDINS_RETURN_IF_ERROR(pw_keys(password, salt, params, ek, ak));
  const std::uint8_t* nonce = salt + kPwHeader;
  const std::uint8_t* edk = nonce + kXNonce;
  std::uint8_t t2[kTag];
  blake2b(t2, kTag, ak.data(), ak.size(), {bytes(prefix), bytes(body.data(), kPwHeader + kXNonce + key_size)});
  const bool ok = crypto_verify_32(t2, edk + key_size) == 0;
  if (!ok) return unwrap_failed();
  internal::SecretBytes ptk(key_size);
  crypto_stream_xchacha20_xor(ptk.data(), edk, key_size, nonce, ek.data());
  return ptk;
}

// ---- PIE (k4.local-wrap.pie, k4.secret-wrap.pie) ----
// body = t(32) || n(32) || c
void pie_keys(const LocalKey& wk, const std::uint8_t* n, internal::SecretBytes& ek_n2,
              internal::SecretBytes& ak) {
  const std::uint8_t x80 = 0x80, x81 = 0x81;
  blake2b(ek_n2.data(), ek_n2.size(), wk.bytes.data(), wk.bytes.size(), {bytes(&x80, 1), bytes(n, 32)});
  blake2b(ak.data(), ak.size(), wk.bytes.data(), wk.bytes.size(), {bytes(&x81, 1), bytes(n, 32)});
}

Result<std::string> pie_wrap(std::string_view prefix, std::span<const std::uint8_t> ptk,
                             const LocalKey& wk, Random& random) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  std::vector<std::uint8_t> body(kTag + 32 + ptk.size());
  std::uint8_t* n = body.data() + kTag;
  if (!random.fill(n, 32)) return no_entropy();
  internal::SecretBytes ek_n2(56), ak(32);
  pie_keys(wk, n, ek_n2, ak);
  std::uint8_t* c = n + 32;
  crypto_stream_xchacha20_xor(c, ptk.data(), ptk.size(), ek_n2.data() + 32, ek_n2.data());
  blake2b(body.data(), kTag, ak.data(), ak.size(), {bytes(prefix), bytes(n, 32 + ptk.size())});
  return std::string(prefix) + internal::base64url_encode(body);
}

Result<internal::SecretBytes> pie_unwrap(std::string_view paserk, std::string_view prefix,
                                         std::size_t key_size, const LocalKey& wk) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(auto body, wrapped_body(paserk, prefix, kTag + 32 + key_size));
  const std::uint8_t* n = body.data() + kTag;
  internal::SecretBytes ek_n2(56), ak(32);
  pie_keys(wk, n, ek_n2, ak);
  std::uint8_t t2[kTag];
  blake2b(t2, kTag, ak.data(), ak.size(), {bytes(prefix), bytes(n, 32 + key_size)});
  if (crypto_verify_32(t2, body.data()) != 0) return unwrap_failed();
  internal::SecretBytes ptk(key_size);
  crypto_stream_xchacha20_xor(ptk.data(), n + 32, key_size, ek_n2.data() + 32, ek_n2.data());
  return ptk;
}

// ---- PKE (k4.seal) ----
// body = t(32) || epk(32) || edk(32)
void seal_keys(const std::uint8_t* xk, const std::uint8_t* epk, const std::uint8_t* xpk,
               internal::SecretBytes& ek, internal::SecretBytes& ak, std::uint8_t* nonce) {
  const std::uint8_t one = 0x01, two = 0x02;
  blake2b(ek.data(), 32, nullptr, 0, {bytes(&one, 1), bytes(kSealPrefix), bytes(xk, 32), bytes(epk, 32), bytes(xpk, 32)});
  blake2b(ak.data(), 32, nullptr, 0, {bytes(&two, 1), bytes(kSealPrefix), bytes(xk, 32), bytes(epk, 32), bytes(xpk, 32)});
  blake2b(nonce, kXNonce, nullptr, 0, {bytes(epk, 32), bytes(xpk, 32)});
}

}  // namespace

Status check_pw_params(const PwParams& params) {
  if (params.parallelism != 1)
    return Status(Code::KeysUnsupportedParameters, "Argon2id parallelism must be 1 (libsodium)");
  if (params.memlimit < kMinPwMemlimit || params.memlimit > kMaxPwMemlimit)
    return Status(Code::KeysUnsupportedParameters, "Argon2id memlimit must be between 1 MiB and 64 MiB");
  if (params.opslimit < kMinPwOpslimit || params.opslimit > kMaxPwOpslimit)
    return Status(Code::KeysUnsupportedParameters, "Argon2id opslimit must be between 1 and 4");
  return ok_status();
}

Result<std::string> seal(const LocalKey& key, const PublicKey& to, Random& random) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  std::uint8_t xpk[32];
  if (crypto_sign_ed25519_pk_to_curve25519(xpk, to.bytes.data()) != 0)
    return Status(Code::KeysInvalidKey, "the public key has no X25519 equivalent");
  internal::SecretBytes esk(32);
  if (!random.fill(esk.data(), esk.size())) return no_entropy();
  std::vector<std::uint8_t> body(kTag + 32 + kLocalKeyBytes);
  std::uint8_t* epk = body.data() + kTag;
  crypto_scalarmult_base(epk, esk.data());
  internal::SecretBytes xk(32);
  if (crypto_scalarmult(xk.data(), esk.data(), xpk) != 0)
    return Status(Code::KeysInvalidKey, "the public key has no X25519 equivalent");
  internal::SecretBytes ek(32), ak(32);
  std::uint8_t nonce[kXNonce];
  seal_keys(xk.data(), epk, xpk, ek, ak, nonce);
  std::uint8_t* edk = epk + 32;
  crypto_stream_xchacha20_xor(edk, key.bytes.data(), kLocalKeyBytes, nonce, ek.data());
  blake2b(body.data(), kTag, ak.data(), ak.size(), {bytes(kSealPrefix), bytes(epk, 32 + kLocalKeyBytes)});
  return std::string(kSealPrefix) + internal::base64url_encode(body);
}

Result<LocalKey> unseal(std::string_view paserk, const SecretKey& key) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(auto body, wrapped_body(paserk, kSealPrefix, kTag + 32 + kLocalKeyBytes));
  const std::uint8_t* epk = body.data() + kTag;
  std::uint8_t xpk[32];
  if (crypto_sign_ed25519_pk_to_curve25519(xpk, key.bytes.data() + kSeedBytes) != 0)
    return Status(Code::KeysInvalidKey, "the secret key has no X25519 equivalent");
  internal::SecretBytes xsk(32), xk(32);
  crypto_sign_ed25519_sk_to_curve25519(xsk.data(), key.bytes.data());
  // An all-zero shared secret (a low-order epk) is refused by libsodium; it
  // is an altered string like any other.
  if (crypto_scalarmult(xk.data(), xsk.data(), epk) != 0) return unwrap_failed();
  internal::SecretBytes ek(32), ak(32);
  std::uint8_t nonce[kXNonce];
  seal_keys(xk.data(), epk, xpk, ek, ak, nonce);
  std::uint8_t t2[kTag];
  blake2b(t2, kTag, ak.data(), ak.size(), {bytes(kSealPrefix), bytes(epk, 32 + kLocalKeyBytes)});
  if (crypto_verify_32(t2, body.data()) != 0) return unwrap_failed();
  LocalKey out;
  crypto_stream_xchacha20_xor(out.bytes.data(), epk + 32, kLocalKeyBytes, nonce, ek.data());
  return out;
}

Result<std::string> wrap_local_pw(const LocalKey& key, std::string_view password,
                                  const PwParams& params, Random& random) {
  return pw_wrap(kLocalPwPrefix, key.bytes.span(), password, params, random);
}
Result<std::string> wrap_secret_pw(const SecretKey& key, std::string_view password,
                                   const PwParams& params, Random& random) {
  return pw_wrap(kSecretPwPrefix, key.bytes.span(), password, params, random);
}
Result<LocalKey> unwrap_local_pw(std::string_view paserk, std::string_view password) {
  MEDINS_ASSIGN_OR_RETURN(internal::SecretBytes raw, pw_unwrap(paserk, kLocalPwPrefix, kLocalKeyBytes, password));
  LocalKey key;
  key.bytes = std::move(raw);
  return key;
}
Result<SecretKey> unwrap_secret_pw(std::string_view paserk, std::string_view password) {
  MEDINS_ASSIGN_OR_RETURN(internal::SecretBytes raw, pw_unwrap(paserk, kSecretPwPrefix, kSecretKeyBytes, password));
  return as_secret(raw.data());
}

Result<std::string> wrap_local_pie(const LocalKey& key, const LocalKey& wrapping, Random& random) {
  return pie_wrap(kLocalWrapPiePrefix, key.bytes.span(), wrapping, random);
}
Result<std::string> wrap_secret_pie(const SecretKey& key, const LocalKey& wrapping, Random& random) {
  return pie_wrap(kSecretWrapPiePrefix, key.bytes.span(), wrapping, random);
}
Result<LocalKey> unwrap_local_pie(std::string_view paserk, const LocalKey& wrapping) {
  MEDINS_ASSIGN_OR_RETURN(internal::SecretBytes raw, pie_unwrap(paserk, kLocalWrapPiePrefix, kLocalKeyBytes, wrapping));
  LocalKey key;
  key.bytes = std::move(raw);
  return key;
}
Result<SecretKey> unwrap_secret_pie(std::string_view paserk, const LocalKey& wrapping) {
  MEDINS_ASSIGN_OR_RETURN(internal::SecretBytes raw, pie_unwrap(paserk, kSecretWrapPiePrefix, kSecretKeyBytes, wrapping));
  return as_secret(raw.data());
}

}  // namespace medins::keys
