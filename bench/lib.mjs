// Shared helpers of the Node bench scripts: timing with the run settings of
// the environment (timing.mjs), the repo root, and a CommonJS require for
// packages whose ESM entry is broken (libsodium-wrappers).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeRuns } from './timing.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const require = createRequire(join(root, 'package.json'));

const RUNS = Number(process.env.MEDINS_BENCH_RUNS || 5);
const RUN_MS = Number(process.env.MEDINS_BENCH_RUN_MS || 300);

/** Median ops/s of `fn` (timing.mjs's timeRuns with MEDINS_BENCH_RUNS / _RUN_MS). */
export const measure = (fn, firstMs = 0) =>
  timeRuns(fn, { now: () => performance.now(), runs: RUNS, runMs: RUN_MS, firstMs }).rate;
