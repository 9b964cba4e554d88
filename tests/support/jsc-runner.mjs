// Runs in JavaScriptCore's shell (`jsc`), never in Node: the logic layer of a
// WeChat mini-program on iOS, where JavaScriptCore runs without JIT. Started
// by tests/support/jsc.mjs as `jsc jsc-runner.mjs -- <config.json>`; what it
// offers the code it loads is what WeChat offers after "Build npm":
//   - CommonJS files of the code package (wx-api.mjs's packageLoader);
//   - WXWebAssembly, whose instantiate takes only an absolute package path
//     (.wasm, or .wasm.br, which Node decompressed beforehand: jsc has no
//     brotli); the engine's own WebAssembly is hidden;
//   - wx.getRandomValues, asynchronous only, serving the bytes Node drew from
//     node:crypto into a file (jsc has no CSPRNG; never a PRNG): running out
//     ends the run with an error, it never falls back;
//   - wx storage and wx.request (wx-api.mjs), the request answered by Node
//     over stdin (jsc has no network: the request goes out as a line on
//     stdout, and jsc blocks on readline() until Node writes the answer);
//   - console, setTimeout/clearTimeout/setInterval/clearInterval, App, Page,
//     getApp; no BigInt, TextEncoder/TextDecoder, fetch, crypto, require, nor
//     any of the shell's own functions (print, readFile, …).
// Everything it reports is one line `@@medins <json>` on stdout:
// {type: 'request' | 'case' | 'note' | 'skip' | 'done' | 'fatal', …}.
import { wxStorage, wxRequest, wxPages, packageLoader } from './wx-api.mjs';
import { beijingJourney } from './wechat-journey.mjs';

const shell = {
  print: globalThis.print, printErr: globalThis.printErr, readline: globalThis.readline,
  readFile: globalThis.readFile, quit: globalThis.quit, preciseTime: globalThis.preciseTime,
  setTimeout: globalThis.setTimeout, WebAssembly: globalThis.WebAssembly,
};
const config = JSON.parse(shell.readFile(arguments[0]));  // eslint-disable-line no-undef

function send(message) {
  shell.print(`@@medins ${JSON.stringify(message)}`);
}

function fatal(message, stack) {
  send({ type: 'fatal', message, stack });
  shell.quit();
}

// ---- the logic layer's globals ---------------------------------------------
// jsc's setTimeout has no id and there is no clearTimeout; WeChat has both.
let nextTimer = 1;
const cancelled = new Set();
function setTimeoutWx(fn, ms = 0, ...args) {
  const id = nextTimer++;
  shell.setTimeout(() => {
    if (cancelled.delete(id)) return;
    try {
      fn(...args);
    } catch (e) {
      fatal(`uncaught in a timer: ${e && e.message}`, e && e.stack);
    }
  }, ms);
  return id;
}
function setIntervalWx(fn, ms = 0, ...args) {
  const id = nextTimer++;
  const tick = () => {
    if (cancelled.delete(id)) return;
    shell.setTimeout(tick, ms);
    fn(...args);
  };
  shell.setTimeout(tick, ms);
  return id;
}

// Asynchronous only, ArrayBuffer answers, at most 1 MiB a call, as WeChat's.
const entropy = { bytes: shell.readFile(config.entropyFile, 'binary'), used: 0 };
function getRandomValues({ length, success, fail }) {
  setTimeoutWx(() => {
    if (!(length > 0) || length > 1048576) return fail && fail({ errMsg: 'getRandomValues:fail length too large' });
    if (entropy.used + length > entropy.bytes.length)
      return fatal(`the entropy file is exhausted (${entropy.bytes.length} bytes): give the runner more, never a PRNG`);
    const out = entropy.bytes.slice(entropy.used, entropy.used + length);
    entropy.bytes.fill(0, entropy.used, entropy.used + length);  // each byte serves once
    entropy.used += length;
    success({ randomValues: out.buffer });
  }, 0);
}

// Blocks until Node answers: the request stays asynchronous for the page,
// since wxRequest calls back from a promise job.
function bridge(request) {
  send({ type: 'request', request });
  const line = shell.readline();
  if (!line) throw new Error('the runner did not answer the request');
  return JSON.parse(line);
}

