// One harness, every front end: each case of tests/vectors/<op>/ runs through
// the native CLI, the wasm CLI and the JS API, and all must agree with it.
// (The C++ API runs the same files in tests/sdk/call/vectors_test.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, MedinsError } from 'medins';
import { vectorCases, runCli, wasmPath, checkCase as check, typedCallCarriesInput, DEFAULT_NOW } from './support.mjs';

const cases = vectorCases();

test('there are vectors', () => assert.ok(cases.length > 0));

test('JS API', async () => {
  for (const c of cases) {
    const now = (c.now ?? DEFAULT_NOW) * 1000;
    const sdk = await load({ wasmPath, now: () => now, memoKey: `now-${now}` });
    // callRaw with the file's exact text (see support.mjs); sdk.call with the
    // object wherever the object carries the same input.
    const out = JSON.parse(sdk.callRaw(c.op, c.inputText).text);
    check(`js ${c.op} ${c.file} ${c.name}`, out, c);
    if (typedCallCarriesInput(c)) {
      let typed;
      try {
        typed = sdk.call(c.op, c.input);
      } catch (e) {
        assert.ok(e instanceof MedinsError, `${c.op} ${c.name}: threw ${e}`);
        typed = { error: { code: e.code } };
      }
      check(`js call ${c.op} ${c.name}`, typed, c);
    }
  }
});

// The CLIs read the clock from the environment only in tests: MEDINS_TEST_NOW.
for (const kind of ['native', 'wasm']) {
  test(`${kind} CLI`, () => {
    for (const c of cases) {
      const r = runCli(kind, [c.op], c.inputText, { MEDINS_TEST_NOW: String(c.now ?? DEFAULT_NOW) });
      check(`${kind} ${c.op} ${c.file} ${c.name}`, r.out, c);
      assert.equal(r.status, c.error ? (c.error.startsWith('call.') ? 2 : 1) : 0, `${kind} exit code ${c.op} ${c.name}`);
    }
  });
}
