// Native defaults: the system clock and libsodium's CSPRNG (getrandom/urandom).
#include <chrono>

#include "internal/sodium.hpp"
#include "medins/env.hpp"

namespace medins {
namespace {

class SystemClock final : public Clock {
 public:
  std::int64_t now_unix_ms() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class SodiumRandom final : public Random {
 public:
  bool fill(std::uint8_t* out, std::size_t len) override {
    if (!internal::sodium_ready()) return false;
    randombytes_buf(out, len);
    return true;
  }
};

}  // namespace

Clock& default_clock() {
  static SystemClock clock;
  return clock;
}

Random& default_random() {
  static SodiumRandom random;
  return random;
}

}  // namespace medins
