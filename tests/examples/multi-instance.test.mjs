// Two backend processes against one private redis-server (Debian's package,
// installed by scripts/setup.sh) that speaks only TLS, each with its own data
// folder holding only the keys: every record and claim is in Redis. Requests
// for the same things are split across both at once, and nothing is lost or
// done twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { load } from 'medins';
import { PatientClient } from '../../examples/web/client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REDIS = process.env.REDIS_SERVER || '/usr/bin/redis-server';
const haveRedis = spawnSync(REDIS, ['--version']).status === 0;
const skip = haveRedis ? false : `no redis-server at ${REDIS} (scripts/setup.sh installs Debian's redis-server)`;
const children = [];
let dir, redisUrl, a, b, sdk;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Spawns a process and resolves with the first stdout line matching `re` (or rejects on exit / timeout). */
function startProcess(cmd, args, env, re) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start in time:\n${out}`)), 20000);
    const onData = (d) => {
      out += d;
      const m = re.exec(out);
      if (m) { clearTimeout(timer); resolve(m); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => { out += d; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${cmd} exited (${code}):\n${out}`)); });
  });
}

// The backends trust the test's CA the way a deployment trusts a private one.
const backend = (dataDir) => startProcess(process.execPath, [join(root, 'examples', 'hospital-backend', 'server.mjs')],
  { PORT: '0', MEDINS_DATA_DIR: dataDir, REDIS_URL: redisUrl, NODE_EXTRA_CA_CERTS: join(dir, 'redis.crt') },
  /listening (http:\S+)/).then((m) => m[1]);

