#include <doctest/doctest.h>

#include "internal/encoding.hpp"

using namespace medins::internal;

TEST_SUITE("internal") {
  TEST_CASE("base64url round-trips every length") {
    std::vector<std::uint8_t> bytes;
    for (int n = 0; n < 70; ++n) {
      auto text = base64url_encode(bytes);
      CHECK(text.find('=') == std::string::npos);
      auto back = base64url_decode(text);
      REQUIRE(back.has_value());
      CHECK(*back == bytes);
      bytes.push_back(static_cast<std::uint8_t>(n * 37));
    }
  }

  TEST_CASE("base64url is strict") {
    CHECK(base64url_decode("AA").has_value());
    CHECK_FALSE(base64url_decode("AA==").has_value());   // padding
    CHECK_FALSE(base64url_decode("AB").has_value());     // non-zero trailing bits
    CHECK_FALSE(base64url_decode("A").has_value());      // impossible length
    CHECK_FALSE(base64url_decode("A+A").has_value());    // standard alphabet
    CHECK_FALSE(base64url_decode("A/A").has_value());
    CHECK_FALSE(base64url_decode("AA AA").has_value());  // whitespace
    CHECK_FALSE(base64url_decode(std::string_view("AA\0A", 4)).has_value());
    CHECK(base64url_decode("-_8").value() == std::vector<std::uint8_t>{0xfb, 0xff});
  }

  TEST_CASE("exact decoding wants the exact length") {
    std::uint8_t out[4];
    CHECK(base64url_decode_exact("AAECAw", out, 4));
    CHECK(out[3] == 3);
    CHECK_FALSE(base64url_decode_exact("AAEC", out, 4));
    CHECK_FALSE(base64url_decode_exact("AAECAwQ", out, 4));
  }

  TEST_CASE("hex") {
    CHECK(hex_encode(std::vector<std::uint8_t>{0, 255, 16}) == "00ff10");
    CHECK(hex_decode("00ff10").value() == std::vector<std::uint8_t>{0, 255, 16});
    CHECK_FALSE(hex_decode("0").has_value());
    CHECK_FALSE(hex_decode("zz").has_value());
  }
}
