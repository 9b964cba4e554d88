// The native CLI as the vector generators call it (tests/vectors/**/make-*.mjs):
// `node <generator> [path/to/medins]`, the repository's build/native/medins by
// default. callCli returns the op's output, or its error object when the op
// refused (exit 1); a usage error or a crash throws, so a generator never
// writes an answer the CLI did not give.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cli = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'native', 'medins');

export function callCli(op, input, env = {}) {
  try {
    return JSON.parse(execFileSync(cli, [op], { input: JSON.stringify(input), env: { ...process.env, ...env } }).toString());
  } catch (e) {
    if (e.status === 1) return JSON.parse(e.stdout.toString());
    throw e;
  }
}
