// What the core needs from the world: time, randomness, a replay store. The
// core never reads a clock or an OS random source itself, so tests can fix
// both and the wasm build takes them from the host through imports.
#ifndef MEDINS_ENV_HPP
#define MEDINS_ENV_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace medins {

class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current time in Unix milliseconds.
  virtual std::int64_t now_unix_ms() = 0;
};

class Random {
 public:
  virtual ~Random() = default;
  // Fills `out` with `len` bytes from a CSPRNG. Returns false, leaving `out`
  // unspecified, when no secure entropy is available; never weaker bytes.
  virtual bool fill(std::uint8_t* out, std::size_t len) = 0;
};

// Remembers one-time identifiers (grant and proof `jti`s) until they expire.
// What a verifier remembered to refuse a second use: the key and until when
// (Unix seconds). Backends that run several processes claim the same key in
// their shared store (SET key NX until `until`), so a replay to any of them
// is refused with exactly the core's rule.
struct ReplayClaim {
  std::string key;
  std::int64_t until = 0;
};

class ReplayStore {
 public:
  virtual ~ReplayStore() = default;
  // Records `key` until `expires_unix_s`. Returns true if it was new, false if
  // it was already recorded and not yet expired (a replay).
  virtual bool remember(std::string_view key, std::int64_t expires_unix_s,
                        std::int64_t now_unix_s) = 0;
};

// A ReplayStore in process memory, bounded: expired entries are dropped as new
// ones arrive, and past `max_entries` live keys new keys are refused (a replay
// store that forgets live keys would accept replays).
class MemoryReplayStore final : public ReplayStore {
 public:
  explicit MemoryReplayStore(std::size_t max_entries = 100000) : max_entries_(max_entries) {}
  bool remember(std::string_view key, std::int64_t expires_unix_s,
                std::int64_t now_unix_s) override;
  std::size_t size() const { return entries_.size(); }

 private:
  std::size_t max_entries_;
  std::unordered_map<std::string, std::int64_t> entries_;
};

// The world as one op call sees it. Null members fall back to the defaults of
// the platform (system clock and libsodium's CSPRNG natively; the host imports
// in wasm; a process-wide MemoryReplayStore).
struct Env {
  Clock* clock = nullptr;
  Random* random = nullptr;
  ReplayStore* replay = nullptr;
};

// The platform default of each part, never null.
Clock& default_clock();
Random& default_random();
ReplayStore& default_replay_store();

}  // namespace medins

#endif  // MEDINS_ENV_HPP
