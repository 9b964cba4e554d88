// WeChat (and Alipay-style) backend of the wallet store over wx.setStorage /
// wx.getStorage / wx.removeStorage / wx.getStorageInfo. WeChat allows 1 MB
// per key and 10 MB per mini-program, so the store keeps chunks under
// 512 KiB and the index small. One setStorage call replaces one key whole,
// which is the atomicity the store needs.
import { createWalletStore } from './wallet-store.mjs';

function call(wx, name, args) {
  return new Promise((resolve, reject) => {
    wx[name]({
      ...args,
      success: resolve,
      fail: (err) => reject(Object.assign(new Error(`wx.${name} failed: ${err?.errMsg ?? err}`), { wx: err })),
    });
  });
}

export function wxStorageBackend(wx) {
  return {
    async get(key) {
      try {
        const res = await call(wx, 'getStorage', { key });
        return res.data === '' || res.data === undefined ? null : res.data;
      } catch (e) {
        // WeChat reports a missing key as a failure ("data not found").
        if (/not found/i.test(e.wx?.errMsg ?? '')) return null;
        throw e;
      }
    },
    set: (key, data) => call(wx, 'setStorage', { key, data }),
    remove: (key) => call(wx, 'removeStorage', { key }),
    async keys() {
      return (await call(wx, 'getStorageInfo', {})).keys;
    },
  };
}

/** A wallet store in wx storage (pass the `wx` or `my`-compatible global). */
export function wxWalletStore(wx, options = {}) {
  return createWalletStore(wxStorageBackend(wx), options);
}
