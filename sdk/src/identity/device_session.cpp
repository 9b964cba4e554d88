#include "identity/device_session.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "internal/encoding.hpp"
#include "internal/secret.hpp"
#include "internal/sodium.hpp"

namespace medins::identity {
namespace {

constexpr std::size_t kIdBytes = 16;
using SessionId = std::array<std::uint8_t, kIdBytes>;

struct Slot {
  SessionId id{};
  std::int64_t expires = 0;
  std::uint64_t serial = 0;  // opening order: the smallest is the oldest
  // Empty once expired: the slot stays as a tombstone so that a late use
  // hears "expired" (unlock again) rather than "unknown" (a bug).
  internal::SecretBytes key;
};

// One store per instance of the core (per process natively, per module
// instance in wasm, whose linear memory it lives in); like the default replay
// store, it is not for concurrent calls.
struct Store {
  std::vector<Slot> slots;
  std::uint64_t next_serial = 1;

  // Wipes every key whose time is up; keeps at most kMaxSessions tombstones.
  void expire(std::int64_t now) {
    for (Slot& s : slots)
      if (!s.key.empty() && now >= s.expires) s.key = internal::SecretBytes();
    while (count(false) > kMaxSessions) erase(oldest(false));
  }

  std::size_t count(bool live) const {
    return static_cast<std::size_t>(
        std::count_if(slots.begin(), slots.end(), [&](const Slot& s) { return s.key.empty() != live; }));
  }

  std::vector<Slot>::iterator oldest(bool live) {
    auto best = slots.end();
    for (auto it = slots.begin(); it != slots.end(); ++it)
      if (it->key.empty() != live && (best == slots.end() || it->serial < best->serial)) best = it;
    return best;
  }

  void erase(std::vector<Slot>::iterator it) { slots.erase(it); }  // ~SecretBytes wipes the key

  // The slot of `id`, compared in constant time against every slot.
  std::vector<Slot>::iterator find(std::string_view id) {
    SessionId raw{};
    if (!internal::base64url_decode_exact(id, raw.data(), raw.size())) return slots.end();
    auto found = slots.end();
    for (auto it = slots.begin(); it != slots.end(); ++it)
      if (sodium_memcmp(it->id.data(), raw.data(), kIdBytes) == 0) found = it;
    return found;
  }
};

Store& store() {
  static Store instance;
  return instance;
}

Status unknown() {
  return Status(Code::DeviceUnknownSession, "no such device session: it was locked, replaced or never opened");
}
Status expired() { return Status(Code::DeviceSessionExpired, "the device session has expired: unlock again"); }

// The live slot of `id`, or why there is none.
Result<std::vector<Slot>::iterator> live_slot(std::string_view id, std::int64_t now) {
  Store& s = store();
  s.expire(now);
  auto it = s.find(id);
  if (it == s.slots.end()) return unknown();
  if (it->key.empty()) return expired();
  return it;
}

}  // namespace

Result<OpenedSession> open_session(keys::SecretKey key, std::int64_t now_unix_s, std::int64_t ttl_s,
                                   Random& random) {
  Store& s = store();
  s.expire(now_unix_s);
  Slot slot;
  if (!random.fill(slot.id.data(), slot.id.size()))
    return Status(Code::DeviceNoEntropy, "no secure randomness available");
  while (s.count(true) >= kMaxSessions) s.erase(s.oldest(true));
  slot.expires = now_unix_s + ttl_s;
  slot.serial = s.next_serial++;
  slot.key = std::move(key.bytes);
  OpenedSession out{internal::base64url_encode(slot.id), slot.expires};
  s.slots.push_back(std::move(slot));
  return out;
}

Status session_key(std::string_view id, std::int64_t now_unix_s, std::string& out) {
  MEDINS_ASSIGN_OR_RETURN(auto it, live_slot(id, now_unix_s));
  out.assign(reinterpret_cast<const char*>(it->key.data()), it->key.size());
  return ok_status();
}

Status close_session(std::string_view id, std::int64_t now_unix_s) {
  MEDINS_ASSIGN_OR_RETURN(auto it, live_slot(id, now_unix_s));
  store().erase(it);
  return ok_status();
}

}  // namespace medins::identity
