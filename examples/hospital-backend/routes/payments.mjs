// Payment: the patient's device-signed grant for one order is verified,
// claimed once across every instance, settled (simulated), and answered with
// a sealed receipt and status events; the insurer's figures move on.
import { HOSPITAL, findSlot } from '../catalogue.mjs';
import { HttpError, readBody } from '../http.mjs';
import { nowS, rid } from '../store.mjs';
import { yuan } from '../../web/client.mjs';

const DAY_MS = 86400 * 1000;

/**
 * Takes what a payment consumes, all or nothing, across every instance: the
 * order (paid once), the revision of the patient's figures its amounts were
 * computed on (one payment moves them on, so any other order priced on them
 * is stale) and a registration's slot (one order books it). A claim is given
 * back when a later one fails, so a refused payment holds nothing.
 */
async function takeForPayment({ replay, store }, stored, record) {
  const { order } = stored;
  const orderKey = `order-paid|${order.order_id}`;
  if (stored.paid || !(await replay.claim(orderKey, 400 * DAY_MS)) || (await store.order(order.order_id)).paid)
    throw new HttpError(409, 'order.already_paid', 'this order is paid');
  const figuresKey = `figures|${order.patient}|${record.accumulators.year}|${stored.accumulators_rev}`;
  if (!(await replay.claim(figuresKey, 400 * DAY_MS))) {
    await replay.release(orderKey);
    throw new HttpError(409, 'order.stale', 'the patient\'s insurance figures changed since this order was made: create it again');
  }
  if (order.kind === 'registration' && !(await store.bookSlot(order.visit.slot_id, order.order_id))) {
    await Promise.all([replay.release(figuresKey), replay.release(orderKey)]);
    throw new HttpError(409, 'order.slot_taken', 'this slot was booked meanwhile');
  }
}

// Fund + account with the insurer under the authorization number (simulated),
// the cash part through the payment channel (simulated).
function settle(amounts, authorization) {
  return {
    authorization_number: authorization.number,
    insurer_ref: `SETL-${rid(5).toUpperCase()}`,
    fund_fen: amounts.fund_fen, account_fen: amounts.account_fen, cash_fen: amounts.cash_fen,
    cash_method: amounts.cash_fen > 0 ? 'wechat_pay (simulated)' : 'none',
  };
}

function receiptOf(stored, authorization, settlement) {
  const a = stored.order.amounts;
  return {
    hospital: HOSPITAL.id,
    invoice: `INV-${rid(5).toUpperCase()}`,
    order_id: stored.order.order_id,
    authorization: authorization.number,
    visit_date: stored.order.visit.date,
    issued_at: nowS(),
    // Per line what the patient paid of it (class C in full, over a price
    // cap, a class-B share), as settlement results state it: an insurer
    // reading a complaint sees what was charged for each item.
    lines: stored.order.lines.map((l, i) => {
      const e = stored.estimate_lines[i];
      return { name: l.name, class: l.class, amount: e.amount_fen, code: l.code, quantity: l.quantity,
               self_pay: e.fulamt_ownpay_fen + e.overlmt_selfpay_fen + e.preselfpay_fen };
    }),
    total: a.fund_fen + a.account_fen + a.cash_fen,
    fund: a.fund_fen, account: a.account_fen, cash: a.cash_fen,
    insurer_ref: settlement.insurer_ref,
  };
}

function paymentEvents(status, stored, total) {
  const what = stored.order.kind === 'registration' ? '挂号 registration' : '门诊缴费 outpatient payment';
  const events = [
    status.signStatus({ type: 'payment', subject: stored.order.order_id, state: 'authorized', seq: 1, data: { amount: total, title: what } }),
    status.signStatus({ type: 'payment', subject: stored.order.order_id, state: 'settled', seq: 2, data: { amount: total, title: what } }),
  ];
  if (stored.order.kind === 'registration') {
    const f = findSlot(stored.order.visit.slot_id, stored.order.created_at);
    events.push(status.signStatus({ type: 'booking', subject: stored.order.order_id, state: 'confirmed', seq: stored.seq.booking + 1,
      data: { title: f ? `${f.doctor.name.zh} ${f.doctor.name.en}` : stored.order.visit.doctor, due: stored.order.visit.start } }));
    stored.seq.booking += 1;
  }
  stored.seq.payment = 2;
  return events;
}

export function paymentRoutes({ sdk, keys, replay, store, config, audience, issuer, patient, status, log }) {
  return {
    'POST /api/pay': async (req) => {
      const { token, claims, record } = await patient(req);
      const { order_id: orderId, grant } = await readBody(req);
      if (typeof grant !== 'string') throw new HttpError(400, 'http.bad_input', 'grant (a v4.public token from grant.create) is required');
      const stored = await store.order(String(orderId || ''));
      if (!stored || stored.order.patient !== claims.sub) throw new HttpError(404, 'order.unknown', 'no such order for this patient');
      // The grant is checked and claimed before anything else is said about
      // the order, so a replayed grant is always grant.replayed.
      if (!stored.paid && stored.accumulators_rev !== record.rev)
        throw new HttpError(409, 'order.stale', 'the patient\'s insurance figures changed since this order was made: create it again');
      // 1. The grant: device-signed, this identity, this order, scope, amounts and consent text.
      const { authorization, replay: claim } = sdk.verifyGrant({
        grant, identity_token: token, keys: config.keys.identity, audience, issuer,
        order: stored.order, scope: stored.scope, consent_text: stored.consent_text,
      });
      // 2. Once across every instance (grant.verify's own store is this process's).
      //    The core says which key it remembered and until when; the shared
      //    store claims exactly that.
      if (!(await replay.claim(claim.key, claim.until * 1000 - Date.now())))
        throw new HttpError(409, 'grant.replayed', 'this grant was already used');
      await takeForPayment({ replay, store }, stored, record);
      // 3. Settlement.
      const a = stored.order.amounts;
      const settlement = settle(a, authorization);
      // 4. The receipt, signed by the hospital and sealed to the device key.
      const receipt = receiptOf(stored, authorization, settlement);
      const { sealed } = sdk.issueReceipt({ receipt, hospital_key: keys.hospital.secret, recipient: claims.cnf.k });
      // 5. Status events.
      const events = paymentEvents(status, stored, receipt.total);
      await store.appendEvents(claims.sub, events);
      await store.appendReceipt(claims.sub, sealed);
      // 6. Books: the order is paid, the insurer's figures move on (this
      //    payment alone holds their revision: takeForPayment).
      stored.paid = true;
      stored.authorization = authorization;
      stored.settlement = settlement;
      await store.saveOrder(stored);
      record.accumulators = stored.accumulators_after;
      record.rev += 1;
      if (stored.order.kind === 'outpatient_payment') {
        const rx = record.prescriptions.find((r) => r.id === stored.order.visit.prescription_id);
        if (rx) rx.paid = true;
      }
      await store.savePatient(record);
      log(`paid ${stored.order.order_id}: authorization ${authorization.number}, fund ¥${yuan(a.fund_fen)}, account ¥${yuan(a.account_fen)}, cash ¥${yuan(a.cash_fen)}`);
      return { authorization, settlement, sealed_receipt: sealed, events };
    },
  };
}
