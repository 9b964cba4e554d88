// Receipts and the wallet through the wasm build, and the storage adapters:
// a save interrupted at every write step must leave the old wallet or the
// new one — with the Node file backend and a simulated wx storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { load } from 'medins';
import { root } from './support.mjs';

const { createWalletStore } = await import(join(root, 'js-glue/src/storage/wallet-store.mjs'));
const { nodeFileBackend } = await import(join(root, 'js-glue/src/storage/node.mjs'));
const { wxStorageBackend } = await import(join(root, 'js-glue/src/storage/wx.mjs'));

const sdk = await load();
const hospital = sdk.generateKeys({ type: 'public' });
const device = sdk.generateKeys({ type: 'public' });
const insurer = sdk.generateKeys({ type: 'public' });
// One key signs for both hospitals of receipt(i): bound to each.
const issuers = [{ key: hospital.public, hospital: 'bj-h-001' }, { key: hospital.public, hospital: 'bj-h-002' }];

function receipt(i) {
  const total = 1000 + i;
  return {
    hospital: i % 2 ? 'bj-h-001' : 'bj-h-002', invoice: `INV-${i}`, order_id: `ord-${i}`,
    visit_date: `${2025 + (i % 2)}-0${1 + (i % 9)}-1${i % 10}`,
    lines: [{ name: 'fee', class: 'A', amount: total }],
    total, fund: 500, account: 250, cash: total - 750,
  };
}
const sealTo = (i, to = device.public) =>
  sdk.issueReceipt({ receipt: receipt(i), hospital_key: hospital.secret, recipient: to }).sealed;

/** Wallet states after 1..n adds. */
function build(n) {
  const states = [];
  let wallet = null;
  for (let i = 0; i < n; i++) {
    wallet = sdk.addToWallet({ wallet, sealed: sealTo(i), key: device.secret, issuers }).wallet;
    states.push(wallet);
  }
  return states;
}

const verify = (wallet) => sdk.verifyWallet({ wallet, key: device.secret });

test('receipt: issued for A opens on A, not on B, and names its issuer', () => {
  const sealed = sealTo(1);
  const opened = sdk.openReceipt({ sealed, key: device.secret, issuers });
  assert.equal(opened.receipt.invoice, 'INV-1');
  assert.equal(opened.issuer, sdk.keyId({ key: hospital.public }).id);
  assert.throws(() => sdk.openReceipt({ sealed, key: insurer.secret, issuers }), { code: 'receipt.invalid' });
  assert.throws(() => sdk.openReceipt({ sealed, key: device.secret, issuers: [{ key: insurer.public, hospital: 'bj-h-001' }] }),
    { code: 'receipt.unknown_issuer' });
  assert.throws(() => sdk.openReceipt({ sealed, key: device.secret, issuers: [{ key: hospital.public, hospital: 'bj-h-002' }] }),
    { code: 'receipt.wrong_hospital' });
  assert.throws(() => sdk.openReceipt({ sealed, key: device.secret, issuers: [hospital.public] }),
    { code: 'receipt.bad_input' });
});

test('wallet: add, list, get, verify, export, summary through the typed API', () => {
  const states = build(4);
  const wallet = states[3];
  assert.deepEqual(verify(wallet), { valid: true, count: 4, counter: 4, entry: null, problem: null });
  assert.equal(sdk.listWallet({ wallet, key: device.secret, hospital: 'bj-h-001' }).receipts.length, 2);
  assert.equal(sdk.getFromWallet({ wallet, key: device.secret, index: 2 }).receipt.invoice, 'INV-2');
  const { sealed } = sdk.exportFromWallet({ wallet, key: device.secret, index: 3, to: insurer.public });
  assert.equal(sdk.openReceipt({ sealed, key: insurer.secret, issuers }).receipt.invoice, 'INV-3');
  const { years } = sdk.summarizeWallet({ wallet, key: device.secret });
  assert.deepEqual(years.map((y) => [y.year, y.count]), [[2025, 2], [2026, 2]]);
  const swapped = { ...wallet, entries: [wallet.entries[1], wallet.entries[0], ...wallet.entries.slice(2)] };
  assert.deepEqual(verify(swapped), { valid: false, count: 4, counter: 4, entry: 0, problem: 'swapped' });
  assert.throws(() => sdk.listWallet({ wallet: states[1], key: device.secret, min_counter: 4 }),
    { code: 'wallet.rolled_back' });
});

