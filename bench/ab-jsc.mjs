// A/B of two builds of the module in JavaScriptCore without JIT, alternating
// processes so both see the same machine: the op rows named on the command
// line (default: the per-call floor, token.verify, estimate, receipt.open,
// device.unlock), from bench/out/cases.json (written by scripts/bench.sh).
//   node bench/ab-jsc.mjs A.wasm B.wasm [rounds] [row name…]
// Report only; never a test.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jscBench } from './jsc.mjs';
import { root } from './lib.mjs';
import { median } from './timing.mjs';

const [a, b, rounds = '3', ...rows] = process.argv.slice(2);
const names = rows.length ? rows : ['keys.id (per-call floor)', 'token.verify public (64 B)', 'estimate 100 lines',
  'receipt.open', 'device.unlock (PIN: Argon2id 19 MiB, 2 passes)'];
const cases = JSON.parse(readFileSync(join(root, 'bench/out/cases.json'), 'utf8')).filter((c) => names.includes(c.name));
const casesFile = join(root, 'bench/out/ab-cases.json');
writeFileSync(casesFile, JSON.stringify(cases));
process.env.MEDINS_BENCH_JSC_LOAD_RUNS = '1';
const ms = { a: {}, b: {} };
for (let r = 0; r < Number(rounds); r++)
  for (const [k, wasmPath] of [['a', a], ['b', b]]) {
    const out = jscBench({ casesFile, wasmPath, log: () => {} });
    for (const [name, v] of Object.entries(out.ops)) (ms[k][name] ??= []).push(1000 / v.rate);
  }
console.log('| row, ms (JSC no JIT, median) | A | B | B ÷ A |\n|---|---:|---:|---:|');
for (const name of names) {
  const x = median(ms.a[name] ?? [NaN]), y = median(ms.b[name] ?? [NaN]);
  console.log(`| ${name} | ${x.toFixed(2)} | ${y.toFixed(2)} | ${(y / x).toFixed(2)}× |`);
}
