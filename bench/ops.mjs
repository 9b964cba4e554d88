// medins ops in wasm (Node, through load() and sdk.callRaw) in this process;
// prints {case: ops/s} (null when the op answered an error; the reason on stderr).
// Usage: node bench/ops.mjs CASES.json [WASM_PATH]
import { readFileSync } from 'node:fs';
import { load } from 'medins';
import { measure } from './lib.mjs';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let nowMs = 1767225600 * 1000;
const sdk = await load({ fresh: true, wasmPath: process.argv[3] || undefined, now: () => nowMs });
const out = {};
for (const c of cases) {
  nowMs = (c.now ?? 1767225600) * 1000;
  const first = sdk.callRaw(c.op, c.input);
  if (first.outcome !== 0) {
    console.error(`${c.name}: ${first.text.slice(0, 300)}`);
    out[c.name] = null;
    continue;
  }
  out[c.name] = measure(() => sdk.callRaw(c.op, c.input));
}
console.log(JSON.stringify(out));
