// scripts/bench.sh's driver: every contestant in its own process, one markdown
// table with ratios, written to bench/RESULTS.md with the machine and date.
// Env: MEDINS_BENCH_NATIVE (native bench binary), MEDINS_BENCH_WASM (module),
// MEDINS_BENCH_RUNS / MEDINS_BENCH_RUN_MS (timing), MEDINS_BENCH_COLD_RUNS,
// MEDINS_BENCH_MEMORY_CALLS, MEDINS_BENCH_JSC_* (bench/jsc.mjs). `--scaling`
// also times the input-size sweeps; `--no-jsc` leaves out JavaScriptCore.
// Never part of the tests: it reports, it does not fail on slow numbers.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { load } from 'medins';
import { buildCases } from './cases.mjs';
import { jscBench, sodiumFiles } from './jsc.mjs';
import { root } from './lib.mjs';
import { measureSizes } from './size.mjs';

const scaling = process.argv.includes('--scaling');
const withJsc = !process.argv.includes('--no-jsc');
const nativeBin = process.env.MEDINS_BENCH_NATIVE || join(root, 'build/bench/bench/medins_bench');
const wasmPath = process.env.MEDINS_BENCH_WASM || join(root, 'js-glue/dist/medins.wasm');
const outDir = join(root, 'bench/out');
mkdirSync(outDir, { recursive: true });
const log = (...a) => console.error('bench:', ...a);
// Throughput is steady-state: V8 first runs wasm on its baseline compiler
// (Liftoff) and tiers up in the background, which on a loaded 2-core machine
// takes longer than the warm-up (measured: 2x slower medians). The wasm peers
// (libsodium-wrappers) get the same flag. Cold start keeps the defaults.
const NODE_FLAGS = ['--no-liftoff'];

