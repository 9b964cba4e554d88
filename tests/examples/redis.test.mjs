// Two backend processes sharing a data folder and a real redis-server (Debian's
// package, installed by scripts/setup.sh): a grant accepted by one is refused
// by the other, including when both get it at the same moment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'medins';
import { PatientClient, ApiError } from '../../examples/web/client.mjs';
import { redisClient } from '../../examples/hospital-backend/replay.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REDIS = process.env.REDIS_SERVER || '/usr/bin/redis-server';
const haveRedis = spawnSync(REDIS, ['--version']).status === 0;
const children = [];
let dataDir, redisUrl, a, b, sdk;

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

before(async () => {
  if (!haveRedis) return;
  dataDir = mkdtempSync(join(tmpdir(), 'medins-redis-'));
  const port = await freePort();
  await startProcess(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir],
    {}, /Ready to accept connections/);
  redisUrl = `redis://127.0.0.1:${port}`;
  const backend = () => startProcess(process.execPath, [join(root, 'examples', 'hospital-backend', 'server.mjs')],
    { PORT: '0', MEDINS_DATA_DIR: join(dataDir, 'backend'), REDIS_URL: redisUrl }, /listening (http:\S+)/);
  // Both start at once on an empty data folder: one set of keys is generated and both use it.
  [a, b] = (await Promise.all([backend(), backend()])).map((m) => m[1]);
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
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('two backend instances share the Redis replay store: a grant is accepted once', { skip: haveRedis ? false : `no redis-server at ${REDIS} (scripts/setup.sh installs Debian's redis-server)` }, async () => {
  const onA = new PatientClient({ sdk, baseUrl: a });
  await onA.init();
  onA.createDevice('135790');
  await onA.enroll('P-0001', '张伟');
  const onB = new PatientClient({ sdk, baseUrl: b });
  Object.assign(onB, { config: onA.config, policy: onA.policy, flows: onA.flows, device: onA.device, session: onA.session, identityToken: onA.identityToken });

  for (const url of [a, b]) {
    const h = await (await fetch(`${url}/api/health`)).json();
    assert.equal(h.replay, 'redis');
  }
  const [ha, hb] = await Promise.all([a, b].map(async (u) => (await (await fetch(`${u}/api/health`)).json()).instance));
  assert.notEqual(ha, hb, 'two processes');
  const [ca, cb] = await Promise.all([a, b].map(async (u) => (await fetch(`${u}/api/config`)).json()));
  assert.deepEqual(ca.keys, cb.keys, 'one set of keys');

  // Sequential: paid on A, the same grant to B is refused.
  const cat = await onA.catalogue();
  const slots = cat.sites[0].departments[0].doctors[0].slots;
  const first = await onA.createOrder({ kind: 'registration', slot_id: slots[0].id });
  const { grant } = onA.createGrant(first);
  const paid = await onA.pay(first.order.order_id, grant);
  assert.match(paid.authorization.number, /^\d{20}$/);
  await assert.rejects(onB.pay(first.order.order_id, grant), (e) => e instanceof ApiError && e.status === 409 && e.code === 'grant.replayed');
  await assert.rejects(onA.pay(first.order.order_id, grant), (e) => e instanceof ApiError && e.code === 'grant.replayed');

  // Concurrent: one grant sent to both at once, exactly one accepts it.
  const second = await onB.createOrder({ kind: 'registration', slot_id: slots[1].id });
  const { grant: g2 } = onB.createGrant(second);
  const results = await Promise.allSettled([onA.pay(second.order.order_id, g2), onB.pay(second.order.order_id, g2)]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r) => r.status === 'rejected');
  assert.equal(ok.length, 1, JSON.stringify(results.map((r) => r.reason?.code || 'ok')));
  assert.equal(refused[0].reason.code, 'grant.replayed');

  // What is in Redis: one key per accepted grant, with an expiry beyond the grant's life.
  const redis = redisClient(redisUrl);
  try {
    const keys = await redis.command('KEYS', 'medins:replay:grant|*');
    assert.equal(keys.length, 2);
    const ttl = await redis.command('PTTL', keys[0]);
    assert.ok(ttl > 86400 * 1000, `ttl ${ttl}`);
  } finally {
    await redis.close();
  }
});
