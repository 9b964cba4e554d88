#include <doctest/doctest.h>

#include "internal/test_knobs.hpp"

using namespace medins;
using namespace medins::internal;

TEST_SUITE("internal") {
  TEST_CASE("test knobs: read in a test build, refused by presence alone without them") {
    const json in = {{"seed", "AAAA"}, {"typed_wrong", 7}, {"nothing", nullptr}};
    const Fields fields(in, Code::KeysBadInput);

    auto on = test_knob(fields, "seed", true);
    REQUIRE(on.ok());
    CHECK(**on == "AAAA");

    auto off = test_knob(fields, "seed", false);
    REQUIRE(!off.ok());
    CHECK(off.status().code() == Code::CallTestOnlyField);
    CHECK(off.status().detail()["field"] == "seed");
    // Refused before its type is looked at: no other code hints at the knob.
    CHECK(test_knob(fields, "typed_wrong", false).status().code() == Code::CallTestOnlyField);
    CHECK(test_knob(fields, "typed_wrong", true).status().code() == Code::KeysBadInput);

    // Absent (or null) is fine either way: ordinary calls never notice the knob.
    for (bool enabled : {true, false}) {
      CHECK(test_knob(fields, "absent", enabled).ok());
      CHECK(!test_knob(fields, "nothing", enabled)->has_value());
    }
  }

  TEST_CASE("the native test build has the knobs the official vectors need") {
    // Without them the vector suite would pass on refusals alone.
    CHECK(kTestKnobs);
  }
}
