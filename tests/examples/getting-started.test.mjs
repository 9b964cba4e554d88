// docs/getting-started.md, followed word for word: its commands run in a
// scratch home folder, its files are written where it says, the output of
// hello.mjs must be the one the page shows, the mini-program it builds runs in
// the simulated WeChat logic layer (tests/support/wechat-sim.mjs), and the
// reference backend it starts answers. Markers in the page (HTML comments,
// invisible when rendered) say what each block is:
//   <!-- test: step N… -->   a shell block starting step N (steps 0 and 3 run
//                            from the repository's root, 1 and 2 from home)
//   <!-- test: run -->       a shell block run where the previous one left off
//   <!-- test: output -->    the exact stdout of the previous run
//   <!-- file: PATH -->      the block's text is saved as PATH there
// The one line not run is `scripts/build.sh` (the tree under test is built).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { miniprogramContext, createWx } from '../support/wechat-sim.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');

/** [{marker, lang, text}] for every fenced block, with the marker comment just before it. */
function blocks(markdown) {
  const out = [];
  const re = /(?:<!--\s*(.+?)\s*-->\s*\n)?```(\w*)\n([\s\S]*?)```/g;
  for (let m; (m = re.exec(markdown));) out.push({ marker: m[1] ?? null, lang: m[2], text: m[3] });
  return out;
}

function sh(script, cwd, env) {
  const marker = join(env.HOME, '.cwd');
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', `${script}\npwd > '${marker}'`], { cwd, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `failed in ${cwd}:\n${script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return { stdout: r.stdout, cwd: readFileSync(marker, 'utf8').trim() };
}

async function startServerLine(line, env) {
  assert.match(line, /^node examples\/hospital-backend\/server\.mjs &/);
  const child = spawn(process.execPath, ['examples/hospital-backend/server.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not start:\n${out}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (http:\/\/\S+)/.exec(out) || /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the backend exited (${code}):\n${out}`)); });
  });
  return { url, stop: () => child.kill() };
}

test('docs/getting-started.md works word for word', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'medins-getting-started-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { ...process.env, HOME: home, npm_config_audit: 'false', npm_config_fund: 'false',
    npm_config_update_notifier: 'false', npm_config_offline: 'true', npm_config_loglevel: 'error' };
  delete env.NODE_PATH; // a newcomer has only what the page installs
  for (const k of Object.keys(env)) if (/^npm_(config|package|lifecycle)_/.test(k) && !/^npm_config_(audit|fund|update_notifier|offline|loglevel)$/.test(k)) delete env[k];

  let cwd = home;
  let last = null;
  let mpDir = null;
  const seen = [];
  for (const b of blocks(doc)) {
    const marker = b.marker ?? '';
    if (marker) seen.push(marker.replace(/,.*$/, ''));
    if (marker.startsWith('test: step')) {
      const fromRoot = /repository's root/.test(marker);
      cwd = fromRoot ? root : home;
      if (marker.startsWith('test: step 0')) {
        const lines = b.text.split('\n').filter((l) => l.trim() && !l.startsWith('scripts/build.sh'));
        assert.ok(b.text.includes('scripts/build.sh'), 'step 0 builds');
        last = sh(lines.join('\n'), cwd, env);
      } else if (marker.startsWith('test: step 3')) {
        const [serverLine, ...rest] = b.text.split('\n').filter((l) => l.trim());
        const server = await startServerLine(serverLine, { ...env, PORT: '0', MEDINS_DATA_DIR: join(home, 'backend-data') });
        try {
          last = sh(rest.join('\n'), cwd, env);
          const config = await (await fetch(`${server.url}/api/config`)).json();
          assert.ok(config.keys.identity.length > 0, 'the backend serves its keys');
        } finally {
          server.stop();
        }
      } else {
        last = sh(b.text, cwd, env);
      }
      cwd = last.cwd;
      if (marker.startsWith('test: step 2')) mpDir = cwd;
    } else if (marker === 'test: run') {
      last = sh(b.text, cwd, env);
      cwd = last.cwd;
    } else if (marker === 'test: output') {
      assert.equal(last.stdout, b.text, 'the output the page shows');
    } else if (marker.startsWith('file: ')) {
      const file = join(cwd, marker.slice(6).trim());
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, b.text);
    }
  }
  assert.deepEqual(seen, ['test: step 0', 'test: step 1', 'file: hello.mjs', 'test: run', 'test: output', 'test: step 2',
    'file: project.config.json', 'test: run', 'file: app.json', 'file: app.js', 'file: pages/index/index.js',
    'file: pages/index/index.wxml', 'test: step 3'], 'every marked block of the page was followed');
  assert.ok(existsSync(join(home, 'medins-0.1.0.tgz')), 'npm pack made the package file');
  assert.ok(mpDir && existsSync(join(mpDir, 'miniprogram_npm', 'medins', 'medins.wasm.br')), 'the mini-program has its npm build');

  // The mini-program the page built, in a simulated WeChat logic layer.
  const calls = { instantiate: [], random: 0 };
  const mp = miniprogramContext({ root: mpDir, wx: createWx({ calls }), calls });
  const appJson = JSON.parse(readFileSync(join(mpDir, 'app.json'), 'utf8'));
  mp.require('app.js');
  mp.app.onLaunch();
  await mp.app.sdk;
  assert.deepEqual(calls.instantiate, ['/miniprogram_npm/medins/medins.wasm.br']);
  const route = appJson.pages[0];
  mp.require(`${route}.js`);
  const def = mp.pages[route];
  const page = Object.assign(Object.create(def), { data: structuredClone(def.data) });
  page.setData = (patch) => Object.assign(page.data, patch);
  await page.onLoad();
  const wxml = readFileSync(join(mpDir, `${route}.wxml`), 'utf8');
  const shown = wxml.replace(/<[^>]+>/g, '').replace(/\{\{(\w+)\}\}/g, (_, k) => page.data[k]).trim();
  const promised = /The page shows `([^`]+)`/.exec(doc)[1];
  assert.equal(shown, promised);
  assert.match(mp.wx.getStorageSync('device').device, /^medins\.device\.v1\.pin\./);
});
