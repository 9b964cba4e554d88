// Byte encodings used on the wire: strict base64url (PASETO/PASERK) and hex.
#ifndef MEDINS_SRC_INTERNAL_ENCODING_HPP
#define MEDINS_SRC_INTERNAL_ENCODING_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace medins::internal {

// base64url without padding (RFC 4648 §5), constant-time in the bytes.
std::string base64url_encode(std::span<const std::uint8_t> bytes);
inline std::string base64url_encode(std::string_view text) {
  return base64url_encode(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// Decodes strict base64url: no padding, no whitespace, no characters outside
// the alphabet, no non-zero trailing bits. Returns nullopt otherwise.
// Constant-time in the symbols (libsodium's decoder); a byte above 0x7F is
// refused, which libsodium 1.0.18 alone would read as '_'.
std::optional<std::vector<std::uint8_t>> base64url_decode(std::string_view text);

// Decodes into `out` of exactly `expected` bytes (for keys, so the secret lands
// in a wiping buffer). Returns false on any deviation.
bool base64url_decode_exact(std::string_view text, std::uint8_t* out, std::size_t expected);

std::string hex_encode(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> hex_decode(std::string_view text);

inline std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Writes the low `n` bytes of `v` big-endian (the byte order of every length
// and counter in medins' binary layouts and PASERK's).
inline void put_be(std::uint8_t* out, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * (n - 1 - i)));
}

// Reads `n` bytes big-endian.
inline std::uint64_t get_be(const std::uint8_t* in, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | in[i];
  return v;
}

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_ENCODING_HPP
