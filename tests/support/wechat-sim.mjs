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
import { join, dirname } from 'node:path';
import { wxStorage, wxRequest, wxPages, packageLoader } from './wx-api.mjs';

const RealWebAssembly = WebAssembly;
const ABSENT = ['WebAssembly', 'TextDecoder', 'TextEncoder', 'fetch', 'crypto', 'BigInt', 'process', 'require', 'Buffer'];

export { wxStorage, wxRequest };

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
    ...wxPages(calls),
  };
}

/**
 * WXWebAssembly over the package: `resolve(packagePath)` -> a file on disk or
 * null. Records every instantiated path in `calls.instantiate`.
 */
export function wxWebAssembly(resolve, calls = { instantiate: [] }, name = 'WXWebAssembly') {
  calls.instantiate ??= [];
  return {
    instantiate(path, imports) {
      calls.instantiate.push(path);
      if (typeof path !== 'string' || !path.startsWith('/')) return Promise.reject(new Error(`${name}: path must be an absolute package path`));
      if (!/\.wasm(\.br)?$/.test(path)) return Promise.reject(new Error(`${name}: only .wasm and .wasm.br files`));
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
 * and `app`. `runtime(resolve, calls)` gives the runtime's own globals
 * (default: WeChat's `wx` and `WXWebAssembly`; tests/support/alipay-sim.mjs
 * gives Alipay's).
 */
export function miniprogramContext({ root, wx = createWx(), calls = { instantiate: [], random: 0 }, globals = {},
  runtime = (resolve) => ({ wx, WXWebAssembly: wxWebAssembly(resolve, calls) }) }) {
  const pages = {};
  const state = { app: null, current: null };
  const sandbox = {
    ...runtime((p) => join(root, p.slice(1)), calls),
    setTimeout, clearTimeout, setInterval, clearInterval, console,
    App: (def) => { state.app = def; },
    getApp: () => state.app,
    Page: (def) => { pages[state.current] = def; },
    Component: () => { throw new Error('this example has no components'); },
    getCurrentPages: () => [],
    ...globals,
  };
  const context = vm.createContext(sandbox);
  // A vm context has its own WebAssembly and BigInt; WeChat on iOS has neither.
  vm.runInContext('delete globalThis.WebAssembly; delete globalThis.BigInt;', context);
  for (const absent of ABSENT)
    assert.equal(vm.runInContext(`typeof ${absent}`, context), 'undefined', absent);

  const fileOf = (p) => join(root, p.slice(1));
  const require = packageLoader({
    isFile: (p) => existsSync(fileOf(p)) && statSync(fileOf(p)).isFile(),
    read: (p) => readFileSync(fileOf(p), 'utf8'),
    compile: (source, path) => vm.runInContext(`(function (module, exports, require) {${source}\n})`, context, { filename: path }),
    route: state,
  });
  return {
    context, wx, calls, pages,
    get app() { return state.app; },
    require,
  };
}

/**
 * Only the npm build's files, at /miniprogram_npm/medins/ (from `packageDir`,
 * the package's `miniprogram` directory): `medins` is the exports of its
 * `file` (index.js: WeChat's bundle). `runtime(resolve, calls)` gives the
 * runtime's globals (default WeChat's, as in miniprogramContext).
 */
export function wechatContext({ packageDir, entropyDelayMs = 1, wx, file = 'index.js', calls = { instantiate: [], random: 0 },
  runtime = (resolve) => ({ wx: wx ?? createWx({ entropyDelayMs, calls }), WXWebAssembly: wxWebAssembly(resolve, calls) }) } = {}) {
  const prefix = '/miniprogram_npm/medins/';
  const sandbox = {
    ...runtime((p) => (p.startsWith(prefix) ? join(packageDir, p.slice(prefix.length)) : null), calls),
    setTimeout, clearTimeout, console, module: { exports: {} },
  };
  sandbox.exports = sandbox.module.exports;
  const context = vm.createContext(sandbox);
  vm.runInContext('delete globalThis.WebAssembly; delete globalThis.BigInt;', context);
  for (const absent of ABSENT)
    assert.equal(vm.runInContext(`typeof ${absent}`, context), 'undefined', absent);
  vm.runInContext(readFileSync(join(packageDir, file), 'utf8'), context, { filename: `miniprogram_npm/medins/${file}` });
  return { medins: sandbox.module.exports, calls, wx: sandbox.wx, context };
}

export const here = (url) => dirname(new URL(url).pathname);
