// Step pages: their definition (title, help, typed form fields with rules) and
// the check of what the patient submits. No regex engine and no floating
// point: every rule is a small hand-written scan, numbers are compared as
// integers scaled by 10^6.
#include "flow/form.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "flow/subjects.hpp"
#include "internal/calendar.hpp"
#include "internal/json_util.hpp"

namespace medins::flow::detail {

using json = nlohmann::json;
namespace {

using internal::Fields;

constexpr std::size_t kMaxFields = 32;
constexpr std::size_t kMaxOptions = 64;
constexpr std::int64_t kMaxTextLength = 2000;  // code points a text field may ever take
constexpr std::int64_t kDefaultTextLength = 200;
constexpr std::size_t kMaxTextBytes = 4000;    // a title, label, help or consent text in one language
constexpr std::int64_t kScale = 1000000;       // numbers: six decimals at most
constexpr std::int64_t kMaxUnits = 1000000000000;  // and twelve integer digits

constexpr std::array<std::string_view, 7> kTypes = {"text", "number", "choice", "date", "phone", "resident_id", "consent"};

// The rule keys, each with the one type it belongs to: a rule written on a
// field of another type is a mistake the hospital should hear about.
struct Rule {
  std::string_view key, type;
};
constexpr Rule kRules[] = {{"min_length", "text"}, {"max_length", "text"}, {"min", "number"},
                           {"max", "number"},      {"decimals", "number"}, {"options", "choice"},
                           {"catalogue", "choice"}, {"text", "consent"}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// An error about a page part: {step, field?, path}, so an editor can point at it.
Status page_error(Code code, const std::string& step, const std::string& field, const std::string& path,
                  const std::string& what, json extra = json::object()) {
  extra["step"] = step;
  extra["path"] = path;
  if (!field.empty()) extra["field"] = field;
  return Status(code, path + ": " + what, std::move(extra));
}

// `name` of `f`'s object: a text in every catalog language. Absent is fine
// unless `required`; a language missing is flow.untranslated with `missing`.
Status check_texts(const Fields& f, std::string_view name, bool required, const std::string& step,
                   const std::string& field, const std::string& prefix) {
  const std::string path = prefix + std::string(name);
  MEDINS_ASSIGN_OR_RETURN(const json* texts, f.optional_object(name));
  json missing = json::array();
  for (std::string_view lang : languages()) {
    const json* text = nullptr;
    if (texts) {
      auto it = texts->find(lang);
      if (it != texts->end()) text = &*it;
    }
    if (!text) {
      missing.push_back(lang);
    } else if (!text->is_string() || text->get_ref<const std::string&>().empty() ||
               text->get_ref<const std::string&>().size() > kMaxTextBytes) {
      return internal::field_error(Code::FlowBadDefinition, path + "." + std::string(lang),
                                   "must be a text of 1 to 4000 bytes");
    }
  }
  if ((texts || required) && !missing.empty())
    return page_error(Code::FlowUntranslated, step, field, path, "needs a text in every language: " + missing.dump(),
                      {{"missing", missing}});
  return ok_status();
}

// Returns value × 10^6 of an integer or a decimal string ("-12.5") with at
// most `decimals` fraction digits and twelve integer digits.
std::optional<std::int64_t> scaled(const json& v, int decimals) {
  if (v.is_number_unsigned()) {
    if (v.get<std::uint64_t>() >= static_cast<std::uint64_t>(kMaxUnits)) return std::nullopt;
    return static_cast<std::int64_t>(v.get<std::uint64_t>()) * kScale;
  }
  if (v.is_number_integer()) {
    const std::int64_t n = v.get<std::int64_t>();
    if (n <= -kMaxUnits || n >= kMaxUnits) return std::nullopt;
    return n * kScale;
  }
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  std::size_t i = s.size() > 0 && s[0] == '-' ? 1 : 0;
  const std::size_t int_start = i;
  std::int64_t units = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) units = units * 10 + (s[i] - '0');
  if (i == int_start || i - int_start > 12) return std::nullopt;
  std::int64_t frac = 0, unit = kScale;
  if (i < s.size() && s[i] == '.') {
    const std::size_t frac_start = ++i;
    for (; i < s.size() && is_digit(s[i]); ++i) frac += (unit /= 10) * (s[i] - '0');
    if (i == frac_start || static_cast<int>(i - frac_start) > decimals) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const std::int64_t out = units * kScale + frac;
  return int_start ? -out : out;
}

// A rule of a checked field definition, or `fallback` when it is not written.
std::int64_t rule(const json& field, const char* key, std::int64_t fallback) {
  auto it = field.find(key);
  return it == field.end() || it->is_null() ? fallback : it->get<std::int64_t>();
}

std::int64_t code_points(const std::string& s) {
  std::int64_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A mainland mobile number: 1[3-9] and nine digits, optionally after +86.
bool valid_phone(std::string_view s) {
  if (s.substr(0, 3) == "+86") s.remove_prefix(3);
  if (s.size() != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9') return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// GB 11643: 6 digits of area, the birth date YYYYMMDD, 3 of sequence, then a
// check character, ISO 7064 MOD 11-2 over the 17 digits ('X' is 10). Returns
// the code of the problem, Ok when there is none.
Code resident_id_problem(std::string_view s) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  if (s.size() != 18) return Code::FlowFieldBadResidentId;
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(s[i])) return Code::FlowFieldBadResidentId;
    sum += (s[i] - '0') * kWeights[i];
  }
  const std::string birth = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(10, 2)) + "-" +
                            std::string(s.substr(12, 2));
  const char last = s[17] == 'x' ? 'X' : s[17];
  if (!internal::parse_iso_date(birth) || !(is_digit(last) || last == 'X')) return Code::FlowFieldBadResidentId;
  return "10X98765432"[sum % 11] == last ? Code::Ok : Code::FlowFieldResidentIdCheckDigit;
}

Status parse_field(const json& in, const std::string& prefix, const std::string& step) {
  Fields f(in, Code::FlowBadDefinition, prefix);
  MEDINS_RETURN_IF_ERROR(f.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string name, f.string("name"));
  if (!valid_id(name)) return f.error("name", "must match [a-z0-9_.-]{1,64}");
  MEDINS_ASSIGN_OR_RETURN(std::string type, f.string("type"));
  if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end())
    return page_error(Code::FlowUnknownFieldType, step, name, prefix + "type",
                      "\"" + type + "\" is not a field type (text, number, choice, date, phone, resident_id, consent)",
                      {{"type", type}});
  for (const Rule& r : kRules)
    if (f.has(r.key) && r.type != type)
      return f.error(r.key, "is a rule of " + std::string(r.type) + " fields only");
  MEDINS_RETURN_IF_ERROR(f.optional_boolean("required").status());
  MEDINS_RETURN_IF_ERROR(check_texts(f, "label", true, step, name, prefix));
  MEDINS_RETURN_IF_ERROR(check_texts(f, "help", false, step, name, prefix));
  if (type == "text") {
    MEDINS_ASSIGN_OR_RETURN(auto lo, f.optional_integer("min_length"));
    MEDINS_ASSIGN_OR_RETURN(auto hi, f.optional_integer("max_length"));
    if (hi && (*hi < 1 || *hi > kMaxTextLength)) return f.error("max_length", "must be 1 to 2000");
    if (lo && (*lo < 0 || *lo > hi.value_or(kDefaultTextLength)))
      return f.error("min_length", "must be 0 to max_length (default 200)");
  } else if (type == "number") {
    MEDINS_ASSIGN_OR_RETURN(auto decimals, f.optional_integer("decimals"));
    if (decimals && (*decimals < 0 || *decimals > 6)) return f.error("decimals", "must be 0 to 6");
    std::optional<std::int64_t> bound[2];
    const char* keys[2] = {"min", "max"};
    for (int k = 0; k < 2; ++k) {
      auto it = in.find(keys[k]);
      if (it == in.end() || it->is_null()) continue;
      bound[k] = scaled(*it, 6);
      if (!bound[k])
        return f.error(keys[k], "must be an integer or a decimal string (at most 12 digits, 6 decimals)");
    }
    if (bound[0] && bound[1] && *bound[0] > *bound[1]) return f.error("min", "is above max");
  } else if (type == "choice") {
    MEDINS_ASSIGN_OR_RETURN(const json* options, f.optional_array("options"));
    MEDINS_ASSIGN_OR_RETURN(auto catalogue, f.optional_string("catalogue"));
    if (!options == !catalogue) return f.error("options", "a choice lists options or names a catalogue (one of them)");
    if (catalogue && !valid_id(*catalogue)) return f.error("catalogue", "must match [a-z0-9_.-]{1,64}");
    if (options && (options->empty() || options->size() > kMaxOptions))
      return f.error("options", "must list 1 to 64 options");
    for (std::size_t i = 0; options && i < options->size(); ++i) {
      const std::string at = prefix + "options[" + std::to_string(i) + "].";
      Fields o((*options)[i], Code::FlowBadDefinition, at);
      MEDINS_RETURN_IF_ERROR(o.require_object());
      MEDINS_ASSIGN_OR_RETURN(std::string value, o.string("value"));
      if (value.empty() || value.size() > 64) return o.error("value", "must be 1 to 64 bytes");
      for (std::size_t j = 0; j < i; ++j)
        if ((*options)[j]["value"] == value) return o.error("value", "repeats an earlier option");
      MEDINS_RETURN_IF_ERROR(check_texts(o, "label", true, step, name, at));
    }
  } else if (type == "consent") {
    if (!f.has("text"))
      return page_error(Code::FlowConsentWithoutText, step, name, prefix + "text",
                        "a consent needs the text the patient agrees to");
    MEDINS_RETURN_IF_ERROR(check_texts(f, "text", true, step, name, prefix));
  }
  return ok_status();
}

// The problem with one submitted value, Ok when there is none.
Code value_problem(const json& field, const json* value) {
  const std::string& type = field["type"].get_ref<const std::string&>();
  auto req = field.find("required");
  const bool required = req != field.end() && req->is_boolean() && req->get<bool>();
  const bool empty = !value || value->is_null() || (value->is_string() && value->get_ref<const std::string&>().empty());
  if (type == "consent") {
    if (empty) return required ? Code::FlowConsentNotGiven : Code::Ok;
    if (!value->is_boolean()) return Code::FlowFieldWrongType;
    return required && !value->get<bool>() ? Code::FlowConsentNotGiven : Code::Ok;
  }
  if (empty) return required ? Code::FlowFieldRequired : Code::Ok;
  if (type == "number") {
    if (!value->is_string() && !value->is_number_integer()) return Code::FlowFieldWrongType;
    auto n = scaled(*value, static_cast<int>(rule(field, "decimals", 0)));
    if (!n) return Code::FlowFieldBadNumber;
    auto lo = field.find("min"), hi = field.find("max");
    if (lo != field.end() && !lo->is_null() && *n < *scaled(*lo, 6)) return Code::FlowFieldBelowMin;
    if (hi != field.end() && !hi->is_null() && *n > *scaled(*hi, 6)) return Code::FlowFieldAboveMax;
    return Code::Ok;
  }
  if (!value->is_string()) return Code::FlowFieldWrongType;
  const std::string& s = value->get_ref<const std::string&>();
  if (type == "text") {
    const std::int64_t n = code_points(s);
    if (n < rule(field, "min_length", 0)) return Code::FlowFieldTooShort;
    return n > rule(field, "max_length", kDefaultTextLength) ? Code::FlowFieldTooLong : Code::Ok;
  }
  if (type == "choice") {
    auto options = field.find("options");
    if (options == field.end() || options->is_null()) return s.size() > 64 ? Code::FlowFieldNotAnOption : Code::Ok;
    for (const auto& o : *options)
      if (o["value"] == *value) return Code::Ok;
    return Code::FlowFieldNotAnOption;
  }
  if (type == "date") return internal::parse_iso_date(s) ? Code::Ok : Code::FlowFieldBadDate;
  if (type == "phone") return valid_phone(s) ? Code::Ok : Code::FlowFieldBadPhone;
  return resident_id_problem(s);
}

std::string_view problem_text(Code code) {
  switch (code) {
    case Code::FlowFieldRequired: return "is required";
    case Code::FlowFieldWrongType: return "has the wrong type";
    case Code::FlowFieldTooShort: return "is too short";
    case Code::FlowFieldTooLong: return "is too long";
    case Code::FlowFieldBadNumber: return "is not a number of the allowed form";
    case Code::FlowFieldBelowMin: return "is below the minimum";
    case Code::FlowFieldAboveMax: return "is above the maximum";
    case Code::FlowFieldNotAnOption: return "is not one of the choices";
    case Code::FlowFieldBadDate: return "is not a date YYYY-MM-DD";
    case Code::FlowFieldBadPhone: return "is not a mobile number";
    case Code::FlowFieldBadResidentId: return "is not a resident ID number";
    case Code::FlowFieldResidentIdCheckDigit: return "has a wrong check digit (mistyped?)";
    default: return "must be accepted";
  }
}

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

Result<json> parse_page(const json& step, const std::string& where, const std::string& id) {
  Fields f(step, Code::FlowBadDefinition, where + ".");
  MEDINS_ASSIGN_OR_RETURN(const json* fields, f.optional_array("fields"));
  MEDINS_RETURN_IF_ERROR(check_texts(f, "title", fields != nullptr, id, "", where + "."));
  MEDINS_RETURN_IF_ERROR(check_texts(f, "help", false, id, "", where + "."));
  if (fields) {
    if (fields->empty() || fields->size() > kMaxFields) return f.error("fields", "must list 1 to 32 fields");
    for (std::size_t i = 0; i < fields->size(); ++i) {
      MEDINS_RETURN_IF_ERROR(parse_field((*fields)[i], where + ".fields[" + std::to_string(i) + "].", id));
      for (std::size_t j = 0; j < i; ++j)
        if ((*fields)[j]["name"] == (*fields)[i]["name"])
          return internal::field_error(Code::FlowBadDefinition, where + ".fields[" + std::to_string(i) + "].name",
                                       "repeats an earlier field's name");
    }
  }
  json page = json::object();
  for (const char* key : {"title", "help", "fields"})
    if (f.has(key)) page[key] = step[key];
  if (page.empty()) return json(nullptr);
  return page;
}

bool has_field(const json& page, std::string_view name) {
  if (!page.is_object() || !page.contains("fields")) return false;
  for (const auto& field : page["fields"])
    if (field["name"] == name) return true;
  return false;
}

Status check_data(const json& page, const json& data, const std::string& id) {
  if (!page.is_object() || !page.contains("fields")) return ok_status();
  json problems = json::array();
  Code first = Code::Ok;
  std::string first_field;
  for (const auto& field : page["fields"]) {
    const std::string& name = field["name"].get_ref<const std::string&>();
    auto it = data.is_object() ? data.find(name) : data.end();
    const Code code = value_problem(field, data.is_object() && it != data.end() ? &*it : nullptr);
    if (code == Code::Ok) continue;
    if (first == Code::Ok) first = code, first_field = name;
    problems.push_back({{"field", name}, {"code", code_string(code)}});
  }
  if (first == Code::Ok) return ok_status();
  return Status(first, id + ": " + first_field + " " + std::string(problem_text(first)),
                json{{"step", id}, {"field", first_field}, {"problems", std::move(problems)}});
}

}  // namespace medins::flow::detail
