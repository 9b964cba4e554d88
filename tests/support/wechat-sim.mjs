// A simulated WeChat mini-program logic layer, shared by the glue tests
// (tests/glue/runtimes.test.mjs) and the mini-program example's test
// (tests/examples/wechat.test.mjs). It behaves the way WeChat does where
// medins depends on it:
//   - WXWebAssembly.instantiate takes an absolute path inside the code package
//     (.wasm or .wasm.br), never bytes; there is no WebAssembly global;
//   - no TextDecoder/TextEncoder, fetch, crypto, BigInt, process, Buffer;
//   - wx.getRandomValues is asynchronous (callbacks, ArrayBuffer);
//   - wx storage: *Sync and callback forms, values kept as JSON would keep
//     them, 1 MB per key and 10 MB in all, a missing key is '' (sync) or a
//     "data not found" failure (async);
//   - wx.request: callbacks, `data` as JSON body (POST) or query string (GET),
//     `success` for every HTTP status (fail only when nothing answered),
//     `res.data` parsed when the answer is JSON;
//   - each file of the package is a CommonJS module; `require('name')` of a
//     package resolves into miniprogram_npm/, as after WeChat's "Build npm".
import assert from 'node:assert/strict';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { join, dirname, posix } from 'node:path';

const RealWebAssembly = WebAssembly;
const ABSENT = ['WebAssembly', 'TextDecoder', 'TextEncoder', 'fetch', 'crypto', 'BigInt', 'process', 'require', 'Buffer'];

const MAX_KEY_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 10 * 1024 * 1024;

/** The storage half of `wx`: a Map of key -> JSON text, sync and callback APIs. */
export function wxStorage(data = new Map()) {
  const size = () => [...data.values()].reduce((n, v) => n + v.length, 0);
  const put = (key, value) => {
    if (typeof key !== 'string' || key === '') throw new Error('setStorage:fail parameter error: key should be a non-empty string');
    const text = JSON.stringify(value === undefined ? '' : value);
    if (Buffer.byteLength(text) > MAX_KEY_BYTES) throw new Error('setStorage:fail entry size limit reached');
    if (size() - (data.get(key)?.length ?? 0) + text.length > MAX_TOTAL_BYTES) throw new Error('setStorage:fail exceed storage max size 10MB');
    data.set(key, text);
  };
  const get = (key) => (data.has(key) ? JSON.parse(data.get(key)) : undefined);
  const later = (fn, args) => setTimeout(() => {
    let res;
    try {
      res = fn();
    } catch (e) {
      args.fail?.({ errMsg: e.message });
      args.complete?.();
      return;
    }
    args.success?.(res);
    args.complete?.();
  }, 0);
  return {
    data,
    setStorageSync: (key, value) => put(key, value),
    getStorageSync: (key) => (data.has(key) ? get(key) : ''),
    removeStorageSync: (key) => void data.delete(key),
    clearStorageSync: () => data.clear(),
    getStorageInfoSync: () => ({ keys: [...data.keys()], currentSize: Math.ceil(size() / 1024), limitSize: MAX_TOTAL_BYTES / 1024 }),
    setStorage: (args) => later(() => (put(args.key, args.data), { errMsg: 'setStorage:ok' }), args),
    getStorage: (args) => later(() => {
      if (!data.has(args.key)) throw new Error('getStorage:fail data not found');
      return { data: get(args.key), errMsg: 'getStorage:ok' };
    }, args),
    removeStorage: (args) => later(() => (data.delete(args.key), { errMsg: 'removeStorage:ok' }), args),
    getStorageInfo: (args) => later(() => ({ keys: [...data.keys()], currentSize: Math.ceil(size() / 1024), limitSize: MAX_TOTAL_BYTES / 1024 }), args),
  };
}

