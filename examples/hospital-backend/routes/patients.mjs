// What a signed-in patient reads: who they are and their insurance figures,
// prescriptions to pay, sealed receipts, status events.
import { PATIENTS } from '../catalogue.mjs';
import { readJson } from '../store.mjs';

export function patientRoutes({ store, patient, status }) {
  return {
    'GET /api/me': async (req) => {
      const { claims, record } = patient(req);
      const p = PATIENTS[claims.sub];
      return { patient: { id: p.id, name: p.name, insurance: p.insurance }, accumulators: record.accumulators };
    },

    'GET /api/prescriptions': async (req) => {
      const { record } = patient(req);
      return { prescriptions: record.prescriptions.map((rx) => ({ ...rx, paid: !!rx.paid })) };
    },

    'GET /api/receipts': async (req) => {
      const { claims } = patient(req);
      return { sealed: readJson(store.paths.receipts(claims.sub), []) };
    },

    'GET /api/status': async (req) => {
      const { claims, record } = patient(req);
      status.seedStatus(record);
      return { events: readJson(store.paths.events(claims.sub), []) };
    },
  };
}
