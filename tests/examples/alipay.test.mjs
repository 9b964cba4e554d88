// The mini-program example's page logic (examples/wechat-miniprogram/: app.js,
// lib/, every page's handlers) in a simulated Alipay logic layer
// (tests/support/alipay-sim.mjs: `my` and MYWebAssembly, no `wx`, storage at
// 200 KB per key, no random API), against the reference backend. lib/host.js
// picks 'medins/alipay' there and gives the pages `my` in wx's shapes; the
// journey is the one WeChat runs (tests/support/wechat-journey.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alipayContext, createMy, ALIPAY_VALUE_BYTES } from '../support/alipay-sim.mjs';
import { beijingJourney } from '../support/wechat-journey.mjs';
import { wechatBackend } from '../support/wechat-backend.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = join(root, 'examples', 'wechat-miniprogram');
const backend = wechatBackend('medins-alipay-');

/** A fresh phone: its own storage, an Alipay logic layer with the mini-program, app.js launched. */
async function phone() {
  const calls = { instantiate: [] };
  const requests = [];
  const my = createMy({ calls, request: { log: requests } });
  const mp = alipayContext({ root: project, my, calls });
  const config = mp.require('lib/config.js');
  config.baseUrl = backend().url;
  // What an Alipay build must supply: Alipay has no secure random API.
  config.randomBytes = async (n) => webcrypto.getRandomValues(new Uint8Array(n));
  mp.require('app.js');
  mp.app.onLaunch();
  await mp.app.ready;
  // The journey reads storage and repeats a request through wx's shapes: lib/host.js's.
  const wx = Object.assign(Object.create(mp.require('lib/host.js').host), { data: my.data });
  return { mp, my, wx, calls, requests, journey: mp.app.journey };
}

test('the example loads medins/alipay through MYWebAssembly in a logic layer without wx', async () => {
  const { mp, calls, journey } = await phone();
  assert.equal(vm.runInContext('typeof wx', mp.context), 'undefined');
  assert.equal(mp.require('lib/host.js').runtime, 'alipay');
  assert.deepEqual(calls.instantiate, ['/miniprogram_npm/medins/medins.wasm.br']);
  const { sdk, config } = await journey.ready();
  assert.equal(config.audience, 'wx-medins-demo');
  assert.ok(sdk.version().ops.includes('estimate'));
});

test('the Beijing journey through the pages under Alipay, the wallet within 200 KB per key', async (t) => {
  const { mp, my, wx, journey, requests } = await phone();
  await beijingJourney({ mp, wx, journey, requests, assert, note: (text) => t.diagnostic(text), skip: (why) => t.skip(why) });
  assert.ok([...my.data.keys()].some((k) => k.startsWith('medins.wallet.')), 'the wallet is in my storage');
  const largest = Math.max(...[...my.data.values()].map((text) => text.length));
  assert.ok(largest <= ALIPAY_VALUE_BYTES, `largest value ${largest}`);
  t.diagnostic(`${my.data.size} keys in my storage, the largest ${largest} characters`);
});
