// Memory hygiene of the wasm module: no growth over many calls (no leak), and
// no secret left anywhere in linear memory after the call that used it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'medins';
import { wasmPath } from './support.mjs';

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
