// The wasm defaults of medins::Env: clock and randomness from the host imports.
#include "host.hpp"
#include "internal/checked_time.hpp"
#include "medins/env.hpp"

namespace medins {
namespace {

class HostClock final : public Clock {
 public:
  std::int64_t now_unix_ms() override {
    // The host's number may be anything (NaN, Infinity, 1e300), and converting
    // one outside int64 is undefined; a reading outside the accepted years
    // becomes -1, which every op refuses with its bad-input code.
    const double ms = medins_host_now_ms();
    return ms >= 0 && ms < (internal::kMaxTime + 1) * 1000.0 ? static_cast<std::int64_t>(ms) : -1;
  }
};

class HostRandom final : public Random {
 public:
  bool fill(std::uint8_t* out, std::size_t len) override {
    // The host copies from its pool in one go; chunking keeps each request
    // within what wx.getRandomValues-backed pools hand out.
    constexpr std::size_t kChunk = 65536;
    for (std::size_t done = 0; done < len;) {
      std::size_t n = len - done < kChunk ? len - done : kChunk;
      if (medins_host_random_fill(out + done, static_cast<std::uint32_t>(n)) != 0) return false;
      done += n;
    }
    return true;
  }
};

}  // namespace

Clock& default_clock() {
  static HostClock clock;
  return clock;
}

Random& default_random() {
  static HostRandom random;
  return random;
}

}  // namespace medins
