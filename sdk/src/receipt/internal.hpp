// Shared internals of the receipt module: the sealed box built from
// ctx.random, receipt validation, signed-token parsing, the opener's key.
#ifndef MEDINS_SRC_RECEIPT_INTERNAL_HPP
#define MEDINS_SRC_RECEIPT_INTERNAL_HPP

#include <string>
#include <string_view>
#include <vector>

#include "keys/paserk.hpp"
#include "medins/receipt.hpp"

namespace medins::receipt::detail {

// PASETO implicit assertion of receipt signatures: a hospital signature over
// anything else (an identity token, a status event) never passes as a receipt.
inline constexpr std::string_view kReceiptImplicit = "medins.receipt.v1";

// Returns the sealed box of `plaintext` to the Ed25519 key `to` (converted to
// X25519), with the ephemeral key seeded from `random`: byte-compatible with
// crypto_box_seal, which cannot be used because it draws its own randomness.
// Fails with `no_entropy`, or keys.invalid_key for a key with no X25519 form.
Result<std::vector<std::uint8_t>> seal(std::string_view plaintext, const keys::PublicKey& to, Random& random,
                                       Code no_entropy);

// Opens a sealed box addressed to `key`; false if it was not, or was altered.
bool unseal(const std::vector<std::uint8_t>& sealed, const keys::SecretKey& key, std::string& plaintext);

// receipt::open with the key already in hand (the wallet unwraps it once).
Result<Opened> open_with_key(std::string_view sealed, const keys::SecretKey& key,
                             const std::vector<TrustedIssuer>& issuers);

// Returns the Ed25519 key of `opener` (parsing or unwrapping it); fails with
// `bad_input` naming the field, keys.* or the device.* codes.
Result<keys::SecretKey> opener_key(const Opener& opener, Code bad_input);

// The fen of member `name` of a checked receipt or line (an integer).
std::int64_t fen(const nlohmann::json& r, const char* name);

// `bad_input` unless `issuers` lists at most 64 (and, unless `may_be_empty`,
// at least one) keys, each bound to a hospital id of 1 to 256 bytes.
Status check_issuers(const std::vector<TrustedIssuer>& issuers, Code bad_input, bool may_be_empty);

// Checks a receipt object's fields; `code` is the error for a missing or
// ill-typed field (receipt.bad_input when issuing, receipt.invalid when an
// authentic token carries a malformed receipt). `path` prefixes field names.
Status check_fields(const nlohmann::json& receipt, Code code);
// receipt.inconsistent unless lines add up to total and fund + account + cash = total.
Status check_totals(const nlohmann::json& receipt);

// Returns the receipt and issuer pid of a token signed by one of `issuers`
// for the hospital it names: the signature, canonical form, fields, the
// key's hospital and the totals are all checked.
Result<Opened> verify_token(std::string token, const std::vector<TrustedIssuer>& issuers);

// Returns the receipt object of a token WITHOUT checking its signature (the
// wallet already authenticated it), and the kid of its footer; false if the
// token is not a well-formed receipt token.
bool read_token_unverified(std::string_view token, nlohmann::json& receipt, std::string& kid);

// The calendar year of a checked receipt's visit_date.
int visit_year(const nlohmann::json& receipt);

}  // namespace medins::receipt::detail

#endif  // MEDINS_SRC_RECEIPT_INTERNAL_HPP
