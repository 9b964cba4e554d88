#include "identity/signed_json.hpp"

#include <doctest/doctest.h>

#include "identity/paseto.hpp"
#include "internal/encoding.hpp"
#include "keys/paserk.hpp"
#include "medins/call.hpp"
#include "medins/identity.hpp"

using nlohmann::json;
namespace signed_json = medins::identity::signed_json;
using signed_json::Fault;

namespace {

struct Pair {
  medins::keys::SecretKey secret;
  medins::keys::PublicKey pub;
  std::string pid;
};

Pair pair_of(std::uint8_t fill) {
  std::vector<std::uint8_t> seed(32, fill);
  const json made =
      medins::call("keys.generate", {{"type", "public"}, {"seed", medins::internal::base64url_encode(seed)}});
  Pair p{std::move(medins::keys::require_secret(made["secret"].get<std::string>()).value()),
         *medins::keys::require_public(made["public"].get<std::string>()), ""};
  p.pid = medins::keys::pid_of(p.pub);
  return p;
}

constexpr std::string_view kImplicit = "medins.test.v1";

std::string raw(const Pair& p, std::string_view footer, std::string_view implicit = kImplicit) {
  return medins::identity::paseto::sign(p.secret, "{\"a\":1}", footer, implicit);
}

}  // namespace

TEST_SUITE("signed_json") {
  TEST_CASE("a signed payload verifies under its key, and its footer names the key") {
    const Pair a = pair_of(1), b = pair_of(2);
    const std::string token = signed_json::sign(a.secret, "{\"a\":1}", kImplicit);
    const std::vector<medins::keys::PublicKey> keys{b.pub, a.pub};
    auto v = signed_json::verify(token, keys, kImplicit);
    CHECK(v.fault == Fault::kNone);
    CHECK(v.signer == 1);
    CHECK(v.kid == a.pid);
    CHECK(v.payload == "{\"a\":1}");
    // Another implicit assertion is another kind of document.
    CHECK(signed_json::verify(token, keys, "medins.other.v1").fault == Fault::kBadSignature);
  }

  TEST_CASE("a kid picks the key; without one every key is tried unless a kid is required") {
    const Pair a = pair_of(1), b = pair_of(2), c = pair_of(3);
    const std::vector<medins::keys::PublicKey> ab{a.pub, b.pub};
    CHECK(signed_json::verify(raw(c, "{\"kid\":\"" + c.pid + "\"}"), ab, kImplicit).fault == Fault::kUnknownKid);
    // A known kid on a token another key signed is a bad signature, not unknown.
    CHECK(signed_json::verify(raw(c, "{\"kid\":\"" + a.pid + "\"}"), ab, kImplicit).fault == Fault::kBadSignature);
    auto rotated = signed_json::verify(raw(b, ""), ab, kImplicit);
    CHECK(rotated.fault == Fault::kNone);
    CHECK(rotated.signer == 1);
    CHECK(rotated.kid.empty());
    CHECK(signed_json::verify(raw(b, "{\"other\":1}"), ab, kImplicit).fault == Fault::kNone);
    CHECK(signed_json::verify(raw(c, ""), ab, kImplicit).fault == Fault::kBadSignature);
    CHECK(signed_json::verify(raw(b, ""), ab, kImplicit, true).fault == Fault::kMalformed);
    // A key listed twice is verified once and reported at its first place.
    const std::vector<medins::keys::PublicKey> twice{b.pub, a.pub, a.pub};
    CHECK(signed_json::verify(raw(a, "{\"kid\":\"" + a.pid + "\"}"), twice, kImplicit).signer == 1);
  }

  TEST_CASE("footers: one limit and one kid rule for every kind of signed JSON") {
    const Pair a = pair_of(1);
    const std::vector<medins::keys::PublicKey> keys{a.pub};
    const std::string kid = "\"kid\":\"" + a.pid + "\"";
    // Exactly 2 KiB and depth 4 pass; one byte or one level more does not.
    std::string at_limit = "{" + kid + ",\"pad\":\"";
    at_limit += std::string(medins::identity::kMaxFooterBytes - at_limit.size() - 2, 'x') + "\"}";
    REQUIRE(at_limit.size() == medins::identity::kMaxFooterBytes);
    CHECK(signed_json::verify(raw(a, at_limit), keys, kImplicit).fault == Fault::kNone);
    std::string over = at_limit;
    over.insert(over.size() - 2, "x");
    const std::string deep4 = "{" + kid + ",\"d\":[[[1]]]}";
    const std::string deep5 = "{" + kid + ",\"d\":[[[[1]]]]}";
    CHECK(signed_json::verify(raw(a, deep4), keys, kImplicit).fault == Fault::kNone);
    const std::string lid = "{\"kid\":\"k4.lid." + a.pid.substr(7) + "\"}";
    for (const std::string& bad : {over, deep5, lid, std::string("{\"kid\":3}"), std::string("[1]"),
                                   std::string("{\"kid\":\"a\",\"kid\":\"b\"}"), std::string("not json")}) {
      CAPTURE(bad);
      CHECK(!signed_json::footer_kid(bad));
      CHECK(signed_json::verify(raw(a, bad), keys, kImplicit).fault == Fault::kMalformed);
    }
    CHECK(signed_json::footer_kid("") == std::string());
    CHECK(signed_json::footer_kid("{}") == std::string());
  }

  TEST_CASE("tokens that are not v4.public are malformed") {
    const Pair a = pair_of(1);
    const std::vector<medins::keys::PublicKey> keys{a.pub};
    const std::string good = signed_json::sign(a.secret, "{}", kImplicit);
    for (const std::string& bad : {std::string(), std::string("v4.local.") + good.substr(10),
                                   std::string("v3.public.") + good.substr(10), good + ".", good + "!"}) {
      CAPTURE(bad);
      CHECK(signed_json::verify(bad, keys, kImplicit).fault == Fault::kMalformed);
    }
    // Too short to hold a signature: well-formed enough to try, never verified.
    CHECK(signed_json::verify(good.substr(0, 20), keys, kImplicit).fault == Fault::kBadSignature);
    CHECK(signed_json::verify(good, {}, kImplicit).fault == Fault::kUnknownKid);
  }
}
