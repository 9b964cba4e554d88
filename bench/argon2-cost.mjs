// What a PIN device costs at each of OWASP's Argon2id pairs of equal cost
// (46 MiB x 1, 19 x 2, 12 x 3, 9 x 4 passes; 7 x 5 is past medins's 4-pass
// ceiling): device.create and device.unlock, ms (median), and the wasm linear
// memory the instance holds afterwards (it never shrinks). Report only:
//   node bench/argon2-cost.mjs [--jsc] [--runs 5]
// With --jsc it also runs the same measurement in JavaScriptCore without JIT
// (`jsc -m` this file, JSC_useJIT=false; docs/performance.md),
// iOS WeChat's engine, with random bytes Node drew.
import { createSdk } from '../js-glue/src/core.mjs';
import { fileEntropy } from './jsc-entropy.mjs';

const isJsc = typeof globalThis.readFile === 'function' && typeof globalThis.process === 'undefined';
const now = isJsc ? () => globalThis.preciseTime() * 1000 : () => performance.now();
const say = isJsc ? (s) => globalThis.print(s) : (s) => console.log(s);

const MiB = 1024 * 1024;
const PAIRS = [[46, 1], [19, 2], [12, 3], [9, 4]];
const PIN = '246810';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One fresh instance per pair, so its memory figure is that pair's alone. */
async function measure(newSdk, runs) {
  const rows = [];
  for (const [mib, passes] of PAIRS) {
    const sdk = await newSdk();
    const before = sdk.memoryBytes();
    const create = [];
    const unlock = [];
    for (let i = 0; i < runs; i++) {
      let t0 = now();
      const made = sdk.call('device.create', { pin: PIN, memlimit: mib * MiB, opslimit: passes });
      create.push(now() - t0);
      t0 = now();
      const { session } = sdk.call('device.unlock', { device_key: made.device, unlock: { pin: PIN } });
      unlock.push(now() - t0);
      sdk.call('device.lock', { session });
    }
    rows.push({ mib, passes, create: median(create), unlock: median(unlock), before, after: sdk.memoryBytes() });
  }
  return rows;
}

// The ratio to 19 MiB x 2 (the default) holds better than ms on a busy machine.
function table(engine, rows, runs) {
  const base = rows.find((r) => r.mib === 19);
  const lines = [`${engine}: ms (median of ${runs}), ÷ 19 MiB × 2, wasm memory before → after`,
    '| m × t | device.create | device.unlock | unlock ÷ 19 × 2 | memory |', '|---|---:|---:|---:|---:|'];
  for (const r of rows)
    lines.push(`| ${r.mib} MiB × ${r.passes} | ${r.create.toFixed(0)} | ${r.unlock.toFixed(0)} | ${(r.unlock / base.unlock).toFixed(2)}× | ${(r.before / MiB).toFixed(1)} → ${(r.after / MiB).toFixed(1)} MiB |`);
  return lines.join('\n');
}

if (isJsc) {
  // jsc -m bench/argon2-cost.mjs -- <random.bin> <medins.wasm> <runs>
  const [randomPath, wasmPath, runs] = globalThis.arguments;
  const entropy = fileEntropy(randomPath);
  const bytes = globalThis.readFile(wasmPath, 'binary');
  const newSdk = () => createSdk({ instantiate: (imports) => WebAssembly.instantiate(bytes, imports), entropy });
  say(table('JavaScriptCore, JSC_useJIT=false', await measure(newSdk, Number(runs)), runs));
} else {
  const { load } = await import('../js-glue/src/index.mjs');
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { randomBytes } = await import('node:crypto');
  const { execFileSync } = await import('node:child_process');
  const { join } = await import('node:path');
  const { tmpdir, loadavg } = await import('node:os');
  const argRuns = process.argv.indexOf('--runs');
  const runs = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 5;
  say(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  say(table('Node (V8)', await measure(() => load({ fresh: true }), runs), runs));
  if (process.argv.includes('--jsc')) {
    const jscRuns = Math.max(1, Math.min(runs, 3));
    const dir = mkdtempSync(join(tmpdir(), 'medins-argon2-bench-'));
    try {
      writeFileSync(join(dir, 'random.bin'), randomBytes(1 << 16), { mode: 0o600 });
      const wasm = new URL('../js-glue/dist/medins.wasm', import.meta.url).pathname;
      const script = new URL('./argon2-cost.mjs', import.meta.url).pathname;
      say(execFileSync('jsc', ['-m', script, '--', join(dir, 'random.bin'), wasm, String(jscRuns)],
        { env: { ...process.env, JSC_useJIT: 'false' }, encoding: 'utf8', maxBuffer: 1 << 26 }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    say(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  }
}
