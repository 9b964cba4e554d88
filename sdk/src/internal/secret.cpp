#include "internal/secret.hpp"

#include "internal/sodium.hpp"

namespace medins::internal {

void wipe(void* data, std::size_t len) {
  if (data != nullptr && len > 0) sodium_memzero(data, len);
}

}  // namespace medins::internal
