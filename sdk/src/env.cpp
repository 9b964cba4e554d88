#include "medins/env.hpp"

namespace medins {

void MemoryReplayStore::drop(std::unordered_map<std::string, Entry>::iterator entry) {
  Owners::value_type* owner = entry->second.owner;
  entries_.erase(entry);
  if (--owner->second == 0) owners_.erase(owners_.find(owner->first));
}

void MemoryReplayStore::expire(std::int64_t now_unix_s) {
  while (!deadlines_.empty() && deadlines_.top() < now_unix_s) {
    auto second = expiring_.extract(deadlines_.top());
    deadlines_.pop();
    for (const std::string& key : second.mapped()) {
      auto entry = entries_.find(key);
      if (entry != entries_.end() && entry->second.until < now_unix_s) drop(entry);
    }
  }
}

ReplayVerdict MemoryReplayStore::remember(std::string_view owner, std::string_view key,
                                          std::int64_t expires_unix_s, std::int64_t now_unix_s) {
  expire(now_unix_s);
  std::string owned(key);
  auto found = entries_.find(owned);
  if (found != entries_.end()) {
    if (found->second.until >= now_unix_s) return ReplayVerdict::kReplayed;
    drop(found);  // expired within this second, or the clock went back
  }
  // The owner's share first: a device over its quota is told so even when
  // the store as a whole is full too.
  auto held = owners_.find(std::string(owner));
  if ((held == owners_.end() ? 0 : held->second) >= max_per_owner_) return ReplayVerdict::kOwnerFull;
  if (entries_.size() >= max_entries_) return ReplayVerdict::kStoreFull;
  if (held == owners_.end()) held = owners_.emplace(std::string(owner), 0).first;
  ++held->second;
  entries_.emplace(owned, Entry{expires_unix_s, &*held});
  auto [list, first] = expiring_.try_emplace(expires_unix_s);
  if (first) deadlines_.push(expires_unix_s);
  list->second.push_back(std::move(owned));
  return ReplayVerdict::kNew;
}

ReplayStore& default_replay_store() {
  static MemoryReplayStore store;
  return store;
}

}  // namespace medins
