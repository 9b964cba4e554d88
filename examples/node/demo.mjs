// The whole Beijing journey (book, authorize the insurance code, pay, get the receipt), printed as a
// transcript: a reference hospital backend on a free loopback port, and the
// patient's side run from the SDK in Node exactly as the mini-program runs it.
// scripts/demo.sh runs it after building. Secrets (PIN, k4.secret) are never printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, MedinsError, yuan, percent, reasonText, warningText } from 'medins';
import { startBackend } from '../hospital-backend/server.mjs';
import { PatientClient, ApiError } from '../web/client.mjs';

const line = (s = '') => console.log(s);
const step = (title) => line(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`);
const say = (who, s) => line(`${who.padEnd(10)}│ ${s}`);
const short = (tok, n = 28) => `${tok.slice(0, n)}…(${tok.length} chars)`;
const ms = (t0) => `${(performance.now() - t0).toFixed(1)} ms`;

const PIN = '246810';  // the demo's PIN; never printed

const t0 = performance.now();
const sdk = await load();
const info = sdk.version();
step('1. The SDK');
say('medins', `${info.version} (libsodium ${info.libsodium}) loaded from WebAssembly in ${ms(t0)}; self-test passed; ${info.ops.length} ops`);
const missing = ['grant.create', 'receipt.open', 'wallet.add', 'status.apply'].filter((op) => !info.ops.includes(op));
if (missing.length) {
  line(`this build lacks ${missing.join(', ')}: run scripts/build.sh (scripts/demo.sh does) and try again`);
  process.exit(1);
}

// The hospital runs in this process on a free port, with a fresh data folder
// so every run starts from the same patient figures.
const dataDir = mkdtempSync(join(tmpdir(), 'medins-demo-'));
const backend = await startBackend({ port: 0, dataDir, log: (m) => say('hospital', m) });
let exitCode = 0;
let rxFlagged = null;     // the outpatient order, whose estimate flags a covered medicine
let rxReceiptIndex = -1;  // its receipt's wallet entry
try {
  step('2. The hospital backend (examples/hospital-backend)');
  say('hospital', `listening on ${backend.url} (replay store: ${backend.replayKind}; keys generated in a temporary data folder)`);
  const patient = new PatientClient({ sdk, baseUrl: backend.url });
  const config = await patient.init();
  const kid = (k) => sdk.keyId({ key: k }).id;
  say('hospital', `identity-provider key ${kid(config.keys.identity[0])} signs identity tokens`);
  say('hospital', `hospital key          ${kid(config.keys.hospital[0])} signs the policy, flows, receipts and booking/payment events`);
  say('insurer', `NZOK key              ${kid(config.keys.status[1].key)} signs drug-protocol events (trusted only for iss ${config.keys.status[1].iss})`);
  const policy = sdk.verifyPolicy({ policy_bundle: patient.policy.policy_bundle, keys: config.keys.hospital });
  say('phone', `policy bundle verified: ${policy.policy.policy_id}, version ${policy.policy.versions[0].version} (illustrative Beijing employee scheme), signer ${policy.kid}`);
  for (const [name, f] of Object.entries(patient.flows)) say('phone', `flow "${name}" verified: ${f.id} v${f.version}, signed by the hospital key`);

  step('3. The patient\'s device key');
  let t = performance.now();
  const dev = patient.createDevice(PIN);
  say('phone', `device.create with a 6-digit PIN, then device.unlock: Ed25519 key made inside the core, returned only wrapped (Argon2id), ${ms(t)}`);
  say('phone', `  (Argon2id 19 MiB / 2 passes, OWASP's minimum, twice: once to wrap, once to unlock for the whole visit)`);
  say('phone', `device key id ${dev.kpid}; the PIN and the secret key are never printed, stored or sent`);

  step('4. Registration flow: verify identity; the coverage credential');
  const flowName = 'registration';
  let view = patient.flowStart(flowName);
  say('phone', `flow.start → step "${view.current}"`);
  t = performance.now();
  const who = await patient.enroll('P-0001', '张伟');
  say('idp', `real-name check of P-0001 张伟, then device.verify_proof: the phone proved it holds the device key for POST ${backend.url}/api/identity (nonce, 60 s, once)`);
  say('idp', `issued a device-bound identity token: sub ${who.claims.sub}, cnf ${who.claims.cnf.kpid}, exp ${who.claims.exp}, signed by ${who.kid}`);
  say('phone', `identity.verify: trusted issuer, audience ${config.audience}, bound to this device (${ms(t)} round trip)`);
  view = patient.flowAdvance(flowName, null, { patient: who.claims.sub });
  const cov = await patient.coverage();
  const c = cov.coverage;
  say('insurer', `coverage credential for ${c.sub}, signed by the insurer's key ${cov.kid}`);
  say('phone', `coverage.verify: ${c.scheme} scheme (${c.member_category}), region ${c.admdvs}, insutype ${c.insutype}, valid ${c.valid_from} → ${c.valid_until}, active ${cov.active}`);
  if (c.conditions) say('phone', `  recognized chronic conditions: ${c.conditions.map((x) => `${x.code} since ${x.from}`).join(', ')} (illustrative catalogue); every estimate below runs under this credential`);

  step('5. Book: site → department → doctor → slot');
  const cat = await patient.catalogue();
  const site = cat.sites[0];
  const dept = site.departments[0];
  const doctor = dept.doctors[0];
  const slot = doctor.slots.find((s) => s.available);
  const when = new Date((slot.start + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ');
  for (const [label, value] of [['select_site', site.name.zh + ' ' + site.name.en], ['select_department', `${dept.name.zh} ${dept.name.en}`],
    ['select_doctor', `${doctor.name.zh} ${doctor.name.en}, ${doctor.title.en}, fee ¥${yuan(doctor.fee_fen)}`], ['select_slot', `${when} Beijing time`]]) {
    say('phone', `${view.current.padEnd(17)} ${value}`);
    view = patient.flowAdvance(flowName, null, { choice: label });
  }
  say('phone', `${view.current.padEnd(17)} the patient confirms`);
  view = patient.flowAdvance(flowName);
  say('phone', `${view.current.padEnd(17)} Beijing medical insurance (北京医保)`);
  view = patient.flowAdvance(flowName);

  // The order and the estimate.
  const showEstimate = (res) => {
    const e = res.local.totals;
    say('hospital', `order ${res.order.order_id}: digest ${sdk.orderDigest({ order: res.order }).digest.slice(0, 16)}…, amounts from the hospital's own estimate`);
    say('phone', `estimate on the phone (signed policy + the insurer's year-to-date figures + the coverage credential: scheme, region and validity checked), ${res.agrees ? 'same amounts as the hospital' : 'DIFFERENT from the hospital'}:`);
    for (const [i, l] of res.bill.lines.entries())
      say('phone', `   ${l.class}  ${l.code.padEnd(12)} ${String(l.quantity).padStart(2)} × ¥${yuan(l.unit_price_fen).padStart(7)} = ¥${yuan(res.local.lines[i].amount_fen).padStart(7)}  ${l.name}`);
    say('phone', `   total ¥${yuan(e.medfee_sumamt_fen)} = fund ¥${yuan(e.fund_pay_fen)} + personal account ¥${yuan(e.account_pay_fen)} + cash ¥${yuan(e.cash_pay_fen)}`);
    if (e.deductible_applied_fen) say('phone', `   deductible applied ¥${yuan(e.deductible_applied_fen)}; bands: ${e.bands.map((b) => `¥${yuan(b.amount_fen)} at ${percent(b.bp)}% → fund ¥${yuan(b.fund_fen)}`).join('; ') || 'none'}`);
    say('phone', `   why the patient pays ¥${yuan(e.patient_share_fen)}:`);
    for (const x of res.local.explanation) say('phone', `     ¥${yuan(x.amount_fen).padStart(7)}  ${reasonText(x, 'zh')} / ${reasonText(x, 'en')}`);
  };

  step('6. Estimate with reasons');
  const reg = await patient.createOrder({ kind: 'registration', slot_id: slot.id, lang: 'zh' });
  showEstimate(reg);
  view = patient.flowAdvance(flowName, null, { order_id: reg.order.order_id });
  if (!reg.agrees) throw new Error('the local estimate differs from the hospital\'s amounts');

  {
    const payWithGrant = async (res, flow) => {
      step(`${flow === flowName ? '7' : '11'}. Authorize: the patient consents to exactly this order`);
      say('phone', `consent text shown: ${res.consent_text}`);
      t = performance.now();
      const g = patient.createGrant(res);
      say('phone', `grant.create (the device key, unlocked once for the visit): v4.public grant ${short(g.grant)}, jti ${g.jti}, valid ${g.iat} → ${g.exp}, ${ms(t)}`);
      say('phone', `  binds order digest ${g.order_digest.slice(0, 16)}…, scope ${res.scope}, amounts, the identity token and the consent text`);
      view = patient.flowAdvance(flow, null, { grant_verified: true, jti: g.jti });
      say('phone', `flow → "${view.current}" (the guard "authorize with grant_verified" now holds)`);
      step(`${flow === flowName ? '8' : '12'}. Pay and settle`);
      say('phone', `POST /api/pay {order_id, grant}; the hospital runs grant.verify: device signature under the identity token's cnf key, same identity token, payee, scope, amounts, order digest and consent text, then claims the jti in its replay store`);
      t = performance.now();
      const paid = await patient.pay(res.order.order_id, g.grant);
      const s = paid.settlement;
      say('insurer', `settled under authorization no. ${s.authorization_number} (${s.insurer_ref}): fund ¥${yuan(s.fund_fen)} + personal account ¥${yuan(s.account_fen)}`);
      say('hospital', `${s.cash_fen ? `cash part ¥${yuan(s.cash_fen)} via ${s.cash_method}` : 'no cash part'}; receipt signed by the hospital key and sealed to the device (${ms(t)} round trip)`);
      view = patient.flowAdvance(flow, null, { paid: true });
      say('phone', `flow → "${view.current}" (finished: ${view.finished})`);
      try {
        await patient.pay(res.order.order_id, g.grant);
        throw new Error('a replayed grant was accepted');
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        say('hospital', `the same grant sent again → ${e.status} ${e.code}`);
      }
      return paid;
    };
    const showReceipt = (paid) => {
      const r = patient.openReceipt(paid.sealed_receipt);
      say('phone', `receipt.open: only this device can open it; hospital signature verified (${r.issuer})`);
      say('phone', `   ${r.receipt.hospital}  invoice ${r.receipt.invoice}  order ${r.receipt.order_id}  visit ${r.receipt.visit_date}`);
      for (const l of r.receipt.lines) say('phone', `   ${l.class}  ¥${yuan(l.amount).padStart(7)}  ${l.name}`);
      say('phone', `   total ¥${yuan(r.receipt.total)} = fund ¥${yuan(r.receipt.fund)} + account ¥${yuan(r.receipt.account)} + cash ¥${yuan(r.receipt.cash)}; authorization ${r.receipt.authorization}`);
      const w = patient.walletAdd(paid.sealed_receipt);
      say('phone', `wallet.add → entry ${w.index}, head counter ${w.counter} (kept outside the wallet as min_counter)`);
      return w.index;
    };

    const regPaid = await payWithGrant(reg, flowName);
    step('9. The receipt');
    showReceipt(regPaid);

    // Outpatient payment: the prescription after the visit.
    const rxFlow = 'outpatient-payment';
    step('10. Outpatient payment flow: site → prescription → estimate');
    view = patient.flowStart(rxFlow);
    view = patient.flowAdvance(rxFlow, null, { site: 'east' });
    const { prescriptions } = await patient.prescriptions();
    const rx = prescriptions.find((p) => !p.paid);
    say('phone', `${view.current}: ${rx.id} (${rx.lines.length} items)`);
    view = patient.flowAdvance(rxFlow, null, { prescription_id: rx.id });
    const rxOrder = await patient.createOrder({ kind: 'outpatient_payment', prescription_id: rx.id, lang: 'en' });
    showEstimate(rxOrder);
    rxFlagged = rxOrder;
    view = patient.flowAdvance(rxFlow, null, { order_id: rxOrder.order.order_id });
    const rxPaid = await payWithGrant(rxOrder, rxFlow);
    step('13. The second receipt and the wallet');
    rxReceiptIndex = showReceipt(rxPaid);
    const list = patient.walletList();
    say('phone', `wallet.list: ${list.receipts.map((x) => `#${x.index} ${x.receipt.invoice} ¥${yuan(x.receipt.total)}`).join(', ')}`);
    const v = patient.walletVerify();
    say('phone', `wallet.verify: valid ${v.valid}, ${v.count} entries, counter ${v.counter}`);
    for (const y of patient.walletSummary().years)
      say('phone', `wallet.summary ${y.year}: ${y.count} receipts, ¥${yuan(y.total)} = fund ¥${yuan(y.fund)} + account ¥${yuan(y.account)} + cash ¥${yuan(y.cash)}`);
    const swapped = { ...patient.wallet, entries: [patient.wallet.entries[1], patient.wallet.entries[0]] };
    const bad = patient.walletVerify(swapped);
    say('phone', `a copy with its two entries swapped → wallet.verify: valid ${bad.valid}, problem "${bad.problem}" at entry ${bad.entry}`);
  }

  step('14. A complaint to the insurer: a covered medicine charged to the patient');
  {
    const warning = rxFlagged.local.warnings[0];
    if (!warning) throw new Error('the outpatient estimate flags no charge for a covered service');
    say('phone', `estimate warning ${warning.code}: ${warningText(warning, 'zh')} / ${warningText(warning, 'en')} (the policy is illustrative)`);
    const entry = patient.walletGet(rxReceiptIndex);
    const made = patient.createComplaint({ estimate: rxFlagged.local, receipt: entry,
      facts: { text: '处方中的妥布霉素地塞米松滴眼液在医保目录内全额报销，却要求我先自付。' } });
    say('phone', `complaint.create {estimate, receipt}: category ${made.complaint.category}, claims ¥${yuan(made.complaint.amount_claimed_fen)}; signed by the device key, sealed to the insurer's key (${short(made.sealed)})`);
    say('phone', `complaint id ${made.complaint_id} (BLAKE2b of the signed token: the insurer computes the same)`);
    const sent = await patient.sendComplaint(made.sealed);
    say('insurer', `complaint.open: the device signature verifies, the identity token inside names ${who.claims.sub} (checked as at the complaint's date), the hospital's receipt verifies: evidence valid ${sent.evidence_valid}`);
    for (const l of sent.covered_charged.lines)
      say('insurer', `   receipt line ${l.line} ${l.code} class ${l.class}: ¥${yuan(l.charged_fen)} charged for a service the policy covers in full`);
    say('insurer', `   charged for covered services: ¥${yuan(sent.covered_charged.total_fen)}; state ${sent.state}`);
    await patient.api('POST', '/api/insurer/complaints/advance', {
      auth: false, headers: { authorization: `Staff ${backend.staffToken}` }, body: { complaint_id: made.complaint_id, state: 'level_2' } });
    say('insurer', 'escalated to level 2: an insurance representative takes the case');
  }

  step('15. Status notifications (signed events, zh and en)');
  const notes = await patient.syncStatus('zh');
  for (const n of notes) say('phone', `[${n.type}/${n.state}] ${n.title} — ${n.body}`);
  line();
  for (const n of patient.renderAll('en')) say('phone', `[${n.type}/${n.state}] ${n.title} — ${n.body}`);
  const due = patient.due(30, 'en');
  for (const d of due.items) say('phone', `to do (${d.action}): ${d.message}`);
  // The complaint's state as the insurer would text it: the same signed event,
  // rendered for SMS (GSM-7 where the language allows, else UCS-2; at most
  // two segments) and for Viber.
  const complaintKey = Object.keys(patient.timelines).find((k) => k.startsWith('complaint:'));
  if (complaintKey) {
    const timeline = patient.timelines[complaintKey];
    for (const lang of ['zh', 'en', 'ru']) {
      const sms = sdk.renderStatus({ timeline, lang, channel: 'sms', tz_offset_min: 480 });
      say('sms', `${lang} ${sms.encoding}, ${sms.segments} segment${sms.segments > 1 ? 's' : ''}: ${sms.text}`);
    }
    const viber = sdk.renderStatus({ timeline, lang: 'bg', channel: 'viber', tz_offset_min: 480 });
    say('viber', `bg: ${viber.text.replace('\n', ' — ')}`);
  }
} catch (e) {
  exitCode = 1;
  if (e instanceof MedinsError || e instanceof ApiError) line(`\nFAILED: ${e.code}: ${e.message}`);
  else line(`\nFAILED: ${e && e.stack}`);
} finally {
  await backend.close();
  rmSync(dataDir, { recursive: true, force: true });
}

step('Done');
say('medins', `whole journey in ${ms(t0)}; backend stopped`);
line('Web demo:  node examples/hospital-backend/server.mjs   then open http://127.0.0.1:8480/');
line('           (keys and state in examples/hospital-backend/data/; PORT=… to change the port)');
line('Tests: scripts/test.sh · API: docs/api.md · Backend API: examples/hospital-backend/README.md');
process.exit(exitCode);
