// The reference hospital backend of medins: identity provider, policy and
// flow publisher, HIS (catalogue, orders), payment (grant verification with a
// shared replay store, settlement), receipts and status events. HTTP API:
// README.md beside this file. Run: node examples/hospital-backend/server.mjs
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync, existsSync, openSync, closeSync, chmodSync, linkSync, unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, MedinsError } from 'medins';
import { replayStoreFromEnv } from './replay.mjs';
import {
  HOSPITAL, INSURER, PATIENTS, catalogue, findSlot, beijingDate, initialAccumulators, initialPrescriptions,
} from './catalogue.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const DAY_MS = 86400 * 1000;

// --- small helpers -------------------------------------------------------
class HttpError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

const nowS = () => Math.floor(Date.now() / 1000);
const rid = (bytes = 6) => randomBytes(bytes).toString('hex');

/** Integer fen → "12.34" (integer arithmetic only). */
export function yuan(fen) {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

function writeJsonAtomic(path, value, mode) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${rid(4)}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 1), mode ? { mode } : undefined);
  renameSync(tmp, path);
}

function readJson(path, fallback) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return fallback;
    throw e;
  }
}

const safeName = (s) => String(s).replace(/[^A-Za-z0-9_.@-]/g, '_');

// Consent texts: what the page shows and the grant binds (by hash).
const CONSENT = {
  zh: (o, h) => `本人同意以北京医保支付订单 ${o.order_id}（收款方：${h.zh}）：医保统筹基金 ${yuan(o.amounts.fund_fen)} 元，个人账户 ${yuan(o.amounts.account_fen)} 元，现金 ${yuan(o.amounts.cash_fen)} 元。`,
  en: (o, h) => `I authorize Beijing medical insurance to pay order ${o.order_id} to ${h.en}: pooled fund ¥${yuan(o.amounts.fund_fen)}, personal account ¥${yuan(o.amounts.account_fen)}, cash ¥${yuan(o.amounts.cash_fen)}.`,
  ru: (o, h) => `Я разрешаю оплату заказа ${o.order_id} (${h.en}) через медицинскую страховку Пекина: фонд ¥${yuan(o.amounts.fund_fen)}, личный счёт ¥${yuan(o.amounts.account_fen)}, наличные ¥${yuan(o.amounts.cash_fen)}.`,
  bg: (o, h) => `Разрешавам поръчка ${o.order_id} (${h.en}) да бъде платена с пекинската здравна осигуровка: фонд ¥${yuan(o.amounts.fund_fen)}, личен сметка ¥${yuan(o.amounts.account_fen)}, в брой ¥${yuan(o.amounts.cash_fen)}.`,
  it: (o, h) => `Autorizzo l'assicurazione sanitaria di Pechino a pagare l'ordine ${o.order_id} a ${h.en}: fondo ¥${yuan(o.amounts.fund_fen)}, conto personale ¥${yuan(o.amounts.account_fen)}, contanti ¥${yuan(o.amounts.cash_fen)}.`,
};

const STATIC_TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml' };

function statusForMedinsCode(code) {
  if (code === 'grant.replayed' || code === 'device.replayed_proof') return 409;
  if (code === 'replay.device_quota') return 429;
  if (code === 'replay.store_full') return 503;
  if (code.startsWith('token.')) return 401;
  if (code.startsWith('grant.') || code.startsWith('device.')) return 403;
  return 400;
}

// --- the backend ---------------------------------------------------------
/**
 * Starts the backend. Options: port (0 = free), host, dataDir, redisUrl,
 * audience, log (function or null). Resolves to {url, port, close, keys}.
 */
