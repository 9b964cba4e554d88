// Canonical order digests: RFC 8785 (JSON Canonicalization Scheme) restricted
// to integers, then BLAKE2b-256. The device hashes the order it showed, the
// backend hashes the order it holds, and the two digests agree byte for byte
// only if the orders are the same JSON data, whatever the key order or
// whitespace of either serialization.
#include <algorithm>
#include <utility>
#include <vector>

#include "authorization/internal.hpp"
#include "internal/encoding.hpp"
#include "internal/jcs.hpp"
#include "internal/json_util.hpp"
#include "internal/sodium.hpp"

namespace medins::authorization {
namespace {

using json = nlohmann::json;

Status order_bad(std::string_view field, std::string_view what) {
  return internal::field_error(Code::OrderBadInput, "order." + std::string(field), what);
}

}  // namespace

Result<std::string> canonicalize(const json& value) {
  std::string out;
  switch (internal::canonicalize_jcs(value, out, {kMaxOrderBytes, kMaxOrderDepth})) {
    case internal::JcsError::kNone: return out;
    case internal::JcsError::kTooLarge:
    case internal::JcsError::kTooDeep:
      return Status(Code::OrderTooLarge, "order is larger than 64 KiB canonical or nested deeper than 8");
    case internal::JcsError::kNonInteger:
      return Status(Code::OrderNonIntegerNumber,
                    "order holds a number with a fraction or exponent; amounts are integer fen");
    case internal::JcsError::kUnsafeInteger:
      return Status(Code::OrderIntegerOutOfRange,
                    "order holds an integer beyond ±(2^53 - 1), which JavaScript cannot hold exactly");
    case internal::JcsError::kInvalidUtf8: return Status(Code::OrderMalformed, "order holds a string that is not UTF-8");
  }
  return Status(Code::InternalError, "unknown canonicalization error");
}

std::string blake2b_b64(std::string_view text) {
  std::uint8_t hash[32];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     nullptr, 0);
  return internal::base64url_encode(std::span<const std::uint8_t>(hash, sizeof hash));
}

Result<OrderDigest> order_digest(const json& order) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  if (!order.is_object()) return Status(Code::OrderBadInput, "order must be a JSON object", json{{"field", "order"}});
  MEDINS_ASSIGN_OR_RETURN(std::string canonical, canonicalize(order));
  std::string digest = blake2b_b64(canonical);
  return OrderDigest{std::move(digest), std::move(canonical)};
}

Result<OrderTerms> read_order(const json& order) {
  // Canonicalized first: a float or oversized order answers its own code
  // before any field is looked at.
  MEDINS_ASSIGN_OR_RETURN(OrderDigest digest, order_digest(order));
  OrderTerms terms;
  auto text = [&](const char* name, std::string& out) -> Status {
    auto it = order.find(name);
    if (it == order.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
      return order_bad(name, "must be a non-empty string");
    out = it->get_ref<const std::string&>();
    return ok_status();
  };
  MEDINS_RETURN_IF_ERROR(text("order_id", terms.order_id));
  MEDINS_RETURN_IF_ERROR(text("payee", terms.payee));
  auto amounts = order.find("amounts");
  if (amounts == order.end() || !amounts->is_object()) return order_bad("amounts", "must be an object");
  for (auto [name, out] : {std::pair{"fund_fen", &terms.amounts.fund_fen},
                           std::pair{"account_fen", &terms.amounts.account_fen},
                           std::pair{"cash_fen", &terms.amounts.cash_fen}}) {
    auto it = amounts->find(name);
    // Canonicalization already refused floats and out-of-range integers.
    if (it == amounts->end() || !it->is_number_integer())
      return order_bad(std::string("amounts.") + name, "must be an integer number of fen");
    const auto v = it->is_number_unsigned() ? static_cast<std::int64_t>(it->get<std::uint64_t>())
                                            : it->get<std::int64_t>();
    if (v < 0) return order_bad(std::string("amounts.") + name, "must not be negative");
    *out = v;
  }
  terms.digest = std::move(digest.digest);
  return terms;
}

}  // namespace medins::authorization
