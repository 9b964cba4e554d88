#include "internal/json_util.hpp"

#include <limits>
#include <set>
#include <vector>

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

}  // namespace

Result<json> parse_strict(std::string_view text, Code error_code, ParseLimits limits) {
  if (text.size() > limits.max_bytes) return Status(error_code, "JSON text is too large");
  if (!nesting_within(text, limits.max_depth))
    return Status(error_code, "JSON nesting is too deep (limit " +
                                  std::to_string(limits.max_depth) + ")");
  // nlohmann keeps the last of duplicate keys silently; two readers of one
  // document could then disagree about it, so duplicates are refused.
  std::vector<std::set<std::string>> open_objects;
  bool duplicate = false;
  auto callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_objects.empty() && parsed.is_string() &&
            !open_objects.back().insert(parsed.get_ref<const std::string&>()).second)
          duplicate = true;
        break;
      default:
        break;
    }
    return true;
  };
  json value = json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/false);
  for (auto& keys : open_objects)
    for (auto& key : keys) wipe(const_cast<std::string&>(key));
  if (value.is_discarded()) return Status(error_code, "input is not valid JSON");
  if (duplicate) {
    wipe_strings(value);
    return Status(error_code, "JSON object has a duplicate key");
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

Status Fields::error(std::string_view name, std::string_view what) const {
  std::string message = prefix_;
  message.append(name).append(": ").append(what);
  return Status(bad_input_, std::move(message), json{{"field", prefix_ + std::string(name)}});
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
