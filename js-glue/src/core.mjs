// The runtime-neutral core of the glue: UTF-8 without TextEncoder/TextDecoder,
// the entropy pool, MedinsError, and callRaw over the wasm C ABI. Loaders
// (src/loader/*.mjs) supply the bytes or path of the module and the host's
// randomness; nothing here touches a global of any particular runtime.
import { installTypedMethods } from './api.mjs';
import { installSessionMethods } from './sessions.mjs';
import { estimateWithPreparedPolicy } from './prepared-policies.mjs';
import { addToWholeWallet } from './wallet-record.mjs';

/** The one error class the SDK throws: a stable dotted `code` and a message. */
export class MedinsError extends Error {
  constructor(code, message, detail) {
    super(message);
    this.name = 'MedinsError';
    this.code = code;
    if (detail) this.detail = detail;
  }
}

// --- UTF-8 ---------------------------------------------------------------
// WeChat and Alipay devices have no TextEncoder/TextDecoder; these work on
// any runtime. Lone surrogates become U+FFFD, as TextEncoder does.
//
// Where the engine has escape/unescape (Annex B: every engine WeChat, Alipay
// and browsers run), encodeURIComponent/decodeURIComponent do the UTF-8 work
// in native code, which matters in an interpreter: JavaScriptCore without JIT
// (iOS WeChat) decodes 42 KB in 6.8 ms instead of 31, encodes in 8.5 instead
// of 16. What they refuse (lone surrogates, bytes that are not UTF-8) takes
// the loops, whose answers are the reference.
const hasAnnexB = typeof escape === 'function' && typeof unescape === 'function';

export function utf8Encode(text) {
  if (hasAnnexB) {
    let binary;
    try {
      binary = unescape(encodeURIComponent(text));
    } catch {
      return utf8EncodeLoop(text);
    }
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }
  return utf8EncodeLoop(text);
}

export function utf8Decode(bytes) {
  if (hasAnnexB) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    try {
      return decodeURIComponent(escape(binary));
    } catch {
      return utf8DecodeLoop(bytes);
    }
  }
  return utf8DecodeLoop(bytes);
}

function utf8EncodeLoop(text) {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 63);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    }
  }
  return out.subarray(0, n);
}

// The core only ever emits valid UTF-8 (it serializes with replacement), so
// this decoder need not police overlong forms.
function utf8DecodeLoop(bytes) {
  let out = '';
  const chunk = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++];
    let c;
    if (b < 0x80) c = b;
    else if (b < 0xe0) c = ((b & 31) << 6) | (bytes[i++] & 63);
    else if (b < 0xf0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else {
      c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
      c -= 0x10000;
      chunk.push(0xd800 + (c >> 10));
      c = 0xdc00 + (c & 1023);
    }
    chunk.push(c);
    if (chunk.length > 8192) {
      out += String.fromCharCode.apply(null, chunk);
      chunk.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, chunk);
}

// --- entropy ---------------------------------------------------------------
/**
 * Randomness for the module. A synchronous source (crypto.getRandomValues) is
 * used directly; an asynchronous one (wx.getRandomValues) fills a pool ahead of
 * need. An empty pool answers "no entropy" (the core then fails with
 * keys.no_entropy): never Math.random.
 */
export class EntropySource {
  constructor({ sync, async: asyncFill, poolSize = 4096 } = {}) {
    this.sync = sync || null;
    this.asyncFill = asyncFill || null;
    this.poolSize = poolSize;
    this.pool = new Uint8Array(0);
    this.refilling = null;
    if (!this.sync && !this.asyncFill) this.empty = true;
  }

  /** Tops the pool up (async sources only); resolves when it is full. */
  refill() {
    if (this.sync || !this.asyncFill) return Promise.resolve();
    if (this.refilling) return this.refilling;
    const need = this.poolSize - this.pool.length;
    if (need <= 0) return Promise.resolve();
    this.refilling = Promise.resolve(this.asyncFill(need)).then((bytes) => {
      const fresh = new Uint8Array(bytes);
      const merged = new Uint8Array(this.pool.length + fresh.length);
      merged.set(this.pool);
      merged.set(fresh, this.pool.length);
      this.pool.fill(0);
      fresh.fill(0);
      this.pool = merged;
    }).finally(() => { this.refilling = null; });
    return this.refilling;
  }

