// The reference backend's settlement adapter (examples/hospital-backend/
// settlement/): a hospital's own rail, injected, is what the payment route
// pre-settles and settles through, and its refusals leave nothing paid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'medins';
import { startBackend } from '../../examples/hospital-backend/server.mjs';
import { SettlementRefused } from '../../examples/hospital-backend/settlement/index.mjs';
import { PatientClient } from '../../examples/web/client.mjs';
import { rejects } from '../support/api-rejects.mjs';

let sdk, dataDir, backend;
const calls = [];
// What the next call answers: the test switches the rail's behaviour.
let mode = 'ok';

const rail = {
  name: 'recording',
  async preSettle(req) {
    calls.push(['preSettle', req.order.order_id, req.authorization.number, req.rail]);
    const a = req.order.amounts;
    if (mode === 'differ') return { fund_fen: a.fund_fen - 100, account_fen: a.account_fen, cash_fen: a.cash_fen + 100 };
    return { ...a, setl_preview: 'from 2206' };
  },
  async settle(req, figures) {
    calls.push(['settle', req.order.order_id, figures.setl_preview]);
    if (mode === 'refuse') throw new SettlementRefused('settlement.refused', 'insurer refused: account frozen');
    if (mode === 'down') throw new Error('ECONNRESET');
    if (mode === 'wrong') return { insurer_ref: 'X', fund_fen: 1, account_fen: figures.account_fen, cash_fen: figures.cash_fen };
    return { insurer_ref: `RAIL-${calls.length}`, fund_fen: figures.fund_fen, account_fen: figures.account_fen, cash_fen: figures.cash_fen, cash_method: 'none', mdtrt_id: 'M1' };
  },
  async reverse(req, settled) { calls.push(['reverse', req.order.order_id, settled.insurer_ref]); },
};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'medins-settlement-'));
  backend = await startBackend({ port: 0, dataDir, redisUrl: '', log: null, settlement: rail });
  sdk = await load();
});

after(async () => {
  await backend?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function enrolled() {
  const c = new PatientClient({ sdk, baseUrl: backend.url });
  await c.init();
  c.createDevice('246810');
  await c.enroll('P-0001', '张伟');
  return c;
}

test('the injected rail settles: its reference is on the settlement and the receipt; refusals leave the order payable and the slot free', async () => {
  const c = await enrolled();
  assert.equal(backend.settlementKind, 'recording');
  assert.equal((await c.api('GET', '/api/health', { auth: false })).settlement, 'recording');
  const slot = (await c.catalogue()).sites[0].departments[0].doctors[0].slots[0];
  const order = await c.createOrder({ kind: 'registration', slot_id: slot.id, lang: 'en' });
  const id = order.order.order_id;

  // Refused by the insurer: 402 with the rail's code, nothing paid, slot free.
  for (const [m, status, code] of [['refuse', 402, 'settlement.refused'], ['down', 502, 'settlement.unavailable'],
    ['differ', 409, 'settlement.figures_differ'], ['wrong', 402, 'settlement.inconsistent']]) {
    mode = m;
    calls.length = 0;
    await rejects(c.pay(id, c.createGrant(order).grant, { pay_auth_code: 'AUTH-1' }), status, code);
    assert.deepEqual(calls[0], ['preSettle', id, calls[0][2], { pay_auth_code: 'AUTH-1' }]);
    assert.match(calls[0][2], /^\d{20}$/);
    assert.equal(calls.some((x) => x[0] === 'reverse'), m === 'wrong', m);
    const cat = await c.catalogue();
    assert.equal(cat.sites[0].departments[0].doctors[0].slots[0].available, true, m);
    assert.equal((await c.receipts()).sealed.length, 0, m);
    assert.equal((await c.me()).accumulators.account_balance_fen, 30000, m);
  }

  // The same order with a new grant, the rail accepting: paid through it.
  mode = 'ok';
  calls.length = 0;
  const paid = await c.pay(id, c.createGrant(order).grant);
  assert.deepEqual(calls.map((x) => x[0]), ['preSettle', 'settle']);
  assert.equal(calls[1][2], 'from 2206', 'settle gets the pre-settled figures');
  assert.equal(paid.settlement.insurer_ref, 'RAIL-2');
  assert.equal(paid.settlement.mdtrt_id, 'M1');
  assert.equal(c.openReceipt(paid.sealed_receipt).receipt.insurer_ref, 'RAIL-2');
  await rejects(c.pay(id, c.createGrant(order).grant), 409, 'order.already_paid');
  assert.equal((await c.catalogue()).sites[0].departments[0].doctors[0].slots[0].available, false);
});

test('the rail is chosen by configuration: a module path with createSettlement, checked at start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medins-rail-'));
  try {
    const path = join(dir, 'rail.mjs');
    writeFileSync(path, `export function createSettlement({ hospital }) {
      return { name: 'file-' + hospital.id, async preSettle({ order }) { return order.amounts; },
        async settle(req, f) { return { ...f, insurer_ref: 'F-1', cash_method: 'none' }; } };
    }\n`);
    const b = await startBackend({ port: 0, dataDir: join(dir, 'data'), redisUrl: '', log: null, settlement: path });
    assert.match(b.settlementKind, /^file-/);
    await b.close();
    await assert.rejects(startBackend({ port: 0, dataDir: join(dir, 'data'), redisUrl: '', log: null, settlement: { name: 'half', async settle() {} } }),
      /preSettle\(\) is missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
