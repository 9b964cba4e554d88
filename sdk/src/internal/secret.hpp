// Memory that held secrets is zeroed before it is released.
#ifndef MEDINS_SRC_INTERNAL_SECRET_HPP
#define MEDINS_SRC_INTERNAL_SECRET_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace medins::internal {

// Zeroes `len` bytes at `data` in a way the compiler cannot elide.
void wipe(void* data, std::size_t len);
// The whole capacity: a moved-from short string keeps its characters in the
// inline buffer after its size drops to zero.
inline void wipe(std::string& s) { wipe(s.data(), s.capacity()); }
inline void wipe(std::vector<std::uint8_t>& v) { wipe(v.data(), v.size()); }

// A fixed-size byte buffer for key material: move-only, wiped when destroyed.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size) : bytes_(size) {}
  SecretBytes(const std::uint8_t* data, std::size_t size) : bytes_(data, data + size) {}
  ~SecretBytes() { wipe(bytes_); }
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) { other.bytes_.clear(); }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      wipe(bytes_);
      bytes_ = std::move(other.bytes_);
      other.bytes_.clear();
    }
    return *this;
  }
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  std::span<std::uint8_t> span() { return bytes_; }
  std::span<const std::uint8_t> span() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

// A std::string holding a secret (a PASERK string, a PIN): wiped when destroyed.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  ~SecretString() { wipe(value_); }
  SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) { other.value_.clear(); }
  SecretString& operator=(SecretString&& other) noexcept {
    if (this != &other) {
      wipe(value_);
      value_ = std::move(other.value_);
      other.value_.clear();
    }
    return *this;
  }
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;

  const std::string& str() const { return value_; }

 private:
  std::string value_;
};

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_SECRET_HPP
