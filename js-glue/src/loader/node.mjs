// Node.js: the module from a file, randomness from node:crypto.
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createSdk, EntropySource, memoize } from '../core.mjs';

// In the CommonJS bundle (dist/index.cjs) the module sits beside the bundle.
const defaultWasm = typeof __dirname === 'string'
  ? `${__dirname}/medins.wasm`
  : fileURLToPath(new URL('../../dist/medins.wasm', import.meta.url));

/**
 * Loads medins in Node. Options: `wasmPath` (default: the packaged module),
 * `getRandomValues` (inject a CSPRNG), `now` (ms clock), `fresh` (skip memoization).
 */
export const load = memoize(async (options = {}) => {
  const bytes = readFileSync(options.wasmPath || defaultWasm);
  const getRandomValues = options.getRandomValues || ((a) => webcrypto.getRandomValues(a));
  return createSdk({
    instantiate: (imports) => WebAssembly.instantiate(bytes, imports),
    entropy: options.entropy || new EntropySource({ sync: getRandomValues }),
    now: options.now,
  });
});