  /**
   * Resolves once the pool holds at least half its size (an op draws at most
   * a few hundred bytes; the pool is 4 KiB): at once with a synchronous
   * source, else after a refill when the pool has run below that.
   */
  ensure() {
    if (this.sync || !this.asyncFill || this.pool.length >= this.poolSize / 2) return Promise.resolve();
    return this.refill();
  }

  /** Writes `target.length` random bytes into `target`; false if it cannot. */
  fill(target) {
    if (this.sync) {
      for (let off = 0; off < target.length; off += 65536)
        this.sync(target.subarray(off, Math.min(off + 65536, target.length)));
      return true;
    }
    if (this.pool.length < target.length) {
      this.refill().catch(() => {});
      return false;
    }
    target.set(this.pool.subarray(0, target.length));
    this.pool.subarray(0, target.length).fill(0);  // used bytes never serve twice
    this.pool = this.pool.subarray(target.length);
    if (this.pool.length < this.poolSize / 2) this.refill().catch(() => {});
    return true;
  }
}

// --- the module ------------------------------------------------------------
function imports(state) {
  return {
    medins: {
      random_fill(ptr, len) {
        return state.entropy.fill(new Uint8Array(state.memory.buffer, ptr, len)) ? 0 : -1;
      },
      now_ms() {
        return state.now();
      },
    },
    env: {
      emscripten_notify_memory_growth() {},
    },
    wasi_snapshot_preview1: {
      // Reached only through abort(): a bug in the core (guardExports retires the instance).
      proc_exit(code) {
        throw new MedinsError('internal.error', `medins module aborted (${code})`);
      },
    },
  };
}

// Anything that unwinds through the module (an injected getRandomValues or
// clock that throws, a trap, abort) skips the core's own cleanup: its stack
// pointer and heap may be mid-update. The instance is retired for good and its
// memory, which may still hold keys, zeroed.
function guardExports(raw, state) {
  const guarded = {};
  for (const [name, value] of Object.entries(raw)) {
    guarded[name] = typeof value !== 'function' ? value : (...args) => {
      try {
        return value(...args);
      } catch (err) {
        state.broken = true;
        if (state.memory) new Uint8Array(state.memory.buffer).fill(0);
        throw err;
      }
    };
  }
  return guarded;
}

function brokenError(cause) {
  const e = new MedinsError('glue.broken', cause
    ? `an exception unwound through the medins module (${cause.message ?? cause}); it is unusable: load({fresh: true})`
    : 'this medins instance was broken by an earlier call: load({fresh: true})');
  if (cause) e.cause = cause;
  return e;
}

// The Ed25519 key of the all-zero seed, and its signature of `{}` (computed
// independently with node:crypto).
const SELF_TEST_SECRET = 'k4.secret.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA7aie8zrakLWKjqNAqbw1zZTIVdx3iQ6Y6wEihi1naKQ';
const SELF_TEST_TOKEN = 'v4.public.e33lTS4Kpm7xZvom91KC5YNfq6ZfmQI5r9rewBWWyBl2lMV9CWcDFbS4vyrj1BgFVN59VPPnpmVjoR7ZuE7z7IIJ';
const SELF_TEST_PUBLIC = 'k4.public.O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik';
const SELF_TEST_PID = 'k4.pid.-lbghnXGkVc5a-41wFrJQPU6n6G4knLYRJNeltH1VaK-';

/** The loaded SDK: `call(op, input)` plus typed methods (src/api.mjs). */
export class Sdk {
  constructor(instance, state) {
    this.exports = guardExports(instance.exports, state);
    this.state = state;
  }

