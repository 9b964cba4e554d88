// The flow studio's side of the backend (examples/studio/): hospital staff
// sign a flow with the hospital key, which never leaves this process, and
// every signed version is kept in the store (Redis when configured, else
// flow-versions.json in the data folder) so an earlier one can be published
// again, by any instance: each reads the history before it serves a flow.
// Staff authenticate with the staff token the backend makes at start
// (startBackend's `staffToken`, printed by server.mjs); a real hospital puts
// its staff sign-in here instead.
import { HttpError, readBody, staffCheck } from '../http.mjs';
import { nowS } from '../store.mjs';

/**
 * The flow history {name: {current: n, versions: [{n, at, definition, token}]}}:
 * a flow given at start (examples/flows/, or startBackend's `flows`) that is
 * not in it yet becomes its newest version; otherwise the studio's current
 * version stays published across restarts. Resolves to `refresh()`, which
 * publishes the store's current versions into `flows` (call it before serving one).
 */
export async function loadFlowHistory({ store, flows }) {
  const history = await store.flowHistory();
  let added = false;
  for (const [name, f] of Object.entries(flows)) {
    const h = (history[name] ??= { current: 0, versions: [] });
    const text = JSON.stringify(f.definition);
    if (!h.versions.some((v) => JSON.stringify(v.definition) === text)) {
      h.versions.push({ n: h.versions.length + 1, at: nowS(), definition: f.definition, token: f.token });
      h.current = h.versions.length;
      added = true;
    }
  }
  if (added) await store.saveFlowHistory(history);
  const publishAll = (current) => {
    for (const [name, h] of Object.entries(current))
      if (h.current) flows[name] = publishedFlow(h.versions[h.current - 1]);
    return current;
  };
  publishAll(history);
  return async () => publishAll(await store.flowHistory());
}

const publishedFlow = (v) => ({ token: v.token, id: v.definition.id, version: v.definition.version, definition: v.definition });

export function studioRoutes({ sdk, keys, flows, store, staffToken, refreshFlows }) {
  // Every change re-reads the history first, so two instances add to one list.
  async function change(name, edit) {
    const history = await store.flowHistory();
    if (!Object.hasOwn(history, name)) throw new HttpError(404, 'studio.unknown_flow', `no flow ${name}`);
    const v = edit(history[name]);
    history[name].current = v.n;
    await store.saveFlowHistory(history);
    flows[name] = publishedFlow(v);
    return v;
  }

  const staff = staffCheck(staffToken, 'studio.not_staff');

  const list = (history) => Object.fromEntries(Object.entries(history).map(([name, h]) => [name, {
    current: h.current,
    definition: h.versions[h.current - 1].definition,
    versions: h.versions.map((v) => ({ n: v.n, at: v.at, id: v.definition.id, version: v.definition.version, steps: v.definition.steps.length })),
  }]));

  return {
    'GET /api/studio/flows': async (req) => {
      staff(req);
      return list(await refreshFlows());
    },
    // flow.sign validates first: a definition with findings is never signed.
    'POST /api/studio/sign': async (req) => {
      staff(req);
      const body = await readBody(req);
      const { token } = sdk.signFlow({ definition: body.definition, key: keys.hospital.secret });
      const v = await change(body.name, (h) => {
        const made = { n: h.versions.length + 1, at: nowS(), definition: body.definition, token };
        h.versions.push(made);
        return made;
      });
      return { name: body.name, n: v.n, token };
    },
    'POST /api/studio/rollback': async (req) => {
      staff(req);
      const body = await readBody(req);
      const v = await change(body.name, (h) => {
        const found = h.versions.find((x) => x.n === body.n);
        if (!found) throw new HttpError(404, 'studio.unknown_version', `flow ${body.name} has no version ${body.n}`);
        return found;
      });
      return { name: body.name, n: v.n };
    },
  };
}
