// Native side of scripts/bench.sh: libsodium primitives and medins ops timed in
// this process, printed as one JSON object {case: ops_per_second}.
//   medins_bench primitives
//   medins_bench ops CASES.json   (an array of {"name", "op", "input": "<json text>", "now"?,
//                                  "setup"?: {"op", "input", "field"}}, see bench/cases.mjs)
// Each case: a warm-up, then MEDINS_BENCH_RUNS runs (default 5) of
// MEDINS_BENCH_RUN_MS (default 300) each; the median run is reported.
// An op that answers an error reports null (the harness prints why).
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "medins/call.hpp"

namespace {

using Clock = std::chrono::steady_clock;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : fallback;
}

// Median ops/s of `runs` timed runs of `fn` (each at least the run time and one
// call), after a warm-up run; a case slower than 1 s per call gets 3 runs.
double measure(const std::function<void()>& fn) {
  int runs = env_int("MEDINS_BENCH_RUNS", 5);
  const double run_s = env_int("MEDINS_BENCH_RUN_MS", 300) / 1000.0;
  std::vector<double> rates;
  for (int r = -1; r < runs; ++r) {  // r == -1 is the warm-up
    std::uint64_t n = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      fn();
      ++n;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < run_s);
    if (r == -1 && elapsed / static_cast<double>(n) > 1.0) runs = std::min(runs, 3);
    if (r >= 0) rates.push_back(static_cast<double>(n) / elapsed);
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

volatile int sink = 0;

nlohmann::json primitives() {
  nlohmann::json out = nlohmann::json::object();
  unsigned char seed[32], pk[32], sk[64], sig[64];
  unsigned char msg[64];
  randombytes_buf(seed, sizeof seed);
  randombytes_buf(msg, sizeof msg);
  crypto_sign_seed_keypair(pk, sk, seed);
  crypto_sign_detached(sig, nullptr, msg, sizeof msg, sk);
  out["ed25519.sign"] = measure([&] { crypto_sign_detached(sig, nullptr, msg, sizeof msg, sk); });
  out["ed25519.verify"] = measure([&] { sink += crypto_sign_verify_detached(sig, msg, sizeof msg, pk); });

  unsigned char bpk[32], bsk[32];
  crypto_box_keypair(bpk, bsk);
  std::vector<unsigned char> plain(512), sealed(512 + crypto_box_SEALBYTES), opened(512);
  randombytes_buf(plain.data(), plain.size());
  crypto_box_seal(sealed.data(), plain.data(), plain.size(), bpk);
  out["sealedbox.open.512"] = measure([&] {
    sink += crypto_box_seal_open(opened.data(), sealed.data(), sealed.size(), bpk, bsk);
  });

  unsigned char key[32], nonce[24];
  randombytes_buf(key, sizeof key);
  randombytes_buf(nonce, sizeof nonce);
  std::vector<unsigned char> kib(1024), ct(1024 + 16);
  randombytes_buf(kib.data(), kib.size());
  out["xchacha20poly1305.encrypt.1k"] = measure([&] {
    unsigned long long len;
    crypto_aead_xchacha20poly1305_ietf_encrypt(ct.data(), &len, kib.data(), kib.size(), nullptr, 0,
                                               nullptr, nonce, key);
  });
  unsigned char hash[32];
  out["blake2b256.1k"] = measure([&] {
    crypto_generichash(hash, sizeof hash, kib.data(), kib.size(), nullptr, 0);
  });
  return out;
}

class FixedClock final : public medins::Clock {
 public:
  explicit FixedClock(std::int64_t s) : ms_(s * 1000) {}
  std::int64_t now_unix_ms() override { return ms_; }

 private:
  std::int64_t ms_;
};

nlohmann::json ops(const char* path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  const auto cases = nlohmann::json::parse(text.str());
  nlohmann::json out = nlohmann::json::object();
  for (const auto& c : cases) {
    const std::string name = c["name"].get<std::string>();
    const std::string op = c["op"].get<std::string>();
    std::string input = c["input"].get<std::string>();
    FixedClock clock(c.contains("now") ? c["now"].get<std::int64_t>() : 1767225600);
    medins::Env env;
    env.clock = &clock;
    medins::Outcome outcome;
    if (c.contains("setup")) {  // sessions and prepared policies live in the core: made in this process
      const auto& setup = c["setup"];
      const std::string setup_op = setup["op"].get<std::string>();
      const std::string done = medins::call_raw(setup_op, setup["input"].get<std::string>(), &outcome, env);
      if (outcome != medins::Outcome::kOk) {
        std::fprintf(stderr, "%s: %s: %s\n", name.c_str(), setup_op.c_str(), done.substr(0, 300).c_str());
        out[name] = nullptr;
        continue;
      }
      const std::string field = setup["field"].get<std::string>();
      auto with_field = nlohmann::json::parse(input);
      with_field[field] = nlohmann::json::parse(done)[field];
      input = with_field.dump();
    }
    std::string first = medins::call_raw(op, input, &outcome, env);
    if (outcome != medins::Outcome::kOk) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), first.substr(0, 300).c_str());
      out[name] = nullptr;
      continue;
    }
    out[name] = measure([&] {
      std::string r = medins::call_raw(op, input, &outcome, env);
      sink += static_cast<int>(r.size());
    });
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  const std::string mode = argc > 1 ? argv[1] : "";
  nlohmann::json out;
  if (mode == "primitives") {
    out = primitives();
  } else if (mode == "ops" && argc == 3) {
    out = ops(argv[2]);
  } else {
    std::fputs("usage: medins_bench primitives | medins_bench ops CASES.json\n", stderr);
    return 2;
  }
  std::puts(out.dump().c_str());
  return 0;
}
