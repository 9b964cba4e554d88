// sdk.call('estimate') prepares each policy once (js-glue/src/prepared-policies.mjs):
// the module sees the policy on the first estimate only, and every answer,
// refusals included, is the one estimate gives with the policy itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'medins';
import { root } from './support.mjs';

const rules = JSON.parse(readFileSync(join(root, 'tests/vectors/estimate/rules.json'), 'utf8'));
const { policy, accumulators } = rules[0].input;
const bill = {
  visit: { date: '2025-07-01', type: 'outpatient', hospital_level: 'level3', use_personal_account: true },
  lines: [{ code: 'A1', class: 'A', unit_price_fen: 12000, quantity: 2 }],
};

/** An Sdk whose module calls are recorded as [op, input object]. */
async function recorded() {
  const sdk = await load({ fresh: true });
  const calls = [];
  const callRaw = sdk.callRaw.bind(sdk);
  sdk.callRaw = (op, text) => {
    calls.push([op, JSON.parse(text)]);
    return callRaw(op, text);
  };
  const raw = (op, input) => JSON.parse(callRaw(op, JSON.stringify(input)).text);
  return { sdk, calls, raw };
}

const variant = (i) => ({ ...policy, policy_id: `policy-${i}` });

test('the policy crosses into the module once; later estimates pass its handle', async () => {
  const { sdk, calls, raw } = await recorded();
  const expected = raw('estimate', { policy, accumulators, bill });
  assert.deepEqual(sdk.call('estimate', { policy, accumulators, bill }), expected);
  assert.deepEqual(calls.map(([op]) => op), ['policy.prepare', 'estimate']);
  assert.equal(calls[1][1].policy, undefined);
  calls.length = 0;
  // An equal policy in another object is the same policy.
  assert.deepEqual(sdk.call('estimate', { policy: structuredClone(policy), accumulators, bill }), expected);
  assert.deepEqual(calls.map(([op]) => op), ['estimate']);
  assert.ok(calls[0][1].policy_handle);
  assert.ok(JSON.stringify(calls[0][1]).length < JSON.stringify(policy).length);
});

test('a bundle and its keys are verified once', async () => {
  const { sdk, calls, raw } = await recorded();
  const key = sdk.generateKeys({ type: 'public' });
  const { policy_bundle } = sdk.signPolicy({ policy, key: key.secret });
  const input = { policy_bundle, keys: [key.public], accumulators, bill };
  const expected = raw('estimate', input);
  calls.length = 0;
  for (let i = 0; i < 3; i++) assert.deepEqual(sdk.call('estimate', input), expected);
  assert.deepEqual(calls.map(([op]) => op), ['policy.prepare', 'estimate', 'estimate', 'estimate']);
  // Another keyset is another cache entry: the bundle is verified against it.
  const other = sdk.generateKeys({ type: 'public' });
  assert.throws(() => sdk.call('estimate', { ...input, keys: [other.public] }), { code: 'policy.unknown_key' });
});

test('refusals are estimate\'s own, with the policy or through a handle', async () => {
  const { sdk, raw } = await recorded();
  const same = (input) => {
    const expected = raw('estimate', input).error;
    assert.ok(expected);
    assert.throws(() => sdk.call('estimate', input), (e) => {
      assert.equal(e.code, expected.code);
      assert.deepEqual(e.detail, (({ code, message, ...detail }) => (Object.keys(detail).length ? detail : undefined))(expected));
      return true;
    });
  };
  sdk.call('estimate', { policy, accumulators, bill }); // cached from here on
  same({ policy, accumulators, bill: { ...bill, lines: [{ ...bill.lines[0], quantity: -1 }] } });
  same({ policy, accumulators: { ...accumulators, account_balance_fen: -1 }, bill });
  same({ policy: { ...policy, versions: [policy.versions[0], policy.versions[0]] }, accumulators, bill });
  same({ policy: { ...policy, versions: 'none' }, accumulators, bill });
  same({ policy, policy_bundle: 'v4.public.x', accumulators, bill });
});

test('a handle the core dropped is prepared again; the glue keeps 8', async () => {
  const { sdk, calls, raw } = await recorded();
  const ops = () => calls.splice(0).map(([op]) => op);
  sdk.call('estimate', { policy, accumulators, bill });
  const handle = calls.find(([op]) => op === 'estimate')[1].policy_handle;
  ops();
  raw('policy.release', { policy_handle: handle });
  assert.deepEqual(sdk.call('estimate', { policy, accumulators, bill }), raw('estimate', { policy, accumulators, bill }));
  assert.deepEqual(ops(), ['estimate', 'estimate']); // the handle refused, then the policy itself
  sdk.call('estimate', { policy, accumulators, bill });
  assert.deepEqual(ops(), ['policy.prepare', 'estimate']);
  for (let i = 0; i < 8; i++) sdk.call('estimate', { policy: variant(i), accumulators, bill });
  ops();
  // policy was the least recently used of nine: prepared again; variant 7 is still kept.
  sdk.call('estimate', { policy, accumulators, bill });
  assert.deepEqual(ops(), ['policy.prepare', 'estimate']);
  sdk.call('estimate', { policy: variant(7), accumulators, bill });
  assert.deepEqual(ops(), ['estimate']);
});