function runJson(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.stderr.trim()) log(`${args[0]}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  if (r.status !== 0) { log(`${cmd} ${args.join(' ')} failed (${r.status})`); return null; }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// --- machine --------------------------------------------------------------------
const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || cpus()[0]?.model;
const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const machine = { date: new Date().toISOString(), cpu: cpuModel, nproc, node: process.version, loadavg_start: load1 };
log(`machine: ${nproc} × ${cpuModel}, node ${process.version}, load ${load1}`);

// --- cases --------------------------------------------------------------------------
const sdk = await load({ fresh: true, wasmPath });
const { cases, missing } = buildCases(sdk, { scaling });
const casesFile = join(outDir, 'cases.json');
writeFileSync(casesFile, JSON.stringify(cases));

// --- primitives and ops, one process each ------------------------------------------------------
const haveNative = existsSync(nativeBin);
if (!haveNative) log(`no native bench binary at ${nativeBin}: native columns empty (scripts/bench.sh builds it)`);
log('primitives: native'); const primNative = haveNative ? runJson(nativeBin, ['primitives']) : null;
const peers = ['libsodium-wrappers', 'tweetnacl', 'noble', 'node-crypto'];
const prim = {};
for (const p of peers) { log(`primitives: ${p}`); prim[p] = runJson(process.execPath, [...NODE_FLAGS, join(root, 'bench/primitives.mjs'), p]); }
log('ops: native'); const opsNative = haveNative ? runJson(nativeBin, ['ops', casesFile]) : null;
log('ops: wasm'); const opsWasm = runJson(process.execPath, [...NODE_FLAGS, join(root, 'bench/ops.mjs'), casesFile, wasmPath]);
// JavaScriptCore without JIT: medins's ops and libsodium.js's primitives in one jsc process, loads in fresh ones.
const jsc = withJsc ? jscBench({ casesFile, wasmPath, log }) : null;

// --- cold start, size, memory -------------------------------------------------------------------
log('cold start');
const coldRuns = process.env.MEDINS_BENCH_COLD_RUNS || '15';
const cold = {};
const coldOut = spawnSync(process.execPath, [join(root, 'bench/cold-start.mjs'), coldRuns], { cwd: root, encoding: 'utf8' });
for (const line of coldOut.stdout.split('\n')) {
  const m = line.match(/^(.*?)\s+([\d.]+) ms/);
  if (m) cold[m[1].trim()] = Number(m[2]);
}
log('size'); const size = measureSizes(wasmPath);
log('memory'); const memory = runJson(process.execPath, [join(root, 'bench/memory.mjs'), casesFile, wasmPath,
  process.env.MEDINS_BENCH_MEMORY_CALLS || '100000']);
machine.loadavg_end = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

// --- table ------------------------------------------------------------------------------------------------
const fmt = (x) => (x == null ? '—' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const ratio = (a, b) => (a == null || b == null || !b ? '—' : `${(a / b).toFixed(2)}×`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const peerNames = { 'libsodium-wrappers': 'lsw', tweetnacl: 'nacl', noble: 'noble', 'node-crypto': 'node' };
const vsPeers = (mine, key) => peers.filter((p) => prim[p]?.[key] != null && mine != null)
  .map((p) => `${peerNames[p]} ${ratio(mine, prim[p][key])}`).join(' · ');
// JavaScriptCore rows are {rate, runs, calls}; a row that got fewer runs than
// asked (its per-row time budget) is marked ‡ and listed under the table.
const jscOps = (name) => jsc?.ops?.[name] ?? null;
const fewer = [];
const jscCell = (name, r, { perCall = false, mark = '' } = {}) => {
  if (!r) return jsc ? '—' : 'not run';
  let cell = `${fmt(r.rate)}${mark}`;
  if (perCall) cell += ` (${ms(1000 / r.rate)} ms)`;
  if (r.runs < jsc.settings.runs) {
    cell += ' ‡';
    fewer.push(`- ${name}: ${r.runs} timed run${r.runs > 1 ? 's' : ''}, ${r.calls} call${r.calls > 1 ? 's' : ''} in all (${ms(1000 / r.rate)} ms a call).`);
  }
  return cell;
};

const columns = ['case', 'medins native', 'medins wasm, V8', 'medins wasm, JSC no JIT', 'wasm V8 ÷ native',
  'libsodium-wrappers, V8', 'libsodium.js, JSC no JIT', 'tweetnacl', '@noble', 'node:crypto', 'medins wasm ÷ peer, same engine'];
const rows = [`| ${columns.join(' | ')} |`, `|---|${columns.slice(1, -1).map(() => '---:').join('|')}|---|`];
/** One row from {column: cell}; absent cells are '—' (separators: empty). */
const row = (cells, blank = '—') => rows.push(`| ${columns.map((c) => cells[c] ?? blank).join(' | ')} |`);
const sep = (title) => row({ case: `**${title}**` }, '');

sep('crypto primitives, ops/s (native = bare libsodium; wasm = the module\'s libsodium through the op named)');
const primRows = [
  ['Ed25519 sign (64 B)', 'ed25519.sign', 'token.issue public (64 B)', 'token.issue v4.public: Ed25519 sign + PAE + base64url + JSON'],
  ['Ed25519 verify (64 B)', 'ed25519.verify', 'token.verify public (64 B)', 'token.verify v4.public: Ed25519 verify + PAE + JSON'],
  ['sealed box open (512 B)', 'sealedbox.open.512', 'keys.unseal (k4.seal)', 'keys.unseal, PASERK k4.seal: X25519 + XChaCha20 + BLAKE2b-MAC (no crypto_box_seal op yet)'],
  ['XChaCha20-Poly1305 encrypt (1 KiB)', 'xchacha20poly1305.encrypt.1k', 'token.verify local (1 KiB)', 'token.verify v4.local 1 KiB: XChaCha20 + keyed BLAKE2b (PASETO has no Poly1305)'],
  ['BLAKE2b-256 (1 KiB)', 'blake2b256.1k', null, 'no thin op: see the v4.local row'],
];
const notes = [];
for (const [label, key, opCase, note] of primRows) {
  const w = opCase ? opsWasm?.[opCase] : null;
  const j = opCase ? jscOps(opCase) : null;
  const lswJsc = jsc?.prim?.[key] ?? null;
  notes.push(`- ${label}: medins wasm = ${note}.`);
  const v8 = vsPeers(w, key);
  const inJsc = j && lswJsc ? `JSC: lsw ${ratio(j.rate, lswJsc.rate)}` : '';
  row({
    case: label, 'medins native': fmt(primNative?.[key]), 'medins wasm, V8': `${fmt(w)}${opCase ? ' ¹' : ''}`,
    'medins wasm, JSC no JIT': opCase ? jscCell(label, j, { mark: ' ¹' }) : (jsc ? '—' : 'not run'),
    'wasm V8 ÷ native': ratio(w, primNative?.[key]),
    'libsodium-wrappers, V8': fmt(prim['libsodium-wrappers']?.[key]), 'libsodium.js, JSC no JIT': jscCell(`libsodium.js ${label}`, lswJsc),
    tweetnacl: fmt(prim.tweetnacl?.[key]), '@noble': fmt(prim.noble?.[key]), 'node:crypto': fmt(prim['node-crypto']?.[key]),
    'medins wasm ÷ peer, same engine': [v8 && `V8: ${v8}`, inJsc].filter(Boolean).join(' · ') || '—',
  });
}
sep('medins ops, ops/s (the same op and input natively, in V8 and in JavaScriptCore)');
for (const c of cases) {
  if (c.name.startsWith('scale:')) continue;
  const n = opsNative?.[c.name], w = opsWasm?.[c.name];
  const us = w ? ` (${(1e6 / w).toFixed(1)} µs)` : '';
  row({ case: c.name, 'medins native': fmt(n), 'medins wasm, V8': `${fmt(w)}${us}`,
    'medins wasm, JSC no JIT': jscCell(c.name, jscOps(c.name), { perCall: true }), 'wasm V8 ÷ native': ratio(w, n) });
}
for (const m of missing) row({ case: m.name, 'medins native': 'not yet available', 'medins wasm, V8': 'not yet available',
  'medins wasm, JSC no JIT': 'not yet available', 'medins wasm ÷ peer, same engine': `op ${m.absent.join(', ')} not in the table yet` });
sep('cold start, ms, fresh Node process: import + instantiate + self-test + first key (lower is better)');
row({ case: 'cold start', 'medins wasm, V8': fmt(cold['medins (wasm)']), 'libsodium-wrappers, V8': fmt(cold['libsodium-wrappers']),
  'node:crypto': fmt(cold['node:crypto']),
  'medins wasm ÷ peer, same engine': `lsw ${ratio(cold['medins (wasm)'], cold['libsodium-wrappers'])} · node ${ratio(cold['medins (wasm)'], cold['node:crypto'])} (time ratio)` });
const jl = jsc?.load_ms;
row({ case: `load in JavaScriptCore, fresh \`jsc\` (median of ${jsc?.settings.loadRuns ?? '—'}): the same steps ³`,
  'medins wasm, JSC no JIT': jl ? fmt(jl.medins) : 'not run', 'libsodium.js, JSC no JIT': jl ? fmt(jl.libsodium) : 'not run',
  'medins wasm ÷ peer, same engine': jl ? `JSC: lsw ${ratio(jl.medins, jl.libsodium)} (time ratio)` : '—' });
