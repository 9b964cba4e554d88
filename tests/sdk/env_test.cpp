#include <doctest/doctest.h>

#include <string>

#include "medins/env.hpp"

using medins::MemoryReplayStore;
using medins::ReplayVerdict;

TEST_SUITE("env") {
  TEST_CASE("MemoryReplayStore accepts a key once until it expires") {
    MemoryReplayStore store(2);
    CHECK(store.remember("dev", "a", 100, 0) == ReplayVerdict::kNew);
    CHECK(store.remember("dev", "a", 100, 50) == ReplayVerdict::kReplayed);
    CHECK(store.remember("dev", "a", 100, 100) == ReplayVerdict::kReplayed);  // live through `until`
    CHECK(store.remember("dev", "a", 200, 101) == ReplayVerdict::kNew);      // expired: usable again
    CHECK(store.remember("dev", "a", 200, 150) == ReplayVerdict::kReplayed);
    CHECK(store.size() == 1);
  }

  TEST_CASE("a full store says so, and never forgets a live key to make room") {
    MemoryReplayStore store(2);
    CHECK(store.remember("a", "a1", 100, 0) == ReplayVerdict::kNew);
    CHECK(store.remember("b", "b1", 300, 0) == ReplayVerdict::kNew);
    CHECK(store.remember("c", "c1", 300, 50) == ReplayVerdict::kStoreFull);
    CHECK(store.remember("a", "a1", 100, 50) == ReplayVerdict::kReplayed);  // still remembered
    // Expiry frees room: "a1" expired at 100.
    CHECK(store.remember("c", "c1", 300, 101) == ReplayVerdict::kNew);
    CHECK(store.size() == 2);
    CHECK(store.remember("b", "b1", 300, 101) == ReplayVerdict::kReplayed);
  }

  TEST_CASE("each owner is bounded to its share; the others keep room") {
    MemoryReplayStore store(10, 3);
    for (int i = 0; i < 3; ++i) CHECK(store.remember("greedy", "g" + std::to_string(i), 100, 0) == ReplayVerdict::kNew);
    CHECK(store.remember("greedy", "g3", 100, 0) == ReplayVerdict::kOwnerFull);
    CHECK(store.remember("greedy", "g0", 100, 0) == ReplayVerdict::kReplayed);  // a replay is still a replay
    CHECK(store.remember("victim", "v0", 100, 0) == ReplayVerdict::kNew);
    // The owner's share frees as its keys expire.
    CHECK(store.remember("greedy", "g3", 200, 101) == ReplayVerdict::kNew);
    CHECK(store.size() == 1);
  }

  TEST_CASE("the default store: 100,000 keys, 1,000 per device; a full store refuses, expiry empties it") {
    MemoryReplayStore store;
    // 100 devices each fill their share (the attack needs that many enrolled devices).
    for (int d = 0; d < 100; ++d) {
      const std::string owner = "k4.pid.device-" + std::to_string(d);
      for (int i = 0; i < 1000; ++i)
        REQUIRE(store.remember(owner, owner + "|" + std::to_string(i), 1000 + i, 0) == ReplayVerdict::kNew);
      CHECK(store.remember(owner, owner + "|x", 5000, 0) == ReplayVerdict::kOwnerFull);
    }
    CHECK(store.size() == 100000);
    CHECK(store.remember("k4.pid.victim", "v", 5000, 0) == ReplayVerdict::kStoreFull);
    // At 1500 half of every device's keys have expired: room for the victim.
    CHECK(store.remember("k4.pid.victim", "v", 5000, 1500) == ReplayVerdict::kNew);
    CHECK(store.size() == 50001);
    CHECK(store.remember("k4.pid.device-7", "k4.pid.device-7|999", 9000, 1500) == ReplayVerdict::kReplayed);
    CHECK(store.remember("k4.pid.device-7", "k4.pid.device-7|0", 9000, 1500) == ReplayVerdict::kNew);
    CHECK(store.remember("k4.pid.device-7", "k4.pid.device-7|x", 9000, 3000) == ReplayVerdict::kNew);
    CHECK(store.size() == 3);  // the victim's, and device-7's two
  }

  TEST_CASE("a clock that goes back neither revives nor loses a key") {
    MemoryReplayStore store(4);
    CHECK(store.remember("d", "k", 100, 50) == ReplayVerdict::kNew);
    CHECK(store.remember("d", "k", 100, 10) == ReplayVerdict::kReplayed);
    CHECK(store.remember("d", "k", 300, 200) == ReplayVerdict::kNew);
    CHECK(store.remember("d", "k", 300, 60) == ReplayVerdict::kReplayed);
    CHECK(store.size() == 1);
  }
}
