// What `npm pack` puts in the medins package: README, LICENSE, every file the
// package.json names, each form of the module once (dist/medins.wasm for Node
// and browsers, its brotli form beside the mini-program bundles), no tests;
// and entries a bundler can take: the `module` field and the browser entry
// reach no node: import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { root } from './support.mjs';

const pkgDir = join(root, 'js-glue');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

function packed() {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir, encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout)[0].files.map((f) => f.path).sort();
}

/** Every file `file` imports, transitively (relative ES module imports), with its bare imports. */
function importGraph(file, seen = new Map()) {
  if (seen.has(file)) return seen;
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'/gm)].map((m) => m[1]);
  seen.set(file, specs.filter((s) => !s.startsWith('.')));
  for (const s of specs.filter((s) => s.startsWith('.'))) importGraph(join(dirname(file), s), seen);
  return seen;
}

test('npm pack: README, LICENSE, one copy of each module, every entry, no tests', (t) => {
  const files = packed();
  t.diagnostic(`${files.length} files`);
  for (const f of ['README.md', 'LICENSE', 'package.json']) assert.ok(files.includes(f), f);
  assert.equal(readFileSync(join(pkgDir, 'LICENSE'), 'utf8'), readFileSync(join(root, 'LICENSE'), 'utf8'), 'the package LICENSE is the repository\'s');
  assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.equal(pkg.license, 'Apache-2.0');
  assert.deepEqual(files.filter((f) => /\.wasm(\.br)?$/.test(f)), ['dist/medins.wasm', 'dist/miniprogram/medins.wasm.br']);
  assert.deepEqual(files.filter((f) => /(^|\/)tests?\/|\.test\.|\.spec\./.test(f)), []);
  // Every file the manifest names is in the package.
  const targets = [pkg.main, pkg.module, pkg.types, pkg.miniprogram + '/index.js', ...Object.values(pkg.bin),
    ...Object.values(pkg.exports).flatMap(function targetsOf(c) { return typeof c === 'string' ? [c] : Object.values(c).flatMap(targetsOf); }),
    ...Object.values(pkg.typesVersions['*']).flat()];
  for (const target of targets) assert.ok(files.includes(relative('.', target)), `${target} is packed`);
});

test('the module field and the browser entry import nothing of Node', () => {
  for (const entry of [pkg.module, pkg.exports['.'].browser, ...['./browser', './wechat', './alipay'].map((e) => pkg.exports[e].import.default)]) {
    const graph = importGraph(join(pkgDir, entry));
    const bare = [...graph.values()].flat();
    assert.deepEqual(bare, [], `${entry} imports ${bare.join(', ')}`);
    // Nor does it read a global of Node.
    for (const file of graph.keys())
      assert.doesNotMatch(readFileSync(file, 'utf8'), /\bprocess\.|\brequire\(|\bBuffer\./, relative(pkgDir, file));
  }
});
