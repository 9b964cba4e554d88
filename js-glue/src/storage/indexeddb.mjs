// Browser backend of the wallet store: one IndexedDB object store of
// key -> JSON value. Each put is its own transaction, which IndexedDB commits
// all-or-nothing, so the store's write order gives crash safety as elsewhere.
import { createWalletStore } from './wallet-store.mjs';

const STORE = 'kv';

const done = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

function openDb(indexedDB, name) {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE);
  return done(request);
}

export function indexedDbBackend(indexedDB = globalThis.indexedDB, name = 'medins-wallet') {
  let db = null;
  const store = async (mode) => {
    db ??= await openDb(indexedDB, name);
    return db.transaction(STORE, mode).objectStore(STORE);
  };
  // Resolves when the transaction commits, not merely when the request succeeds.
  const commit = async (fn) => {
    const s = await store('readwrite');
    const finished = new Promise((resolve, reject) => {
      s.transaction.oncomplete = () => resolve();
      s.transaction.onerror = () => reject(s.transaction.error);
      s.transaction.onabort = () => reject(s.transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    fn(s);
    await finished;
  };
  return {
    async get(key) {
      const value = await done((await store('readonly')).get(key));
      return value === undefined ? null : value;
    },
    set: (key, value) => commit((s) => s.put(value, key)),
    remove: (key) => commit((s) => s.delete(key)),
    async keys() {
      return (await done((await store('readonly')).getAllKeys())).map(String);
    },
  };
}

/** A wallet store in the browser's IndexedDB. */
export function indexedDbWalletStore(options = {}) {
  return createWalletStore(indexedDbBackend(options.indexedDB, options.name), options);
}
