// medins in a simulated Alipay logic layer (tests/support/alipay-sim.mjs: `my`,
// MYWebAssembly by package path, no `wx`, no WebAssembly, no random API,
// storage at 200 KB per key): the package's Alipay bundle
// (dist/miniprogram/alipay.js) loads with the entropy its host injects, and
// its wallet store keeps every value within what Alipay stores per key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { join } from 'node:path';
import { root } from './support.mjs';
import { alipayBundleContext, ALIPAY_VALUE_BYTES } from '../support/alipay-sim.mjs';

const packageDir = join(root, 'js-glue', 'dist', 'miniprogram');
const path = '/miniprogram_npm/medins/medins.wasm.br';
const randomBytes = async (n) => webcrypto.getRandomValues(new Uint8Array(n));

test('loads and works under a simulated Alipay runtime, with the entropy its host injects', async () => {
  const { medins, calls, context } = alipayBundleContext({ packageDir });
  for (const absent of ['wx', 'WXWebAssembly', 'WebAssembly', 'crypto'])
    assert.equal(vm.runInContext(`typeof ${absent}`, context), 'undefined', absent);
  // Alipay has no secure random API, and the module's place is the app's to say.
  await assert.rejects(medins.load({ path }), (e) => e.code === 'keys.no_entropy');
  await assert.rejects(medins.load({ randomBytes }), (e) => e.code === 'glue.load_failed');
  await assert.rejects(medins.load({ path: '/nowhere/medins.wasm.br', randomBytes }), (e) => e.code === 'glue.load_failed');
  const sdk = await medins.load({ path, randomBytes });
  assert.deepEqual(calls.instantiate.at(-1), path);
  const pair = sdk.generateKeys({ type: 'public' });
  assert.match(sdk.keyId({ key: pair.public }).id, /^k4\.pid\./);
  assert.throws(() => sdk.call('no.op', {}), (e) => e.name === 'MedinsError' && e.code === 'call.unknown_op');
  assert.equal(medins.utf8Encode, undefined, 'the UTF-8 codec is internal');
});

test('the wallet store in my storage keeps every value within 200 KB per key', async () => {
  const { medins, my } = alipayBundleContext({ packageDir });
  // 300 entries of 3 KB (base64url, as records are): about 900 KB of wallet.
  const entry = (i) => `${i}.`.padEnd(3000, 'A');
  const wallet = { v: 1, head: 'v4.public.head', entries: Array.from({ length: 300 }, (_, i) => entry(i)) };
  const store = medins.myWalletStore(my);
  await store.save(wallet);
  // (Compared as JSON: the store's arrays are of the logic layer's realm.)
  assert.ok(JSON.stringify(await medins.myWalletStore(my).load()) === JSON.stringify(wallet), 'the wallet loads back');
  const largest = Math.max(...[...my.data.values()].map((text) => text.length));
  assert.ok(largest <= ALIPAY_VALUE_BYTES / 2 + 3100, `largest value ${largest} characters`);
  // WeChat's chunks (512 KiB) are more than Alipay stores: refused (error 14), and the store says so.
  const wechatSized = medins.createWalletStore(medins.myStorageBackend(my), { prefix: 'wechat-sized.', chunkBytes: 512 * 1024 });
  await assert.rejects(wechatSized.save(wallet), /setStorage failed: data长度超限/);
});
