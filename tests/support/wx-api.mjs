// The parts of a simulated WeChat logic layer that need nothing of the engine
// they run in: wx storage, wx.request over a handler, and CommonJS loading of
// a code package. Node's simulation (wechat-sim.mjs) and the JavaScriptCore
// runner (jsc-runner.mjs) both build on them, so the two engines see the same
// `wx`. No Node or browser global is touched here (only `fetch`, and only by
// fetchAnswer).

const MAX_KEY_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 10 * 1024 * 1024;

function utf8Length(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

/**
 * A mini-program's storage: a Map of key -> JSON text, within the runtime's
 * limits: `maxValue` for one value as `measure(text)` counts it, 10 MB in
 * all. `put` throws what `refuse(reason)` makes ('key', 'value' or 'full').
 */
export function storageCore(data, { maxValue, measure, refuse }) {
  const size = () => [...data.values()].reduce((n, v) => n + v.length, 0);
  const put = (key, value) => {
    if (typeof key !== 'string' || key === '') throw refuse('key');
    const text = JSON.stringify(value === undefined ? '' : value);
    if (measure(text) > maxValue) throw refuse('value');
    if (size() - (data.get(key)?.length ?? 0) + text.length > MAX_TOTAL_BYTES) throw refuse('full');
    data.set(key, text);
  };
  const get = (key) => (data.has(key) ? JSON.parse(data.get(key)) : undefined);
  const info = () => ({ keys: [...data.keys()], currentSize: Math.ceil(size() / 1024), limitSize: MAX_TOTAL_BYTES / 1024 });
  return { put, get, info };
}

/** The callback form of a storage call: `fn` runs later; `failure(error)` is what `fail` receives. */
export function later(fn, args, failure) {
  setTimeout(() => {
    let res;
    try {
      res = fn();
    } catch (e) {
      args.fail?.(failure(e));
      args.complete?.();
      return;
    }
    args.success?.(res);
    args.complete?.();
  }, 0);
}

const WX_REFUSALS = {
  key: 'setStorage:fail parameter error: key should be a non-empty string',
  value: 'setStorage:fail entry size limit reached',
  full: 'setStorage:fail exceed storage max size 10MB',
};

/** The storage half of `wx`: sync and callback APIs, 1 MB (UTF-8) per key. */
export function wxStorage(data = new Map()) {
  const { put, get, info } = storageCore(data, { maxValue: MAX_KEY_BYTES, measure: utf8Length, refuse: (why) => new Error(WX_REFUSALS[why]) });
  const wxLater = (fn, args) => later(fn, args, (e) => ({ errMsg: e.message }));
  return {
    data,
    setStorageSync: (key, value) => put(key, value),
    getStorageSync: (key) => (data.has(key) ? get(key) : ''),
    removeStorageSync: (key) => void data.delete(key),
    clearStorageSync: () => data.clear(),
    getStorageInfoSync: info,
    setStorage: (args) => wxLater(() => (put(args.key, args.data), { errMsg: 'setStorage:ok' }), args),
    getStorage: (args) => wxLater(() => {
      if (!data.has(args.key)) throw new Error('getStorage:fail data not found');
      return { data: get(args.key), errMsg: 'getStorage:ok' };
    }, args),
    removeStorage: (args) => wxLater(() => (data.delete(args.key), { errMsg: 'removeStorage:ok' }), args),
    getStorageInfo: (args) => wxLater(info, args),
  };
}

function queryString(data) {
  if (!data || typeof data !== 'object') return '';
  return Object.keys(data).map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof data[k] === 'object' ? JSON.stringify(data[k]) : String(data[k]))}`).join('&');
}

/** The answer of a real server to a request (wx.request's network). */
export async function fetchAnswer({ method, url, header, body }) {
  const r = await fetch(url, { method, headers: header, body });
  return { statusCode: r.status, header: Object.fromEntries(r.headers), body: await r.text() };
}

/**
 * wx.request over `fetch`. `handler` (optional) answers instead of the
 * network: ({method, url, header, body}) -> {statusCode, header, body} or a
 * promise of it. `log` collects {method, url, header, body, statusCode} of
 * every request.
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
    const answer = Promise.resolve().then(() => (handler || fetchAnswer)({ method, url, header, body }));
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

/**
 * The `wx` pieces a mini-program's pages use besides randomness and the
 * network; `calls.navigate` records page changes.
 */
export function wxPages(calls) {
  return {
    getSystemInfoSync: () => ({ platform: 'devtools', SDKVersion: '3.3.4', language: 'zh_CN' }),
    showToast() {}, showModal(args) { setTimeout(() => args.success?.({ confirm: true, cancel: false }), 0); },
    showLoading() {}, hideLoading() {},
    navigateTo(args) { calls.navigate = [...(calls.navigate || []), args.url]; },
    redirectTo(args) { calls.navigate = [...(calls.navigate || []), args.url]; },
  };
}

/**
 * A code package's CommonJS modules, loaded as WeChat loads them: one instance
 * per file; `require('name')` of a package resolves into miniprogram_npm/ of
 * the requiring file's directory or of any parent, as after "Build npm".
 * `isFile(path)` and `read(path)` see package paths (/app.js);
 * `compile(source, path)` returns function (module, exports, require);
 * `route` is set to the loading file's route while it runs (what Page() is
 * registered under). Returns require(path) from the package root.
 */
export function packageLoader({ isFile, read, compile, route = { current: null } }) {
  const cache = new Map();
  const dirname = (p) => p.slice(0, p.lastIndexOf('/')) || '/';
  const join = (...parts) => parts.join('/').replace(/\/+/g, '/');
  const normalize = (p) => {
    const out = [];
    for (const part of p.split('/')) {
      if (part === '..') out.pop();
      else if (part !== '.' && part !== '') out.push(part);
    }
    return `/${out.join('/')}`;
  };
  function resolve(from, spec) {
    const candidates = (p) => [p, `${p}.js`, `${p}/index.js`];
    if (spec.startsWith('/') || spec.startsWith('./') || spec.startsWith('../')) {
      const base = spec.startsWith('/') ? spec : join(dirname(from), spec);
      const hit = candidates(normalize(base)).find(isFile);
      if (hit) return hit;
    } else {
      for (let dir = dirname(from); ; dir = dirname(dir)) {
        const hit = candidates(join(dir, 'miniprogram_npm', spec)).find(isFile);
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
    const fn = compile(read(path), path);
    const previous = route.current;
    route.current = path.replace(/^\//, '').replace(/\.js$/, '');
    try {
      fn.call(module.exports, module, module.exports, (spec) => load(resolve(path, spec)));
    } finally {
      route.current = previous;
    }
    return module.exports;
  }
  return (path) => load(resolve('/', path.startsWith('/') ? path : `/${path}`));
}
