// Builds the coverage vectors with the native CLI (issue 15):
//   tests/vectors/coverage.issue/cases.json, coverage.verify/cases.json,
//   estimate/coverage.json, policy.validate/catalogue.json,
//   grant.create/coverage.json, grant.verify/coverage.json.
// Keys come from fixed seeds and Ed25519 is deterministic, so coverage tokens
// are the same on every run; the grant's device and jti are random, so a
// re-run writes other, equally valid grant tokens. Every case names the code
// (or output) it must give, and the script fails if the CLI disagrees.
// The policy is illustrative (Chongqing-like codes and figures invented for
// tests, not official values).
//   node tests/vectors/make-coverage-vectors.mjs [path/to/native/medins]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCli as call } from './native-cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const NOW = 1767225600; // the vectors' default clock: 2026-01-01T00:00:00Z
const seed = (b) => Buffer.alloc(32, b).toString('base64url');
const insurer = call('keys.generate', { type: 'public', seed: seed(0x15) });
const other = call('keys.generate', { type: 'public', seed: seed(0x16) });
const hospital = call('keys.generate', { type: 'public', seed: seed(1) });

const claims = {
  sub: 'cq-patient-1', scheme: 'employee', member_category: 'in_service', admdvs: '500112', insutype: '310',
  valid_from: '2026-01-01', valid_until: '2026-12-31',
  conditions: [{ code: 'CQ-HTN', from: '2025-03-01' }, { code: 'CQ-DM2', from: '2026-03-01', until: '2027-02-28' }],
  long_term_care: { level: 'severe-1', from: '2026-02-01', until: '2026-07-31' },
};
const issue = (c, key = insurer.secret) => {
  const out = call('coverage.issue', { claims: c, key });
  if (!out.token) throw new Error(`coverage.issue refused ${JSON.stringify(c)}: ${JSON.stringify(out)}`);
  return out.token;
};
const token = issue(claims);
// The signature's last character changed: a forgery.
const forged = token.replace(/^(v4\.public\.[A-Za-z0-9_-]{60})(.)/, (_, a, b) => a + (b === 'A' ? 'B' : 'A'));
// The same claims signed as a status event: another implicit assertion.
const statusSigned = call('token.issue', { purpose: 'public', key: insurer.secret, payload: JSON.stringify(claims) });

const files = {};
const check = (op, c) => {
  if (c.steps) return;  // its expected output is the CLI's own answer
  const out = call(op, c.input);
  if (c.error !== undefined ? out.error?.code !== c.error : JSON.stringify(out) !== JSON.stringify(c.expected))
    throw new Error(`${op} / ${c.name}: the CLI says ${JSON.stringify(out).slice(0, 400)}`);
};
const add = (op, file, cases) => {
  for (const c of cases) check(op, c);
  (files[`${op}/${file}`] ??= []).push(...cases);
};
const ok = (op, name, input) => ({ name, input, expected: call(op, input) });

// ---- coverage.issue ----
const refuseClaims = (name, change) => ({ name, input: { claims: { ...claims, ...change }, key: insurer.secret }, error: 'coverage.bad_claims' });
add('coverage.issue', 'cases.json', [
  ok('coverage.issue', 'an employee with two chronic conditions and long-term care', { claims, key: insurer.secret }),
  ok('coverage.issue', 'a newborn enrolled at birth on a parent\'s account (guardian)', {
    claims: { sub: 'cq-newborn-1', scheme: 'resident', member_category: 'newborn', admdvs: '500112', insutype: '390',
      valid_from: '2025-12-20', valid_until: '2026-12-31', guardian: 'cq-parent-1' },
    key: insurer.secret,
  }),
  { name: 'no claims', input: { key: insurer.secret }, error: 'coverage.bad_input' },
  { name: 'no key', input: { claims }, error: 'coverage.bad_input' },
  { name: 'a public key to sign with', input: { claims, key: insurer.public }, error: 'keys.wrong_key_type' },
  refuseClaims('scheme neither employee nor resident', { scheme: 'retiree' }),
  refuseClaims('admdvs not 6 digits', { admdvs: '5001' }),
  refuseClaims('insutype not 3 digits', { insutype: 'A10' }),
  refuseClaims('valid_until before valid_from', { valid_until: '2025-12-31' }),
  refuseClaims('valid_until missing', { valid_until: undefined }),
  refuseClaims('a date that is not a day', { valid_from: '2026-02-30' }),
  refuseClaims('an unknown member (a misspelt guardian)', { guardain: 'cq-parent-1' }),
  refuseClaims('a condition listed twice', { conditions: [{ code: 'CQ-HTN', from: '2025-03-01' }, { code: 'CQ-HTN', from: '2026-01-01' }] }),
  refuseClaims('a condition code with a space', { conditions: [{ code: 'CQ HTN', from: '2025-03-01' }] }),
  refuseClaims('a condition without its recognition date', { conditions: [{ code: 'CQ-HTN' }] }),
  refuseClaims('a condition recognized until before from', { conditions: [{ code: 'CQ-HTN', from: '2026-03-01', until: '2026-02-01' }] }),
  refuseClaims('65 conditions', { conditions: Array.from({ length: 65 }, (_, i) => ({ code: `C${i}`, from: '2026-01-01' })) }),
  refuseClaims('long-term care without a level', { long_term_care: { from: '2026-01-01' } }),
  refuseClaims('the guardian is the dependent', { guardian: 'cq-patient-1' }),
  refuseClaims('an empty sub', { sub: '' }),
  refuseClaims('member_category not a code', { member_category: '在职' }),
].map((c) => (c.input?.claims ? { ...c, input: { ...c.input, claims: JSON.parse(JSON.stringify(c.input.claims)) } } : c)));

