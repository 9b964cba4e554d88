// medins ops in wasm (Node, through load() and sdk.callRaw) in this process;
// prints {case: ops/s} (null when the op answered an error; the reason on stderr).
// Usage: node bench/ops.mjs CASES.json [WASM_PATH]
import { readFileSync } from 'node:fs';
import { load } from 'medins';
import { measure } from './lib.mjs';
import { timeOps } from './timing.mjs';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let nowMs = 1767225600 * 1000;
const sdk = await load({ fresh: true, wasmPath: process.argv[3] || undefined, now: () => nowMs });
const out = timeOps(sdk, cases, {
  setNow: (s) => { nowMs = s * 1000; }, now: () => performance.now(), measure, warn: (s) => console.error(s) });
console.log(JSON.stringify(out));
