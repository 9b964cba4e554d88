// The receipt wallet on a key-value backend, written so that a crash at any
// point leaves either the previous wallet or the new one, never a mix, and so
// that adding a receipt reads and writes the same few keys whatever the
// wallet's size.
//
// The core's wallet state is {v: 1, head, entries: [string, …]}: entries only
// ever grow at the end. On the backend it becomes
//   <prefix>index        {v: 2, gen, head, count, list, sealed, tailBytes}  (small, fixed size)
//   <prefix>l<gen>.<n>   the chunk list [{key, n}, …] of entries 0 … sealed − 1
//   <prefix>c<gen>.…     a JSON array of entry strings, under `chunkBytes`
//   <prefix>t<gen>.<i>   entry i, for i in sealed … count − 1 (the tail)
//   <prefix>d<tag>       i, the entry holding the duplicate tag <tag>
// add() passes the core only the head and the last record (wallet.add's
// append form), looks the new record's tag up in the d keys, and writes the
// new record, its tag and the index; every `tailEntries` adds it first seals
// the tail into one chunk. save(wallet) stores a whole wallet (a restore, a
// wallet built elsewhere): it writes the chunks that changed under NEW keys,
// then the index. Both write only keys no index points at before the index
// — the one commit point — and remove what no index points at any more
// afterwards. A crash before the index write leaves orphans the next write
// overwrites or removes; a crash after it leaves garbage only. This needs one
// property of the backend: `set` of one key is all-or-nothing (true of
// wx.setStorage, of an IndexedDB put, and of the Node adapter's
// write-to-temp-then-rename).
//
// The d keys are an index, not evidence: a hit is believed only if the entry
// it names carries the tag. A d key lost or removed from storage lets a
// duplicate in, which wallet.verify then names (docs/security.md).
//
// A backend is {get(key) -> value | null, set(key, value), remove(key),
// keys() -> string[]}, all possibly async; values are JSON-compatible.
import { MedinsError } from '../core.mjs';
import { recordTag } from '../wallet-record.mjs';

const INDEX = 'index';

/**
 * Entries per chunk are packed until their JSON would pass this many bytes:
 * half of what one key of the backend holds (`backend.maxValueBytes`, the
 * runtime's limit), else 512 KiB.
 */
export const DEFAULT_CHUNK_BYTES = 512 * 1024;
/** Entries kept one per key before add() seals them into a chunk. */
export const DEFAULT_TAIL_ENTRIES = 64;

export class WalletStoreError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WalletStoreError';
  }
}

// JSON of an array of base64url strings: the strings, their quotes, commas.
const itemBytes = (e) => e.length + 3;

/**
 * Returns a store with load() -> wallet | null, add(sdk, input) and
 * save(wallet). The head counter to remember against rollback is wallet.add's
 * `counter`: keep it OUTSIDE this store (a rollback of the store would roll
 * it back too).
 */