// ---- coverage.verify ----
add('coverage.verify', 'cases.json', [
  ok('coverage.verify', 'active on 2026-01-01', { token, keys: [insurer.public], now: NOW }),
  ok('coverage.verify', 'expired: verifies, but not active on 2027-01-01 (China Standard Time)', { token, keys: [other.public, insurer.public], now: 1798732800 }),
  ok('coverage.verify', 'not active yet: 2025-12-31T15:59:59Z is still 2025 in China', { token, keys: [insurer.public], now: 1767196799 }),
  { name: 'forged: one byte of the signature changed', input: { token: forged, keys: [insurer.public], now: NOW }, error: 'coverage.invalid' },
  { name: 'signed by a key not given', input: { token, keys: [other.public], now: NOW }, error: 'coverage.unknown_key' },
  { name: 'the same claims signed without the coverage assertion', input: { token: statusSigned.token ?? '', keys: [insurer.public] }, error: 'coverage.invalid' },
  { name: 'signed by another key claiming the insurer\'s kid', input: { token: issue(claims, other.secret).replace(/\.[^.]*$/, token.slice(token.lastIndexOf('.'))), keys: [insurer.public] }, error: 'coverage.invalid' },
  { name: 'a signed credential whose claims fail (bad admdvs)', input: { token: signRaw({ ...claims, admdvs: '5001' }), keys: [insurer.public] }, error: 'coverage.bad_claims' },
  { name: 'no keys', input: { token, keys: [] }, error: 'coverage.bad_input' },
  { name: 'a key that is not k4.public', input: { token, keys: [insurer.secret] }, error: 'coverage.bad_input' },
  { name: 'not a token', input: { token: 'v4.public.', keys: [insurer.public] }, error: 'coverage.invalid' },
]);

// A coverage token over any claims, bypassing coverage.issue's checks (the
// insurer's own bug): what a phone must still refuse.
function signRaw(c) {
  const raw = call('token.issue', { purpose: 'public', key: insurer.secret, payload: JSON.stringify(c), implicit: 'medins.coverage.v1', footer: JSON.stringify({ kid: insurer.kid ?? call('keys.id', { key: insurer.public }).id }) });
  if (!raw.token) throw new Error('token.issue: ' + JSON.stringify(raw));
  return raw.token;
}

