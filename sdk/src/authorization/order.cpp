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
#include "internal/json_util.hpp"
#include "internal/sodium.hpp"

namespace medins::authorization {
namespace {

using json = nlohmann::json;

// Decodes UTF-8 into UTF-16 code units (RFC 8785 §3.2.3 sorts keys by them);
// false for ill-formed UTF-8, which nlohmann's parser never yields but a
// json built in C++ may hold.
bool to_utf16(std::string_view s, std::vector<std::uint16_t>& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    std::uint32_t cp;
    std::size_t n;
    if (b0 < 0x80) {
      cp = b0;
      n = 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1fu;
      n = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0fu;
      n = 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07u;
      n = 4;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<std::uint16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<std::uint16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<std::uint16_t>(cp));
    }
    i += n;
  }
  return true;
}

Status too_large() {
  return Status(Code::OrderTooLarge, "order is larger than 64 KiB canonical or nested deeper than 8");
}

class Canonicalizer {
 public:
  Status write(const json& value, int depth) {
    if (out_.size() > kMaxOrderBytes) return too_large();
    switch (value.type()) {
      case json::value_t::null:
        out_ += "null";
        return ok_status();
      case json::value_t::boolean:
        out_ += value.get<bool>() ? "true" : "false";
        return ok_status();
      case json::value_t::number_integer: {
        const auto v = value.get<std::int64_t>();
        if (v > kMaxSafeInteger || v < -kMaxSafeInteger) return out_of_range();
        out_ += std::to_string(v);
        return ok_status();
      }
      case json::value_t::number_unsigned: {
        const auto v = value.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(kMaxSafeInteger)) return out_of_range();
        out_ += std::to_string(v);
        return ok_status();
      }
      case json::value_t::number_float:
        // ES6 number formatting of fractions is where canonicalizers differ
        // (and money in fen is never fractional), so fractions are refused
        // rather than formatted; "1.0" and "1e3" are refused too, since
        // nlohmann cannot tell them from fractions once parsed.
        return Status(Code::OrderNonIntegerNumber,
                      "order holds a number with a fraction or exponent; amounts are integer fen");
      case json::value_t::string:
        return write_string(value.get_ref<const std::string&>());
      case json::value_t::array: {
        if (depth >= kMaxOrderDepth) return too_large();
        out_ += '[';
        bool first = true;
        for (const auto& item : value) {
          if (!first) out_ += ',';
          first = false;
          MEDINS_RETURN_IF_ERROR(write(item, depth + 1));
        }
        out_ += ']';
        return ok_status();
      }
      case json::value_t::object: {
        if (depth >= kMaxOrderDepth) return too_large();
        // nlohmann orders keys by UTF-8 bytes, which differs from UTF-16 order
        // once characters above U+FFFF meet ones in U+E000..U+FFFF.
        std::vector<std::pair<std::vector<std::uint16_t>, json::const_iterator>> members;
        members.reserve(value.size());
        for (auto it = value.cbegin(); it != value.cend(); ++it) {
          members.emplace_back();
          if (!to_utf16(it.key(), members.back().first)) return bad_utf8();
          members.back().second = it;
        }
        std::sort(members.begin(), members.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        out_ += '{';
        bool first = true;
        for (const auto& [units, it] : members) {
          if (!first) out_ += ',';
          first = false;
          MEDINS_RETURN_IF_ERROR(write_string(it.key()));
          out_ += ':';
          MEDINS_RETURN_IF_ERROR(write(it.value(), depth + 1));
        }
        out_ += '}';
        return ok_status();
      }
      default:
        return Status(Code::OrderMalformed, "order holds a value JSON cannot carry");
    }
  }

  std::string take() { return std::move(out_); }

 private:
  static Status out_of_range() {
    return Status(Code::OrderIntegerOutOfRange,
                  "order holds an integer beyond ±(2^53 - 1), which JavaScript cannot hold exactly");
  }
  static Status bad_utf8() { return Status(Code::OrderMalformed, "order holds a string that is not UTF-8"); }

  // ES6 JSON.stringify escaping (RFC 8785 §3.2.2.2): the two-character
  // escapes, \u00xx in lower-case hex for other controls, everything else
  // (DEL, U+2028, non-ASCII) as itself.
  Status write_string(const std::string& s) {
    if (!to_utf16(s, scratch_)) return bad_utf8();
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    for (char c : s) {
      const auto u = static_cast<std::uint8_t>(c);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (u < 0x20) {
            out_ += "\\u00";
            out_ += kHex[u >> 4];
            out_ += kHex[u & 0xf];
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
    return ok_status();
  }

  std::string out_;
  std::vector<std::uint16_t> scratch_;
};

Status order_bad(std::string_view field, std::string_view what) {
  return Status(Code::OrderBadInput, "order." + std::string(field) + ": " + std::string(what),
                json{{"field", "order." + std::string(field)}});
}

}  // namespace

Result<std::string> canonicalize(const json& value) {
  Canonicalizer c;
  MEDINS_RETURN_IF_ERROR(c.write(value, 0));
  std::string out = c.take();
  if (out.size() > kMaxOrderBytes) return too_large();
  return out;
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