export function createWalletStore(backend, {
  prefix = 'medins.wallet.', chunkBytes = backend.maxValueBytes ? Math.floor(backend.maxValueBytes / 2) : DEFAULT_CHUNK_BYTES,
  tailEntries = DEFAULT_TAIL_ENTRIES,
} = {}) {
  const key = (name) => prefix + name;
  const tailKey = (gen, i) => key(`t${gen}.${i}`);
  const tagKey = (tag) => key(`d${tag}`);

  // One write at a time: two interleaved adds would both write entry `count`.
  let queue = Promise.resolve();
  const exclusive = (fn) => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  // The index, with version 1 (every entry in chunks listed inline) read as version 2.
  async function readIndex() {
    const index = await backend.get(key(INDEX));
    if (index == null) return null;
    if (typeof index === 'object' && index.v === 1 && Array.isArray(index.chunks))
      return { v: 2, gen: index.gen, head: index.head, count: index.count, list: null, sealed: index.count,
        tailBytes: 0, inline: index.chunks };
    if (typeof index !== 'object' || index.v !== 2 || !Number.isInteger(index.count) ||
        !Number.isInteger(index.sealed) || index.sealed > index.count)
      throw new WalletStoreError('the stored wallet index is not a medins wallet index');
    return index;
  }

  async function chunkList(index) {
    if (!index) return [];
    if (index.inline) return index.inline;
    if (index.list === null) return [];
    const list = await backend.get(index.list);
    if (!Array.isArray(list)) throw new WalletStoreError(`wallet chunk list ${index.list} is missing`);
    return list;
  }

  async function readChunk(chunk) {
    const items = await backend.get(chunk.key);
    if (!Array.isArray(items) || items.length !== chunk.n)
      throw new WalletStoreError(`wallet chunk ${chunk.key} is missing or has ${items?.length} entries, not ${chunk.n}`);
    return items;
  }

  async function readTail(index, i) {
    const e = await backend.get(tailKey(index.gen, i));
    if (typeof e !== 'string') throw new WalletStoreError(`wallet entry ${i} is missing`);
    return e;
  }

  // Entry i: one key in the tail, one chunk before it.
  async function entryAt(index, i) {
    if (i >= index.sealed) return readTail(index, i);
    let start = 0;
    for (const chunk of await chunkList(index)) {
      if (i < start + chunk.n) return (await readChunk(chunk))[i - start];
      start += chunk.n;
    }
    throw new WalletStoreError(`wallet entry ${i} is in no chunk`);
  }

  async function load() {
    const index = await readIndex();
    if (index === null) return null;
    const entries = [];
    for (const chunk of await chunkList(index)) for (const e of await readChunk(chunk)) entries.push(e);
    if (entries.length !== index.sealed) throw new WalletStoreError('wallet index count does not match its chunks');
    for (let i = index.sealed; i < index.count; i++) entries.push(await readTail(index, i));
    return { v: 1, head: index.head, entries };
  }

  // The entry that holds `tag`, or null. A d key is believed only if the
  // entry it names carries the tag: it may be left by a crashed add (naming
  // an entry that was never committed) or by a wallet since replaced.
  async function findTag(index, tag) {
    if (!index) return null;
    const i = await backend.get(tagKey(tag));
    if (!Number.isInteger(i) || i < 0 || i >= index.count) return null;
    return recordTag(await entryAt(index, i)) === tag ? i : null;
  }

  /**
   * wallet.add through the store: `input` is wallet.add's input without the
   * wallet ({sealed, issuers, min_counter, and the key}); the store supplies
   * the head and last record and writes the new record and head. Returns
   * wallet.add's output without `wallet`; throws its errors, and
   * MedinsError wallet.duplicate when the store's tag index knows the receipt.
   */
  function add(sdk, input) {
    return exclusive(async () => {
      const index = await readIndex();
      const { wallet: _w, head: _h, last: _l, ...rest } = input;
      const out = index && index.count > 0
        ? sdk.call('wallet.add', { ...rest, head: index.head, last: await entryAt(index, index.count - 1) })
        : sdk.call('wallet.add', { ...rest, wallet: null });
      const seen = await findTag(index, out.tag);
      if (seen !== null)
        throw new MedinsError('wallet.duplicate', "the wallet already holds this hospital's invoice", { entry: seen });
      await append(index, out);
      const { wallet: _, ...result } = out;
      return result;
    });
  }

  async function append(index, { head, record, tag }) {
    if (record.length + 5 > chunkBytes) throw new WalletStoreError(`wallet entry alone exceeds ${chunkBytes} bytes`);
    const gen = index?.gen ?? 1;
    const count = index?.count ?? 0;
    let { list = null, sealed = 0, tailBytes = 0 } = index ?? {};
    const garbage = [];
    if (index?.inline) {
      // A version-1 index: its chunk list moves to its own key, once.
      list = key(`l${gen}.${sealed}`);
      await backend.set(list, index.inline);
    }
    if (count > sealed && (count - sealed >= tailEntries || tailBytes + itemBytes(record) + 2 > chunkBytes)) {
      // Seal the tail: one chunk, and a new chunk list naming it.
      const items = [];
      for (let i = sealed; i < count; i++) items.push(await readTail(index, i));
      const chunk = { key: key(`c${gen}.x${sealed}`), n: items.length };
      await backend.set(chunk.key, items);
      const chunks = [...(await chunkList({ ...index, list })), chunk];
      if (list !== null) garbage.push(list);
      list = key(`l${gen}.${count}`);
      await backend.set(list, chunks);
      for (let i = sealed; i < count; i++) garbage.push(tailKey(gen, i));
      sealed = count;
      tailBytes = 0;
    }
    await backend.set(tailKey(gen, count), record);
    await backend.set(tagKey(tag), count);
    const next = { v: 2, gen, head, count: count + 1, list, sealed, tailBytes: tailBytes + itemBytes(record) };
    await backend.set(key(INDEX), next); // the commit point
    // Best effort: garbage never breaks a load.
    for (const k of garbage) await backend.remove(k);
  }

  function save(wallet) {
    if (!wallet || wallet.v !== 1 || typeof wallet.head !== 'string' || !Array.isArray(wallet.entries))
      throw new WalletStoreError('save() takes the wallet object the core returned');
    return exclusive(() => saveNow(wallet));
  }

  async function saveNow(wallet) {
    const old = await readIndex();
    const gen = (old?.gen ?? 0) + 1;
    const chunks = [];
    let done = 0;
    // Full old chunks whose entries are unchanged are kept as they are (the
    // wallet only appends); the first chunk that differs or is not full, and
    // everything after it, is written anew. Comparing the entries (not just
    // counts) makes save() also right for a restore from a backup.
    const oldChunks = await chunkList(old);
    for (const chunk of oldChunks) {
      if (done + chunk.n > wallet.entries.length) break;
      const stored = await backend.get(chunk.key);
      if (!Array.isArray(stored) || stored.length !== chunk.n) break;
      const same = stored.every((e, i) => e === wallet.entries[done + i]);
      // The last old chunk usually has room: it is rewritten with the new entries.
      const last = chunk === oldChunks[oldChunks.length - 1];
      if (!same || (last && stored.reduce((n, e) => n + itemBytes(e), 2) + 64 <= chunkBytes)) break;
      chunks.push(chunk);
      done += chunk.n;
    }
    const keep = new Set(chunks.map((c) => c.key));
    const fresh = [];
    let part = [];
    let size = 2;
    for (let i = done; i < wallet.entries.length; i++) {
      const e = wallet.entries[i];
      if (e.length + 5 > chunkBytes) throw new WalletStoreError(`wallet entry ${i} alone exceeds ${chunkBytes} bytes`);
      if (part.length > 0 && size + itemBytes(e) > chunkBytes) {
        fresh.push(part);
        part = [];
        size = 2;
      }
      part.push(e);
      size += itemBytes(e);
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
    const list = key(`l${gen}.${wallet.entries.length}`);
    await backend.set(list, chunks);
    // The tag index, before the commit: a d key that names the wrong entry is
    // harmless (findTag checks it), a missing one lets a duplicate in.
    for (let i = 0; i < wallet.entries.length; i++) {
      const tag = recordTag(wallet.entries[i]);
      if (tag !== null && (await backend.get(tagKey(tag))) !== i) await backend.set(tagKey(tag), i);
    }
    const count = wallet.entries.length;
    const index = { v: 2, gen, head: wallet.head, count, list, sealed: count, tailBytes: 0 };
    await backend.set(key(INDEX), index); // the commit point
    await collect(index, chunks);
  }

  // Removes every chunk, list and tail key the index does not reference (left
  // by a crash or replaced by this save). Best effort: garbage never breaks a load.
  async function collect(index, chunks) {
    const live = new Set(chunks.map((c) => c.key));
    live.add(index.list);
    for (const k of await backend.keys()) {
      const kind = k.startsWith(prefix) ? k[prefix.length] : '';
      if ((kind === 'c' || kind === 'l' || kind === 't') && !live.has(k)) await backend.remove(k);
    }
  }

  return { load, add, save };
}