// ---- the illustrative policy with a condition catalogue and a care pool ----
const band = (bp) => [{ upto_in_scope_ytd_fen: null, bp }];
const policy = {
  schema: 'fee-policy/0.1', policy_id: 'cq-employee-illustrative', scheme: 'employee',
  region: { admdvs: '500000', name: 'Chongqing-like (illustrative)' },
  provenance: { illustrative: true, note: 'Codes, ratios and limits invented for tests; not official values.' },
  versions: [{
    version: '2026.1', effective_from: '2026-01-01', effective_to: null, rounding: { mode: 'half_up' },
    catalogue_defaults: { b_self_pay_first_bp: 1000 }, personal_account: { available: false },
    pools: {
      outpatient_general: { visit_types: ['outpatient'], deductible: { type: 'none' }, bands_by_level: { level3: band(5000) } },
      chronic_special: { visit_types: ['chronic'], requires_registration: true, deductible: { type: 'none' }, bands_by_level: { level3: band(8000) } },
      long_term_care: {
        visit_types: ['long_term_care'], deductible: { type: 'none' }, bands_by_level: { institution: band(7000) },
        long_term_care: { services: [
          { code: 'LTC-INST-DAY', name: { zh: '机构护理（日）', en: 'Institutional care (day)' }, unit_limit_fen: 5000 },
          { code: 'LTC-HOME-VISIT', name: { zh: '上门护理（次）', en: 'Home care visit' }, unit_limit_fen: 8000 },
        ] },
      },
    },
    conditions: [
      { code: 'CQ-HTN', name: { zh: '高血压', en: 'Hypertension' }, pool: 'chronic_special' },
      { code: 'CQ-DM2', name: { zh: '糖尿病', en: 'Diabetes mellitus' }, pool: 'chronic_special' },
    ],
  }],
};
const accumulators = { year: 2026, as_of: '2026-01-01T00:00:00+08:00', account_balance_fen: null, pools: {} };
const coverage = { token, keys: [insurer.public] };
const chronicBill = (date, disease) => ({
  visit: { date, type: 'chronic', hospital_level: 'level3', use_personal_account: false, disease_code: disease },
  lines: [{ code: 'DRUG-AMLODIPINE', class: 'A', unit_price_fen: 2500, quantity: 4 }],
});
const careBill = (date) => ({
  visit: { date, type: 'long_term_care', hospital_level: 'institution', use_personal_account: false },
  lines: [
    { code: 'LTC-INST-DAY', class: 'A', unit_price_fen: 6000, quantity: 10 },
    { code: 'LTC-HOME-VISIT', class: 'A', unit_price_fen: 7000, quantity: 2 },
    { code: 'MASSAGE', class: 'A', unit_price_fen: 3000, quantity: 1 },
  ],
});
const est = (bill, extra = {}) => ({ policy, accumulators, bill, coverage, ...extra });
const withClaims = (change) => ({ token: issue({ ...claims, ...change }), keys: [insurer.public] });
add('estimate', 'coverage.json', [
  ok('estimate', 'coverage: a chronic visit for a condition recognized that day is paid from the chronic pool', est(chronicBill('2026-06-01', 'CQ-HTN'))),
  ok('estimate', 'coverage: a condition recognized only from 2026-03-01 pays nothing on 2026-02-15 (condition_not_recognized)', est(chronicBill('2026-02-15', 'CQ-DM2'))),
  ok('estimate', 'coverage: a condition the coverage does not list (condition_not_recognized)', est(chronicBill('2026-06-01', 'CQ-COPD'))),
  ok('estimate', 'coverage: a chronic visit naming no condition (condition_not_recognized)', est(chronicBill('2026-06-01', undefined))),
  ok('estimate', 'coverage: long-term care with an active eligibility, a service over its limit and one not listed', est(careBill('2026-05-01'))),
  ok('estimate', 'coverage: long-term care after the eligibility ended (care_not_eligible)', est(careBill('2026-09-01'))),
  ok('estimate', 'coverage: a coverage without long-term care (care_not_eligible)', est(careBill('2026-05-01'), { coverage: withClaims({ long_term_care: undefined }) })),
  ok('estimate', 'coverage: an outpatient visit is estimated as without it', est({ visit: { date: '2026-06-01', type: 'outpatient', hospital_level: 'level3' }, lines: [{ code: 'REG', class: 'A', unit_price_fen: 5000, quantity: 1 }] })),
  { name: 'coverage: a resident\'s coverage under an employees\' policy', input: est(chronicBill('2026-06-01', 'CQ-HTN'), { coverage: withClaims({ scheme: 'resident', member_category: 'adult', insutype: '390' }) }), error: 'estimate.coverage_scheme_mismatch' },
  { name: 'coverage: a coverage from Beijing under a Chongqing policy', input: est(chronicBill('2026-06-01', 'CQ-HTN'), { coverage: withClaims({ admdvs: '110105' }) }), error: 'estimate.coverage_region_mismatch' },
  { name: 'coverage: a visit after the coverage expired', input: est(chronicBill('2027-01-05', 'CQ-HTN')), error: 'estimate.coverage_not_active' },
  { name: 'coverage: a forged coverage', input: est(chronicBill('2026-06-01', 'CQ-HTN'), { coverage: { token: forged, keys: [insurer.public] } }), error: 'coverage.invalid' },
  { name: 'coverage: signed by a key not given', input: est(chronicBill('2026-06-01', 'CQ-HTN'), { coverage: { token, keys: [other.public] } }), error: 'coverage.unknown_key' },
  { name: 'coverage: without its token', input: est(chronicBill('2026-06-01', 'CQ-HTN'), { coverage: { keys: [insurer.public] } }), error: 'estimate.bad_input' },
  { name: 'coverage: not an object', input: est(chronicBill('2026-06-01', 'CQ-HTN'), { coverage: token }), error: 'estimate.bad_input' },
  { name: 'no coverage: a long-term-care visit is refused', input: est(careBill('2026-05-01'), { coverage: undefined }), error: 'estimate.care_needs_coverage' },
  ok('estimate', 'no coverage: a registered condition of the catalogue unlocks the chronic pool as before', est(chronicBill('2026-06-01', 'CQ-HTN'), { coverage: undefined, accumulators: { ...accumulators, registered_diseases: ['CQ-HTN'] } })),
  { name: 'no coverage: a registered code the catalogue does not list unlocks nothing', input: est(chronicBill('2026-06-01', 'HTN-DEMO'), { coverage: undefined, accumulators: { ...accumulators, registered_diseases: ['HTN-DEMO'] } }), error: 'estimate.chronic_not_registered' },
].map((c) => ({ ...c, input: JSON.parse(JSON.stringify(c.input)) })));

