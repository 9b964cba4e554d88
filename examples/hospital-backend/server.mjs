// The reference hospital backend of medins: identity provider, policy and
// flow publisher, HIS (catalogue, orders), payment (grant verification with a
// shared replay store, settlement), receipts and status events. HTTP API:
// README.md beside this file. Run: node examples/hospital-backend/server.mjs
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, MedinsError } from 'medins';
import { memoryReplayStore, redisReplayStore } from './replay.mjs';
import { redisConnection } from './redis.mjs';
import { HOSPITAL, INSURER } from './catalogue.mjs';
import { HttpError, staticFiles, statusForMedinsCode } from './http.mjs';
import { fileStore, loadOrCreateKeys, redisStore, rid } from './store.mjs';
import { statusIssuer } from './status.mjs';
import { settlementAdapter } from './settlement/index.mjs';
import { documentRoutes } from './routes/documents.mjs';
import { identityRoutes, requirePatient } from './routes/identity.mjs';
import { patientRoutes } from './routes/patients.mjs';
import { orderRoutes } from './routes/orders.mjs';
import { paymentRoutes } from './routes/payments.mjs';
import { loadFlowHistory, studioRoutes } from './routes/studio.mjs';
import { complaintRoutes } from './routes/complaints.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');

// --- the backend ---------------------------------------------------------
/**
 * Starts the backend. Options: port (0 = free), host, dataDir, redisUrl,
 * audience, log (function or null), flows ({name: definition}: publish these
 * instead of examples/flows/<name>.json, signed here like them), settlement
 * (an adapter object or a module path, settlement/index.mjs; default
 * MEDINS_SETTLEMENT, else the loopback). Resolves to
 * {url, port, close, keys, staffToken} (staffToken: what the flow studio's
 * staff sign in with, new at every start).
 * Each resource's routes are in routes/; they share one context.
 */
export async function startBackend(options = {}) {
  const dataDir = options.dataDir || process.env.MEDINS_DATA_DIR || join(here, 'data');
  const host = options.host || '127.0.0.1';
  const audience = options.audience || process.env.MEDINS_AUDIENCE || 'wx-medins-demo';
  const issuer = 'idp.tongren.demo';
  const log = options.log === undefined ? (m) => console.log(m) : options.log || (() => {});
  const instance = options.instance || `${process.pid}-${rid(2)}`;
  const sdk = await load({ fresh: true });  // its own wasm instance (and its own in-wasm replay store)
  mkdirSync(dataDir, { recursive: true });
  const keys = loadOrCreateKeys(sdk, dataDir, log);
  // With Redis, every record and claim is there and any number of instances
  // serve one hospital; without, the data folder and this process's memory.
  const redisUrl = options.redisUrl === undefined ? process.env.REDIS_URL : options.redisUrl;
  const redis = redisUrl ? await redisConnection(redisUrl, log) : null;
  const replay = redis ? redisReplayStore(redis) : memoryReplayStore();
  const store = redis ? redisStore(redis) : fileStore(dataDir);

  // Signed documents, made once per start.
  const policy = JSON.parse(readFileSync(join(here, 'policy.json'), 'utf8'));
  const policyBundle = sdk.signPolicy({ policy, key: keys.hospital.secret });
  const flows = {};
  for (const name of ['registration', 'outpatient-payment']) {
    const definition = options.flows?.[name] ?? JSON.parse(readFileSync(join(repo, 'examples', 'flows', `${name}.json`), 'utf8'));
    flows[name] = { token: sdk.signFlow({ definition, key: keys.hospital.secret }).token, id: definition.id, version: definition.version, definition };
  }
  const config = {
    hospital: { id: HOSPITAL.id, name: HOSPITAL.name, level: HOSPITAL.level },
    audience,
    issuer,
    keys: {
      identity: [keys.idp.public],
      hospital: [keys.hospital.public],
      // Receipt issuers: each key bound to the one hospital id it signs receipts for.
      receipts: [{ key: keys.hospital.public, hospital: HOSPITAL.id }],
      status: [{ key: keys.hospital.public, iss: HOSPITAL.status_iss }, { key: keys.insurer.public, iss: INSURER.iss }],
      // The insurer's key complaints are sealed to (docs/complaints.md).
      complaints: keys.insurer.public,
      // The insurer's keys that sign coverage credentials (docs/coverage.md).
      coverage: [keys.insurer.public],
    },
    flows: Object.keys(flows),
    languages: ['zh', 'en', 'ru', 'bg', 'it'],
  };

  const staffToken = rid(16);
  const refreshFlows = await loadFlowHistory({ store, flows });
  const settlement = await settlementAdapter(options.settlement, { hospital: HOSPITAL, log });
  const context = { sdk, keys, replay, store, config, audience, issuer, instance, log, policy, policyBundle, flows, dataDir, staffToken, refreshFlows, settlement };
  context.status = statusIssuer(context);
  context.patient = requirePatient(context);
  const routes = {
    ...documentRoutes(context),
    ...identityRoutes(context),
    ...patientRoutes(context),
    ...orderRoutes(context),
    ...paymentRoutes(context),
    ...studioRoutes(context),
    ...complaintRoutes(context),
  };

  // Static files: the web demo, the glue's sources and the wasm.
  const serveStatic = staticFiles([
    ['/web/', join(repo, 'examples', 'web')],
    ['/studio/', join(repo, 'examples', 'studio')],
    ['/js-glue/src/', join(repo, 'js-glue', 'src')],
    ['/js-glue/dist/', join(repo, 'js-glue', 'dist'), 'medins.wasm'],
  ], '/web/');

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const route = routes[`${req.method} ${url.pathname}`];
    try {
      if (!route) {
        if ((req.method === 'GET' || req.method === 'HEAD') && (await serveStatic(url.pathname, res, req.method === 'HEAD'))) return;
        throw new HttpError(404, 'http.not_found', `no ${req.method} ${url.pathname}`);
      }
      const out = await route(req);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(out));
    } catch (e) {
      let status = 500, error;
      if (e instanceof HttpError) {
        status = e.status;
        error = { code: e.code, message: e.message, ...(e.detail || {}) };
      } else if (e instanceof MedinsError) {
        status = statusForMedinsCode(e.code);
        error = { code: e.code, message: e.message, ...(e.detail || {}) };
      } else {
        error = { code: 'internal.error', message: 'internal error' };
        log(`error on ${req.method} ${url.pathname}: ${e && e.stack}`);
      }
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error }));
    }
  });

  const port = options.port ?? Number(process.env.PORT ?? 8480);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  const base = `http://${host}:${actual}`;
  return {
    url: base,
    port: actual,
    instance,
    replayKind: replay.kind,
    settlementKind: settlement.name,
    storeKind: store.kind,
    publicKeys: config.keys,
    staffToken,
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await store.close();
    },
  };
}

// Run as a program: `node examples/hospital-backend/server.mjs`.
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const backend = await startBackend();
  console.log(`medins hospital backend (records: ${backend.storeKind}, replay store: ${backend.replayKind}) — web demo: ${backend.url}/`);
  console.log(`listening ${backend.url}`);
  console.log(`flow studio: ${backend.url}/studio/ (staff token ${backend.staffToken})`);
  const stop = async () => { await backend.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
