#include <doctest/doctest.h>

#include "internal/secret.hpp"

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
}