// ---- policy.validate: the catalogue and the care pool ----
const variant = (change) => {
  const p = JSON.parse(JSON.stringify(policy));
  change(p.versions[0]);
  return { policy: p };
};
add('policy.validate', 'catalogue.json', [
  ok('policy.validate', 'the illustrative policy with conditions and a care pool', { policy }),
  { name: 'a condition listed twice', input: variant((v) => v.conditions.push({ ...v.conditions[0] })), error: 'policy.duplicate_condition' },
  { name: 'a condition unlocking an unknown pool', input: variant((v) => { v.conditions[1].pool = 'chronic'; }), error: 'policy.unknown_pool' },
  { name: 'a condition unlocking a pool without registration', input: variant((v) => { v.conditions[1].pool = 'outpatient_general'; }), error: 'policy.condition_pool_unregistered' },
  { name: 'a condition without its English name', input: variant((v) => { delete v.conditions[0].name.en; }), error: 'policy.bad_input' },
  { name: 'a condition with an empty Chinese name', input: variant((v) => { v.conditions[0].name.zh = ''; }), error: 'policy.bad_input' },
  { name: 'a care service listed twice', input: variant((v) => v.pools.long_term_care.long_term_care.services.push({ ...v.pools.long_term_care.long_term_care.services[0] })), error: 'policy.duplicate_care_service' },
  { name: 'a care service with a negative limit', input: variant((v) => { v.pools.long_term_care.long_term_care.services[0].unit_limit_fen = -1; }), error: 'policy.bad_input' },
  { name: 'a care pool without services', input: variant((v) => { v.pools.long_term_care.long_term_care = {}; }), error: 'policy.bad_input' },
  { name: 'over 1,000 conditions', input: variant((v) => { v.conditions = Array.from({ length: 1001 }, () => v.conditions[0]); }), error: 'policy.too_many_conditions' },
  { name: 'a scheme neither employee nor resident', input: { policy: { ...policy, scheme: 'retired' } }, error: 'policy.bad_input' },
  { name: 'a region code not 6 digits', input: { policy: { ...policy, region: { admdvs: '50' } } }, error: 'policy.bad_input' },
]);

// ---- grants on behalf of a dependent ----
const platformKey = Buffer.alloc(32, 0x42).toString('base64url');
const device = call('device.create', { platform_key: platformKey });
const identityToken = call('identity.issue', {
  key: hospital.secret, now: NOW, ttl_s: 3600, device: device.public, claims: { aud: 'wx-app-1', sub: 'cq-parent-1' },
}).token;
const newborn = { sub: 'cq-newborn-1', scheme: 'resident', member_category: 'newborn', admdvs: '500112', insutype: '390',
  valid_from: '2025-12-20', valid_until: '2026-12-31', guardian: 'cq-parent-1' };
