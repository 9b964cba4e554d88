// WeChat mini-programs: WXWebAssembly.instantiate takes only a path inside the
// code package (no bytes, no fetch); randomness comes from the asynchronous
// wx.getRandomValues into a pool filled before the module starts.
import { createSdk, EntropySource, memoize, MedinsError } from '../core.mjs';

/** The packaged module path after WeChat's npm build (`.wasm.br`: base library >= 2.14.0). */
export const DEFAULT_WECHAT_PATH = '/miniprogram_npm/medins/medins.wasm.br';

function wxRandom(wxApi) {
  return (length) => new Promise((resolve, reject) => {
    wxApi.getRandomValues({
      length,
      success: (res) => resolve(new Uint8Array(res.randomValues)),
      fail: (err) => reject(new MedinsError('keys.no_entropy', `wx.getRandomValues failed: ${err && err.errMsg}`)),
    });
  });
}

/**
 * Loads medins in a WeChat mini-program. Options: `path` of the module in the
 * package (default DEFAULT_WECHAT_PATH), `wx` and `WXWebAssembly` (default: the
 * globals; injectable for plugins and tests), `randomBytes(length) → Promise<Uint8Array>`
 * (a plugin host must inject entropy: plugins have no wx.getRandomValues), `nowS` (or the older `now` in ms), `fresh`.
 */
export const load = memoize(async (options = {}) => {
  const wxApi = options.wx || (typeof wx !== 'undefined' ? wx : undefined);  // eslint-disable-line no-undef
  const wasmApi = options.WXWebAssembly || (typeof WXWebAssembly !== 'undefined' ? WXWebAssembly : undefined);  // eslint-disable-line no-undef
  if (!wasmApi) throw new MedinsError('glue.load_failed', 'WXWebAssembly is not available (base library >= 2.15.0 needed)');
  const randomBytes = options.randomBytes || (wxApi && wxApi.getRandomValues ? wxRandom(wxApi) : null);
  if (!randomBytes) throw new MedinsError('keys.no_entropy', 'no wx.getRandomValues: inject options.randomBytes');
  const path = options.path || DEFAULT_WECHAT_PATH;
  return createSdk({
    instantiate: (imports) => wasmApi.instantiate(path, imports),
    entropy: new EntropySource({ async: randomBytes, poolSize: options.poolSize || 4096 }),
    now: options.now, nowS: options.nowS,
  });
});