const files = new Set(config.files);
function fileOf(path) {
  const mount = config.mounts.filter(([prefix]) => path.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  return mount ? mount[1] + path.slice(mount[0].length) : null;
}

const wxWebAssembly = {
  instantiate(path, imports) {
    if (typeof path !== 'string' || !path.startsWith('/')) return Promise.reject(new Error('WXWebAssembly: path must be an absolute package path'));
    if (!/\.wasm(\.br)?$/.test(path)) return Promise.reject(new Error('WXWebAssembly: only .wasm and .wasm.br files'));
    if (!files.has(path)) return Promise.reject(new Error(`no such file in package: ${path}`));
    const file = path.endsWith('.br') ? config.decompressed[path] : fileOf(path);
    return shell.WebAssembly.instantiate(shell.readFile(file, 'binary'), imports);
  },
  Memory: shell.WebAssembly.Memory, Table: shell.WebAssembly.Table,
};

const logger = (level) => (...args) => shell.printErr(`[${level}] ${args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.stack || a.message : JSON.stringify(a))).join(' ')}`);
const calls = { navigate: [] };
const requests = [];
const pages = {};
const state = { app: null, current: null };
const wx = {
  getRandomValues,
  ...wxStorage(new Map()),
  request: wxRequest({ handler: bridge, log: requests }),
  ...wxPages(calls),
};
Object.assign(globalThis, {
  wx, WXWebAssembly: wxWebAssembly,
  console: { log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug') },
  setTimeout: setTimeoutWx, clearTimeout: (id) => void cancelled.add(id), setInterval: setIntervalWx, clearInterval: (id) => void cancelled.add(id),
  App: (def) => { state.app = def; },
  getApp: () => state.app,
  Page: (def) => { pages[state.current] = def; },
  getCurrentPages: () => [],
});
for (const name of ['WebAssembly', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'print', 'printErr', 'debug', 'readline',
  'readFile', 'writeFile', 'read', 'load', 'loadString', 'runString', 'quit', 'gc', 'drainMicrotasks', 'jscOptions',
  'describe', 'sleepSeconds', 'callerSourceOrigin', 'preciseTime', '$262'])
  delete globalThis[name];
for (const name of ['WebAssembly', 'TextDecoder', 'TextEncoder', 'fetch', 'crypto', 'BigInt', 'process', 'require', 'Buffer', 'readFile', 'print'])
  if (typeof globalThis[name] !== 'undefined') fatal(`${name} is still visible to the mini-program`);

const mp = {
  pages,
  get app() { return state.app; },
  require: packageLoader({
    isFile: (path) => files.has(path),
    read: (path) => shell.readFile(fileOf(path)),
    // The host compiles the package's files; WeChat forbids new Function to
    // the files themselves, which never use it.
    compile: (source, path) => new Function('module', 'exports', 'require', `${source}\n//# sourceURL=${path}`),  // eslint-disable-line no-new-func
    route: state,
  }),
};

// ---- what to run --------------------------------------------------------------

/**
 * Each vector case once: through sdk.call where the object carries the file's
 * input (c.typed), else through callRaw with the file's text.
 */
async function vectors() {
  const medins = mp.require('/miniprogram_npm/medins/index.js');
  let now = 0;
  let started = shell.preciseTime();
  const sdk = await medins.load({ now: () => now });
  send({ type: 'note', what: 'load', seconds: shell.preciseTime() - started });
  const cases = config.cases;
  started = shell.preciseTime();
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    now = c.now * 1000;
    // Between two calls a mini-program returns to the event loop, where the
    // pool refills; back-to-back cases would otherwise drain it.
    await sdk.refillEntropy();
    const begun = shell.preciseTime();
    let out;
    if (!c.typed) out = { raw: sdk.callRaw(c.op, c.inputText).text };
    else {
      try {
        out = { typed: sdk.call(c.op, c.input) };
      } catch (e) {
        out = { typed: e instanceof medins.MedinsError ? { error: { code: e.code } } : { threw: String(e && e.stack || e) } };
      }
    }
    send({ type: 'case', i, ...out, seconds: shell.preciseTime() - begun });
  }
  send({ type: 'note', what: 'vectors', seconds: shell.preciseTime() - started, cases: cases.length });
}

// Node's assert/strict, as far as the journey uses it.
function fail(message, detail) {
  throw new Error(message ? `${message} (${detail})` : detail);
}
function same(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
}
const assert = {
  ok: (value, message) => value || fail(message, `not truthy: ${JSON.stringify(value)}`),
  equal: (a, b, message) => Object.is(a, b) || fail(message, `${JSON.stringify(a)} !== ${JSON.stringify(b)}`),
  match: (text, re, message) => re.test(text) || fail(message, `${JSON.stringify(text)} does not match ${re}`),
  deepEqual: (a, b, message) => same(a, b) || fail(message, `${JSON.stringify(a)} is not ${JSON.stringify(b)}`),
};

/** The journey of tests/examples/wechat.test.mjs, the hospital backend answering through Node. */
async function journey() {
  mp.require('lib/config.js').baseUrl = config.baseUrl;
  const started = shell.preciseTime();
  mp.require('app.js');
  mp.app.onLaunch();
  await mp.app.ready;
  send({ type: 'note', what: 'load', seconds: shell.preciseTime() - started });
  const begun = shell.preciseTime();
  await beijingJourney({
    mp, wx, journey: mp.app.journey, requests, assert,
    note: (text) => send({ type: 'note', text }),
    skip: (reason) => send({ type: 'skip', reason }),
  });
  send({ type: 'note', what: 'journey', seconds: shell.preciseTime() - begun, requests: requests.length });
}

try {
  await ({ vectors, journey })[config.mode]();
  send({ type: 'done', entropyUsed: entropy.used });
} catch (e) {
  fatal(String(e && e.message || e), e && e.stack);
}
