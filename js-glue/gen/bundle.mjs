// Builds the CommonJS bundles: dist/index.cjs (Node require) and
// dist/miniprogram/index.js (+ medins.wasm.br), which WeChat's npm build copies
// into miniprogram_npm/medins/.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, format: 'cjs', legalComments: 'none', logLevel: 'warning' };
await build({ ...common, entryPoints: [join(root, 'src/index.mjs')], outfile: join(root, 'dist/index.cjs'),
  platform: 'node', target: 'node18', logOverride: { 'empty-import-meta': 'silent' } });
mkdirSync(join(root, 'dist/miniprogram'), { recursive: true });
// WeChat's logic layer runs ES2017 on every supported base library; no
// globals of Node or of browsers are touched by this entry.
await build({ ...common, entryPoints: [join(root, 'src/wechat.mjs')], outfile: join(root, 'dist/miniprogram/index.js'),
  platform: 'neutral', target: 'es2017', minify: true });
copyFileSync(join(root, 'dist/medins.wasm.br'), join(root, 'dist/miniprogram/medins.wasm.br'));
