// The module's life in the glue: a load that fails is a MedinsError with a
// stable code and the runtime's message; an exception that unwinds through the
// module (an injected random source or clock that throws) retires the
// instance until load({fresh: true}).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { load, MedinsError } from 'medins';
import { root, wasmPath } from './support.mjs';
import { wechatContext } from '../support/wechat-sim.mjs';

const isCode = (code, message) => (e) =>
  e instanceof MedinsError && e.code === code && (!message || message.test(e.message));

test('a missing module file is glue.load_failed with the runtime message', async () => {
  await assert.rejects(load({ wasmPath: '/nonexistent/medins.wasm', fresh: true }),
    isCode('glue.load_failed', /ENOENT/));
});

test('a module the runtime refuses is glue.load_failed, and a later good load works', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medins-'));
  try {
    const bad = join(dir, 'medins.wasm');
    writeFileSync(bad, Buffer.from('\0asm garbage'));
    await assert.rejects(load({ wasmPath: bad }), (e) => isCode('glue.load_failed')(e) && e.cause instanceof Error);
    // Not memoized: the same key loads once the file is right.
    writeFileSync(bad, readFileSync(wasmPath));
    assert.ok((await load({ wasmPath: bad })).version().ops.length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('WeChat: a missing .wasm.br is glue.load_failed', async () => {
  const { medins } = wechatContext({ packageDir: join(root, 'js-glue', 'dist', 'miniprogram') });
  await assert.rejects(medins.load({ path: '/miniprogram_npm/medins/missing.wasm.br', fresh: true }),
    (e) => e.name === 'MedinsError' && e.code === 'glue.load_failed' && /no such file/.test(e.message));
});

// A random source that works for load() and throws once told to.
function failingRandom() {
  const control = { fail: false };
  control.getRandomValues = (a) => {
    if (control.fail) throw new TypeError('entropy source exploded');
    return webcrypto.getRandomValues(a);
  };
  return control;
}

test('an exception in random_fill breaks the instance until load({fresh: true})', async () => {
  const random = failingRandom();
  const sdk = await load({ wasmPath, getRandomValues: random.getRandomValues, fresh: true });
  const { secret } = sdk.generateKeys({ type: 'public' });
  random.fail = true;
  assert.throws(() => sdk.generateKeys({ type: 'local' }),
    (e) => isCode('glue.broken', /entropy source exploded/)(e) && e.cause instanceof TypeError);
  random.fail = false;  // the source recovers; the instance does not
  for (const call of [() => sdk.version(), () => sdk.keyId({ key: secret }), () => sdk.callRaw('version', '{}')])
    assert.throws(call, isCode('glue.broken', /load\(\{fresh: true\}\)/));
  // Its memory, which held the secret key, is zeroed.
  assert.ok(new Uint8Array(sdk.state.memory.buffer).every((b) => b === 0));
  const again = await load({ wasmPath, getRandomValues: random.getRandomValues, fresh: true });
  assert.match(again.generateKeys({ type: 'local' }).local, /^k4\.local\./);
});

test('an exception in now_ms breaks the instance too', async () => {
  let fail = false;
  const sdk = await load({ wasmPath, fresh: true, now: () => { if (fail) throw new RangeError('clock gone'); return 0; } });
  const { public: pub } = sdk.generateKeys({ type: 'public' });
  fail = true;
  assert.throws(() => sdk.call('identity.verify', { token: 'v4.public.x', keys: [pub], audience: 'a' }),
    isCode('glue.broken', /clock gone/));
  fail = false;
  assert.throws(() => sdk.version(), isCode('glue.broken'));
});

test('an exception while loading is glue.load_failed, not a half-made instance', async () => {
  await assert.rejects(load({ wasmPath, fresh: true, getRandomValues: () => { throw new Error('no randomness here'); } }),
    isCode('glue.load_failed', /no randomness here/));
});

// load() shares an instance only where sharing hides nothing (issue 18 item 5).
test('load(): shared when nothing is injected, own instance when a clock or entropy is, memoKey to share deliberately', async () => {
  const plain = await load({ wasmPath });
  assert.strictEqual(await load({ wasmPath }), plain);
  const early = await load({ wasmPath, now: () => 1000 });
  const late = await load({ wasmPath, now: () => 2000 * 1000 });
  assert.notStrictEqual(early, plain);
  assert.notStrictEqual(late, early, 'a second clock is not silently replaced by the first');
  // Each keeps its own clock: a session opened at t expires at t + ttl.
  const platform_key = Buffer.alloc(32, 7).toString('base64url');
  const expires = (sdk) => {
    const { device } = sdk.call('device.create', { platform_key });
    return sdk.call('device.unlock', { device_key: device, unlock: { platform_key }, ttl_s: 60 }).expires;
  };
  assert.equal(expires(early), 1 + 60);
  assert.equal(expires(late), 2000 + 60);
  const keyed = await load({ wasmPath, now: () => 5, memoKey: 'clock-5' });
  assert.strictEqual(await load({ wasmPath, now: () => 6, memoKey: 'clock-5' }), keyed);
  assert.notStrictEqual(await load({ wasmPath, fresh: true }), plain);
});
