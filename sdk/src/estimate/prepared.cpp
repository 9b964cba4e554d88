#include "estimate/prepared.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include "internal/encoding.hpp"

namespace medins::estimate {
namespace {

constexpr std::size_t kHandleBytes = 16;
using Handle = std::array<std::uint8_t, kHandleBytes>;

struct Slot {
  Handle handle{};
  std::uint64_t used = 0;  // the last use's serial: the smallest is dropped first
  std::shared_ptr<const PreparedPolicy> policy;
};

// One store per instance of the core (per process natively, per module
// instance in wasm); like the device sessions, not for concurrent calls.
// Handles are not secrets (a policy is public), so lookups need not be
// constant-time; they are random so that a handle kept by the glue across a
// reload can never name another policy.
struct Store {
  std::vector<Slot> slots;
  std::uint64_t next_serial = 1;

  std::vector<Slot>::iterator find(std::string_view text) {
    Handle raw{};
    if (!internal::base64url_decode_exact(text, raw.data(), raw.size())) return slots.end();
    for (auto it = slots.begin(); it != slots.end(); ++it)
      if (it->handle == raw) return it;
    return slots.end();
  }
};

Store& store() {
  static Store instance;
  return instance;
}

Status unknown_handle() {
  return Status(Code::PolicyUnknownHandle,
                "no such prepared policy: it was released, dropped for a newer one, or never prepared here");
}

}  // namespace

Result<std::string> keep_prepared(PreparedPolicy prepared, Random& random) {
  Store& s = store();
  Slot slot;
  if (!random.fill(slot.handle.data(), slot.handle.size()))
    return Status(Code::PolicyNoEntropy, "no secure randomness available");
  if (s.slots.size() >= kMaxPreparedPolicies) {
    auto oldest = s.slots.begin();
    for (auto it = s.slots.begin(); it != s.slots.end(); ++it)
      if (it->used < oldest->used) oldest = it;
    s.slots.erase(oldest);
  }
  slot.used = s.next_serial++;
  slot.policy = std::make_shared<const PreparedPolicy>(std::move(prepared));
  std::string handle = internal::base64url_encode(slot.handle);
  s.slots.push_back(std::move(slot));
  return handle;
}

Result<std::shared_ptr<const PreparedPolicy>> find_prepared(std::string_view handle) {
  Store& s = store();
  auto it = s.find(handle);
  if (it == s.slots.end()) return unknown_handle();
  it->used = s.next_serial++;
  return it->policy;
}

Status release_prepared(std::string_view handle) {
  Store& s = store();
  auto it = s.find(handle);
  if (it == s.slots.end()) return unknown_handle();
  s.slots.erase(it);
  return ok_status();
}

}  // namespace medins::estimate
