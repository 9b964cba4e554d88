// Signed status events the backend sends: the hospital's (bookings,
// payments) and, as an example, an insurer's (NZOK's drug protocols).
import { HOSPITAL, INSURER } from './catalogue.mjs';
import { nowS } from './store.mjs';

export function statusIssuer({ sdk, keys, store }) {
  /** A status event token signed by the hospital or (issuerRole "insurer") the insurer. */
  function signStatus(event, issuerRole = 'hospital') {
    const iss = issuerRole === 'insurer' ? INSURER.iss : HOSPITAL.status_iss;
    return sdk.signStatus({ event: { iss, at: nowS(), ...event }, key: keys[issuerRole].secret }).token;
  }

  // The NZOK drug-protocol example (Bulgaria's fund, docs/status.md): an insurer, not
  // the hospital, signs it; apps trust its key only for iss nzok.bg. Seeded
  // once per patient and year, whichever instance gets there first.
  async function seedStatus(rec) {
    if (!(await store.once(`status-seeded|${rec.id}|${rec.accumulators.year}`))) return;
    const subject = `PROT-${rec.id}`;
    const t = nowS();
    await store.appendEvents(rec.id, [
      signStatus({ type: 'drug_protocol', subject, state: 'registered', seq: 1, at: t - 86400 * 3, data: { title: 'Humira (adalimumab)' } }, 'insurer'),
      signStatus({ type: 'drug_protocol', subject, state: 'documents_needed', seq: 2, at: t - 3600, data: { title: 'Humira (adalimumab)', count: 2, due: t + 86400 * 10 } }, 'insurer'),
    ]);
  }

  return { signStatus, seedStatus };
}
