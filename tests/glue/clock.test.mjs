// The host clock crosses the boundary as an f64 (import medins.now_ms).
// Whatever a runtime's clock returns, the module must refuse a reading outside
// years 1970-9999 with the op's bad-input code: converting NaN or a number
// beyond int64 to an integer is undefined behaviour in C++, and a wrapped
// time would be stored in flow states or compared with deadlines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'medins';
import { root, wasmPath } from './support.mjs';

const definition = JSON.parse(readFileSync(join(root, 'examples', 'flows', 'registration.json'), 'utf8'));

async function start(reading) {
  const sdk = await load({ wasmPath, now: () => reading, fresh: true });
  return JSON.parse(sdk.callRaw('flow.start', JSON.stringify({ definition })).text);
}

test('a host clock outside 1970-9999 is the op\'s bad_input, never a wrapped time', async () => {
  for (const reading of [NaN, Infinity, -Infinity, 1e300, -1e300, 2 ** 63, -1, 253402300800000]) {
    const out = await start(reading);
    assert.equal(out.error?.code, 'flow.bad_input', `now_ms() = ${reading}: ${JSON.stringify(out)}`);
    assert.equal(out.error.field, 'now');
  }
  assert.equal((await start(253402300799999)).state.started_at, 253402300799);
  assert.equal((await start(1767225600500)).state.started_at, 1767225600);
});

test('nowS is the clock in seconds, the unit of every op\'s now; the older now (ms) still works, both at once is refused', async () => {
  const startedAt = async (options) => {
    const sdk = await load({ wasmPath, fresh: true, ...options });
    return JSON.parse(sdk.callRaw('flow.start', JSON.stringify({ definition })).text).state.started_at;
  };
  assert.equal(await startedAt({ nowS: () => 1767225600 }), 1767225600);
  assert.equal(await startedAt({ now: () => 1767225600000 }), 1767225600);
  await assert.rejects(load({ wasmPath, fresh: true, now: () => 0, nowS: () => 0 }), { code: 'glue.load_failed' });
});
