#include "identity/paseto.hpp"

#include <vector>

#include "internal/encoding.hpp"
#include "internal/secret.hpp"
#include "internal/sodium.hpp"

namespace medins::identity::paseto {
namespace {

constexpr std::string_view kEncryptionKeyInfo = "paseto-encryption-key";
constexpr std::string_view kAuthKeyInfo = "paseto-auth-key-for-aead";
constexpr std::size_t kStreamKeyBytes = crypto_stream_xchacha20_KEYBYTES;
constexpr std::size_t kStreamNonceBytes = crypto_stream_xchacha20_NONCEBYTES;
static_assert(kStreamKeyBytes + kStreamNonceBytes == 56, "v4.local derives 56 bytes");

const unsigned char* u8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

void append_le64(std::string& out, std::uint64_t n) {
  // PAE clears the top bit so the length is also a valid signed integer.
  n &= 0x7fffffffffffffffULL;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
}

Status invalid() { return Status(Code::TokenInvalid, "token is not valid"); }

// One token split at its dots: header (with trailing dot), body bytes, footer
// bytes. Every check here is on public data, so early returns leak nothing.
struct Parts {
  Purpose purpose;
  std::vector<std::uint8_t> body;
  std::string footer;
};

Result<Parts> split(std::string_view token) {
  Parts parts;
  std::string_view rest;
  if (token.substr(0, kPublicHeader.size()) == kPublicHeader) {
    parts.purpose = Purpose::kPublic;
    rest = token.substr(kPublicHeader.size());
  } else if (token.substr(0, kLocalHeader.size()) == kLocalHeader) {
    parts.purpose = Purpose::kLocal;
    rest = token.substr(kLocalHeader.size());
  } else {
    return invalid();
  }
  std::string_view body_text = rest;
  std::string_view footer_text;
  const std::size_t dot = rest.find('.');
  if (dot != std::string_view::npos) {
    body_text = rest.substr(0, dot);
    footer_text = rest.substr(dot + 1);
    // The encoder omits an empty footer together with its dot, so a trailing
    // dot or a second dot is not a token any v4 implementation produced.
    if (footer_text.empty() || footer_text.find('.') != std::string_view::npos) return invalid();
  }
  auto body = internal::base64url_decode(body_text);
  if (!body) return invalid();
  parts.body = std::move(*body);
  if (!footer_text.empty()) {
    auto footer = internal::base64url_decode(footer_text);
    if (!footer) return invalid();
    parts.footer.assign(footer->begin(), footer->end());
  }
  return parts;
}

std::string assemble(std::string_view header, std::span<const std::uint8_t> body,
                     std::string_view footer) {
  std::string token(header);
  token += internal::base64url_encode(body);
  if (!footer.empty()) {
    token.push_back('.');
    token += internal::base64url_encode(footer);
  }
  return token;
}

// Ek || n2 = BLAKE2b-448(key = k, "paseto-encryption-key" || n) and
// Ak = BLAKE2b-256(key = k, "paseto-auth-key-for-aead" || n).
void derive_local_keys(const keys::LocalKey& key, const std::uint8_t* nonce,
                       internal::SecretBytes& ek_n2, internal::SecretBytes& ak) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.bytes.data(), key.bytes.size(), ek_n2.size());
  crypto_generichash_update(&state, u8(kEncryptionKeyInfo), kEncryptionKeyInfo.size());
  crypto_generichash_update(&state, nonce, kNonceBytes);
  crypto_generichash_final(&state, ek_n2.data(), ek_n2.size());
  crypto_generichash_init(&state, key.bytes.data(), key.bytes.size(), ak.size());
  crypto_generichash_update(&state, u8(kAuthKeyInfo), kAuthKeyInfo.size());
  crypto_generichash_update(&state, nonce, kNonceBytes);
  crypto_generichash_final(&state, ak.data(), ak.size());
  internal::wipe(&state, sizeof state);
}

void local_tag(const internal::SecretBytes& ak, std::string_view pre_auth, std::uint8_t* tag) {
  crypto_generichash(tag, kTagBytes, u8(pre_auth), pre_auth.size(), ak.data(), ak.size());
}

std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

std::string pae(std::initializer_list<std::string_view> pieces) {
  std::string out;
  std::size_t total = 8;
  for (auto piece : pieces) total += 8 + piece.size();
  out.reserve(total);
  append_le64(out, pieces.size());
  for (auto piece : pieces) {
    append_le64(out, piece.size());
    out.append(piece);
  }
  return out;
}

