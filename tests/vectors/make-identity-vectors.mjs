// Builds the identity vectors (tests/vectors/identity.verify, identity.issue,
// and the hostile token.verify cases) with the native CLI, from fixed seeds,
// so every front end is held to the same answers. Ed25519 signatures and the
// sorted JSON of claims are deterministic, so re-running reproduces the files.
//   node tests/vectors/make-identity-vectors.mjs [path/to/native/medins]
// Every hostile case names the code it must produce; the script fails if the
// CLI disagrees, so a regenerated file never silently changes a contract.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { callCli } from './native-cli.mjs';
import { preFloorPinDevice } from '../support/pre-floor-device.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const NOW = 1767225600; // the vectors' default clock: 2026-01-01T00:00:00Z

const call = callCli;
const write = (op, file, cases) => {
  mkdirSync(join(here, op), { recursive: true });
  writeFileSync(join(here, op, file), JSON.stringify(cases, null, 1) + '\n');
};
const keypair = (byte) => call('keys.generate', { type: 'public', seed: Buffer.alloc(32, byte).toString('base64url') });
const pid = (pair) => call('keys.id', { key: pair.public }).id;
const sign = (pair, payload, footer = '') => call('token.issue', { purpose: 'public', key: pair.secret, payload, footer }).token;
const b64 = (s) => Buffer.from(s).toString('base64url');

const issuer = keypair(1);
const next = keypair(2);
const stranger = keypair(3);
const device = keypair(9);
const local = { local: 'k4.local.' + Buffer.alloc(32, 7).toString('base64url') };
const kidFooter = (pair) => JSON.stringify({ kid: pid(pair) });
const claims = {
  aud: 'wx-app-1', exp: '2026-01-01T01:00:00+00:00', iat: '2026-01-01T00:00:00+00:00',
  iss: 'idp.example', jti: 'j-1', sub: 'patient-1',
};
const payload = JSON.stringify(claims);
const good = sign(issuer, payload, kidFooter(issuer));
// `now` is explicit so the CLI (real clock) and the vector runners agree.
const verifyInput = (token, extra = {}) => ({ token, keys: [issuer.public, next.public], audience: 'wx-app-1', now: NOW, ...extra });

// ---- identity.verify ----
const cases = [];
const expectOk = (name, input, expected) => {
  const out = call('identity.verify', input);
  if (!isDeepStrictEqual(out, expected)) throw new Error(`${name}: ${JSON.stringify(out)}`);
  cases.push({ name, input, expected });
};
const expectError = (name, input, code, list = cases, op = 'identity.verify') => {
  const out = call(op, input);
  if (out.error?.code !== code) throw new Error(`${name}: expected ${code}, got ${JSON.stringify(out)}`);
  list.push({ name, input, error: code });
};

expectOk('valid, kid in footer', verifyInput(good), { claims, kid: pid(issuer) });
expectOk('valid, no footer: each key tried', verifyInput(sign(next, payload)), { claims, kid: pid(next) });
expectOk('valid, expected issuer', verifyInput(good, { issuer: 'idp.example' }), { claims, kid: pid(issuer) });
expectOk('valid, within the default leeway after exp', verifyInput(good, { now: NOW + 3659 }), { claims, kid: pid(issuer) });
const offsetClaims = { aud: 'wx-app-1', exp: '2026-01-01T09:00:00+08:00', nbf: '2025-12-31T18:30:00-05:30' };
expectOk('valid, dates with non-UTC offsets', verifyInput(sign(issuer, JSON.stringify(offsetClaims))),
         { claims: offsetClaims, kid: pid(issuer) });
const boundClaims = { ...claims, cnf: { kpid: pid(device), k: device.public } };
expectOk('valid, device-bound (cnf)', verifyInput(sign(issuer, JSON.stringify(boundClaims), kidFooter(issuer))),
         { claims: boundClaims, kid: pid(issuer) });

