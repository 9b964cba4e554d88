#include "internal/json_util.hpp"

#include <limits>
#include <utility>
#include <vector>

#include "internal/checked_time.hpp"
#include "internal/secret.hpp"

namespace medins::internal {
namespace {

// Depth is checked on the raw bytes before parsing: a 16 MiB run of '[' would
// otherwise allocate millions of nested values before any callback could stop it.
bool nesting_within(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

// Builds the document like nlohmann's own DOM parser, refusing a duplicate
// key the moment it appears: the object being filled is itself the set of
// keys seen. (nlohmann's callback parser, the other way to see keys, rescans
// the enclosing array at every object's end: quadratic in a bill's lines.)
class StrictDomBuilder {
 public:
  explicit StrictDomBuilder(json& root) : root_(root) {}
  bool duplicate = false;

  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(json::number_integer_t value) { return add(value); }
  bool number_unsigned(json::number_unsigned_t value) { return add(value); }
  bool number_float(json::number_float_t value, const json::string_t&) { return add(value); }
  bool string(json::string_t& value) { return add(std::move(value)); }
  bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }
  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(json::string_t& name) {
    auto& members = open_.back()->get_ref<json::object_t&>();
    auto [it, inserted] = members.emplace(std::move(name), nullptr);
    if (!inserted) {
      duplicate = true;
      return false;
    }
    member_ = &it->second;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  template <class Value>
  json* place(Value&& value) {
    if (open_.empty()) {
      root_ = json(std::forward<Value>(value));
      return &root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      auto& items = parent.get_ref<json::array_t&>();
      items.emplace_back(std::forward<Value>(value));
      return &items.back();
    }
    *member_ = json(std::forward<Value>(value));
    return member_;
  }
  template <class Value>
  bool add(Value&& value) {
    place(std::forward<Value>(value));
    return true;
  }
  bool open(json::value_t type) {
    open_.push_back(place(type));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> open_;
  json* member_ = nullptr;
};

}  // namespace

Result<json> parse_strict(std::string_view text, Code error_code, ParseLimits limits) {
  if (text.size() > limits.max_bytes) return Status(error_code, "JSON text is too large");
  // nlohmann's lexer takes a NUL byte for the end of the input (a C string's
  // terminator), so `{"a":1}\0{"b":2}` would parse as its first object alone and
  // two different texts would read as one document. A raw NUL is never valid
  // JSON (inside a string it must be escaped), so any NUL refuses the text.
  if (text.find('\0') != std::string_view::npos)
    return Status(error_code, "input is not valid JSON (NUL byte)");
  if (!nesting_within(text, limits.max_depth))
    return Status(error_code, "JSON nesting is too deep (limit " +
                                  std::to_string(limits.max_depth) + ")");
  // nlohmann keeps the last of duplicate keys silently; two readers of one
  // document could then disagree about it, so duplicates are refused.
  json value;
  StrictDomBuilder builder(value);
  const bool parsed = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json,
                                      /*strict=*/true, /*ignore_comments=*/false);
  if (!parsed) {
    wipe_strings(value);
    return Status(error_code, builder.duplicate ? "JSON object has a duplicate key" : "input is not valid JSON");
  }
  return value;
}

std::string dump_safe(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void wipe_strings(json& value) {
  std::vector<json*> pending{&value};
  while (!pending.empty()) {
    json* node = pending.back();
    pending.pop_back();
    if (node->is_string()) {
      wipe(node->get_ref<std::string&>());
    } else if (node->is_object()) {
      for (auto it = node->begin(); it != node->end(); ++it) {
        wipe(const_cast<std::string&>(it.key()));
        pending.push_back(&it.value());
      }
    } else if (node->is_array()) {
      for (auto& child : *node) pending.push_back(&child);
    }
  }
}

Status Fields::require_object() const {
  if (!object_.is_object())
    return Status(bad_input_, prefix_.empty() ? "input must be a JSON object"
                                              : prefix_ + " must be a JSON object");
  return ok_status();
}

Status field_error(Code code, std::string_view field, std::string_view what) {
  std::string message(field);
  message.append(": ").append(what);
  return Status(code, std::move(message), json{{"field", std::string(field)}});
}

Status Fields::error(std::string_view name, std::string_view what) const {
  return field_error(bad_input_, prefix_ + std::string(name), what);
}

const json* Fields::find(std::string_view name) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool Fields::has(std::string_view name) const { return find(name) != nullptr; }

Result<std::optional<std::string>> Fields::optional_string(std::string_view name) const {
  const json* field = find(name);
  if (!field) return std::optional<std::string>();
  if (!field->is_string()) return error(name, "must be a string");
  return std::optional<std::string>(field->get_ref<const std::string&>());
}

Result<std::string> Fields::string(std::string_view name) const {
  MEDINS_ASSIGN_OR_RETURN(auto value, optional_string(name));
  if (!value) return error(name, "is required (a string)");
  return std::move(*value);
}

Result<std::optional<std::int64_t>> Fields::optional_integer(std::string_view name) const {
  const json* field = find(name);
  if (!field) return std::optional<std::int64_t>();
  if (field->is_number_unsigned()) {
    auto value = field->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return error(name, "is out of range");
    return std::optional<std::int64_t>(static_cast<std::int64_t>(value));
  }
  if (field->is_number_integer()) return std::optional<std::int64_t>(field->get<std::int64_t>());
  return error(name, "must be an integer");
}

Result<std::int64_t> Fields::integer(std::string_view name) const {
  MEDINS_ASSIGN_OR_RETURN(auto value, optional_integer(name));
  if (!value) return error(name, "is required (an integer)");
  return *value;
}

Result<std::optional<std::int64_t>> Fields::optional_time(std::string_view name) const {
  MEDINS_ASSIGN_OR_RETURN(auto value, optional_integer(name));
  if (value && !in_time_range(*value)) return error(name, kTimeRangeText);
  return value;
}

Result<std::int64_t> Fields::time(std::string_view name) const {
  MEDINS_ASSIGN_OR_RETURN(auto value, optional_time(name));
  if (!value) return error(name, "is required (Unix seconds)");
  return *value;
}

Result<std::optional<bool>> Fields::optional_boolean(std::string_view name) const {
  const json* field = find(name);
  if (!field) return std::optional<bool>();
  if (!field->is_boolean()) return error(name, "must be true or false");
  return std::optional<bool>(field->get<bool>());
}

Result<bool> Fields::boolean(std::string_view name) const {
  MEDINS_ASSIGN_OR_RETURN(auto value, optional_boolean(name));
  if (!value) return error(name, "is required (true or false)");
  return *value;
}

Result<const json*> Fields::optional_object(std::string_view name) const {
  const json* field = find(name);
  if (field && !field->is_object()) return error(name, "must be an object");
  return field;
}

Result<const json*> Fields::object(std::string_view name) const {
  MEDINS_ASSIGN_OR_RETURN(const json* field, optional_object(name));
  if (!field) return error(name, "is required (an object)");
  return field;
}

Result<const json*> Fields::optional_array(std::string_view name) const {
  const json* field = find(name);
  if (field && !field->is_array()) return error(name, "must be an array");
  return field;
}

Result<const json*> Fields::array(std::string_view name) const {
  MEDINS_ASSIGN_OR_RETURN(const json* field, optional_array(name));
  if (!field) return error(name, "is required (an array)");
  return field;
}

}  // namespace medins::internal
