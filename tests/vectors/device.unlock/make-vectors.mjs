// Builds the device-key vectors with the native CLI: device.unlock and
// device.lock, the session cases of every op that takes the device key, and
// device_key + unlock (and the deprecated device + pin) where they are new.
// device.create, receipt.issue, code.provision and wallet.add draw
// randomness, so the device, the sealed receipt and code secret and the
// wallet are made once here and frozen into the files. The device is a PIN
// device at 1 MiB / 1 pass of Argon2id, as device.create made them before
// OWASP's floor (the files were made so; it refuses that cost now, opening
// still takes it): every case here opens it, several times in the session
// cases, cheaply even in JavaScriptCore without JIT.
//   node tests/vectors/device.unlock/make-vectors.mjs [path/to/native/medins]
// Each case states the answer it must get; the script fails if the CLI
// disagrees. A session cannot outlive one CLI process, so the cases that use
// one are cases of steps (tests/sdk/call/vectors_test.cpp), run by the C++ and
// JS APIs on one instance of the core; their answers are the PIN's.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCli } from '../native-cli.mjs';
import { preFloorPinDevice } from '../../support/pre-floor-device.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const NOW = 1767225600;

const call = (op, input) => callCli(op, input, { MEDINS_TEST_NOW: String(NOW) });
const must = (op, input) => {
  const out = call(op, input);
  if (out.error) throw new Error(`${op}: ${JSON.stringify(out.error)}`);
  return out;
};
const files = {};
const add = (op, file, c) => ((files[`${op}/${file}`] ??= []).push(c), c);
const ok = (op, file, name, input) => add(op, file, { name, input, expected: must(op, input) });
const err = (op, file, name, input, code) => {
  const out = call(op, input);
  if (out.error?.code !== code) throw new Error(`${op} ${name}: wanted ${code}, got ${JSON.stringify(out)}`);
  return add(op, file, { name, input, error: code });
};

const PIN = '246813';
const seed = (byte) => Buffer.alloc(32, byte).toString('base64url');
const hospital = must('keys.generate', { type: 'public', seed: seed(0x41) });
const idp = must('keys.generate', { type: 'public', seed: seed(0x42) });
const device = preFloorPinDevice(PIN);
const locked = { device_key: device.device, unlock: { pin: PIN } };
const issuers = [{ key: hospital.public, hospital: 'bj-h-001' }];
const receipt = {
  hospital: 'bj-h-001', invoice: 'INV-S1', order_id: 'ord-s1', authorization: 'AUTH-S1', visit_date: '2026-01-15',
  issued_at: NOW, lines: [{ name: 'CT', class: 'B', amount: 30000 }], total: 30000, fund: 20000, account: 0, cash: 10000,
};
const sealed = must('receipt.issue', { receipt, hospital_key: hospital.secret, recipient: device.public }).sealed;
const wallet = must('wallet.add', { sealed, issuers, ...locked }).wallet;
const code = must('code.provision', { device: device.public, key_index: 4242 });
const token = must('identity.issue', { key: idp.secret, now: NOW, device: device.public, claims: { aud: 'wx-app-1', sub: 'patient-1' } }).token;
const UNKNOWN = 'AAAAAAAAAAAAAAAAAAAAAA';

// device.unlock and device.lock: refusals, the same on every front end.
err('device.unlock', 'cases.json', 'wrong PIN', { device_key: device.device, unlock: { pin: '135790' } }, 'device.wrong_secret');
err('device.unlock', 'cases.json', 'ttl_s 0', { ...locked, ttl_s: 0 }, 'device.bad_input');
err('device.unlock', 'cases.json', 'ttl_s above 3600', { ...locked, ttl_s: 3601 }, 'device.bad_input');
err('device.unlock', 'cases.json', 'ttl_s not an integer', { ...locked, ttl_s: 30.5 }, 'device.bad_input');
err('device.unlock', 'cases.json', 'the PIN beside device_key, not in unlock', { device_key: device.device, pin: PIN }, 'device.bad_input');
err('device.unlock', 'cases.json', 'both pin and platform_key', { device_key: device.device, unlock: { pin: PIN, platform_key: seed(1) } }, 'device.bad_input');
err('device.unlock', 'cases.json', 'a session instead of the key', { session: UNKNOWN }, 'device.bad_input');
err('device.unlock', 'cases.json', 'unknown blob version', { ...locked, device_key: device.device.replace('.v1.', '.v2.') }, 'device.invalid_blob');
err('device.lock', 'cases.json', 'a session never opened', { session: UNKNOWN }, 'device.unknown_session');
err('device.lock', 'cases.json', 'not a session id', { session: 'medins' }, 'device.unknown_session');
err('device.lock', 'cases.json', 'session not a string', { session: 7 }, 'device.bad_input');
err('device.lock', 'cases.json', 'no session', {}, 'device.bad_input');

