// Drives grant.verify with a fixed, valid identity setup and an arbitrary
// grant string, then with arbitrary bytes spliced into a valid grant: every
// answer must be an error object (never a crash, an abort or an
// authorization for a grant the device did not sign).
#include <cstdint>
#include <string>

#include "authorization/internal.hpp"
#include "medins/call.hpp"

namespace {

struct Setup {
  nlohmann::json input;
  std::string good;
  Setup() {
    const std::string seed_a(43, 'A'), seed_b = std::string(42, 'B') + "A";
    auto issuer = medins::call("keys.generate", {{"type", "public"}, {"seed", seed_a}});
    auto device = medins::call("keys.generate", {{"type", "public"}, {"seed", seed_b}});
    auto token = medins::call("identity.issue", {{"key", issuer["secret"]}, {"now", 1767225600},
                                                 {"device", device["public"]}, {"claims", {{"aud", "app"}}}})["token"];
    nlohmann::json order = {{"order_id", "o"}, {"payee", "h"},
                            {"amounts", {{"fund_fen", 1}, {"account_fen", 2}, {"cash_fen", 3}}}};
    input = {{"identity_token", token}, {"keys", {issuer["public"]}}, {"audience", "app"},
             {"now", 1767225600}, {"order", order}, {"scope", "registration"}, {"consent_text", "ok"}};
    auto key = medins::keys::require_secret(device["secret"].get<std::string>());
    medins::authorization::GrantClaims c{*medins::authorization::read_order(order), "registration",
                                         medins::authorization::blake2b_b64(token.get<std::string>()),
                                         medins::authorization::blake2b_b64("ok"),
                                         1767225600, 1767225900, "j"};
    good = medins::authorization::sign_grant(*key, c);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Setup setup;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  nlohmann::json in = setup.input;
  in["grant"] = bytes;
  nlohmann::json out = medins::call("grant.verify", in);
  if (!out.is_object() || (!out.contains("error") && bytes != setup.good)) __builtin_trap();
  if (size > 0) {
    std::string spliced = setup.good;
    const std::size_t at = data[0] % spliced.size();
    spliced.replace(at, std::min(size - 1, spliced.size() - at), bytes.substr(1));
    in["grant"] = spliced;
    out = medins::call("grant.verify", in);
    if (!out.is_object() || (!out.contains("error") && spliced != setup.good)) __builtin_trap();
  }
  return 0;
}