  /** Runs `op` on the JSON text `input` (a string or UTF-8 bytes); returns {text, outcome}. */
  callRaw(op, input) {
    if (this.state.broken) throw brokenError();
    const e = this.exports;
    const opBytes = utf8Encode(op);
    const inBytes = typeof input === 'string' ? utf8Encode(input) : Uint8Array.from(input);
    let opPtr = 0, inPtr = 0, handle = 0;
    try {
      opPtr = e.medins_alloc(opBytes.length);
      inPtr = e.medins_alloc(inBytes.length);
      if (!opPtr || !inPtr) throw new MedinsError('internal.error', 'out of memory');
      new Uint8Array(this.state.memory.buffer, opPtr, opBytes.length).set(opBytes);
      new Uint8Array(this.state.memory.buffer, inPtr, inBytes.length).set(inBytes);
      handle = e.medins_call(opPtr, opBytes.length, inPtr, inBytes.length);
      if (!handle) throw new MedinsError('internal.error', 'out of memory');
      // Views are taken after the call: memory may have grown and moved.
      const out = new Uint8Array(this.state.memory.buffer, e.medins_result_ptr(handle), e.medins_result_len(handle));
      return { text: utf8Decode(out), outcome: e.medins_result_outcome(handle) };
    } catch (err) {
      // An abort is a core bug and says so (internal.error); anything else
      // that broke the instance is glue.broken.
      if (this.state.broken && !(err instanceof MedinsError)) throw brokenError(err);
      throw err;
    } finally {
      // Inputs hold keys and PINs: zeroed on every path (medins_free wipes the
      // wasm copy; these are the JS-side copies). A broken module is not
      // called again: its whole memory was zeroed instead.
      inBytes.fill(0);
      opBytes.fill(0);
      if (!this.state.broken) {
        if (handle) e.medins_result_free(handle);
        if (inPtr) e.medins_free(inPtr, inBytes.length);
        if (opPtr) e.medins_free(opPtr, opBytes.length);
      }
    }
  }

  /** Runs `op` on `input` (an object). Returns the output object or throws MedinsError. */
  call(op, input = {}) {
    if (typeof op !== 'string') throw new MedinsError('call.unknown_op', 'op must be a string');
    if (input === null || typeof input !== 'object' || Array.isArray(input))
      throw new MedinsError('call.bad_input', 'input must be an object');
    const shortcut = SHORTCUTS[op];
    if (shortcut) {
      const out = shortcut((innerOp, innerInput) => callModule(this, innerOp, innerInput), input, this.state);
      if (out) return out;
    }
    return callModule(this, op, input);
  }

  /**
   * call(), after waiting for entropy when the source is asynchronous and its
   * pool has run low (WeChat, Alipay): never fails with *.no_entropy on a
   * device whose random source works. The form to use in async code.
   */
  async callAsync(op, input = {}) {
    await this.state.entropy.ensure();
    return this.call(op, input);
  }

  /** Resolves once the entropy pool can serve any op (at once with a synchronous source). */
  ensureEntropy() {
    return this.state.entropy.ensure();
  }

  /** Bytes of linear memory (for leak tests and benchmarks). */
  memoryBytes() {
    return this.state.memory.buffer.byteLength;
  }

  /** Tops up the entropy pool (needed only with asynchronous sources such as WeChat's). */
  refillEntropy() {
    return this.state.entropy.refill();
  }
}
installTypedMethods(Sdk.prototype);
installSessionMethods(Sdk.prototype);

// Ops whose input would carry large, unchanging data into the module on
// every call; each shortcut answers as the op would, or returns null and the
// op runs as given. callRaw never takes them.
const SHORTCUTS = {
  // The whole wallet, ≈ 2.5 ms per entry interpreted (docs/receipts.md).
  'wallet.add': addToWholeWallet,
  // The policy, parsed and validated on every estimate (docs/estimate.md).
  estimate: estimateWithPreparedPolicy,
};

