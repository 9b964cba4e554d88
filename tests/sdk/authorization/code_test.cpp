#include <doctest/doctest.h>

#include "authorization/internal.hpp"
#include "internal/encoding.hpp"
#include "keys/paserk.hpp"
#include "medins/authorization.hpp"
#include "medins/call.hpp"
#include "device_support.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
namespace auth = medins::authorization;

namespace {

constexpr std::int64_t kNow = 1767225600;  // a multiple of 30: a step starts here

struct Issuer {
  json device = medins::call("keys.generate", {{"type", "public"}});
  json provisioned = medins::call("code.provision", {{"device", device["public"]}, {"key_index", 1234567}});

  std::string code_at(std::int64_t t) {
    auto key = medins::keys::require_local(provisioned["secret"].get<std::string>());
    return auth::code_for_secret(key->bytes.span(), 1234567, t)->code;
  }
  json verify(const std::string& code, std::int64_t now, json state = nullptr, json extra = json::object()) {
    json in = {{"code", code}, {"secret", provisioned["secret"]}, {"key_index", 1234567}, {"now", now}};
    if (!state.is_null()) in["state"] = state;
    in.update(extra);
    return medins::call("code.verify", in);
  }
};

}  // namespace

TEST_SUITE("authorization") {
  TEST_CASE("the code layout: scheme, key index, 8 TOTP digits, Luhn digit") {
    Issuer is;
    const std::string code = is.code_at(kNow);
    REQUIRE(code.size() == 18);
    CHECK(code.substr(0, 2) == "90");
    CHECK(code.substr(2, 7) == "1234567");
    CHECK(auth::luhn_digit(code.substr(0, 17)) == code[17]);
    CHECK(auth::luhn_digit("7992739871") == '3');  // the textbook Luhn example
    auto key = medins::keys::require_local(is.provisioned["secret"].get<std::string>());
    auto g = auth::code_for_secret(key->bytes.span(), 1234567, kNow + 29);
    CHECK(g->code == code);
    CHECK(g->valid_from == kNow);
    CHECK(g->valid_until == kNow + 30);
    CHECK(auth::code_for_secret(key->bytes.span(), 10000000, kNow).status().code() == medins::Code::CodeBadInput);
  }

  TEST_CASE("the sealed secret opens only with the device's key, to the issuer's secret") {
    Issuer is;
    CHECK(medins::call("keys.unseal", {{"sealed", is.provisioned["sealed"]}, {"key", is.device["secret"]}})["local"] ==
          is.provisioned["secret"]);
    json other = medins::call("keys.generate", {{"type", "public"}});
    CHECK(error_code(medins::call("keys.unseal", {{"sealed", is.provisioned["sealed"]}, {"key", other["secret"]}})) ==
          "keys.unwrap_failed");
    CHECK(error_code(medins::call("code.provision", {{"device", is.device["public"]}, {"key_index", -1}})) ==
          "code.bad_input");
    CHECK(error_code(medins::call("code.provision", {{"device", "k4.public.nope"}, {"key_index", 1}})) ==
          "keys.invalid_key");
    medins::testing::NoEntropy none;
    medins::Env env;
    env.random = &none;
    CHECK(error_code(medins::call("code.provision", {{"device", is.device["public"]}, {"key_index", 1}}, env)) ==
          "code.no_entropy");
  }

  TEST_CASE("a code verifies in its window, not outside it, and not twice") {
    Issuer is;
    const std::string code = is.code_at(kNow);
    auto ok = is.verify(code, kNow + 31);  // one step later: the counter's clock is ahead
    REQUIRE_MESSAGE(ok["valid"] == true, ok.dump());
    CHECK(ok["offset"] == -1);
    CHECK(ok["state"] == json{{"last_step", kNow / 30}, {"failures", 0}});
    CHECK(error_code(is.verify(code, kNow + 31, ok["state"])) == "code.reused");
    // An older code after a newer one is a reuse too.
    const std::string older = is.code_at(kNow - 30);
    CHECK(error_code(is.verify(older, kNow, ok["state"])) == "code.reused");
    auto next = is.verify(is.code_at(kNow + 30), kNow + 31, ok["state"]);
    CHECK(next["valid"] == true);
    auto late = is.verify(code, kNow + 61);
    CHECK(late["valid"] == false);
    CHECK(late["state"]["failures"] == 1);
    CHECK(is.verify(code, kNow + 61, nullptr, {{"window", 2}})["valid"] == true);
  }

  TEST_CASE("wrong codes count per device, lock it, and a right one resets the count") {
    Issuer is;
    std::string code = is.code_at(kNow);
    std::string wrong = code.substr(0, 9) + (code[9] == '0' ? "1" : "0") + code.substr(10, 7);
    wrong += auth::luhn_digit(wrong);
    json state = nullptr;
    for (int i = 1; i <= 2; ++i) {
      auto out = is.verify(wrong, kNow, state, {{"max_failures", 3}});
      CHECK(out["valid"] == false);
      state = out["state"];
      CHECK(state["failures"] == i);
    }
    auto good = is.verify(code, kNow, state, {{"max_failures", 3}});
    CHECK(good["valid"] == true);
    CHECK(good["state"]["failures"] == 0);
    json locked = {{"last_step", nullptr}, {"failures", 3}};
    CHECK(error_code(is.verify(code, kNow, locked, {{"max_failures", 3}})) == "code.locked");
  }

  TEST_CASE("misread codes answer their own codes and count no failure") {
    Issuer is;
    std::string code = is.code_at(kNow);
    std::string typo = code;
    typo[5] = typo[5] == '9' ? '0' : static_cast<char>(typo[5] + 1);
    CHECK(error_code(is.verify(typo, kNow)) == "code.check_digit");
    CHECK(error_code(is.verify(code.substr(1), kNow)) == "code.malformed");
    CHECK(error_code(is.verify("91" + code.substr(2), kNow)) == "code.malformed");
    CHECK(error_code(is.verify(code.substr(0, 17) + "x", kNow)) == "code.malformed");
    std::string other = "90" + std::string("7654321") + code.substr(9, 8);
    other += auth::luhn_digit(other);
    CHECK(error_code(is.verify(other, kNow)) == "code.wrong_key_index");
    CHECK(error_code(is.verify(code, kNow, nullptr, {{"window", 5}})) == "code.bad_input");
    CHECK(error_code(is.verify(code, kNow, {{"failures", "x"}})) == "code.bad_input");
    CHECK(error_code(is.verify(code, kNow, nullptr, {{"secret", "k4.local.short"}})) == "code.bad_input");
  }
}

