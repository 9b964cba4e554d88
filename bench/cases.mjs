// The op cases of the bench, built once with the wasm SDK (keys, tokens, bills)
// and written to a file that both contestants (bench/ops.mjs in wasm,
// build/bench/bench/medins_bench natively) time with the same inputs.
// Every case is {name, op, input: "<json text>", now, setup?: {op, input:
// "<json text>", field}}; with `setup`, the contestant first calls setup.op in
// its own process (device sessions and prepared policies live inside the
// core) and times the op with the output's `field` added to the input.
// `ops` (the op names the module serves)
// decides which cases exist — the rest are "not yet available".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib.mjs';

const NOW = 1767225600;

/** Estimate input with `n` bill lines, cycled from the example vectors. */
export function estimateInput(n) {
  const examples = JSON.parse(readFileSync(join(root, 'tests/vectors/estimate/examples.json'), 'utf8'));
  const base = structuredClone(examples[0].input);
  const pool = examples.filter((e) => e.input.bill.visit.type === base.bill.visit.type)
    .flatMap((e) => e.input.bill.lines);
  base.bill.lines = Array.from({ length: n }, (_, i) => ({ ...pool[i % pool.length], code: `L${i}` }));
  return base;
}

const payloadOf = (bytes) => JSON.stringify({ sub: 'p', data: 'x'.repeat(Math.max(0, bytes - 20)) });

/**
 * Returns {cases, missing}: cases to time, and the names of rows whose op does
 * not exist yet. `scaling` adds the input-size sweeps of docs/performance.md.
 */
