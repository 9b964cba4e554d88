// Umbrella header of the medins C++ API: every public header, so a program
// can include one file. The generic entry point is medins::call (call.hpp);
// the module headers are the typed API behind the same ops.
#ifndef MEDINS_MEDINS_HPP
#define MEDINS_MEDINS_HPP

#include "medins/authorization.hpp"
#include "medins/call.hpp"
#include "medins/complaint.hpp"
#include "medins/coverage.hpp"
#include "medins/env.hpp"
#include "medins/estimate.hpp"
#include "medins/flow.hpp"
#include "medins/identity.hpp"
#include "medins/keys.hpp"
#include "medins/receipt.hpp"
#include "medins/status.hpp"

#endif  // MEDINS_MEDINS_HPP
