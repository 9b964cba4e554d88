// The bench never runs in the test suite (it reports, it does not judge), so
// nothing else would notice a bench script that no longer even parses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './support.mjs';

test('every bench script parses', () => {
  const scripts = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.mjs'));
  assert.ok(scripts.includes('run.mjs'));
  for (const f of scripts) execFileSync(process.execPath, ['--check', join(root, 'bench', f)], { stdio: 'pipe' });
});
