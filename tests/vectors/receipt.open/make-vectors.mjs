// Builds the receipt.* and wallet.* vectors with the native CLI from fixed
// seeds. Issuing and adding draw randomness, so the sealed receipts and the
// wallet are made once here and frozen into the files; every case in them is
// deterministic (opening, listing, verifying, and errors raised before any
// randomness is drawn), as vectors must be on every front end.
//   node tests/vectors/receipt.open/make-vectors.mjs [path/to/native/medins]
// Each case states the answer it must get; the script fails if the CLI
// disagrees, so a regenerated file never silently changes a contract.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.argv[2] ?? join(here, '..', '..', 'build', 'native', 'medins');

const call = (op, input) => {
  try {
    return JSON.parse(execFileSync(cli, [op], { input: JSON.stringify(input) }).toString());
  } catch (e) {
    if (e.status === 1) return JSON.parse(e.stdout.toString());
    throw e;
  }
};
const keypair = (byte) => call('keys.generate', { type: 'public', seed: Buffer.alloc(32, byte).toString('base64url') });
const files = {};
const ok = (op, name, input) => {
  const expected = call(op, input);
  if (expected.error) throw new Error(`${op} ${name}: ${JSON.stringify(expected.error)}`);
  (files[op] ??= []).push({ name, input, expected });
  return expected;
};
const err = (op, name, input, code) => {
  const out = call(op, input);
  if (out.error?.code !== code) throw new Error(`${op} ${name}: wanted ${code}, got ${JSON.stringify(out)}`);
  (files[op] ??= []).push({ name, input, error: code });
};

const hospital = keypair(0x31);
const device = keypair(0x32);
const other = keypair(0x33);
const issuers = [hospital.public];
const receipt = (i) => ({
  hospital: 'bj-h-001', invoice: `INV-${i}`, order_id: `ord-${i}`, authorization: `AUTH-${i}`,
  visit_date: `2026-0${1 + i}-15`, issued_at: 1767225600 + i,
  lines: [{ name: '挂号费', class: 'A', amount: 5000 }, { name: 'CT', class: 'B', amount: 30000 + i }],
  total: 35000 + i, fund: 21000, account: 4000, cash: 10000 + i,
});
const issue = (i, to = device.public) =>
  call('receipt.issue', { receipt: receipt(i), hospital_key: hospital.secret, recipient: to }).sealed;

// receipt.issue: errors raised before the ephemeral key is drawn.
const base = { hospital_key: hospital.secret, recipient: device.public };
err('receipt.issue', 'no receipt', base, 'receipt.bad_input');
err('receipt.issue', 'visit_date not a date', { ...base, receipt: { ...receipt(0), visit_date: '2026-02-30' } }, 'receipt.bad_input');
err('receipt.issue', 'fractional fen', { ...base, receipt: { ...receipt(0), cash: 10000.5 } }, 'receipt.bad_input');
err('receipt.issue', 'no lines', { ...base, receipt: { ...receipt(0), lines: [] } }, 'receipt.bad_input');
err('receipt.issue', 'fund + account + cash is not total', { ...base, receipt: { ...receipt(0), cash: 9999 } }, 'receipt.inconsistent');
err('receipt.issue', 'lines do not add up to total',
  { ...base, receipt: { ...receipt(0), lines: [{ name: 'x', class: 'A', amount: 1 }] } }, 'receipt.inconsistent');
err('receipt.issue', 'a public key as the hospital key', { ...base, receipt: receipt(0), hospital_key: hospital.public }, 'keys.wrong_key_type');
err('receipt.issue', 'recipient not a key', { ...base, receipt: receipt(0), recipient: 'k4.public.nope' }, 'keys.invalid_key');

