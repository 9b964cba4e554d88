// Node's half of the JavaScriptCore contestant (bench/in-jsc.mjs runs inside
// `jsc` with the JIT off, as WeChat's logic layer on iOS): draws the random
// bytes, starts jsc, and reads its answer. Env: MEDINS_BENCH_JSC_RUNS (3),
// MEDINS_BENCH_JSC_RUN_MS (300), MEDINS_BENCH_JSC_ROW_MS (3000: the timed runs
// of a row slower than that get fewer runs, reported), MEDINS_BENCH_JSC_LOAD_RUNS (5).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jscBinary, jscMissing } from '../tests/support/jsc.mjs';
import { require, root } from './lib.mjs';
import { median } from './timing.mjs';

// The op rows also timed with the JIT on.
const JIT_ROWS = ['token.verify public (64 B)', 'token.issue public (64 B)'];

export const jscSettings = {
  runs: Number(process.env.MEDINS_BENCH_JSC_RUNS || 3),
  runMs: Number(process.env.MEDINS_BENCH_JSC_RUN_MS || 300),
  budgetMs: Number(process.env.MEDINS_BENCH_JSC_ROW_MS || 3000),
  loadRuns: Number(process.env.MEDINS_BENCH_JSC_LOAD_RUNS || 5),
};

const wrappers = require.resolve('libsodium-wrappers');
const libsodium = require.resolve('libsodium', { paths: [dirname(wrappers)] });
export const sodiumFiles = [libsodium, wrappers].map((f) => f.replace(`${root}/`, ''));

function runOnce(dir, config, log, { jit = false } = {}) {
  const random = join(dir, 'random.bin');
  // Fresh bytes for every process: each byte serves once.
  writeFileSync(random, randomBytes(4 << 20), { mode: 0o600 });
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ ...jscSettings, libsodium, wrappers, random, ...config }));
  const r = spawnSync(jscBinary, ['-m', join(root, 'bench/in-jsc.mjs'), '--', file],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, JSC_useJIT: jit ? 'true' : 'false' } });
  const lines = (r.stdout || '').trim().split('\n');
  for (const line of lines.slice(0, -1)) log(`jsc: ${line}`);
  if (r.stderr.trim()) log(`jsc ${config.mode}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  let out = null;
  try {
    out = JSON.parse(lines.at(-1));
  } catch {
    log(`jsc ${config.mode} failed (status ${r.status}): ${lines.at(-1)}`);
    return null;
  }
  if (out.error) {
    log(`jsc ${config.mode}: ${out.error}`);
    return null;
  }
  return out;
}

/**
 * The JavaScriptCore-without-JIT contestant: {ops, prim, load_ms: {medins,
 * libsodium} (fresh-process medians), load_same_process, jit: {ops, prim}
 * (JIT_ROWS and the primitives with the JIT on), settings}, or null
 * when jsc cannot run here (the reason to `log`).
 */
export function jscBench({ casesFile, wasmPath, log }) {
  const missing = jscMissing();
  if (missing) {
    log(`no JavaScriptCore column: ${missing}`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'medins-bench-jsc-'));
  try {
    const times = { medins: [], libsodium: [] };
    for (let i = 0; i < jscSettings.loadRuns; i++) {
      for (const [who, mode] of [['medins', 'load-medins'], ['libsodium', 'load-sodium']]) {
        const r = runOnce(dir, { mode, wasm: wasmPath }, log);
        if (r) times[who].push(r.load_ms);
      }
    }
    log('jsc: ops and libsodium.js primitives, one process');
    const bench = runOnce(dir, { mode: 'bench', wasm: wasmPath, cases: casesFile }, log);
    // With the JIT (Safari, JavaScriptCore elsewhere): the rows issue 13 budgets, the same way.
    log('jsc with JIT: token.verify and libsodium.js primitives, one process');
    const jitCases = join(dir, 'jit-cases.json');
    writeFileSync(jitCases, JSON.stringify(JSON.parse(readFileSync(casesFile, 'utf8')).filter((c) => JIT_ROWS.includes(c.name))));
    const jit = runOnce(dir, { mode: 'bench', wasm: wasmPath, cases: jitCases }, log, { jit: true });
    return {
      ops: bench?.ops ?? {},
      prim: bench?.prim ?? {},
      load_ms: {
        medins: times.medins.length ? median(times.medins) : null,
        libsodium: times.libsodium.length ? median(times.libsodium) : null,
      },
      load_same_process: bench?.load_ms ?? null,
      jit: jit ? { ops: jit.ops, prim: jit.prim } : null,
      settings: jscSettings,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
