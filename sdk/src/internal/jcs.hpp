// RFC 8785 (JSON Canonicalization Scheme) for the JSON medins signs: integers
// only. Header-only so any module can use it without touching the core source
// list. Two parties serialize the same data to the same bytes, whatever key
// order or whitespace their own JSON libraries produce.
//
// Numbers: ES6 formatting of fractions is where canonicalizers disagree, and
// money in medins is integer fen, so fractions (and 1.0 / 1e3, which nlohmann
// cannot tell from fractions once parsed) are refused, as are numbers beyond
// ±(2^53 - 1), which JavaScript cannot hold exactly, whatever their notation.
#ifndef MEDINS_SRC_INTERNAL_JCS_HPP
#define MEDINS_SRC_INTERNAL_JCS_HPP

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "internal/json_writer.hpp"

namespace medins::internal {

enum class JcsError { kNone, kTooLarge, kTooDeep, kNonInteger, kUnsafeInteger, kInvalidUtf8 };

struct JcsLimits {
  std::size_t max_bytes = 64u * 1024u;
  int max_depth = 16;
};

inline constexpr std::int64_t kJcsMaxSafeInteger = (std::int64_t{1} << 53) - 1;

namespace jcs_detail {

// UTF-8 to UTF-16 code units (RFC 8785 §3.2.3 sorts object keys by them);
// false for ill-formed UTF-8, which a json built in C++ may hold.
inline bool to_utf16(std::string_view s, std::vector<std::uint16_t>& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    std::uint32_t cp;
    std::size_t n;
    if (b0 < 0x80) {
      cp = b0, n = 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1fu, n = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0fu, n = 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07u, n = 4;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
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

class Writer {
 public:
  explicit Writer(const JcsLimits& limits) : limits_(limits) {}

  JcsError write(const nlohmann::json& value, int depth) {
    using T = nlohmann::json::value_t;
    if (out.size() > limits_.max_bytes) return JcsError::kTooLarge;
    switch (value.type()) {
      case T::null: out += "null"; return JcsError::kNone;
      case T::boolean: out += value.get<bool>() ? "true" : "false"; return JcsError::kNone;
      case T::number_integer: {
        const auto v = value.get<std::int64_t>();
        if (v > kJcsMaxSafeInteger || v < -kJcsMaxSafeInteger) return JcsError::kUnsafeInteger;
        out += std::to_string(v);
        return JcsError::kNone;
      }
      case T::number_unsigned: {
        const auto v = value.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(kJcsMaxSafeInteger)) return JcsError::kUnsafeInteger;
        out += std::to_string(v);
        return JcsError::kNone;
      }
      case T::number_float: {
        // Magnitude before notation: an integer literal beyond 64 bits reaches
        // here as a float (nlohmann has no wider integer) and must get the
        // same answer as one just beyond 2^53, not "has a fraction".
        const double v = value.get<double>();
        const auto limit = static_cast<double>(kJcsMaxSafeInteger);  // exact: 2^53 - 1 fits a double
        return v > limit || v < -limit ? JcsError::kUnsafeInteger : JcsError::kNonInteger;
      }
      case T::string: return write_string(value.get_ref<const std::string&>());
      case T::array: {
        if (depth >= limits_.max_depth) return JcsError::kTooDeep;
        out += '[';
        bool first = true;
        for (const auto& item : value) {
          if (!first) out += ',';
          first = false;
          if (JcsError e = write(item, depth + 1); e != JcsError::kNone) return e;
        }
        out += ']';
        return JcsError::kNone;
      }
      case T::object: {
        if (depth >= limits_.max_depth) return JcsError::kTooDeep;
        // nlohmann orders keys by UTF-8 bytes, which differs from UTF-16 order
        // once characters above U+FFFF meet ones in U+E000..U+FFFF.
        std::vector<std::pair<std::vector<std::uint16_t>, nlohmann::json::const_iterator>> members;
        members.reserve(value.size());
        for (auto it = value.cbegin(); it != value.cend(); ++it) {
          members.emplace_back();
          if (!to_utf16(it.key(), members.back().first)) return JcsError::kInvalidUtf8;
          members.back().second = it;
        }
        std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        out += '{';
        bool first = true;
        for (const auto& member : members) {
          if (!first) out += ',';
          first = false;
          if (JcsError e = write_string(member.second.key()); e != JcsError::kNone) return e;
          out += ':';
          if (JcsError e = write(member.second.value(), depth + 1); e != JcsError::kNone) return e;
        }
        out += '}';
        return JcsError::kNone;
      }
      default: return JcsError::kNonInteger;  // binary: JSON text cannot carry it
    }
  }

  std::string out;

 private:
  // ES6 JSON.stringify escaping (RFC 8785 §3.2.2.2), after checking the
  // string is UTF-8 (and its UTF-16 form, which orders keys).
  JcsError write_string(const std::string& s) {
    if (!to_utf16(s, scratch_)) return JcsError::kInvalidUtf8;
    append_json_string(out, s);
    return JcsError::kNone;
  }

  const JcsLimits& limits_;
  std::vector<std::uint16_t> scratch_;
};

}  // namespace jcs_detail

// Writes the RFC 8785 form of `value` to `out`; returns why it cannot
// (the caller maps the reason to its module's code), kNone on success.
inline JcsError canonicalize_jcs(const nlohmann::json& value, std::string& out, const JcsLimits& limits = {}) {
  jcs_detail::Writer writer(limits);
  JcsError e = writer.write(value, 0);
  if (e == JcsError::kNone && writer.out.size() > limits.max_bytes) e = JcsError::kTooLarge;
  if (e == JcsError::kNone) out = std::move(writer.out);
  return e;
}

// A short English reason for a message (never contains the data).
inline const char* jcs_error_text(JcsError e) {
  switch (e) {
    case JcsError::kNone: return "ok";
    case JcsError::kTooLarge: return "is larger than the canonical size limit";
    case JcsError::kTooDeep: return "is nested too deeply";
    case JcsError::kNonInteger: return "holds a number with a fraction or exponent; amounts are integer fen";
    case JcsError::kUnsafeInteger: return "holds an integer beyond ±(2^53 - 1)";
    case JcsError::kInvalidUtf8: return "holds a string that is not UTF-8";
  }
  return "cannot be canonicalized";
}

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_JCS_HPP
