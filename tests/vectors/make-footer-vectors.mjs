// Builds the footer-limit vectors of flow.validate, status.apply and
// policy.verify with the native CLI: every v4.public footer is read before
// the signature is checked, so each verifier refuses one over
// identity::kMaxFooterBytes (2048) or deeper than kMaxFooterDepth (4), even
// when the signature and kid are right. Ed25519 is deterministic, so the
// files are the same on every run.
//   node tests/vectors/make-footer-vectors.mjs [path/to/native/medins]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCli } from './native-cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const call = callCli;

const pair = call('keys.generate', { type: 'public', seed: Buffer.alloc(32, 0x46).toString('base64url') });
const kid = call('keys.id', { key: pair.public }).id;
// Footers holding the right kid: exactly `bytes` long, or nested `depth` deep.
const sized = (bytes) => {
  const head = JSON.stringify({ kid, pad: '' });
  return JSON.stringify({ kid, pad: 'x'.repeat(bytes - head.length) });
};
const nested = (depth) => JSON.stringify({ kid, pad: JSON.parse('['.repeat(depth - 1) + ']'.repeat(depth - 1)) });
const sign = (payload, footer, implicit) =>
  call('token.issue', { purpose: 'public', key: pair.secret, payload: JSON.stringify(payload), footer, implicit }).token;

const definition = JSON.parse(readFileSync(join(here, '..', '..', 'examples', 'flows', 'registration.json'), 'utf8'));
const event = { iss: 'tongren', type: 'booking', subject: 'B-1', state: 'confirmed', seq: 1, at: 1767225600 };
const policy = JSON.parse(readFileSync(join(here, 'estimate', 'examples.json'), 'utf8'))
  .find((c) => c.input.policy).input.policy;
const kinds = {
  'flow.validate': { implicit: 'medins.flow.v1', payload: definition, input: (t) => ({ definition: t, keys: [pair.public] }), refused: 'flow.invalid' },
  'status.apply': { implicit: 'medins.status.v1', payload: event, input: (t) => ({ event: t, keys: [pair.public], now: 1767225600 }), refused: 'status.invalid' },
  'policy.verify': { implicit: 'medins:fee-policy/0.1', payload: policy, input: (t) => ({ policy_bundle: t, keys: [pair.public] }), refused: 'policy.invalid' },
};
for (const [op, kind] of Object.entries(kinds)) {
  const cases = [];
  const add = (name, footer, refused) => {
    const input = kind.input(sign(kind.payload, footer, kind.implicit));
    const out = call(op, input);
    if (refused ? out.error?.code !== kind.refused : out.error) throw new Error(`${op} ${name}: ${JSON.stringify(out).slice(0, 300)}`);
    cases.push(refused ? { name, input, error: kind.refused } : { name, input, expected: out });
  };
  add('footer of 2048 bytes (the limit) verifies', sized(2048), false);
  add('footer of 2049 bytes is refused before the signature is checked', sized(2049), true);
  add('footer nested 4 deep (the limit) verifies', nested(4), false);
  add('footer nested 5 deep is refused', nested(5), true);
  mkdirSync(join(here, op), { recursive: true });
  writeFileSync(join(here, op, 'footers.json'), JSON.stringify(cases, null, 1) + '\n');
}
console.log(`footer vectors: ${Object.keys(kinds).length} ops x 4`);