TEST_SUITE("authorization") {
  TEST_CASE("code.generate: the device opens its sealed secret; the issuer verifies the code once") {
    json device = medins::testing::pre_floor_pin_device("246810");
    json provisioned = medins::call("code.provision", {{"device", device["public"]}, {"key_index", 4242}});
    const std::int64_t now = 1767225600 + 7;
    json code = medins::call("code.generate", {{"sealed", provisioned["sealed"]}, {"key_index", 4242},
                                               {"device", device["device"]}, {"pin", "246810"}, {"now", now}});
    REQUIRE_MESSAGE(error_code(code).empty(), code.dump());
    CHECK(code["code"].get<std::string>().size() == 18);
    CHECK(code["code"].get<std::string>().substr(0, 9) == "900004242");
    CHECK(code["valid_from"] == 1767225600);
    CHECK(code["valid_until"] == 1767225630);
    json check = {{"code", code["code"]}, {"secret", provisioned["secret"]}, {"key_index", 4242}, {"now", now + 20}};
    json verdict = medins::call("code.verify", check);
    REQUIRE(verdict["valid"] == true);
    check["state"] = verdict["state"];
    CHECK(error_code(medins::call("code.verify", check)) == "code.reused");

    json other = medins::testing::pre_floor_pin_device("135790");
    json in = {{"sealed", provisioned["sealed"]}, {"key_index", 4242}, {"device", other["device"]}, {"pin", "135790"}};
    CHECK(error_code(medins::call("code.generate", in)) == "code.wrong_device");
    in["device"] = device["device"];
    CHECK(error_code(medins::call("code.generate", in)) == "device.wrong_secret");
    in["pin"] = "246810";
    in["sealed"] = "k4.seal.AAAA";
    CHECK(error_code(medins::call("code.generate", in)) == "code.bad_input");
    in["sealed"] = provisioned["sealed"];
    in["key_index"] = 10000000;
    CHECK(error_code(medins::call("code.generate", in)) == "code.bad_input");
  }
}
