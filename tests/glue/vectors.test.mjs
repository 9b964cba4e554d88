// One harness, every front end: each case of tests/vectors/<op>/ runs through
// the native CLI, the wasm CLI and the JS API, and all must agree with it.
// (The C++ API runs the same files in tests/sdk/call/vectors_test.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, MedinsError } from 'medins';
import { vectorCases, runCli, runCliAsync, inPool, wasmPath, checkCase as check, typedCallCarriesInput, DEFAULT_NOW, KNOB_PROBE, hasKnobs, expectation } from './support.mjs';

const cases = vectorCases();

test('there are vectors', () => assert.ok(cases.length > 0));

// "$name" in a step's input or expected stands for the output field a previous
// step saved (`save: "name"`), as in tests/sdk/call/vectors_test.cpp.
function substitute(value, saved) {
  if (typeof value === 'string') return value.length > 1 && value[0] === '$' && value.slice(1) in saved ? saved[value.slice(1)] : value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, saved));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]));
  return value;
}

// A case of steps runs on one instance (a device session lives there), its
// clock set per step; the CLIs skip them: a session cannot outlive a process.
test('JS API: cases of steps', async () => {
  for (const c of cases.filter((c) => c.steps)) {
    let now = 0;
    const sdk = await load({ wasmPath, now: () => now, fresh: true });
    const saved = {};
    c.steps.forEach((step, n) => {
      now = (step.now ?? c.now ?? DEFAULT_NOW) * 1000;
      const out = JSON.parse(sdk.callRaw(step.op, JSON.stringify(substitute(step.input, saved))).text);
      const names = typeof step.save === 'string' ? { [step.save]: step.save } : step.save ?? {};
      for (const [name, field] of Object.entries(names)) saved[name] = out[field];
      check(`js ${c.file} ${c.name} step ${n}`, out, { ...step, expected: substitute(step.expected, saved) });
    });
  }
});

test('JS API', async () => {
  const knobs = hasKnobs(JSON.parse((await load({ wasmPath })).callRaw(...KNOB_PROBE).text));
  for (const vector of cases.filter((c) => !c.steps)) {
    const c = expectation(vector, knobs);
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
// One process per case, run one per core at a time.
for (const kind of ['native', 'wasm']) {
  test(`${kind} CLI`, async () => {
    const knobs = hasKnobs(runCli(kind, [KNOB_PROBE[0]], KNOB_PROBE[1]).out);
    if (kind === 'native') assert.ok(knobs, 'the native test build reproduces the knob vectors');
    const chosen = cases.filter((c) => !c.steps).map((vector) => expectation(vector, knobs));
    const runs = await inPool(chosen, (c) =>
      runCliAsync(kind, [c.op], c.inputText, { MEDINS_TEST_NOW: String(c.now ?? DEFAULT_NOW) }));
    chosen.forEach((c, k) => {
      check(`${kind} ${c.op} ${c.file} ${c.name}`, runs[k].out, c);
      assert.equal(runs[k].status, c.error ? (c.error.startsWith('call.') ? 2 : 1) : 0, `${kind} exit code ${c.op} ${c.name}`);
    });
  });
}