// Each op that takes the device key: device_key + unlock (the PIN's answer),
// an unknown session, and the forms that do not mix.
const opened = ok('receipt.open', 'device-key.json', 'device_key with a 6-digit PIN', { sealed, issuers, ...locked }).expected;
err('receipt.open', 'device-key.json', 'an unknown session', { sealed, issuers, session: UNKNOWN }, 'device.unknown_session');
err('receipt.open', 'device-key.json', 'session beside key', { sealed, issuers, session: UNKNOWN, key: hospital.secret }, 'receipt.bad_input');
err('receipt.open', 'device-key.json', 'session beside device_key', { sealed, issuers, session: UNKNOWN, ...locked }, 'receipt.bad_input');
err('receipt.open', 'device-key.json', 'the deprecated names are not for receipts', { sealed, issuers, device: device.device, pin: PIN }, 'receipt.bad_input');
const listed = ok('wallet.list', 'device-key.json', 'device_key with a 6-digit PIN', { wallet, ...locked }).expected;
err('wallet.list', 'device-key.json', 'an unknown session', { wallet, session: UNKNOWN }, 'device.unknown_session');
err('wallet.verify', 'device-key.json', 'an unknown session', { wallet, session: UNKNOWN }, 'device.unknown_session');
err('wallet.add', 'device-key.json', 'an unknown session', { wallet, sealed, issuers, session: UNKNOWN }, 'device.unknown_session');
const codeIn = { sealed: code.sealed, key_index: 4242, now: NOW + 7 };
const generated = ok('code.generate', 'device-key.json', 'device_key with a 6-digit PIN', { ...codeIn, ...locked }).expected;
ok('code.generate', 'device-key.json', 'device and pin (deprecated) give the same code', { ...codeIn, device: device.device, pin: PIN });
err('code.generate', 'device-key.json', 'an unknown session', { ...codeIn, session: UNKNOWN }, 'device.unknown_session');
err('code.generate', 'device-key.json', 'device and device_key both', { ...codeIn, ...locked, device: device.device }, 'code.bad_input');
err('code.generate', 'device-key.json', 'a session with a PIN', { ...codeIn, session: UNKNOWN, unlock: { pin: PIN } }, 'code.bad_input');
const proofIn = { method: 'POST', url: 'https://hospital.example/api/book', token, now: NOW };
err('device.proof', 'device-key.json', 'device_key with a wrong PIN', { ...proofIn, device_key: device.device, unlock: { pin: '135790' } }, 'device.wrong_secret');
err('device.proof', 'device-key.json', 'an unknown session', { ...proofIn, session: UNKNOWN }, 'device.unknown_session');
err('device.proof', 'device-key.json', 'device_key without unlock', { ...proofIn, device_key: device.device }, 'device.bad_input');
const order = { order_id: 'ord-s1', payee: 'hospital:110105001', lines: [{ code: '250101001', quantity: 1, unit_price_fen: 150 }], amounts: { fund_fen: 100, account_fen: 0, cash_fen: 50 } };
const grantIn = { identity_token: token, order, scope: 'outpatient_payment', amounts: order.amounts, consent_text: 'ok', now: NOW };
err('grant.create', 'device-key.json', 'device_key with a wrong PIN', { ...grantIn, device_key: device.device, unlock: { pin: '135790' } }, 'device.wrong_secret');
err('grant.create', 'device-key.json', 'an unknown session', { ...grantIn, session: UNKNOWN }, 'device.unknown_session');
err('grant.create', 'device-key.json', 'no device key at all', grantIn, 'grant.bad_input');

// Sessions: steps on one instance of the core.
const steps = (name, list) => add('device.unlock', 'sessions.json', { name, steps: list });
const unlockStep = (extra = {}, save = 'session') =>
  ({ op: 'device.unlock', input: { ...locked, ...extra }, expected: { session: `$${typeof save === 'string' ? save : Object.keys(save)[0]}`, expires: NOW + (extra.ttl_s ?? 300) }, save });
const S = '$session';
steps('one unlock serves every op until device.lock', [
  unlockStep(),
  { op: 'receipt.open', input: { sealed, issuers, session: S }, expected: opened },
  { op: 'wallet.list', input: { wallet, session: S }, expected: listed },
  { op: 'code.generate', input: { ...codeIn, session: S }, expected: generated },
  { op: 'device.lock', input: { session: S }, expected: { locked: true } },
  { op: 'receipt.open', input: { sealed, issuers, session: S }, error: 'device.unknown_session' },
  { op: 'device.lock', input: { session: S }, error: 'device.unknown_session' },
]);
steps('a session expires on the core clock, not at an op\'s now', [
  unlockStep({ ttl_s: 60 }),
  { now: NOW + 59, op: 'code.generate', input: { ...codeIn, session: S }, expected: generated },
  { now: NOW + 60, op: 'code.generate', input: { ...codeIn, session: S }, error: 'device.session_expired' },
  { now: NOW + 60, op: 'receipt.open', input: { sealed, issuers, session: S }, error: 'device.session_expired' },
  { now: NOW + 61, op: 'device.lock', input: { session: S }, error: 'device.session_expired' },
]);
steps('a fifth session wipes the oldest', [
  { ...unlockStep({}, { first: 'session' }), expected: { session: '$first', expires: NOW + 300 } },
  unlockStep(), unlockStep(), unlockStep(), unlockStep(),
  { op: 'receipt.open', input: { sealed, issuers, session: '$first' }, error: 'device.unknown_session' },
  { op: 'receipt.open', input: { sealed, issuers, session: S }, expected: opened },
]);
steps('a session is refused beside the key it stands for', [
  unlockStep(),
  { op: 'receipt.open', input: { sealed, issuers, session: S, ...locked }, error: 'receipt.bad_input' },
  { op: 'grant.create', input: { ...grantIn, session: S, pin: PIN }, error: 'grant.bad_input' },
  { op: 'device.lock', input: { session: S }, expected: { locked: true } },
]);

for (const [path, cases] of Object.entries(files)) {
  mkdirSync(join(here, dirname(path)), { recursive: true });
  writeFileSync(join(here, path), JSON.stringify(cases, null, 1) + '\n');
  console.log(`${path}: ${cases.length} cases`);
}