sep('size (lower is better)');
const w = size.wasm, l = size.libsodium_js;
row({ case: 'medins.wasm raw / gzip / brotli', 'medins wasm, V8': `${kb(w.raw)} / ${kb(w.gzip)} / ${kb(w.brotli)}`,
  'libsodium-wrappers, V8': l ? `${kb(l.raw)} / ${kb(l.gzip)} / ${kb(l.brotli)} ²` : '—',
  'medins wasm ÷ peer, same engine': `lsw ${l ? ratio(w.brotli, l.brotli) : '—'} (brotli)` });
row({ case: 'JS glue (ESM src/) raw / brotli', 'medins wasm, V8': `${kb(size.glue_esm.raw)} / ${kb(size.glue_esm.brotli)}`, 'medins wasm ÷ peer, same engine': '' });
row({ case: 'JS glue (WeChat bundle) raw / brotli', 'medins wasm, V8': `${kb(size.glue_wechat.raw)} / ${kb(size.glue_wechat.brotli)}`, 'medins wasm ÷ peer, same engine': '' });
row({ case: 'npm package (npm pack): tarball / unpacked', 'medins wasm, V8': `${kb(size.npm.tarball)} / ${kb(size.npm.unpacked)} (${size.npm.files} files)`, 'medins wasm ÷ peer, same engine': '' });
sep('memory');
if (memory) row({ case: 'linear memory: start → 10³ → 10⁵ mixed calls', 'medins wasm, V8': `${kb(memory.before)} → ${kb(memory.after_1e3)} → ${kb(memory.after_1e5)}`,
  'medins wasm ÷ peer, same engine': memory.after_1e5 === memory.after_1e3 ? 'flat after warm-up' : 'GREW' });

const table = rows.join('\n');
console.log(table);

// --- budgets (issues 9, 12, 13) ---------------------------------------------------------------------------
const verifyRatio = opsWasm?.['token.verify public (64 B)'] && primNative?.['ed25519.verify']
  ? opsWasm['token.verify public (64 B)'] / primNative['ed25519.verify'] : null;
