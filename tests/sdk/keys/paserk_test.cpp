#include <doctest/doctest.h>

#include "internal/encoding.hpp"
#include "keys/paserk.hpp"
#include "medins/call.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
using medins::testing::read_json;

namespace {

std::vector<std::uint8_t> hex(const json& v) { return *medins::internal::hex_decode(v.get<std::string>()); }

json official(const std::string& name) {
  return read_json("tests/vectors/official/paserk-k4/" + name + ".json")["tests"];
}

}  // namespace

TEST_SUITE("keys") {
  TEST_CASE("k4.local / k4.public / k4.secret serialize as the official vectors") {
    for (auto [name, encode, size] :
         {std::tuple{"k4.local", &medins::keys::encode_local, 32u},
          std::tuple{"k4.public", &medins::keys::encode_public, 32u},
          std::tuple{"k4.secret", &medins::keys::encode_secret, 64u}}) {
      for (const auto& t : official(name)) {
        CAPTURE(t["name"]);
        if (!t["expect-fail"].get<bool>()) {
          auto key = hex(t["key"]);
          CHECK(encode(key) == t["paserk"].get<std::string>());
          CHECK(medins::keys::key_type(t["paserk"].get<std::string>()).ok());
        } else if (t["paserk"].is_string()) {
          CHECK(!medins::keys::key_type(t["paserk"].get<std::string>()).ok());
        } else {
          // A key of the wrong size has no k4 serialization at all.
          CHECK(hex(t["key"]).size() != size);
        }
      }
    }
  }

  TEST_CASE("keys.id matches k4.lid, k4.pid and k4.sid vectors") {
    for (auto [name, encode] : {std::pair{"k4.lid", &medins::keys::encode_local},
                                std::pair{"k4.pid", &medins::keys::encode_public},
                                std::pair{"k4.sid", &medins::keys::encode_secret}}) {
      for (const auto& t : official(name)) {
        CAPTURE(t["name"]);
        auto key = hex(t["key"]);
        if (t["expect-fail"].get<bool>()) {
          auto out = medins::call("keys.id", json{{"key", encode(key)}});
          CHECK(error_code(out) == "keys.invalid_key");
          continue;
        }
        auto out = medins::call("keys.id", json{{"key", encode(key)}});
        CHECK(out["id"] == t["paserk"]);
      }
    }
  }

  TEST_CASE("keys.generate with a seed matches the k4.secret vectors") {
    for (const auto& t : official("k4.secret")) {
      if (t["expect-fail"].get<bool>()) continue;
      auto seed = hex(t["secret-key-seed"]);
      auto out = medins::call("keys.generate", json{{"type", "public"}, {"seed", medins::internal::base64url_encode(seed)}});
      CHECK(out["secret"] == t["paserk"]);
      CHECK(out["public"] == medins::keys::encode_public(hex(t["public-key"])));
    }
  }

  TEST_CASE("keys.generate without a seed gives fresh valid keys") {
    auto a = medins::call("keys.generate", json{{"type", "public"}});
    auto b = medins::call("keys.generate", json{{"type", "public"}});
    CHECK(a["secret"] != b["secret"]);
    CHECK(medins::keys::key_type(a["secret"].get<std::string>()).value() == medins::keys::KeyType::kSecret);
    auto local = medins::call("keys.generate", json{{"type", "local"}});
    CHECK(medins::keys::key_type(local["local"].get<std::string>()).value() == medins::keys::KeyType::kLocal);
  }

  TEST_CASE("no entropy means keys.no_entropy, never a weak key") {
    medins::testing::NoEntropy none;
    medins::Env env;
    env.random = &none;
    CHECK(error_code(medins::call("keys.generate", json{{"type", "public"}}, env)) == "keys.no_entropy");
    CHECK(error_code(medins::call("keys.generate", json{{"type", "local"}}, env)) == "keys.no_entropy");
    // A caller-provided seed needs no entropy.
    CHECK(error_code(medins::call("keys.generate", json{{"type", "public"}, {"seed", std::string(43, 'A')}}, env)) == "");
  }

  TEST_CASE("bad inputs of keys ops have stable codes") {
    struct Case { const char* op; json input; const char* code; };
    const Case cases[] = {
        {"keys.generate", json::object(), "keys.bad_input"},
        {"keys.generate", json{{"type", 3}}, "keys.bad_input"},
        {"keys.generate", json{{"type", "secret"}}, "keys.bad_input"},
        {"keys.generate", json{{"type", "public"}, {"seed", "AAAA"}}, "keys.bad_input"},
        {"keys.generate", json{{"type", "public"}, {"seed", std::string(43, 'A') + "="}}, "keys.bad_input"},
        {"keys.generate", json{{"type", "public"}, {"seed", std::string(42, 'A') + "B"}}, "keys.bad_input"},
        {"keys.generate", json{{"type", "local"}, {"seed", std::string(43, 'A')}}, "keys.bad_input"},
        {"keys.id", json{{"key", 1}}, "keys.bad_input"},
        {"keys.id", json{{"key", ""}}, "keys.invalid_key"},
        {"keys.id", json{{"key", "k3.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}, "keys.invalid_key"},
        {"keys.id", json{{"key", "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}, "keys.invalid_key"},
        {"keys.id", json{{"key", "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+"}}, "keys.invalid_key"},
        {"keys.id", json{{"key", "k4.lid.bqltbNc4JLUAmc9Xtpok-fBuI0dQN5_m3CD9W_nbh559"}}, "keys.invalid_key"},
        // Public half that does not belong to the seed.
        {"keys.id", json{{"key", "k4.secret.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA7aie8zrakLWKjqNAqbw1zZTIVdx3iQ6Y6wEihi1naKA"}}, "keys.invalid_key"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.input.dump());
      CHECK(error_code(medins::call(c.op, c.input)) == c.code);
    }
  }
}
