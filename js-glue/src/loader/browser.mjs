// Browsers: fetch + instantiateStreaming, falling back to an ArrayBuffer when
// the server does not send application/wasm. Randomness: crypto.getRandomValues.
import { createSdk, EntropySource, memoize, MedinsError } from '../core.mjs';

// import.meta is empty in the CommonJS build (dist/browser.cjs): there the
// module's place is unknown and `url` must be given.
function defaultUrl() {
  if (!import.meta.url) throw new MedinsError('glue.load_failed', 'options.url of medins.wasm is required with the CommonJS build');
  return new URL('../../dist/medins.wasm', import.meta.url).href;
}

/**
 * Loads medins in a browser. Options: `url` of medins.wasm (default: beside
 * this package's dist/), `getRandomValues`, `nowS` (or the older `now` in ms), `fresh`.
 */
export const load = memoize(async (options = {}) => {
  const url = options.url || defaultUrl();
  const cryptoApi = globalThis.crypto;
  const getRandomValues = options.getRandomValues || (cryptoApi && ((a) => cryptoApi.getRandomValues(a)));
  if (!getRandomValues) throw new MedinsError('keys.no_entropy', 'no crypto.getRandomValues in this browser');
  const instantiate = async (imports) => {
    const response = await fetch(url);
    if (!response.ok) throw new MedinsError('glue.load_failed', `cannot fetch ${url}: ${response.status}`);
    if (WebAssembly.instantiateStreaming) {
      try {
        return await WebAssembly.instantiateStreaming(response.clone(), imports);
      } catch (_) {
        // Wrong MIME type or no streaming compile: fall back to bytes.
      }
    }
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  };
  return createSdk({ instantiate, entropy: new EntropySource({ sync: getRandomValues }), now: options.now, nowS: options.nowS });
});
