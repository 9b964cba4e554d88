// The JavaScriptCore runner itself (tests/support/jsc.mjs, jsc-runner.mjs):
// randomness comes only from the bytes Node drew from node:crypto, and when
// they run out the run fails; it never continues on weaker randomness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root } from '../glue/support.mjs';
import { runInJsc, finished, jscMissing } from '../support/jsc.mjs';

test('jsc is here, with WebAssembly', () => assert.equal(jscMissing(), null));

test('the runner fails when its entropy file runs out', async () => {
  // load() fills a 4096-byte pool first: 1000 bytes cannot serve it.
  const run = await runInJsc({
    mode: 'vectors',
    mounts: [['/miniprogram_npm/medins/', `${join(root, 'js-glue', 'dist', 'miniprogram')}/`]],
    extra: { cases: [] },
    entropyBytes: 1000,
  });
  assert.throws(() => finished(run), /entropy file is exhausted \(1000 bytes\)/);
});
