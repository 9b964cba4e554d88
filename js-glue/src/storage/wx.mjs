// Backend of the wallet store over a mini-program's storage API: WeChat's
// wx.setStorage / getStorage / removeStorage / getStorageInfo, and Alipay's
// my.* of the same names and callback shapes. One setStorage call replaces
// one key whole, which is the atomicity the store needs. The runtimes differ
// in what one key holds (WeChat 1 MB, Alipay 200 KB: the length of the value
// as a string), which the backend reports as maxValueBytes for the store to
// size its chunks by, and in how they answer a missing key (WeChat: a "data
// not found" failure; Alipay: success with null).
import { createWalletStore } from './wallet-store.mjs';

const WECHAT_VALUE_BYTES = 1024 * 1024;
const ALIPAY_VALUE_BYTES = 200 * 1024;

function call(api, name, args) {
  return new Promise((resolve, reject) => {
    api[name]({
      ...args,
      success: resolve,
      // WeChat fails with {errMsg}, Alipay with {error, errorMessage}.
      fail: (err) => reject(Object.assign(new Error(`${name} failed: ${err?.errMsg ?? err?.errorMessage ?? err}`), { wx: err })),
    });
  });
}

function storageBackend(api, maxValueBytes) {
  return {
    maxValueBytes,
    async get(key) {
      try {
        const res = await call(api, 'getStorage', { key });
        return res.data === '' || res.data == null ? null : res.data;
      } catch (e) {
        if (/not found/i.test(e.wx?.errMsg ?? '')) return null;
        throw e;
      }
    },
    set: (key, data) => call(api, 'setStorage', { key, data }),
    remove: (key) => call(api, 'removeStorage', { key }),
    async keys() {
      return (await call(api, 'getStorageInfo', {})).keys;
    },
  };
}

export const wxStorageBackend = (wx) => storageBackend(wx, WECHAT_VALUE_BYTES);
export const myStorageBackend = (my) => storageBackend(my, ALIPAY_VALUE_BYTES);

/** A wallet store in WeChat storage (pass the `wx` global). */
export const wxWalletStore = (wx, options = {}) => createWalletStore(wxStorageBackend(wx), options);
/** A wallet store in Alipay storage (pass the `my` global). */
export const myWalletStore = (my, options = {}) => createWalletStore(myStorageBackend(my), options);
