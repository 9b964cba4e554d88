// Policies parsed, validated and (for a bundle) signature-checked once
// (policy.prepare), kept inside the core under opaque handles so that an
// estimate reads only the accumulators and the bill.
#ifndef MEDINS_SRC_ESTIMATE_PREPARED_HPP
#define MEDINS_SRC_ESTIMATE_PREPARED_HPP

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "medins/env.hpp"
#include "medins/estimate.hpp"
#include "medins/status.hpp"

namespace medins::estimate {

// Handles kept at once; preparing one more drops the least recently used.
inline constexpr std::size_t kMaxPreparedPolicies = 8;

// A policy set that validate_policy accepted; kid is the signer's for a bundle.
struct PreparedPolicy {
  PolicySet set;
  std::string kid;
};

// Keeps `prepared` under a new handle (base64url of 16 random bytes), past
// kMaxPreparedPolicies dropping the least recently used. Fails with
// policy.no_entropy when no randomness is available.
Result<std::string> keep_prepared(PreparedPolicy prepared, Random& random);

// The policy of `handle`, marked as just used; fails with policy.unknown_handle
// (never prepared, released, dropped, or from another instance of the core).
Result<std::shared_ptr<const PreparedPolicy>> find_prepared(std::string_view handle);

// Forgets `handle` at once; fails as find_prepared does.
Status release_prepared(std::string_view handle);

}  // namespace medins::estimate

#endif  // MEDINS_SRC_ESTIMATE_PREPARED_HPP