export function buildCases(sdk, { scaling = false } = {}) {
  const ops = new Set(sdk.call('version', {}).ops);
  const cases = [];
  const missing = [];
  const add = (name, op, input, setup) => cases.push({ name, op, input: JSON.stringify(input), now: NOW,
    ...(setup && { setup: { ...setup, input: JSON.stringify(setup.input) } }) });
  const session = (unlockInput) => ({ op: 'device.unlock', input: unlockInput, field: 'session' });
  const need = (name, ...required) => {
    const absent = required.filter((o) => !ops.has(o));
    if (absent.length) missing.push({ name, absent });
    return absent.length === 0;
  };

  // Tokens (PASETO v4): public = Ed25519 + PAE, local = XChaCha20 + keyed BLAKE2b.
  let pub, sec, local;
  if (ops.has('keys.generate')) {
    ({ public: pub, secret: sec } = sdk.call('keys.generate', { type: 'public' }));
    ({ local } = sdk.call('keys.generate', { type: 'local' }));
  }
  // The cost of any call: JSON in and out, UTF-8 through the glue, the stack
  // wipe after the call; keys.id adds one BLAKE2b of 32 bytes.
  if (need('keys.id (per-call floor)', 'keys.generate', 'keys.id')) add('keys.id (per-call floor)', 'keys.id', { key: pub });
  if (need('token.issue public (64 B)', 'keys.generate', 'token.issue'))
    add('token.issue public (64 B)', 'token.issue', { purpose: 'public', key: sec, payload: payloadOf(64) });
  if (need('token.verify public (64 B)', 'keys.generate', 'token.issue', 'token.verify')) {
    const { token } = sdk.call('token.issue', { purpose: 'public', key: sec, payload: payloadOf(64) });
    add('token.verify public (64 B)', 'token.verify', { token, key: pub });
    const { token: lt } = sdk.call('token.issue', { purpose: 'local', key: local, payload: payloadOf(1024) });
    add('token.verify local (1 KiB)', 'token.verify', { token: lt, key: local });
  }
  if (need('keys.unseal (k4.seal)', 'keys.seal', 'keys.unseal')) {
    const { sealed } = sdk.call('keys.seal', { key: local, to: pub });
    add('keys.unseal (k4.seal)', 'keys.unseal', { sealed, key: sec });
  }
  const identity = (nkeys) => {
    const keys = [];
    let signer;
    for (let i = 0; i < nkeys; i++) {
      const k = sdk.call('keys.generate', { type: 'public' });
      keys.push(k.public);
      if (i === nkeys - 1) signer = k.secret;
    }
    const { token } = sdk.call('identity.issue', {
      key: signer, claims: { aud: 'bench', sub: 'patient-1', iss: 'hospital' }, now: NOW });
    return { token, keys, audience: 'bench', now: NOW };
  };
  if (need('identity.verify', 'identity.issue', 'identity.verify'))
    add('identity.verify (1 key)', 'identity.verify', identity(1));
  else missing[missing.length - 1].name = 'identity.verify (1 key)';

  for (const n of [10, 100, 1000]) {
    if (need(`estimate ${n} lines`, 'estimate')) add(`estimate ${n} lines`, 'estimate', estimateInput(n));
  }
  if (ops.has('policy.prepare')) {
    const { policy, ...rest } = estimateInput(100);
    add('estimate 100 lines (prepared policy)', 'estimate', rest, { op: 'policy.prepare', input: { policy }, field: 'policy_handle' });
  }
  // Grants: a device wrapped with a platform key (a PIN would time Argon2id,
  // the unlock cost, not the op; device.unlock with a PIN times that once).
  // grant.verify repeats one grant: every call after the first runs every
  // check and ends as grant.replayed — the same work.
  const platformKey = Buffer.alloc(32, 7).toString('base64url');
  const pinDevice = ops.has('device.create') ? sdk.call('device.create', { pin: '493817' }) : null;
  if (need('device.unlock', 'device.create', 'device.unlock')) {
    add('device.unlock (PIN: Argon2id 19 MiB, 2 passes)', 'device.unlock', { device_key: pinDevice.device, unlock: { pin: '493817' } });
  }
  let device, idToken, issuer;
  if (need('grant.create', 'device.create', 'identity.issue', 'grant.create')) {
    device = sdk.call('device.create', { platform_key: platformKey });
    issuer = sdk.call('keys.generate', { type: 'public' });
    ({ token: idToken } = sdk.call('identity.issue', {
      key: issuer.secret, device: device.public, now: NOW, claims: { aud: 'bench', sub: 'patient-1' } }));
    const order = { order_id: 'BJ-1', payee: 'hospital:1', lines: [{ code: 'A', quantity: 1, unit_price_fen: 6160 }],
      amounts: { fund_fen: 4128, account_fen: 1000, cash_fen: 1032 } };
    const unlock = { device_key: device.device, unlock: { platform_key: platformKey } };
    const grant = { identity_token: idToken, order, scope: 'outpatient_payment', amounts: order.amounts,
      consent_text: 'I agree', now: NOW };
    add('grant.create', 'grant.create', { ...unlock, ...grant });
    if (ops.has('device.unlock')) add('grant.create (session)', 'grant.create', grant, session(unlock));
    if (need('grant.verify', 'grant.verify')) {
      const { grant: signed } = sdk.call('grant.create', { ...unlock, ...grant });
      add('grant.verify', 'grant.verify', { grant: signed, identity_token: idToken, keys: [issuer.public], audience: 'bench',
        order, scope: 'outpatient_payment', consent_text: 'I agree', now: NOW + 1 });
    }
  } else need('grant.verify', 'grant.verify');

  // Receipts and the wallet, opened with a k4.secret device key (no unlock cost).
  if (need('receipt.open', 'receipt.issue', 'receipt.open')) {
    const hospital = sdk.call('keys.generate', { type: 'public' });
    const dev = sdk.call('keys.generate', { type: 'public' });
    const receipt = (i) => ({ hospital: 'hospital:1', invoice: `INV-${i}`, order_id: `O-${i}`, visit_date: '2026-01-01',
      lines: [{ name: 'consultation', class: 'A', amount: 6160 }], total: 6160, fund: 4128, account: 1000, cash: 1032 });
    const seal = (i) => sdk.call('receipt.issue', { receipt: receipt(i), hospital_key: hospital.secret, recipient: dev.public, now: NOW }).sealed;
    const issuers = [{ key: hospital.public, hospital: 'hospital:1' }];
    add('receipt.open', 'receipt.open', { sealed: seal(0), key: dev.secret, issuers });
    if (ops.has('device.unlock')) {
      // The same receipt sealed to a device key, opened through a session.
      const box = sdk.call('device.create', { platform_key: platformKey });
      const sealed = sdk.call('receipt.issue', { receipt: receipt(0), hospital_key: hospital.secret, recipient: box.public, now: NOW }).sealed;
      add('receipt.open (session)', 'receipt.open', { sealed, issuers }, session({ device_key: box.device, unlock: { platform_key: platformKey } }));
    }
    // Wallets are built with the append form (head + last record), which
    // costs the same at every size; the whole-wallet form would pass the
    // growing wallet in and out on every add.
    const base = { key: dev.secret, issuers };
    const entries = [];
    const heads = [];
    const walletOf = (n) => {  // the wallet of the first n receipts
      while (entries.length < n) {
        const input = { ...base, sealed: seal(entries.length) };
        const out = entries.length === 0 ? sdk.call('wallet.add', input)
          : sdk.call('wallet.add', { ...input, head: heads.at(-1), last: entries.at(-1) });
        entries.push(out.record);
        heads.push(out.head);
      }
      return { v: 1, head: heads[n - 1], entries: entries.slice(0, n) };
    };
    if (need('wallet list/verify 1,000 receipts', 'wallet.add', 'wallet.list', 'wallet.verify')) {
      const wallet = walletOf(1000);
      add('wallet.list 1,000 receipts', 'wallet.list', { wallet, key: dev.secret });
      add('wallet.verify 1,000 receipts', 'wallet.verify', { wallet, key: dev.secret });
    }
    if (scaling && ops.has('wallet.add')) {
      // wallet.add at n entries: the whole wallet in and out, and the append
      // form a store uses.
      for (const n of [10, 300, 1000, 10000]) {
        const wallet = walletOf(n);
        const sealed = seal(n);
        add(`scale: wallet.add whole wallet of ${n}`, 'wallet.add', { ...base, sealed, wallet });
        add(`scale: wallet.add append form at ${n}`, 'wallet.add', { ...base, sealed, head: wallet.head, last: wallet.entries.at(-1) });
      }
    }
  } else need('wallet list/verify 1,000 receipts', 'wallet.verify');

  if (scaling) {
    for (const n of [10, 100, 1000, 10000])
      if (ops.has('estimate')) add(`scale: estimate ${n} lines`, 'estimate', estimateInput(n));
    for (const bytes of [100, 1000, 10000, 100000]) {
      if (!ops.has('token.verify')) break;
      const { token } = sdk.call('token.issue', { purpose: 'public', key: sec, payload: payloadOf(bytes) });
      add(`scale: token.verify public ${bytes} B`, 'token.verify', { token, key: pub });
    }
    for (const n of [1, 8, 64]) {
      if (!ops.has('identity.verify')) break;
      add(`scale: identity.verify keyset ${n}`, 'identity.verify', identity(n));
    }
  }
  return { cases, missing };
}