const est100 = opsWasm?.['estimate 100 lines'] ? 1e6 / opsWasm['estimate 100 lines'] : null;
const budgets = [
  ['whole SDK ≤ 120 KB brotli', kb(w.brotli), w.brotli <= 120 * 1024],
  ['Ed25519 verify in wasm ≥ 0.6× native libsodium (through token.verify)', verifyRatio ? `${verifyRatio.toFixed(2)}×` : '—', verifyRatio != null && verifyRatio >= 0.6],
  ['estimate 100 lines ≤ 20 µs in wasm', est100 ? `${est100.toFixed(1)} µs` : '—', est100 != null && est100 <= 20],
  ['cold start ≤ 8 ms', cold['medins (wasm)'] ? `${cold['medins (wasm)'].toFixed(1)} ms` : '—', cold['medins (wasm)'] != null && cold['medins (wasm)'] <= 8],
  ['memory flat over 10⁵ calls', memory ? `${kb(memory.after_1e3)} → ${kb(memory.after_1e5)}` : '—', memory != null && memory.after_1e5 === memory.after_1e3],
];
// Issue 12, in JavaScriptCore without JIT: time per call, session ÷ k4.secret.
const jscMs = (name) => (jscOps(name) ? 1000 / jscOps(name).rate : null);
const sessionRatio = jscMs('receipt.open (session)') && jscMs('receipt.open') ? jscMs('receipt.open (session)') / jscMs('receipt.open') : null;
budgets.push(['issue 12: receipt.open with a session ≤ 1.5× with a k4.secret, JSC without JIT (time ratio)',
  sessionRatio ? `${sessionRatio.toFixed(2)}×` : '—', sessionRatio != null && sessionRatio <= 1.5]);
// Issue 13, each as the ratio it names, from this run's columns.
const v8Ms = (name) => (opsWasm?.[name] ? 1000 / opsWasm[name] : null);
const lswJscMs = (key) => (jsc?.prim?.[key] ? 1000 / jsc.prim[key].rate : null);
const jitMs = (group, key) => (jsc?.jit?.[group]?.[key] ? 1000 / jsc.jit[group][key].rate : null);
const timeRatio = (a, b) => (a != null && b != null ? a / b : null);
const issue13 = (what, value, limit, atMost = true) => budgets.push([`issue 13: ${what}`,
  value != null ? `${value.toFixed(2)}×` : '—', value != null && (atMost ? value <= limit : value >= limit)]);
issue13('JSC without JIT: token.verify v4.public ≤ 1.1× libsodium.js Ed25519 verify (time)',
  timeRatio(jscMs('token.verify public (64 B)'), lswJscMs('ed25519.verify')), 1.1);
issue13('JSC without JIT: estimate 100 lines, prepared policy ≤ 2× token.verify (time)',
  timeRatio(jscMs('estimate 100 lines (prepared policy)'), jscMs('token.verify public (64 B)')), 2);
issue13('JSC without JIT: load ≤ 0.6× libsodium.js (time, fresh processes)', timeRatio(jsc?.load_ms?.medins, jsc?.load_ms?.libsodium), 0.6);
issue13('JSC with JIT: token.verify ≤ 1.5× libsodium.js Ed25519 verify (time)',
  timeRatio(jitMs('ops', 'token.verify public (64 B)'), jitMs('prim', 'ed25519.verify')), 1.5);
issue13('V8: estimate 100 lines, prepared policy ≤ 2× token.verify (time)',
  timeRatio(v8Ms('estimate 100 lines (prepared policy)'), v8Ms('token.verify public (64 B)')), 2);
// The bare work of a v4.local 1 KiB token: XChaCha20 over 1 KiB and a keyed
// BLAKE2b over it, libsodium-wrappers in V8 (its AEAD row adds Poly1305, so
// the bare time is overstated a little and the ratio flatters medins as much).
const bareLocalMs = prim['libsodium-wrappers']?.['xchacha20poly1305.encrypt.1k'] && prim['libsodium-wrappers']?.['blake2b256.1k']
  ? 1000 / prim['libsodium-wrappers']['xchacha20poly1305.encrypt.1k'] + 1000 / prim['libsodium-wrappers']['blake2b256.1k'] : null;
issue13('V8: token.verify v4.local 1 KiB ≥ 0.3× bare XChaCha20 + BLAKE2b of the same bytes (throughput)',
  timeRatio(bareLocalMs, v8Ms('token.verify local (1 KiB)')), 0.3, false);
