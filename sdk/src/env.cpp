#include "medins/env.hpp"

namespace medins {

bool MemoryReplayStore::remember(std::string_view key, std::int64_t expires_unix_s,
                                 std::int64_t now_unix_s) {
  std::string owned(key);
  auto found = entries_.find(owned);
  if (found != entries_.end() && found->second >= now_unix_s) return false;
  if (entries_.size() >= max_entries_) {
    for (auto it = entries_.begin(); it != entries_.end();)
      it = it->second < now_unix_s ? entries_.erase(it) : std::next(it);
    // Still full of live keys: refusing is safe, forgetting one is not.
    if (entries_.size() >= max_entries_) return false;
  }
  entries_[owned] = expires_unix_s;
  return true;
}

ReplayStore& default_replay_store() {
  static MemoryReplayStore store;
  return store;
}

}  // namespace medins
