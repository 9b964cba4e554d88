// The receipt wallet on a key-value backend, written so that a crash at any
// point leaves either the previous wallet or the new one, never a mix.
//
// The core's wallet state is {v: 1, head, entries: [string, …]}: entries only
// ever grow at the end. On the backend it becomes
//   <prefix>index      {v: 1, gen, head, count, chunks: [{key, n}, …]}  (small)
//   <prefix>c<gen>     a JSON array of entry strings, under `chunkBytes`
// A save writes the chunks that changed under NEW keys (never a key the
// current index points at), then the index — the one commit point — then
// removes the chunks no index points at any more. A crash before the index
// write leaves orphan chunks the next save overwrites or removes; a crash
// after it leaves garbage only. This needs one property of the backend:
// `set` of one key is all-or-nothing (true of wx.setStorage, of an IndexedDB
// put, and of the Node adapter's write-to-temp-then-rename).
//
// A backend is {get(key) -> value | null, set(key, value), remove(key),
// keys() -> string[]}, all possibly async; values are JSON-compatible.

const INDEX = 'index';

/** Entries per chunk are packed until their JSON would pass this many bytes. */
export const DEFAULT_CHUNK_BYTES = 512 * 1024;

export class WalletStoreError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WalletStoreError';
  }
}

function chunkSize(entries) {
  // JSON of an array of base64url strings: the strings, their quotes, commas.
  let n = 2;
  for (const e of entries) n += e.length + 3;
  return n;
}

/**
 * Returns a store with load() -> wallet | null and save(wallet). The head
 * counter to remember against rollback is wallet.add's `counter`: keep it
 * OUTSIDE this store (a rollback of the store would roll it back too).
 */
export function createWalletStore(backend, { prefix = 'medins.wallet.', chunkBytes = DEFAULT_CHUNK_BYTES } = {}) {
  const key = (name) => prefix + name;

  async function readIndex() {
    const index = await backend.get(key(INDEX));
    if (index == null) return null;
    if (typeof index !== 'object' || index.v !== 1 || !Array.isArray(index.chunks))
      throw new WalletStoreError('the stored wallet index is not a medins wallet index');
    return index;
  }

  async function load() {
    const index = await readIndex();
    if (index === null) return null;
    const entries = [];
    for (const chunk of index.chunks) {
      const items = await backend.get(chunk.key);
      if (!Array.isArray(items) || items.length !== chunk.n)
        throw new WalletStoreError(`wallet chunk ${chunk.key} is missing or has ${items?.length} entries, not ${chunk.n}`);
      for (const e of items) entries.push(e);
    }
    if (entries.length !== index.count) throw new WalletStoreError('wallet index count does not match its chunks');
    return { v: 1, head: index.head, entries };
  }

  async function save(wallet) {
    if (!wallet || wallet.v !== 1 || typeof wallet.head !== 'string' || !Array.isArray(wallet.entries))
      throw new WalletStoreError('save() takes the wallet object the core returned');
    const old = await readIndex();
    const gen = (old?.gen ?? 0) + 1;
    const chunks = [];
    let done = 0;
    // Full old chunks whose entries are unchanged are kept as they are (the
    // wallet only appends); the first chunk that differs or is not full, and
    // everything after it, is written anew. Comparing the entries (not just
    // counts) makes save() also right for a restore from a backup.
    if (old) {
      for (const chunk of old.chunks) {
        if (done + chunk.n > wallet.entries.length) break;
        const stored = await backend.get(chunk.key);
        if (!Array.isArray(stored) || stored.length !== chunk.n) break;
        const same = stored.every((e, i) => e === wallet.entries[done + i]);
        // The last old chunk usually has room: it is rewritten with the new entries.
        const last = chunk === old.chunks[old.chunks.length - 1];
        if (!same || (last && chunkSize(stored) + 64 <= chunkBytes)) break;
        chunks.push(chunk);
        done += chunk.n;
      }
    }
    const keep = new Set(chunks.map((c) => c.key));
    const fresh = [];
    let part = [];
    let size = 2;
    for (let i = done; i < wallet.entries.length; i++) {
      const e = wallet.entries[i];
      if (e.length + 5 > chunkBytes) throw new WalletStoreError(`wallet entry ${i} alone exceeds ${chunkBytes} bytes`);
      if (part.length > 0 && size + e.length + 3 > chunkBytes) {
        fresh.push(part);
        part = [];
        size = 2;
      }
      part.push(e);
      size += e.length + 3;
    }
    if (part.length > 0) fresh.push(part);
    for (let i = 0; i < fresh.length; i++) {
      // Keys of this generation are referenced by no index yet: safe to
      // overwrite if a crashed save left them behind.
      const k = key(`c${gen}.${i}`);
      if (keep.has(k)) throw new WalletStoreError('chunk key collision');
      await backend.set(k, fresh[i]);
      chunks.push({ key: k, n: fresh[i].length });
    }
    const index = { v: 1, gen, head: wallet.head, count: wallet.entries.length, chunks };
    await backend.set(key(INDEX), index); // the commit point
    await collect(index);
  }

  // Removes every chunk key the index does not reference (left by a crash or
  // replaced by this save). Best effort: garbage never breaks a load.
  async function collect(index) {
    const live = new Set(index.chunks.map((c) => c.key));
    for (const k of await backend.keys()) {
      if (k.startsWith(prefix + 'c') && !live.has(k)) await backend.remove(k);
    }
  }

  return { load, save };
}
