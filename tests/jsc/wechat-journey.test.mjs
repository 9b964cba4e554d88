// The mini-program example's journey through its pages
// (tests/support/wechat-journey.mjs, also run in Node by
// tests/examples/wechat.test.mjs) in JavaScriptCore without JIT, as on an
// iPhone: app.js and the pages load in `jsc` from the code package with
// medins in miniprogram_npm/ after "Build npm", and their wx.request calls
// reach a reference hospital backend started here (jsc has no network:
// tests/support/jsc.mjs answers each request over jsc's stdin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root } from '../glue/support.mjs';
import { runInJsc, finished, jscMissing } from '../support/jsc.mjs';
import { fetchAnswer } from '../support/wx-api.mjs';
import { wechatBackend } from '../support/wechat-backend.mjs';

const project = join(root, 'examples', 'wechat-miniprogram');
const backend = wechatBackend('medins-jsc-wechat-');

test('the Beijing journey through the pages in JavaScriptCore without JIT', async (t) => {
  assert.equal(jscMissing(), null);
  const run = finished(await runInJsc({
    mode: 'journey',
    mounts: [['/', `${project}/`]],
    extra: { baseUrl: backend().url },
    answer: fetchAnswer,
  }));
  for (const m of run.messages) {
    if (m.type === 'note' && m.text) t.diagnostic(m.text);
    if (m.type === 'skip') t.skip(m.reason);
  }
  const seconds = (what) => run.messages.find((m) => m.what === what)?.seconds.toFixed(2);
  const journey = run.messages.find((m) => m.what === 'journey');
  t.diagnostic(`load ${seconds('load')} s, journey ${seconds('journey')} s (${journey.requests} requests), jsc process ${run.seconds.toFixed(2)} s`);
});
