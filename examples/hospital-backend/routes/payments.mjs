// Payment: the patient's device-signed grant for one order is verified,
// claimed once across every instance, settled through the settlement adapter
// (settlement/: the loopback unless configured), and answered with a sealed
// receipt and status events; the insurer's figures move on.
import { HOSPITAL, findSlot } from '../catalogue.mjs';
import { HttpError, readBody } from '../http.mjs';
import { nowS, rid } from '../store.mjs';
import { SettlementRefused } from '../settlement/index.mjs';
import { yuan } from 'medins';

const DAY_MS = 86400 * 1000;

/**
 * Takes what a payment consumes, all or nothing, across every instance: the
 * order (paid once), the revision of the patient's figures its amounts were
 * computed on (one payment moves them on, so any other order priced on them
 * is stale) and a registration's slot (one order books it). A claim is given
 * back when a later one fails, so a refused payment holds nothing. Resolves
 * to a function that gives them all back (the rail refused the settlement).
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
  return async () => {
    if (order.kind === 'registration') await store.releaseSlot(order.visit.slot_id);
    await Promise.all([replay.release(figuresKey), replay.release(orderKey)]);
  };
}

const SPLIT = ['fund_fen', 'account_fen', 'cash_fen'];

/**
 * Fund + account with the insurer under the authorization number, the cash
 * part through the payment channel: the adapter's pre-settlement first, which
 * must equal the split the patient signed (else the patient consents again to
 * the insurer's figures), then its settlement. Any refusal gives back what
 * the payment took, so the order stays payable with a new grant.
 */
async function settleThrough(settlement, request, giveBack) {
  try {
    const figures = await settlement.preSettle(request);
    const differ = SPLIT.filter((k) => figures?.[k] !== request.order.amounts[k]);
    if (differ.length)
      throw new HttpError(409, 'settlement.figures_differ', 'the insurer\'s pre-settlement differs from the amounts you authorized: create the order again',
        { fields: differ.map((k) => ({ field: k, authorized_fen: request.order.amounts[k], official_fen: figures?.[k] ?? null })) });
    const settled = await settlement.settle(request, figures);
    const moved = SPLIT.filter((k) => settled?.[k] !== figures[k]);
    if (typeof settled?.insurer_ref !== 'string' || moved.length) {
      // Settled, but not as pre-settled: undone rather than receipted wrong.
      await settlement.reverse?.(request, settled);
      throw new SettlementRefused('settlement.inconsistent', `the rail settled other figures than it pre-settled (${moved.join(', ') || 'no insurer_ref'})`);
    }
    return settled;
  } catch (e) {
    await giveBack();
    if (e instanceof HttpError) throw e;
    if (e instanceof SettlementRefused) throw new HttpError(402, e.code, e.message, e.detail);
    throw new HttpError(502, 'settlement.unavailable', 'the settlement rail did not answer: nothing was paid, try again');
  }
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

export function paymentRoutes({ sdk, keys, replay, store, config, audience, issuer, patient, status, settlement, log }) {
  return {
    'POST /api/pay': async (req) => {
      const { token, claims, record } = await patient(req);
      const { order_id: orderId, grant, rail } = await readBody(req);
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
      const giveBack = await takeForPayment({ replay, store }, stored, record);
      // 3. Settlement, through the configured rail.
      const a = stored.order.amounts;
      const settled = await settleThrough(settlement, { order: stored.order, authorization, patient: claims.sub, rail }, giveBack);
      // 4. The receipt, signed by the hospital and sealed to the device key.
      const receipt = receiptOf(stored, authorization, settled);
      const { sealed } = sdk.issueReceipt({ receipt, hospital_key: keys.hospital.secret, recipient: claims.cnf.k });
      // 5. Status events.
      const events = paymentEvents(status, stored, receipt.total);
      await store.appendEvents(claims.sub, events);
      await store.appendReceipt(claims.sub, sealed);
      // 6. Books: the order is paid, the insurer's figures move on (this
      //    payment alone holds their revision: takeForPayment).
      stored.paid = true;
      stored.authorization = authorization;
      stored.settlement = settled;
      await store.saveOrder(stored);
      record.accumulators = stored.accumulators_after;
      record.rev += 1;
      if (stored.order.kind === 'outpatient_payment') {
        const rx = record.prescriptions.find((r) => r.id === stored.order.visit.prescription_id);
        if (rx) rx.paid = true;
      }
      await store.savePatient(record);
      log(`paid ${stored.order.order_id}: authorization ${authorization.number}, fund ¥${yuan(a.fund_fen)}, account ¥${yuan(a.account_fen)}, cash ¥${yuan(a.cash_fen)}`);
      return { authorization, settlement: settled, sealed_receipt: sealed, events };
    },
  };
}
