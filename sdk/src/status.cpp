#include "medins/status.hpp"

#include <array>

namespace medins {
namespace {

constexpr std::array kCodeStrings = {
    std::string_view("ok"),
#define X(identifier, dotted) std::string_view(dotted),
#include "medins/errors/errors.def"
#undef X
};
static_assert(kCodeStrings.size() == static_cast<std::size_t>(Code::kDoNotUseSentinel));

}  // namespace

std::string_view code_string(Code code) {
  auto index = static_cast<std::size_t>(code);
  return index < kCodeStrings.size() ? kCodeStrings[index] : std::string_view("internal.error");
}

Code code_from_string(std::string_view dotted) {
  for (std::size_t i = 1; i < kCodeStrings.size(); ++i)
    if (kCodeStrings[i] == dotted) return static_cast<Code>(i);
  return Code::Ok;
}

std::size_t error_code_count() { return kCodeStrings.size() - 1; }

nlohmann::json Status::to_json() const {
  nlohmann::json error = {{"code", code_string(code_)}, {"message", message_}};
  if (detail_.is_object())
    for (auto it = detail_.begin(); it != detail_.end(); ++it)
      if (it.key() != "code" && it.key() != "message") error[it.key()] = it.value();
  return {{"error", std::move(error)}};
}

}  // namespace medins
