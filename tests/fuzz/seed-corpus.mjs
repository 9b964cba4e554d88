// Seeds the fuzzers' working corpora (build/check/corpus/<target>/) from the
// shared vectors, so each starts from inputs that reach deep into its parser:
//   call  — every case of tests/vectors/<op>/ (name form: 0xff, op, '\n', the
//           file's exact input text) and every JSONTestSuite file as `version` input;
//   order — every JSONTestSuite file as order text.
// The hand-made seeds in tests/fuzz/corpus/<target>/ are copied by scripts/test.sh.
//   node tests/fuzz/seed-corpus.mjs <build/check/corpus>
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { root, vectorCases } from '../glue/support.mjs';

const out = process.argv[2] ?? join(root, 'build', 'check', 'corpus');
const put = (target, bytes) => {
  mkdirSync(join(out, target), { recursive: true });
  writeFileSync(join(out, target, 'v-' + createHash('sha256').update(bytes).digest('hex').slice(0, 16)), bytes);
};
const named = (op, input) => Buffer.concat([Buffer.from([0xff]), Buffer.from(op + '\n'), Buffer.from(input)]);

// Cases that run Argon2id (a PIN or a password) cost about a second each under
// the sanitizers and add nothing to the parsers' coverage: left out.
const slow = /"(pin|password)"|-pw\./;
let seeds = 0;
for (const c of vectorCases()) {
  // Cases of steps (device sessions) have no single input.
  if (c.steps || slow.test(c.inputText)) continue;
  put('call', named(c.op, c.inputText));
  seeds++;
}
const suite = join(root, 'tests', 'vectors', 'official', 'jsontestsuite', 'test_parsing');
for (const file of readdirSync(suite)) {
  const bytes = readFileSync(join(suite, file));
  put('call', named('version', bytes));
  put('order', bytes);
  seeds += 2;
}
console.log(`fuzz seeds: ${seeds} written under ${out}`);
