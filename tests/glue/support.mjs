// Shared by the glue tests: repo paths, the vector cases, the three CLIs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const nativeCli = join(root, 'build', 'native', 'medins');
export const wasmCli = join(root, 'js-glue', 'bin', 'medins.mjs');
export const wasmPath = join(root, 'js-glue', 'dist', 'medins.wasm');

/** Every shared vector case: {op, file, name, input, expected | error, now?}. */
export function vectorCases() {
  const dir = join(root, 'tests', 'vectors');
  const cases = [];
  for (const op of readdirSync(dir).sort()) {
    if (op === 'official' || !statSync(join(dir, op)).isDirectory()) continue;
    for (const file of readdirSync(join(dir, op)).sort()) {
      if (!file.endsWith('.json')) continue;
      const doc = JSON.parse(readFileSync(join(dir, op, file), 'utf8'));
      for (const c of Array.isArray(doc) ? doc : [doc]) cases.push({ op, file, ...c });
    }
  }
  return cases;
}

/** Runs a CLI with `input` (string or Buffer) on stdin; returns {status, out}. */
export function runCli(kind, args, input, env = {}) {
  const [cmd, argv] = kind === 'native' ? [nativeCli, args] : [process.execPath, [wasmCli, ...args]];
  const r = spawnSync(cmd, argv, { input, env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const text = r.stdout.toString('utf8').trim();
  return { status: r.status, out: text ? JSON.parse(text) : null };
}
