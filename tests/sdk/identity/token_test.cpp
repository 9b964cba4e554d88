#include <doctest/doctest.h>

#include "identity/paseto.hpp"
#include "internal/encoding.hpp"
#include "medins/call.hpp"
#include "medins/identity.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;

namespace {

std::vector<std::uint8_t> hex(const json& v) { return *medins::internal::hex_decode(v.get<std::string>()); }
std::string b64(const std::vector<std::uint8_t>& v) { return medins::internal::base64url_encode(v); }

json official() { return medins::testing::read_json("tests/vectors/official/paseto-v4.json")["tests"]; }

const std::string kLocalKey = "k4.local.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8";
const std::string kSecret =
    "k4.secret.tMv7Q99M4hByfZU-SnEzB_oZu32fhQQUONnhG5QqN3Qeudu7vAR8A_1wYE4AcfCYfhayi3VyJcEfAEFdDiCxog";
const std::string kPublic = "k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI";

json issue(json in) { return medins::call("token.issue", in); }
json verify(json in) { return medins::call("token.verify", in); }

// Flips one bit of the decoded body and re-encodes, so the token stays
// well-formed and only the cryptography can notice.
std::string flip_body_bit(const std::string& token, std::size_t header, std::size_t byte) {
  auto dot = token.find('.', header);
  std::string body_text = token.substr(header, dot == std::string::npos ? std::string::npos : dot - header);
  auto body = *medins::internal::base64url_decode(body_text);
  body[byte % body.size()] ^= 0x01;
  return token.substr(0, header) + b64(body) + (dot == std::string::npos ? "" : token.substr(dot));
}

}  // namespace

