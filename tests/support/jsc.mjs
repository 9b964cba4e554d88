// Node's half of the JavaScriptCore runner (jsc-runner.mjs runs inside `jsc`):
// prepares the code package, the entropy file and the decompressed module,
// starts `jsc` with the JIT off (as WeChat on iOS runs), answers its
// wx.request lines, and collects what it reports.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { brotliDecompressSync } from 'node:zlib';

const runner = new URL('./jsc-runner.mjs', import.meta.url).pathname;
export const jscBinary = process.env.MEDINS_JSC || 'jsc';

/** Why `jsc` cannot run here (null when it can). */
export function jscMissing() {
  const r = spawnSync(jscBinary, ['-e', 'print(typeof WebAssembly)'], { encoding: 'utf8' });
  if (r.error) return `${jscBinary} not found (scripts/setup.sh installs libjavascriptcoregtk-4.0-bin): ${r.error.message}`;
  return r.stdout.trim() === 'object' ? null : `${jscBinary} has no WebAssembly: ${r.stdout}${r.stderr}`;
}

function walk(dir, prefix, out) {
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.tmp')) continue;
    const file = join(dir, name);
    if (statSync(file).isDirectory()) walk(file, `${prefix}${name}/`, out);
    else out.push(prefix + name);
  }
  return out;
}

// readline() in jsc reads bytes as Latin-1: everything sent to it is ASCII.
const ascii = (text) => text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Runs `mode` ('vectors' | 'journey') of jsc-runner.mjs. `mounts`: [[package
 * prefix, directory]] (prefixes end in '/'); `extra`: more config for the
 * runner; `answer(request)` -> {statusCode, header, body} for wx.request.
 * Resolves to {messages, stderr, status, seconds}; messages are the runner's
 * reports except requests.
 */
export async function runInJsc({ mode, mounts, extra = {}, answer, entropyBytes = 1 << 20 }) {
  const tmp = mkdtempSync(join(tmpdir(), 'medins-jsc-'));
  try {
    const files = [];
    const decompressed = {};
    for (const [prefix, dir] of mounts) {
      for (const path of walk(dir, prefix, [])) {
        files.push(path);
        if (!path.endsWith('.wasm.br')) continue;
        const out = join(tmp, `${Object.keys(decompressed).length}.wasm`);
        writeFileSync(out, brotliDecompressSync(readFileSync(join(dir, path.slice(prefix.length)))));
        decompressed[path] = out;
      }
    }
    const entropyFile = join(tmp, 'entropy');
    writeFileSync(entropyFile, randomBytes(entropyBytes), { mode: 0o600 });
    const configFile = join(tmp, 'config.json');
    writeFileSync(configFile, JSON.stringify({ mode, mounts, files, decompressed, entropyFile, ...extra }));

    const started = process.hrtime.bigint();
    const child = spawn(jscBinary, [runner, '--', configFile], { env: { ...process.env, JSC_useJIT: 'false' } });
    const messages = [];
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.stdin.on('error', () => {});  // jsc may end before an answer is written
    const exited = new Promise((resolve) => child.on('close', (status) => resolve(status)));
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('@@medins ')) {
        stderr += `${line}\n`;
        continue;
      }
      const message = JSON.parse(line.slice('@@medins '.length));
      if (message.type !== 'request') {
        messages.push(message);
        continue;
      }
      let res;
      try {
        res = await answer(message.request);
      } catch (e) {
        res = { statusCode: 599, header: {}, body: JSON.stringify({ error: { code: 'runner.no_answer', message: e.message } }) };
      }
      child.stdin.write(`${ascii(JSON.stringify(res))}\n`);
    }
    const status = await exited;
    return { messages, stderr, status, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The outcome of a run: throws with jsc's stderr unless it reported `done`. */
export function finished(run) {
  const fatal = run.messages.find((m) => m.type === 'fatal');
  if (fatal) throw new Error(`in jsc: ${fatal.message}\n${fatal.stack || ''}\n${run.stderr}`);
  if (!run.messages.some((m) => m.type === 'done'))
    throw new Error(`jsc ended (status ${run.status}) without finishing:\n${run.stderr}`);
  return run;
}
