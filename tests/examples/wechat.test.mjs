// The WeChat mini-program example (examples/wechat-miniprogram/) run in Node:
// its app.js and pages load in a simulated WeChat logic layer
// (tests/support/wechat-sim.mjs: WXWebAssembly by package path, no fetch, no
// TextDecoder/TextEncoder, async wx.getRandomValues, wx storage), medins comes
// from miniprogram_npm/ as after "Build npm" (build-npm.mjs), and wx.request
// talks to a real reference hospital backend (examples/hospital-backend/)
// started here on loopback with a fresh data folder. The journey through the
// pages is tests/support/wechat-journey.mjs, which tests/jsc/ runs again in
// JavaScriptCore without JIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { miniprogramContext, createWx } from '../support/wechat-sim.mjs';
import { beijingJourney, PIN } from '../support/wechat-journey.mjs';
import { wechatBackend } from '../support/wechat-backend.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = join(root, 'examples', 'wechat-miniprogram');

const backend = wechatBackend('medins-wechat-');

/** A fresh phone: its own storage, a logic layer with the mini-program, app.js launched. */
async function phone({ storage } = {}) {
  const calls = { instantiate: [], random: 0 };
  const requests = [];
  const wx = createWx({ calls, storage, request: { log: requests } });
  const mp = miniprogramContext({ root: project, wx, calls });
  mp.require('lib/config.js').baseUrl = backend().url; // the backend's port is chosen at start
  mp.require('app.js');
  mp.app.onLaunch();
  await mp.app.ready;
  return { mp, wx, calls, requests, journey: mp.app.journey };
}

test('the mini-program\'s own code is ES2017 (what every supported base library runs untranspiled)', (t) => {
  let acorn;
  try {
    acorn = createRequire(import.meta.url)('acorn');
  } catch {
    try { acorn = createRequire(import.meta.url)('/usr/share/nodejs/acorn'); } catch { return t.skip('no acorn parser here'); }
  }
  const files = ['app.js', ...['lib', ...readdirSync(join(project, 'pages')).map((p) => `pages/${p}`)]
    .flatMap((dir) => readdirSync(join(project, dir)).filter((f) => f.endsWith('.js')).map((f) => `${dir}/${f}`))];
  for (const file of files)
    assert.doesNotThrow(() => acorn.parse(readFileSync(join(project, file), 'utf8'), { ecmaVersion: 2017, sourceType: 'script' }), file);
  t.diagnostic(`${files.length} files`);
});

test('the mini-program loads medins the way WeChat does', async () => {
  const { calls, journey } = await phone();
  assert.deepEqual(calls.instantiate, ['/miniprogram_npm/medins/medins.wasm.br']);
  assert.ok(calls.random >= 1, 'entropy through wx.getRandomValues');
  const { sdk, config } = await journey.ready();
  assert.equal(config.audience, 'wx-medins-demo');
  assert.ok(sdk.version().ops.includes('estimate'));
});

test('the Beijing journey through the pages: identity, booking, estimate, authorize, pay, receipt, wallet, notifications', async (t) => {
  const { mp, wx, journey, requests } = await phone();
  await beijingJourney({ mp, wx, journey, requests, assert, note: (text) => t.diagnostic(text), skip: (why) => t.skip(why) });
});

test('the wallet in wx storage: tampering and rollback are caught', async (t) => {
  const storage = new Map();
  const { journey, wx } = await phone({ storage });
  const { sdk } = await journey.ready();
  if (!sdk.version().ops.includes('grant.create')) return t.skip('grant.create is not in this build of medins.wasm');

  await journey.verifyIdentity({ patient_id: 'P-0002', name: 'Maria Rossi', pin: PIN });
  async function bookAndPay() {
    await journey.startFlow('registration');
    for (const what of ['site', 'department', 'doctor', 'slot']) {
      const c = await journey.choices();
      const list = { site: c.sites, department: c.departments, doctor: c.doctors, slot: c.slots }[what];
      await journey.pick(what, list[list.length - 1].id);
    }
    await journey.confirm();
    await journey.acceptEstimate();
    await journey.authorize(PIN);
    await journey.pay();
    return journey.collectReceipts(PIN);
  }
  await bookAndPay();
  const oneReceipt = new Map(storage);
  await bookAndPay();
  assert.equal((await journey.wallet(PIN)).count, 2);
  const twoReceipts = new Map(storage);
  const restore = (snapshot) => {
    for (const k of [...storage.keys()]) if (k.startsWith('medins.wallet.')) storage.delete(k);
    for (const [k, v] of snapshot) if (k.startsWith('medins.wallet.')) storage.set(k, v);
  };

  // Entries swapped in place (what a sync service or another script could do).
  // The store's add() keeps the newest records one per key (docs/receipts.md).
  const index = JSON.parse(storage.get('medins.wallet.index'));
  const recordKey = (i) => `medins.wallet.t${index.gen}.${i}`;
  const entries = [0, 1].map((i) => JSON.parse(storage.get(recordKey(i))));
  storage.set(recordKey(0), JSON.stringify(entries[1]));
  storage.set(recordKey(1), JSON.stringify(entries[0]));
  const swapped = await journey.wallet(PIN);
  assert.equal(swapped.valid, false);
  assert.equal(swapped.problem, 'swapped');
  // One byte of an entry changed.
  const edited = entries[1].slice(0, 100) + (entries[1][100] === 'A' ? 'B' : 'A') + entries[1].slice(101);
  storage.set(recordKey(0), JSON.stringify(entries[0]));
  storage.set(recordKey(1), JSON.stringify(edited));
  assert.equal((await journey.wallet(PIN)).problem, 'edited');
  restore(twoReceipts);
  assert.equal((await journey.wallet(PIN)).valid, true);

  // An older copy of the whole storage: the remembered counter refuses it.
  const counter = wx.getStorageSync('medins.demo.counter');
  restore(oneReceipt);
  assert.equal(wx.getStorageSync('medins.demo.counter'), counter);
  const rolled = await journey.wallet(PIN);
  assert.equal(rolled.valid, false);
  assert.equal(rolled.problem, 'rolled_back');
});
