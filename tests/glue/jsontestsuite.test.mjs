// JSONTestSuite (tests/vectors/official/jsontestsuite, MIT) on the JS API and
// both CLIs, each file as the whole op input ("raw") and as a field's value
// ("wrapped"); the C++ API runs the same files and states the rules
// (tests/sdk/call/jsontestsuite_test.cpp): y_ accepted, n_ refused with
// call.bad_input, i_ as recorded in implementation-defined.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'medins';
import { root, wasmPath, runCliAsync, inPool } from './support.mjs';

const dir = join(root, 'tests', 'vectors', 'official', 'jsontestsuite');
const recorded = JSON.parse(readFileSync(join(dir, 'implementation-defined.json'), 'utf8'));
const inputs = readdirSync(join(dir, 'test_parsing')).sort().flatMap((name) => {
  const bytes = readFileSync(join(dir, 'test_parsing', name));
  return [
    { name, form: 'raw', bytes },
    { name, form: 'wrapped', bytes: Buffer.concat([Buffer.from('{"value":'), bytes, Buffer.from('}')]) },
  ];
});

function expected({ name, form }) {
  if (name.startsWith('y_object_duplicated_key')) return 'refused'; // by design: see the C++ test
  if (name[0] === 'y') return 'accepted';
  if (name[0] === 'n') return 'refused';
  return recorded[name][form];
}

// A raw file that parses as an array or a scalar is refused after parsing, with
// its own message (an op input must be an object): accepted by the parser.
function outcome(out) {
  if (!out?.error) return 'accepted';
  if (out.error.code !== 'call.bad_input') return `error ${out.error.code}`;
  return out.error.message === 'input must be a JSON object' ? 'accepted' : 'refused';
}

function mismatches(outcomes) {
  return inputs.flatMap((input, k) =>
    outcomes[k] === expected(input) ? [] : [`${input.name} ${input.form}: ${outcomes[k]}`]);
}

// Runs a CLI once per input (or per input of `form`), one per core at a time;
// inputs left out count as expected.
async function cliOutcomes(kind, form) {
  const outcomes = inputs.map((input) => expected(input));
  const chosen = inputs.flatMap((input, k) => (!form || input.form === form ? [k] : []));
  const runs = await inPool(chosen, (k) => runCliAsync(kind, ['version'], inputs[k].bytes));
  chosen.forEach((k, n) => { outcomes[k] = outcome(runs[n].out); });
  return outcomes;
}

test('JSONTestSuite has its 318 files', () => assert.equal(inputs.length, 2 * 318));

test('JSONTestSuite: JS API', async () => {
  const sdk = await load({ wasmPath });
  assert.deepEqual(mismatches(inputs.map(({ bytes }) => outcome(JSON.parse(sdk.callRaw('version', bytes).text)))), []);
});

test('JSONTestSuite: native CLI', async () => {
  assert.deepEqual(mismatches(await cliOutcomes('native')), []);
});

// Raw files only: what the wasm CLI adds to the JS API above is its reading of
// stdin, and each run costs a Node start and a module load.
test('JSONTestSuite: wasm CLI', async () => {
  assert.deepEqual(mismatches(await cliOutcomes('wasm', 'raw')), []);
});