TEST_SUITE("identity") {
  TEST_CASE("PAE matches the PASETO specification examples") {
    using medins::identity::paseto::pae;
    CHECK(medins::internal::hex_encode(medins::internal::as_bytes(pae({}))) == "0000000000000000");
    CHECK(medins::internal::hex_encode(medins::internal::as_bytes(pae({""}))) ==
          "01000000000000000000000000000000");
    CHECK(medins::internal::hex_encode(medins::internal::as_bytes(pae({"test"}))) ==
          "0100000000000000040000000000000074657374");
  }

  TEST_CASE("all 17 official v4 vectors: issue is byte-exact, verify opens, must-fail fails") {
    int passed = 0, failed_as_expected = 0;
    for (const auto& t : official()) {
      CAPTURE(t["name"]);
      const bool local = t.contains("key");
      const std::string verify_key = local ? "k4.local." + b64(hex(t["key"])) : "k4.public." + b64(hex(t["public-key"]));
      auto out = verify({{"token", t["token"]}, {"key", verify_key}, {"implicit", t["implicit-assertion"]}});
      if (t["expect-fail"].get<bool>()) {
        CHECK(error_code(out) == "token.invalid");
        ++failed_as_expected;
        continue;
      }
      CHECK(out == json{{"payload", t["payload"]}, {"footer", t["footer"]}});
      json in = {{"payload", t["payload"]}, {"footer", t["footer"]}, {"implicit", t["implicit-assertion"]}};
      if (local) {
        in["purpose"] = "local";
        in["key"] = verify_key;
        in["nonce"] = b64(hex(t["nonce"]));
      } else {
        in["purpose"] = "public";
        in["key"] = "k4.secret." + b64(hex(t["secret-key"]));
      }
      CHECK(issue(in) == json{{"token", t["token"]}});
      ++passed;
    }
    CHECK(passed == 12);
    CHECK(failed_as_expected == 5);
  }

  TEST_CASE("round trips with random nonces, footers and implicit assertions") {
    for (const char* purpose : {"public", "local"}) {
      CAPTURE(purpose);
      const bool pub = std::string(purpose) == "public";
      json in = {{"purpose", purpose}, {"key", pub ? kSecret : kLocalKey}, {"payload", "{\"sub\":\"患者\"}"},
                 {"footer", "{\"kid\":\"x\"}"}, {"implicit", "app-1"}};
      auto token = issue(in)["token"].get<std::string>();
      const std::string key = pub ? kPublic : kLocalKey;
      CHECK(verify({{"token", token}, {"key", key}, {"implicit", "app-1"}}) ==
            json{{"payload", "{\"sub\":\"患者\"}"}, {"footer", "{\"kid\":\"x\"}"}});
      // The implicit assertion is bound: a different one, or none, fails.
      CHECK(error_code(verify({{"token", token}, {"key", key}, {"implicit", "app-2"}})) == "token.invalid");
      CHECK(error_code(verify({{"token", token}, {"key", key}})) == "token.invalid");
      // The footer is bound: swapping it fails.
      auto dot = token.rfind('.');
      std::string other_footer = token.substr(0, dot + 1) + medins::internal::base64url_encode(std::string_view("{\"kid\":\"y\"}"));
      CHECK(error_code(verify({{"token", other_footer}, {"key", key}, {"implicit", "app-1"}})) == "token.invalid");
      // Every bit of the body is covered.
      const std::size_t header = pub ? 10 : 9;
      for (std::size_t byte : {0u, 5u, 31u, 32u, 40u, 1000u}) {
        CHECK(error_code(verify({{"token", flip_body_bit(token, header, byte)}, {"key", key}, {"implicit", "app-1"}})) ==
              "token.invalid");
      }
    }
    // Two v4.local tokens of one payload differ: the nonce is fresh each time.
    json in = {{"purpose", "local"}, {"key", kLocalKey}, {"payload", "same"}};
    CHECK(issue(in)["token"] != issue(in)["token"]);
  }

  TEST_CASE("empty payloads and the empty footer form") {
    auto pub = issue({{"purpose", "public"}, {"key", kSecret}, {"payload", ""}})["token"].get<std::string>();
    CHECK(pub.find('.', 10) == std::string::npos);
    CHECK(verify({{"token", pub}, {"key", kPublic}}) == json{{"payload", ""}, {"footer", ""}});
    auto loc = issue({{"purpose", "local"}, {"key", kLocalKey}, {"payload", ""}})["token"].get<std::string>();
    CHECK(verify({{"token", loc}, {"key", kLocalKey}}) == json{{"payload", ""}, {"footer", ""}});
    // A trailing dot (an empty footer segment) is not canonical.
    CHECK(error_code(verify({{"token", pub + "."}, {"key", kPublic}})) == "token.invalid");
  }

  TEST_CASE("malformed tokens are token.invalid") {
    auto good = issue({{"purpose", "public"}, {"key", kSecret}, {"payload", "{}"}, {"footer", "f"}})["token"].get<std::string>();
    const std::string bad[] = {
        "",
        "v4.public.",
        "v4.public",
        "v4.local.",
        "v3.public." + good.substr(10),
        "V4.public." + good.substr(10),
        "v4.secret." + good.substr(10),
        good.substr(0, good.rfind('.') - 3) + good.substr(good.rfind('.')),  // truncated body
        good + "=",                                                           // padded footer
        good.substr(0, good.rfind('.')) + "==" + good.substr(good.rfind('.')),  // padded body
        good + ".Zg",                                                          // second footer
        good.substr(0, 20) + " " + good.substr(21),                           // whitespace
        "v4.public." + b64(std::vector<std::uint8_t>(63, 0)),                  // shorter than a signature
    };
    for (const auto& token : bad) {
      CAPTURE(token);
      CHECK(error_code(verify({{"token", token}, {"key", kPublic}})) == "token.invalid");
    }
    CHECK(error_code(verify({{"token", "v4.local." + b64(std::vector<std::uint8_t>(63, 0))}, {"key", kLocalKey}})) ==
          "token.invalid");
  }

  TEST_CASE("payloads that are not UTF-8 are refused after verification") {
    medins::keys::LocalKey key = std::move(medins::keys::parse_local(kLocalKey, medins::Code::KeysInvalidKey).value());
    medins::identity::paseto::Nonce nonce{};
    auto token = medins::identity::paseto::encrypt_with_nonce(key, nonce, "\xff\xfe", "", "");
    CHECK(medins::identity::paseto::decrypt(key, token, "").ok());
    CHECK(error_code(verify({{"token", token}, {"key", kLocalKey}})) == "token.invalid");
  }

  TEST_CASE("UTF-8 validation refuses overlongs, surrogates and truncation") {
    using medins::identity::paseto::is_utf8;
    CHECK(is_utf8(""));
    CHECK(is_utf8("plain"));
    CHECK(is_utf8("\xe6\x82\xa3\xe8\x80\x85"));
    CHECK(is_utf8("\xf0\x9f\x98\x80"));
    CHECK(!is_utf8("\xc0\xaf"));
    CHECK(!is_utf8("\xe0\x80\xaf"));
    CHECK(!is_utf8("\xed\xa0\x80"));
    CHECK(!is_utf8("\xf4\x90\x80\x80"));
    CHECK(!is_utf8("\xe6\x82"));
    CHECK(!is_utf8("\x80"));
  }

  TEST_CASE("keys of the wrong type or shape have key codes") {
    CHECK(error_code(issue({{"purpose", "public"}, {"key", kLocalKey}, {"payload", "x"}})) == "keys.wrong_key_type");
    CHECK(error_code(issue({{"purpose", "public"}, {"key", kPublic}, {"payload", "x"}})) == "keys.wrong_key_type");
    CHECK(error_code(issue({{"purpose", "local"}, {"key", kSecret}, {"payload", "x"}})) == "keys.wrong_key_type");
    CHECK(error_code(issue({{"purpose", "local"}, {"key", "k4.local.AAAA"}, {"payload", "x"}})) == "keys.invalid_key");
    CHECK(error_code(issue({{"purpose", "public"}, {"key", "nope"}, {"payload", "x"}})) == "keys.invalid_key");
    auto token = issue({{"purpose", "public"}, {"key", kSecret}, {"payload", "x"}})["token"];
    CHECK(error_code(verify({{"token", token}, {"key", kSecret}})) == "keys.wrong_key_type");
    CHECK(error_code(verify({{"token", token}, {"key", "k4.public.AAAA"}})) == "keys.invalid_key");
    // A valid key of the other purpose: the token, not the key, is wrong.
    CHECK(error_code(verify({{"token", token}, {"key", kLocalKey}})) == "token.invalid");
  }

  TEST_CASE("token op inputs are checked field by field") {
    struct Case { const char* op; json input; };
    const Case cases[] = {
        {"token.issue", json::object()},
        {"token.issue", {{"purpose", "secret"}, {"key", kSecret}, {"payload", "x"}}},
        {"token.issue", {{"purpose", "public"}, {"key", kSecret}, {"payload", 1}}},
        {"token.issue", {{"purpose", "public"}, {"key", kSecret}, {"payload", "x"}, {"footer", 1}}},
        {"token.issue", {{"purpose", "public"}, {"key", kSecret}, {"payload", "x"}, {"nonce", std::string(43, 'A')}}},
        {"token.issue", {{"purpose", "local"}, {"key", kLocalKey}, {"payload", "x"}, {"nonce", "AAAA"}}},
        {"token.verify", {{"key", kPublic}}},
        {"token.verify", {{"token", "v4.public.x"}, {"key", kPublic}, {"implicit", false}}},
    };
    for (const auto& c : cases) {
      CAPTURE(c.input.dump());
      CHECK(error_code(medins::call(c.op, c.input)) == "token.bad_input");
    }
  }

  TEST_CASE("v4.local without entropy is token.no_entropy") {
    medins::testing::NoEntropy none;
    medins::Env env;
    env.random = &none;
    CHECK(error_code(medins::call("token.issue", {{"purpose", "local"}, {"key", kLocalKey}, {"payload", "x"}}, env)) ==
          "token.no_entropy");
    // Signing needs no randomness.
    CHECK(error_code(medins::call("token.issue", {{"purpose", "public"}, {"key", kSecret}, {"payload", "x"}}, env)) == "");
  }

  TEST_CASE("typed API agrees with the ops") {
    medins::testing::CountingRandom random;
    auto token = medins::identity::issue_token(medins::identity::TokenPurpose::kPublic, kSecret, "p", "f", "i", random);
    REQUIRE(token.ok());
    auto opened = medins::identity::verify_token(*token, kPublic, "i");
    REQUIRE(opened.ok());
    CHECK(opened->payload == "p");
    CHECK(opened->footer == "f");
    CHECK(medins::identity::verify_token(*token, kPublic, "").status().code() == medins::Code::TokenInvalid);
  }
}