expectError('expired', verifyInput(good, { now: NOW + 3660 }), 'token.expired');
expectError('expired, zero leeway', verifyInput(good, { now: NOW + 3600, leeway_s: 0 }), 'token.expired');
expectError('issued in the future', verifyInput(good, { now: NOW - 61 }), 'token.not_yet_valid');
expectError('nbf in the future', verifyInput(sign(issuer, JSON.stringify({ ...claims, nbf: '2026-01-01T00:10:00Z' }))), 'token.not_yet_valid');
expectError('wrong audience', verifyInput(good, { audience: 'wx-app-2' }), 'token.audience_mismatch');
expectError('wrong issuer', verifyInput(good, { issuer: 'other-idp' }), 'token.issuer_mismatch');
expectError('kid not in keyset', verifyInput(sign(stranger, payload, kidFooter(stranger))), 'token.unknown_key');
expectError('missing exp', verifyInput(sign(issuer, JSON.stringify({ aud: 'wx-app-1' }))), 'token.missing_claim');
expectError('missing aud', verifyInput(sign(issuer, JSON.stringify({ exp: claims.exp }))), 'token.missing_claim');
expectError('missing iss when expected', verifyInput(sign(issuer, JSON.stringify({ aud: 'wx-app-1', exp: claims.exp })), { issuer: 'idp.example' }), 'token.missing_claim');
expectError('date without offset', verifyInput(sign(issuer, JSON.stringify({ ...claims, exp: '2026-01-01T01:00:00' }))), 'token.invalid_claim');
expectError('date as a number', verifyInput(sign(issuer, JSON.stringify({ ...claims, exp: 1767229200 }))), 'token.invalid_claim');
expectError('aud not a string', verifyInput(sign(issuer, JSON.stringify({ ...claims, aud: ['wx-app-1'] }))), 'token.invalid_claim');
expectError('cnf kpid not the key id', verifyInput(sign(issuer, JSON.stringify({ ...claims, cnf: { kpid: pid(issuer), k: device.public } }))), 'token.invalid_claim');

// Format and cryptographic failures: one code, no hint which check failed.
const body = good.slice('v4.public.'.length, good.lastIndexOf('.'));
const footerPart = good.slice(good.lastIndexOf('.'));
const flipped = Buffer.from(body, 'base64url');
flipped[10] ^= 1;
const hostile = {
  'tampered payload byte': 'v4.public.' + flipped.toString('base64url') + footerPart,
  'signed by a stranger, kid of a trusted key': sign(stranger, payload, kidFooter(issuer)),
  'signed by a stranger, no kid': sign(stranger, payload),
  'truncated body': good.slice(0, 80) + footerPart,
  'padded body': 'v4.public.' + body + '==' + footerPart,
  'padded footer': good + '=',
  'trailing dot': sign(issuer, payload) + '.',
  'wrong version': 'v3.public.' + good.slice('v4.public.'.length),
  'wrong purpose (v4.local)': call('token.issue', { purpose: 'local', key: local.local, payload, nonce: Buffer.alloc(32, 5).toString('base64url') }).token,
  'oversized footer': sign(issuer, payload, JSON.stringify({ kid: pid(issuer), pad: 'x'.repeat(2100) })),
  'footer nested too deep': sign(issuer, payload, JSON.stringify({ kid: pid(issuer), a: { b: { c: { d: {} } } } })),
  'footer with duplicate kid': sign(issuer, payload, `{"kid":"${pid(issuer)}","kid":"${pid(issuer)}"}`),
  'footer kid is a k4.lid': sign(issuer, payload, JSON.stringify({ kid: call('keys.id', { key: local.local }).id })),
  'footer not JSON': sign(issuer, payload, 'kid=1'),
  'payload with duplicate keys': sign(issuer, '{"aud":"x","aud":"wx-app-1","exp":"2026-01-01T01:00:00Z"}'),
  'payload not an object': sign(issuer, '["wx-app-1"]'),
  'payload a JSON string': sign(issuer, JSON.stringify(payload)),
  'payload not JSON': sign(issuer, 'aud=wx-app-1'),
  // A NUL byte once ended the parse, so only the first object was read as the claims.
  'payload with a second object after a NUL byte': sign(issuer, payload + '\u0000{"aud":"evil"}', kidFooter(issuer)),
  'footer with text after a NUL byte': sign(issuer, payload, kidFooter(issuer) + '\u0000{"kid":"k4.pid.x"}'),
  'empty string': '',
};
for (const [name, token] of Object.entries(hostile)) expectError(name, verifyInput(token), 'token.invalid');
expectError('key of the wrong type in the keyset', verifyInput(good, { keys: [issuer.secret] }), 'keys.wrong_key_type');
expectError('malformed key in the keyset', verifyInput(good, { keys: ['k4.public.' + b64('short')] }), 'keys.invalid_key');
expectError('no audience', { token: good, keys: [issuer.public] }, 'identity.bad_input');
expectError('empty keyset', verifyInput(good, { keys: [] }), 'identity.bad_input');
write('identity.verify', 'cases.json', cases);

