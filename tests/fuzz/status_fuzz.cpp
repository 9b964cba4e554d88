// Feeds arbitrary bytes to the status ops: as an event payload signed with a
// fixed test key (so the bytes reach the state machine, not just the
// signature check), as a token string, and as persisted timelines for
// status.due / status.render, each on the app, SMS or Viber channel (the
// SMS shortening bisects over whatever title and id arrive). Any abort, trap, leak or sanitizer report is a bug.
#include <cstdint>
#include <string>
#include <string_view>

#include "internal/json_util.hpp"
#include "medins/call.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const nlohmann::json pair =
      medins::call("keys.generate", {{"type", "public"}, {"seed", std::string(42, 'F') + "A"}});
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const char* channel = data[0] / 4 % 3 == 0 ? "app" : data[0] / 4 % 3 == 1 ? "sms" : "viber";
  if (data[0] % 4 == 0) {  // raw bytes as a token
    medins::call("status.apply", {{"event", std::string(rest)}, {"keys", {pair["public"]}}});
    return 0;
  }
  auto parsed = medins::internal::parse_strict(rest, medins::Code::CallBadInput, {64, 1u << 20});
  if (!parsed.ok()) return 0;
  nlohmann::json out;
  switch (data[0] % 4) {
    case 1: {
      out = medins::call("status.sign", {{"event", *parsed}, {"key", pair["secret"]}});
      if (out.contains("token"))
        out = medins::call("status.apply", {{"event", out["token"]}, {"keys", {pair["public"]}}, {"lang", "ru"}, {"channel", channel}});
      break;
    }
    case 2: out = medins::call("status.due", {{"timelines", *parsed}, {"days", 30}, {"lang", "bg"}, {"channel", channel}}); break;
    default: out = medins::call("status.render", {{"timeline", *parsed}, {"lang", "zh"}, {"tz_offset_min", 480}, {"channel", channel}}); break;
  }
  if (!out.is_object()) __builtin_trap();
  return 0;
}
