// The op cases of the bench, built once with the wasm SDK (keys, tokens, bills)
// and written to a file that both contestants (bench/ops.mjs in wasm,
// build/bench/bench/medins_bench natively) time with the same inputs.
// Every case is {name, op, input: "<json text>", now}; `ops` (the op names the
// module serves) decides which cases exist — the rest are "not yet available".
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
  const add = (name, op, input) => cases.push({ name, op, input: JSON.stringify(input), now: NOW });
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
  if (need('token.issue public (64 B)', 'keys.generate', 'token.issue'))
    add('token.issue public (64 B)', 'token.issue', { purpose: 'public', key: sec, payload: payloadOf(64) });
  if (need('token.verify public (64 B)', 'keys.generate', 'token.issue', 'token.verify')) {
    const { token } = sdk.call('token.issue', { purpose: 'public', key: sec, payload: payloadOf(64) });
    add('token.verify public (64 B)', 'token.verify', { token, key: pub });
    const nonce = 'A'.repeat(43);
    const { token: lt } = sdk.call('token.issue', { purpose: 'local', key: local, payload: payloadOf(1024), nonce });
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
  // Grants: a device wrapped with a platform key (a PIN would time Argon2id,
  // the unlock cost, not the op). grant.verify repeats one grant: every call
  // after the first runs every check and ends as grant.replayed — the same work.
  let device, idToken, issuer;
  if (need('grant.create', 'device.create', 'identity.issue', 'grant.create')) {
    const platformKey = Buffer.alloc(32, 7).toString('base64url');
    device = sdk.call('device.create', { platform_key: platformKey });
    issuer = sdk.call('keys.generate', { type: 'public' });
    ({ token: idToken } = sdk.call('identity.issue', {
      key: issuer.secret, device: device.public, now: NOW, claims: { aud: 'bench', sub: 'patient-1' } }));
    const order = { order_id: 'BJ-1', payee: 'hospital:1', lines: [{ code: 'A', quantity: 1, unit_price_fen: 6160 }],
      amounts: { fund_fen: 4128, account_fen: 1000, cash_fen: 1032 } };
    const createInput = { device: device.device, platform_key: platformKey, identity_token: idToken, order,
      scope: 'outpatient_payment', amounts: order.amounts, consent_text: 'I agree', now: NOW };
    add('grant.create', 'grant.create', createInput);
    if (need('grant.verify', 'grant.verify')) {
      const { grant } = sdk.call('grant.create', createInput);
      add('grant.verify', 'grant.verify', { grant, identity_token: idToken, keys: [issuer.public], audience: 'bench',
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
    add('receipt.open', 'receipt.open', { sealed: seal(0), key: dev.secret, issuers: [{ key: hospital.public, hospital: 'hospital:1' }] });
    if (need('wallet list/verify 1,000 receipts', 'wallet.add', 'wallet.list', 'wallet.verify')) {
      let wallet = null;
      for (let i = 0; i < 1000; i++)
        wallet = sdk.call('wallet.add', { wallet, sealed: seal(i), key: dev.secret, issuers: [{ key: hospital.public, hospital: 'hospital:1' }] }).wallet;
      add('wallet.list 1,000 receipts', 'wallet.list', { wallet, key: dev.secret });
      add('wallet.verify 1,000 receipts', 'wallet.verify', { wallet, key: dev.secret });
    }
    if (scaling && ops.has('wallet.add')) {
      // wallet.add at n entries: the whole wallet in and out, and the append
      // form (head + last record) a store uses. Built with the append form,
      // which costs the same at every size.
      const entries = [];
      let head = null;
      const base = { key: dev.secret, issuers: [hospital.public] };
      for (const n of [10, 300, 1000, 10000]) {
        while (entries.length < n) {
          const input = { ...base, sealed: seal(entries.length) };
          const out = head === null ? sdk.call('wallet.add', input) : sdk.call('wallet.add', { ...input, head, last: entries.at(-1) });
          entries.push(out.record);
          head = out.head;
        }
        const sealed = seal(n);
        add(`scale: wallet.add whole wallet of ${n}`, 'wallet.add', { ...base, sealed, wallet: { v: 1, head, entries: [...entries] } });
        add(`scale: wallet.add append form at ${n}`, 'wallet.add', { ...base, sealed, head, last: entries.at(-1) });
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
