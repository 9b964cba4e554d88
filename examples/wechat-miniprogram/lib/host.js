// The runtime's API in the shapes of WeChat's `wx`, which the pages and the
// journey call: `wx` itself in WeChat; in Alipay, `my` with the few calls
// this app makes adapted (my's sync storage calls take {key} and answer
// {data}; my.request takes `headers` and answers `status`). Alipay has no
// secure random API: its `randomBytes` is what config.js is given.
/* global wx, my */
const config = require('./config.js');

function fromMy(api) {
  return {
    getStorageSync(key) {
      const res = api.getStorageSync({ key });
      return res && res.data !== null && res.data !== undefined ? res.data : '';
    },
    setStorageSync(key, data) {
      const res = api.setStorageSync({ key, data });
      if (res && res.error) throw new Error('setStorageSync failed: ' + res.errorMessage);
    },
    removeStorageSync: (key) => api.removeStorageSync({ key }),
    request(args) {
      return api.request(Object.assign({}, args, {
        headers: args.header,
        success: (res) => args.success({ data: res.data, statusCode: res.status, header: res.headers }),
        fail: (err) => args.fail({ errMsg: err && err.errorMessage }),
      }));
    },
    getSystemInfoSync: () => api.getSystemInfoSync(),
    navigateTo: (args) => api.navigateTo(args),
    redirectTo: (args) => api.redirectTo(args),
  };
}

/**
 * {runtime, host, medins, load(), walletStore()}: medins's entry for this
 * runtime ('medins' after WeChat's npm build, 'medins/alipay'), how to load
 * it and the wallet store in this runtime's storage.
 */
function detect() {
  if (typeof wx !== 'undefined') {
    const medins = require('medins');
    return { runtime: 'wechat', host: wx, medins, load: () => medins.load(), walletStore: () => medins.wxWalletStore(wx) };
  }
  const medins = require('medins/alipay');
  return {
    runtime: 'alipay', host: fromMy(my), medins,
    load: () => medins.load({ path: config.alipayWasmPath, randomBytes: config.randomBytes }),
    walletStore: () => medins.myWalletStore(my),
  };
}

module.exports = detect();
