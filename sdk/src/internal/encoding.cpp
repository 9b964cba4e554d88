#include "internal/encoding.hpp"

#include "internal/sodium.hpp"

namespace medins::internal {

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(out.size() - 1);  // the encoder writes a terminating NUL
  return out;
}

namespace {

bool decode_into(std::string_view text, std::uint8_t* out, std::size_t capacity,
                 std::size_t* written) {
  // libsodium 1.0.18 reads each symbol as a (signed) char, and its
  // constant-time classifier then takes every byte above 0x7F for '_': "é"
  // stood for "__", so one key or token had other spellings that decoded to
  // the same bytes. Refused here, over the whole text, so that the time
  // depends only on whether such a byte is present.
  unsigned char high = 0;
  for (const char c : text) high |= static_cast<unsigned char>(c);
  if (high & 0x80) return false;
  const char* end = nullptr;
  // libsodium rejects characters outside the alphabet and non-zero trailing
  // bits; checking `end` also rejects anything after the last valid symbol.
  if (sodium_base642bin(out, capacity, text.data(), text.size(), nullptr, written, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return false;
  return end == text.data() + text.size();
}

}  // namespace

std::optional<std::vector<std::uint8_t>> base64url_decode(std::string_view text) {
  std::vector<std::uint8_t> out(text.size() / 4 * 3 + 3);
  std::size_t written = 0;
  if (!decode_into(text, out.data(), out.size(), &written)) return std::nullopt;
  out.resize(written);
  return out;
}

bool base64url_decode_exact(std::string_view text, std::uint8_t* out, std::size_t expected) {
  // The length check first: the encoded length of `expected` bytes is fixed.
  if (text.size() != (expected * 4 + 2) / 3) return false;
  std::size_t written = 0;
  if (!decode_into(text, out, expected, &written) || written != expected) {
    sodium_memzero(out, expected);
    return false;
  }
  return true;
}

std::string hex_encode(std::span<const std::uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::vector<std::uint8_t>> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out(text.size() / 2);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end) !=
          0 ||
      end != text.data() + text.size() || written != out.size())
    return std::nullopt;
  return out;
}

}  // namespace medins::internal