// ---- token.verify: hostile inputs with their codes ----
const tokenCases = [];
for (const name of ['tampered payload byte', 'truncated body', 'padded body', 'padded footer', 'trailing dot', 'wrong version', 'wrong purpose (v4.local)'])
  expectError(name, { token: hostile[name], key: issuer.public }, 'token.invalid', tokenCases, 'token.verify');
expectError('secret key given to verify', { token: good, key: issuer.secret }, 'keys.wrong_key_type', tokenCases, 'token.verify');
expectError('local key for a v4.public token', { token: good, key: local.local }, 'token.invalid', tokenCases, 'token.verify');
expectError('missing key', { token: good }, 'token.bad_input', tokenCases, 'token.verify');
write('token.verify', 'hostile.json', tokenCases);

// ---- identity.issue: deterministic with now and jti given ----
const issueCases = [];
const issueInput = { key: issuer.secret, now: NOW, device: device.public, claims: { aud: 'wx-app-1', sub: 'patient-1', iss: 'idp.example', jti: 'j-1' } };
const issued = call('identity.issue', issueInput);
if (!issued.token) throw new Error(JSON.stringify(issued));
issueCases.push({ name: 'defaults: iat now, exp +1h, kid footer, cnf from device', input: issueInput, expected: issued });
expectError('claims without aud', { key: issuer.secret, claims: { sub: 'x' } }, 'identity.bad_input', issueCases, 'identity.issue');
expectError('date without offset', { key: issuer.secret, claims: { aud: 'a', exp: '2026-01-01T01:00:00' } }, 'identity.bad_input', issueCases, 'identity.issue');
expectError('public key given to sign', { key: issuer.public, claims: { aud: 'a' } }, 'keys.wrong_key_type', issueCases, 'identity.issue');
write('identity.issue', 'cases.json', issueCases);
// The issued token must verify back to the same claims.
const back = call('identity.verify', { token: issued.token, keys: [issuer.public], audience: 'wx-app-1', now: NOW });
if (!isDeepStrictEqual(back.claims, issued.claims)) throw new Error('issue/verify disagree');

