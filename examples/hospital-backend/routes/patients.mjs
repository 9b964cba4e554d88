// What a signed-in patient reads: who they are and their insurance figures,
// prescriptions to pay, sealed receipts, status events.
import { PATIENTS } from '../catalogue.mjs';

export function patientRoutes({ store, patient, status }) {
  return {
    'GET /api/me': async (req) => {
      const { claims, record } = await patient(req);
      const p = PATIENTS[claims.sub];
      return { patient: { id: p.id, name: p.name, insurance: p.insurance }, accumulators: record.accumulators };
    },

    /** The insurer-signed coverage credential: verify it with coverage.verify against config.keys.coverage. */
    'GET /api/coverage': async (req) => {
      const { claims, record } = await patient(req);
      return { token: status.coverageToken(claims.sub, record.accumulators.year) };
    },

    'GET /api/prescriptions': async (req) => {
      const { record } = await patient(req);
      return { prescriptions: record.prescriptions.map((rx) => ({ ...rx, paid: !!rx.paid })) };
    },

    'GET /api/receipts': async (req) => {
      const { claims } = await patient(req);
      return { sealed: await store.receipts(claims.sub) };
    },

    'GET /api/status': async (req) => {
      const { claims, record } = await patient(req);
      await status.seedStatus(record);
      return { events: await store.events(claims.sub) };
    },
  };
}
