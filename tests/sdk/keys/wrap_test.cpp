#include <doctest/doctest.h>

#include "internal/encoding.hpp"
#include "keys/paserk.hpp"
#include "medins/call.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;

namespace {

// Small Argon2id costs at the floor keep these tests fast; the official
// vectors (tests/vectors/keys.unwrap_password) exercise 64 and 256 MiB.
constexpr std::int64_t kTestMem = 1024 * 1024;

json gen(const char* type) { return medins::call("keys.generate", {{"type", type}}); }

std::string flip_last_body_char(std::string s) {
  // 'A' <-> 'Q' differ in a high bit of the last full sextet, so the string
  // stays canonical base64url and only the tag check can notice.
  char& c = s[s.size() - 3];
  c = c == 'A' ? 'Q' : 'A';
  return s;
}

}  // namespace

TEST_SUITE("keys") {
  TEST_CASE("k4.seal round-trips to the matching secret key only") {
    auto local = gen("local")["local"];
    auto pair = gen("public");
    auto other = gen("public");
    auto sealed = medins::call("keys.seal", {{"key", local}, {"to", pair["public"]}});
    REQUIRE(sealed.contains("sealed"));
    CHECK(sealed["sealed"].get<std::string>().rfind("k4.seal.", 0) == 0);
    CHECK(medins::call("keys.unseal", {{"sealed", sealed["sealed"]}, {"key", pair["secret"]}}) == json{{"local", local}});
    CHECK(error_code(medins::call("keys.unseal", {{"sealed", sealed["sealed"]}, {"key", other["secret"]}})) ==
          "keys.unwrap_failed");
    CHECK(error_code(medins::call("keys.unseal", {{"sealed", flip_last_body_char(sealed["sealed"])}, {"key", pair["secret"]}})) ==
          "keys.unwrap_failed");
    // Two seals of one key differ (fresh ephemeral key each time).
    CHECK(medins::call("keys.seal", {{"key", local}, {"to", pair["public"]}}) != sealed);
  }

  TEST_CASE("password wrapping round-trips local and secret keys") {
    for (const char* type : {"local", "public"}) {
      CAPTURE(type);
      auto generated = gen(type);
      auto key = std::string(type) == "local" ? generated["local"] : generated["secret"];
      auto wrapped = medins::call("keys.wrap_password", {{"key", key}, {"password", "1234"}, {"memlimit", kTestMem}, {"opslimit", 1}});
      REQUIRE(wrapped.contains("wrapped"));
      const std::string prefix = std::string(type) == "local" ? "k4.local-pw." : "k4.secret-pw.";
      CHECK(wrapped["wrapped"].get<std::string>().rfind(prefix, 0) == 0);
      CHECK(medins::call("keys.unwrap_password", {{"wrapped", wrapped["wrapped"]}, {"password", "1234"}}) == json{{"key", key}});
      CHECK(error_code(medins::call("keys.unwrap_password", {{"wrapped", wrapped["wrapped"]}, {"password", "1235"}})) ==
            "keys.unwrap_failed");
      CHECK(error_code(medins::call("keys.unwrap_password", {{"wrapped", flip_last_body_char(wrapped["wrapped"])}, {"password", "1234"}})) ==
            "keys.unwrap_failed");
    }
  }

  TEST_CASE("Argon2id costs are bounded on wrap and on unwrap") {
    auto local = gen("local")["local"];
    for (json params : {json{{"parallelism", 2}, {"memlimit", kTestMem}, {"opslimit", 1}},
                        json{{"memlimit", 1024 * 1024 - 1}, {"opslimit", 1}},
                        json{{"memlimit", 64LL * 1024 * 1024 + 1}, {"opslimit", 1}},
                        json{{"memlimit", kTestMem}, {"opslimit", 0}},
                        json{{"memlimit", kTestMem}, {"opslimit", 5}}}) {
      CAPTURE(params.dump());
      params["key"] = local;
      params["password"] = "pw";
      CHECK(error_code(medins::call("keys.wrap_password", params)) == "keys.unsupported_parameters");
    }
    // A wrapped key whose recorded costs were raised (or its parallelism set
    // to 4) is refused before Argon2 runs, not after exhausting memory.
    auto wrapped = medins::call("keys.wrap_password", {{"key", local}, {"password", "pw"}, {"memlimit", kTestMem}, {"opslimit", 1}})["wrapped"].get<std::string>();
    auto body = *medins::internal::base64url_decode(wrapped.substr(12));
    auto para = body;
    para[16 + 8 + 4 + 3] = 4;
    CHECK(error_code(medins::call("keys.unwrap_password", {{"wrapped", "k4.local-pw." + medins::internal::base64url_encode(para)}, {"password", "pw"}})) ==
          "keys.unsupported_parameters");
    auto mem = body;
    mem[16 + 3] = 0x01;  // memlimit += 2^32 bytes
    CHECK(error_code(medins::call("keys.unwrap_password", {{"wrapped", "k4.local-pw." + medins::internal::base64url_encode(mem)}, {"password", "pw"}})) ==
          "keys.unsupported_parameters");
    // Costs in range but altered: the tag covers them.
    auto ops = body;
    ops[16 + 8 + 3] = 2;
    CHECK(error_code(medins::call("keys.unwrap_password", {{"wrapped", "k4.local-pw." + medins::internal::base64url_encode(ops)}, {"password", "pw"}})) ==
          "keys.unwrap_failed");
  }

  TEST_CASE("pie wrapping round-trips under the wrapping key only") {
    auto wk = gen("local")["local"];
    auto other_wk = gen("local")["local"];
    for (const char* type : {"local", "public"}) {
      CAPTURE(type);
      auto generated = gen(type);
      auto key = std::string(type) == "local" ? generated["local"] : generated["secret"];
      auto wrapped = medins::call("keys.wrap", {{"key", key}, {"wrapping_key", wk}});
      REQUIRE(wrapped.contains("wrapped"));
      CHECK(medins::call("keys.unwrap", {{"wrapped", wrapped["wrapped"]}, {"wrapping_key", wk}}) == json{{"key", key}});
      CHECK(error_code(medins::call("keys.unwrap", {{"wrapped", wrapped["wrapped"]}, {"wrapping_key", other_wk}})) == "keys.unwrap_failed");
    }
  }

  TEST_CASE("official k4.local-pw vectors at 64 MiB unwrap through the typed API") {
    const json doc = medins::testing::read_json("tests/vectors/official/paserk-k4/k4.local-pw.json");
    int unwrapped = 0;
    for (const auto& t : doc["tests"]) {
      if (t["expect-fail"].get<bool>() || t["options"]["memlimit"] != 67108864) continue;
      ++unwrapped;
      CAPTURE(t["name"]);
      auto key = medins::keys::unwrap_local_pw(t["paserk"].get<std::string>(), t["password"].get<std::string>());
      REQUIRE(key.ok());
      CHECK(medins::internal::hex_encode(key->bytes.span()) == t["unwrapped"].get<std::string>());
    }
    CHECK(unwrapped == 1);
  }

  TEST_CASE("wrapping without entropy is keys.no_entropy") {
    medins::testing::NoEntropy none;
    medins::Env env;
    env.random = &none;
    auto local = gen("local")["local"];
    auto pair = gen("public");
    CHECK(error_code(medins::call("keys.seal", {{"key", local}, {"to", pair["public"]}}, env)) == "keys.no_entropy");
    CHECK(error_code(medins::call("keys.wrap", {{"key", local}, {"wrapping_key", local}}, env)) == "keys.no_entropy");
    CHECK(error_code(medins::call("keys.wrap_password", {{"key", local}, {"password", "p"}, {"memlimit", kTestMem}, {"opslimit", 1}}, env)) ==
          "keys.no_entropy");
  }

  TEST_CASE("wrapping ops check their inputs") {
    auto local = gen("local")["local"];
    auto pair = gen("public");
    struct Case { const char* op; json input; const char* code; };
    const Case cases[] = {
        {"keys.seal", {{"key", local}}, "keys.bad_input"},
        {"keys.seal", {{"key", pair["secret"]}, {"to", pair["public"]}}, "keys.wrong_key_type"},
        {"keys.seal", {{"key", local}, {"to", pair["secret"]}}, "keys.wrong_key_type"},
        {"keys.seal", {{"key", local}, {"to", "k4.public.AAAA"}}, "keys.invalid_key"},
        {"keys.unseal", {{"sealed", "k4.seal.AAAA"}, {"key", pair["secret"]}}, "keys.invalid_key"},
        {"keys.unseal", {{"sealed", "k4.seal.AAAA"}, {"key", local}}, "keys.wrong_key_type"},
        {"keys.unseal", {{"sealed", 3}, {"key", pair["secret"]}}, "keys.bad_input"},
        {"keys.wrap_password", {{"key", local}}, "keys.bad_input"},
        {"keys.wrap_password", {{"key", local}, {"password", "p"}, {"memlimit", -1}}, "keys.bad_input"},
        {"keys.wrap_password", {{"key", local}, {"password", "p"}, {"opslimit", 1LL << 40}}, "keys.bad_input"},
        {"keys.wrap_password", {{"key", local}, {"password", "p"}, {"parallelism", -1}}, "keys.bad_input"},
        {"keys.wrap_password", {{"key", pair["public"]}, {"password", "p"}}, "keys.wrong_key_type"},
        {"keys.unwrap_password", {{"wrapped", "k4.local-pw.AAAA"}, {"password", "p"}}, "keys.invalid_key"},
        {"keys.unwrap_password", {{"wrapped", "k4.local.AAAA"}, {"password", "p"}}, "keys.invalid_key"},
        {"keys.unwrap_password", {{"wrapped", "k4.local-pw.AAAA"}}, "keys.bad_input"},
        {"keys.wrap", {{"key", local}, {"wrapping_key", pair["secret"]}}, "keys.wrong_key_type"},
        {"keys.wrap", {{"key", pair["public"]}, {"wrapping_key", local}}, "keys.wrong_key_type"},
        {"keys.unwrap", {{"wrapped", "k4.local-wrap.pie.AAAA"}, {"wrapping_key", local}}, "keys.invalid_key"},
        {"keys.unwrap", {{"wrapped", "k4.local-wrap.pie.AAAA"}}, "keys.bad_input"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.op);
      CAPTURE(c.input.dump());
      CHECK(error_code(medins::call(c.op, c.input)) == c.code);
    }
  }
}
