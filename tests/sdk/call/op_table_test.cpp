#include <doctest/doctest.h>

#include <limits>

#include "medins/call.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
using medins::testing::read_json;

namespace {

// A host clock can read anything: a wrong system time, a JS `now` returning
// NaN (which wasm/host_env.cpp turns into -1), a test knob set too large.
class ReadingClock final : public medins::Clock {
 public:
  explicit ReadingClock(std::int64_t ms) : ms_(ms) {}
  std::int64_t now_unix_ms() override { return ms_; }

 private:
  std::int64_t ms_;
};

}  // namespace

TEST_SUITE("call") {
  TEST_CASE("a clock reading outside 1970-9999 is refused with the op's bad-input code") {
    const json definition = read_json("examples/flows/registration.json");
    for (std::int64_t ms : {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min(),
                            std::int64_t{-1}, std::int64_t{253402300800000}}) {
      CAPTURE(ms);
      ReadingClock clock(ms);
      medins::Env env;
      env.clock = &clock;
      json started = medins::call("flow.start", {{"definition", definition}}, env);
      CHECK(error_code(started) == "flow.bad_input");
      CHECK(started["error"]["field"] == "now");
      CHECK(error_code(medins::call("status.due", {{"timelines", json::object()}, {"days", 1}}, env)) == "status.bad_input");
      // An explicit now is the op's time; the clock is not read.
      CHECK(medins::call("flow.start", {{"definition", definition}, {"now", 1767225600}}, env).contains("state"));
    }
    ReadingClock last_ms(253402300799999);  // 9999-12-31T23:59:59.999Z
    medins::Env env;
    env.clock = &last_ms;
    CHECK(medins::call("flow.start", {{"definition", definition}}, env)["state"]["started_at"] == 253402300799);
  }
}
