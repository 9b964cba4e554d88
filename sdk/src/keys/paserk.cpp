#include "keys/paserk.hpp"

#include "internal/encoding.hpp"
#include "internal/sodium.hpp"

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
