// The reference hospital backend's HTTP API (examples/hospital-backend), driven
// by the same patient client the web demo uses (examples/web/client.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'medins';
import { startBackend } from '../../examples/hospital-backend/server.mjs';
import { PatientClient } from '../../examples/web/client.mjs';
import { rejects } from '../support/api-rejects.mjs';

const PIN = '246810';
let backend, sdk, dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'medins-backend-'));
  backend = await startBackend({ port: 0, dataDir, redisUrl: '', log: null });
  sdk = await load();
});

after(async () => {
  await backend?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function enrolled(patientId = 'P-0001', name = '张伟') {
  const c = new PatientClient({ sdk, baseUrl: backend.url });
  await c.init();
  c.createDevice(PIN);
  await c.enroll(patientId, name);
  return c;
}

test('public documents are signed by the keys in /api/config; keys are kept 0600', async () => {
  const c = new PatientClient({ sdk, baseUrl: backend.url });
  const config = await c.init();
  assert.equal(config.keys.identity.length, 1);
  assert.deepEqual(config.keys.status.map((k) => k.iss), ['tongren.demo', 'nzok.bg']);
  const policy = sdk.verifyPolicy({ policy_bundle: c.policy.policy_bundle, keys: config.keys.hospital });
  assert.equal(policy.policy.policy_id, 'demo-bj-employee-inservice');
  const flow = sdk.validateFlow({ definition: c.flows.registration.token, keys: config.keys.hospital });
  assert.equal(flow.id, 'beijing.registration');
  // Another hospital's key does not verify them.
  const other = sdk.generateKeys({ type: 'public' }).public;
  assert.throws(() => sdk.verifyPolicy({ policy_bundle: c.policy.policy_bundle, keys: [other] }), { code: 'policy.unknown_key' });
  assert.equal(statSync(join(dataDir, 'keys.json')).mode & 0o777, 0o600);
  const health = await c.api('GET', '/api/health', { auth: false });
  assert.equal(health.replay, 'memory');
  const cat = await c.catalogue();
  const doctor = cat.sites[0].departments[0].doctors[0];
  assert.ok(doctor.slots.length > 0 && doctor.slots.every((s) => Number.isInteger(s.start) && s.available));
});

test('enrollment: real-name check, proof of possession bound to the request, used once', async () => {
  const c = new PatientClient({ sdk, baseUrl: backend.url });
  await c.init();
  c.createDevice(PIN);
  await rejects(c.enroll('P-0001', '李四'), 403, 'identity.not_found');
  // No proof: refused.
  const start = await c.api('POST', '/api/identity/start', { auth: false, body: { patient_id: 'P-0001', name: 'Zhang Wei', device: c.device.public } });
  await rejects(c.api('POST', '/api/identity', { headers: { authorization: `Bearer ${start.enrollment_token}` } }), 401, 'http.no_proof');
  // The enrollment token is not a patient token.
  await rejects(c.api('GET', '/api/me', { headers: { authorization: `Bearer ${start.enrollment_token}` } }), 401, 'http.wrong_token');
  await c.enroll('P-0001', 'Zhang Wei');
  assert.equal(c.claims.sub, 'P-0001');
  assert.equal(c.claims.scope, 'patient');
  assert.equal(c.claims.cnf.kpid, c.device.kpid);
  const me = await c.me();
  assert.equal(me.accumulators.account_balance_fen, 30000);
  // A token from another issuer key is refused.
  const rogue = sdk.generateKeys({ type: 'public' });
  const forged = sdk.issueIdentity({ key: rogue.secret, claims: { aud: c.config.audience, iss: c.config.issuer, sub: 'P-0001', scope: 'patient' }, device: c.device.public }).token;
  await rejects(c.api('GET', '/api/me', { headers: { authorization: `Bearer ${forged}` } }), 401, 'token.unknown_key');
});

test('registration: order priced by the estimate, grant, pay, receipt, wallet, status; replays refused', async () => {
  const c = await enrolled();
  const cat = await c.catalogue();
  const slot = cat.sites[0].departments[0].doctors[0].slots[0];
  const order = await c.createOrder({ kind: 'registration', slot_id: slot.id, lang: 'en' });
  assert.equal(order.agrees, true, 'the local estimate gives the backend\'s amounts');
  const a = order.order.amounts;
  assert.deepEqual(a, { fund_fen: 3500, account_fen: 6500, cash_fen: 0 });  // ¥100: ¥50 deductible, ¥50 at 70 %
  assert.deepEqual(order.local.explanation.map((e) => [e.reason, e.amount_fen]), [['deductible', 5000], ['coinsurance', 1500]]);
  assert.match(order.consent_text, /fund ¥35\.00, personal account ¥65\.00, cash ¥0\.00/);

  const { grant } = c.createGrant(order);
  // A grant for this order does not pay another one.
  const other = await c.createOrder({ kind: 'registration', slot_id: cat.sites[0].departments[0].doctors[0].slots[1].id, lang: 'en' });
  await rejects(c.pay(other.order.order_id, grant), 403, 'grant.order_mismatch');

  const paid = await c.pay(order.order.order_id, grant);
  assert.match(paid.authorization.number, /^\d{20}$/);
  assert.deepEqual([paid.settlement.fund_fen, paid.settlement.account_fen, paid.settlement.cash_fen], [3500, 6500, 0]);
  await rejects(c.pay(order.order.order_id, grant), 409, 'grant.replayed');

  const opened = c.openReceipt(paid.sealed_receipt);
  assert.equal(opened.receipt.order_id, order.order.order_id);
  assert.equal(opened.receipt.authorization, paid.authorization.number);
  assert.equal(opened.receipt.total, 10000);
  c.walletAdd(paid.sealed_receipt);
  assert.equal(c.walletVerify().valid, true);
  assert.equal(c.walletList().receipts.length, 1);

  // The slot is taken now; the insurer's figures moved on.
  const after = await c.catalogue();
  assert.equal(after.sites[0].departments[0].doctors[0].slots[0].available, false);
  const me = await c.me();
  assert.equal(me.accumulators.pools.outpatient_general.deductible_met_fen, 180000);
  assert.equal(me.accumulators.account_balance_fen, 30000 - 6500);
  // The other order was priced on the old figures: stale.
  const { grant: g2 } = c.createGrant(other);
  await rejects(c.pay(other.order.order_id, g2), 409, 'order.stale');

  const notes = await c.syncStatus('en');
  const states = notes.map((n) => `${n.type}:${n.state}`);
  assert.ok(states.includes('booking:confirmed'), states.join());
  assert.ok(states.includes('payment:settled'), states.join());
  assert.ok(states.includes('drug_protocol:documents_needed'), states.join());
  const zh = c.renderAll('zh');
  assert.ok(zh.every((n) => n.lang === 'zh' && n.body.length > 0));
  // Applying the same events again changes nothing.
  assert.deepEqual(await c.syncStatus('en'), []);
});

test('outpatient payment: reasons for every fen, a second grant for a paid order is refused', async () => {
  const c = await enrolled('P-0002', 'Maria Rossi');
  const { prescriptions } = await c.prescriptions();
  const order = await c.createOrder({ kind: 'outpatient_payment', prescription_id: prescriptions[0].id, lang: 'it' });
  assert.equal(order.agrees, true);
  const t = order.local.totals;
  assert.equal(t.fund_pay_fen + t.account_pay_fen + t.cash_pay_fen, t.medfee_sumamt_fen);
  const reasons = order.local.explanation.reduce((s, e) => s + e.amount_fen, 0);
  assert.equal(reasons, t.patient_share_fen);
  assert.ok(order.local.explanation.some((e) => e.reason === 'class_c'));
  assert.ok(order.local.explanation.some((e) => e.reason === 'b_self_pay_first'));
  assert.match(order.consent_text, /^Autorizzo/);
  const paid = await c.pay(order.order.order_id, (c.createGrant(order)).grant);
  assert.equal(c.openReceipt(paid.sealed_receipt).receipt.total, t.medfee_sumamt_fen);
  await rejects(c.pay(order.order.order_id, (c.createGrant(order)).grant), 409, 'order.already_paid');
  await rejects(c.createOrder({ kind: 'outpatient_payment', prescription_id: prescriptions[0].id }), 409, 'order.already_paid');
  // Another patient cannot pay or see this patient's order.
  const stranger = await enrolled('P-0001', 'Zhang Wei');
  await rejects(stranger.pay(order.order.order_id, 'v4.public.x'), 404, 'order.unknown');
});

test('static files: the web demo, the glue and the wasm, nothing else', async () => {
  const get = (p) => fetch(backend.url + p);
  let r = await fetch(`${backend.url}/`, { redirect: 'manual' });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), '/web/');
  r = await get('/web/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  r = await get('/js-glue/dist/medins.wasm');
  assert.equal(r.headers.get('content-type'), 'application/wasm');
  r = await get('/js-glue/src/browser.mjs');
  assert.match(r.headers.get('content-type'), /javascript/);
  for (const p of ['/js-glue/dist/index.cjs', '/js-glue/src/../package.json', '/web/%2e%2e/hospital-backend/data/keys.json', '/package.json'])
    assert.equal((await get(p)).status, 404, p);
});

test('coverage and complaints: the insurer-signed credential verifies; a complaint is opened once, only from its own patient, and moved on only as the phone allows', async () => {
  const c = await enrolled();
  const cov = await c.coverage();
  assert.equal(cov.coverage.sub, 'P-0001');
  assert.equal(cov.active, true);
  assert.equal(cov.kid, sdk.keyId({ key: c.config.keys.coverage[0] }).id);

  const made = c.createComplaint({ category: 'long_wait', facts: { text: '等了两个小时', hospital: c.config.hospital.id },
    evidence: { booking: { slot_start: 1767225600, seen_at: 1767232800 } } });
  // Sent by another patient's session: the identity inside names P-0001.
  const other = await enrolled('P-0002', 'Maria Rossi');
  await rejects(other.sendComplaint(made.sealed), 403, 'complaint.not_yours');
  const sent = await c.sendComplaint(made.sealed);
  assert.equal(sent.complaint_id, made.complaint_id);
  assert.equal(sent.state, 'registered');
  await rejects(c.sendComplaint(made.sealed), 409, 'complaint.already_sent');

  const advance = (state, staff = backend.staffToken) => c.api('POST', '/api/insurer/complaints/advance', {
    auth: false, headers: { authorization: `Staff ${staff}` }, body: { complaint_id: made.complaint_id, state } });
  await rejects(advance('level_2', 'not-the-token'), 401, 'complaint.not_staff');
  assert.equal((await advance('level_2')).state, 'level_2');
  await rejects(advance('level_1'), 400, 'status.impossible_transition');  // levels only rise
  const notes = await c.syncStatus('en');
  const states = notes.filter((n) => n.type === 'complaint').map((n) => n.state);
  assert.deepEqual(states, ['submitted', 'registered', 'level_2'], 'the refused change was never sent');
});
