// Loads the package in a page served on localhost, in Debian's Chromium, and
// generates a key pair through the browser loader (fetch + instantiateStreaming).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic, launchChromium } from './server.mjs';
import { root } from '../glue/support.mjs';

test('keys.generate in Chromium', async () => {
  const server = await serveStatic(root);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/tests/browser/keys.html`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30000 });
    const result = await page.evaluate(() => window.result);
    assert.deepEqual(errors, []);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.match(result.public, /^k4\.public\.[A-Za-z0-9_-]{43}$/);
    assert.match(result.id, /^k4\.pid\./);
    assert.equal(result.unknown, 'call.unknown_op');
    const shots = join(root, 'tests', 'out', 'browser');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'keys.png') });
  } finally {
    await browser.close();
    await server.close();
  }
});
