// A simulated Alipay mini-program logic layer, beside the WeChat one
// (wechat-sim.mjs, whose package loading and engine limits it shares). Where
// medins depends on it, it behaves as Alipay's documentation says
// (docs notes: miniprogram-runtimes.md):
//   - MYWebAssembly.instantiate takes an absolute path inside the code package
//     (.wasm or .wasm.br), never bytes; there is no WebAssembly global and no
//     `wx`. (On devices MYWebAssembly exists only inside Workers of enterprise
//     mini-programs: the simulation does not model the Worker boundary.)
//   - no secure random API: entropy is what the host injects;
//   - my storage: the sync forms take {key, data} and answer {data} (null
//     for a missing key), the callback forms answer a missing key with
//     success and data null; one value may be 200 KB, counted as the length
//     of its JSON text (error 14), 10 MB in all (error 12); failures are
//     {error, errorMessage};
//   - my.request takes `headers` and answers {data, status, headers}.
import { storageCore, later, wxRequest } from './wx-api.mjs';
import { miniprogramContext, wechatContext, wxWebAssembly } from './wechat-sim.mjs';

export const ALIPAY_VALUE_BYTES = 200 * 1024;

function refusal(error, errorMessage) {
  return Object.assign(new Error(errorMessage), { alipay: { error, errorMessage } });
}
const REFUSALS = { key: [2, '必填参数为空。'], value: [14, 'data长度超限。'], full: [12, '存储总大小达到上限。'] };

/** The storage half of `my`. */
export function myStorage(data = new Map()) {
  const { put, get, info } = storageCore(data, { maxValue: ALIPAY_VALUE_BYTES, measure: (text) => text.length,
    refuse: (why) => refusal(...REFUSALS[why]) });
  const myLater = (fn, args) => later(fn, args, (e) => e.alipay ?? { error: 3, errorMessage: e.message });
  const value = (key) => (data.has(key) ? get(key) : null);
  return {
    data,
    setStorageSync: ({ key, data: v }) => (put(key, v), { success: true }),
    getStorageSync: ({ key }) => ({ data: value(key) }),
    removeStorageSync: ({ key }) => (data.delete(key), { success: true }),
    clearStorageSync: () => data.clear(),
    getStorageInfoSync: info,
    setStorage: (args) => myLater(() => (put(args.key, args.data), { success: true }), args),
    getStorage: (args) => myLater(() => ({ data: value(args.key) }), args),
    removeStorage: (args) => myLater(() => (data.delete(args.key), { success: true }), args),
    getStorageInfo: (args) => myLater(info, args),
  };
}

/** my.request over wx-api.mjs's network: `headers` in, `status` and `headers` out. */
export function myRequest(options = {}) {
  const request = wxRequest(options);
  return (args) => request({
    ...args, header: args.headers, headers: undefined,
    success: (res) => args.success?.({ data: res.data, status: res.statusCode, headers: res.header }),
    fail: (err) => args.fail?.({ error: 19, errorMessage: err.errMsg }),
  });
}

/** A whole `my`: storage, request, system info, navigation (recorded in calls.navigate); no randomness. */
export function createMy({ storage = new Map(), request = {}, calls = {} } = {}) {
  const navigate = (args) => { calls.navigate = [...(calls.navigate || []), args.url]; };
  return {
    ...myStorage(storage),
    request: myRequest(request),
    getSystemInfoSync: () => ({ platform: 'iOS', version: '10.5.60', language: 'zh-Hans', app: 'alipay' }),
    navigateTo: navigate, redirectTo: navigate,
    showToast() {}, showLoading() {}, hideLoading() {},
    alert(args) { setTimeout(() => args.success?.(), 0); },
    confirm(args) { setTimeout(() => args.success?.({ confirm: true }), 0); },
  };
}

/** An Alipay logic layer over the code package `root` (as miniprogramContext): `my` and MYWebAssembly, no `wx`. */
export function alipayContext({ root, my = createMy(), calls = { instantiate: [] } }) {
  const mp = miniprogramContext({ root, calls, runtime: (resolve) => ({ my, MYWebAssembly: wxWebAssembly(resolve, calls, 'MYWebAssembly') }) });
  return Object.assign(mp, { my });
}

/** Only the package's Alipay bundle (dist/miniprogram/alipay.js) in an Alipay logic layer, as wechatContext does for WeChat's. */
export function alipayBundleContext({ packageDir, my = createMy(), calls = { instantiate: [] } }) {
  const ctx = wechatContext({ packageDir, file: 'alipay.js', calls,
    runtime: (resolve) => ({ my, MYWebAssembly: wxWebAssembly(resolve, calls, 'MYWebAssembly') }) });
  return Object.assign(ctx, { my });
}
