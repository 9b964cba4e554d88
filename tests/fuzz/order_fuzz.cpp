// Drives order.digest with arbitrary order text (as the op's string form, so
// the strict parser, the limits and the canonicalizer all see hostile bytes).
// Whatever digests must canonicalize to a fixed point: canonical text parsed
// and canonicalized again gives the same bytes (RFC 8785 idempotence).
#include <cstdint>
#include <string>

#include "medins/call.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json out = medins::call("order.digest", {{"order", text}});
  if (!out.is_object()) __builtin_trap();
  if (out.contains("error")) return 0;
  const auto& canonical = out["canonical"];
  if (!canonical.is_string()) __builtin_trap();
  const nlohmann::json again = medins::call("order.digest", {{"order", canonical}});
  if (!again.contains("canonical") || again["canonical"] != canonical || again["digest"] != out["digest"])
    __builtin_trap();
  return 0;
}
