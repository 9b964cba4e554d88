// Signed status events the backend sends: the hospital's (bookings,
// payments) and, as an example, an insurer's (NZOK's drug protocols); and the
// insurer's coverage credential of each patient.
import { HOSPITAL, INSURER, PATIENTS } from './catalogue.mjs';
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

  /**
   * The patient's coverage credential for the current year, signed by the
   * insurer (docs/coverage.md). Illustrative claims from the demo registry;
   * the first patient has one recognized chronic condition of the policy's
   * (illustrative) catalogue. Ed25519 is deterministic: the same claims give
   * the same token on every instance.
   */
  function coverageToken(patientId, year) {
    const p = PATIENTS[patientId];
    const claims = {
      sub: patientId, scheme: p.insurance.scheme, member_category: 'in_service', admdvs: p.insurance.region, insutype: '310',
      valid_from: `${year}-01-01`, valid_until: `${year}-12-31`,
      ...(patientId === 'P-0001' ? { conditions: [{ code: 'HTN-DEMO', from: `${year - 1}-03-01` }] } : {}),
    };
    return sdk.issueCoverage({ claims, key: keys.insurer.secret }).token;
  }

  return { signStatus, seedStatus, coverageToken };
}
