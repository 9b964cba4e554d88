#include "call/op_table.hpp"
#include "internal/sodium.hpp"
#include "medins/call.hpp"

namespace medins {
namespace {

Result<json> op_version(const json&, Context&) {
  return json{{"version", version_string()},
              {"libsodium", sodium_version_string()},
              {"ops", op_names()}};
}

constexpr OpDef kOps[] = {{"version", &op_version}};

}  // namespace

std::span<const OpDef> version_ops() { return kOps; }

}  // namespace medins
