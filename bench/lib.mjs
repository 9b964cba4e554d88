// Shared helpers of the bench scripts: timing (warm-up + median of runs), the
// repo root, and a CommonJS require for packages whose ESM entry is broken
// (libsodium-wrappers).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const require = createRequire(join(root, 'package.json'));

const RUNS = Number(process.env.MEDINS_BENCH_RUNS || 5);
const RUN_MS = Number(process.env.MEDINS_BENCH_RUN_MS || 300);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Median ops/s of RUNS timed runs of `fn` (each at least RUN_MS and one call)
 * after one warm-up run; a case slower than 1 s per call gets 3 runs.
 */
export function measure(fn) {
  const rates = [];
  let runs = RUNS;
  for (let r = -1; r < runs; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed;
    do {
      fn();
      n++;
      elapsed = performance.now() - start;
    } while (elapsed < RUN_MS);
    if (r === -1 && elapsed / n > 1000) runs = Math.min(runs, 3);
    if (r >= 0) rates.push((n * 1000) / elapsed);
  }
  return median(rates);
}
