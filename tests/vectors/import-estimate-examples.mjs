// Turns the spec's worked examples (tests/vectors/official/estimate-examples.json,
// the worked examples of the estimate contract, copied into the tree) into `estimate` op vectors
// (tests/vectors/estimate/examples.json) that every front end runs.
// The examples' `expected` leaves out fields of the full output; the vector's
// `expected` must be the whole output, so the missing fields are added here,
// each figure worked out by hand from spec/estimate.md (see the comments).
// Re-run after updating the examples: node tests/vectors/import-estimate-examples.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const examples = JSON.parse(readFileSync(join(here, 'official', 'estimate-examples.json'), 'utf8'));

// Per example: the fields the examples omit. `explanation` gives every fen of
// patient_share_fen a reason; the amounts must add up to it.
const supplements = {
  // patient share 19000 = deductible 10000 (1800 yuan − 1700 met) + 30% of the
  // 30000 band [180000, 210000) = 9000.
  crossing_deductible: {
    explanation: [
      { reason: 'deductible', amount_fen: 10000 },
      { reason: 'coinsurance', amount_fen: 9000, from_fen: 180000, to_fen: 210000, fund_bp: 7000 },
    ],
  },
  // patient share 4800 = 10% self-pay-first of the class B line 20000 = 2000,
  // + 10% of the band [250000, 278000) = 28000 − 25200 = 2800.
  class_b_item_community: {
    explanation: [
      { reason: 'b_self_pay_first', amount_fen: 2000, line: 1, code: 'DRUG-B1', self_pay_bp: 1000 },
      { reason: 'coinsurance', amount_fen: 2800, from_fen: 250000, to_fen: 278000, fund_bp: 9000 },
    ],
  },
  // patient share 255250 = second-admission deductible 65000 + per band
  // 435000 − 369750 = 65250, 1000000 − 900000 = 100000, 500000 − 475000 = 25000.
  inpatient_second_admission_multiple_bands: {
    explanation: [
      { reason: 'deductible', amount_fen: 65000 },
      { reason: 'coinsurance', amount_fen: 65250, from_fen: 2565000, to_fen: 3000000, fund_bp: 8500 },
      { reason: 'coinsurance', amount_fen: 100000, from_fen: 3000000, to_fen: 4000000, fund_bp: 9000 },
      { reason: 'coinsurance', amount_fen: 25000, from_fen: 4000000, to_fen: 4500000, fund_bp: 9500 },
    ],
  },
};

const cases = examples.map((example) => {
  const extra = supplements[example.name];
  if (!extra) throw new Error(`no hand-checked supplement for example ${example.name}`);
  const share = example.expected.totals.patient_share_fen;
  const explained = extra.explanation.reduce((sum, e) => sum + e.amount_fen, 0);
  if (explained !== share) throw new Error(`${example.name}: explanations add up to ${explained}, not ${share}`);
  return {
    name: example.name,
    input: { policy: example.policy, accumulators: example.accumulators, bill: example.bill },
    expected: {
      policy_id: example.policy.policy_id,
      accumulators_as_of: example.accumulators.as_of ?? null,
      ...example.expected,
      explanation: extra.explanation,
      warnings: [],
    },
  };
});

mkdirSync(join(here, 'estimate'), { recursive: true });
writeFileSync(join(here, 'estimate', 'examples.json'), JSON.stringify(cases, null, 1) + '\n');
console.log(`estimate: ${cases.length} example cases`);
