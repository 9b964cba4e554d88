// What the authorization sources share beyond the public header: parsing of
// enum-like fields, the grant's signing core (so tests can sign grants with a
// raw key without a device blob), and the order fields grants read.
#ifndef MEDINS_SRC_AUTHORIZATION_INTERNAL_HPP
#define MEDINS_SRC_AUTHORIZATION_INTERNAL_HPP

#include <optional>
#include <string>
#include <string_view>

#include "keys/paserk.hpp"
#include "medins/authorization.hpp"

namespace medins::authorization {

// Returns true for the scopes a grant may carry: "registration",
// "outpatient_payment", "inpatient_deposit".
bool is_scope(std::string_view scope);

// Returns the Luhn check digit ('0'..'9') of a string of decimal digits.
char luhn_digit(std::string_view digits);

// Returns the algorithm named "SHA1" / "SHA256" / "SHA512", else nullopt.
std::optional<OtpAlgorithm> parse_algorithm(std::string_view name);

// Grants are PASETO v4.public tokens signed with this implicit assertion, so
// no other device signature (a request proof) can pass as a grant.
inline constexpr std::string_view kGrantImplicit = "medins.grant.v1";
inline constexpr std::string_view kGrantType = "medins.grant.v1";

// The fields of an order a grant binds besides its digest.
struct OrderTerms {
  std::string order_id;
  std::string payee;
  Amounts amounts;
  std::string digest;
};

// Returns the terms of `order` (an object with order_id, payee and amounts
// {fund_fen, account_fen, cash_fen}, all amounts >= 0) and its digest; fails
// with order.bad_input naming the field, or the errors of order_digest().
Result<OrderTerms> read_order(const nlohmann::json& order);

// Returns base64url(BLAKE2b-256(text)).
std::string blake2b_b64(std::string_view text);

// What the device signs; everything except the key comes from a checked request.
struct GrantClaims {
  OrderTerms order;
  std::string scope;
  std::string identity_token_hash;
  std::string consent_hash;
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  std::string jti;
};

// Returns the v4.public grant token for `claims` signed by `device_key`,
// with footer {"kid": k4.pid}; with `on_behalf_of`, the claim "obo" (only
// then, so a grant for oneself is signed as it always was).
std::string sign_grant(const keys::SecretKey& device_key, const GrantClaims& claims,
                       const std::optional<std::string>& on_behalf_of = std::nullopt);

// create_grant once the device key is open: the op unwraps the device blob
// and calls this; tests call it with a key made from a fixed seed.
Result<Grant> create_grant_with_key(const keys::SecretKey& device_key, const GrantRequest& request,
                                    Random& random);

// grant.wrong_device unless the (unverified) claims of `identity_token` carry
// a cnf naming `device_key`; grant.bad_input when the token cannot be read.
// Returns the token's sub, if it has one.
Result<std::optional<std::string>> check_token_device(std::string_view identity_token,
                                                      const keys::SecretKey& device_key);

// The checks of a grant on behalf of `on_behalf_of` by `guardian` (the
// identity token's sub) under the dependent's `coverage` at `now_unix_s`.
Status check_on_behalf(const std::optional<std::string>& on_behalf_of, const std::optional<coverage::Claims>& coverage,
                       const std::optional<std::string>& guardian, std::int64_t now_unix_s);

}  // namespace medins::authorization

#endif  // MEDINS_SRC_AUTHORIZATION_INTERNAL_HPP
