#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "estimate/estimate_support.hpp"
#include "estimate/prepared.hpp"

// policy.prepare, policy.release and estimate with a policy_handle.
namespace {

using nlohmann::json;
using namespace medins::testing;
namespace fs = std::filesystem;

std::string prepare(const json& input) {
  json out = medins::call("policy.prepare", input);
  REQUIRE_MESSAGE(error_code(out).empty(), out.dump());
  return out["policy_handle"].get<std::string>();
}

json with_handle(json input, const std::string& handle) {
  input.erase("policy");
  input.erase("policy_bundle");
  input.erase("keys");
  input["policy_handle"] = handle;
  return input;
}

}  // namespace

TEST_SUITE("estimate") {
  TEST_CASE("policy.prepare: every estimate vector gives the same answer with a handle as with its policy") {
    const fs::path dir = fs::path(MEDINS_SOURCE_DIR) / "tests" / "vectors" / "estimate";
    std::size_t compared = 0;
    for (const auto& file : fs::directory_iterator(dir)) {
      std::ifstream in(file.path());
      for (const json& c : json::parse(in)) {
        if (!c.contains("input") || !c["input"].is_object()) continue;
        const json& input = c["input"];
        if (input.contains("policy_handle")) continue;  // handles.json: the handle's own refusals
        json prepare_input = json::object();
        for (const char* field : {"policy", "policy_bundle", "keys"})
          if (input.contains(field)) prepare_input[field] = input[field];
        json prepared = medins::call("policy.prepare", prepare_input);
        if (!error_code(prepared).empty()) continue;  // a refused policy: estimate refuses it too (other vectors)
        const json direct = medins::call("estimate", input);
        const json handled = medins::call("estimate", with_handle(input, prepared["policy_handle"].get<std::string>()));
        INFO(file.path().filename().string() << ": " << c["name"].get<std::string>());
        CHECK(handled == direct);
        ++compared;
      }
    }
    CHECK(compared >= 19);  // every vector whose policy prepares, today
  }

  TEST_CASE("policy.prepare: a bundle is verified once; the output names the policy and its signer") {
    json key = medins::call("keys.generate", {{"type", "public"}, {"seed", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
    const json bundle = medins::call("policy.sign", {{"policy", base_policy()}, {"key", key["secret"]}})["policy_bundle"];
    json out = medins::call("policy.prepare", {{"policy_bundle", bundle}, {"keys", {key["public"]}}});
    REQUIRE_MESSAGE(error_code(out).empty(), out.dump());
    CHECK(out["kid"] == medins::call("keys.id", {{"key", key["public"]}})["id"]);
    CHECK(out["policy_id"] == base_policy()["policy_id"]);
    const json input{{"policy", base_policy()}, {"accumulators", base_accumulators()}, {"bill", base_bill()}};
    CHECK(medins::call("estimate", with_handle(input, out["policy_handle"].get<std::string>())) ==
          medins::call("estimate", input));
    // The same refusals as policy.verify and policy.validate.
    json other = medins::call("keys.generate", {{"type", "public"}, {"seed", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}});
    CHECK(error_code(medins::call("policy.prepare", {{"policy_bundle", bundle}, {"keys", {other["public"]}}})) ==
          "policy.unknown_key");
    json broken = base_policy();
    broken["versions"].push_back(broken["versions"][0]);
    CHECK(error_code(medins::call("policy.prepare", {{"policy", broken}})) == "policy.overlapping_versions");
  }

  TEST_CASE("policy.prepare keeps the 8 most recently used; release and eviction refuse the handle") {
    const json input{{"accumulators", base_accumulators()}, {"bill", base_bill()}};
    const std::string first = prepare({{"policy", base_policy()}});
    std::string second = prepare({{"policy", base_policy()}});
    CHECK(first != second);
    for (std::size_t i = 0; i + 2 < medins::estimate::kMaxPreparedPolicies; ++i) prepare({{"policy", base_policy()}});
    // first is used now, so the next prepare drops second, the least recently used.
    CHECK(error_code(medins::call("estimate", with_handle(input, first))).empty());
    prepare({{"policy", base_policy()}});
    CHECK(error_code(medins::call("estimate", with_handle(input, second))) == "policy.unknown_handle");
    CHECK(error_code(medins::call("estimate", with_handle(input, first))).empty());
    CHECK(medins::call("policy.release", {{"policy_handle", first}}) == json{{"released", true}});
    CHECK(error_code(medins::call("estimate", with_handle(input, first))) == "policy.unknown_handle");
    CHECK(error_code(medins::call("policy.release", {{"policy_handle", first}})) == "policy.unknown_handle");
  }

  TEST_CASE("policy.prepare and estimate: bad inputs") {
    const json acc = base_accumulators(), bill = base_bill();
    const std::string handle = prepare({{"policy", base_policy()}});
    CHECK(error_code(medins::call("policy.prepare", json::object())) == "policy.bad_input");
    CHECK(error_code(medins::call("policy.prepare", {{"policy", base_policy()}, {"policy_bundle", "v4.public.x"}, {"keys", json::array()}})) ==
          "policy.bad_input");
    CHECK(error_code(medins::call("policy.prepare", {{"policy_bundle", "v4.public.x"}})) == "policy.bad_input");
    CHECK(error_code(medins::call("policy.prepare", {{"policy_bundle", "v4.public.x"}, {"keys", json::array()}})) ==
          "policy.invalid");
    CHECK(error_code(medins::call("policy.release", json::object())) == "policy.bad_input");
    CHECK(error_code(medins::call("policy.release", {{"policy_handle", 7}})) == "policy.bad_input");
    for (const char* bad : {"", "AAAAAAAAAAAAAAAAAAAAAA", "not base64!", "AAAAAAAAAAAAAAAAAAAAAAAA"})
      CHECK(error_code(medins::call("estimate", {{"policy_handle", bad}, {"accumulators", acc}, {"bill", bill}})) ==
            "policy.unknown_handle");
    CHECK(error_code(medins::call("estimate", {{"policy_handle", handle}, {"policy", base_policy()},
                                               {"accumulators", acc}, {"bill", bill}})) == "estimate.bad_input");
    CHECK(error_code(medins::call("estimate", {{"policy_handle", 1}, {"accumulators", acc}, {"bill", bill}})) ==
          "estimate.bad_input");
    // The bill is still checked line by line.
    json bad_bill = bill;
    bad_bill["lines"][0]["quantity"] = -1;
    CHECK(error_code(medins::call("estimate", {{"policy_handle", handle}, {"accumulators", acc}, {"bill", bad_bill}})) ==
          "estimate.negative_quantity");
  }
}
