// Umbrella header of the medins C++ API.
#ifndef MEDINS_MEDINS_HPP
#define MEDINS_MEDINS_HPP

#include "medins/call.hpp"
#include "medins/env.hpp"
#include "medins/keys.hpp"
#include "medins/status.hpp"

#endif  // MEDINS_MEDINS_HPP
