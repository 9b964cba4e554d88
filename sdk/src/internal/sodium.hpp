// The only place the core includes libsodium; public headers never do
// (the header-isolation check in tests/CMakeLists.txt).
#ifndef MEDINS_SRC_INTERNAL_SODIUM_HPP
#define MEDINS_SRC_INTERNAL_SODIUM_HPP

#include <sodium.h>

namespace medins::internal {

// Initializes libsodium once; returns false if it cannot be used.
bool sodium_ready();

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_SODIUM_HPP
