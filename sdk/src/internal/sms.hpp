// How a text travels as SMS: GSM 03.38 7-bit when every character is in its
// basic or extension table, else UCS-2, and how many concatenated segments
// that takes (160/153 septets, 70/67 UTF-16 code units).
#ifndef MEDINS_SRC_INTERNAL_SMS_HPP
#define MEDINS_SRC_INTERNAL_SMS_HPP

#include <cstddef>
#include <string_view>

namespace medins::internal {

enum class SmsEncoding { kGsm7, kUcs2 };

struct SmsSize {
  SmsEncoding encoding;
  std::size_t units;     // GSM-7 septets (an extension character is 2) or UTF-16 code units
  std::size_t segments;  // an empty text is still one message
};

// Returns the encoding and size of UTF-8 `text` (a malformed byte counts as
// one non-GSM character). Segments split as phones do: never inside an
// escape pair or a surrogate pair.
SmsSize sms_size(std::string_view text);

// Returns "gsm7" or "ucs2".
std::string_view sms_encoding_name(SmsEncoding encoding);

// Returns the length of UTF-8 `text` in UTF-16 code units (Viber's and
// UCS-2's count).
std::size_t utf16_length(std::string_view text);

// Returns the byte length of the first `n` code points of UTF-8 `text` (all
// of it when shorter), so a cut never splits a character.
std::size_t utf8_prefix(std::string_view text, std::size_t n);

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_SMS_HPP
