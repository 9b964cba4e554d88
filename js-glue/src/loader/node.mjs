// Node.js: the module from a file, randomness from node:crypto.
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createSdk, EntropySource, memoize } from '../core.mjs';

// In the CommonJS bundle (dist/index.cjs) the module sits beside the bundle.
// `node -e` and the REPL define a global __dirname of '.' (and __filename
// '[eval]'), so the bundle is recognized by its own file name, not by
// __dirname alone.
const defaultWasm = typeof __dirname === 'string' && typeof __filename === 'string' && /\.c?js$/.test(__filename)
  ? `${__dirname}/medins.wasm`
  : fileURLToPath(new URL('../../dist/medins.wasm', import.meta.url));

/**
 * Loads medins in Node. Options: `wasmPath` (default: the packaged module),
 * `getRandomValues` (inject a CSPRNG), `nowS` (clock in Unix seconds; `now` in milliseconds is the older form), `fresh` (skip memoization).
 */
export const load = memoize(async (options = {}) => {
  const getRandomValues = options.getRandomValues || ((a) => webcrypto.getRandomValues(a));
  return createSdk({
    // Read inside instantiate: a missing file is glue.load_failed like a refused module.
    instantiate: (imports) => WebAssembly.instantiate(readFileSync(options.wasmPath || defaultWasm), imports),
    entropy: options.entropy || new EntropySource({ sync: getRandomValues }),
    now: options.now, nowS: options.nowS,
  });
});
