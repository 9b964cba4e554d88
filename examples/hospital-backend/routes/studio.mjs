// The flow studio's side of the backend (examples/studio/): hospital staff
// sign a flow with the hospital key, which never leaves this process, and
// every signed version is kept in dataDir/flow-versions.json so an earlier
// one can be published again. Staff authenticate with the staff token the
// backend makes at start (startBackend's `staffToken`, printed by server.mjs);
// a real hospital puts its staff sign-in here instead.
import { timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { HttpError, readBody } from '../http.mjs';
import { nowS, readJson, writeJsonAtomic } from '../store.mjs';

export function studioRoutes({ sdk, keys, flows, dataDir, staffToken }) {
  const path = join(dataDir, 'flow-versions.json');
  // {name: {current: n, versions: [{n, at, definition, token}]}}. A flow
  // given at start (examples/flows/, or startBackend's `flows`) that is not
  // in the history yet becomes its newest version; otherwise the studio's
  // current version stays published across restarts.
  const history = readJson(path, {});
  for (const [name, f] of Object.entries(flows)) {
    const h = (history[name] ??= { current: 0, versions: [] });
    const text = JSON.stringify(f.definition);
    if (!h.versions.some((v) => JSON.stringify(v.definition) === text)) {
      h.versions.push({ n: h.versions.length + 1, at: nowS(), definition: f.definition, token: f.token });
      h.current = h.versions.length;
    }
    publish(name, h.versions[h.current - 1]);
  }
  writeJsonAtomic(path, history);

  function publish(name, v) {
    flows[name] = { token: v.token, id: v.definition.id, version: v.definition.version, definition: v.definition };
  }

  function staff(req) {
    const m = /^Staff (\S+)$/.exec(req.headers.authorization || '');
    const given = Buffer.from(m ? m[1] : '');
    const want = Buffer.from(staffToken);
    if (given.length !== want.length || !timingSafeEqual(given, want))
      throw new HttpError(401, 'studio.not_staff', 'Authorization: Staff <staff token> is required');
  }

  function flowName(body) {
    if (!Object.hasOwn(history, body.name)) throw new HttpError(404, 'studio.unknown_flow', `no flow ${body.name}`);
    return body.name;
  }

  const list = () => Object.fromEntries(Object.entries(history).map(([name, h]) => [name, {
    current: h.current,
    definition: h.versions[h.current - 1].definition,
    versions: h.versions.map((v) => ({ n: v.n, at: v.at, id: v.definition.id, version: v.definition.version, steps: v.definition.steps.length })),
  }]));

  return {
    'GET /api/studio/flows': async (req) => {
      staff(req);
      return list();
    },
    // flow.sign validates first: a definition with findings is never signed.
    'POST /api/studio/sign': async (req) => {
      staff(req);
      const body = await readBody(req);
      const name = flowName(body);
      const { token } = sdk.signFlow({ definition: body.definition, key: keys.hospital.secret });
      const h = history[name];
      const v = { n: h.versions.length + 1, at: nowS(), definition: body.definition, token };
      h.versions.push(v);
      h.current = v.n;
      writeJsonAtomic(path, history);
      publish(name, v);
      return { name, n: v.n, token };
    },
    'POST /api/studio/rollback': async (req) => {
      staff(req);
      const body = await readBody(req);
      const name = flowName(body);
      const v = history[name].versions.find((x) => x.n === body.n);
      if (!v) throw new HttpError(404, 'studio.unknown_version', `flow ${name} has no version ${body.n}`);
      history[name].current = v.n;
      writeJsonAtomic(path, history);
      publish(name, v);
      return { name, n: v.n };
    },
  };
}
