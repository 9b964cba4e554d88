// `medins OP`: JSON input on stdin, JSON output on stdout; exit 0 ok, 1 the op
// failed, 2 usage error (unknown op, unreadable or oversized input).
// Piped or redirected stdin is the input byte for byte, parsed as strictly as
// every other front end parses it (blank or empty is not JSON); only an
// interactive terminal, which has nothing to pipe, stands for `{}`.
// MEDINS_TEST_NOW=<Unix seconds> fixes the clock, so vectors give the same
// answer on every front end (ops that verify also take an explicit `now`).
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "medins/call.hpp"

namespace {

// The same text as the wasm CLI's (js-glue/bin/medins.mjs; tests/glue/boundary.test.mjs compares them).
void print_help() {
  std::fputs(
      "usage: medins OP < input.json\n"
      "       medins --help\n"
      "\n"
      "Runs one medins op: its input as one JSON object on stdin, its output as JSON\n"
      "on stdout. Exit status: 0 the op succeeded; 1 it failed (the output is\n"
      "{\"error\": {code, message, ...}}, docs/errors.md); 2 a usage error (an unknown\n"
      "op, input that is not one JSON object, or more than 16 MiB).\n"
      "MEDINS_TEST_NOW=<Unix seconds> fixes the clock. Each op's input and output:\n"
      "docs/api.md. The ops:\n",
      stdout);
  for (const std::string& op : medins::op_names()) std::printf("  %s\n", op.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    print_help();
    return 0;
  }
  if (argc != 2) {
    std::fputs("usage: medins OP < input.json (medins --help for more)\n", stderr);
    std::string out = medins::call_raw("", "{}");  // the call.unknown_op error object
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fputc('\n', stdout);
    return 2;
  }
  const bool interactive = isatty(STDIN_FILENO);
  std::string input = interactive ? "{}" : "";
  char buffer[65536];
  std::size_t got;
  // Read one byte past the limit so call_raw can answer call.input_too_large.
  while (!interactive && (got = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    input.append(buffer, got);
    if (input.size() > medins::kMaxInputBytes) break;
  }
  if (std::ferror(stdin)) {
    std::fputs("{\"error\":{\"code\":\"call.bad_input\",\"message\":\"cannot read stdin\"}}\n",
               stdout);
    return 2;
  }
  class EnvClock final : public medins::Clock {
   public:
    // A value whose milliseconds overflow int64 reads as -1, which every op
    // refuses as outside the accepted years (as a wild host clock in wasm).
    explicit EnvClock(std::int64_t s) {
      if (__builtin_mul_overflow(s, 1000, &ms_)) ms_ = -1;
    }
    std::int64_t now_unix_ms() override { return ms_; }

   private:
    std::int64_t ms_;
  };
  medins::Env env;
  const char* fixed_now = std::getenv("MEDINS_TEST_NOW");
  EnvClock clock(fixed_now ? std::strtoll(fixed_now, nullptr, 10) : 0);
  if (fixed_now) env.clock = &clock;
  medins::Outcome outcome;
  std::string out = medins::call_raw(argv[1], input, &outcome, env);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fputc('\n', stdout);
  return static_cast<int>(outcome);
}
