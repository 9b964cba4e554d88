#include "call/op_table.hpp"

namespace medins {

// The flow module's ops; none have landed yet.
std::span<const OpDef> flow_ops() { return {}; }

}  // namespace medins
