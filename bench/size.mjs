// Sizes: the wasm module (raw, gzip -9, brotli -q 11), the JS glue, the npm
// package as `npm pack` would publish it, and libsodium.js for reference.
// Usage: node bench/size.mjs [WASM_PATH]; prints JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root, require } from './lib.mjs';

export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export function measureSizes(wasmPath = join(root, 'js-glue/dist/medins.wasm')) {
  const out = { wasm: sizes(readFileSync(wasmPath)) };
  // The glue a Node/browser user loads: src/*.mjs + loaders (ESM), concatenated.
  const glue = Buffer.concat(filesUnder(join(root, 'js-glue/src')).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(f)));
  out.glue_esm = sizes(glue);
  out.glue_wechat = sizes(readFileSync(join(root, 'js-glue/dist/miniprogram/index.js')));
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: join(root, 'js-glue'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
  out.npm = { tarball: pack.size, unpacked: pack.unpackedSize, files: pack.entryCount };
  try {
    const lsjs = require.resolve('libsodium');
    out.libsodium_js = sizes(readFileSync(lsjs));
  } catch { /* not installed */ }
  return out;
}

if (process.argv[1] && process.argv[1].endsWith('size.mjs')) console.log(JSON.stringify(measureSizes(process.argv[2])));