const newbornCoverage = { token: issue(newborn), keys: [insurer.public] };
const cov = (change) => ({ token: issue({ ...newborn, ...change }), keys: [insurer.public] });
const order = { order_id: 'CQ-2026-000042', payee: 'hospital:500112001', amounts: { fund_fen: 3000, account_fen: 0, cash_fen: 2000 } };
const consent = '本人作为监护人同意为 cq-newborn-1 支付订单 CQ-2026-000042：医保统筹基金 30.00 元，现金 20.00 元。';
const createInput = {
  device: device.device, platform_key: platformKey, identity_token: identityToken, order, scope: 'outpatient_payment',
  amounts: order.amounts, consent_text: consent, now: NOW, on_behalf_of: 'cq-newborn-1', coverage: newbornCoverage,
};
add('grant.create', 'coverage.json', [
  { name: 'on behalf of a dependent without the dependent\'s coverage', input: { ...createInput, coverage: undefined }, error: 'grant.coverage_required' },
  { name: 'a coverage without on_behalf_of', input: { ...createInput, on_behalf_of: undefined }, error: 'grant.bad_input' },
  { name: 'the coverage is another child\'s', input: { ...createInput, on_behalf_of: 'cq-newborn-2' }, error: 'grant.on_behalf_mismatch' },
  { name: 'the coverage names another guardian', input: { ...createInput, coverage: cov({ guardian: 'cq-parent-2' }) }, error: 'grant.guardian_mismatch' },
  { name: 'the coverage names no guardian', input: { ...createInput, coverage: cov({ guardian: undefined }) }, error: 'grant.guardian_mismatch' },
  { name: 'the coverage starts after today', input: { ...createInput, coverage: cov({ valid_from: '2026-02-01' }) }, error: 'grant.coverage_not_active' },
  { name: 'a forged coverage', input: { ...createInput, coverage: { token: forged, keys: [insurer.public] } }, error: 'coverage.invalid' },
].map((c) => ({ ...c, input: JSON.parse(JSON.stringify(c.input)) })));

const { grant } = call('grant.create', createInput);
if (!grant) throw new Error('grant.create on behalf of the newborn failed');
const plain = call('grant.create', { ...createInput, on_behalf_of: undefined, coverage: undefined }).grant;
const verifyInput = {
  grant, identity_token: identityToken, keys: [hospital.public], audience: 'wx-app-1', order, scope: 'outpatient_payment',
  consent_text: consent, now: NOW + 5, on_behalf_of: 'cq-newborn-1', coverage: newbornCoverage,
};
add('grant.verify', 'coverage.json', [
  // One step on a fresh instance: the JS runner calls each plain case twice
  // on one instance, and the second would be a replay.
  { name: 'a guardian\'s grant for a newborn enrolled on their account', steps: [{ op: 'grant.verify', input: verifyInput, expected: call('grant.verify', verifyInput) }] },
  { name: 'the backend expects no dependent', input: { ...verifyInput, on_behalf_of: undefined, coverage: undefined }, error: 'grant.on_behalf_mismatch' },
  { name: 'the backend expects another dependent', input: { ...verifyInput, on_behalf_of: 'cq-newborn-2', coverage: cov({ sub: 'cq-newborn-2' }) }, error: 'grant.on_behalf_mismatch' },
  { name: 'a plain grant where a dependent was expected', input: { ...verifyInput, grant: plain }, error: 'grant.on_behalf_mismatch' },
  { name: 'without the dependent\'s coverage', input: { ...verifyInput, coverage: undefined }, error: 'grant.coverage_required' },
  { name: 'a coverage without on_behalf_of', input: { ...verifyInput, grant: plain, on_behalf_of: undefined }, error: 'grant.bad_input' },
  { name: 'the coverage names another guardian', input: { ...verifyInput, coverage: cov({ guardian: 'cq-parent-2' }) }, error: 'grant.guardian_mismatch' },
  { name: 'the coverage expired', input: { ...verifyInput, coverage: cov({ valid_until: '2025-12-31' }) }, error: 'grant.coverage_not_active' },
  { name: 'a forged coverage', input: { ...verifyInput, coverage: { token: forged, keys: [insurer.public] } }, error: 'coverage.invalid' },
].map((c) => (c.steps ? c : { ...c, input: JSON.parse(JSON.stringify(c.input)) })));

for (const [path, cases] of Object.entries(files)) {
  mkdirSync(join(here, dirname(path)), { recursive: true });
  writeFileSync(join(here, path), JSON.stringify(cases, null, 1) + '\n');
}
console.log(`coverage vectors: ${Object.values(files).flat().length} cases in ${Object.keys(files).length} files`);
