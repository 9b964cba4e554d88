#!/usr/bin/env node
// Does what the WeChat developer tools' "Tools → Build npm" does for this
// project (project.config.json: packNpmManually, packNpmRelationList): for
// each dependency in package.json, copy the directory its own package.json
// names in "miniprogram" into <miniprogramNpmDistDir>/miniprogram_npm/<name>/.
// For medins that is js-glue/dist/miniprogram/ (index.js + medins.wasm.br,
// made by js-glue/gen/bundle.mjs). The output is never committed.
//
//   node build-npm.mjs            # after `npm install` here, or straight from the repo's js-glue
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(readFileSync(join(project, 'project.config.json'), 'utf8'));
const relations = config.setting?.packNpmRelationList ?? [{ packageJsonPath: './package.json', miniprogramNpmDistDir: './' }];

/** Where a dependency is: node_modules/<name> next to package.json, else its `file:` spec. */
function packageDir(base, name, spec) {
  const installed = join(base, 'node_modules', name);
  if (existsSync(join(installed, 'package.json'))) return installed;
  if (typeof spec === 'string' && spec.startsWith('file:')) return resolve(base, spec.slice(5));
  throw new Error(`${name} is not installed: run \`npm install\` in ${base}`);
}

// A module rebuilt (js-glue/dist/medins.wasm) without its brotli copy would
// ship the old module to WeChat: rebuild the copy from the module then.
function freshBrotli(pkg, out) {
  const br = join(out, 'medins.wasm.br');
  const wasm = join(pkg, 'dist', 'medins.wasm');
  if (!existsSync(br) || !existsSync(wasm)) return;
  const module = readFileSync(wasm);
  if (brotliDecompressSync(readFileSync(br)).equals(module)) return;
  console.warn('build-npm: medins.wasm.br is older than dist/medins.wasm; compressing the current module');
  writeFileSync(br, brotliCompressSync(module, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: module.length } }));
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
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    cpSync(source, out, { recursive: true });
    freshBrotli(dir, out);
    console.log(`miniprogram_npm/${name}/: ${readdirSync(out).join(', ')}`);
  }
}