const opRatios = cases.filter((c) => !c.name.startsWith('scale:') && opsWasm?.[c.name] && opsNative?.[c.name])
  .map((c) => [c.name, opsWasm[c.name] / opsNative[c.name]]).sort((a, b) => a[1] - b[1]);
if (opRatios.length) {
  const met = opRatios.filter(([, r]) => r >= 0.5).length;
  budgets.push([`issue 13: V8: wasm ÷ native ≥ 0.5 for every op row (lowest: ${opRatios[0][0]}; ${met} of ${opRatios.length} rows meet it)`,
    `${opRatios[0][1].toFixed(2)}×`, met === opRatios.length]);
}
issue13('Node: cold start ≤ libsodium-wrappers\' (time, fresh processes)', timeRatio(cold['medins (wasm)'], cold['libsodium-wrappers']), 1);
const budgetTable = ['| budget | measured | met |', '|---|---:|---|',
  ...budgets.map(([b, m, ok]) => `| ${b} | ${m} | ${ok ? 'yes' : 'no'} |`)].join('\n');
console.log(`\n${budgetTable}`);

// The JavaScriptCore figures side by side, in milliseconds (issue 12's note).
let jscTable = '';
if (jsc) {
  const cell = (x) => (x == null ? '—' : ms(x));
  const jrows = [
    ['load: import or evaluate, instantiate, self-test, first Ed25519 key (fresh process, median)', jsc.load_ms.medins, jsc.load_ms.libsodium],
    ['load in the bench process (medins first; libsodium.js after medins\'s ops)', jsc.load_same_process?.medins, jsc.load_same_process?.libsodium],
    ['keys.id: the per-call floor (JSON, UTF-8, stack wipe; one BLAKE2b)', jscMs('keys.id (per-call floor)'), null],
    ['token.verify public (64 B) vs Ed25519 verify', jscMs('token.verify public (64 B)'), lswJscMs('ed25519.verify')],
    ['token.issue public (64 B) vs Ed25519 sign', jscMs('token.issue public (64 B)'), lswJscMs('ed25519.sign')],
    ['keys.unseal (k4.seal) vs sealed box open (512 B)', jscMs('keys.unseal (k4.seal)'), lswJscMs('sealedbox.open.512')],
    ['estimate 100 lines', jscMs('estimate 100 lines'), null],
    ['estimate 100 lines, prepared policy (policy_handle)', jscMs('estimate 100 lines (prepared policy)'), null],
    ['device.unlock with a PIN (Argon2id 19 MiB, 2 passes)', jscMs('device.unlock (PIN: Argon2id 19 MiB, 2 passes)'), null],
    ['grant.create, device key unlocked each call (platform key)', jscMs('grant.create'), null],
    ['grant.create with a session', jscMs('grant.create (session)'), null],
    ['receipt.open with a k4.secret', jscMs('receipt.open'), null],
    ['receipt.open with a session', jscMs('receipt.open (session)'), null],
  ];
  jscTable = ['| JavaScriptCore without JIT, ms (lower is better) | medins | libsodium.js | medins ÷ libsodium.js (time) |', '|---|---:|---:|---:|',
    ...jrows.map(([what, a, b]) => `| ${what} | ${cell(a)} | ${cell(b)} | ${a != null && b != null ? ratio(a, b) : '—'} |`)].join('\n');
  if (jsc.jit) {
    const jitRows = [
      ['token.verify public (64 B) vs Ed25519 verify', jitMs('ops', 'token.verify public (64 B)'), jitMs('prim', 'ed25519.verify')],
      ['token.issue public (64 B) vs Ed25519 sign', jitMs('ops', 'token.issue public (64 B)'), jitMs('prim', 'ed25519.sign')],
    ];
    jscTable += ['\n\n| JavaScriptCore with JIT (as Safari), ms (lower is better) | medins | libsodium.js | medins ÷ libsodium.js (time) |', '|---|---:|---:|---:|',
      ...jitRows.map(([what, a, b]) => `| ${what} | ${cell(a)} | ${cell(b)} | ${a != null && b != null ? ratio(a, b) : '—'} |`)].join('\n');
  }
  console.log(`\n${jscTable}`);
}

