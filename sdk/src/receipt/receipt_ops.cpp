#include "call/op_table.hpp"

namespace medins {

// The receipt module's ops; none have landed yet.
std::span<const OpDef> receipt_ops() { return {}; }

}  // namespace medins
