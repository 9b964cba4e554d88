// One harness, every front end: each case of tests/vectors/<op>/ runs through
// the native CLI, the wasm CLI and the JS API, and all must agree with it.
// (The C++ API runs the same files in tests/sdk/call/vectors_test.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, MedinsError } from 'medins';
import { vectorCases, runCli, wasmPath } from './support.mjs';

const cases = vectorCases();
const DEFAULT_NOW = 1767225600;

// Cases marked `test_knobs` pass a chosen nonce or seed, inputs only test
// builds accept (docs/security.md). A front end is asked once whether it has
// them: the shipped module (JS API, wasm CLI) has not and must answer
// call.test_only_field; the native test build must reproduce the vector.
const KNOB_PROBE = ['keys.generate', `{"type":"public","seed":"${'A'.repeat(43)}"}`];
const hasKnobs = (out) => out?.error?.code !== 'call.test_only_field';
const expectation = (c, knobs) => (c.test_knobs && !knobs ? { ...c, error: 'call.test_only_field' } : c);

function check(label, out, c) {
  if (c.error) assert.equal(out?.error?.code, c.error, `${label}: ${JSON.stringify(out)}`);
  else assert.deepEqual(out, c.expected, label);
}

test('there are vectors', () => assert.ok(cases.length > 0));

test('JS API', async () => {
  const knobs = hasKnobs(JSON.parse((await load({ wasmPath })).callRaw(...KNOB_PROBE).text));
  for (const vector of cases) {
    const c = expectation(vector, knobs);
    const now = (c.now ?? DEFAULT_NOW) * 1000;
    const sdk = await load({ wasmPath, now: () => now, memoKey: `now-${now}` });
    // callRaw with the file's exact text (see support.mjs); sdk.call with the
    // object wherever the object carries the same input.
    const out = JSON.parse(sdk.callRaw(c.op, c.inputText).text);
    check(`js ${c.op} ${c.file} ${c.name}`, out, c);
    if (JSON.stringify(c.input) === JSON.stringify(JSON.parse(c.inputText)) && !/[0-9][.eE]/.test(c.inputText.replace(/"(?:[^"\\]|\\.)*"/g, ''))) {
      let typed;
      try {
        typed = sdk.call(c.op, c.input);
      } catch (e) {
        assert.ok(e instanceof MedinsError, `${c.op} ${c.name}: threw ${e}`);
        typed = { error: { code: e.code } };
      }
      if (c.error) assert.equal(typed?.error?.code, c.error, `js call ${c.op} ${c.name}`);
      else assert.deepEqual(typed, c.expected, `js call ${c.op} ${c.name}`);
    }
  }
});

// The CLIs read the clock from the environment only in tests: MEDINS_TEST_NOW.
for (const kind of ['native', 'wasm']) {
  test(`${kind} CLI`, () => {
    const knobs = hasKnobs(runCli(kind, [KNOB_PROBE[0]], KNOB_PROBE[1]).out);
    if (kind === 'native') assert.ok(knobs, 'the native test build reproduces the knob vectors');
    for (const vector of cases) {
      const c = expectation(vector, knobs);
      const r = runCli(kind, [c.op], c.inputText, { MEDINS_TEST_NOW: String(c.now ?? DEFAULT_NOW) });
      check(`${kind} ${c.op} ${c.file} ${c.name}`, r.out, c);
      assert.equal(r.status, c.error ? (c.error.startsWith('call.') ? 2 : 1) : 0, `${kind} exit code ${c.op} ${c.name}`);
    }
  });
}
