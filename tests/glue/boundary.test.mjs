// The wasm boundary: exports and imports exactly as declared, no i64 across it,
// MVP features only, errors as MedinsError, null and ill-typed inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { load, MedinsError } from 'medins';
import { root, wasmPath, runCli, nativeCli, wasmCli } from './support.mjs';

const bytes = readFileSync(wasmPath);
const module = new WebAssembly.Module(bytes);

test('exports are exactly wasm/exports.txt', () => {
  const declared = readFileSync(join(root, 'wasm', 'exports.txt'), 'utf8')
    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const actual = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.deepEqual([...actual].sort(), [...declared].sort());
});

test('imports are only the host functions the loaders provide', () => {
  const actual = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).sort();
  assert.deepEqual(actual, ['env.emscripten_notify_memory_growth', 'medins.now_ms', 'medins.random_fill',
    'wasi_snapshot_preview1.proc_exit'].sort());
});

test('no i64 crosses the boundary and only MVP + mutable-globals features are used', () => {
  const dis = spawnSync('wasm-dis', [wasmPath], { maxBuffer: 256 << 20 }).stdout.toString();
  const lines = dis.split('\n').filter((l) => /^\s*\((import|export) /.test(l));
  assert.ok(lines.length > 5);
  for (const name of ['medins_alloc', 'medins_free', 'medins_call', 'medins_result_ptr', 'medins_result_len', 'medins_result_outcome', 'medins_result_free']) {
    const fn = dis.match(new RegExp(`\\(export "${name}" \\(func (\\$\\S+)\\)\\)`))[1];
    const sig = dis.match(new RegExp('\\(func \\' + fn + '[ )][^\\n]*'))[0];
    assert.ok(!sig.includes('i64'), `${name}: ${sig}`);
  }
  for (const l of lines) assert.ok(!l.includes('i64'), l);
  const features = spawnSync('wasm-opt', ['--detect-features', '--print-features', wasmPath, '-o', '/dev/null']).stdout.toString();
  const used = features.split('\n').map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/^--enable-/, ''));
  for (const f of used) assert.ok(['mutable-globals'].includes(f), `feature ${f} would be refused by iOS WeChat`);
});

test('failures throw MedinsError with a stable code', async () => {
  const sdk = await load({ wasmPath });
  const cases = [
    [() => sdk.call('no.such.op', {}), 'call.unknown_op'],
    [() => sdk.call(42, {}), 'call.unknown_op'],
    [() => sdk.call('version', null), 'call.bad_input'],
    [() => sdk.call('version', [1]), 'call.bad_input'],
    [() => sdk.call('version', 'x'), 'call.bad_input'],
    [() => sdk.call('keys.id', {}), 'keys.bad_input'],
    [() => sdk.call('keys.id', { key: null }), 'keys.bad_input'],
    [() => sdk.call('keys.id', { key: 1 }), 'keys.bad_input'],
    [() => sdk.call('keys.id', { key: 'k4.local.x' }), 'keys.invalid_key'],
    [() => sdk.generateKeys({ type: null }), 'keys.bad_input'],
    [() => sdk.generateKeys(), 'keys.bad_input'],
  ];
  for (const [fn, code] of cases) {
    assert.throws(fn, (e) => e instanceof MedinsError && e.code === code && typeof e.message === 'string', code);
  }
  const raw = sdk.callRaw('version', '{"a":1,"a":2}');
  assert.equal(raw.outcome, 2);
  assert.equal(JSON.parse(raw.text).error.code, 'call.bad_input');
  const big = sdk.callRaw('version', '{"a":"' + 'x'.repeat(16 * 1024 * 1024) + '"}');
  assert.equal(JSON.parse(big.text).error.code, 'call.input_too_large');
  const missing = (() => { try { sdk.call('keys.id', {}); } catch (e) { return e; } })();
  assert.equal(missing.detail.field, 'key');
});