before(async () => {
  if (!haveRedis) return;
  dir = mkdtempSync(join(tmpdir(), 'medins-multi-'));
  // A self-signed certificate for 127.0.0.1, its own CA.
  const openssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'redis.key'), '-out', join(dir, 'redis.crt')]);
  assert.equal(openssl.status, 0, String(openssl.stderr));
  const port = await freePort();
  await startProcess(REDIS, ['--port', '0', '--tls-port', String(port), '--tls-cert-file', join(dir, 'redis.crt'),
    '--tls-key-file', join(dir, 'redis.key'), '--tls-ca-cert-file', join(dir, 'redis.crt'), '--tls-auth-clients', 'no',
    '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {}, /Ready to accept connections/);
  redisUrl = `rediss://127.0.0.1:${port}`;
  // The hospital's keys are the one thing not in Redis (secrets stay in a
  // file each instance is given): A makes them, B gets a copy.
  a = await backend(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  copyFileSync(join(dir, 'a', 'keys.json'), join(dir, 'b', 'keys.json'));
  b = await backend(join(dir, 'b'));
  sdk = await load();
});

after(async () => {
  for (const c of children.reverse()) {
    if (c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A patient enrolled through `url`, and the same patient (device, identity) talking to `other`. */
async function patient(id, name, url, other) {
  const here = new PatientClient({ sdk, baseUrl: url });
  await here.init();
  here.createDevice('135790');
  await here.enroll(id, name);
  const there = new PatientClient({ sdk, baseUrl: other });
  Object.assign(there, { config: here.config, policy: here.policy, flows: here.flows, device: here.device, session: here.session, identityToken: here.identityToken });
  return [here, there];
}

/** [fulfilled values, rejection codes] of promises run at once. */
async function settle(promises) {
  const results = await Promise.allSettled(promises);
  return [results.filter((r) => r.status === 'fulfilled').map((r) => r.value),
    results.filter((r) => r.status === 'rejected').map((r) => r.reason.code || String(r.reason))];
}

// The events a patient is served, read from their tokens (v4.public: the
// message, then a 64-byte signature; status.apply checks them in backend.test.mjs).
const eventsOf = async (client) => (await client.api('GET', '/api/status')).events
  .map((t) => JSON.parse(Buffer.from(t.split('.')[2], 'base64url').subarray(0, -64).toString('utf8')));

test('two instances, one Redis over TLS: bookings, payments, replays and events split across both, nothing lost or done twice', { skip }, async () => {
  const [zhangA, zhangB] = await patient('P-0001', '张伟', a, b);
  const [mariaB, mariaA] = await patient('P-0002', 'Maria Rossi', b, a);
  const health = await Promise.all([a, b].map(async (u) => (await fetch(`${u}/api/health`)).json()));
  assert.deepEqual(health.map((h) => [h.replay, h.store]), [['redis', 'redis'], ['redis', 'redis']]);
  assert.notEqual(health[0].instance, health[1].instance, 'two processes');
  const slots = (await zhangA.catalogue()).sites[0].departments[0].doctors.flatMap((d) => d.slots.map((s) => s.id));

  // Status seeding, asked for on both at once: the example events exist once.
  await settle([zhangA, zhangB, zhangA, zhangB].map((c) => c.api('GET', '/api/status')));
  assert.equal((await eventsOf(zhangB)).filter((e) => e.type === 'drug_protocol').length, 2);

  // Events appended from both: six orders at once, three per instance, six booking events.
  const made = await Promise.all(slots.slice(0, 6).map((slot, i) => (i % 2 ? zhangB : zhangA).createOrder({ kind: 'registration', slot_id: slot })));
  const requested = (await eventsOf(zhangA)).filter((e) => e.type === 'booking' && e.state === 'requested').map((e) => e.subject);
  assert.deepEqual(requested.sort(), made.map((o) => o.order.order_id).sort());

  // One slot, two patients, one on each instance, paying at once: one booking.
  const slot = slots[6];
  const [forZhang, forMaria] = await Promise.all([zhangA.createOrder({ kind: 'registration', slot_id: slot }), mariaB.createOrder({ kind: 'registration', slot_id: slot })]);
  const booking = await Promise.allSettled([zhangA.pay(forZhang.order.order_id, zhangA.createGrant(forZhang).grant),
    mariaB.pay(forMaria.order.order_id, mariaB.createGrant(forMaria).grant)]);
  assert.deepEqual(booking.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  assert.equal(booking.find((r) => r.status === 'rejected').reason.code, 'order.slot_taken');
  for (const c of [zhangB, mariaA]) assert.equal((await c.catalogue()).sites[0].departments[0].doctors.flatMap((d) => d.slots).find((s) => s.id === slot).available, false);
  // The refused payment held nothing back: its patient pays another slot.
  const [loserHere, loserThere] = booking[0].status === 'rejected' ? [zhangA, zhangB] : [mariaB, mariaA];
  const again = await loserHere.createOrder({ kind: 'registration', slot_id: slots[7] });
  await loserThere.pay(again.order.order_id, loserHere.createGrant(again).grant);

  // One grant sent three times to each instance at once: one payment.
  const { prescriptions } = await mariaA.prescriptions();
  const rx = await mariaA.createOrder({ kind: 'outpatient_payment', prescription_id: prescriptions[0].id });
  const { grant } = mariaA.createGrant(rx);
  let [paid, refused] = await settle([mariaA, mariaB, mariaA, mariaB, mariaA, mariaB].map((c) => c.pay(rx.order.order_id, grant)));
  assert.equal(paid.length, 1);
  assert.deepEqual(refused, Array(5).fill('grant.replayed'));
  // Two grants for one order, one per instance at once: one payment.
  const order = await zhangB.createOrder({ kind: 'registration', slot_id: slots[8] });
  [paid, refused] = await settle([zhangA.pay(order.order.order_id, zhangA.createGrant(order).grant), zhangB.pay(order.order.order_id, zhangB.createGrant(order).grant)]);
  assert.equal(paid.length, 1);
  assert.deepEqual(refused, ['order.already_paid']);

  // Every payment made is on the books once, seen alike from both instances.
  for (const [one, other] of [[zhangA, zhangB], [mariaA, mariaB]]) {
    const [ra, rb] = await Promise.all([one.receipts(), other.receipts()]);
    assert.deepEqual(ra, rb);
    const settled = (await eventsOf(other)).filter((e) => e.type === 'payment' && e.state === 'settled').map((e) => e.subject);
    const receipts = ra.sealed.map((s) => one.openReceipt(s).receipt.order_id);
    assert.deepEqual(settled.sort(), receipts.sort());
    assert.equal(new Set(receipts).size, receipts.length, 'no order paid twice');
    const me = await Promise.all([one.me(), other.me()]);
    assert.deepEqual(me[0], me[1]);
  }
  assert.equal((await zhangA.receipts()).sealed.length + (await mariaA.receipts()).sealed.length, 4);

  // Redis drops every client connection: both instances reconnect and go on.
  const admin = new Redis(redisUrl, { tls: { ca: readFileSync(join(dir, 'redis.crt')) } });
  try {
    const keys = await admin.keys('medins:replay:grant|*');
    assert.ok((await admin.pttl(keys[0])) > 86400 * 1000, 'grant claims outlive the grant');
    await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
  } finally {
    admin.disconnect();
  }
  const after = await Promise.all([zhangA.me(), zhangB.me()]);
  assert.deepEqual(after[0], after[1]);

  // Nothing but the keys in the data folders.
  for (const name of ['a', 'b']) assert.deepEqual(readdirSync(join(dir, name)), ['keys.json']);
});
