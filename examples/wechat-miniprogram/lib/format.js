// Display helpers. Money is integer fen everywhere; it becomes text through
// medins's `yuan` (integer arithmetic, no floating point), and the estimate's
// reasons and warnings through its `reasonText` / `warningText`: the same
// helpers as every other front end, from the entry lib/host.js loaded.

const LABELS = {
  zh: { fund: '统筹基金支付', account: '个人账户支付', cash: '现金支付', total: '合计', why: '为什么我要付这些' },
  en: { fund: 'Insurance fund pays', account: 'Personal account pays', cash: 'You pay in cash', total: 'Total', why: 'Why you pay this' },
};

const pick = (table, lang) => table[lang] || table[String(lang || '').slice(0, 2)] || table.en;

/**
 * The helpers that need medins (the module lib/host.js required): money as
 * "¥12.34", one row per explanation item of an estimate (the amounts add up
 * to the patient's share), its warnings, the three-way split of its totals.
 */
function withMedins(medins) {
  const money = (fen) => '¥' + medins.yuan(fen);
  return {
    money,
    reasons(estimate, bill, lang) {
      return estimate.explanation.map((e) => {
        const line = typeof e.line === 'number' && bill ? bill.lines[e.line] : null;
        const text = medins.reasonText(e, lang) + (line && line.name ? ' · ' + line.name : '');
        return { reason: e.reason, text, amount_fen: e.amount_fen, amount: money(e.amount_fen) };
      });
    },
    warnings: (estimate, lang) => estimate.warnings.map((w) => ({ code: w.code, line: w.line, message: medins.warningText(w, lang) })),
    split(totals, lang) {
      const l = pick(LABELS, lang);
      return [
        { key: 'fund', label: l.fund, fen: totals.fund_pay_fen, amount: money(totals.fund_pay_fen) },
        { key: 'account', label: l.account, fen: totals.account_pay_fen, amount: money(totals.account_pay_fen) },
        { key: 'cash', label: l.cash, fen: totals.cash_pay_fen, amount: money(totals.cash_pay_fen) },
      ];
    },
  };
}

function dateTime(unixS, tzOffsetMin) {
  const d = new Date((unixS + (tzOffsetMin || 0) * 60) * 1000);
  const p = (n) => (n < 10 ? '0' : '') + n;
  return d.getUTCFullYear() + '-' + p(d.getUTCMonth() + 1) + '-' + p(d.getUTCDate()) + ' ' + p(d.getUTCHours()) + ':' + p(d.getUTCMinutes());
}

const name = (value, lang) => (value && typeof value === 'object' ? pick(value, lang) || value.zh : value);

module.exports = { withMedins, dateTime, name, labels: (lang) => pick(LABELS, lang) };
