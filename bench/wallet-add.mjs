// wallet.add against the wallet's size: the op with the whole wallet, the op's
// append form (head + last record), and createWalletStore().add() over an
// in-memory backend that stores JSON text (as wx storage does). Report only:
//   node bench/wallet-add.mjs [--jsc] [--sizes 10,300,1000,10000]
// With --jsc it also runs the same measurement in JavaScriptCore without JIT
// (`jsc -m` this file, JSC_useJIT=false; docs/performance.md),
// on the module and wallets Node built, with random bytes Node drew.
import { createSdk } from '../js-glue/src/core.mjs';
import { fileEntropy } from './jsc-entropy.mjs';
import { createWalletStore } from '../js-glue/src/storage/wallet-store.mjs';

const isJsc = typeof globalThis.readFile === 'function' && typeof globalThis.process === 'undefined';
const now = isJsc ? () => globalThis.preciseTime() * 1000 : () => performance.now();
const say = isJsc ? (s) => globalThis.print(s) : (s) => console.log(s);

function memoryBackend() {
  const data = new Map();
  return {
    get: async (k) => (data.has(k) ? JSON.parse(data.get(k)) : null),
    set: async (k, v) => void data.set(k, JSON.stringify(v)),
    remove: async (k) => void data.delete(k),
    keys: async () => [...data.keys()],
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds per wallet.add at each size: whole wallet, append form, store. */
async function measure(sdk, fx, sizes, runs) {
  const base = { key: fx.device, issuers: [{ key: fx.hospital, hospital: 'hospital:1' }] };
  const rows = [];
  for (const n of sizes) {
    const entries = fx.entries.slice(0, n);
    const head = fx.heads[n - 1];
    const wallet = { v: 1, head, entries };
    const time = (fn) => {
      const t = [];
      for (let i = 0; i < runs; i++) {
        const t0 = now();
        fn(i);
        t.push(now() - t0);
      }
      return median(t);
    };
    // The same receipt each run: the op is stateless, so every run appends it anew.
    const whole = time(() => sdk.call('wallet.add', { ...base, sealed: fx.spare[0], wallet }));
    const append = time(() => sdk.call('wallet.add', { ...base, sealed: fx.spare[0], head, last: entries[n - 1] }));
    const store = createWalletStore(memoryBackend());
    await store.save(wallet);
    await store.add(sdk, { ...base, sealed: fx.spare[0] }); // reads the last chunk once; then the tail
    const t = [];
    for (let i = 1; i <= runs; i++) {
      const t0 = now();
      await store.add(sdk, { ...base, sealed: fx.spare[i] });
      t.push(now() - t0);
    }
    rows.push({ n, whole, append, store: median(t), bytes: JSON.stringify(wallet).length });
  }
  return rows;
}

function table(engine, rows) {
  const lines = [`${engine}: ms per wallet.add (median)`, '| entries | whole wallet | append form | store.add | wallet JSON |'];
  for (const r of rows)
    lines.push(`| ${r.n} | ${r.whole.toFixed(2)} | ${r.append.toFixed(2)} | ${r.store.toFixed(2)} | ${(r.bytes / 1024).toFixed(0)} KiB |`);
  const at = (n) => rows.find((r) => r.n === n);
  if (at(10) && at(300))
    lines.push(`at 300 / at 10: whole ${(at(300).whole / at(10).whole).toFixed(2)}×, append ${(at(300).append / at(10).append).toFixed(2)}×, store ${(at(300).store / at(10).store).toFixed(2)}×`);
  return lines.join('\n');
}

if (isJsc) {
  // jsc -m bench/wallet-add.mjs -- <fixture.json> <random.bin> <medins.wasm>
  const [fixturePath, randomPath, wasmPath] = globalThis.arguments;
  const fx = JSON.parse(globalThis.readFile(fixturePath));
  const entropy = fileEntropy(randomPath);
  const bytes = globalThis.readFile(wasmPath, 'binary');
  const t0 = now();
  const sdk = await createSdk({ instantiate: (imports) => WebAssembly.instantiate(bytes, imports), entropy });
  say(`jsc load ${(now() - t0).toFixed(0)} ms`);
  say(table('JavaScriptCore, JSC_useJIT=false', await measure(sdk, fx, fx.sizes, fx.jscRuns)));
} else {
  const { load } = await import('../js-glue/src/index.mjs');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { randomBytes } = await import('node:crypto');
  const { execFileSync } = await import('node:child_process');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const argSizes = process.argv.indexOf('--sizes');
  const sizes = argSizes > 0 ? process.argv[argSizes + 1].split(',').map(Number) : [10, 300, 1000, 10000];
  const sdk = await load();
  const hospital = sdk.call('keys.generate', { type: 'public' });
  const dev = sdk.call('keys.generate', { type: 'public' });
  const receipt = (i) => ({ hospital: 'hospital:1', invoice: `INV-${i}`, order_id: `O-${i}`, visit_date: '2026-01-01',
    lines: [{ name: 'consultation', class: 'A', amount: 6160 }], total: 6160, fund: 4128, account: 1000, cash: 1032 });
  const seal = (i) => sdk.call('receipt.issue', { receipt: receipt(i), hospital_key: hospital.secret, recipient: dev.public }).sealed;
  const base = { key: dev.secret, issuers: [{ key: hospital.public, hospital: 'hospital:1' }] };
  const max = Math.max(...sizes);
  const entries = [];
  const heads = [];
  for (let i = 0; i < max; i++) {
    const out = i === 0 ? sdk.call('wallet.add', { ...base, sealed: seal(i) })
      : sdk.call('wallet.add', { ...base, sealed: seal(i), head: heads[i - 1], last: entries[i - 1] });
    entries.push(out.record);
    heads.push(out.head);
  }
  const runs = 15;
  const fx = { device: dev.secret, hospital: hospital.public, entries, heads, sizes, jscRuns: 7,
    spare: Array.from({ length: runs + 1 }, (_, i) => seal(max + i)) };
  say(table('Node (V8)', await measure(sdk, fx, sizes, runs)));
  if (process.argv.includes('--jsc')) {
    const dir = mkdtempSync(join(tmpdir(), 'medins-wallet-bench-'));
    writeFileSync(join(dir, 'fixture.json'), JSON.stringify(fx));
    writeFileSync(join(dir, 'random.bin'), randomBytes(1 << 20));
    const wasm = new URL('../js-glue/dist/medins.wasm', import.meta.url).pathname;
    const script = new URL('./wallet-add.mjs', import.meta.url).pathname;
    say(execFileSync('jsc', ['-m', script, '--', join(dir, 'fixture.json'), join(dir, 'random.bin'), wasm],
      { env: { ...process.env, JSC_useJIT: 'false' }, encoding: 'utf8', maxBuffer: 1 << 26 }));
  }
}