test('both CLIs list the same ops; unknown op exits 2', () => {
  const native = runCli('native', ['version'], '{}');
  const wasm = runCli('wasm', ['version'], '{}');
  assert.equal(native.status, 0);
  assert.deepEqual(native.out.ops, wasm.out.ops);
  assert.equal(runCli('native', ['nope'], '{}').status, 2);
  assert.equal(runCli('wasm', ['nope'], '{}').status, 2);
  assert.equal(runCli('native', [], '').status, 2);
  assert.equal(runCli('wasm', [], '').status, 2);
  // --help: the same text from both, exit 0, every op listed.
  const help = (kind) => spawnSync(...(kind === 'native' ? [nativeCli, ['--help']] : [process.execPath, [wasmCli, '--help']]));
  const [nativeHelp, wasmHelp] = [help('native'), help('wasm')];
  assert.equal(nativeHelp.status, 0);
  assert.equal(wasmHelp.status, 0);
  assert.equal(nativeHelp.stdout.toString(), wasmHelp.stdout.toString());
  for (const op of native.out.ops) assert.match(nativeHelp.stdout.toString(), new RegExp(`^  ${op.replace('.', '\\.')}$`, 'm'));
  // Invalid UTF-8 on stdin reaches both cores as the same bytes.
  const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
  assert.deepEqual(runCli('native', ['version'], bad).out, runCli('wasm', ['version'], bad).out);
});

test('the shipped module refuses the test-only inputs: a chosen seed or nonce', async () => {
  const sdk = await load({ wasmPath });
  const local = sdk.generateKeys({ type: 'local' }).local;
  const zeros = 'A'.repeat(43);
  const knobs = [
    ['keys.generate', { type: 'public', seed: zeros }, 'seed'],
    ['keys.generate', { type: 'public', seed: 7 }, 'seed'],
    ['keys.generate', { type: 'local', seed: zeros }, 'seed'],
    ['token.issue', { purpose: 'local', key: local, payload: '{}', nonce: zeros }, 'nonce'],
    ['token.issue', { purpose: 'public', key: 'k4.secret.x', payload: '{}', nonce: zeros }, 'nonce'],
  ];
  for (const [op, input, field] of knobs) {
    assert.throws(() => sdk.call(op, input), (e) => e instanceof MedinsError && e.code === 'call.test_only_field' &&
      e.detail?.field === field, `${op} ${JSON.stringify(input)}`);
    const cli = runCli('wasm', [op], JSON.stringify(input));
    assert.deepEqual([cli.status, cli.out.error.code], [2, 'call.test_only_field']);
  }
  // The native test build keeps them, for the official vectors (docs/security.md).
  assert.match(runCli('native', ['keys.generate'], JSON.stringify(knobs[0][1])).out.public, /^k4\.public\./);
});

// Piped stdin reaches both cores byte for byte: blank is not JSON, and
// nothing that String.trim() calls space is dropped on the way.
const STDIN_CASES = [
  ['', 'call.bad_input'], [' \t\r\n', 'call.bad_input'], ['\f', 'call.bad_input'], ['\v', 'call.bad_input'],
  [Buffer.from([0xa0]), 'call.bad_input'], [Buffer.from('\u00a0'), 'call.bad_input'],
  [Buffer.from('\ufeff'), 'call.bad_input'], ['\u2028', 'call.bad_input'], ['\f{}', 'call.bad_input'], [' {} ', null],
];
test('both CLIs treat stdin identically, whitespace of any kind included', () => {
  for (const [input, code] of STDIN_CASES) {
    const label = JSON.stringify(Buffer.from(input).toString('latin1'));
    const native = runCli('native', ['version'], input);
    const wasm = runCli('wasm', ['version'], input);
    assert.equal(native.out?.error?.code ?? null, code, `native ${label}`);
    assert.deepEqual(wasm, native, `wasm ${label}`);
  }
});

test('typed methods cover exactly the ops of the core', async () => {
  const sdk = await load({ wasmPath });
  const { OPS } = await import('../../js-glue/src/api.mjs');
  assert.deepEqual(Object.values(OPS).sort(), sdk.version().ops.sort());
  const check = spawnSync(process.execPath, [join(root, 'js-glue', 'gen', 'build.mjs'), '--check']);
  assert.equal(check.status, 0, check.stderr.toString());
});
