// Runs in JavaScriptCore's shell without JIT (`JSC_useJIT=false jsc -m
// bench/in-jsc.mjs -- CONFIG.json`, started by bench/jsc.mjs), never in Node:
// the engine of WeChat's logic layer on iOS. Both contestants see what WeChat
// offers there: no BigInt, TextEncoder/TextDecoder or require, and random
// bytes that Node drew from node:crypto into a file (jsc has no CSPRNG; each
// byte serves once, running out is an error, never a PRNG).
// Modes (config.mode):
//   load-medins / load-sodium: one load, as a fresh process sees it: import
//     the glue (or evaluate libsodium.js's two CommonJS files), instantiate,
//     self-test, first Ed25519 key; prints {load_ms};
//   bench: medins's op cases (config.cases, without the scale: sweeps), then
//     libsodium.js's primitive rows in this same process; prints {ops, prim,
//     load_ms: {medins, libsodium}}, each row {rate, runs, calls}.
// The result is the last line of stdout, as JSON.
import { timeOps, timeRuns, timeSodium } from './timing.mjs';

const shell = { print: globalThis.print, readFile: globalThis.readFile, preciseTime: globalThis.preciseTime };
const config = JSON.parse(shell.readFile(globalThis.arguments[0]));
const now = () => shell.preciseTime() * 1000;
for (const name of ['BigInt', 'BigInt64Array', 'BigUint64Array', 'TextEncoder', 'TextDecoder']) delete globalThis[name];
// libsodium.js prints through console.
globalThis.console = { log: (...a) => shell.print(`[log] ${a.join(' ')}`), warn: (...a) => shell.print(`[warn] ${a.join(' ')}`),
  error: (...a) => shell.print(`[error] ${a.join(' ')}`) };

const random = { bytes: shell.readFile(config.random, 'binary'), used: 0 };
function fillRandom(target) {
  if (random.used + target.length > random.bytes.length)
    throw new Error(`bench: the random file is exhausted (${random.bytes.length} bytes): give it more, never a PRNG`);
  target.set(random.bytes.subarray(random.used, random.used + target.length));
  random.bytes.fill(0, random.used, random.used + target.length);
  random.used += target.length;
  return target;
}

let nowMs = 1767225600 * 1000;
async function loadMedins() {
  const { createSdk, EntropySource } = await import('../js-glue/src/core.mjs');
  const bytes = shell.readFile(config.wasm, 'binary');
  const sdk = await createSdk({
    instantiate: (imports) => WebAssembly.instantiate(bytes, imports),
    entropy: new EntropySource({ sync: fillRandom }),
    now: () => nowMs,
  });
  sdk.call('keys.generate', { type: 'public' });
  return sdk;
}

// libsodium.js as its CommonJS dist files: the shell evaluates them as a
// bundler's require would (WeChat forbids new Function in app code; the
// files themselves do not use it). Without TextDecoder, libsodium.js's
// wasm2js fallback cannot start, so a ready libsodium.js is the wasm one.
async function loadSodium() {
  globalThis.self = globalThis;
  globalThis.crypto = {
    getRandomValues(a) {
      fillRandom(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return a;
    },
  };
  const commonjs = (path, require) => {
    const module = { exports: {} };
    new Function('module', 'exports', 'require', shell.readFile(path))(module, module.exports, require);  // eslint-disable-line no-new-func
    return module.exports;
  };
  const noRequire = (name) => { throw new Error(`bench: libsodium.js asked for ${name}`); };
  const libsodium = commonjs(config.libsodium, noRequire);
  const sodium = commonjs(config.wrappers, (name) => (name === 'libsodium' ? libsodium : noRequire(name)));
  await sodium.ready;
  sodium.crypto_sign_keypair();
  return sodium;
}

async function timed(load) {
  const t0 = now();
  const value = await load();
  return { value, ms: now() - t0 };
}

const measure = (fn, firstMs = 0) =>
  timeRuns(fn, { now, runs: config.runs, runMs: config.runMs, budgetMs: config.budgetMs, firstMs });

let out;
try {
  if (config.mode === 'load-medins') out = { load_ms: (await timed(loadMedins)).ms };
  else if (config.mode === 'load-sodium') out = { load_ms: (await timed(loadSodium)).ms };
  else if (config.mode === 'bench') {
    const medins = await timed(loadMedins);
    const cases = JSON.parse(shell.readFile(config.cases)).filter((c) => !c.name.startsWith('scale:'));
    const ops = timeOps(medins.value, cases, {
      setNow: (s) => { nowMs = s * 1000; }, now, measure, warn: (s) => shell.print(`[warn] ${s}`) });
    const sodium = await timed(loadSodium);
    const prim = timeSodium(sodium.value, (n) => fillRandom(new Uint8Array(n)), measure);
    out = { ops, prim, load_ms: { medins: medins.ms, libsodium: sodium.ms }, random_used: random.used };
  } else throw new Error(`bench: unknown mode ${config.mode}`);
} catch (e) {
  out = { error: String((e && e.stack) || e) };
}
shell.print(JSON.stringify(out));
