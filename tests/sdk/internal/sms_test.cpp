#include <doctest/doctest.h>

#include <string>

#include "internal/sms.hpp"

using medins::internal::sms_size;
using medins::internal::SmsEncoding;

TEST_SUITE("internal") {
  TEST_CASE("GSM-7: 160 septets are one message, 161 are two of 153") {
    CHECK(sms_size("").segments == 1);
    auto one = sms_size(std::string(160, 'a'));
    CHECK(one.encoding == SmsEncoding::kGsm7);
    CHECK(one.units == 160);
    CHECK(one.segments == 1);
    CHECK(sms_size(std::string(161, 'a')).segments == 2);
    CHECK(sms_size(std::string(306, 'a')).segments == 2);
    CHECK(sms_size(std::string(307, 'a')).segments == 3);
  }

  TEST_CASE("GSM-7: the basic table's accented letters and symbols are one septet") {
    auto s = sms_size("àèéìòù £¥§¿¡ ÄÖÑÜäöñü ΔΦΓΛΩΠΨΣΘΞ @$_!\"#%&'()*+,-./:;<=>?\n\r");
    CHECK(s.encoding == SmsEncoding::kGsm7);
    CHECK(s.units == 58);
  }

  TEST_CASE("GSM-7: extension characters cost two septets and never straddle a segment") {
    CHECK(sms_size("{}[]~^|€\\").units == 18);
    CHECK(sms_size("{}[]~^|€\\").encoding == SmsEncoding::kGsm7);
    CHECK(sms_size(std::string(80, '[')).units == 160);
    CHECK(sms_size(std::string(80, '[')).segments == 1);
    CHECK(sms_size(std::string(158, 'a') + "€").segments == 1);
    CHECK(sms_size(std::string(159, 'a') + "€").segments == 2);
    // 306 septets would be two segments, but the escape pair after 152 does
    // not fit in the first 153 and moves to the second, which then overflows.
    auto split = sms_size(std::string(152, 'a') + "|" + std::string(152, 'a'));
    CHECK(split.units == 306);
    CHECK(split.segments == 3);
    CHECK(sms_size(std::string(151, 'a') + "|" + std::string(151, 'a')).segments == 2);
  }

  TEST_CASE("UCS-2: one character outside GSM-7 switches the whole text, 70/67 per segment") {
    CHECK(sms_size("È").encoding == SmsEncoding::kUcs2);  // É is in GSM-7, È is not
    CHECK(sms_size("`").encoding == SmsEncoding::kUcs2);
    CHECK(sms_size("º").encoding == SmsEncoding::kUcs2);
    std::string cyr;
    for (int i = 0; i < 70; ++i) cyr += "ж";
    CHECK(sms_size(cyr).encoding == SmsEncoding::kUcs2);
    CHECK(sms_size(cyr).units == 70);
    CHECK(sms_size(cyr).segments == 1);
    CHECK(sms_size(cyr + "a").segments == 2);
    std::string two;
    for (int i = 0; i < 134; ++i) two += "医";
    CHECK(sms_size(two).segments == 2);
    CHECK(sms_size(two + "a").segments == 3);
  }

  TEST_CASE("UCS-2: characters beyond the BMP are surrogate pairs, never split") {
    CHECK(sms_size("😀").units == 2);
    CHECK(sms_size("a😀").encoding == SmsEncoding::kUcs2);
    CHECK(sms_size(std::string(68, 'a') + "😀").segments == 1);
    CHECK(sms_size(std::string(69, 'a') + "😀").segments == 2);
    // 134 units would be two segments, but the pair after 66 units moves to
    // the second, which then overflows.
    auto split = sms_size("ж" + std::string(65, 'a') + "😀" + std::string(66, 'a'));
    CHECK(split.units == 134);
    CHECK(split.segments == 3);
  }

  TEST_CASE("malformed UTF-8 counts as a non-GSM character and is not read past") {
    CHECK(sms_size("a\xE2\x82").encoding == SmsEncoding::kUcs2);
    CHECK(sms_size("a\xE2\x82").units == 3);
    CHECK(sms_size("\xFF").units == 1);
    CHECK(medins::internal::utf8_prefix("жa😀b", 3) == 7);
    CHECK(medins::internal::utf8_prefix("ab", 5) == 2);
    CHECK(medins::internal::utf16_length("ж😀") == 3);
  }
}
