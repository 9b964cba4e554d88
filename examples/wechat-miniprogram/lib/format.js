// Display helpers. Money is integer fen everywhere; it becomes text only here,
// with integer arithmetic (no floating point ever touches an amount).

function yuan(fen) {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) throw new TypeError('amounts are integer fen');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return sign + '¥' + String((abs - cents) / 100) + '.' + (cents < 10 ? '0' : '') + String(cents);
}

const REASONS = {
  zh: {
    class_c: '丙类（自费）项目',
    over_price_cap: '超出限价部分',
    b_self_pay_first: '乙类先行自付',
    deductible: '起付标准（起付线）',
    coinsurance: '基金支付比例以外的个人负担',
    over_annual_cap: '超出年度最高支付限额',
    not_covered_at_level: '该级别医院不在报销范围',
    condition_not_recognized: '病种在就诊日未经认定',
    care_not_eligible: '就诊日无长期护理待遇资格',
    not_a_care_service: '不在长期护理服务项目内',
    over_care_limit: '超出护理服务支付限额',
  },
  en: {
    class_c: 'class C item (self-pay)',
    over_price_cap: 'above the price cap',
    b_self_pay_first: 'class B self-pay share',
    deductible: 'deductible',
    coinsurance: 'your share beyond the fund\'s ratio',
    over_annual_cap: 'above the fund\'s annual cap',
    not_covered_at_level: 'not covered at this hospital level',
    condition_not_recognized: 'condition not recognized on the visit date',
    care_not_eligible: 'no long-term-care eligibility on the visit date',
    not_a_care_service: 'not a long-term-care service',
    over_care_limit: 'above the care service\'s limit',
  },
};

const LABELS = {
  zh: { fund: '统筹基金支付', account: '个人账户支付', cash: '现金支付', total: '合计', why: '为什么我要付这些' },
  en: { fund: 'Insurance fund pays', account: 'Personal account pays', cash: 'You pay in cash', total: 'Total', why: 'Why you pay this' },
};

const pick = (table, lang) => table[lang] || table[String(lang || '').slice(0, 2)] || table.en;

/** One display row per explanation item of an estimate (the amounts add up to the patient's share). */
function reasons(estimate, bill, lang) {
  const names = pick(REASONS, lang);
  return estimate.explanation.map((e) => {
    const line = typeof e.line === 'number' && bill ? bill.lines[e.line] : null;
    let text = names[e.reason] || e.reason;
    if (line) text += ' · ' + (line.name || line.code);
    if (e.reason === 'coinsurance' && typeof e.fund_bp === 'number')
      text += ' (' + (lang === 'zh' ? '基金支付 ' : 'fund pays ') + String(e.fund_bp / 100) + '%)';
    return { reason: e.reason, text, amount_fen: e.amount_fen, amount: yuan(e.amount_fen) };
  });
}

/** The three-way split of an estimate's totals, formatted. */
function split(totals, lang) {
  const l = pick(LABELS, lang);
  return [
    { key: 'fund', label: l.fund, fen: totals.fund_pay_fen, amount: yuan(totals.fund_pay_fen) },
    { key: 'account', label: l.account, fen: totals.account_pay_fen, amount: yuan(totals.account_pay_fen) },
    { key: 'cash', label: l.cash, fen: totals.cash_pay_fen, amount: yuan(totals.cash_pay_fen) },
  ];
}

function dateTime(unixS, tzOffsetMin) {
  const d = new Date((unixS + (tzOffsetMin || 0) * 60) * 1000);
  const p = (n) => (n < 10 ? '0' : '') + n;
  return d.getUTCFullYear() + '-' + p(d.getUTCMonth() + 1) + '-' + p(d.getUTCDate()) + ' ' + p(d.getUTCHours()) + ':' + p(d.getUTCMinutes());
}

const name = (value, lang) => (value && typeof value === 'object' ? pick(value, lang) || value.zh : value);

module.exports = { yuan, reasons, split, dateTime, name, labels: (lang) => pick(LABELS, lang) };
