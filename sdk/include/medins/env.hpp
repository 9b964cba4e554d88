// What the core needs from the world: time, randomness, a replay store. The
// core never reads a clock or an OS random source itself, so tests can fix
// both and the wasm build takes them from the host through imports.
#ifndef MEDINS_ENV_HPP
#define MEDINS_ENV_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

// What a ReplayStore answers for one key. A store that cannot record a key
// refuses it rather than forget a live one (which would accept a replay), and
// says so: a full store is not a replay.
enum class ReplayVerdict { kNew, kReplayed, kStoreFull, kOwnerFull };

class ReplayStore {
 public:
  virtual ~ReplayStore() = default;
  // Records `key`, made by `owner` (the device's k4.pid), until
  // `expires_unix_s`. Returns kNew if it was not recorded or has expired,
  // kReplayed if it is recorded and live, kOwnerFull if `owner` already holds
  // its share of live keys, kStoreFull if the store holds all it can.
  virtual ReplayVerdict remember(std::string_view owner, std::string_view key, std::int64_t expires_unix_s,
                                 std::int64_t now_unix_s) = 0;
};

// A ReplayStore in process memory, bounded twice: at most `max_entries` live
// keys in all, and `max_per_owner` per device, so one device filling its
// share leaves the others room. Expired keys are dropped as time passes; a
// key costs O(1) amortized (a hash lookup and an append to the list of keys
// expiring in its second; a heap step only for a second's first key).
class MemoryReplayStore final : public ReplayStore {
 public:
  explicit MemoryReplayStore(std::size_t max_entries = 100000, std::size_t max_per_owner = 1000)
      : max_entries_(max_entries), max_per_owner_(max_per_owner) {}
  ReplayVerdict remember(std::string_view owner, std::string_view key, std::int64_t expires_unix_s,
                         std::int64_t now_unix_s) override;
  // The keys held, live or expired but not yet dropped.
  std::size_t size() const { return entries_.size(); }

 private:
  using Owners = std::unordered_map<std::string, std::size_t>;  // owner -> keys held
  struct Entry {
    std::int64_t until;
    Owners::value_type* owner;  // elements of an unordered_map stay put across rehashes
  };
  void expire(std::int64_t now_unix_s);
  void drop(std::unordered_map<std::string, Entry>::iterator entry);

  std::size_t max_entries_;
  std::size_t max_per_owner_;
  std::unordered_map<std::string, Entry> entries_;
  Owners owners_;
  // Keys by the second they expire, and those seconds in a min-heap. A key
  // remembered again after expiring sits in two lists; the older one skips it.
  std::unordered_map<std::int64_t, std::vector<std::string>> expiring_;
  std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> deadlines_;
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
