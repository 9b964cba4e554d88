#!/usr/bin/env node
// Does what the WeChat developer tools' "Tools → Build npm" does for this
// project (project.config.json: packNpmManually, packNpmRelationList): for
// each dependency in package.json, copy the directory its own package.json
// names in "miniprogram" into <miniprogramNpmDistDir>/miniprogram_npm/<name>/.
// For medins that is js-glue/dist/miniprogram/ (index.js + medins.wasm.br,
// made by js-glue/gen/bundle.mjs). The output is never committed.
//
//   node build-npm.mjs [project]  # after `npm install`, or straight from the repo's js-glue
//
// Files are replaced one by one, atomically (temp + rename), and only when
// they changed: a test reading miniprogram_npm/ while another run rebuilds
// it sees the old file or the new one.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
const config = JSON.parse(readFileSync(join(project, 'project.config.json'), 'utf8'));
const relations = config.setting?.packNpmRelationList ?? [{ packageJsonPath: './package.json', miniprogramNpmDistDir: './' }];

/** Where a dependency is: node_modules/<name> next to package.json, else its `file:` spec. */
function packageDir(base, name, spec) {
  const installed = join(base, 'node_modules', name);
  if (existsSync(join(installed, 'package.json'))) return installed;
  if (typeof spec === 'string' && spec.startsWith('file:')) return resolve(base, spec.slice(5));
  throw new Error(`${name} is not installed: run \`npm install\` in ${base}`);
}

function put(file, bytes) {
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/** Mirrors the directory `from` into `to`; `adjust(path, bytes)` may replace a file's bytes. */
function mirror(from, to, adjust) {
  mkdirSync(to, { recursive: true });
  const names = new Set(readdirSync(from));
  for (const name of names) {
    const src = join(from, name);
    if (statSync(src).isDirectory()) mirror(src, join(to, name), adjust);
    else put(join(to, name), adjust(join(to, name), readFileSync(src)));
  }
  for (const name of readdirSync(to))
    if (!names.has(name) && !name.endsWith('.tmp')) rmSync(join(to, name), { recursive: true, force: true });
}

// A module rebuilt (js-glue/dist/medins.wasm) without its brotli copy would
// ship the old module to WeChat: use the current module then.
function freshBrotli(pkg) {
  const wasm = join(pkg, 'dist', 'medins.wasm');
  return (target, bytes) => {
    if (!target.endsWith('medins.wasm.br') || !existsSync(wasm)) return bytes;
    const module = readFileSync(wasm);
    if (brotliDecompressSync(bytes).equals(module)) return bytes;
    if (existsSync(target) && brotliDecompressSync(readFileSync(target)).equals(module)) return readFileSync(target);
    console.warn('build-npm: medins.wasm.br is older than dist/medins.wasm; compressing the current module');
    return brotliCompressSync(module, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: module.length } });
  };
}

for (const relation of relations) {
  const pkgJson = resolve(project, relation.packageJsonPath);
  const base = dirname(pkgJson);
  const deps = JSON.parse(readFileSync(pkgJson, 'utf8')).dependencies ?? {};
  const npmDir = join(resolve(project, relation.miniprogramNpmDistDir), 'miniprogram_npm');
  for (const [name, spec] of Object.entries(deps)) {
    const dir = packageDir(base, name, spec);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const source = join(dir, meta.miniprogram ?? 'miniprogram_dist');
    if (!existsSync(join(source, 'index.js')))
      throw new Error(`${name}: ${source}/index.js is missing (medins: run \`node js-glue/gen/bundle.mjs\` after scripts/build.sh)`);
    const out = join(npmDir, name);
    mirror(source, out, freshBrotli(dir));
    console.log(`miniprogram_npm/${name}/: ${readdirSync(out).join(', ')}`);
  }
}
