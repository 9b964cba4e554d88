// Device sessions in the wasm module: sdk.unlock()/sdk.lock(), and the opened
// device key wiped from linear memory on lock, expiry and eviction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { load, MedinsError } from 'medins';
import { wasmPath } from './support.mjs';
import { preFloorPinDevice } from '../support/pre-floor-device.mjs';

const PIN = '246813';

// The Ed25519 public key of a 32-byte seed, computed outside the module.
function publicOf(seed) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }).subarray(-32);
}

// The device's seed as the module holds it (seed || pk, 64 bytes): found by
// its public key, confirmed by deriving that key again. Null if absent.
function seedInMemory(sdk, pk) {
  const memory = Buffer.from(sdk.state.memory.buffer);
  for (let at = memory.indexOf(pk, 32); at !== -1; at = memory.indexOf(pk, at + 1)) {
    const seed = Buffer.from(memory.subarray(at - 32, at));
    if (publicOf(seed).equals(pk)) return seed;
  }
  return null;
}

// A device wrapped at 1 MiB / 1 pass, before the floor: each of the many
// unlocks below runs Argon2id at that cost.
async function setup(now = () => Date.now()) {
  const sdk = await load({ wasmPath, fresh: true, now });
  const device = preFloorPinDevice(PIN);
  const pk = Buffer.from(device.public.slice('k4.public.'.length), 'base64url');
  return { sdk, device, pk, key: { device_key: device.device, unlock: { pin: PIN } } };
}

test('sdk.unlock() opens a session every op takes; sdk.lock() wipes them all', async () => {
  const { sdk, device, key } = await setup();
  const provisioned = sdk.provisionCode({ device: device.public, key_index: 7 });
  const byPin = sdk.generateCode({ sealed: provisioned.sealed, key_index: 7, now: 1767225600, ...key });
  const a = sdk.unlock(key);
  const b = sdk.unlock({ ...key, ttl_s: 60 });
  assert.match(a.session, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(b.expires - Math.floor(Date.now() / 1000) <= 60);
  for (const s of [a, b]) assert.deepEqual(sdk.generateCode({ sealed: provisioned.sealed, key_index: 7, now: 1767225600, session: s.session }), byPin);
  sdk.lock();
  for (const s of [a, b]) {
    assert.throws(() => sdk.generateCode({ sealed: provisioned.sealed, key_index: 7, session: s.session }),
      (e) => e instanceof MedinsError && e.code === 'device.unknown_session');
  }
  sdk.lock();  // nothing open: nothing to do
  sdk.lock(a.session);  // already locked: not an error
  assert.throws(() => sdk.lockDevice({ session: a.session }), (e) => e.code === 'device.unknown_session');
});

test('the opened key leaves linear memory on lock, expiry and eviction', async () => {
  let now = 1767225600000;
  const { sdk, pk, key } = await setup(() => now);
  const made = sdk.createDevice({ pin: PIN, memlimit: 9 << 20, opslimit: 4 });  // the cheapest pair at OWASP's floor
  assert.equal(seedInMemory(sdk, Buffer.from(made.public.slice('k4.public.'.length), 'base64url')), null,
    'device.create leaves no seed behind');
  // A call that opens the blob for itself leaves nothing either.
  sdk.unlock(key);
  const seed = seedInMemory(sdk, pk);
  assert.ok(seed, 'the session holds the key');
  sdk.lock();
  assert.equal(Buffer.from(sdk.state.memory.buffer).indexOf(seed), -1, 'lock wipes it');

  const { session } = sdk.unlock({ ...key, ttl_s: 1 });
  assert.ok(seedInMemory(sdk, pk));
  now += 1000;
  assert.throws(() => sdk.lockDevice({ session }), (e) => e.code === 'device.session_expired');
  assert.equal(Buffer.from(sdk.state.memory.buffer).indexOf(seed), -1, 'expiry wipes it');

  for (let i = 0; i < 4; i++) sdk.unlockDevice(key);
  const sessions = [];
  for (let i = 0; i < 4; i++) sessions.push(sdk.unlockDevice(key).session);  // evicts the first four
  for (const s of sessions) sdk.lockDevice({ session: s });
  assert.equal(Buffer.from(sdk.state.memory.buffer).indexOf(seed), -1, 'eviction wipes it');
});