function queryString(data) {
  if (!data || typeof data !== 'object') return '';
  return Object.keys(data).map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof data[k] === 'object' ? JSON.stringify(data[k]) : String(data[k]))}`).join('&');
}

/**
 * wx.request over Node's fetch. `handler` (optional) answers instead of the
 * network: async ({method, url, header, body}) -> {statusCode, header, body}.
 * `log` collects {method, url, header, body, statusCode} of every request.
 */
export function wxRequest({ handler, log = [] } = {}) {
  return (args) => {
    const method = (args.method || 'GET').toUpperCase();
    let url = args.url;
    const header = { ...(args.header || {}) };
    let body;
    if (method === 'GET' || method === 'DELETE') {
      const q = queryString(args.data);
      if (q) url += (url.includes('?') ? '&' : '?') + q;
    } else if (args.data !== undefined) {
      const type = Object.keys(header).find((k) => k.toLowerCase() === 'content-type');
      if (!type) header['content-type'] = 'application/json';
      body = typeof args.data === 'string' ? args.data : JSON.stringify(args.data);
    }
    const answer = handler
      ? Promise.resolve().then(() => handler({ method, url, header, body }))
      : fetch(url, { method, headers: header, body }).then(async (r) => ({
        statusCode: r.status, header: Object.fromEntries(r.headers), body: await r.text(),
      }));
    answer.then((res) => {
      log.push({ method, url, header, body, statusCode: res.statusCode });
      let data = res.body;
      if ((args.dataType ?? 'json') === 'json' && typeof data === 'string') {
        try { data = JSON.parse(data); } catch { /* WeChat hands the text over as is */ }
      }
      args.success?.({ data, statusCode: res.statusCode, header: res.header || {}, errMsg: 'request:ok' });
      args.complete?.();
    }, (e) => {
      log.push({ method, url, header, body, statusCode: null });
      args.fail?.({ errMsg: `request:fail ${e.message}` });
      args.complete?.();
    });
    return { abort() {} };
  };
}

/** wx.getRandomValues: asynchronous, answers an ArrayBuffer, refuses more than 1 MiB. */
export function wxRandom({ delayMs = 1, calls = { random: 0 } } = {}) {
  return ({ length, success, fail }) => {
    calls.random++;
    if (length > 1048576) return setTimeout(() => fail({ errMsg: 'getRandomValues:fail length too large' }), delayMs);
    const values = new Uint8Array(length);
    webcrypto.getRandomValues(values);
    setTimeout(() => success({ randomValues: values.buffer }), delayMs);
  };
}

/** A whole `wx`: randomness, storage, request (see wxRequest), system info. */
export function createWx({ entropyDelayMs = 1, storage = new Map(), request = {}, calls = { random: 0 } } = {}) {
  return {
    getRandomValues: wxRandom({ delayMs: entropyDelayMs, calls }),
    ...wxStorage(storage),
    request: wxRequest(request),
    getSystemInfoSync: () => ({ platform: 'devtools', SDKVersion: '3.3.4', language: 'zh_CN' }),
    showToast() {}, showModal(args) { setTimeout(() => args.success?.({ confirm: true, cancel: false }), 0); },
    showLoading() {}, hideLoading() {},
    navigateTo(args) { calls.navigate = [...(calls.navigate || []), args.url]; },
    redirectTo(args) { calls.navigate = [...(calls.navigate || []), args.url]; },
  };
}

/**
 * WXWebAssembly over the package: `resolve(packagePath)` -> a file on disk or
 * null. Records every instantiated path in `calls.instantiate`.
 */
export function wxWebAssembly(resolve, calls = { instantiate: [] }) {
  calls.instantiate ??= [];
  return {
    instantiate(path, imports) {
      calls.instantiate.push(path);
      if (typeof path !== 'string' || !path.startsWith('/')) return Promise.reject(new Error('WXWebAssembly: path must be an absolute package path'));
      if (!/\.wasm(\.br)?$/.test(path)) return Promise.reject(new Error('WXWebAssembly: only .wasm and .wasm.br files'));
      const file = resolve(path);
      if (!file || !existsSync(file)) return Promise.reject(new Error(`no such file in package: ${path}`));
      let bytes = readFileSync(file);
      if (path.endsWith('.br')) bytes = brotliDecompressSync(bytes);
      return RealWebAssembly.instantiate(bytes, imports);
    },
    Memory: RealWebAssembly.Memory, Table: RealWebAssembly.Table, Global: RealWebAssembly.Global,
  };
}

/**
 * A logic layer of a mini-program whose code package is the directory `root`
 * (files resolve at /<path>). Returns {context, require, wx, calls, pages, app}:
 * `require(path)` loads a package file as WeChat does (CommonJS, one instance
 * per file); `Page(def)` / `App(def)` calls are recorded in `pages` (by route)
 * and `app`.
 */
export function miniprogramContext({ root, wx = createWx(), calls = { instantiate: [], random: 0 }, globals = {} }) {
  const pages = {};
  const state = { app: null, route: null };
  const sandbox = {
    wx, WXWebAssembly: wxWebAssembly((p) => join(root, p.slice(1)), calls),
    setTimeout, clearTimeout, setInterval, clearInterval, console,
    App: (def) => { state.app = def; },
    getApp: () => state.app,
    Page: (def) => { pages[state.route] = def; },
    Component: () => { throw new Error('this example has no components'); },
    getCurrentPages: () => [],
    ...globals,
  };
  const context = vm.createContext(sandbox);
  // A vm context has its own WebAssembly and BigInt; WeChat on iOS has neither.
  vm.runInContext('delete globalThis.WebAssembly; delete globalThis.BigInt;', context);
  for (const absent of ABSENT)
    assert.equal(vm.runInContext(`typeof ${absent}`, context), 'undefined', absent);

  const cache = new Map();
  const fileOf = (p) => join(root, p.slice(1));
  const isFile = (p) => existsSync(fileOf(p)) && statSync(fileOf(p)).isFile();
  function resolve(from, spec) {
    const candidates = (p) => [p, `${p}.js`, `${p}/index.js`];
    if (spec.startsWith('/') || spec.startsWith('./') || spec.startsWith('../')) {
      const base = spec.startsWith('/') ? spec : posix.join(posix.dirname(from), spec);
      const hit = candidates(posix.normalize(base)).find(isFile);
      if (hit) return hit;
    } else {
      // A package name: miniprogram_npm/ of this directory or of any parent.
      for (let dir = posix.dirname(from); ; dir = posix.dirname(dir)) {
        const hit = candidates(posix.join(dir, 'miniprogram_npm', spec)).find(isFile);
        if (hit) return hit;
        if (dir === '/') break;
      }
    }
    throw new Error(`module "${spec}" is not defined (required from ${from})`);
  }
  function load(path) {
    if (cache.has(path)) return cache.get(path).exports;
    const module = { exports: {} };
    cache.set(path, module);
    const source = readFileSync(fileOf(path), 'utf8');
    const fn = vm.runInContext(`(function (module, exports, require) {${source}\n})`, context, { filename: path });
    const route = path.replace(/^\//, '').replace(/\.js$/, '');
    const previous = state.route;
    state.route = route;
    try {
      fn.call(module.exports, module, module.exports, (spec) => load(resolve(path, spec)));
    } finally {
      state.route = previous;
    }
    return module.exports;
  }
  return {
    context, wx, calls, pages,
    get app() { return state.app; },
    require: (path) => load(resolve('/', path.startsWith('/') ? path : `/${path}`)),
  };
}

/**
 * Only the npm build's files, at /miniprogram_npm/medins/ (from `packageDir`,
 * the package's `miniprogram` directory): `medins` is the module's exports.
 */
export function wechatContext({ packageDir, entropyDelayMs = 1, wx } = {}) {
  const calls = { instantiate: [], random: 0 };
  wx ??= createWx({ entropyDelayMs, calls });
  const prefix = '/miniprogram_npm/medins/';
  const sandbox = {
    wx,
    WXWebAssembly: wxWebAssembly((p) => (p.startsWith(prefix) ? join(packageDir, p.slice(prefix.length)) : null), calls),
    setTimeout, clearTimeout, console, module: { exports: {} },
  };
  sandbox.exports = sandbox.module.exports;
  const context = vm.createContext(sandbox);
  vm.runInContext('delete globalThis.WebAssembly; delete globalThis.BigInt;', context);
  for (const absent of ABSENT)
    assert.equal(vm.runInContext(`typeof ${absent}`, context), 'undefined', absent);
  vm.runInContext(readFileSync(join(packageDir, 'index.js'), 'utf8'), context, { filename: 'miniprogram_npm/medins/index.js' });
  return { medins: sandbox.module.exports, calls, wx, context };
}

export const here = (url) => dirname(new URL(url).pathname);