// ---- crash injection ----

class Crash extends Error {}

/** A backend whose k-th mutating call (set/remove) fails before doing anything. */
function crashingBackend(inner, k) {
  let step = 0;
  const gate = () => {
    if (++step === k) throw new Crash(`crash at write step ${k}`);
  };
  return {
    get: (key) => inner.get(key),
    keys: () => inner.keys(),
    set: async (key, v) => (gate(), inner.set(key, v)),
    remove: async (key) => (gate(), inner.remove(key)),
    steps: () => step,
  };
}

/** node:fs/promises whose k-th mutating call (open for write, write, fsync, rename, unlink) throws. */
function crashingFs(k) {
  let step = 0;
  const gate = (what) => {
    if (++step === k) throw new Crash(`crash at fs step ${k} (${what})`);
  };
  return {
    ...fs,
    mkdir: fs.mkdir,
    async open(path, flags) {
      if (flags !== 'r') gate('open');
      const h = await fs.open(path, flags);
      return {
        writeFile: async (...a) => (gate('write'), h.writeFile(...a)),
        sync: async () => (gate('fsync'), h.sync()),
        close: () => h.close(),
      };
    },
    rename: async (a, b) => (gate('rename'), fs.rename(a, b)),
    unlink: async (p) => (gate('unlink'), fs.unlink(p)),
    steps: () => step,
  };
}

/** A simulated wx storage: 1 MB per key, 10 MB in all, callbacks, optional failure at the k-th write. */
function fakeWx(data = new Map(), k = 0) {
  let step = 0;
  const size = (v) => Buffer.byteLength(JSON.stringify(v));
  const total = () => [...data.values()].reduce((n, v) => n + size(v), 0);
  const async = (fn) => (args) =>
    setTimeout(() => {
      try {
        const res = fn(args);
        args.success?.(res);
      } catch (e) {
        args.fail?.({ errMsg: e.message });
      }
    }, 0);
  const write = (fn) => (args) => {
    if (++step === k) {
      setTimeout(() => args.fail?.({ errMsg: `setStorage:fail simulated crash at ${k}` }), 0);
      return;
    }
    async(fn)(args);
  };
  return {
    data,
    steps: () => step,
    getStorage: async(({ key }) => {
      if (!data.has(key)) throw new Error('getStorage:fail data not found');
      return { data: structuredClone(data.get(key)) };
    }),
    setStorage: write(({ key, data: v }) => {
      if (size(v) > 1024 * 1024) throw new Error('setStorage:fail entry size limit reached');
      if (total() - (data.has(key) ? size(data.get(key)) : 0) + size(v) > 10 * 1024 * 1024)
        throw new Error('setStorage:fail exceed storage max size 10MB');
      data.set(key, structuredClone(v));
      return {};
    }),
    removeStorage: write(({ key }) => (data.delete(key), {})),
    getStorageInfo: async(() => ({ keys: [...data.keys()] })),
  };
}

const small = { chunkBytes: 4096 }; // a few records per chunk, so saves touch several keys

/**
 * For every write step of saving `next` over `prev`: crash there, then check
 * a fresh store loads exactly prev or next, that it verifies, and that a
 * clean save afterwards lands on next.
 */
async function crashAtEveryStep(label, makeBackend, prev, next, options = small) {
  // A clean run counts the steps.
  const probe = await makeBackend(0);
  await createWalletStore(probe.backend, options).save(prev);
  probe.resetSteps();
  await createWalletStore(probe.backend, options).save(next);
  const steps = probe.steps();
  assert.ok(steps >= 2, `${label}: a save takes ${steps} write steps`);
  let sawOld = 0;
  let sawNew = 0;
  for (let k = 1; k <= steps; k++) {
    const run = await makeBackend(0);
    await createWalletStore(run.backend, options).save(prev);
    run.armAt(k);
    await assert.rejects(createWalletStore(run.backend, options).save(next), (e) => e instanceof Crash || /crash/.test(e.message),
      `${label}: step ${k} crashes`);
    run.armAt(0);
    const loaded = await createWalletStore(run.backend, options).load();
    const isOld = isDeepStrictEqual(loaded, prev);
    const isNew = isDeepStrictEqual(loaded, next);
    assert.ok(isOld || isNew, `${label}: after a crash at step ${k} the wallet is neither the old nor the new one`);
    isOld ? sawOld++ : sawNew++;
    assert.equal(verify(loaded).valid, true, `${label}: step ${k}`);
    await createWalletStore(run.backend, options).save(next);
    assert.deepEqual(await createWalletStore(run.backend, options).load(), next, `${label}: recovery after step ${k}`);
  }
  // The commit point is inside the sequence: crashes before it keep the old
  // state, crashes after it (garbage collection) keep the new one.
  assert.ok(sawOld > 0 && sawNew > 0, `${label}: old ${sawOld}, new ${sawNew}`);
  return steps;
}

