// Memory hygiene of the wasm module: no growth over many calls (no leak), and
// no secret left anywhere in linear memory after the call that used it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'medins';
import { webcrypto } from 'node:crypto';
import { wasmPath } from './support.mjs';
import { argon2id, blake2b } from './argon2id.mjs';
import { preFloorPinDevice } from '../support/pre-floor-device.mjs';

test('linear memory stays flat over 10,000 failing and 10,000 succeeding calls', async () => {
  const sdk = await load({ wasmPath, fresh: true });
  const padding = 'x'.repeat(10000);  // a leaked input would grow memory by 100 MB
  const failing = [
    () => sdk.callRaw('no.such.op', '{}'),
    () => sdk.callRaw('version', `{"pad":"${padding}",`),
    () => sdk.callRaw('keys.id', `{"key":"k4.local.bad","pad":"${padding}"}`),
    () => sdk.callRaw('keys.generate', `{"type":7,"pad":"${padding}"}`),
    () => sdk.callRaw('version', '[' .repeat(100)),
  ];
  const succeeding = [
    () => sdk.callRaw('keys.generate', '{"type":"public"}'),
    () => sdk.callRaw('keys.id', '{"key":"k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}'),
    () => sdk.callRaw('version', `{"pad":"${padding}"}`),
  ];
  for (let i = 0; i < 200; i++) { failing[i % failing.length](); succeeding[i % succeeding.length](); }
  const before = sdk.memoryBytes();
  for (let i = 0; i < 10000; i++) failing[i % failing.length]();
  for (let i = 0; i < 10000; i++) succeeding[i % succeeding.length]();
  assert.equal(sdk.memoryBytes(), before);
});

test('no secret survives in linear memory after its call', async () => {
  const sdk = await load({ wasmPath, fresh: true });
  // The shipped module takes no chosen seed: the seed is the secret key's first half.
  const pair = sdk.generateKeys({ type: 'public' });
  const seed = Buffer.from(pair.secret.slice('k4.secret.'.length), 'base64url').subarray(0, 32);
  sdk.keyId({ key: pair.secret });
  const local = sdk.generateKeys({ type: 'local' }).local;
  sdk.keyId({ key: local });
  const memory = Buffer.from(sdk.state.memory.buffer);
  const needles = {
    'seed bytes': seed,
    'seed base64url': Buffer.from(seed.toString('base64url')),
    'secret PASERK': Buffer.from(pair.secret),
    'secret PASERK body': Buffer.from(pair.secret.slice('k4.secret.'.length, 40)),
    'local PASERK': Buffer.from(local),
    'local key bytes': Buffer.from(local.slice('k4.local.'.length), 'base64url'),
  };
  for (const [what, needle] of Object.entries(needles)) assert.equal(memory.indexOf(needle), -1, `${what} found in wasm memory`);
});

