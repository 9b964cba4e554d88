// Builds the complaint.create and complaint.open vectors with the native CLI
// from fixed seeds. Creating a complaint draws randomness (its nonce and the
// ephemeral sealing key), and so does making the device key it is signed
// with, so the sealed complaints and the device are made once here and
// frozen into the files; every case in them is deterministic (opening, and
// the refusals complaint.create raises before drawing randomness).
//   node tests/vectors/complaint.open/make-vectors.mjs [path/to/native/medins]
// Each case states the answer it must get; the script fails if the CLI
// disagrees, so a regenerated file never silently changes a contract.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCli as call } from '../native-cli.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = {};
const ok = (op, name, input, check = () => true) => {
  const expected = call(op, input);
  if (expected.error || !check(expected)) throw new Error(`${op} ${name}: ${JSON.stringify(expected).slice(0, 400)}`);
  (files[op] ??= []).push({ name, input, expected });
  return expected;
};
const err = (op, name, input, code) => {
  const out = call(op, input);
  if (out.error?.code !== code) throw new Error(`${op} ${name}: wanted ${code}, got ${JSON.stringify(out).slice(0, 400)}`);
  (files[op] ??= []).push({ name, input, error: code });
};

const keypair = (byte) => call('keys.generate', { type: 'public', seed: Buffer.alloc(32, byte).toString('base64url') });
const hospital = keypair(0x41);
const insurer = keypair(0x42);
const otherInsurer = keypair(0x43);
const untrusted = keypair(0x44);
const idIssuer = keypair(0x45);
const platformKey = Buffer.alloc(32, 0x46).toString('base64url');
const device = call('device.create', { platform_key: platformKey });
const credentials = { device_key: device.device, unlock: { platform_key: platformKey } };
const now = 1773475200;  // 2026-03-14T08:00:00Z

// Illustrative (not an official catalogue): a CT scan covered in full, billed
// class C; a drug covered in full with a stated self-pay.
const receipt = (signer = hospital, invoice = 'INV-7') => {
  const r = {
    hospital: 'bj-h-001', invoice, order_id: 'ord-7', visit_date: '2026-03-14', visit_type: 'outpatient',
    lines: [{ name: '挂号费', class: 'A', amount: 5000, code: 'REG' },
            { name: 'CT', class: 'C', amount: 30000, code: 'CT-1' },
            { name: '药', class: 'B', amount: 10000, code: 'DRUG-9', self_pay: 2000 }],
    total: 45000, fund: 13000, account: 2000, cash: 30000,
  };
  const sealed = call('receipt.issue', { receipt: r, hospital_key: signer.secret, recipient: device.public, now }).sealed;
  return call('receipt.open', { sealed, ...credentials, issuers: [{ key: signer.public, hospital: 'bj-h-001' }] }).token;
};
const policy = {
  schema: 'fee-policy/0.1', policy_id: 'complaint-vectors (illustrative)', scheme: 'employee',
  versions: [{
    version: '2026', effective_from: '2026-01-01', effective_to: null, rounding: { mode: 'half_up' },
    catalogue_defaults: { b_self_pay_first_bp: 1000 }, personal_account: { available: true, payable_scope: 'self_pay' },
    pools: { outpatient_general: { visit_types: ['outpatient'], deductible: { type: 'annual', amount_fen: 0 },
      annual_cap_fen: 2000000, bands_by_level: { level3: [{ upto_in_scope_ytd_fen: null, bp: 7000 }] } } },
    covered_in_full: [{ code: 'CT-1' }, { code: 'DRUG-9' }],
  }],
};
const estimate = {
  policy_id: policy.policy_id, policy_version: '2026', pool: 'outpatient_general',
  totals: { patient_share_fen: 32000, cash_pay_fen: 30000 },
  lines: [{ code: 'REG', amount_fen: 5000 }, { code: 'CT-1', amount_fen: 30000 }, { code: 'DRUG-9', amount_fen: 10000 }],
  warnings: [{ code: 'estimate.charged_for_covered_service', message: 'CT-1 is covered in full', line: 1,
               item_code: 'CT-1', class: 'C', self_pay_fen: 30000 }],
};
const identityToken = call('identity.issue', {
  key: idIssuer.secret, now, device: device.public, ttl_s: 3600, claims: { aud: 'wx-app-1', sub: 'patient-1' },
}).token;
const trusted = [{ key: hospital.public, hospital: 'bj-h-001' }];
const base = { ...credentials, insurer: insurer.public, now: now + 600 };
const facts = { text: '医生要求自费做CT，而CT在医保目录内全额报销。' };
const good = receipt();

