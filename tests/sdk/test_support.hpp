// Helpers shared by the doctest suites: fixed clock and randomness, files.
#ifndef MEDINS_TESTS_TEST_SUPPORT_HPP
#define MEDINS_TESTS_TEST_SUPPORT_HPP

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "internal/encoding.hpp"
#include "medins/call.hpp"
#include "medins/env.hpp"

namespace medins::testing {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t unix_s) : ms_(unix_s * 1000) {}
  std::int64_t now_unix_ms() override { return ms_; }
  void set(std::int64_t unix_s) { ms_ = unix_s * 1000; }

 private:
  std::int64_t ms_;
};

// Deterministic bytes (a counter), for tests that must not depend on entropy.
class CountingRandom final : public Random {
 public:
  bool fill(std::uint8_t* out, std::size_t len) override {
    for (std::size_t i = 0; i < len; ++i) out[i] = static_cast<std::uint8_t>(next_++);
    return true;
  }

 private:
  std::uint32_t next_ = 1;
};

class NoEntropy final : public Random {
 public:
  bool fill(std::uint8_t*, std::size_t) override { return false; }
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline nlohmann::json read_json(const std::string& repo_relative) {
  return nlohmann::json::parse(read_file(std::string(MEDINS_SOURCE_DIR) + "/" + repo_relative));
}

// The Ed25519 key pair keys.generate makes from a seed of 32 bytes of `fill`:
// {secret, public}. Fixed keys, so a failing case replays.
inline nlohmann::json keypair(std::uint8_t fill) {
  std::vector<std::uint8_t> seed(32, fill);
  return medins::call("keys.generate", {{"type", "public"}, {"seed", medins::internal::base64url_encode(seed)}});
}

inline std::string error_code(const nlohmann::json& out) {
  if (!out.is_object() || !out.contains("error")) return "";
  return out["error"]["code"].get<std::string>();
}

}  // namespace medins::testing

#endif  // MEDINS_TESTS_TEST_SUPPORT_HPP
