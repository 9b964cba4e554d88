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
// The elements of the tapped array go to its sink instead of the tree.
class StrictDomBuilder {
 public:
  explicit StrictDomBuilder(json& root, ArrayTap tap = {}) : root_(root), tap_(tap) {}
  bool duplicate = false;

  bool null() { return tapping_ ? forward(tap_.sink->null()) : add(nullptr); }
  bool boolean(bool value) { return tapping_ ? forward(tap_.sink->boolean(value)) : add(value); }
  bool number_integer(json::number_integer_t value) {
    return tapping_ ? forward(tap_.sink->number_integer(value)) : add(value);
  }
  bool number_unsigned(json::number_unsigned_t value) {
    return tapping_ ? forward(tap_.sink->number_unsigned(value)) : add(value);
  }
  bool number_float(json::number_float_t value, const json::string_t&) {
    return tapping_ ? forward(tap_.sink->number_float(value)) : add(value);
  }
  bool string(json::string_t& value) { return tapping_ ? forward(tap_.sink->string(value)) : add(std::move(value)); }
  bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }
  bool start_object(std::size_t) {
    if (!tapping_) return open(json::value_t::object);
    ++tap_depth_;
    return forward(tap_.sink->start_object());
  }
  bool end_object() {
    if (!tapping_) return close();
    --tap_depth_;
    return forward(tap_.sink->end_object());
  }
  bool start_array(std::size_t) {
    if (tapping_) {
      ++tap_depth_;
      return forward(tap_.sink->start_array());
    }
    if (!at_tap_path()) return open(json::value_t::array);
    place(json::value_t::array);
    tapping_ = true;
    return true;
  }
  bool end_array() {
    if (!tapping_) return close();
    if (tap_depth_ == 0) {
      tapping_ = false;
      return true;
    }
    --tap_depth_;
    return forward(tap_.sink->end_array());
  }
  bool key(json::string_t& name) {
    if (tapping_) return forward(tap_.sink->key(name));
    auto& members = open_.back()->get_ref<json::object_t&>();
    auto [it, inserted] = members.emplace(std::move(name), nullptr);
    if (!inserted) {
      duplicate = true;
      return false;
    }
    member_ = &it->second;
    member_name_ = &it->first;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  // No container is open: the value is complete.
  bool complete() const { return open_.empty() && !tapping_; }

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
    const std::string* name = !open_.empty() && open_.back()->is_object() ? member_name_ : nullptr;
    open_.push_back(place(type));
    names_.push_back(name);
    return true;
  }
  bool close() {
    open_.pop_back();
    names_.pop_back();
    return true;
  }
  bool forward(bool accepted) {
    if (!accepted && tap_.sink->duplicate) duplicate = true;
    return accepted;
  }
  // The array about to open is the member chain tap_.path from the root.
  bool at_tap_path() const {
    const auto& path = tap_.path;
    if (tap_.sink == nullptr || path.empty() || open_.size() != path.size() || !open_.back()->is_object())
      return false;
    for (std::size_t i = 1; i < names_.size(); ++i)
      if (names_[i] == nullptr || *names_[i] != path[i - 1]) return false;
    return *member_name_ == path.back();
  }

  json& root_;
  ArrayTap tap_;
  std::vector<json*> open_;
  std::vector<const std::string*> names_;  // the member name each open container sits under
  json* member_ = nullptr;
  const std::string* member_name_ = nullptr;
  bool tapping_ = false;
  int tap_depth_ = 0;  // containers open inside the tapped array
};

// A SkippedValue's events: built into a scratch tree by the strict builder,
// so a skipped value is refused for exactly what the tree would be.
class SkippedEvents final : public ArraySink {
 public:
  bool null() override { return builder_.null(); }
  bool boolean(bool value) override { return builder_.boolean(value); }
  bool number_integer(json::number_integer_t value) override { return builder_.number_integer(value); }
  bool number_unsigned(json::number_unsigned_t value) override { return builder_.number_unsigned(value); }
  bool number_float(json::number_float_t value) override { return builder_.number_float(value, {}); }
  bool string(json::string_t& value) override { return builder_.string(value); }
  bool start_object() override { return builder_.start_object(0); }
  bool key(json::string_t& name) override { return check(builder_.key(name)); }
  bool end_object() override { return builder_.end_object(); }
  bool start_array() override { return builder_.start_array(0); }
  bool end_array() override { return builder_.end_array(); }
  bool complete() const { return builder_.complete(); }
  ~SkippedEvents() override { wipe_strings(scratch_); }

 private:
  bool check(bool accepted) {
    if (builder_.duplicate) duplicate = true;
    return accepted;
  }
  json scratch_;
  StrictDomBuilder builder_{scratch_};
};

}  // namespace

SkippedValue::SkippedValue() : events_(std::make_unique<SkippedEvents>()) {}
SkippedValue::~SkippedValue() = default;
bool SkippedValue::done() const { return static_cast<const SkippedEvents&>(*events_).complete(); }

Result<json> parse_strict(std::string_view text, Code error_code, ParseLimits limits, ArrayTap tap) {
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
  StrictDomBuilder builder(value, tap);
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
