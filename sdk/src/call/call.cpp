#include "medins/call.hpp"

#include "call/op_table.hpp"
#include "internal/json_util.hpp"

namespace medins {
namespace {

Context make_context(const Env& env) {
  return Context{env.clock ? *env.clock : default_clock(),
                 env.random ? *env.random : default_random(),
                 env.replay ? *env.replay : default_replay_store()};
}

// Runs one op behind the native safety net (fmt-c.cc's pattern): the core
// reports failures by value, so reaching the catch is a bug, answered as
// internal.error.
template <typename T, typename Fn>
Result<T> guarded(Fn&& fn) {
#if defined(__cpp_exceptions)
  try {
    return fn();
  } catch (...) {
    return Status(Code::InternalError, "internal error");
  }
#else
  return fn();
#endif
}

const Status kNotAnObject(Code::CallBadInput, "input must be a JSON object");

template <typename T, typename Fn>
Result<T> guarded(const json& in, Fn&& fn) {
  if (!in.is_object()) return kNotAnObject;
  return guarded<T>(std::forward<Fn>(fn));
}

// Every call.* code is a usage error (docs/errors.md), test_only_field too.
Outcome outcome_of(const Status& status) {
  return code_string(status.code()).substr(0, 5) == "call." ? Outcome::kUsage : Outcome::kError;
}

json run(const OpDef& op, const json& in, const Env& env, Outcome* outcome) {
  Context ctx = make_context(env);
  Result<json> result = guarded<json>(in, [&] { return op.fn(in, ctx); });
  if (result.ok()) {
    *outcome = Outcome::kOk;
    return std::move(result).value();
  }
  *outcome = outcome_of(result.status());
  return result.status().to_json();
}

// Serializes `out` and zeroes its strings (they may hold secrets).
std::string dump_and_wipe(json& out) {
  std::string text = internal::dump_safe(out);
  internal::wipe_strings(out);
  return text;
}

// A text op's result as the call's output text.
std::string text_of(Result<std::string> result, Outcome* outcome) {
  if (result.ok()) {
    *outcome = Outcome::kOk;
    return std::move(result).value();
  }
  *outcome = outcome_of(result.status());
  json error = result.status().to_json();
  return dump_and_wipe(error);
}

// The op's output as text: a text op writes it without a DOM.
std::string run_to_text(const OpDef& op, const json& in, const Env& env, Outcome* outcome) {
  if (op.text == nullptr) {
    json out = run(op, in, env, outcome);
    return dump_and_wipe(out);
  }
  Context ctx = make_context(env);
  return text_of(guarded<std::string>(in, [&] { return op.text(in, ctx); }), outcome);
}

json usage_error(Code code, std::string message, Outcome* outcome) {
  *outcome = Outcome::kUsage;
  return Status(code, std::move(message)).to_json();
}

}  // namespace

json call(std::string_view op, const json& in, const Env& env) {
  Outcome outcome;
  const OpDef* def = find_op(op);
  if (def == nullptr) return usage_error(Code::CallUnknownOp, "unknown op", &outcome);
  return run(*def, in, env, &outcome);
}

std::string call_raw(std::string_view op, std::string_view input, Outcome* outcome,
                     const Env& env) {
  Outcome ignored;
  if (outcome == nullptr) outcome = &ignored;
  json out;
  const OpDef* def = find_op(op);
  if (def == nullptr) {
    out = usage_error(Code::CallUnknownOp, "unknown op", outcome);
  } else if (input.size() > kMaxInputBytes) {
    out = usage_error(Code::CallInputTooLarge, "input is larger than 16 MiB", outcome);
  } else if (def->raw != nullptr) {
    Context ctx = make_context(env);
    return text_of(guarded<std::string>([&] { return def->raw(input, ctx); }), outcome);
  } else {
    auto parsed = internal::parse_strict(input, Code::CallBadInput, {kMaxJsonDepth, kMaxInputBytes});
    if (!parsed.ok()) {
      out = usage_error(Code::CallBadInput, parsed.status().message(), outcome);
    } else {
      std::string text = run_to_text(*def, *parsed, env, outcome);
      // Inputs carry secrets (keys, PINs); their strings are zeroed here, and
      // the wiping allocator zeroes every block as it is freed.
      internal::wipe_strings(*parsed);
      return text;
    }
  }
  return dump_and_wipe(out);
}

Result<json> parse_call_input(std::string_view input, internal::ArrayTap tap) {
  MEDINS_ASSIGN_OR_RETURN(json in, internal::parse_strict(input, Code::CallBadInput, {kMaxJsonDepth, kMaxInputBytes}, tap));
  if (!in.is_object()) return kNotAnObject;
  return in;
}

std::vector<std::string> op_names() {
  std::vector<std::string> names;
  for (const OpDef* op : all_ops()) names.emplace_back(op->name);
  return names;
}

std::string_view version_string() { return MEDINS_VERSION; }

}  // namespace medins
