// JSON signed under a keyset: the one way medins signs what it hands out
// (identity tokens, grants, device proofs, policy bundles, flows, status
// events, receipts) and verifies what it is given. A v4.public token whose
// footer is {"kid": <k4.pid of the signer>}; each kind of payload has its own
// implicit assertion, and each module maps a refusal to its own codes.
#ifndef MEDINS_SRC_IDENTITY_SIGNED_JSON_HPP
#define MEDINS_SRC_IDENTITY_SIGNED_JSON_HPP

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "keys/paserk.hpp"

namespace medins::identity::signed_json {

// Returns the v4.public token of `payload` (exact bytes) signed by `key`,
// with the footer {"kid": k4.pid of key}.
std::string sign(const keys::SecretKey& key, std::string_view payload, std::string_view implicit);

// The kid of a footer nobody has verified yet: "" when the footer is empty or
// names none; nullopt when it is not a JSON object within 2 KiB and depth 4,
// or its kid is not a k4.pid string (a k4.lid or k4.sid there would mean the
// signer leaked which secret key it holds). Only ever used to pick a key.
std::optional<std::string> footer_kid(std::string_view footer);

enum class Fault {
  kNone,
  kMalformed,     // not a v4.public token, or its footer fails footer_kid
  kUnknownKid,    // the footer's kid names none of the keys
  kBadSignature,  // no candidate key verifies it (under this implicit assertion)
};

struct Verified {
  Fault fault = Fault::kMalformed;
  std::size_t signer = 0;  // index in `keys` of the key that verified it
  std::string kid;         // the footer's kid; "" when the token names none
  std::string payload;     // the exact signed bytes (not yet known to be JSON)
};

// Verifies `token` against `keys`: a footer kid picks the key; a token without
// one is tried against every key in order (as during a rotation), unless
// `kid_required`. Work is bounded by the number of keys, never by the token.
Verified verify(std::string_view token, std::span<const keys::PublicKey> keys, std::string_view implicit,
                bool kid_required = false);

}  // namespace medins::identity::signed_json

#endif  // MEDINS_SRC_IDENTITY_SIGNED_JSON_HPP
