// The package under the runtimes it must serve: WeChat (simulated as WeChat
// behaves: WXWebAssembly takes a package path only, no WebAssembly global, no
// TextDecoder/TextEncoder, no fetch, async-only wx.getRandomValues), the CJS
// build, and the UTF-8 fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { utf8Encode, utf8Decode } from '../../js-glue/src/core.mjs';
import { root } from './support.mjs';
import { wechatContext as simulatedWechat } from '../support/wechat-sim.mjs';

const packageDir = join(root, 'js-glue', 'dist', 'miniprogram');

/** A context shaped like WeChat's logic layer, with the npm build's files at /miniprogram_npm/medins/ (tests/support/wechat-sim.mjs). */
export function wechatContext({ entropyDelayMs = 1 } = {}) {
  return simulatedWechat({ packageDir, entropyDelayMs });
}

test('loads and works under a simulated WeChat runtime', async () => {
  const { medins, calls } = wechatContext();
  const sdk = await medins.load();
  assert.deepEqual(calls.instantiate, ['/miniprogram_npm/medins/medins.wasm.br']);
  assert.ok(calls.random >= 1, 'entropy pool filled through wx.getRandomValues');
  const pair = sdk.generateKeys({ type: 'public' });
  assert.match(pair.public, /^k4\.public\./);
  assert.match(sdk.keyId({ key: pair.public }).id, /^k4\.pid\./);
  assert.throws(() => sdk.call('no.op', {}), (e) => e.name === 'MedinsError' && e.code === 'call.unknown_op');
  assert.strictEqual(await medins.load(), sdk, 'load() is memoized');
});

test('an empty entropy pool is keys.no_entropy until refilled, never a weak key', async () => {
  const { medins } = wechatContext({ entropyDelayMs: 20 });
  const sdk = await medins.load({ poolSize: 48, fresh: true });
  // sodium_init took 16 bytes of the 48; one key takes 32.
  sdk.generateKeys({ type: 'local' });
  assert.throws(() => sdk.generateKeys({ type: 'local' }), (e) => e.code === 'keys.no_entropy');
  await sdk.refillEntropy();
  assert.match(sdk.generateKeys({ type: 'local' }).local, /^k4\.local\./);
});

test('callAsync waits for entropy: a burst of keys never sees no_entropy, where call does', async () => {
  const { medins } = wechatContext({ entropyDelayMs: 5 });
  const sdk = await medins.load({ fresh: true });  // the default 4 KiB pool
  // 200 keys draw 6.4 KB: more than the pool, faster than the host refills it.
  assert.throws(() => { for (let i = 0; i < 200; i++) sdk.generateKeys({ type: 'local' }); },
    (e) => e.code === 'keys.no_entropy');
  const keys = new Set();
  for (let i = 0; i < 200; i++) keys.add((await sdk.callAsync('keys.generate', { type: 'local' })).local);
  assert.equal(keys.size, 200);
  await sdk.ensureEntropy();
  assert.ok(sdk.state.entropy.pool.length >= 2048);
});

test('a WeChat host without wx.getRandomValues must inject entropy', async () => {
  const { medins } = wechatContext();
  await assert.rejects(medins.load({ wx: {}, fresh: true }), (e) => e.code === 'keys.no_entropy');
});

test('the CommonJS build loads in Node', async () => {
  const require = createRequire(import.meta.url);
  const cjs = require(join(root, 'js-glue', 'dist', 'index.cjs'));
  const sdk = await cjs.load();
  assert.ok(sdk.version().ops.includes('keys.generate'));
});

test('UTF-8 without TextEncoder/TextDecoder matches the platform codec', () => {
  const samples = ['', 'ascii', '医保 结算', 'НЗОК', 'Ελληνικά', '😀 emoji 𝄞', '\u0000\u007f\u0080\u07ff\u0800\uffff',
    'lone \ud800 surrogate', 'x'.repeat(20000) + '医'];
  for (const s of samples) {
    const mine = utf8Encode(s);
    assert.deepEqual(Buffer.from(mine), Buffer.from(new TextEncoder().encode(s)), s.slice(0, 20));
    assert.equal(utf8Decode(mine), new TextDecoder().decode(mine));
  }
  for (let i = 0; i < 200; i++) {
    const codes = Array.from({ length: 50 }, () => Math.floor(Math.random() * 0x10ffff)).filter((c) => c < 0xd800 || c > 0xdfff);
    const s = String.fromCodePoint(...codes);
    assert.equal(utf8Decode(utf8Encode(s)), s);
  }
  // Bytes that are not UTF-8 (decodeURIComponent refuses them) still decode,
  // through the loop: one character per lead byte, never an exception.
  assert.equal(utf8Decode(Uint8Array.of(0x61, 0xff, 0x62)).length, 3);
  assert.equal(utf8Decode(Uint8Array.of(0x61, 0xc3)).length, 2);
  assert.equal(utf8Decode(Uint8Array.of(0xed, 0xa0, 0x80)).length, 1); // an encoded surrogate
  // Lone surrogates at either end and in pairs the wrong way round.
  for (const s of ['\udc00x', 'x\ud800', '\udc00\ud800'])
    assert.deepEqual(Buffer.from(utf8Encode(s)), Buffer.from(new TextEncoder().encode(s)));
});