// receipt.open: a frozen sealed receipt opens to the same answer everywhere.
const sealed = issue(0);
ok('receipt.open', 'opens on its device', { sealed, key: device.secret, issuers });
ok('receipt.open', 'opens with the issuer among rotated keys', { sealed, key: device.secret, issuers: [other.public, hospital.public] });
err('receipt.open', 'another device', { sealed, key: other.secret, issuers }, 'receipt.invalid');
const bytes = Buffer.from(sealed, 'base64url');
for (const at of [0, 31, 32, 48, bytes.length - 1]) {
  const flipped = Buffer.from(bytes);
  flipped[at] ^= 1;
  err('receipt.open', `one bit flipped at byte ${at}`, { sealed: flipped.toString('base64url'), key: device.secret, issuers }, 'receipt.invalid');
}
err('receipt.open', 'truncated', { sealed: sealed.slice(0, 60), key: device.secret, issuers }, 'receipt.invalid');
err('receipt.open', 'not base64url', { sealed: sealed + '=', key: device.secret, issuers }, 'receipt.invalid');
err('receipt.open', 'unknown issuer', { sealed, key: device.secret, issuers: [other.public] }, 'receipt.unknown_issuer');
err('receipt.open', 'no issuers', { sealed, key: device.secret, issuers: [] }, 'receipt.bad_input');
err('receipt.open', 'no key', { sealed, issuers }, 'receipt.bad_input');
err('receipt.open', 'a public key to open with', { sealed, key: device.public, issuers }, 'keys.wrong_key_type');

// The wallet: three receipts, frozen.
let wallet = null;
for (let i = 0; i < 3; i++) {
  const out = call('wallet.add', { wallet, sealed: issue(i), key: device.secret, issuers });
  if (out.error) throw new Error(JSON.stringify(out));
  wallet = out.wallet;
}
const w = { wallet, key: device.secret };
ok('wallet.verify', 'a valid wallet', { ...w, min_counter: 3 });
const entries = wallet.entries;
ok('wallet.verify', 'deleted', { ...w, wallet: { ...wallet, entries: [entries[0], entries[2]] } });
ok('wallet.verify', 'swapped', { ...w, wallet: { ...wallet, entries: [entries[1], entries[0], entries[2]] } });
const edited = Buffer.from(entries[1], 'base64url');
edited[100] ^= 1;
ok('wallet.verify', 'edited', { ...w, wallet: { ...wallet, entries: [entries[0], edited.toString('base64url'), entries[2]] } });
ok('wallet.verify', 'rolled back (min_counter)', { ...w, min_counter: 4 });
ok('wallet.verify', 'another device', { ...w, key: other.secret });
err('wallet.verify', 'no wallet', { key: device.secret }, 'wallet.bad_input');
err('wallet.verify', 'another wallet version', { ...w, wallet: { ...wallet, v: 2 } }, 'wallet.bad_input');

ok('wallet.list', 'all', w);
ok('wallet.list', 'filtered by date and amount', { ...w, from: '2026-02-01', to: '2026-12-31', max_total: 35001 });
err('wallet.list', 'a date that is not YYYY-MM-DD', { ...w, from: '2026-1-1' }, 'wallet.bad_input');
err('wallet.list', 'tampered', { ...w, wallet: { ...wallet, entries: [entries[1], entries[0], entries[2]] } }, 'wallet.invalid');
err('wallet.list', 'rolled back', { ...w, min_counter: 9 }, 'wallet.rolled_back');
ok('wallet.get', 'entry 1', { ...w, index: 1 });
err('wallet.get', 'past the end', { ...w, index: 3 }, 'wallet.not_found');
err('wallet.get', 'negative index', { ...w, index: -1 }, 'wallet.bad_input');
ok('wallet.summary', 'per year', w);
const head = Buffer.from(wallet.head, 'base64url');
head[20] ^= 1;
err('wallet.summary', 'forged head', { ...w, wallet: { ...wallet, head: head.toString('base64url') } }, 'wallet.invalid');
err('wallet.export', 'past the end', { ...w, index: 7, to: other.public }, 'wallet.not_found');
err('wallet.export', 'recipient not a key', { ...w, index: 0, to: 'k4.public.x' }, 'keys.invalid_key');
err('wallet.add', 'the same invoice again', { ...w, sealed: issue(1), issuers }, 'wallet.duplicate');
err('wallet.add', 'sealed to another device', { ...w, sealed: issue(5, other.public), issuers }, 'receipt.invalid');
err('wallet.add', 'rolled back', { ...w, sealed: issue(5), issuers, min_counter: 4 }, 'wallet.rolled_back');
err('wallet.add', 'no sealed', { ...w, issuers }, 'wallet.bad_input');

for (const [op, cases] of Object.entries(files)) {
  mkdirSync(join(here, op), { recursive: true });
  writeFileSync(join(here, op, 'cases.json'), JSON.stringify(cases, null, 1) + '\n');
  console.log(`${op}: ${cases.length} cases`);
}