// An op's input as JSON through the module; its error as MedinsError.
function callModule(sdk, op, input) {
  const out = JSON.parse(sdk.callRaw(op, JSON.stringify(input)).text);
  if (out && typeof out === 'object' && out.error && typeof out.error.code === 'string') {
    const { code, message, ...detail } = out.error;
    throw new MedinsError(code, message, Object.keys(detail).length ? detail : undefined);
  }
  return out;
}

/** The error of a failed load(): glue.load_failed with the runtime's message (`cause`: its error). */
export function loadFailed(cause) {
  if (cause instanceof MedinsError && cause.code === 'glue.load_failed') return cause;
  const e = new MedinsError('glue.load_failed', `cannot load the medins module: ${cause?.message ?? cause}`);
  e.cause = cause;
  return e;
}

/**
 * load()'s clock as the module reads it (milliseconds). `nowS` is Unix
 * seconds, the unit of every op's `now`; `now` (milliseconds) is the older
 * option, kept so the callers that pass it keep working. Both at once would
 * be two clocks: refused.
 */
function clockInMs(now, nowS) {
  if (now !== undefined && nowS !== undefined)
    throw new MedinsError('glue.load_failed', 'load(): give nowS (Unix seconds) or the older now (Unix milliseconds), not both');
  if (nowS !== undefined) return () => nowS() * 1000;
  return now || (() => Date.now());
}

/**
 * Instantiates the module through `instantiate(imports)` (a runtime's own
 * WebAssembly API; it may also read the file), runs the reactor's _initialize
 * and a known-answer self-test. Rejects with MedinsError: keys.no_entropy
 * (the pool cannot be filled) or glue.load_failed (anything else).
 */
export async function createSdk({ instantiate, entropy, now, nowS }) {
  const state = { memory: null, entropy, now: clockInMs(now, nowS), broken: false };
  await entropy.refill();
  try {
    const result = await instantiate(imports(state));
    const instance = result.instance || result;
    state.memory = instance.exports.memory;
    const sdk = new Sdk(instance, state);
    if (typeof sdk.exports._initialize === 'function') sdk.exports._initialize();
    selfTest(sdk);
    return sdk;
  } catch (err) {
    throw loadFailed(err);
  }
}

function selfTest(sdk) {
  // Ed25519 (the secret key's public half is rederived, then a deterministic
  // signature) and BLAKE2b ids against fixed answers: a module that loads but
  // computes wrong (a bad build, a broken runtime) is refused.
  const { token } = sdk.call('token.issue', { purpose: 'public', key: SELF_TEST_SECRET, payload: '{}' });
  const pid = sdk.call('keys.id', { key: SELF_TEST_PUBLIC }).id;
  if (token !== SELF_TEST_TOKEN || pid !== SELF_TEST_PID)
    throw new MedinsError('glue.load_failed', 'medins self-test failed: the module computes wrong answers');
}

// load() options that name where the module is or how big a pool is; every
// other option injects something (a clock, entropy, a runtime API).
const PLAIN_OPTIONS = new Set(['wasmPath', 'url', 'path', 'poolSize', 'memoKey', 'fresh']);

/**
 * Memoizes one load per module location: every caller of load() that
 * injects nothing shares one instance. A call that injects a clock, entropy
 * or a runtime API gets an instance of its own (sharing one would silently
 * hand it the first caller's clock and entropy), unless it names the instance
 * to share with `memoKey`; `fresh` always loads anew.
 */
export function memoize(factory) {
  const cache = new Map();
  return (options = {}) => {
    const injects = Object.keys(options).some((k) => options[k] !== undefined && !PLAIN_OPTIONS.has(k));
    const key = options.fresh || (injects && options.memoKey === undefined) ? Symbol('unshared')
      : JSON.stringify(options.memoKey ?? options.wasmPath ?? options.url ?? options.path ?? '');
    if (!cache.has(key)) {
      const promise = factory(options);
      cache.set(key, promise);
      promise.catch(() => cache.delete(key));
    }
    return cache.get(key);
  };
}
