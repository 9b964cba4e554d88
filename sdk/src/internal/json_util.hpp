// Reading untrusted JSON without exceptions: a strict parser with limits, and
// typed field access that answers `<module>.bad_input` naming the field.
#ifndef MEDINS_SRC_INTERNAL_JSON_UTIL_HPP
#define MEDINS_SRC_INTERNAL_JSON_UTIL_HPP

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "medins/status.hpp"

namespace medins::internal {

using json = nlohmann::json;

struct ParseLimits {
  int max_depth = 64;
  std::size_t max_bytes = 16u * 1024u * 1024u;
};

// Reads the elements of one array of a document as SAX events, in place of
// their tree (the estimate's bill lines: no map, no key strings per line).
// Each callback is nlohmann's SAX callback of the same name; returning false
// refuses the text (set `duplicate` first when the reason is a repeated key).
class ArraySink {
 public:
  virtual ~ArraySink() = default;
  virtual bool null() = 0;
  virtual bool boolean(bool value) = 0;
  virtual bool number_integer(json::number_integer_t value) = 0;
  virtual bool number_unsigned(json::number_unsigned_t value) = 0;
  virtual bool number_float(json::number_float_t value) = 0;
  virtual bool string(json::string_t& value) = 0;
  virtual bool start_object() = 0;
  virtual bool key(json::string_t& name) = 0;
  virtual bool end_object() = 0;
  virtual bool start_array() = 0;
  virtual bool end_array() = 0;
  bool duplicate = false;
};

// Where parse_strict hands an array to a sink: the array at `path`, a chain
// of object members from the root ({"bill", "lines"}). The document keeps an
// empty array there.
struct ArrayTap {
  std::span<const std::string_view> path;
  ArraySink* sink = nullptr;
};

// Parses `text` as one JSON value. Fails with `error_code` on invalid JSON or
// UTF-8, duplicate object keys, nesting deeper than limits.max_depth, or more
// than limits.max_bytes. With a tap, the tapped array's elements go to its sink.
Result<json> parse_strict(std::string_view text, Code error_code, ParseLimits limits = {}, ArrayTap tap = {});

// Checks one value of a sink's elements that the sink does not read (an
// unknown member holding an object or array) for what parse_strict refuses:
// feed it the events from the value's start to its end; `done` once balanced.
class SkippedValue {
 public:
  SkippedValue();
  ~SkippedValue();
  SkippedValue(const SkippedValue&) = delete;
  SkippedValue& operator=(const SkippedValue&) = delete;
  ArraySink& events() { return *events_; }
  bool done() const;

 private:
  std::unique_ptr<ArraySink> events_;
};

// Serializes without throwing: invalid UTF-8 is replaced, never an abort.
std::string dump_safe(const json& value);

// Overwrites every string (keys and values) inside `value` with zeros, so a
// JSON tree that held secrets leaves none behind when it is freed.
void wipe_strings(json& value);

// `<code>`: "<field>: <what>" with detail {"field": field} — how every
// module names the input field at fault.
Status field_error(Code code, std::string_view field, std::string_view what);

// Typed access to the fields of one input object. Every failure is
// `bad_input` with a message naming the field and the expected type.
class Fields {
 public:
  Fields(const json& object, Code bad_input, std::string prefix = "")
      : object_(object), bad_input_(bad_input), prefix_(std::move(prefix)) {}

  // Returns an error unless the input itself is an object.
  Status require_object() const;

  bool has(std::string_view name) const;

  Result<std::string> string(std::string_view name) const;
  Result<std::optional<std::string>> optional_string(std::string_view name) const;
  // Integers must be JSON integers within int64 (no fractions, no exponents).
  Result<std::int64_t> integer(std::string_view name) const;
  Result<std::optional<std::int64_t>> optional_integer(std::string_view name) const;
  // Times are integers within internal::kMinTime..kMaxTime (checked_time.hpp).
  Result<std::int64_t> time(std::string_view name) const;
  Result<std::optional<std::int64_t>> optional_time(std::string_view name) const;
  Result<bool> boolean(std::string_view name) const;
  Result<std::optional<bool>> optional_boolean(std::string_view name) const;
  Result<const json*> object(std::string_view name) const;
  Result<const json*> optional_object(std::string_view name) const;  // nullptr if absent
  Result<const json*> array(std::string_view name) const;
  Result<const json*> optional_array(std::string_view name) const;  // nullptr if absent

  // The fields of `object`, the value of field `name`: errors name
  // "<prefix><name>.<field>", with the same bad-input code.
  Fields nested(const json& object, std::string_view name) const {
    return Fields(object, bad_input_, prefix_ + std::string(name) + ".");
  }

  // The error for field `name`: "<prefix><name>: <what>".
  Status error(std::string_view name, std::string_view what) const;

 private:
  const json* find(std::string_view name) const;  // nullptr if absent or null

  const json& object_;
  Code bad_input_;
  std::string prefix_;
};

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_JSON_UTIL_HPP