const states = build(12);

test('storage: Node files, a crash at every write step loses nothing', async (t) => {
  const dirs = [];
  const makeBackend = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medins-wallet-'));
    dirs.push(dir);
    let armed = 0;
    let current = crashingFs(0);
    const proxy = new Proxy({}, { get: (_, name) => current[name] });
    return {
      backend: nodeFileBackend(dir, { fs: proxy }),
      steps: () => current.steps(),
      resetSteps: () => (current = crashingFs(armed)),
      armAt: (k) => ((armed = k), (current = crashingFs(k))),
    };
  };
  try {
    for (const [from, to] of [[0, 1], [4, 5], [9, 11]]) {
      const steps = await crashAtEveryStep(`node ${from + 1}->${to + 1}`, makeBackend, states[from], states[to]);
      t.diagnostic(`node: ${from + 1} -> ${to + 1} entries: ${steps} fs write steps, each interrupted`);
    }
    // From nothing: a crash leaves no wallet or the new one.
    const run = await makeBackend();
    run.armAt(2);
    await assert.rejects(createWalletStore(run.backend, small).save(states[0]));
    run.armAt(0);
    const loaded = await createWalletStore(run.backend, small).load();
    assert.ok(loaded === null || isDeepStrictEqual(loaded, states[0]));
  } finally {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
});

test('storage: simulated wx, a crash at every write step loses nothing', async (t) => {
  const makeBackend = async () => {
    let wx = fakeWx();
    return {
      backend: new Proxy({}, { get: (_, name) => wxStorageBackend(wx)[name] }),
      steps: () => wx.steps(),
      resetSteps: () => (wx = fakeWx(wx.data)),
      armAt: (k) => (wx = fakeWx(wx.data, k)),
    };
  };
  for (const [from, to] of [[0, 1], [4, 5], [9, 11]]) {
    const steps = await crashAtEveryStep(`wx ${from + 1}->${to + 1}`, makeBackend, states[from], states[to]);
    t.diagnostic(`wx: ${from + 1} -> ${to + 1} entries: ${steps} setStorage/removeStorage steps, each interrupted`);
  }
});

test('storage: a restore (entries that differ from the stored ones) also saves atomically', async () => {
  const other = build(3).at(-1); // same device, different nonces: other records
  const makeBackend = async () => {
    let wx = fakeWx();
    return {
      backend: new Proxy({}, { get: (_, name) => wxStorageBackend(wx)[name] }),
      steps: () => wx.steps(),
      resetSteps: () => (wx = fakeWx(wx.data)),
      armAt: (k) => (wx = fakeWx(wx.data, k)),
    };
  };
  await crashAtEveryStep('wx restore', makeBackend, states[5], other);
});

