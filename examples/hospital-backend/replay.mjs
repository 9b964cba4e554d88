// The backend's replay store: "claim this key once until it expires".
// medins' grant.verify keeps its own replay store inside the wasm instance
// (one per process, with no hook for an external one in the JS glue), so a
// backend with several instances claims each verified grant here as well:
// in process memory by default, in Redis when REDIS_URL is set
// (SET key 1 NX PX ttl, spoken in RESP over node:net, no npm dependency).
import { connect } from 'node:net';

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
    async close() {},
  };
}

// --- RESP ------------------------------------------------------------------
function encodeCommand(args) {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = String(a);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

/** Parses one RESP value from buf at offset; returns [value, next] or null if incomplete. */
function parseReply(buf, off) {
  const eol = buf.indexOf('\r\n', off);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[off]);
  const line = buf.toString('utf8', off + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+': return [line, next];
    case '-': return [Object.assign(new Error(`redis: ${line}`), { redis: true }), next];
    case ':': return [Number(line), next];
    case '$': {
      const n = Number(line);
      if (n < 0) return [null, next];
      if (buf.length < next + n + 2) return null;
      return [buf.toString('utf8', next, next + n), next + n + 2];
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return [null, next];
      const items = [];
      let at = next;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, at);
        if (!r) return null;
        items.push(r[0]);
        at = r[1];
      }
      return [items, at];
    }
    default:
      throw new Error(`redis: unexpected reply type ${JSON.stringify(type)}`);
  }
}

/** A minimal pipelined Redis client: `command(...args)` → Promise of the reply. */
export function redisClient(url) {
  const u = new URL(url);
  if (u.protocol !== 'redis:') throw new Error(`REDIS_URL must be redis://host:port[/db], got ${u.protocol}`);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 6379);
  const db = u.pathname && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  const password = u.password ? decodeURIComponent(u.password) : null;
  const username = u.username ? decodeURIComponent(u.username) : null;
  let socket = null;
  let ready = null;
  let buffer = Buffer.alloc(0);
  const waiting = [];

  function fail(err) {
    while (waiting.length) waiting.shift().reject(err);
    socket = null;
    ready = null;
  }

  function open() {
    if (ready) return ready;
    ready = new Promise((resolve, reject) => {
      const s = connect({ host, port });
      s.setNoDelay(true);
      s.once('connect', () => {
        socket = s;
        const setup = [];
        if (password) setup.push(username ? ['AUTH', username, password] : ['AUTH', password]);
        if (db) setup.push(['SELECT', db]);
        Promise.all(setup.map((c) => send(c))).then(() => resolve(s), reject);
      });
      s.on('data', (chunk) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        let off = 0;
        for (;;) {
          const r = parseReply(buffer, off);
          if (!r) break;
          off = r[1];
          const w = waiting.shift();
          if (w) (r[0] instanceof Error ? w.reject(r[0]) : w.resolve(r[0]));
        }
        buffer = buffer.subarray(off);
      });
      s.on('error', (err) => { fail(err); reject(err); });
      s.on('close', () => fail(new Error('redis: connection closed')));
    });
    return ready;
  }

  function send(args) {
    return new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      socket.write(encodeCommand(args));
    });
  }

  return {
    async command(...args) {
      await open();
      return send(args);
    },
    async close() {
      if (socket) {
        const s = socket;
        try { await send(['QUIT']); } catch { /* closing anyway */ }
        s.destroy();
      }
      socket = null;
      ready = null;
    },
  };
}

/** Redis-backed store shared by every instance: SET key 1 NX PX ttl. */
export function redisReplayStore(url, { prefix = 'medins:replay:' } = {}) {
  const client = redisClient(url);
  return {
    kind: 'redis',
    async claim(key, ttlMs) {
      const reply = await client.command('SET', prefix + key, '1', 'NX', 'PX', Math.max(1, Math.ceil(ttlMs)));
      return reply === 'OK';
    },
    ping: () => client.command('PING'),
    close: () => client.close(),
  };
}

export function replayStoreFromEnv(redisUrl) {
  return redisUrl ? redisReplayStore(redisUrl) : memoryReplayStore();
}
