// The display helpers every entry exports (js-glue/src/format.mjs): money from
// integer fen without floating point, and the estimate's reasons and warnings
// in every language the examples speak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as medins from '../../js-glue/src/index.mjs';
import * as browser from '../../js-glue/src/browser.mjs';
import * as wechat from '../../js-glue/src/wechat.mjs';
import * as alipay from '../../js-glue/src/alipay.mjs';
import { root } from './support.mjs';

const { yuan, percent, reasonText, warningText, TEXT_LANGUAGES } = medins;
const require = createRequire(import.meta.url);

test('yuan: integer fen to two decimals, exact, negative amounts signed', () => {
  for (const [fen, text] of [[0, '0.00'], [-0, '0.00'], [5, '0.05'], [-5, '-0.05'], [99, '0.99'], [100, '1.00'], [-12345, '-123.45'],
    [1000000001, '10000000.01'], [Number.MAX_SAFE_INTEGER, '90071992547409.91'], [-Number.MAX_SAFE_INTEGER, '-90071992547409.91']])
    assert.equal(yuan(fen), text, String(fen));
});

test('yuan: beyond 2^53 only as a bigint, exact at any size; anything not an integer is refused', () => {
  assert.equal(yuan(2n ** 64n), '184467440737095516.16');
  assert.equal(yuan(-(2n ** 64n) - 1n), '-184467440737095516.17');
  assert.equal(yuan(7n), '0.07');
  // A number past 2^53 may already be another amount than the one meant.
  for (const bad of [2 ** 53, -(2 ** 53), 0.1, 1.5, NaN, Infinity, '100', null, undefined, {}])
    assert.throws(() => yuan(bad), TypeError, String(bad));
});

test('percent: basis points as the examples print them', () => {
  assert.deepEqual([0, 5, 50, 1250, 7000, 10000, 333].map(percent), ['0', '0.05', '0.5', '12.5', '70', '100', '3.33']);
  for (const bad of [-1, 0.5, '70']) assert.throws(() => percent(bad), TypeError);
});

// Every reason code the core can give (the op table's declaration of estimate's output).
const types = JSON.parse(readFileSync(join(root, 'js-glue', 'gen', 'types-table.json'), 'utf8'));
const estimateType = JSON.stringify(types);
const REASONS = [...estimateType.match(/reason: ((?:'\w+'(?: \| )?)+)/)[1].matchAll(/'(\w+)'/g)].map((m) => m[1]);
const WARNINGS = [...estimateType.match(/warnings: Array<\{ code: ((?:'[\w.]+'(?: \| )?)+)/)[1].matchAll(/'([\w.]+)'/g)].map((m) => m[1]);

test('reasonText: a sentence for every reason code in every language, with its code and figures', () => {
  assert.deepEqual([...TEXT_LANGUAGES], ['zh', 'en', 'ru', 'bg', 'it']);
  assert.ok(REASONS.length >= 7 && REASONS.includes('not_covered_at_level'), REASONS.join());
  const entry = { amount_fen: 1234, line: 0, code: 'X-001', self_pay_bp: 1000, fund_bp: 7000, hospital_level: 'tertiary' };
  for (const lang of TEXT_LANGUAGES) {
    const seen = new Set();
    for (const reason of REASONS) {
      const text = reasonText({ ...entry, reason }, lang);
      assert.ok(text.length > 0 && text !== reason, `${lang} ${reason}`);
      assert.ok(!/undefined|NaN/.test(text), text);
      if (['class_c', 'over_price_cap', 'b_self_pay_first'].includes(reason)) assert.match(text, /X-001/);
      if (reason === 'coinsurance') assert.match(text, /70%/);
      if (reason === 'b_self_pay_first') assert.match(text, /10%/);
      seen.add(text);
    }
    assert.equal(seen.size, REASONS.length, `${lang}: one distinct sentence per reason`);
  }
  assert.equal(reasonText({ reason: 'deductible' }, 'zh'), '起付线（年度起付标准内自付）');
  assert.equal(reasonText({ reason: 'deductible' }, 'zh-CN'), reasonText({ reason: 'deductible' }, 'zh'));
  assert.equal(reasonText({ reason: 'deductible' }, 'fr'), reasonText({ reason: 'deductible' }, 'en'));
  assert.equal(reasonText({ reason: 'deductible' }), reasonText({ reason: 'deductible' }, 'en'));
  assert.equal(reasonText({ reason: 'new_reason' }, 'zh'), 'new_reason');
});

test('warningText: every warning code in every language, with the item and the amount in yuan', () => {
  assert.deepEqual(WARNINGS, ['estimate.charged_for_covered_service']);
  const w = { code: WARNINGS[0], message: 'core message', line: 2, item_code: 'SVC-9', class: 'C', self_pay_fen: 2550 };
  for (const lang of TEXT_LANGUAGES) {
    const text = warningText(w, lang);
    assert.match(text, /SVC-9/);
    assert.match(text, /25\.50/);
    assert.notEqual(text, w.message);
  }
  assert.equal(warningText({ code: 'estimate.other', message: 'core message' }, 'zh'), 'core message');
});

test('every entry exports the same helpers, the CommonJS bundles included', () => {
  const bundles = ['dist/index.cjs', 'dist/browser.cjs', 'dist/miniprogram/index.js', 'dist/miniprogram/alipay.js']
    .map((f) => require(join(root, 'js-glue', f)));
  for (const m of [browser, wechat, alipay, ...bundles]) {
    assert.equal(m.yuan(-123456), '-1234.56');
    assert.equal(m.reasonText({ reason: 'coinsurance', fund_bp: 7000 }, 'it'), reasonText({ reason: 'coinsurance', fund_bp: 7000 }, 'it'));
    assert.deepEqual([...m.TEXT_LANGUAGES], [...TEXT_LANGUAGES]);
  }
});
