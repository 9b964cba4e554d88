// The WeChat mini-program example (examples/wechat-miniprogram/) run in Node:
// its app.js and pages load in a simulated WeChat logic layer
// (tests/support/wechat-sim.mjs: WXWebAssembly by package path, no fetch, no
// TextDecoder/TextEncoder, async wx.getRandomValues, wx storage), medins comes
// from miniprogram_npm/ as after "Build npm" (build-npm.mjs), and wx.request
// talks to a real reference hospital backend (examples/hospital-backend/)
// started here on loopback with a fresh data folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { miniprogramContext, createWx } from '../support/wechat-sim.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = join(root, 'examples', 'wechat-miniprogram');
const PIN = '135790';

let backend;
let dataDir;

before(async () => {
  const built = spawnSync(process.execPath, [join(project, 'build-npm.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  dataDir = mkdtempSync(join(tmpdir(), 'medins-wechat-'));
  const { startBackend } = await import(join(root, 'examples', 'hospital-backend', 'server.mjs'));
  backend = await startBackend({ port: 0, dataDir, log: null, redisUrl: null });
});

after(async () => {
  await backend?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh phone: its own storage, a logic layer with the mini-program, app.js launched. */
async function phone({ storage } = {}) {
  const calls = { instantiate: [], random: 0 };
  const requests = [];
  const wx = createWx({ calls, storage, request: { log: requests } });
  const mp = miniprogramContext({ root: project, wx, calls });
  mp.require('lib/config.js').baseUrl = backend.url; // the backend's port is chosen at start
  mp.require('app.js');
  mp.app.onLaunch();
  await mp.app.ready;
  return { mp, wx, calls, requests, journey: mp.app.journey };
}

/** A page instance as WeChat makes one: its own data, setData merging into it. */
function openPage(mp, route) {
  const def = mp.pages[route] ?? (mp.require(`${route}.js`), mp.pages[route]);
  assert.ok(def, `${route} registered a Page`);
  const page = Object.create(def);
  page.data = structuredClone(def.data || {});
  page.setData = (patch) => Object.assign(page.data, patch);
  return page;
}

const input = (value) => ({ detail: { value } });
const tap = (id) => ({ currentTarget: { dataset: { id } } });
const ok = (page) => assert.equal(page.data.error, '', page.data.error);

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
  const { sdk } = await journey.ready();
  const ops = sdk.version().ops;

  // Home: nothing yet.
  const home = openPage(mp, 'pages/index/index');
  await home.onShow();
  ok(home);
  assert.equal(home.data.verified, false);
  assert.match(home.data.hospital, /医院/);

  // Identity: the device key is made on first use, wrapped under the PIN.
  const identity = openPage(mp, 'pages/identity/identity');
  identity.onLoad();
  identity.onPin(input(PIN));
  await identity.onVerify();
  ok(identity);
  assert.equal(identity.data.claims.sub, 'P-0001');
  assert.equal(identity.pin, '', 'the page forgets the PIN');
  const device = wx.getStorageSync('medins.demo.device');
  assert.match(device.device, /^medins\.device\.v1\.pin\./);
  assert.equal(identity.data.claims.kpid, device.kpid);
  const proofRequest = requests.find((r) => r.url.endsWith('/api/identity'));
  assert.ok(proofRequest.header['Medins-Proof'].startsWith('v4.public.'), 'identity issued for a device proof');

  // Booking: site → department → doctor → slot, in the signed flow's order.
  const booking = openPage(mp, 'pages/booking/booking');
  await booking.onLoad();
  ok(booking);
  const picked = [];
  for (const what of ['site', 'department', 'doctor', 'slot']) {
    assert.equal(booking.data.what, what);
    assert.ok(booking.data.items.length > 0, `${what}s to pick from`);
    picked.push(booking.data.items[0].label);
    await booking.onPick(tap(booking.data.items[0].id));
    ok(booking);
  }
  assert.equal(booking.data.step, 'confirm');
  await booking.onConfirm();
  ok(booking);
  t.diagnostic(`booked: ${picked.join(' / ')}`);

  // Estimate: computed on the phone from the signed policy; matches the order.
  const estimate = openPage(mp, 'pages/estimate/estimate');
  await estimate.onLoad();
  ok(estimate);
  assert.equal(estimate.data.matches, true, 'the local estimate agrees with the order');
  const order = wx.getStorageSync('medins.demo.order');
  const fen = Object.fromEntries(estimate.data.split.map((s) => [s.key, s.fen]));
  assert.equal(fen.fund + fen.account + fen.cash, order.estimate.totals.medfee_sumamt_fen);
  const share = fen.account + fen.cash;
  assert.equal(estimate.data.reasons.reduce((n, r) => n + r.amount_fen, 0), share, 'a reason for every fen the patient pays');
  for (const s of estimate.data.split) assert.match(s.amount, /^¥\d+\.\d{2}$/);
  t.diagnostic(`estimate ${estimate.data.total}: ${estimate.data.split.map((s) => `${s.key} ${s.amount}`).join(', ')}; reasons: ${estimate.data.reasons.map((r) => `${r.reason} ${r.amount}`).join(', ') || 'none'}`);
  await estimate.onAccept();
  ok(estimate);

  // Authorize: the grant, signed by the device key over exactly this order.
  const authorize = openPage(mp, 'pages/authorize/authorize');
  await authorize.onLoad();
  ok(authorize);
  assert.equal(authorize.data.consent.text, order.consent_text);
  if (!ops.includes('grant.create')) {
    t.skip('grant.create is not in this build of medins.wasm: authorize, pay, receipt and wallet are not run');
    return;
  }
  authorize.onPin(input('000000'));
  await authorize.onAuthorize();
  assert.equal(authorize.data.errorCode, 'device.wrong_secret', 'a wrong PIN signs nothing');
  authorize.onPin(input(PIN));
  await authorize.onAuthorize();
  ok(authorize);
  assert.match(authorize.data.authorization, /^\d{20}$/);

  // Pay: the backend verifies the grant, settles, seals the receipt to this device.
  const pay = openPage(mp, 'pages/pay/pay');
  await pay.onLoad();
  ok(pay);
  assert.equal(pay.data.paid.authorization, authorize.data.authorization, 'the backend derives the same authorization number');
  const payRequest = requests.find((r) => r.url.endsWith('/api/pay'));

  // The same grant again, to the backend: refused as a replay.
  const replay = await new Promise((resolve) => wx.request({
    url: payRequest.url, method: 'POST', data: JSON.parse(payRequest.body), header: payRequest.header, success: resolve, fail: resolve,
  }));
  assert.equal(replay.statusCode, 409);
  assert.match(replay.data.error.code, /^(grant\.replayed|order\.already_paid)$/);

  // Receipt: opened with the device key (PIN), kept in the wallet.
  const receipt = openPage(mp, 'pages/receipt/receipt');
  receipt.onShow();
  assert.equal(receipt.data.waiting, 1);
  receipt.onPin(input(PIN));
  await receipt.onOpen();
  ok(receipt);
  assert.equal(receipt.data.waiting, 0);
  const kept = receipt.data.receipts[0];
  assert.equal(kept.order_id, order.order.order_id);
  assert.equal(kept.authorization, authorize.data.authorization);
  assert.equal(kept.fen.fund + kept.fen.account + kept.fen.cash, kept.fen.total);
  assert.deepEqual([kept.fen.fund, kept.fen.account, kept.fen.cash], [fen.fund, fen.account, fen.cash]);

  // Wallet: verified, listed, totalled.
  const wallet = openPage(mp, 'pages/wallet/wallet');
  wallet.onPin(input(PIN));
  await wallet.onUnlock();
  ok(wallet);
  assert.equal(wallet.data.valid, true);
  assert.equal(wallet.data.receipts.length, 1);
  assert.equal(wallet.data.years[0].count, 1);
  assert.equal(wallet.data.years[0].total, kept.total);

  // Notifications: booking confirmed, payment settled, the NZOK protocol — all signed.
  const notes = openPage(mp, 'pages/notifications/notifications');
  await notes.onShow();
  ok(notes);
  const states = notes.data.current.map((n) => `${n.type}:${n.state}`);
  assert.ok(states.includes('booking:confirmed'), states.join(', '));
  assert.ok(states.includes('payment:settled'), states.join(', '));
  assert.ok(notes.data.current.every((n) => n.title && n.body && n.lang === 'zh'));
  t.diagnostic(`notifications: ${notes.data.current.map((n) => n.title).join(' | ')}; due: ${notes.data.due.length}`);

  assert.equal(journey.flow().finished, true);

  // Outpatient payment (exams and drugs): site, prescription, then the same pages.
  const rx = openPage(mp, 'pages/prescriptions/prescriptions');
  await rx.onLoad();
  ok(rx);
  assert.equal(rx.data.step, 'select_site');
  await rx.onSite(tap(rx.data.sites[0].id));
  ok(rx);
  assert.equal(rx.data.step, 'select_prescription');
  assert.equal(rx.data.prescriptions.length, 1);
  await rx.onPrescription(tap(rx.data.prescriptions[0].id));
  ok(rx);
  const rxEstimate = openPage(mp, 'pages/estimate/estimate');
  await rxEstimate.onLoad();
  ok(rxEstimate);
  assert.equal(rxEstimate.data.matches, true);
  const reasons = rxEstimate.data.reasons.map((r) => r.reason);
  for (const r of ['class_c', 'b_self_pay_first']) assert.ok(reasons.includes(r), `${r} in ${reasons}`);
  t.diagnostic(`prescription ${rxEstimate.data.total}: ${rxEstimate.data.split.map((s) => `${s.key} ${s.amount}`).join(', ')}; reasons: ${rxEstimate.data.reasons.map((r) => `${r.text} ${r.amount}`).join('; ')}`);
  await rxEstimate.onAccept();
  ok(rxEstimate);
  const rxAuthorize = openPage(mp, 'pages/authorize/authorize');
  await rxAuthorize.onLoad();
  rxAuthorize.onPin(input(PIN));
  await rxAuthorize.onAuthorize();
  ok(rxAuthorize);
  const rxPay = openPage(mp, 'pages/pay/pay');
  await rxPay.onLoad();
  ok(rxPay);
  const rxReceipt = openPage(mp, 'pages/receipt/receipt');
  rxReceipt.onPin(input(PIN));
  await rxReceipt.onOpen();
  ok(rxReceipt);
  assert.equal(rxReceipt.data.receipts.length, 1);
  const rxWallet = openPage(mp, 'pages/wallet/wallet');
  rxWallet.onPin(input(PIN));
  await rxWallet.onUnlock();
  ok(rxWallet);
  assert.equal(rxWallet.data.receipts.length, 2);
  assert.equal(rxWallet.data.years.reduce((n, y) => n + y.count, 0), 2);
  await rx.onLoad();
  assert.equal(rx.data.step, 'select_site', 'a finished flow starts over');

  // Nothing secret was stored or sent.
  for (const [key, value] of wx.data) {
    assert.ok(!value.includes('k4.secret.'), `${key} holds no secret key`);
    assert.ok(!value.includes(PIN), `${key} holds no PIN`);
  }
  for (const r of requests) assert.ok(!(r.body ?? '').includes(PIN), `${r.url}: the PIN is never sent`);
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
