// Builds the CommonJS bundles: dist/index.cjs (Node require), dist/browser.cjs,
// and dist/miniprogram/index.js (WeChat) and alipay.js (Alipay) beside the
// module (medins.wasm.br, written there by scripts/build.sh), which WeChat's
// npm build copies into miniprogram_npm/medins/.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, format: 'cjs', legalComments: 'none', logLevel: 'warning' };
// import.meta is empty in CommonJS; the loaders that read it know (node.mjs, browser.mjs).
const noMeta = { logOverride: { 'empty-import-meta': 'silent' } };
await build({ ...common, ...noMeta, entryPoints: [join(root, 'src/index.mjs')], outfile: join(root, 'dist/index.cjs'),
  platform: 'node', target: 'node18' });
await build({ ...common, ...noMeta, entryPoints: [join(root, 'src/browser.mjs')], outfile: join(root, 'dist/browser.cjs'),
  platform: 'browser', target: 'es2020' });
mkdirSync(join(root, 'dist/miniprogram'), { recursive: true });
// The mini-programs' logic layers run ES2017 on every supported base library;
// no globals of Node or of browsers are touched by these entries.
for (const [entry, out] of [['wechat', 'index.js'], ['alipay', 'alipay.js']])
  await build({ ...common, entryPoints: [join(root, `src/${entry}.mjs`)], outfile: join(root, 'dist/miniprogram', out),
    platform: 'neutral', target: 'es2017', minify: true });
// The package is "type": "module"; these .js files are CommonJS (Node's require('medins/wechat')).
writeFileSync(join(root, 'dist/miniprogram/package.json'), '{ "type": "commonjs" }\n');
