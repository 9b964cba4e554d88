#include "call/op_table.hpp"

namespace medins {

// The authorization module's ops; none have landed yet.
std::span<const OpDef> authorization_ops() { return {}; }

}  // namespace medins
