// End to end: the web demo (examples/web) served by the reference backend,
// clicked through in Debian's Chromium with playwright-core (no browser
// download): verify identity, book, estimate with reasons, authorize and pay,
// receipt, outpatient payment, wallet, notifications, and the five languages.
// A screenshot of each step goes to build/test-output/web-e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackend } from '../../examples/hospital-backend/server.mjs';
import { launchChromium } from '../browser/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'build', 'test-output', 'web-e2e');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

test('web demo: the whole journey in Chromium, with screenshots', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`, timeout: 180000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'medins-web-'));
  rmSync(shots, { recursive: true, force: true });  // only this run's screenshots
  mkdirSync(shots, { recursive: true });
  const backend = await startBackend({ port: 0, dataDir, log: null });
  const browser = await launchChromium();
  const errors = [];
  let n = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 1100 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const shot = async (name) => page.screenshot({ path: join(shots, `${String(++n).padStart(2, '0')}-${name}.png`), fullPage: true });
    const idle = () => page.waitForFunction(() => !document.body.dataset.busy);
    const noError = async () => assert.equal(await page.textContent('#error'), '', 'no error shown');

    await page.goto(`${backend.url}/?lang=zh`);
    await page.waitForSelector('body[data-ready]', { timeout: 60000 });
    await noError();
    assert.equal(await page.textContent('#title'), '同仁医院 · 医保移动支付（演示）');
    await shot('start');

    // 1. Verify identity: device key under a PIN, proof, device-bound token.
    await page.fill('#pin', '246810');
    await page.click('#verify-btn');
    await page.waitForSelector('[data-testid=verified]', { timeout: 30000 });
    await noError();
    assert.match(await page.textContent('[data-testid=verified]'), /P-0001/);
    assert.equal(await page.textContent('[data-testid=flow-step]'), 'select_site');
    await shot('verified');

    // 2. Book: site, department, doctor, slot.
    await page.selectOption('#site', 'east');
    await page.selectOption('#department', 'ophthalmology');
    await page.selectOption('#doctor', 'd-wang');
    const slot = await page.$eval('#slot', (s) => s.options[1].value);
    await page.selectOption('#slot', slot);
    await shot('book');
    await page.click('#book-btn');
    await page.waitForSelector('[data-testid=reasons]', { timeout: 30000 });
    await idle();
    await noError();

    // 3. The estimate with its reasons, agreeing with the hospital.
    assert.equal(await page.textContent('[data-testid=fund]'), '¥35.00');
    assert.equal(await page.textContent('[data-testid=account]'), '¥65.00');
    assert.match(await page.textContent('[data-testid=agrees]'), /✓/);
    assert.match(await page.textContent('[data-testid=reasons]'), /起付线/);
    assert.match(await page.textContent('[data-testid=consent]'), /医保统筹基金 35\.00 元/);
    assert.equal(await page.textContent('[data-testid=flow-step]'), 'authorize');
    await shot('estimate');

    {
      // 4. Authorize and pay; 5. the receipt.
      await page.click('#pay-btn');
      await page.waitForSelector('[data-testid=invoice]', { timeout: 30000 });
      await idle();
      await noError();
      assert.match(await page.textContent('[data-testid=authorization]'), /^\d{20}$/);
      assert.equal(await page.textContent('[data-testid=wallet-count]'), '1');
      assert.match(await page.textContent('[data-testid=wallet-valid]'), /✓/);
      assert.equal(await page.textContent('[data-testid=flow-step]'), 'done');
      await shot('receipt');

      // 6. Outpatient payment of the prescription.
      await page.click('.rx-btn');
      await page.waitForSelector('[data-testid=reasons]', { timeout: 30000 });
      await idle();
      await noError();
      const reasons = await page.textContent('[data-testid=reasons]');
      assert.match(reasons, /丙类/);
      assert.match(reasons, /乙类/);
      await shot('prescription-estimate');
      await page.click('#pay-btn');
      await page.waitForFunction(() => document.querySelector('[data-testid=wallet-count]')?.textContent === '2', null, { timeout: 30000 });
      await idle();
      await noError();
      await shot('wallet');
    }

    // Notifications, then every language.
    await page.waitForSelector('[data-testid=notes]');
    const zhNotes = await page.textContent('[data-testid=notes]');
    assert.match(zhNotes, /药品协议/);
    assert.match(zhNotes, /预约已确认/);
    await page.locator('#step-status').scrollIntoViewIfNeeded();
    await shot('status-zh');
    const expect = { en: ['Tongren Hospital', /Medicine protocol/], ru: ['Больница', /Протокол|протокол/], bg: ['Болница', /Протокол|протокол/], it: ['Ospedale', /Protocollo|protocollo/] };
    for (const [lang, [title, notes]] of Object.entries(expect)) {
      await page.selectOption('#lang', lang);
      assert.match(await page.textContent('#title'), new RegExp(title));
      assert.match(await page.textContent('[data-testid=notes]'), notes, lang);
      await shot(`lang-${lang}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
