#include "internal/sodium.hpp"

namespace medins::internal {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace medins::internal
