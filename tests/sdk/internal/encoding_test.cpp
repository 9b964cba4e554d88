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
    // libsodium 1.0.18 alone took any byte above 0x7F for '_' ("é" for "__").
    CHECK(base64url_decode("A__A").has_value());
    CHECK_FALSE(base64url_decode("A\xc3\xa9" "A").has_value());
    CHECK_FALSE(base64url_decode("AA\x80").has_value());
    std::uint8_t three[3];
    CHECK_FALSE(base64url_decode_exact("A\xc3\xa9" "A", three, 3));
  }

  TEST_CASE("base64url decoding answers as a plain table decoder, input for input") {
    // The reference: RFC 4648's alphabet by table, no padding, zero trailing bits.
    const auto reference = [](std::string_view text) -> std::optional<std::vector<std::uint8_t>> {
      if (text.size() % 4 == 1) return std::nullopt;
      std::vector<std::uint8_t> out;
      std::uint32_t bits = 0;
      int count = 0;
      for (const char c : text) {
        const std::string_view alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
        const auto at = alphabet.find(c);
        if (at == std::string_view::npos) return std::nullopt;
        bits = (bits << 6) | static_cast<std::uint32_t>(at);
        count += 6;
        if (count >= 8) {
          count -= 8;
          out.push_back(static_cast<std::uint8_t>(bits >> count));
          bits &= (1u << count) - 1;
        }
      }
      if (bits != 0) return std::nullopt;
      return out;
    };
    std::size_t mismatches = 0;
    const auto same = [&](std::string_view text) {
      const auto a = base64url_decode(text);
      const auto b = reference(text);
      if (a.has_value() != b.has_value() || (a && *a != *b)) ++mismatches;
    };
    // Every text of up to two bytes.
    same("");
    for (int x = 0; x < 256; ++x) {
      const char one[] = {static_cast<char>(x)};
      same({one, 1});
      for (int y = 0; y < 256; ++y) {
        const char two[] = {static_cast<char>(x), static_cast<char>(y)};
        same({two, 2});
      }
    }
    // Three and four symbols over the boundary cases of the alphabet and its neighbours.
    static constexpr char kSymbols[] = "AB_-gQwz09+/= \0\xff\x80\xc3@[`{";
    const std::string_view symbols(kSymbols, sizeof kSymbols - 1);
    for (const char a : symbols)
      for (const char b : symbols)
        for (const char c : symbols) {
          const char three[] = {a, b, c};
          same({three, 3});
          for (const char d : symbols) {
            const char four[] = {a, b, c, d};
            same({four, 4});
          }
        }
    // Every length of encoded bytes, and each with symbols changed.
    std::vector<std::uint8_t> bytes;
    for (int n = 0; n < 100; ++n) {
      std::string text = base64url_encode(bytes);
      same(text);
      for (std::size_t i = 0; i < text.size(); i += 7) {
        for (const char c : symbols) {
          std::string changed = text;
          changed[i] = c;
          same(changed);
        }
      }
      bytes.push_back(static_cast<std::uint8_t>(n * 73 + 5));
    }
    CHECK(mismatches == 0);
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
