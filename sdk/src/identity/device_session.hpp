// Unlocked device keys kept inside the core between calls (device.unlock):
// Argon2id runs once per visit instead of once per op. The key never leaves
// the core; callers hold only an opaque random session id.
#ifndef MEDINS_SRC_IDENTITY_DEVICE_SESSION_HPP
#define MEDINS_SRC_IDENTITY_DEVICE_SESSION_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "keys/paserk.hpp"
#include "medins/env.hpp"
#include "medins/status.hpp"

namespace medins::identity {

inline constexpr std::int64_t kDefaultSessionTtlS = 300;
inline constexpr std::int64_t kMaxSessionTtlS = 3600;
// Live sessions at once; a new one past this wipes the oldest.
inline constexpr std::size_t kMaxSessions = 4;

struct OpenedSession {
  std::string id;            // base64url of 16 random bytes
  std::int64_t expires = 0;  // Unix seconds
};

// Keeps `key` under a new session id until now_unix_s + ttl_s (1 to
// kMaxSessionTtlS, checked by the caller); expired sessions are wiped first
// and, past kMaxSessions, the oldest live one. Fails with device.no_entropy.
Result<OpenedSession> open_session(keys::SecretKey key, std::int64_t now_unix_s, std::int64_t ttl_s,
                                   Random& random);

// Copies the key (seed || pk, 64 bytes) of session `id` into `out`; fails
// with device.session_expired or device.unknown_session (never opened,
// locked, evicted, or from another instance of the core).
Status session_key(std::string_view id, std::int64_t now_unix_s, std::string& out);

// Wipes and forgets session `id` at once; fails as session_key does.
Status close_session(std::string_view id, std::int64_t now_unix_s);

}  // namespace medins::identity

#endif  // MEDINS_SRC_IDENTITY_DEVICE_SESSION_HPP
