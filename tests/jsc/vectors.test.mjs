// Every shared vector (tests/vectors/) in JavaScriptCore without JIT, the
// engine of WeChat's logic layer on iOS: the mini-program build
// (js-glue/dist/miniprogram/) loads in `jsc` as WeChat loads it after "Build
// npm" (tests/support/jsc-runner.mjs), runs each case once, through sdk.call
// where the object carries the file's input and callRaw with the file's text
// where it cannot (1.0, 1e2), and hands the outputs back; they are checked
// here as tests/glue/vectors.test.mjs checks V8's. Each case runs once, not
// both ways as in V8: the interpreter makes the Argon2id vectors (PASERK's
// 256 MiB x 3) the bulk of the time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { vectorCases, checkCase, typedCallCarriesInput, DEFAULT_NOW, root, expectation } from '../glue/support.mjs';
import { runInJsc, finished, jscMissing } from '../support/jsc.mjs';

test('every vector through sdk.call in JavaScriptCore without JIT', async (t) => {
  assert.equal(jscMissing(), null);
  // The shipped module has no test knobs (docs/security.md); cases of steps
  // (device sessions) run in V8 (tests/glue/vectors.test.mjs).
  const cases = vectorCases().filter((c) => !c.steps).map((c) => expectation(c, false));
  const run = finished(await runInJsc({
    mode: 'vectors',
    mounts: [['/miniprogram_npm/medins/', `${join(root, 'js-glue', 'dist', 'miniprogram')}/`]],
    extra: {
      cases: cases.map((c) => ({ op: c.op, inputText: c.inputText, input: c.input, now: c.now ?? DEFAULT_NOW, typed: typedCallCarriesInput(c) })),
    },
  }));
  const outputs = run.messages.filter((m) => m.type === 'case');
  assert.equal(outputs.length, cases.length, 'an output for every case');
  for (const { i, raw, typed } of outputs) {
    const c = cases[i];
    if (raw !== undefined) checkCase(`jsc ${c.op} ${c.file} ${c.name}`, JSON.parse(raw), c);
    else {
      assert.equal(typed?.threw, undefined, `jsc call ${c.op} ${c.name}: threw something other than MedinsError`);
      checkCase(`jsc call ${c.op} ${c.name}`, typed, c);
    }
  }
  const slowest = [...outputs].sort((a, b) => b.seconds - a.seconds).slice(0, 3)
    .map((o) => `${cases[o.i].op} ${cases[o.i].name} ${o.seconds.toFixed(1)} s`);
  const seconds = (what) => run.messages.find((m) => m.what === what)?.seconds.toFixed(2);
  t.diagnostic(`${cases.length} cases: load ${seconds('load')} s, vectors ${seconds('vectors')} s, jsc process ${run.seconds.toFixed(2)} s; ${run.messages.find((m) => m.type === 'done').entropyUsed} random bytes used; slowest: ${slowest.join(', ')}`);
});
