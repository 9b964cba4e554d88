// The native host of the C ABI (libmedins_c): the core's process-wide stores
// (default replay store, device sessions, prepared policies) are not
// synchronized, so calls from several threads take turns.
#include <mutex>

#include "call/c_abi.hpp"

namespace medins::c_abi {

std::string host_call(std::string_view op, std::string_view input, Outcome* outcome) {
  static std::mutex one_at_a_time;
  std::lock_guard<std::mutex> lock(one_at_a_time);
  return call_raw(op, input, outcome);
}

}  // namespace medins::c_abi