std::string sign(const keys::SecretKey& key, std::string_view payload, std::string_view footer,
                 std::string_view implicit) {
  internal::sodium_ready();
  const std::string m2 = pae({kPublicHeader, payload, footer, implicit});
  std::vector<std::uint8_t> body(payload.size() + kSignatureBytes);
  std::copy(payload.begin(), payload.end(), body.begin());
  crypto_sign_detached(body.data() + payload.size(), nullptr, u8(m2), m2.size(), key.bytes.data());
  return assemble(kPublicHeader, body, footer);
}

Result<Opened> verify(const keys::PublicKey& key, std::string_view token, std::string_view implicit) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(Parts parts, split(token));
  if (parts.purpose != Purpose::kPublic || parts.body.size() < kSignatureBytes) return invalid();
  const std::size_t message_size = parts.body.size() - kSignatureBytes;
  const std::string_view message = as_view(parts.body.data(), message_size);
  const std::string m2 = pae({kPublicHeader, message, parts.footer, implicit});
  if (crypto_sign_verify_detached(parts.body.data() + message_size, u8(m2), m2.size(),
                                  key.bytes.data()) != 0)
    return invalid();
  return Opened{std::string(message), std::move(parts.footer)};
}

std::string encrypt_with_nonce(const keys::LocalKey& key, const Nonce& nonce,
                               std::string_view payload, std::string_view footer,
                               std::string_view implicit) {
  internal::sodium_ready();
  internal::SecretBytes ek_n2(kStreamKeyBytes + kStreamNonceBytes);
  internal::SecretBytes ak(crypto_generichash_BYTES);
  derive_local_keys(key, nonce.data(), ek_n2, ak);
  // body = n || c || t
  std::vector<std::uint8_t> body(kNonceBytes + payload.size() + kTagBytes);
  std::copy(nonce.begin(), nonce.end(), body.begin());
  std::uint8_t* c = body.data() + kNonceBytes;
  crypto_stream_xchacha20_xor(c, u8(payload), payload.size(), ek_n2.data() + kStreamKeyBytes,
                              ek_n2.data());
  const std::string pre_auth = pae({kLocalHeader, as_view(nonce.data(), kNonceBytes),
                                    as_view(c, payload.size()), footer, implicit});
  local_tag(ak, pre_auth, c + payload.size());
  return assemble(kLocalHeader, body, footer);
}

Result<std::string> encrypt(const keys::LocalKey& key, std::string_view payload,
                            std::string_view footer, std::string_view implicit, Random& random) {
  Nonce nonce;
  if (!random.fill(nonce.data(), nonce.size()))
    return Status(Code::TokenNoEntropy, "no secure randomness available for the nonce");
  return encrypt_with_nonce(key, nonce, payload, footer, implicit);
}

Result<Opened> decrypt(const keys::LocalKey& key, std::string_view token, std::string_view implicit) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(Parts parts, split(token));
  if (parts.purpose != Purpose::kLocal || parts.body.size() < kNonceBytes + kTagBytes)
    return invalid();
  const std::uint8_t* nonce = parts.body.data();
  const std::size_t c_size = parts.body.size() - kNonceBytes - kTagBytes;
  const std::uint8_t* c = nonce + kNonceBytes;
  const std::uint8_t* tag = c + c_size;
  internal::SecretBytes ek_n2(kStreamKeyBytes + kStreamNonceBytes);
  internal::SecretBytes ak(crypto_generichash_BYTES);
  derive_local_keys(key, nonce, ek_n2, ak);
  const std::string pre_auth = pae({kLocalHeader, as_view(nonce, kNonceBytes), as_view(c, c_size),
                                    parts.footer, implicit});
  std::uint8_t expected[kTagBytes];
  local_tag(ak, pre_auth, expected);
  // The tag is compared in constant time and before any decryption, so a
  // forged token learns nothing from timing and no unauthenticated plaintext
  // ever exists.
  const bool tag_ok = crypto_verify_32(expected, tag) == 0;
  internal::wipe(expected, sizeof expected);
  if (!tag_ok) return invalid();
  std::string payload(c_size, '\0');
  crypto_stream_xchacha20_xor(reinterpret_cast<unsigned char*>(payload.data()), c, c_size,
                              ek_n2.data() + kStreamKeyBytes, ek_n2.data());
  return Opened{std::move(payload), std::move(parts.footer)};
}

Result<Unverified> peek(std::string_view token) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(Parts parts, split(token));
  std::string payload;
  // A body too short to hold a signature has no payload; that it fails is
  // for verify to say (a bad signature), not for a peek.
  if (parts.purpose == Purpose::kPublic && parts.body.size() > kSignatureBytes)
    payload.assign(parts.body.begin(), parts.body.end() - kSignatureBytes);
  return Unverified{parts.purpose, std::move(parts.footer), std::move(payload)};
}

bool is_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

}  // namespace medins::identity::paseto
