// Linear memory of the wasm module across 10^5 mixed calls (keys.generate,
// token.issue/verify, estimate of 10 lines, an error path); prints
// {"before", "after_1e3", "after_1e5", "calls"} in bytes.
// Usage: node bench/memory.mjs CASES.json [WASM_PATH] [CALLS=100000]
import { readFileSync } from 'node:fs';
import { load } from 'medins';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const total = Number(process.argv[4] || 100000);
const sdk = await load({ fresh: true, wasmPath: process.argv[3] || undefined, now: () => 1767225600 * 1000 });
const mix = [
  // The big inputs (100+ lines, wallets of 1,000) and Argon2id (device.unlock
  // with a PIN) would make 10^5 calls take an hour; session cases need a
  // device.unlock first (timing.mjs).
  ...cases.filter((c) => !c.name.startsWith('scale:') && !c.setup && c.op !== 'device.unlock'
    && !/1000 lines|100 lines|1,000 receipts/.test(c.name)),
  { op: 'keys.generate', input: '{"type":"public"}' },
  { op: 'keys.id', input: '{"key":"nope"}' },  // an error answer
];
const out = { before: sdk.memoryBytes(), calls: total };
for (let i = 1; i <= total; i++) {
  const c = mix[i % mix.length];
  sdk.callRaw(c.op, c.input);
  if (i === 1000) out.after_1e3 = sdk.memoryBytes();
}
out.after_1e5 = sdk.memoryBytes();
console.log(JSON.stringify(out));