export async function startBackend(options = {}) {
  const dataDir = options.dataDir || process.env.MEDINS_DATA_DIR || join(here, 'data');
  const host = options.host || '127.0.0.1';
  const audience = options.audience || process.env.MEDINS_AUDIENCE || 'wx-medins-demo';
  const issuer = 'idp.tongren.demo';
  const log = options.log === undefined ? (m) => console.log(m) : options.log || (() => {});
  const instance = options.instance || `${process.pid}-${rid(2)}`;
  const sdk = await load({ fresh: true });  // its own wasm instance (and its own in-wasm replay store)
  const replay = replayStoreFromEnv(options.redisUrl === undefined ? process.env.REDIS_URL : options.redisUrl);
  mkdirSync(dataDir, { recursive: true });

  // Keys: generated on first start, kept in the data folder (0600).
  const keysPath = join(dataDir, 'keys.json');
  let keys = readJson(keysPath, null);
  if (!keys) {
    const fresh = { v: 1, created_at: nowS() };
    for (const role of ['idp', 'hospital', 'insurer']) {
      const pair = sdk.generateKeys({ type: 'public' });
      fresh[role] = { secret: pair.secret, public: pair.public, kid: sdk.keyId({ key: pair.public }).id };
    }
    // Two instances starting at once on an empty folder: link() is atomic and
    // refuses an existing name, so exactly one set of keys is published and
    // every instance reads that one.
    const tmp = `${keysPath}.${process.pid}.${rid(4)}.tmp`;
    writeFileSync(tmp, JSON.stringify(fresh, null, 1), { mode: 0o600 });
    try {
      linkSync(tmp, keysPath);
      log(`generated the identity, hospital and insurer keys in ${keysPath}`);
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
    try { chmodSync(keysPath, 0o600); } catch { /* best effort */ }
    keys = readJson(keysPath, null);
  }

  // Signed documents, made once per start.
  const policy = JSON.parse(readFileSync(join(here, 'policy.json'), 'utf8'));
  const policyBundle = sdk.signPolicy({ policy, key: keys.hospital.secret });
  const flows = {};
  for (const name of ['registration', 'outpatient-payment']) {
    const definition = JSON.parse(readFileSync(join(repo, 'examples', 'flows', `${name}.json`), 'utf8'));
    flows[name] = { token: sdk.signFlow({ definition, key: keys.hospital.secret }).token, id: definition.id, version: definition.version };
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
    },
    flows: Object.keys(flows),
    languages: ['zh', 'en', 'ru', 'bg', 'it'],
  };

  // --- persistence (files in the data folder; shared by instances) ---
  const paths = {
    order: (id) => join(dataDir, 'orders', `${safeName(id)}.json`),
    patient: (id) => join(dataDir, 'patients', `${safeName(id)}.json`),
    events: (id) => join(dataDir, 'events', `${safeName(id)}.json`),
    receipts: (id) => join(dataDir, 'receipts', `${safeName(id)}.json`),
    slot: (id) => join(dataDir, 'slots', safeName(id)),
  };
  mkdirSync(join(dataDir, 'slots'), { recursive: true });
  const isBooked = (slotId) => existsSync(paths.slot(slotId));

  function patientRecord(id) {
    let rec = readJson(paths.patient(id), null);
    const year = Number(beijingDate(nowS()).slice(0, 4));
    if (!rec || rec.accumulators.year !== year) {
      rec = { id, rev: 1, accumulators: initialAccumulators(id, year), prescriptions: initialPrescriptions(id, nowS()), status_seeded: false };
      writeJsonAtomic(paths.patient(id), rec);
    }
    return rec;
  }

  function appendEvents(patientId, tokens) {
    const list = readJson(paths.events(patientId), []);
    list.push(...tokens);
    writeJsonAtomic(paths.events(patientId), list);
  }

  function signStatus(event, issuerRole = 'hospital') {
    const iss = issuerRole === 'insurer' ? INSURER.iss : HOSPITAL.status_iss;
    return sdk.signStatus({ event: { iss, at: nowS(), ...event }, key: keys[issuerRole].secret }).token;
  }

  // The NZOK drug-protocol example (Bulgaria's fund, docs/status.md): an insurer, not
  // the hospital, signs it; apps trust its key only for iss nzok.bg.
  function seedStatus(rec) {
    if (rec.status_seeded) return;
    const subject = `PROT-${rec.id}`;
    const t = nowS();
    appendEvents(rec.id, [
      signStatus({ type: 'drug_protocol', subject, state: 'registered', seq: 1, at: t - 86400 * 3, data: { title: 'Humira (adalimumab)' } }, 'insurer'),
      signStatus({ type: 'drug_protocol', subject, state: 'documents_needed', seq: 2, at: t - 3600, data: { title: 'Humira (adalimumab)', count: 2, due: t + 86400 * 10 } }, 'insurer'),
    ]);
    rec.status_seeded = true;
    writeJsonAtomic(paths.patient(rec.id), rec);
  }

  // --- request helpers ---
  async function body(req) {
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > 256 * 1024) throw new HttpError(413, 'http.too_large', 'request body over 256 KiB');
      chunks.push(c);
    }
    if (!size) return {};
    try {
      const v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      return v;
    } catch {
      throw new HttpError(400, 'http.bad_json', 'the body must be one JSON object');
    }
  }

  function bearer(req) {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization || '');
    if (!m) throw new HttpError(401, 'http.no_token', 'Authorization: Bearer <identity token> is required');
    return m[1];
  }

  /** The patient of a request: a verified identity token of scope "patient". */
  function patient(req) {
    const token = bearer(req);
    const { claims } = sdk.verifyIdentity({ token, keys: config.keys.identity, audience, issuer });
    if (claims.scope !== 'patient' || !PATIENTS[claims.sub])
      throw new HttpError(401, 'http.wrong_token', 'this endpoint needs a patient identity token (not an enrollment token)');
    if (!claims.cnf) throw new HttpError(401, 'token.missing_claim', 'the identity token is not bound to a device');
    return { token, claims, record: patientRecord(claims.sub) };
  }

  const requestUrl = (req) => `http://${req.headers.host}${req.url}`;

  // --- routes ---
  const routes = {
    'GET /api/health': async () => ({ ok: true, instance, replay: replay.kind }),
    'GET /api/config': async () => config,
    'GET /api/policy': async () => policyBundle,
    'GET /api/flows/registration': async () => flows.registration,
    'GET /api/flows/outpatient-payment': async () => flows['outpatient-payment'],
    'GET /api/catalogue': async () => catalogue(nowS(), isBooked),

    'POST /api/identity/start': async (req) => {
      const { patient_id: id, name, device } = await body(req);
      const p = PATIENTS[id];
      if (!p || (name !== p.name.zh && name !== p.name.en))
        throw new HttpError(403, 'identity.not_found', 'no patient with this id and name (demo registry: P-0001 张伟 / Zhang Wei, P-0002 Maria Rossi)');
      if (typeof device !== 'string' || !device.startsWith('k4.public.'))
        throw new HttpError(400, 'http.bad_input', 'device must be the k4.public of device.create');
      const nonce = randomBytes(16).toString('base64url');
      const issued = sdk.issueIdentity({ key: keys.idp.secret, claims: { aud: audience, iss: issuer, sub: id, scope: 'enroll', nonce }, ttl_s: 120, device });
      return { enrollment_token: issued.token, nonce, expires_in: 120 };
    },

    'POST /api/identity': async (req) => {
      const token = bearer(req);
      const proof = req.headers['medins-proof'];
      if (!proof) throw new HttpError(401, 'http.no_proof', 'Medins-Proof: <device.proof> is required');
      const { claims } = sdk.verifyIdentity({ token, keys: config.keys.identity, audience, issuer });
      if (claims.scope !== 'enroll') throw new HttpError(401, 'http.wrong_token', 'an enrollment token is required');
      const verified = sdk.verifyProof({ proof, token, keys: config.keys.identity, audience, issuer, method: 'POST', url: requestUrl(req), nonce: claims.nonce });
      // One identity per enrollment, across instances.
      if (!(await replay.claim(`enroll|${claims.jti}`, 600 * 1000)))
        throw new HttpError(409, 'identity.enrollment_used', 'this enrollment token was already used');
      const issued = sdk.issueIdentity({ key: keys.idp.secret, claims: { aud: audience, iss: issuer, sub: claims.sub, scope: 'patient' }, ttl_s: 3600, device: claims.cnf.k });
      const rec = patientRecord(claims.sub);
      seedStatus(rec);
      log(`identity: issued a device-bound identity token to ${claims.sub} (device ${verified.device})`);
      return { identity_token: issued.token, claims: issued.claims, kid: issued.kid };
    },

    'GET /api/me': async (req) => {
      const { claims, record } = patient(req);
      const p = PATIENTS[claims.sub];
      return { patient: { id: p.id, name: p.name, insurance: p.insurance }, accumulators: record.accumulators };
    },

    'GET /api/prescriptions': async (req) => {
      const { record } = patient(req);
      return { prescriptions: record.prescriptions.map((rx) => ({ ...rx, paid: !!rx.paid })) };
    },

    'POST /api/orders': async (req) => {
      const { claims, record } = patient(req);
      const input = await body(req);
      const lang = CONSENT[input.lang] ? input.lang : 'zh';
      const t = nowS();
      let kind, scope, lines, visit, booking = null;
      if (input.kind === 'registration') {
        const found = findSlot(input.slot_id, t);
        if (!found) throw new HttpError(404, 'order.unknown_slot', 'no such slot');
        if (isBooked(found.slot.id)) throw new HttpError(409, 'order.slot_taken', 'this slot is already booked');
        const { site, department, doctor, slot } = found;
        kind = 'registration';
        scope = 'registration';
        lines = [{ code: doctor.title_info.fee_code, name: `挂号费 ${doctor.title_info.zh} registration fee`, class: 'A', unit_price_fen: doctor.title_info.fee_fen, quantity: 1 }];
        visit = { date: beijingDate(slot.start), site: site.id, department: department.id, doctor: doctor.id, slot_id: slot.id, start: slot.start };
        booking = { title: `${doctor.name.zh} ${doctor.name.en}`, due: slot.start };
      } else if (input.kind === 'outpatient_payment') {
        const rx = record.prescriptions.find((r) => r.id === input.prescription_id);
        if (!rx) throw new HttpError(404, 'order.unknown_prescription', 'no such prescription for this patient');
        if (rx.paid) throw new HttpError(409, 'order.already_paid', 'this prescription is paid');
        kind = 'outpatient_payment';
        scope = 'outpatient_payment';
        lines = rx.lines;
        visit = { date: beijingDate(t), site: rx.site, doctor: rx.doctor, prescription_id: rx.id };
      } else {
        throw new HttpError(400, 'http.bad_input', 'kind must be "registration" or "outpatient_payment"');
      }
      const bill = {
        // Settled today (the insurer's year and policy version of the payment), even for an appointment tomorrow.
        visit: { date: beijingDate(t), type: 'outpatient', hospital_level: HOSPITAL.level, use_personal_account: true },
        lines: lines.map(({ code, name, class: cls, unit_price_fen, quantity, b_self_pay_first_bp }) =>
          ({ code, name, class: cls, unit_price_fen, quantity, ...(b_self_pay_first_bp !== undefined ? { b_self_pay_first_bp } : {}) })),
      };
      const accumulators = record.accumulators;
      const estimate = sdk.estimate({ policy_bundle: policyBundle.policy_bundle, keys: config.keys.hospital, accumulators, bill });
      const tt = estimate.totals;
      const order = {
        order_id: `ORD-${visit.date.replaceAll('-', '')}-${rid(4).toUpperCase()}`,
        payee: HOSPITAL.id,
        kind,
        patient: claims.sub,
        visit,
        lines: bill.lines,
        amounts: { fund_fen: tt.fund_pay_fen, account_fen: tt.account_pay_fen, cash_fen: tt.cash_pay_fen },
        estimate: { policy_id: estimate.policy_id, policy_version: estimate.policy_version, pool: estimate.pool, total_fen: tt.medfee_sumamt_fen, inscp_fen: tt.inscp_fen, deductible_fen: tt.deductible_applied_fen },
        created_at: t,
      };
      const consentText = CONSENT[lang](order, HOSPITAL.name);
      const events = [];
      const stored = { order, scope, bill, consent_text: consentText, lang, accumulators_rev: record.rev, accumulators_after: estimate.accumulators_after, estimate_lines: estimate.lines, paid: false, seq: { booking: 0, payment: 0 } };
      if (booking) {
        const token = signStatus({ type: 'booking', subject: order.order_id, state: 'requested', seq: 1, data: booking });
        stored.seq.booking = 1;
        events.push(token);
        appendEvents(claims.sub, [token]);
      }
      writeJsonAtomic(paths.order(order.order_id), stored);
      log(`order ${order.order_id} (${kind}) for ${claims.sub}: total ¥${yuan(tt.medfee_sumamt_fen)} = fund ¥${yuan(tt.fund_pay_fen)} + account ¥${yuan(tt.account_pay_fen)} + cash ¥${yuan(tt.cash_pay_fen)}`);
      return { order, scope, bill, accumulators, estimate, consent_text: consentText, events };
    },

    'POST /api/pay': async (req) => {
      const { token, claims, record } = patient(req);
      const { order_id: orderId, grant } = await body(req);
      if (typeof grant !== 'string') throw new HttpError(400, 'http.bad_input', 'grant (a v4.public token from grant.create) is required');
      const stored = readJson(paths.order(String(orderId || '')), null);
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
      if (!(await replay.claim(`order-paid|${stored.order.order_id}`, 400 * DAY_MS)) || readJson(paths.order(stored.order.order_id), {}).paid)
        throw new HttpError(409, 'order.already_paid', 'this order is paid');
      if (stored.order.kind === 'registration') {
        try {
          closeSync(openSync(paths.slot(stored.order.visit.slot_id), 'wx'));
        } catch (e) {
          if (e.code === 'EEXIST') throw new HttpError(409, 'order.slot_taken', 'this slot was booked meanwhile');
          throw e;
        }
      }
      // 3. Settlement: fund + account with the insurer under the authorization
      // number (simulated), the cash part through the payment channel (simulated).
      const a = stored.order.amounts;
      const settlement = {
        authorization_number: authorization.number,
        insurer_ref: `SETL-${rid(5).toUpperCase()}`,
        fund_fen: a.fund_fen, account_fen: a.account_fen, cash_fen: a.cash_fen,
        cash_method: a.cash_fen > 0 ? 'wechat_pay (simulated)' : 'none',
      };
      // 4. The receipt, signed by the hospital and sealed to the device key.
      const receipt = {
        hospital: HOSPITAL.id,
        invoice: `INV-${rid(5).toUpperCase()}`,
        order_id: stored.order.order_id,
        authorization: authorization.number,
        visit_date: stored.order.visit.date,
        issued_at: nowS(),
        lines: stored.order.lines.map((l, i) => ({ name: l.name, class: l.class, amount: stored.estimate_lines[i].amount_fen, code: l.code, quantity: l.quantity })),
        total: a.fund_fen + a.account_fen + a.cash_fen,
        fund: a.fund_fen, account: a.account_fen, cash: a.cash_fen,
        insurer_ref: settlement.insurer_ref,
      };
      const { sealed } = sdk.issueReceipt({ receipt, hospital_key: keys.hospital.secret, recipient: claims.cnf.k });
      // 5. Status events.
      const what = stored.order.kind === 'registration' ? '挂号 registration' : '门诊缴费 outpatient payment';
      const events = [
        signStatus({ type: 'payment', subject: stored.order.order_id, state: 'authorized', seq: 1, data: { amount: receipt.total, title: what } }),
        signStatus({ type: 'payment', subject: stored.order.order_id, state: 'settled', seq: 2, data: { amount: receipt.total, title: what } }),
      ];
      if (stored.order.kind === 'registration') {
        const f = findSlot(stored.order.visit.slot_id, stored.order.created_at);
        events.push(signStatus({ type: 'booking', subject: stored.order.order_id, state: 'confirmed', seq: stored.seq.booking + 1,
          data: { title: f ? `${f.doctor.name.zh} ${f.doctor.name.en}` : stored.order.visit.doctor, due: stored.order.visit.start } }));
        stored.seq.booking += 1;
      }
      stored.seq.payment = 2;
      appendEvents(claims.sub, events);
      const receipts = readJson(paths.receipts(claims.sub), []);
      receipts.push(sealed);
      writeJsonAtomic(paths.receipts(claims.sub), receipts);
      // 6. Books: the order is paid, the insurer's figures move on.
      stored.paid = true;
      stored.authorization = authorization;
      stored.settlement = settlement;
      writeJsonAtomic(paths.order(stored.order.order_id), stored);
      record.accumulators = stored.accumulators_after;
      record.rev += 1;
      if (stored.order.kind === 'outpatient_payment') {
        const rx = record.prescriptions.find((r) => r.id === stored.order.visit.prescription_id);
        if (rx) rx.paid = true;
      }
      writeJsonAtomic(paths.patient(claims.sub), record);
      log(`paid ${stored.order.order_id}: authorization ${authorization.number}, fund ¥${yuan(a.fund_fen)}, account ¥${yuan(a.account_fen)}, cash ¥${yuan(a.cash_fen)}`);
      return { authorization, settlement, sealed_receipt: sealed, events };
    },

    'GET /api/receipts': async (req) => {
      const { claims } = patient(req);
      return { sealed: readJson(paths.receipts(claims.sub), []) };
    },

    'GET /api/status': async (req) => {
      const { claims, record } = patient(req);
      seedStatus(record);
      return { events: readJson(paths.events(claims.sub), []) };
    },
  };

  // --- static files: the web demo, the glue's sources and the wasm ---
  const staticRoots = [
    ['/web/', join(repo, 'examples', 'web')],
    ['/js-glue/src/', join(repo, 'js-glue', 'src')],
    ['/js-glue/dist/', join(repo, 'js-glue', 'dist')],
  ];
  async function serveStatic(pathname, res, headOnly = false) {
    if (pathname === '/' || pathname === '/index.html' || pathname === '/web') {
      res.writeHead(302, { location: '/web/' }).end();
      return true;
    }
    if (pathname === '/web/') pathname = '/web/index.html';
    for (const [prefix, dir] of staticRoots) {
      if (!pathname.startsWith(prefix)) continue;
      if (prefix === '/js-glue/dist/' && pathname !== '/js-glue/dist/medins.wasm') return false;
      const rel = normalize(decodeURIComponent(pathname.slice(prefix.length)));
      if (rel.startsWith('..') || rel.includes(`${sep}..`)) return false;
      try {
        const bytes = await readFile(join(dir, rel));
        res.writeHead(200, { 'content-type': STATIC_TYPES[extname(rel)] || 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(headOnly ? undefined : bytes);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }

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
    publicKeys: config.keys,
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await replay.close();
    },
  };
}

// Run as a program: `node examples/hospital-backend/server.mjs`.
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const backend = await startBackend();
  console.log(`medins hospital backend (${backend.replayKind} replay store) — web demo: ${backend.url}/`);
  console.log(`listening ${backend.url}`);
  const stop = async () => { await backend.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