// Argon2id's working memory (freed by libsodium's argon2 without wiping), the
// shadow stack and every other freed block: after a device is made with a PIN
// and a device is opened by grant.create, receipt.open and device.proof,
// neither device seed nor the PIN's wrapping key nor the last Argon2 block
// (nor R, which XORed with P(R) beside it on the stack gives that block) is left.
test('no device seed, wrapping key or Argon2 block survives in linear memory', async () => {
  let recorded = null;
  const getRandomValues = (a) => { webcrypto.getRandomValues(a); if (recorded) recorded.push(Buffer.from(a)); return a; };
  const sdk = await load({ wasmPath, fresh: true, getRandomValues });
  const pin = '246810';
  recorded = [];
  sdk.call('device.create', { pin, memlimit: 9 << 20, opslimit: 4 });  // the cheapest pair at OWASP's floor
  const madeSeed = recorded[0];  // create_device draws the seed first
  recorded = null;
  assert.equal(madeSeed.length, 32);
  // The device the ops open is wrapped at 1 MiB / 1 pass (before the floor),
  // so the reference Argon2id below, in BigInt, can follow it.
  const cost = { memlimit: 1 << 20, opslimit: 1 };
  const device = preFloorPinDevice(pin);
  const seed = device.seed;

  // The reference Argon2id, checked against a PBKW tag the core made, then
  // run on the device blob's salt: the wrapping key and the last block.
  const prefix = 'k4.local-pw.';
  const local = sdk.call('keys.generate', { type: 'local' }).local;
  const pw = Buffer.from(sdk.call('keys.wrap_password', { key: local, password: pin, ...cost }).wrapped.slice(prefix.length), 'base64url');
  const pwKey = argon2id({ password: Buffer.from(pin), salt: pw.subarray(0, 16), ...cost }).key;
  const ak = blake2b(Buffer.concat([Buffer.from([0xfe]), pwKey]), 32);
  assert.deepEqual(blake2b(Buffer.concat([Buffer.from(prefix), pw.subarray(0, pw.length - 32)]), 32, ak), pw.subarray(pw.length - 32),
    'the reference Argon2id disagrees with the core');
  const blob = Buffer.from(device.device.slice('medins.device.v1.pin.'.length), 'base64url');
  const { key: wrappingKey, lastBlock, lastInput } = argon2id({ password: Buffer.from(pin), salt: blob.subarray(0, 16), ...cost });

  const issuer = sdk.call('keys.generate', { type: 'public' });
  const hospital = sdk.call('keys.generate', { type: 'public' });
  const now = Math.floor(Date.now() / 1000);
  const { token } = sdk.call('identity.issue', { key: issuer.secret, claims: { aud: 'wx-app-1', sub: 'p-1' }, device: device.public });
  const order = { order_id: 'o-1', payee: 'hospital:1', amounts: { fund_fen: 4128, account_fen: 1000, cash_fen: 1032 } };
  sdk.call('grant.create', { device: device.device, pin, identity_token: token, order, scope: 'outpatient_payment',
    amounts: order.amounts, consent_text: '同意' });
  const receipt = {
    hospital: 'bj-h-001', invoice: 'INV-1', order_id: 'o-1', visit_date: '2026-01-15', issued_at: now,
    lines: [{ name: 'CT', class: 'B', amount: 35000 }], total: 35000, fund: 21000, account: 4000, cash: 10000,
  };
  const { sealed } = sdk.call('receipt.issue', { receipt, hospital_key: hospital.secret, recipient: device.public });
  sdk.call('receipt.open', { sealed, issuers: [{ key: hospital.public, hospital: 'bj-h-001' }], device_key: device.device, unlock: { pin } });
  const { proof } = sdk.call('device.proof', { device: device.device, pin, method: 'GET', url: 'https://h/x', token });
  const others = [
    ['version', {}], ['keys.id', { key: issuer.public }], ['keys.generate', { type: 'public' }],
    ['identity.verify', { token, keys: [issuer.public], audience: 'wx-app-1' }],
    ['device.verify_proof', { proof, token, keys: [issuer.public], audience: 'wx-app-1', method: 'GET', url: 'https://h/x' }],
    ['order.digest', { order }], ['keys.unwrap_password', { wrapped: prefix + pw.toString('base64url'), password: pin }],
    ['token.issue', { key: local, payload: { a: 1 } }], ['keys.seal', { key: local, to: device.public }],
    ['otp.generate', { secret: 'JBSWY3DPEHPK3PXP' }], ['wallet.add', { wallet: null, sealed, device_key: device.device, unlock: { pin } }],
    ['device.create', { platform_key: Buffer.alloc(32, 9).toString('base64url') }],
    ['device.proof', { device: device.device, pin: '999999', method: 'GET', url: 'https://h/x', token }],
    ['receipt.open', { sealed, issuers: [{ key: issuer.public, hospital: 'bj-h-001' }], device_key: device.device, unlock: { pin } }],
    ['version', '{"pad":'], ['no.such.op', {}], ['keys.id', { key: 'k4.local.bad' }],
  ];
  for (const [op, input] of others) sdk.callRaw(op, typeof input === 'string' ? input : JSON.stringify(input));

  const memory = Buffer.from(sdk.state.memory.buffer);
  const needles = {
    'device seed': seed,
    'seed of the device made here': madeSeed,
    'wrapping key': wrappingKey,
    'last Argon2 block (first 64 bytes)': lastBlock.subarray(0, 64),
    'last Argon2 block (last 64 bytes)': lastBlock.subarray(1024 - 64),
    'input of the last Argon2 block (R = previous ^ reference)': lastInput.subarray(0, 64),
  };
  const found = Object.entries(needles).filter(([, needle]) => memory.indexOf(needle) !== -1).map(([what]) => what);
  assert.deepEqual(found, [], `found in wasm memory: ${found.join(', ')}`);
});