let scaleTable = '';
if (scaling) {
  const srows = ['| scaling case | native ops/s | wasm ops/s | wasm µs/op | wasm ÷ native |', '|---|---:|---:|---:|---:|'];
  for (const c of cases.filter((x) => x.name.startsWith('scale:'))) {
    const n = opsNative?.[c.name], wv = opsWasm?.[c.name];
    srows.push(`| ${c.name.slice(7)} | ${fmt(n)} | ${fmt(wv)} | ${wv ? (1e6 / wv).toFixed(1) : '—'} | ${ratio(wv, n)} |`);
  }
  scaleTable = srows.join('\n');
  console.log(`\n${scaleTable}`);
  writeFileSync(join(outDir, 'scaling.md'), `${scaleTable}\n`);
}

const md = `# Benchmark results

Written by \`scripts/bench.sh\` (bench/run.mjs); do not edit by hand.

- date: ${machine.date}
- machine: ${machine.nproc} × ${machine.cpu}; Node ${machine.node}
- load average at start / end: ${machine.loadavg_start} / ${machine.loadavg_end} — on a loaded machine absolute
  numbers are noisy; the ratios, measured side by side in one run, are what to read.
- method: one process per contestant (Node with \`--no-liftoff\`: optimized wasm from the start); per case a warm-up run, then the median of
  ${process.env.MEDINS_BENCH_RUNS || 5} runs of ${process.env.MEDINS_BENCH_RUN_MS || 300} ms; cold start is the median of ${coldRuns} fresh processes.
- JavaScriptCore: ${jsc ? `Debian's \`jsc\` with \`JSC_useJIT=false\` (as WeChat's logic layer on iOS: wasm and JS interpreted), no BigInt,
  TextEncoder/TextDecoder, require; random bytes drawn by Node into a file. medins (the ESM glue and the module) and libsodium.js
  (its CommonJS dist files) in the same process, medins's ops first; per case a warm-up run (or the first call, when it lasts a run),
  then the median of ${jsc.settings.runs} runs of ${jsc.settings.runMs} ms, with at most about ${jsc.settings.budgetMs / 1000} s of timed runs per row
  (a slower row gets fewer runs, marked ‡). \`scripts/bench.sh --no-jsc\` leaves it out.` : 'not run (`--no-jsc`, or no `jsc`: scripts/setup.sh installs libjavascriptcoregtk-4.0-bin).'}
- module: \`${wasmPath.replace(root + '/', '')}\`; native: Debian's libsodium (with its asm) and the core at -O3.

Ratios: *wasm ÷ native* and *medins wasm ÷ peer* are throughput ratios (> 1 = medins wasm faster),
except the cold start, load and size rows, where they are time or byte ratios (< 1 = medins smaller/faster).
*Same engine*: medins in V8 against the peers in V8 (Node), medins in JavaScriptCore against libsodium.js in
the same jsc process.

${table}

¹ Through an op, not the bare primitive, so the ratio to bare native libsodium is a lower bound:
${notes.join('\n')}
- tweetnacl has no sealed box, XChaCha20 or BLAKE2b; @noble/curves + @noble/hashes have no
  XSalsa20/XChaCha20 without @noble/ciphers (not a dependency); node:crypto has no XSalsa20, and its
  "XChaCha20-Poly1305" cell is IETF ChaCha20-Poly1305 (OpenSSL has no XChaCha20 AEAD) and its BLAKE2b is BLAKE2b-512.

² libsodium.js as installed (\`node_modules/libsodium/dist/modules/libsodium.js\`, the wasm inlined in the JS).

³ medins: import of the glue (\`js-glue/src/core.mjs\`), read + instantiate of the module, self-test, first key;
libsodium.js: read + evaluate of \`${sodiumFiles.join('\` and \`')}\`, \`ready\` (it instantiates
its wasm; without TextDecoder its wasm2js fallback cannot start), first key (\`crypto_sign_keypair\`).
${fewer.length ? `\n‡ Fewer timed runs than the other rows, to keep the row within its time budget in JavaScriptCore:\n${fewer.join('\n')}\n` : ''}
## Budgets

${budgetTable}
${jsc ? `\n## JavaScriptCore without JIT\n\nFrom the table above, as time per call; the ratio is time (> 1 = medins slower).\n\n${jscTable}\n` : ''}${scaling ? `\n## Scaling\n\nV8 and native only (JavaScriptCore's wallet.add sweep: \`node bench/wallet-add.mjs --jsc\`).\n\n${scaleTable}\n` : ''}`;
writeFileSync(join(root, 'bench/RESULTS.md'), md);
log('wrote bench/RESULTS.md');
