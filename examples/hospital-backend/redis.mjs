// The backend's one Redis connection, shared by the replay store
// (replay.mjs) and the records (store.mjs): ioredis, which speaks TLS for a
// rediss:// URL (Node's CA list; NODE_EXTRA_CA_CERTS adds a private CA),
// reconnects with backoff after a dropped connection, and queues commands
// meanwhile.
import Redis from 'ioredis';

/** Connects to `url` (redis:// or rediss://host:port[/db], user and password allowed). */
export async function redisConnection(url, log = () => {}) {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new Error(`REDIS_URL must be redis://… or rediss://… (TLS), got ${u.protocol}`);
  const client = new Redis(url, {
    // Reconnect after 50 ms, 100 ms, … at most 2 s apart, for ever: a Redis
    // restart stalls requests instead of failing every one after it.
    retryStrategy: (attempt) => Math.min(attempt * 50, 2000),
    // A request whose command cannot be sent within a few reconnection tries
    // fails (HTTP 500) rather than hang its client.
    maxRetriesPerRequest: 5,
    lazyConnect: true,
  });
  let lastError = '';
  client.on('error', (e) => {
    // Logged once per distinct failure, not at every reconnection attempt.
    if (e.message !== lastError) log(`redis: ${e.message}`);
    lastError = e.message;
  });
  client.on('ready', () => { lastError = ''; });
  try {
    await client.connect();
  } catch (e) {
    client.disconnect();  // no retrying in the background of a start that failed
    throw new Error(`redis: cannot connect to ${u.host}: ${e.message}`);
  }
  return client;
}
