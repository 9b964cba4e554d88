#include "call/op_table.hpp"

#include <vector>

#include "internal/checked_time.hpp"

namespace medins {
namespace {

std::vector<const OpDef*> build_table() {
  std::vector<const OpDef*> table;
  for (auto module : {version_ops(), keys_ops(), identity_ops(), authorization_ops(),
                      estimate_ops(), receipt_ops(), flow_ops(), complaint_ops()}) {
    for (const OpDef& op : module) table.push_back(&op);
  }
  return table;
}

const std::vector<const OpDef*>& table() {
  static const std::vector<const OpDef*> instance = build_table();
  return instance;
}

}  // namespace

const OpDef* find_op(std::string_view name) {
  for (const OpDef* op : table())
    if (op->name == name) return op;
  return nullptr;
}

std::span<const OpDef* const> all_ops() { return table(); }

Result<std::int64_t> Context::now(const internal::Fields& fields, std::string_view field) {
  MEDINS_ASSIGN_OR_RETURN(auto given, fields.optional_time(field));
  if (given) return *given;
  auto clock_s = internal::seconds_of_ms(clock.now_unix_ms());
  if (!clock_s) return fields.error(field, "not given, and the clock reads outside years 1970-9999");
  return *clock_s;
}

std::int64_t Context::now_unix_s() const {
  const std::int64_t ms = clock.now_unix_ms();
  return internal::seconds_of_ms(ms).value_or(ms < 0 ? internal::kMinTime : internal::kMaxTime);
}

}  // namespace medins
