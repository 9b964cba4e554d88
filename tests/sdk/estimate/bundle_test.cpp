#include <doctest/doctest.h>

#include "estimate/estimate_support.hpp"

// Signed policy bundles: policy.sign, policy.verify, and estimate from a bundle.
namespace {

using nlohmann::json;
using namespace medins::testing;

struct Pair {
  std::string secret, public_key;
};

Pair key_pair(const char* seed) {
  json out = medins::call("keys.generate", {{"type", "public"}, {"seed", seed}});
  return {out["secret"].get<std::string>(), out["public"].get<std::string>()};
}

const char* kSeedA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const char* kSeedB = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE";

std::string sign(const json& policy, const std::string& secret) {
  json out = medins::call("policy.sign", {{"policy", policy}, {"key", secret}});
  REQUIRE_MESSAGE(error_code(out).empty(), out.dump());
  return out["policy_bundle"].get<std::string>();
}

}  // namespace

TEST_SUITE("estimate") {
  TEST_CASE("a signed policy verifies under its key and estimates like the raw policy") {
    Pair a = key_pair(kSeedA);
    json signed_out = medins::call("policy.sign", {{"policy", base_policy()}, {"key", a.secret}});
    const std::string bundle = signed_out["policy_bundle"].get<std::string>();
    CHECK(bundle.rfind("v4.public.", 0) == 0);
    const json kid = medins::call("keys.id", {{"key", a.public_key}})["id"];
    CHECK(signed_out["kid"] == kid);
    json verified = medins::call("policy.verify", {{"policy_bundle", bundle}, {"keys", {a.public_key}}});
    CHECK(verified["policy"] == base_policy());
    CHECK(verified["kid"] == kid);
    json from_bundle = medins::call("estimate", {{"policy_bundle", bundle}, {"keys", {key_pair(kSeedB).public_key, a.public_key}},
                                                 {"accumulators", base_accumulators()}, {"bill", base_bill()}});
    CHECK(from_bundle == run_estimate(base_policy(), base_accumulators(), base_bill()));
  }

  TEST_CASE("a tampered bundle, a wrong key or another token is refused") {
    Pair a = key_pair(kSeedA), b = key_pair(kSeedB);
    std::string bundle = sign(base_policy(), a.secret);
    std::string tampered = bundle;
    tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
    auto verify = [](const std::string& token, const std::string& key) {
      return error_code(medins::call("policy.verify", {{"policy_bundle", token}, {"keys", {key}}}));
    };
    CHECK(verify(tampered, a.public_key) == "policy.invalid");
    CHECK(verify(bundle, b.public_key) == "policy.unknown_key");
    CHECK(verify("v4.public.AAAA", a.public_key) == "policy.invalid");
    CHECK(verify("not a token", a.public_key) == "policy.invalid");
    json estimate_in = {{"policy_bundle", tampered}, {"keys", {a.public_key}},
                        {"accumulators", base_accumulators()}, {"bill", base_bill()}};
    CHECK(error_code(medins::call("estimate", estimate_in)) == "policy.invalid");
    estimate_in["policy_bundle"] = bundle;
    estimate_in["keys"] = {b.public_key};
    CHECK(error_code(medins::call("estimate", estimate_in)) == "policy.unknown_key");
    // The same key signing the same bytes for another purpose (no implicit assertion).
    json token = medins::call("token.issue", {{"purpose", "public"}, {"key", a.secret},
                                              {"payload", base_policy().dump()}});
    CHECK(verify(token["token"].get<std::string>(), a.public_key) == "policy.invalid");
    // Without a kid each key is tried; with the right implicit assertion it verifies.
    token = medins::call("token.issue", {{"purpose", "public"}, {"key", a.secret}, {"payload", base_policy().dump()},
                                         {"implicit", "medins:fee-policy/0.1"}});
    CHECK(verify(token["token"].get<std::string>(), a.public_key).empty());
    CHECK(verify(token["token"].get<std::string>(), b.public_key) == "policy.invalid");
    // A signed payload that is not a policy object.
    token = medins::call("token.issue", {{"purpose", "public"}, {"key", a.secret}, {"payload", "[1,2]"},
                                         {"implicit", "medins:fee-policy/0.1"}});
    CHECK(verify(token["token"].get<std::string>(), a.public_key) == "policy.invalid");
  }

  TEST_CASE("policy.sign checks the policy and the key; estimate takes one policy source") {
    Pair a = key_pair(kSeedA);
    json policy = base_policy();
    policy["versions"].push_back(policy["versions"][0]);
    CHECK(error_code(medins::call("policy.sign", {{"policy", policy}, {"key", a.secret}})) ==
          "policy.overlapping_versions");
    CHECK(error_code(medins::call("policy.sign", {{"policy", base_policy()}, {"key", a.public_key}})) ==
          "keys.wrong_key_type");
    CHECK(error_code(medins::call("policy.sign", {{"policy", base_policy()}})) == "policy.bad_input");
    CHECK(error_code(medins::call("policy.verify", {{"policy_bundle", "x"}, {"keys", {"k4.public.nope"}}})) ==
          "policy.bad_input");
    json both = {{"policy", base_policy()}, {"policy_bundle", sign(base_policy(), a.secret)},
                 {"keys", {a.public_key}}, {"accumulators", base_accumulators()}, {"bill", base_bill()}};
    CHECK(error_code(medins::call("estimate", both)) == "estimate.bad_input");
    both.erase("keys");
    both.erase("policy");
    CHECK(error_code(medins::call("estimate", both)) == "estimate.bad_input");
  }
}
