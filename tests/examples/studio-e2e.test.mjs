// End to end: the flow studio (examples/studio) served by the reference
// backend, in Debian's Chromium: build a three-step flow from scratch, see
// flow.validate's finding (an untranslated title) and fix it, preview the
// form step, have the backend sign it with the hospital key, book through it
// in the web demo, then publish the earlier version again. Screenshots go to
// build/test-output/studio-e2e/, next to the web demo's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackend } from '../../examples/hospital-backend/server.mjs';
import { launchChromium } from '../browser/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'build', 'test-output', 'studio-e2e');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TITLE = { en: 'Before your visit', zh: '就诊前信息', ru: 'Перед приёмом', bg: 'Преди прегледа', it: 'Prima della visita' };
const LABEL = { en: 'Reason for the visit', zh: '就诊原因', ru: 'Причина обращения', bg: 'Причина за посещението', it: 'Motivo della visita' };

test('flow studio: build, fix, sign, book through it, roll back', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`, timeout: 180000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'medins-studio-'));
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const backend = await startBackend({ port: 0, dataDir, log: null, redisUrl: null });
  const browser = await launchChromium();
  const errors = [];
  let n = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    const shot = async (p, name) => p.screenshot({ path: join(shots, `${String(++n).padStart(2, '0')}-${name}.png`), fullPage: true });
    const idle = () => page.waitForFunction(() => !document.body.dataset.busy);
    const finding = () => page.textContent('#findings');

    await page.goto(`${backend.url}/studio/`);
    await page.waitForSelector('body[data-ready]', { timeout: 60000 });
    await page.fill('#staff', backend.staffToken);

    // Three steps from scratch: identity, a form, done.
    await page.click('#new-btn');
    await page.fill('#flow-id', 'tongren.quick-registration');
    await page.fill('#flow-version', '2');
    assert.match(await finding(), /flow\.bad_definition/, 'an empty flow is not valid');
    for (const [kind, name] of [['verify_identity', ''], ['custom', 'visit_details'], ['done', '']]) {
      await page.selectOption('#add-kind', kind);
      await page.fill('#add-name', name);
      await page.click('#add-btn');
    }
    await page.click('[data-sel="1"]');
    await page.click('#add-field');
    await page.fill('[data-path="steps.1.fields.0.name"]', 'reason');
    await page.check('[data-path="steps.1.fields.0.required"]');
    for (const [lang, text] of Object.entries(LABEL)) await page.fill(`[data-path="steps.1.fields.0.label.${lang}"]`, text);
    await page.fill('[data-path="steps.1.title.en"]', TITLE.en);

    // The finding, as flow.validate gives it in the page's own wasm core.
    assert.equal(await page.textContent('[data-testid=finding-code]'), 'flow.untranslated');
    assert.match(await finding(), /steps\[1\]\.title/);
    assert.equal(await page.isDisabled('#sign-btn'), true, 'a flow with findings cannot be signed');
    await shot(page, 'finding');
    for (const [lang, text] of Object.entries(TITLE)) await page.fill(`[data-path="steps.1.title.${lang}"]`, text);
    await page.waitForSelector('[data-testid=valid]');
    assert.match(await page.textContent('[data-testid=preview]'), /就诊前信息/);
    assert.match(await page.textContent('[data-testid=preview]'), /就诊原因 \*/);
    await shot(page, 'valid-preview');

    // Signed by the backend with the hospital key; the published flow is v2.
    await page.click('#sign-btn');
    await idle();
    assert.match(await page.textContent('#signed'), /signed and published as v2/);
    assert.match(await page.textContent('[data-testid=versions]'), /v2 · tongren\.quick-registration version 2 · 3 steps/);
    await shot(page, 'signed');
    const published = await (await fetch(`${backend.url}/api/flows/registration`)).json();
    assert.equal(published.id, 'tongren.quick-registration');

    // Book through it in the web demo: the form step is its generic page.
    const web = await browser.newPage({ viewport: { width: 760, height: 1000 } });
    web.on('pageerror', (e) => errors.push(String(e)));
    await web.goto(`${backend.url}/web/?lang=en`);
    await web.waitForSelector('body[data-ready]', { timeout: 60000 });
    await web.fill('#pin', '246810');
    await web.click('#verify-btn');
    await web.waitForSelector('[data-testid=verified]', { timeout: 30000 });
    await web.click('#book-btn');
    await web.waitForSelector('[data-testid=form-title]', { timeout: 30000 });
    assert.equal(await web.textContent('[data-testid=form-title]'), 'Before your visit');
    await web.fill('#f-reason', 'Blurred vision');
    await web.click('#form-btn');
    await web.waitForFunction(() => document.querySelector('[data-testid=flow-step]')?.textContent === 'done', null, { timeout: 30000 });
    assert.equal(await web.textContent('#error'), '');
    await shot(web, 'booked');

    // Roll back: version 1 (the reference flow) is published again.
    await page.click('[data-rollback="1"]');
    await idle();
    assert.match(await page.textContent('#signed'), /v1 published again/);
    assert.equal((await (await fetch(`${backend.url}/api/flows/registration`)).json()).id, 'beijing.registration');
    assert.equal(await page.inputValue('#flow-id'), 'beijing.registration');
    await shot(page, 'rolled-back');

    // Staff only.
    const anonymous = await fetch(`${backend.url}/api/studio/flows`);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