// complaint.create: refusals raised before any randomness is drawn.
const C = 'complaint.create';
err(C, 'no insurer', { ...credentials, category: 'other', facts }, 'complaint.bad_input');
err(C, 'a category outside the list', { ...base, category: 'rude_staff', facts }, 'complaint.bad_input');
err(C, 'no category and nothing flagged', { ...base, facts, receipt: good }, 'complaint.bad_input');
err(C, 'no facts text', { ...base, category: 'other', facts: { hospital: 'bj-h-001' } }, 'complaint.bad_input');
err(C, 'a text over 4000 bytes', { ...base, category: 'other', facts: { text: '字'.repeat(1334) } }, 'complaint.bad_input');
err(C, 'an unknown member of facts', { ...base, category: 'other', facts: { ...facts, doctor: 'x' } }, 'complaint.bad_input');
err(C, 'a negative amount', { ...base, category: 'other', facts, amount_claimed_fen: -1 }, 'complaint.bad_input');
err(C, 'a fractional amount', { ...base, category: 'other', facts, amount_claimed_fen: 1.5 }, 'complaint.bad_input');
err(C, 'a flagged line that names no line', {
  ...base, facts, estimate: { ...estimate, warnings: [{ ...estimate.warnings[0], line: 9 }] },
}, 'complaint.bad_input');
err(C, 'the estimate twice', { ...base, facts, estimate, evidence: { estimate } }, 'complaint.bad_input');
err(C, 'seventeen receipts', { ...base, category: 'other', facts, evidence: { receipts: Array(17).fill(good) } }, 'complaint.bad_input');
err(C, 'a token that is not a receipt', { ...base, category: 'other', facts, receipt: identityToken }, 'complaint.bad_evidence');
err(C, 'a receipt from another hospital than the facts', {
  ...base, category: 'imposed_paid_service', facts: { ...facts, hospital: 'sh-h-002' }, receipt: good,
}, 'complaint.bad_evidence');
err(C, 'an identity token bound to another device', {
  ...base, facts, estimate, receipt: good,
  identity_token: call('identity.issue', { key: idIssuer.secret, now, device: otherInsurer.public, claims: { aud: 'wx-app-1' } }).token,
}, 'complaint.bad_evidence');
err(C, 'a public key as the insurer, wrongly', { ...base, insurer: insurer.secret, category: 'other', facts }, 'keys.wrong_key_type');
err(C, 'a wrong unlock key', { ...base, unlock: { platform_key: Buffer.alloc(32, 1).toString('base64url') }, category: 'other', facts }, 'device.wrong_secret');

// complaint.open: complaints made once, opened deterministically.
const create = (input) => {
  const out = call(C, input);
  if (!out.sealed) throw new Error(JSON.stringify(out));
  return out;
};
const flagged = create({ ...base, facts, estimate, receipt: { token: good }, identity_token: identityToken });
const wait = create({ ...base, category: 'long_wait', facts: { text: '预约9点，11点才看上。', hospital: 'bj-h-001' },
  evidence: { booking: { order_id: 'ord-7', slot_start: now, seen_at: now + 7200 } } });
const mixed = create({ ...base, category: 'imposed_paid_service', facts, evidence: { receipts: [good, receipt(untrusted, 'INV-8')] } });
const O = 'complaint.open';
const open = { key: insurer.secret, issuers: trusted };
ok(O, 'an imposed paid service: receipts verified, the flagged estimate kept', { ...open, sealed: flagged.sealed },
  (o) => o.complaint_id === flagged.complaint_id && o.evidence_valid && o.complaint.amount_claimed_fen === 30000 &&
         o.patient.verified === false && !o.covered_charged);
ok(O, 'with the policy: what was charged for lines it covers in full', { ...open, sealed: flagged.sealed, policy },
  (o) => o.covered_charged.total_fen === 32000 && o.covered_charged.lines.length === 2);
ok(O, 'with identity keys: the patient, verified as at the complaint date', {
  ...open, sealed: flagged.sealed, identity: { keys: [idIssuer.public], audience: 'wx-app-1' },
}, (o) => o.patient.verified === true && o.patient.sub === 'patient-1');
ok(O, 'identity keys for another app: the patient unverified, the complaint still read', {
  ...open, sealed: flagged.sealed, identity: { keys: [idIssuer.public], audience: 'another-app' },
}, (o) => o.patient.verified === false && o.patient.error.code === 'token.audience_mismatch');
ok(O, 'a long wait, measured from the booked slot', { ...open, sealed: wait.sealed },
  (o) => o.evidence.booking.wait_s === 7200 && o.evidence.receipts.length === 0);
ok(O, 'a receipt signed by an untrusted key is reported, the rest verified', { ...open, sealed: mixed.sealed, policy },
  (o) => !o.evidence_valid && o.evidence.receipts[0].valid && o.evidence.receipts[1].error.code === 'receipt.unknown_issuer' &&
         o.covered_charged.total_fen === 32000);
ok(O, 'no issuers: nothing verified, nothing fails', { key: insurer.secret, sealed: flagged.sealed },
  (o) => !o.evidence_valid);
err(O, 'another insurer\'s key', { ...open, key: otherInsurer.secret, sealed: flagged.sealed }, 'complaint.invalid');
const flip = (s, at) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
err(O, 'a flipped character in the box', { ...open, sealed: flip(flagged.sealed, 100) }, 'complaint.invalid');
err(O, 'truncated', { ...open, sealed: flagged.sealed.slice(0, -10) }, 'complaint.invalid');
err(O, 'a sealed receipt is not a complaint', {
  ...open, key: insurer.secret,
  sealed: call('receipt.issue', { receipt: { hospital: 'bj-h-001', invoice: 'I', order_id: 'o', visit_date: '2026-03-14', lines: [{ name: 'x', class: 'A', amount: 1 }], total: 1, fund: 1, account: 0, cash: 0 }, hospital_key: hospital.secret, recipient: insurer.public, now }).sealed,
}, 'complaint.invalid');
err(O, 'not base64url', { ...open, sealed: '!!!' }, 'complaint.invalid');
err(O, 'no key', { sealed: flagged.sealed }, 'complaint.bad_input');
err(O, 'a bare issuer key', { ...open, issuers: [hospital.public], sealed: flagged.sealed }, 'complaint.bad_input');
err(O, 'both policy and policy_handle', { ...open, sealed: flagged.sealed, policy, policy_handle: 'x' }, 'complaint.bad_input');
err(O, 'a policy that does not parse', { ...open, sealed: flagged.sealed, policy: { ...policy, versions: 'x' } }, 'policy.bad_input');

for (const [op, cases] of Object.entries(files))
  writeFileSync(join(here, op, 'cases.json'), JSON.stringify(cases, null, 1) + '\n');
console.log(Object.entries(files).map(([op, c]) => `${op}: ${c.length}`).join(', '));
