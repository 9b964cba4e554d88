#include <doctest/doctest.h>

#include "internal/secret.hpp"
#include "medins/env.hpp"

using namespace medins::internal;

TEST_SUITE("internal") {
  TEST_CASE("SecretBytes moves without copies and wipes") {
    SecretBytes a(4);
    a.data()[0] = 7;
    SecretBytes b(std::move(a));
    CHECK(b.size() == 4);
    CHECK(b.data()[0] == 7);
    CHECK(a.empty());
    std::string s = "secret";
    wipe(s);
    CHECK(s == std::string(6, '\0'));
  }

  TEST_CASE("MemoryReplayStore accepts once until expiry and stays bounded") {
    medins::MemoryReplayStore store(2);
    CHECK(store.remember("a", 100, 0));
    CHECK_FALSE(store.remember("a", 100, 50));
    CHECK(store.remember("a", 200, 101));  // expired: usable again
    CHECK(store.remember("b", 100, 101));  // "b" expires at 100 < now... still recorded
    CHECK_FALSE(store.remember("c", 300, 101 - 50));  // full of live keys: refused
    CHECK(store.remember("c", 300, 150));  // "b" expired and is dropped
    CHECK(store.size() == 2);
  }
}
