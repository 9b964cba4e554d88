// The backend's replay store: "claim this key once until it expires".
// medins' grant.verify keeps its own replay store inside the wasm instance
// (one per process, with no hook for an external one in the JS glue), so a
// backend with several instances claims each verified grant here as well:
// in process memory by default, in Redis when REDIS_URL is set
// (SET key 1 NX PX ttl).

/** In-process store: a Map of key → expiry (ms), swept as keys arrive. */
export function memoryReplayStore({ maxEntries = 100000 } = {}) {
  const keys = new Map();
  return {
    kind: 'memory',
    async claim(key, ttlMs) {
      const now = Date.now();
      if (keys.size >= maxEntries) for (const [k, exp] of keys) if (exp <= now) keys.delete(k);
      const exp = keys.get(key);
      if (exp !== undefined && exp > now) return false;
      // A full store refuses new keys rather than forgetting live ones.
      if (keys.size >= maxEntries) throw Object.assign(new Error('replay store full'), { code: 'replay.store_full' });
      keys.set(key, now + ttlMs);
      return true;
    },
    async release(key) { keys.delete(key); },
  };
}

/** Redis-backed store shared by every instance (`redis` from redis.mjs): SET key 1 NX PX ttl. */
export function redisReplayStore(redis, { prefix = 'medins:replay:' } = {}) {
  return {
    kind: 'redis',
    async claim(key, ttlMs) {
      return (await redis.set(prefix + key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    /** Gives a claim back, when what it guarded did not happen after all. */
    async release(key) { await redis.del(prefix + key); },
  };
}