// ---- device.*: error contracts. The device key is random (device.create
// draws it from the host), so regenerating changes these files' bytes but
// never their codes. Successful verify_proof is not a shared vector: it would
// record the jti in the runner's replay store. The PIN device is wrapped at
// 1 MiB / 1 pass, as device.create made them before OWASP's floor (it refuses
// that cost now; opening still takes it): each case that opens it runs
// Argon2id at that cost, which JavaScriptCore without JIT runs in ms, not s.
const MiB = 1048576;
const floor = { memlimit: 9 * MiB, opslimit: 4 };  // the cheapest pair at OWASP's floor
const pinDevice = preFloorPinDevice('246810');
const platformKey = Buffer.alloc(32, 0x42).toString('base64url');
const keyDevice = call('device.create', { platform_key: platformKey });
const boundToken = call('identity.issue', { key: issuer.secret, now: NOW, device: pinDevice.public, claims: { aud: 'wx-app-1', sub: 'patient-1' } }).token;
const unboundToken = call('identity.issue', { key: issuer.secret, now: NOW, claims: { aud: 'wx-app-1', jti: 'j-2' } }).token;
const request = { method: 'POST', url: 'https://hospital.example/api/book' };
const proof = call('device.proof', { device: pinDevice.device, pin: '246810', ...request, token: boundToken, now: NOW }).proof;
const otherProof = call('device.proof', { device: keyDevice.device, platform_key: platformKey, ...request, token: boundToken, now: NOW }).proof;
const check = (extra) => ({ proof, token: boundToken, keys: [issuer.public], audience: 'wx-app-1', ...request, now: NOW + 5, ...extra });
const proofCases = [];
const deviceErr = (op, name, input, code) => expectError(name, input, code, proofCases, op);
const proveCases = [];
const proveErr = (name, input, code) => expectError(name, input, code, proveCases, 'device.proof');
deviceErr('device.verify_proof', 'signed by another device', check({ proof: otherProof }), 'device.invalid_proof');
deviceErr('device.verify_proof', 'identity token offered as proof', check({ proof: boundToken }), 'device.invalid_proof');
deviceErr('device.verify_proof', 'other method', check({ method: 'GET' }), 'device.proof_mismatch');
deviceErr('device.verify_proof', 'other url', check({ url: 'https://hospital.example/api/pay' }), 'device.proof_mismatch');
deviceErr('device.verify_proof', 'server nonce missing from proof', check({ nonce: 'n-1' }), 'device.proof_mismatch');
deviceErr('device.verify_proof', 'stale: past exp and leeway', check({ now: NOW + 120 }), 'device.stale_proof');
deviceErr('device.verify_proof', 'token not bound (no cnf)', check({ token: unboundToken }), 'token.missing_claim');
deviceErr('device.verify_proof', 'token for another app', check({ audience: 'wx-app-2' }), 'token.audience_mismatch');
deviceErr('device.verify_proof', 'max_age_s out of range', check({ max_age_s: 0 }), 'device.bad_input');
write('device.verify_proof', 'errors.json', proofCases);
const prove = (extra) => ({ device: pinDevice.device, pin: '246810', ...request, token: boundToken, now: NOW, ...extra });
proveErr('wrong PIN', prove({ pin: '1357' }), 'device.wrong_secret');
// Costs recorded in the blob above device.create's ceiling (64 MiB / 4): refused
// before Argon2 runs (the AEAD would refuse them only after).
const withCost = (memlimit, opslimit) => {
  const body = Buffer.from(pinDevice.device.slice('medins.device.v1.pin.'.length), 'base64url');
  body.writeBigUInt64BE(BigInt(memlimit), 16);
  body.writeUInt32BE(opslimit, 24);
  return `medins.device.v1.pin.${body.toString('base64url')}`;
};
proveErr('recorded memlimit above 64 MiB', prove({ device: withCost(64 * 1048576 + 1024, 1) }), 'device.invalid_blob');
proveErr('recorded opslimit above 4', prove({ device: withCost(1048576, 5) }), 'device.invalid_blob');
proveErr('wrong platform key', { ...prove({ pin: undefined }), device: keyDevice.device, platform_key: Buffer.alloc(32, 0x43).toString('base64url') }, 'device.wrong_secret');
proveErr('PIN for a platform-key device', prove({ device: keyDevice.device }), 'device.bad_input');
proveErr('unknown blob version', prove({ device: pinDevice.device.replace('.v1.', '.v2.') }), 'device.invalid_blob');
proveErr('truncated blob', prove({ device: pinDevice.device.slice(0, -4) }), 'device.invalid_blob');
proveErr('padded blob', prove({ device: pinDevice.device + '=' }), 'device.invalid_blob');
proveErr('both pin and platform key', prove({ platform_key: platformKey }), 'device.bad_input');
proveErr('ttl above 300 s', prove({ ttl_s: 301 }), 'device.bad_input');
write('device.proof', 'errors.json', proveCases);
const createCases = [];
expectError('PIN too short', { pin: '12' }, 'device.bad_input', createCases, 'device.create');
expectError('PIN of 5 digits', { pin: '24681', ...floor }, 'device.bad_input', createCases, 'device.create');
expectError('PIN with a letter', { pin: '24681a', ...floor }, 'device.bad_input', createCases, 'device.create');
expectError('PIN of full-width digits', { pin: '２４６８１０', ...floor }, 'device.bad_input', createCases, 'device.create');
expectError('Argon2id below the floor', { pin: '246810', memlimit: 1024, opslimit: 1 }, 'device.bad_input', createCases, 'device.create');
expectError('Argon2id memlimit above 64 MiB', { pin: '246810', memlimit: 64 * MiB + 1024, opslimit: 1 }, 'device.bad_input', createCases, 'device.create');
expectError('Argon2id opslimit above 4', { pin: '246810', memlimit: 19 * MiB, opslimit: 5 }, 'device.bad_input', createCases, 'device.create');
expectError('Argon2id opslimit 0', { pin: '246810', memlimit: 19 * MiB, opslimit: 0 }, 'device.bad_input', createCases, 'device.create');
// OWASP's Argon2id minimum, as its pairs of equal cost (46 MiB x 1, 19 x 2,
// 12 x 3, 9 x 4): 1 KiB under each is refused before Argon2 runs, as is the
// 1 MiB / 1 pass that device.create took before the floor.
expectError('Argon2id 1 MiB x 1: under OWASP\'s floor', { pin: '246810', memlimit: MiB, opslimit: 1 }, 'device.bad_input', createCases, 'device.create');
for (const [mib, passes] of [[46, 1], [19, 2], [12, 3], [9, 4]])
  expectError(`Argon2id 1 KiB under ${mib} MiB x ${passes}`, { pin: '246810', memlimit: mib * MiB - 1024, opslimit: passes }, 'device.bad_input', createCases, 'device.create');
