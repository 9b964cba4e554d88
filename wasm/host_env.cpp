// The wasm defaults of medins::Env: clock and randomness from the host imports.
#include "host.hpp"
#include "medins/env.hpp"

namespace medins {
namespace {

class HostClock final : public Clock {
 public:
  std::int64_t now_unix_ms() override { return static_cast<std::int64_t>(medins_host_now_ms()); }
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