test('storage: 1,000 receipts in wx storage stay under 1 MB per key with a small index; timings', async (t) => {
  // Built with the append form: the whole form passes the growing wallet in
  // and out, so building 1,000 that way is quadratic in bytes.
  const t0 = performance.now();
  let wallet = sdk.addToWallet({ wallet: null, sealed: sealTo(0), key: device.secret, issuers }).wallet;
  for (let i = 1; i < 1000; i++) {
    const out = sdk.addToWallet({ head: wallet.head, last: wallet.entries.at(-1), sealed: sealTo(i), key: device.secret, issuers });
    wallet.entries.push(out.record);
    wallet.head = out.head;
  }
  const t1 = performance.now();
  const listed = sdk.listWallet({ wallet, key: device.secret });
  const t2 = performance.now();
  const report = verify(wallet);
  const t3 = performance.now();
  const sealed = sealTo(5000);
  const t4 = performance.now();
  for (let i = 0; i < 20; i++) sdk.openReceipt({ sealed, key: device.secret, issuers });
  const t5 = performance.now();
  assert.equal(listed.receipts.length, 1000);
  assert.equal(report.valid, true);
  t.diagnostic(`wasm: build 1000 ${(t1 - t0).toFixed(0)} ms, list ${(t2 - t1).toFixed(1)} ms, ` +
    `verify ${(t3 - t2).toFixed(1)} ms, receipt.open ${((t5 - t4) / 20).toFixed(2)} ms`);

  const wx = fakeWx();
  const store = createWalletStore(wxStorageBackend(wx));
  await store.save(wallet);
  for (const [key, value] of wx.data) assert.ok(Buffer.byteLength(JSON.stringify(value)) < 1024 * 1024, key);
  assert.ok(Buffer.byteLength(JSON.stringify(wx.data.get('medins.wallet.index'))) < 2048);
  assert.deepEqual(await createWalletStore(wxStorageBackend(wx)).load(), wallet);
  t.diagnostic(`wx: ${wx.data.size} keys for 1000 receipts (${(JSON.stringify(wallet).length / 1024).toFixed(0)} KiB)`);
});

