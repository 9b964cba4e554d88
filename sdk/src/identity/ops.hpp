// JSON adapters of the identity module's ops, collected by identity_ops.cpp.
#ifndef MEDINS_SRC_IDENTITY_OPS_HPP
#define MEDINS_SRC_IDENTITY_OPS_HPP

#include "call/op_table.hpp"
#include "internal/json_util.hpp"
#include "medins/identity.hpp"

namespace medins::identity {

Result<json> op_token_issue(const json& in, Context& ctx);
Result<json> op_token_verify(const json& in, Context& ctx);
Result<json> op_identity_verify(const json& in, Context& ctx);
Result<json> op_identity_issue(const json& in, Context& ctx);
Result<json> op_device_create(const json& in, Context& ctx);
Result<json> op_device_unlock(const json& in, Context& ctx);
Result<json> op_device_lock(const json& in, Context& ctx);
Result<json> op_device_proof(const json& in, Context& ctx);
Result<json> op_device_verify_proof(const json& in, Context& ctx);
Result<json> op_coverage_issue(const json& in, Context& ctx);
Result<json> op_coverage_verify(const json& in, Context& ctx);

// Reads the identity.verify fields (keys, audience, issuer, now, leeway_s),
// which device.verify_proof shares.
Result<VerifyIdentityOptions> read_verify_options(const internal::Fields& fields, const json& in,
                                                  Context& ctx);

}  // namespace medins::identity

#endif  // MEDINS_SRC_IDENTITY_OPS_HPP
