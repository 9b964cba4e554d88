// Writing JSON text straight from typed results, for the ops whose output is
// large (the estimate's lines and reasons): no DOM to build, sort, serialize,
// wipe and free. It writes what nlohmann's dump() writes for the same value —
// keys in the order the caller gives them, which must be sorted as a std::map
// sorts them, and strings escaped alike — so an op's bytes do not depend on
// which path made them (tests/sdk/internal/json_writer_test.cpp).
#ifndef MEDINS_SRC_INTERNAL_JSON_WRITER_HPP
#define MEDINS_SRC_INTERNAL_JSON_WRITER_HPP

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace medins::internal {

// Appends `s` as a JSON string: the two-character escapes, \u00xx in lower-case
// hex for other controls, everything else (DEL, U+2028, non-ASCII) as itself —
// what nlohmann's dump and ES6 JSON.stringify (RFC 8785 §3.2.2.2) both write.
// Clean runs are appended in one go: a byte at a time was most of the cost.
inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The next member's key; its value follows. Keys must be valid UTF-8.
  void key(std::string_view name) {
    separate();
    write_string(name);
    out_ += ':';
    need_comma_ = false;
  }

  template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>>>
  void value(Int n) {
    separate();
    char digits[24];
    out_.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
  }
  // Strings must be valid UTF-8 (op inputs are, after parse_strict).
  void value(std::string_view s) {
    separate();
    write_string(s);
  }
  void null() {
    separate();
    out_ += "null";
  }

  template <typename T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

 private:
  void separate() {
    if (need_comma_) out_ += ',';
    need_comma_ = true;
  }
  void open(char c) {
    separate();
    out_ += c;
    need_comma_ = false;
  }
  void close(char c) {
    out_ += c;
    need_comma_ = true;
  }
  void write_string(std::string_view s) { append_json_string(out_, s); }

  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_JSON_WRITER_HPP
