// Builds the prepared-policy vectors with the native CLI: policy.prepare,
// policy.release, and estimate with a policy_handle. A handle is random and
// lives in one instance of the core, so the cases that use one are cases of
// steps (tests/sdk/call/vectors_test.cpp); each estimate step expects exactly
// what the CLI answers for the same bill with the policy itself.
//   node tests/vectors/policy.prepare/make-vectors.mjs [path/to/native/medins]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCli } from '../native-cli.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const must = (op, input) => {
  const out = callCli(op, input);
  if (out.error) throw new Error(`${op}: ${JSON.stringify(out.error)}`);
  return out;
};
const refusal = (op, input, code) => {
  const out = callCli(op, input);
  if (out.error?.code !== code) throw new Error(`${op}: expected ${code}, got ${JSON.stringify(out)}`);
  return { name: undefined, input, error: code };
};

// The reference policy and two bills of the estimate rules vectors.
const rules = JSON.parse(readFileSync(join(here, 'estimate', 'rules.json'), 'utf8'));
const { policy, accumulators } = rules[0].input;
const bill = {
  visit: { date: '2025-07-01', type: 'outpatient', hospital_level: 'level3', use_personal_account: true },
  lines: [{ code: 'A1', class: 'A', unit_price_fen: 12000, quantity: 2 }, { code: 'C1', class: 'C', unit_price_fen: 3000, quantity: 1 }],
};
const badBill = { ...bill, lines: [{ code: 'Q', class: 'A', unit_price_fen: 100, quantity: -1 }] };
const key = must('keys.generate', { type: 'public', seed: 'A'.repeat(43) });
const other = must('keys.generate', { type: 'public', seed: `${'A'.repeat(42)}E` });
const { policy_bundle: bundle, kid } = must('policy.sign', { policy, key: key.secret });
const versions = policy.versions.map((v) => v.version);
const estimateOf = (input) => callCli('estimate', input);

const steps = [
  {
    name: 'a prepared policy estimates as the policy itself until released',
    steps: [
      { op: 'policy.prepare', input: { policy }, save: { handle: 'policy_handle' },
        expected: { policy_handle: '$handle', policy_id: policy.policy_id, versions } },
      { op: 'estimate', input: { policy_handle: '$handle', accumulators, bill }, expected: estimateOf({ policy, accumulators, bill }) },
      { op: 'estimate', input: { policy_handle: '$handle', accumulators, bill: badBill }, error: estimateOf({ policy, accumulators, bill: badBill }).error.code },
      { op: 'policy.release', input: { policy_handle: '$handle' }, expected: { released: true } },
      { op: 'estimate', input: { policy_handle: '$handle', accumulators, bill }, error: 'policy.unknown_handle' },
      { op: 'policy.release', input: { policy_handle: '$handle' }, error: 'policy.unknown_handle' },
    ],
  },
  {
    name: 'a bundle is verified once; its handle names the signer',
    steps: [
      { op: 'policy.prepare', input: { policy_bundle: bundle, keys: [other.public, key.public] }, save: { handle: 'policy_handle' },
        expected: { policy_handle: '$handle', policy_id: policy.policy_id, versions, kid } },
      { op: 'estimate', input: { policy_handle: '$handle', accumulators, bill },
        expected: estimateOf({ policy_bundle: bundle, keys: [key.public], accumulators, bill }) },
      { op: 'estimate', input: { policy_handle: '$handle', policy, accumulators, bill }, error: 'estimate.bad_input' },
    ],
  },
];

const overlapping = { ...policy, versions: [policy.versions[0], policy.versions[0]] };
const named = (name, c) => ({ ...c, name });
const prepare = [
  named('no policy', refusal('policy.prepare', {}, 'policy.bad_input')),
  named('policy and policy_bundle together', refusal('policy.prepare', { policy, policy_bundle: bundle, keys: [key.public] }, 'policy.bad_input')),
  named('a bundle without keys', refusal('policy.prepare', { policy_bundle: bundle }, 'policy.bad_input')),
  named('a bundle under another key', refusal('policy.prepare', { policy_bundle: bundle, keys: [other.public] }, 'policy.unknown_key')),
  named('a bundle that is not a token', refusal('policy.prepare', { policy_bundle: 'v4.public.bm90IGEgdG9rZW4', keys: [key.public] }, 'policy.invalid')),
  named('an inconsistent policy is never kept', refusal('policy.prepare', { policy: overlapping }, 'policy.overlapping_versions')),
  named('a policy that is not an object', refusal('policy.prepare', { policy: [] }, 'policy.bad_input')),
];
const release = [
  named('no handle', refusal('policy.release', {}, 'policy.bad_input')),
  named('a handle that is not a string', refusal('policy.release', { policy_handle: 7 }, 'policy.bad_input')),
  named('a handle this instance never gave', refusal('policy.release', { policy_handle: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'policy.unknown_handle')),
  named('not base64url', refusal('policy.release', { policy_handle: 'not a handle!' }, 'policy.unknown_handle')),
];
const estimate = [
  named('a handle this instance never gave', refusal('estimate', { policy_handle: 'AAAAAAAAAAAAAAAAAAAAAA', accumulators, bill }, 'policy.unknown_handle')),
  named('a handle that is not a string', refusal('estimate', { policy_handle: 1, accumulators, bill }, 'estimate.bad_input')),
  named('a handle and a bundle together', refusal('estimate', { policy_handle: 'AAAAAAAAAAAAAAAAAAAAAA', policy_bundle: bundle, keys: [key.public], accumulators, bill }, 'estimate.bad_input')),
];

const write = (path, cases) => writeFileSync(join(here, path), `${JSON.stringify(cases, null, 1)}\n`);
write('policy.prepare/cases.json', prepare);
write('policy.prepare/handles.json', steps);
write('policy.release/cases.json', release);
write('estimate/handles.json', estimate);
