// Orders: a registration (a slot) or an outpatient payment (a prescription),
// estimated with the signed policy and the patient's insurance figures, with
// the consent text the patient's grant will bind.
import { HOSPITAL, findSlot, beijingDate } from '../catalogue.mjs';
import { HttpError, readBody } from '../http.mjs';
import { nowS, rid } from '../store.mjs';
import { yuan } from 'medins';

// Consent texts: what the page shows and the grant binds (by hash).
const CONSENT = {
  zh: (o, h) => `本人同意以北京医保支付订单 ${o.order_id}（收款方：${h.zh}）：医保统筹基金 ${yuan(o.amounts.fund_fen)} 元，个人账户 ${yuan(o.amounts.account_fen)} 元，现金 ${yuan(o.amounts.cash_fen)} 元。`,
  en: (o, h) => `I authorize Beijing medical insurance to pay order ${o.order_id} to ${h.en}: pooled fund ¥${yuan(o.amounts.fund_fen)}, personal account ¥${yuan(o.amounts.account_fen)}, cash ¥${yuan(o.amounts.cash_fen)}.`,
  ru: (o, h) => `Я разрешаю оплату заказа ${o.order_id} (${h.en}) через медицинскую страховку Пекина: фонд ¥${yuan(o.amounts.fund_fen)}, личный счёт ¥${yuan(o.amounts.account_fen)}, наличные ¥${yuan(o.amounts.cash_fen)}.`,
  bg: (o, h) => `Разрешавам поръчка ${o.order_id} (${h.en}) да бъде платена с пекинската здравна осигуровка: фонд ¥${yuan(o.amounts.fund_fen)}, личен сметка ¥${yuan(o.amounts.account_fen)}, в брой ¥${yuan(o.amounts.cash_fen)}.`,
  it: (o, h) => `Autorizzo l'assicurazione sanitaria di Pechino a pagare l'ordine ${o.order_id} a ${h.en}: fondo ¥${yuan(o.amounts.fund_fen)}, conto personale ¥${yuan(o.amounts.account_fen)}, contanti ¥${yuan(o.amounts.cash_fen)}.`,
};

// What is bought: the fee lines, the visit, and the booking event's data.
async function registrationItems(input, t, store) {
  const found = findSlot(input.slot_id, t);
  if (!found) throw new HttpError(404, 'order.unknown_slot', 'no such slot');
  if (await store.isBooked(found.slot.id)) throw new HttpError(409, 'order.slot_taken', 'this slot is already booked');
  const { site, department, doctor, slot } = found;
  return {
    kind: 'registration',
    lines: [{ code: doctor.title_info.fee_code, name: `挂号费 ${doctor.title_info.zh} registration fee`, class: 'A', unit_price_fen: doctor.title_info.fee_fen, quantity: 1 }],
    visit: { date: beijingDate(slot.start), site: site.id, department: department.id, doctor: doctor.id, slot_id: slot.id, start: slot.start },
    booking: { title: `${doctor.name.zh} ${doctor.name.en}`, due: slot.start },
  };
}

function prescriptionItems(input, t, record) {
  const rx = record.prescriptions.find((r) => r.id === input.prescription_id);
  if (!rx) throw new HttpError(404, 'order.unknown_prescription', 'no such prescription for this patient');
  if (rx.paid) throw new HttpError(409, 'order.already_paid', 'this prescription is paid');
  return { kind: 'outpatient_payment', lines: rx.lines, visit: { date: beijingDate(t), site: rx.site, doctor: rx.doctor, prescription_id: rx.id }, booking: null };
}

export function orderRoutes({ sdk, store, config, policyBundle, patient, status, log }) {
  return {
    'POST /api/orders': async (req) => {
      const { claims, record } = await patient(req);
      const input = await readBody(req);
      const lang = CONSENT[input.lang] ? input.lang : 'zh';
      const t = nowS();
      let items;
      if (input.kind === 'registration') items = await registrationItems(input, t, store);
      else if (input.kind === 'outpatient_payment') items = prescriptionItems(input, t, record);
      else throw new HttpError(400, 'http.bad_input', 'kind must be "registration" or "outpatient_payment"');
      const { kind, lines, visit, booking } = items;
      const scope = kind;
      const bill = {
        // Settled today (the insurer's year and policy version of the payment), even for an appointment tomorrow.
        visit: { date: beijingDate(t), type: 'outpatient', hospital_level: HOSPITAL.level, use_personal_account: true },
        lines: lines.map(({ code, name, class: cls, unit_price_fen, quantity, b_self_pay_first_bp }) =>
          ({ code, name, class: cls, unit_price_fen, quantity, ...(b_self_pay_first_bp !== undefined ? { b_self_pay_first_bp } : {}) })),
      };
      const accumulators = record.accumulators;
      // Estimated under the patient's coverage credential, as the phone will:
      // its scheme, region and validity are checked against the policy.
      const coverage = status.coverageToken(claims.sub, accumulators.year);
      const estimate = sdk.estimate({ policy_bundle: policyBundle.policy_bundle, keys: config.keys.hospital, accumulators, bill,
        coverage: { token: coverage, keys: config.keys.coverage } });
      const tt = estimate.totals;
      const order = {
        order_id: `ORD-${visit.date.replaceAll('-', '')}-${rid(4).toUpperCase()}`,
        payee: HOSPITAL.id,
        kind,
        patient: claims.sub,
        visit,
        lines: bill.lines,
        amounts: { fund_fen: tt.fund_pay_fen, account_fen: tt.account_pay_fen, cash_fen: tt.cash_pay_fen },
        estimate: { policy_id: estimate.policy_id, policy_version: estimate.policy_version, pool: estimate.pool, total_fen: tt.medfee_sumamt_fen, inscp_fen: tt.inscp_fen, deductible_fen: tt.deductible_applied_fen },
        created_at: t,
      };
      const consentText = CONSENT[lang](order, HOSPITAL.name);
      const events = [];
      const stored = { order, scope, bill, consent_text: consentText, lang, accumulators_rev: record.rev, accumulators_after: estimate.accumulators_after, estimate_lines: estimate.lines, paid: false, seq: { booking: 0, payment: 0 } };
      if (booking) {
        const token = status.signStatus({ type: 'booking', subject: order.order_id, state: 'requested', seq: 1, data: booking });
        stored.seq.booking = 1;
        events.push(token);
        await store.appendEvents(claims.sub, [token]);
      }
      await store.saveOrder(stored);
      log(`order ${order.order_id} (${kind}) for ${claims.sub}: total ¥${yuan(tt.medfee_sumamt_fen)} = fund ¥${yuan(tt.fund_pay_fen)} + account ¥${yuan(tt.account_pay_fen)} + cash ¥${yuan(tt.cash_pay_fen)}`);
      return { order, scope, bill, accumulators, coverage, estimate, consent_text: consentText, events };
    },
  };
}
