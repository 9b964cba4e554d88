// What any app may fetch without an identity: configuration, the signed
// policy and flows, the catalogue of sites, doctors and slots, and the lists
// flow forms choose from.
import { catalogue, choiceCatalogue } from '../catalogue.mjs';
import { nowS } from '../store.mjs';

// What an app gets of a flow: the signed token and its name (the studio keeps the definition).
const published = ({ token, id, version }) => ({ token, id, version });

export function documentRoutes({ config, instance, replay, policyBundle, flows, store, refreshFlows, settlement }) {
  // The current version in the store: the studio may have signed one on another instance.
  const currentFlow = (name) => async () => {
    await refreshFlows();
    return published(flows[name]);
  };
  return {
    'GET /api/health': async () => ({ ok: true, instance, replay: replay.kind, store: store.kind, settlement: settlement.name }),
    'GET /api/config': async () => config,
    'GET /api/policy': async () => policyBundle,
    'GET /api/flows/registration': currentFlow('registration'),
    'GET /api/flows/outpatient-payment': currentFlow('outpatient-payment'),
    'GET /api/catalogue': async () => {
      const booked = await store.bookedSlots();
      return catalogue(nowS(), (id) => booked.has(id));
    },
    // The lists a flow's choice fields name as `catalogue` (docs/flows.md "Pages").
    'GET /api/catalogues/campuses': async () => choiceCatalogue('campuses'),
  };
}
