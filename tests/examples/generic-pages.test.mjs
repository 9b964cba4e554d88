// Generic pages: a step that is only a form is added to the hospital's
// registration flow (tests/support/form-step.mjs), the backend signs the new
// definition with the hospital key, and both the mini-program (in the
// simulated WeChat logic layer) and the web demo (in Chromium) walk through
// it with their one generic page — no new page code. medins refuses what
// breaks the step's rules, naming every field at fault. The web demo's
// screenshots go to build/test-output/web-generic-form/, next to web-e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { miniprogramContext, createWx } from '../support/wechat-sim.mjs';
import { wechatBackend } from '../support/wechat-backend.mjs';
import { registrationWithForm } from '../support/form-step.mjs';
import { startBackend } from '../../examples/hospital-backend/server.mjs';
import { launchChromium } from '../browser/server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = join(root, 'examples', 'wechat-miniprogram');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PIN = '135790';
// Objects made in the logic layer's realm, compared as plain data.
const plain = (x) => JSON.parse(JSON.stringify(x));
const flows = { registration: registrationWithForm() };
const backend = wechatBackend('medins-generic-', { flows });

test('mini-program: the added form step is shown by the generic page and checked by medins', async (t) => {
  const calls = { instantiate: [], random: 0 };
  const wx = createWx({ calls });
  const mp = miniprogramContext({ root: project, wx, calls });
  mp.require('lib/config.js').baseUrl = backend().url;
  mp.require('app.js');
  mp.app.onLaunch();
  await mp.app.ready;
  const open = (route) => {
    const def = mp.pages[route] ?? (mp.require(`${route}.js`), mp.pages[route]);
    const page = Object.create(def);
    page.data = JSON.parse(JSON.stringify(def.data || {}));
    page.setData = (patch) => Object.assign(page.data, patch);
    return page;
  };
  const ok = (page) => assert.equal(page.data.error, '', page.data.error);

  const identity = open('pages/identity/identity');
  identity.onLoad();
  identity.onPin({ detail: { value: PIN } });
  await identity.onVerify();
  ok(identity);

  const booking = open('pages/booking/booking');
  await booking.onLoad();
  for (const what of ['site', 'department', 'doctor', 'slot']) {
    assert.equal(booking.data.what, what);
    await booking.onPick({ currentTarget: { dataset: { id: booking.data.items[0].id } } });
    ok(booking);
  }
  assert.equal(booking.data.step, 'visit_details');
  assert.equal(calls.navigate.at(-1), '/pages/form/form', 'the booking page hands the form step to the generic page');

  const form = open('pages/form/form');
  await form.onLoad();
  ok(form);
  assert.equal(form.data.title, '就诊前信息');
  assert.deepEqual(plain(form.data.fields).map((f) => [f.name, f.type]), [['reason', 'text'], ['campus', 'choice'], ['weight_kg', 'number'], ['agree', 'consent']]);
  const campus = form.data.fields.find((f) => f.name === 'campus');
  assert.deepEqual(plain(campus.options).map((o) => o.value), ['east', 'west'], 'catalogue options from the backend');

  // Nothing entered, then a weight with two decimals: refused, every field named.
  await form.onSubmit();
  assert.equal(form.data.errorCode, 'flow.field_required');
  assert.deepEqual(plain(form.data.problems), { reason: 'flow.field_required', campus: 'flow.field_required', agree: 'flow.consent_not_given' });
  const field = (name) => ({ currentTarget: { dataset: { name } } });
  form.onInput({ ...field('reason'), detail: { value: '视力模糊' } });
  form.onChoose({ ...field('campus'), detail: { value: '1' } });
  form.onInput({ ...field('weight_kg'), detail: { value: '61.25' } });
  form.onConsent({ ...field('agree'), detail: { value: ['yes'] } });
  await form.onSubmit();
  assert.equal(form.data.errorCode, 'flow.field_bad_number');
  assert.deepEqual(plain(form.data.problems), { weight_kg: 'flow.field_bad_number' });
  form.onInput({ ...field('weight_kg'), detail: { value: '61.5' } });
  await form.onSubmit();
  ok(form);
  assert.equal(calls.navigate.at(-1), '/pages/booking/booking');
  const state = wx.getStorageSync('medins.demo.flow').state;
  assert.deepEqual(plain(state.history.at(-1).data), { reason: '视力模糊', campus: 'west', weight_kg: '61.5', agree: true });

  // On through the hand-written pages: confirm, estimate, authorize, pay.
  await booking.onLoad();
  assert.equal(booking.data.step, 'confirm');
  await booking.onConfirm();
  ok(booking);
  const estimate = open('pages/estimate/estimate');
  await estimate.onLoad();
  assert.equal(estimate.data.matches, true);
  await estimate.onAccept();
  ok(estimate);
  const { sdk } = await mp.app.journey.ready();
  if (!sdk.version().ops.includes('grant.create')) return t.skip('grant.create is not in this build of medins.wasm');
  const authorize = open('pages/authorize/authorize');
  await authorize.onLoad();
  await authorize.onAuthorize();
  ok(authorize);
  const pay = open('pages/pay/pay');
  await pay.onLoad();
  ok(pay);
  assert.equal(mp.app.journey.flow().finished, true);
});

test('web demo: the added form step in Chromium, with screenshots', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`, timeout: 180000 }, async () => {
  const shots = join(root, 'build', 'test-output', 'web-generic-form');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'medins-web-form-'));
  const web = await startBackend({ port: 0, dataDir, log: null, redisUrl: null, flows });
  const browser = await launchChromium();
  const errors = [];
  let n = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 1100 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    const shot = async (name) => page.screenshot({ path: join(shots, `${String(++n).padStart(2, '0')}-${name}.png`), fullPage: true });
    const idle = () => page.waitForFunction(() => !document.body.dataset.busy);

    await page.goto(`${web.url}/web/?lang=en`);
    await page.waitForSelector('body[data-ready]', { timeout: 60000 });
    await page.fill('#pin', '246810');
    await page.click('#verify-btn');
    await page.waitForSelector('[data-testid=verified]', { timeout: 30000 });
    await page.click('#book-btn');
    await page.waitForSelector('[data-testid=form-title]', { timeout: 30000 });
    await idle();
    assert.equal(await page.textContent('[data-testid=form-title]'), 'Before your visit');
    assert.equal(await page.textContent('[data-testid=flow-step]'), 'visit_details');
    await shot('form');

    await page.click('#form-btn');
    await idle();
    assert.match(await page.textContent('#error'), /flow\.field_required/);
    assert.equal(await page.textContent('[data-testid=problem-reason]'), 'flow.field_required');
    assert.equal(await page.textContent('[data-testid=problem-agree]'), 'flow.consent_not_given');
    await shot('form-refused');

    await page.fill('#f-reason', 'Blurred vision');
    await page.selectOption('#f-campus', 'east');
    await page.fill('#f-weight_kg', '61.5');
    await page.check('#f-agree');
    await page.click('#form-btn');
    await page.waitForSelector('[data-testid=reasons]', { timeout: 30000 });
    await idle();
    assert.equal(await page.textContent('#error'), '');
    assert.equal(await page.textContent('[data-testid=flow-step]'), 'authorize');
    await shot('estimate');

    await page.click('#pay-btn');
    await page.waitForSelector('[data-testid=invoice]', { timeout: 30000 });
    await idle();
    assert.equal(await page.textContent('#error'), '');
    assert.equal(await page.textContent('[data-testid=flow-step]'), 'done');
    await shot('receipt');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
