// The identity module's ops: PASETO tokens (token.*), identity tokens
// (identity.*), device keys with proofs of possession (device.*) and
// insurer-signed coverage credentials (coverage.*).
#include "call/op_table.hpp"
#include "identity/ops.hpp"

namespace medins {
namespace {

constexpr OpDef kOps[] = {
    {"token.issue", &identity::op_token_issue},
    {"token.verify", &identity::op_token_verify},
    {"identity.verify", &identity::op_identity_verify},
    {"identity.issue", &identity::op_identity_issue},
    {"device.create", &identity::op_device_create},
    {"device.unlock", &identity::op_device_unlock},
    {"device.lock", &identity::op_device_lock},
    {"device.proof", &identity::op_device_proof},
    {"device.verify_proof", &identity::op_device_verify_proof},
    {"coverage.issue", &identity::op_coverage_issue},
    {"coverage.verify", &identity::op_coverage_verify},
};

}  // namespace

std::span<const OpDef> identity_ops() { return kOps; }

}  // namespace medins
