// One rule for the ops that accept a one-time identifier (grant.verify,
// device.verify_proof): how a ReplayStore's verdict becomes a status.
#ifndef MEDINS_INTERNAL_REPLAY_HPP
#define MEDINS_INTERNAL_REPLAY_HPP

#include <string_view>

#include "medins/env.hpp"
#include "medins/status.hpp"

namespace medins::internal {

// Records `claim` for `owner` (the device's k4.pid) in `store`. Returns ok the
// first time; `replayed` (the op's own code) with `message` for a live key;
// replay.device_quota or replay.store_full when the store has no room for it,
// which callers must not mistake for a replay.
inline Status remember_once(ReplayStore& store, std::string_view owner, const ReplayClaim& claim,
                            std::int64_t now_unix_s, Code replayed, const char* message) {
  switch (store.remember(owner, claim.key, claim.until, now_unix_s)) {
    case ReplayVerdict::kNew:
      return ok_status();
    case ReplayVerdict::kReplayed:
      return Status(replayed, message);
    case ReplayVerdict::kOwnerFull:
      return Status(Code::ReplayDeviceQuota, "this device holds its whole share of the replay store: retry later");
    case ReplayVerdict::kStoreFull:
      break;
  }
  return Status(Code::ReplayStoreFull, "the replay store is full of live entries: retry later");
}

}  // namespace medins::internal

#endif  // MEDINS_INTERNAL_REPLAY_HPP
