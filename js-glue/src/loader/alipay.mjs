// Alipay mini-programs (experimental: MYWebAssembly exists only inside Workers
// of enterprise mini-programs). Same shape as WeChat: a package path, and
// entropy the host must inject (no documented secure random API).
import { createSdk, EntropySource, memoize, MedinsError } from '../core.mjs';

/**
 * Loads medins in an Alipay Worker. Options: `path` (required), `MYWebAssembly`
 * (default: the global), `randomBytes(length) → Promise<Uint8Array>` (required), `poolSize`, `nowS` (or the older `now` in ms), `fresh`.
 */
export const load = memoize(async (options = {}) => {
  const wasmApi = options.MYWebAssembly || (typeof MYWebAssembly !== 'undefined' ? MYWebAssembly : undefined);  // eslint-disable-line no-undef
  if (!wasmApi) throw new MedinsError('glue.load_failed', 'MYWebAssembly is not available (Alipay Worker, base library >= 2.9.7)');
  if (!options.randomBytes) throw new MedinsError('keys.no_entropy', 'Alipay has no secure random API: inject options.randomBytes');
  if (!options.path) throw new MedinsError('glue.load_failed', 'options.path of medins.wasm in the package is required');
  return createSdk({
    instantiate: (imports) => wasmApi.instantiate(options.path, imports),
    entropy: new EntropySource({ async: options.randomBytes, poolSize: options.poolSize || 4096 }),
    now: options.now, nowS: options.nowS,
  });
});
