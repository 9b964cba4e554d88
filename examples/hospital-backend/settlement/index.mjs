// The settlement rail: where the backend, after the patient's grant is
// verified and claimed, asks the insurer (and the cash channel) to move the
// money. A hospital replaces this one module — the adapter — not the server:
// startBackend({ settlement: adapter }) or MEDINS_SETTLEMENT=<module path>.
// What a real adapter calls (WeChat Pay's medical-insurance order, the
// national platform's 2206 / 2207): docs/integration.md "Settlement rails".
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { loopbackSettlement } from './loopback.mjs';

/**
 * @typedef {{fund_fen: number, account_fen: number, cash_fen: number}} Split
 *   Integer fen, as in the order's `amounts` and the grant.
 *
 * @typedef {object} SettleRequest
 * @property {object} order          the order exactly as stored and signed over (order_id, amounts, lines, visit, …)
 * @property {object} authorization  grant.verify's answer: number (the 20-digit authorization number), order_digest, amounts, device, sub, …
 * @property {string} patient        the patient id (identity token `sub`)
 * @property {object} [rail]         what the app sent for the rail, opaque to the backend (e.g. a WeChat medical-insurance authorization code)
 *
 * @typedef {Split & {insurer_ref: string, cash_method: string} & Record<string, unknown>} Settlement
 *   What settle() answers: the insurer's reference (2207 setl_id, a WeChat
 *   mix_trade_no, …) and the split actually settled; anything else the rail
 *   returns may ride along (kept with the order).
 *
 * @typedef {object} SettlementAdapter
 * @property {string} name
 * @property {(req: SettleRequest) => Promise<Split & Record<string, unknown>>} preSettle
 *   The insurer's authoritative split for this order (2206 pre-settlement).
 *   The backend pays only if it equals the amounts the patient signed.
 * @property {(req: SettleRequest, figures: object) => Promise<Settlement>} settle
 *   Settles (2207 / the WeChat insurance order) and takes the cash part.
 *   Throw to refuse: nothing is paid, the order stays payable.
 * @property {(req: SettleRequest, settlement: Settlement) => Promise<void>} [reverse]
 *   Undoes a settlement the backend could not complete (2208 / a refund).
 */

/** A refusal by the rail: answered to the app as 402 with this code and message. */
export class SettlementRefused extends Error {
  constructor(code, message, detail) {
    super(message);
    this.code = code;
    this.detail = detail;
  }
}

function checked(adapter) {
  for (const fn of ['preSettle', 'settle'])
    if (typeof adapter?.[fn] !== 'function') throw new TypeError(`settlement adapter ${adapter?.name ?? '?'}: ${fn}() is missing`);
  return adapter;
}

/**
 * The adapter to use: `option` itself when it is one, else the module named
 * by `option` or MEDINS_SETTLEMENT (its `createSettlement(context)` export),
 * else the loopback.
 */
export async function settlementAdapter(option, context) {
  if (option && typeof option === 'object') return checked(option);
  const name = option || process.env.MEDINS_SETTLEMENT || 'loopback';
  if (name === 'loopback') return loopbackSettlement(context);
  const mod = await import(pathToFileURL(resolve(name)).href);
  if (typeof mod.createSettlement !== 'function') throw new TypeError(`${name}: no createSettlement export`);
  return checked(await mod.createSettlement(context));
}
