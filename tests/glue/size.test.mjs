// Size budget of js-glue/dist/medins.wasm (issue 9): fails only when the module
// outgrows bench/budget.json, so size cannot creep in silently. Growth that is
// worth its bytes is accepted deliberately by raising the budget in the same
// commit (see the message below and docs/performance.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { root, wasmPath } from './support.mjs';

const budget = JSON.parse(readFileSync(join(root, 'bench', 'budget.json'), 'utf8'));

test('medins.wasm stays within bench/budget.json', () => {
  const bytes = readFileSync(wasmPath);
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  const how = 'If the growth is intended, update bench/budget.json deliberately in the same commit ' +
    '(new size rounded up + ~5% margin, with a "why" line), after trying the levers in docs/performance.md; ' +
    'the SDK target is 120 KB brotli.';
  assert.ok(brotli <= budget.wasm.brotli_bytes,
    `medins.wasm is ${brotli} bytes brotli (q11), over the budget of ${budget.wasm.brotli_bytes}. ${how}`);
  assert.ok(bytes.length <= budget.wasm.raw_bytes,
    `medins.wasm is ${bytes.length} bytes raw, over the budget of ${budget.wasm.raw_bytes}. ${how}`);
});
