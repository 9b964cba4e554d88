// Drives medins::call_raw with arbitrary op names and input bytes: the first
// byte picks an op of the table (or a random name), the rest is the input.
// Any abort, trap, leak or sanitizer report is a bug.
#include <cstdint>
#include <string>
#include <string_view>

#include "medins/call.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto ops = medins::op_names();
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string op;
  if (data[0] < ops.size() * 4) {
    op = ops[data[0] % ops.size()];
  } else {
    std::size_t cut = rest.find('\n');
    op = std::string(rest.substr(0, cut == std::string_view::npos ? 0 : cut));
    if (cut != std::string_view::npos) rest.remove_prefix(cut + 1);
  }
  medins::Outcome outcome;
  std::string out = medins::call_raw(op, rest, &outcome);
  if (out.empty() || out.front() != '{') __builtin_trap();
  return 0;
}
