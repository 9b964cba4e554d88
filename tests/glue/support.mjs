// Shared by the glue tests: repo paths, the vector cases, the three CLIs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// scripts/test.sh points this at the ASan+UBSan build's CLI (build/check/medins).
export const nativeCli = process.env.MEDINS_NATIVE_CLI ?? join(root, 'build', 'native', 'medins');
export const wasmCli = join(root, 'js-glue', 'bin', 'medins.mjs');
export const wasmPath = join(root, 'js-glue', 'dist', 'medins.wasm');
/** The clock (s) of a vector case without its own `now`. */
export const DEFAULT_NOW = 1767225600;

// Returns the end index of the JSON value starting at `i` (after whitespace).
function skipValue(text, i) {
  while (/\s/.test(text[i])) i++;
  const c = text[i];
  if (c === '"') {
    for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    return i + 1;
  }
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']';
    i++;
    for (;;) {
      while (/[\s,:]/.test(text[i])) i++;
      if (text[i] === close) return i + 1;
      i = skipValue(text, i);
    }
  }
  while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
  return i;
}

// The exact source text of each case's "input" value, in file order. JS
// numbers cannot carry `1.0` or `1e2` (JSON.stringify gives `1`, `100`), and
// some vectors test exactly that, so every front end gets the file's bytes.
function rawInputs(text) {
  const out = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = skipValue(text, i);
      const key = text.slice(i, end);
      let j = end;
      while (/\s/.test(text[j])) j++;
      const topLevelCase = depth === (text.trimStart()[0] === '[' ? 2 : 1);
      if (key === '"input"' && text[j] === ':' && topLevelCase) {
        j++;
        while (/\s/.test(text[j])) j++;
        const valueEnd = skipValue(text, j);
        out.push(text.slice(j, valueEnd));
        i = valueEnd - 1;
      } else {
        i = end - 1;
      }
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return out;
}

/** Every shared vector case: {op, file, name, input, inputText, expected | error, now?} or {op, file, name, steps, now?}. */
export function vectorCases() {
  const dir = join(root, 'tests', 'vectors');
  const cases = [];
  for (const op of readdirSync(dir).sort()) {
    if (op === 'official' || !statSync(join(dir, op)).isDirectory()) continue;
    for (const file of readdirSync(join(dir, op)).sort()) {
      if (!file.endsWith('.json')) continue;
      const text = readFileSync(join(dir, op, file), 'utf8');
      const doc = JSON.parse(text);
      const list = Array.isArray(doc) ? doc : [doc];
      // Cases of steps (see tests/sdk/call/vectors_test.cpp) have no top-level input.
      const raw = rawInputs(text);
      const single = list.filter((c) => !c.steps);
      if (raw.length !== single.length) throw new Error(`${op}/${file}: ${raw.length} inputs for ${single.length} cases`);
      let k = 0;
      for (const c of list) cases.push(c.steps ? { op, file, ...c } : { op, file, ...c, inputText: raw[k++] });
    }
  }
  return cases;
}

const cliCommand = (kind, args) => (kind === 'native' ? [nativeCli, args] : [process.execPath, [wasmCli, ...args]]);
const cliResult = (status, stdout) => {
  const text = stdout.toString('utf8').trim();
  return { status, out: text ? JSON.parse(text) : null };
};

/** Runs a CLI with `input` (string or Buffer) on stdin; returns {status, out}. */
export function runCli(kind, args, input, env = {}) {
  const [cmd, argv] = cliCommand(kind, args);
  const r = spawnSync(cmd, argv, { input, env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return cliResult(r.status, r.stdout);
}

/** runCli without blocking, for inPool: resolves to {status, out}. */
export function runCliAsync(kind, args, input, env = {}) {
  const [cmd, argv] = cliCommand(kind, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve(cliResult(status, Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    });
    child.stdin.on('error', () => {}); // a CLI may answer before reading all of a large input
    child.stdin.end(input);
  });
}

/**
 * Runs `task(item)` for every item, one per core at a time (a CLI run is
 * mostly a process start: the wasm CLI's is a Node start and a module load);
 * resolves to the results in the items' order.
 */
export async function inPool(items, task, width = Math.max(2, availableParallelism())) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < items.length; k = next++) results[k] = await task(items[k], k);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Asserts one front end's output `out` (an object) against case `c`: its error code, or exactly its expected output. */
// Cases marked `test_knobs` pass a chosen nonce or seed, inputs only test
// builds accept (docs/security.md). A front end is asked once whether it has
// them: the shipped module (JS API, wasm CLI, JavaScriptCore) has not and must
// answer call.test_only_field; the native test build must reproduce the vector.
export const KNOB_PROBE = ['keys.generate', `{"type":"public","seed":"${'A'.repeat(43)}"}`];
export const hasKnobs = (out) => out?.error?.code !== 'call.test_only_field';
export const expectation = (c, knobs) => (c.test_knobs && !knobs ? { ...c, error: 'call.test_only_field' } : c);

export function checkCase(label, out, c) {
  if (c.error) assert.equal(out?.error?.code, c.error, `${label}: ${JSON.stringify(out)}`);
  else assert.deepEqual(out, c.expected, label);
}

/**
 * Whether `sdk.call(op, c.input)` gets the same input as the file's text: JS
 * numbers cannot carry `1.0` or `1e2`, so such cases go through callRaw only.
 */
export function typedCallCarriesInput(c) {
  return JSON.stringify(c.input) === JSON.stringify(JSON.parse(c.inputText))
    && !/[0-9][.eE]/.test(c.inputText.replace(/"(?:[^"\\]|\\.)*"/g, ''));
}