expectError('platform key not 32 bytes', { platform_key: 'AAAA' }, 'device.bad_input', createCases, 'device.create');
write('device.create', 'errors.json', createCases);
// Accepted at the floor: one case of steps (device.create's output is random),
// the cheapest floor pair made and unlocked once; only the C++ and JS APIs run
// it, as every case of steps (the two Argon2id runs stay out of the CLIs' and
// JavaScriptCore's runs).
const made = call('device.create', { pin: '246810', ...floor });
if (made.error) throw new Error(`device.create at the floor: ${JSON.stringify(made)}`);
const opened = call('device.unlock', { device_key: made.device, unlock: { pin: '246810' }, ttl_s: 60 });
if (opened.error) throw new Error(`device.unlock at the floor: ${JSON.stringify(opened)}`);
write('device.create', 'floor.json', [{
  name: 'a PIN device at 9 MiB x 4, the cheapest pair of OWASP\'s floor, is made and opens',
  steps: [
    { op: 'device.create', input: { pin: '246810', ...floor }, save: { device: 'device', public: 'public', kpid: 'kpid' },
      expected: { device: '$device', public: '$public', kpid: '$kpid' } },
    { op: 'device.unlock', input: { device_key: '$device', unlock: { pin: '246810' }, ttl_s: 60 }, save: 'session',
      expected: { session: '$session', expires: NOW + 60 } },
    { op: 'device.lock', input: { session: '$session' }, expected: { locked: true } },
  ],
}]);

console.log(`identity.verify: ${cases.length}, token.verify hostile: ${tokenCases.length}, identity.issue: ${issueCases.length}, device: ${proofCases.length + proveCases.length + createCases.length}`);
