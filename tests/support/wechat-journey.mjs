// The Beijing journey through the pages of the mini-program example
// (examples/wechat-miniprogram/), shared by the engines it runs in: Node's
// simulated logic layer (tests/examples/wechat.test.mjs) and JavaScriptCore
// without JIT (tests/jsc/, through tests/support/jsc-runner.mjs). Nothing here
// touches a global of either: the caller hands in the phone (`mp`, `wx`,
// `journey`, `requests` as tests/support/wechat-sim.mjs or jsc-runner.mjs make
// them), an `assert` with equal/ok/match/deepEqual, `note(text)` and
// `skip(reason)`.

export const PIN = '135790';

/** A page instance as WeChat makes one: its own data, setData merging into it. */
function openPage(mp, route, assert) {
  const def = mp.pages[route] ?? (mp.require(`${route}.js`), mp.pages[route]);
  assert.ok(def, `${route} registered a Page`);
  const page = Object.create(def);
  page.data = JSON.parse(JSON.stringify(def.data || {}));
  page.setData = (patch) => Object.assign(page.data, patch);
  return page;
}

const input = (value) => ({ detail: { value } });
const tap = (id) => ({ currentTarget: { dataset: { id } } });

/** Identity, booking, estimate, authorize, pay, receipt, wallet, notifications, then an outpatient payment. */
export async function beijingJourney({ mp, wx, journey, requests, assert, note, skip }) {
  const ok = (page) => assert.equal(page.data.error, '', page.data.error);
  const open = (route) => openPage(mp, route, assert);
  const { sdk } = await journey.ready();
  const ops = sdk.version().ops;
  // Argon2id runs once per unlock: counted to show one unlock per visit.
  let unlocks = 0;
  const call = sdk.call.bind(sdk);
  sdk.call = (op, input) => {
    if (op === 'device.unlock') unlocks++;
    return call(op, input);
  };

  // Home: nothing yet.
  const home = open('pages/index/index');
  await home.onShow();
  ok(home);
  assert.equal(home.data.verified, false);
  assert.match(home.data.hospital, /医院/);

  // Identity: the device key is made on first use, wrapped under the PIN.
  const identity = open('pages/identity/identity');
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

  // The insurer-signed coverage credential, verified on the phone.
  const coverage = open('pages/coverage/coverage');
  await coverage.onShow();
  ok(coverage);
  assert.equal(coverage.data.coverage.scheme, 'employee');
  assert.equal(coverage.data.coverage.active, true);
  assert.equal(coverage.data.coverage.conditions.map((c) => c.code).join(','), 'HTN-DEMO');

  // Booking: site → department → doctor → slot, in the signed flow's order.
  const booking = open('pages/booking/booking');
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
  note(`booked: ${picked.join(' / ')}`);

  // Estimate: computed on the phone from the signed policy; matches the order.
  const estimate = open('pages/estimate/estimate');
  await estimate.onLoad();
  ok(estimate);
  assert.equal(estimate.data.matches, true, 'the local estimate agrees with the order');
  const order = wx.getStorageSync('medins.demo.order');
  const fen = Object.fromEntries(estimate.data.split.map((s) => [s.key, s.fen]));
  assert.equal(fen.fund + fen.account + fen.cash, order.estimate.totals.medfee_sumamt_fen);
  const share = fen.account + fen.cash;
  assert.equal(estimate.data.reasons.reduce((n, r) => n + r.amount_fen, 0), share, 'a reason for every fen the patient pays');
  for (const s of estimate.data.split) assert.match(s.amount, /^¥\d+\.\d{2}$/);
  note(`estimate ${estimate.data.total}: ${estimate.data.split.map((s) => `${s.key} ${s.amount}`).join(', ')}; reasons: ${estimate.data.reasons.map((r) => `${r.reason} ${r.amount}`).join(', ') || 'none'}`);
  await estimate.onAccept();
  ok(estimate);

  // Authorize: the grant, signed by the device key over exactly this order.
  const authorize = open('pages/authorize/authorize');
  await authorize.onLoad();
  ok(authorize);
  assert.equal(authorize.data.consent.text, order.consent_text);
  if (!ops.includes('grant.create')) {
    return skip('grant.create is not in this build of medins.wasm: authorize, pay, receipt and wallet are not run');
  }
  // Hidden (another app, the lock screen): the device key is wiped in the core.
  assert.equal(journey.isUnlocked(), true, 'identity unlocked the device key for this visit');
  mp.app.onHide();
  assert.equal(journey.isUnlocked(), false);
  await authorize.onLoad();
  assert.equal(authorize.data.locked, true, 'the page asks for the PIN again');
  authorize.onPin(input('000000'));
  await authorize.onAuthorize();
  assert.equal(authorize.data.errorCode, 'device.wrong_secret', 'a wrong PIN signs nothing');
  authorize.onPin(input(PIN));
  await authorize.onAuthorize();
  ok(authorize);
  assert.match(authorize.data.authorization, /^\d{20}$/);

  // Pay: the backend verifies the grant, settles, seals the receipt to this device.
  const pay = open('pages/pay/pay');
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

  // Receipt: opened with the device key (the session authorize unlocked, no
  // PIN), kept in the wallet.
  const receipt = open('pages/receipt/receipt');
  receipt.onShow();
  assert.equal(receipt.data.waiting, 1);
  assert.equal(receipt.data.locked, false, 'no PIN asked again in this visit');
  await receipt.onOpen();
  ok(receipt);
  assert.equal(receipt.data.waiting, 0);
  const kept = receipt.data.receipts[0];
  assert.equal(kept.order_id, order.order.order_id);
  assert.equal(kept.authorization, authorize.data.authorization);
  assert.equal(kept.fen.fund + kept.fen.account + kept.fen.cash, kept.fen.total);
  assert.deepEqual([kept.fen.fund, kept.fen.account, kept.fen.cash], [fen.fund, fen.account, fen.cash]);

  // Wallet: verified, listed, totalled.
  const wallet = open('pages/wallet/wallet');
  wallet.onShow();
  assert.equal(wallet.data.locked, false);
  await wallet.onUnlock();
  ok(wallet);
  assert.equal(wallet.data.valid, true);
  assert.equal(wallet.data.receipts.length, 1);
  assert.equal(wallet.data.years[0].count, 1);
  assert.equal(wallet.data.years[0].total, kept.total);

  // Notifications: booking confirmed, payment settled, the NZOK protocol — all signed.
  const notes = open('pages/notifications/notifications');
  await notes.onShow();
  ok(notes);
  const states = notes.data.current.map((n) => `${n.type}:${n.state}`);
  assert.ok(states.includes('booking:confirmed'), states.join(', '));
  assert.ok(states.includes('payment:settled'), states.join(', '));
  assert.ok(notes.data.current.every((n) => n.title && n.body && n.lang === 'zh'));
  note(`notifications: ${notes.data.current.map((n) => n.title).join(' | ')}; due: ${notes.data.due.length}`);

  assert.equal(journey.flow().finished, true);

  // Outpatient payment (exams and drugs): site, prescription, then the same pages.
  const rx = open('pages/prescriptions/prescriptions');
  await rx.onLoad();
  ok(rx);
  assert.equal(rx.data.step, 'select_site');
  await rx.onSite(tap(rx.data.sites[0].id));
  ok(rx);
  assert.equal(rx.data.step, 'select_prescription');
  assert.equal(rx.data.prescriptions.length, 1);
  await rx.onPrescription(tap(rx.data.prescriptions[0].id));
  ok(rx);
  const rxEstimate = open('pages/estimate/estimate');
  await rxEstimate.onLoad();
  ok(rxEstimate);
  assert.equal(rxEstimate.data.matches, true);
  const reasons = rxEstimate.data.reasons.map((r) => r.reason);
  for (const r of ['class_c', 'b_self_pay_first']) assert.ok(reasons.includes(r), `${r} in ${reasons}`);
  note(`prescription ${rxEstimate.data.total}: ${rxEstimate.data.split.map((s) => `${s.key} ${s.amount}`).join(', ')}; reasons: ${rxEstimate.data.reasons.map((r) => `${r.text} ${r.amount}`).join('; ')}`);
  await rxEstimate.onAccept();
  ok(rxEstimate);
  const rxAuthorize = open('pages/authorize/authorize');
  await rxAuthorize.onLoad();
  await rxAuthorize.onAuthorize();
  ok(rxAuthorize);
  const rxPay = open('pages/pay/pay');
  await rxPay.onLoad();
  ok(rxPay);
  const rxReceipt = open('pages/receipt/receipt');
  await rxReceipt.onOpen();
  ok(rxReceipt);
  assert.equal(rxReceipt.data.receipts.length, 1);
  const rxWallet = open('pages/wallet/wallet');
  await rxWallet.onUnlock();
  ok(rxWallet);
  assert.equal(rxWallet.data.receipts.length, 2);
  assert.equal(rxWallet.data.years.reduce((n, y) => n + y.count, 0), 2);
  // The prescription's estimate flagged a medicine the (illustrative) policy
  // covers in full: the patient complains from the wallet, and the insurer's
  // answers arrive as notifications.
  rxWallet.onShow();
  assert.equal(rxWallet.data.flagged, true);
  const complaint = open('pages/complaint/complaint');
  complaint.onShow();
  assert.equal(complaint.data.lines.length, 1);
  assert.equal(complaint.data.lines[0].code, 'DRUG-TOBDEX');
  await complaint.onSend();
  ok(complaint);
  assert.equal(complaint.data.sent.state, 'registered');
  assert.equal(complaint.data.sent.evidence_valid, true);
  assert.equal(complaint.data.sent.charged, complaint.data.sent.claimed, 'the insurer counts what the estimate flagged');
  note(`complaint ${complaint.data.sent.complaint_id}: claimed ${complaint.data.sent.claimed}, charged for covered services ${complaint.data.sent.charged}`);
  const afterComplaint = open('pages/notifications/notifications');
  await afterComplaint.onShow();
  ok(afterComplaint);
  assert.ok(afterComplaint.data.current.some((n) => n.type === 'complaint' && n.state === 'registered'), 'the registered complaint is a notification');
  await rx.onLoad();
  assert.equal(rx.data.step, 'select_site', 'a finished flow starts over');
  // Identity, the wrong PIN, the PIN after onHide: two payments, two receipts
  // and the wallet twice needed no more.
  assert.equal(unlocks, 3, 'one unlock per visit, not one per call');

  // Nothing secret was stored or sent.
  for (const [key, value] of wx.data) {
    assert.ok(!value.includes('k4.secret.'), `${key} holds no secret key`);
    assert.ok(!value.includes(PIN), `${key} holds no PIN`);
  }
  for (const r of requests) assert.ok(!(r.body ?? '').includes(PIN), `${r.url}: the PIN is never sent`);
}