test('storage: the package entries export the wallet stores (Node files, IndexedDB, wx)', async () => {
  const node = await import('medins');
  const browser = await import(join(root, 'js-glue/src/browser.mjs'));
  const wechat = await import(join(root, 'js-glue/src/wechat.mjs'));
  assert.equal(typeof node.nodeWalletStore, 'function');
  assert.equal(typeof browser.indexedDbWalletStore, 'function');
  assert.equal(typeof wechat.wxWalletStore, 'function');
  for (const m of [node, browser, wechat]) assert.equal(m.createWalletStore, node.createWalletStore);
  const dir = await mkdtemp(join(tmpdir(), 'medins-entry-'));
  try {
    const store = node.nodeWalletStore(dir);
    assert.equal(await store.load(), null);
    const { wallet } = sdk.addToWallet({ wallet: null, sealed: sdk.issueReceipt({ receipt: receipt(0), hospital_key: hospital.secret, recipient: device.public }).sealed, key: device.secret, issuers });
    await store.save(wallet);
    assert.deepEqual(await store.load(), wallet);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// ---- add(): the append form through the store ----

const { recordTag } = await import(join(root, 'js-glue/src/wallet-record.mjs'));
const addInput = (i) => ({ sealed: sealTo(i), key: device.secret, issuers });

/** An in-memory backend that counts writes and the bytes they carry. */
function countingBackend(data = new Map()) {
  const c = { sets: 0, bytes: 0, removes: 0, keys: [] };
  return {
    data, c,
    reset: () => Object.assign(c, { sets: 0, bytes: 0, removes: 0, keys: [] }),
    get: async (k) => (data.has(k) ? structuredClone(data.get(k)) : null),
    set: async (k, v) => {
      c.sets++;
      c.bytes += JSON.stringify(v).length;
      c.keys.push(k.replace(/[0-9]+/g, '#').replace(/^medins\.wallet\.d.*/, 'medins.wallet.d<tag>'));
      data.set(k, structuredClone(v));
    },
    remove: async (k) => (c.removes++, data.delete(k)),
    keys: async () => [...data.keys()],
  };
}

/** sdk whose call() records the bytes of each input it is given. */
function measuredSdk() {
  const seen = [];
  return { seen, call: (op, input) => (seen.push(JSON.stringify(input).length), sdk.call(op, input)) };
}

test('storage: add() appends through wallet.add\'s append form; what loads verifies; duplicates are refused', async () => {
  const store = createWalletStore(countingBackend(), { tailEntries: 4 });
  let counter = 0;
  for (let i = 0; i < 11; i++) {
    const out = await store.add(sdk, addInput(i));
    assert.equal(out.index, i);
    assert.equal(out.wallet, undefined);
    assert.equal(recordTag(out.record), out.tag); // the store reads tags as the core writes them
    counter = out.counter;
  }
  const wallet = await store.load();
  assert.deepEqual(verify(wallet), { valid: true, count: 11, counter: 11, entry: null, problem: null });
  assert.equal(counter, 11);
  // The last one (seen by the core from the tail), one in the tail and one
  // sealed in a chunk (seen through the store's tag index).
  for (const i of [10, 9, 1])
    await assert.rejects(store.add(sdk, addInput(i)), { code: 'wallet.duplicate' }, `receipt ${i}`);
  assert.deepEqual(verify(await store.load()), { valid: true, count: 11, counter: 11, entry: null, problem: null });
  // save() of a whole wallet indexes its tags too.
  const other = createWalletStore(countingBackend());
  await other.save(states[5]);
  await assert.rejects(other.add(sdk, addInput(2)), { code: 'wallet.duplicate' });
  assert.equal((await other.add(sdk, addInput(6))).index, 6);
  assert.deepEqual(verify(await other.load()), { valid: true, count: 7, counter: 7, entry: null, problem: null });
  // A rolled-back store is refused with the counter kept outside it.
  const rolled = createWalletStore(countingBackend());
  await rolled.save(states[3]);
  await assert.rejects(rolled.add(sdk, { ...addInput(20), min_counter: 11 }), { code: 'wallet.rolled_back' });
});

test('storage: add() passes and writes the same bytes at 10 and at 300 entries', async (t) => {
  const backend = countingBackend();
  const store = createWalletStore(backend);
  const measured = measuredSdk();
  const at = {};
  for (let i = 0; i < 301; i++) {
    backend.reset();
    measured.seen.length = 0;
    await store.add(measured, addInput(i));
    if (i === 10 || i === 300) at[i] = { ...backend.c, input: measured.seen[0] };
  }
  t.diagnostic(`add at 10: ${JSON.stringify(at[10])}; at 300: ${JSON.stringify(at[300])}`);
  for (const n of [10, 300]) {
    assert.deepEqual(at[n].keys, ['medins.wallet.t#.#', 'medins.wallet.d<tag>', 'medins.wallet.index'], `keys at ${n}`);
    assert.equal(at[n].removes, 0);
  }
  // Receipt i and the index differ by a few digits only; the wallet's size not at all.
  assert.ok(Math.abs(at[300].bytes - at[10].bytes) < 64, `bytes written ${at[10].bytes} vs ${at[300].bytes}`);
  assert.ok(Math.abs(at[300].input - at[10].input) < 64, `bytes passed ${at[10].input} vs ${at[300].input}`);
  // The whole form, by contrast, passes the wallet in.
  const whole = await store.load();
  assert.ok(JSON.stringify(whole).length > 100 * at[300].input);
  assert.deepEqual(verify(whole), { valid: true, count: 301, counter: 301, entry: null, problem: null });
});

test('storage: add() interrupted at every write step leaves the old wallet or the new one', async (t) => {
  for (const [label, n] of [['tail', 5], ['sealing the tail', 6]]) {
    // A prepared store of n entries with a tail of 3 (n = 6: the next add seals it).
    const base = countingBackend();
    const prep = createWalletStore(base, { tailEntries: 3 });
    for (let i = 0; i < n; i++) await prep.add(sdk, addInput(i));
    const prev = await prep.load();
    const clone = () => new Map(structuredClone([...base.data]));
    const probe = countingBackend(clone());
    await createWalletStore(probe, { tailEntries: 3 }).add(sdk, addInput(n));
    const steps = probe.c.sets + probe.c.removes;
    let sawOld = 0, sawNew = 0;
    for (let k = 1; k <= steps; k++) {
      const run = crashingBackend(countingBackend(clone()), k);
      await assert.rejects(createWalletStore(run, { tailEntries: 3 }).add(sdk, addInput(n)), Crash, `${label}: step ${k}`);
      const loaded = await createWalletStore(run, { tailEntries: 3 }).load();
      if (isDeepStrictEqual(loaded, prev)) sawOld++;
      else {
        assert.deepEqual(loaded.entries.slice(0, n), prev.entries, `${label}: step ${k}`);
        sawNew++;
      }
      assert.deepEqual(verify(loaded), { valid: true, count: loaded.entries.length, counter: loaded.entries.length, entry: null, problem: null });
      // And the store goes on: the same receipt again lands or is a duplicate, never a break.
      const store = createWalletStore(run, { tailEntries: 3 });
      await store.add(sdk, addInput(n)).catch((e) => assert.equal(e.code, 'wallet.duplicate'));
      await store.add(sdk, addInput(n + 1));
      assert.equal(verify(await store.load()).valid, true, `${label}: after step ${k}`);
    }
    // The index is the last write, unless sealing left tail keys to remove.
    assert.equal(sawOld, n === 6 ? steps - (sawNew || 1) : steps, `${label}: old ${sawOld}, new ${sawNew}`);
    if (n === 6) assert.ok(sawNew > 0, `${label}: removals after the commit`);
    t.diagnostic(`add (${label}): ${steps} write steps, each interrupted`);
  }
});

test('storage: a store written by the version-1 layout loads and takes add()', async () => {
  const backend = countingBackend();
  const wallet = states[4];
  backend.data.set('medins.wallet.c1.0', wallet.entries);
  backend.data.set('medins.wallet.index', { v: 1, gen: 1, head: wallet.head, count: 5, chunks: [{ key: 'medins.wallet.c1.0', n: 5 }] });
  const store = createWalletStore(backend, { tailEntries: 2 });
  assert.deepEqual(await store.load(), wallet);
  for (let i = 5; i < 9; i++) assert.equal((await store.add(sdk, addInput(i))).index, i);
  assert.deepEqual(verify(await store.load()), { valid: true, count: 9, counter: 9, entry: null, problem: null });
});

// sdk.call('wallet.add', {wallet}) takes the append form inside the glue
// (src/wallet-record.mjs). Every answer must be the core's whole form's: the
// raw call (callRaw, no shortcut) is the reference.
test('wallet.add with the whole wallet: the glue\'s append path answers as the core\'s whole form', () => {
  const states = build(12);
  const wallet = states[11];
  const raw = (input) => JSON.parse(sdk.callRaw('wallet.add', JSON.stringify(input)).text);
  const sent = [];
  const spy = Object.create(sdk);
  spy.callRaw = (op, text) => {
    sent.push(text.length);
    return sdk.callRaw(op, text);
  };
  const input = { wallet, sealed: sealTo(100), key: device.secret, issuers };
  const out = spy.call('wallet.add', input);
  assert.ok(Math.max(...sent) < JSON.stringify(wallet).length / 4, `the module got ${sent} bytes, not the wallet`);
  assert.deepEqual(out.wallet, { v: 1, head: out.head, entries: [...wallet.entries, out.record] });
  assert.deepEqual(Object.keys(out).sort(), Object.keys(raw(input)).sort());
  assert.equal(verify(out.wallet).valid, true);
  assert.equal(out.index, 12);

  const sameRefusal = (what, bad) => {
    const expected = raw(bad).error;
    assert.ok(expected, `${what}: the core refuses it`);
    assert.throws(() => sdk.call('wallet.add', bad), (e) => {
      assert.equal(e.code, expected.code, what);
      assert.deepEqual(e.detail?.entry, expected.entry, what);
      return true;
    });
  };
  // A duplicate in the middle, at the start, and of the last record.
  for (const i of [0, 5, 11]) sameRefusal(`duplicate of entry ${i}`, { ...input, sealed: sealTo(i) });
  // A head that counts other entries than the wallet holds: the middle entry removed.
  sameRefusal('an entry removed', { ...input, wallet: { ...wallet, entries: wallet.entries.filter((_, i) => i !== 4) } });
  sameRefusal('an older head', { ...input, wallet: { ...wallet, head: states[10].head } });
  sameRefusal('entries not strings', { ...input, wallet: { ...wallet, entries: [...wallet.entries.slice(0, 11), 7] } });
  sameRefusal('version 2', { ...input, wallet: { ...wallet, v: 2 } });
  sameRefusal('rolled back', { ...input, min_counter: 99 });
  // A middle entry whose header is not base64url is no duplicate, as in the core.
  const garbled = [...wallet.entries];
  garbled[3] = `!${garbled[3].slice(1)}`;
  const fromGarbled = raw({ ...input, wallet: { ...wallet, entries: garbled } });
  assert.equal(fromGarbled.error, undefined);
  assert.equal(sdk.call('wallet.add', { ...input, wallet: { ...wallet, entries: garbled } }).index, 12);
});
