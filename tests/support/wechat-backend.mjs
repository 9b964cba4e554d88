// What both runs of the mini-program (tests/examples/wechat.test.mjs in V8,
// tests/jsc/wechat-journey.test.mjs in JavaScriptCore) need around them:
// "Build npm" of examples/wechat-miniprogram, and a reference hospital
// backend on loopback with a fresh data folder. Registers the file's
// before/after hooks; returns a getter for the running backend.
// `backendOptions` go to startBackend (e.g. `flows` to publish).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

export function wechatBackend(tmpPrefix, backendOptions = {}) {
  let backend;
  let dataDir;
  before(async () => {
    const built = spawnSync(process.execPath, [join(examples, 'wechat-miniprogram', 'build-npm.mjs')], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    dataDir = mkdtempSync(join(tmpdir(), tmpPrefix));
    const { startBackend } = await import(join(examples, 'hospital-backend', 'server.mjs'));
    backend = await startBackend({ port: 0, dataDir, log: null, redisUrl: null, ...backendOptions });
  });
  after(async () => {
    await backend?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => backend;
}
