// GSM 03.38 tables (3GPP TS 23.038 §6.2.1) as Unicode code points.
#include "internal/sms.hpp"

#include <cstdint>

namespace medins::internal {
namespace {

// The basic table's non-ASCII characters; its ASCII ones are tested by range
// below (all printable ASCII except ` and the extension characters).
constexpr char32_t kBasicNonAscii[] = {
    0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8, 0x00C5, 0x00E5,
    0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398, 0x039E, 0x00C6, 0x00E6,
    0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6,
    0x00F1, 0x00FC, 0x00E0};
constexpr std::u32string_view kExtension = U"\f^{}\\[~]|\u20AC";

// Septets of one character (1 basic, 2 extension), 0 when GSM-7 lacks it.
int septets(char32_t c) {
  if (kExtension.find(c) != std::u32string_view::npos) return 2;
  if (c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F && c != '`')) return 1;
  for (char32_t b : kBasicNonAscii)
    if (b == c) return 1;
  return 0;
}

// Decodes the code point at text[*i] and advances *i; malformed input gives
// U+FFFD one byte at a time.
char32_t next_code_point(std::string_view text, std::size_t* i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b = byte(*i);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + len > text.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t c = len == 1 ? b : b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    if ((byte(*i + k) & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    c = (c << 6) | (byte(*i + k) & 0x3F);
  }
  *i += len;
  return c;
}

// Segments of `units` split greedily into parts of `part` units, where a
// character of width 2 never straddles two parts.
template <typename Width>
std::size_t count_segments(std::string_view text, std::size_t total, std::size_t single, std::size_t part, Width width) {
  if (total <= single) return 1;
  std::size_t segments = 1, used = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t w = width(next_code_point(text, &i));
    if (used + w > part) ++segments, used = 0;
    used += w;
  }
  return segments;
}

std::size_t utf16_width(char32_t c) { return c > 0xFFFF ? 2 : 1; }

}  // namespace

SmsSize sms_size(std::string_view text) {
  std::size_t gsm = 0;
  bool all_gsm = true;
  for (std::size_t i = 0; i < text.size() && all_gsm;) {
    int s = septets(next_code_point(text, &i));
    all_gsm = s > 0;
    gsm += static_cast<std::size_t>(s);
  }
  if (all_gsm)
    return {SmsEncoding::kGsm7, gsm,
            count_segments(text, gsm, 160, 153, [](char32_t c) { return static_cast<std::size_t>(septets(c)); })};
  const std::size_t units = utf16_length(text);
  return {SmsEncoding::kUcs2, units, count_segments(text, units, 70, 67, utf16_width)};
}

std::string_view sms_encoding_name(SmsEncoding encoding) { return encoding == SmsEncoding::kGsm7 ? "gsm7" : "ucs2"; }

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) units += utf16_width(next_code_point(text, &i));
  return units;
}

std::size_t utf8_prefix(std::string_view text, std::size_t n) {
  std::size_t i = 0;
  for (; n > 0 && i < text.size(); --n) next_code_point(text, &i);
  return i;
}

}  // namespace medins::internal
