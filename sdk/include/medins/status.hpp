// Errors as values: every fallible function of medins returns a Status or a
// Result<T>; nothing throws across the public API.
#ifndef MEDINS_STATUS_HPP
#define MEDINS_STATUS_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace medins {

// Every error code of the SDK. The dotted string (code_string) is the stable
// contract; the enumerator order is not.
enum class Code : std::uint16_t {
  Ok = 0,
#define X(identifier, dotted) identifier,
#include "medins/errors/errors.def"
#undef X
  kDoNotUseSentinel
};

// Returns the stable dotted string of `code` ("token.expired"); "ok" for Ok.
std::string_view code_string(Code code);

// Returns the code whose dotted string is `dotted`, or Code::Ok if none is.
Code code_from_string(std::string_view dotted);

// Number of error codes (Ok excluded); codes are 1..error_code_count().
std::size_t error_code_count();

// A code plus a one-line message for a person. Messages never carry secrets.
// `detail` holds extra machine-readable fields of the error object (an object,
// or null when there are none), e.g. {"line": 3} or {"allowed": [...]}.
class Status {
 public:
  Status() = default;
  Status(Code code, std::string message, nlohmann::json detail = nullptr)
      : code_(code), message_(std::move(message)), detail_(std::move(detail)) {}

  bool ok() const { return code_ == Code::Ok; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const nlohmann::json& detail() const { return detail_; }

  // Returns {"error": {"code", "message", ...detail}}.
  nlohmann::json to_json() const;

 private:
  Code code_ = Code::Ok;
  std::string message_;
  nlohmann::json detail_;
};

inline Status ok_status() { return Status(); }

// A value or a non-ok Status (std::expected is not in Emscripten 3.1.6's libc++).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<1>, std::move(value)) {}
  Result(Status status) : state_(std::in_place_index<0>, std::move(status)) {
    if (std::get<0>(state_).ok())
      state_.template emplace<0>(Code::InternalError, "ok status used as an error");
  }

  bool ok() const { return state_.index() == 1; }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<0>(state_);
  }
  T& value() & { return std::get<1>(state_); }
  const T& value() const& { return std::get<1>(state_); }
  T&& value() && { return std::get<1>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<Status, T> state_;
};

}  // namespace medins

#define MEDINS_CONCAT_INNER(a, b) a##b
#define MEDINS_CONCAT(a, b) MEDINS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when `expr` is not ok.
#define MEDINS_RETURN_IF_ERROR(expr)                  \
  do {                                                \
    ::medins::Status medins_status_ = (expr);         \
    if (!medins_status_.ok()) return medins_status_;  \
  } while (0)

// `lhs = value of expr`, or returns its status from the enclosing function.
#define MEDINS_ASSIGN_OR_RETURN(lhs, expr)                                  \
  auto MEDINS_CONCAT(medins_result_, __LINE__) = (expr);                    \
  if (!MEDINS_CONCAT(medins_result_, __LINE__).ok())                        \
    return MEDINS_CONCAT(medins_result_, __LINE__).status();                \
  lhs = std::move(MEDINS_CONCAT(medins_result_, __LINE__)).value()

#endif  // MEDINS_STATUS_HPP
