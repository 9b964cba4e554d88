// What the backend keeps: its keys (a file in the data folder, made once),
// and its records (patients, orders, events, receipts, booked slots) in the
// data folder or, when REDIS_URL is set, in Redis.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync, existsSync, chmodSync, linkSync, unlinkSync, openSync, closeSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beijingDate, initialAccumulators, initialPrescriptions } from './catalogue.mjs';

export const nowS = () => Math.floor(Date.now() / 1000);
export const rid = (bytes = 6) => randomBytes(bytes).toString('hex');

export function writeJsonAtomic(path, value, mode) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${rid(4)}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 1), mode ? { mode } : undefined);
  renameSync(tmp, path);
}

export function readJson(path, fallback) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return fallback;
    throw e;
  }
}

const safeName = (s) => String(s).replace(/[^A-Za-z0-9_.@-]/g, '_');

/**
 * The identity, hospital and insurer key pairs of `dataDir/keys.json`,
 * generated on first start (0600). Two instances starting at once on an empty
 * folder: link() is atomic and refuses an existing name, so exactly one set
 * is published and every instance reads that one.
 */
export function loadOrCreateKeys(sdk, dataDir, log) {
  const keysPath = join(dataDir, 'keys.json');
  const existing = readJson(keysPath, null);
  if (existing) return existing;
  const fresh = { v: 1, created_at: nowS() };
  for (const role of ['idp', 'hospital', 'insurer']) {
    const pair = sdk.generateKeys({ type: 'public' });
    fresh[role] = { secret: pair.secret, public: pair.public, kid: sdk.keyId({ key: pair.public }).id };
  }
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
  return readJson(keysPath, null);
}

// --- the records -------------------------------------------------------------
// Two stores with one async interface: files in the data folder (one
// instance, or several on one host) and Redis (any number of instances). What
// must happen once (a slot booked, the status example seeded) is an atomic
// "first one wins" in either; a patient's figures are written only by the
// payment that claimed their revision (routes/payments.mjs).

/** A fresh patient record: the insurer's figures at first contact, revision 1. */
function freshPatient(id, year) {
  return { id, rev: 1, accumulators: initialAccumulators(id, year), prescriptions: initialPrescriptions(id, nowS()) };
}
const currentYear = () => Number(beijingDate(nowS()).slice(0, 4));

/** The records as JSON files in `dataDir`, written atomically (temp + rename). */
export function fileStore(dataDir) {
  for (const dir of ['slots', 'once']) mkdirSync(join(dataDir, dir), { recursive: true });
  const paths = {
    order: (id) => join(dataDir, 'orders', `${safeName(id)}.json`),
    patient: (id) => join(dataDir, 'patients', `${safeName(id)}.json`),
    events: (id) => join(dataDir, 'events', `${safeName(id)}.json`),
    receipts: (id) => join(dataDir, 'receipts', `${safeName(id)}.json`),
    complaint: (id) => join(dataDir, 'complaints', `${safeName(id)}.json`),
    slot: (id) => join(dataDir, 'slots', safeName(id)),
    once: (key) => join(dataDir, 'once', safeName(key)),
  };
  // Creating a file that must not exist: exactly one caller wins the name.
  const createOnce = (path) => {
    try {
      closeSync(openSync(path, 'wx'));
      return true;
    } catch (e) {
      if (e.code === 'EEXIST') return false;
      throw e;
    }
  };
  const append = (path, items) => writeJsonAtomic(path, [...readJson(path, []), ...items]);
  return {
    kind: 'files',
    order: async (id) => readJson(paths.order(id), null),
    saveOrder: async (stored) => writeJsonAtomic(paths.order(stored.order.order_id), stored),
    /** The patient's record, started afresh at the first request of a new year. */
    async patientRecord(id) {
      const rec = readJson(paths.patient(id), null);
      if (rec && rec.accumulators.year === currentYear()) return rec;
      const fresh = freshPatient(id, currentYear());
      writeJsonAtomic(paths.patient(id), fresh);
      return fresh;
    },
    savePatient: async (rec) => writeJsonAtomic(paths.patient(rec.id), rec),
    appendEvents: async (patientId, tokens) => append(paths.events(patientId), tokens),
    events: async (patientId) => readJson(paths.events(patientId), []),
    appendReceipt: async (patientId, sealed) => append(paths.receipts(patientId), [sealed]),
    receipts: async (patientId) => readJson(paths.receipts(patientId), []),
    /** Complaints as the insurer's desk opened them (routes/complaints.mjs). */
    complaint: async (id) => readJson(paths.complaint(id), null),
    saveComplaint: async (record) => writeJsonAtomic(paths.complaint(record.complaint_id), record),
    bookSlot: async (slotId) => createOnce(paths.slot(slotId)),
    releaseSlot: async (slotId) => { try { unlinkSync(paths.slot(slotId)); } catch (e) { if (e.code !== 'ENOENT') throw e; } },
    isBooked: async (slotId) => existsSync(paths.slot(slotId)),
    bookedSlots: async () => new Set(readdirSync(join(dataDir, 'slots'))),
    /** True for the first caller with `key`, ever. */
    once: async (key) => createOnce(paths.once(key)),
    /** The flow studio's versions (routes/studio.mjs). */
    flowHistory: async () => readJson(join(dataDir, 'flow-versions.json'), {}),
    saveFlowHistory: async (history) => writeJsonAtomic(join(dataDir, 'flow-versions.json'), history),
    async close() {},
  };
}

/**
 * The records in Redis (`redis` from redis.mjs), shared by every instance:
 * JSON strings for orders and patients, lists for events and receipts (RPUSH
 * appends atomically), a hash of booked slots (HSETNX: one order wins a
 * slot), SET NX for what happens once.
 */
export function redisStore(redis, { prefix = 'medins:' } = {}) {
  const key = (kind, id) => `${prefix}${kind}:${id}`;
  const json = (text) => (text === null ? null : JSON.parse(text));
  const slots = `${prefix}slots`;
  return {
    kind: 'redis',
    order: async (id) => json(await redis.get(key('order', id))),
    saveOrder: async (stored) => { await redis.set(key('order', stored.order.order_id), JSON.stringify(stored)); },
    async patientRecord(id) {
      const rec = json(await redis.get(key('patient', id)));
      if (rec && rec.accumulators.year === currentYear()) return rec;
      const fresh = freshPatient(id, currentYear());
      // Two instances meeting a new patient at once: the first record stays.
      if (!rec) {
        await redis.set(key('patient', id), JSON.stringify(fresh), 'NX');
        return json(await redis.get(key('patient', id)));
      }
      await redis.set(key('patient', id), JSON.stringify(fresh));
      return fresh;
    },
    savePatient: async (rec) => { await redis.set(key('patient', rec.id), JSON.stringify(rec)); },
    appendEvents: async (patientId, tokens) => { if (tokens.length) await redis.rpush(key('events', patientId), ...tokens); },
    events: (patientId) => redis.lrange(key('events', patientId), 0, -1),
    appendReceipt: async (patientId, sealed) => { await redis.rpush(key('receipts', patientId), sealed); },
    receipts: (patientId) => redis.lrange(key('receipts', patientId), 0, -1),
    complaint: async (id) => json(await redis.get(key('complaint', id))),
    saveComplaint: async (record) => { await redis.set(key('complaint', record.complaint_id), JSON.stringify(record)); },
    bookSlot: async (slotId, orderId = '1') => (await redis.hsetnx(slots, slotId, orderId)) === 1,
    releaseSlot: async (slotId) => { await redis.hdel(slots, slotId); },
    isBooked: async (slotId) => (await redis.hexists(slots, slotId)) === 1,
    bookedSlots: async () => new Set(await redis.hkeys(slots)),
    once: async (name) => (await redis.set(key('once', name), '1', 'NX')) === 'OK',
    flowHistory: async () => json(await redis.get(`${prefix}flow-history`)) ?? {},
    saveFlowHistory: async (history) => { await redis.set(`${prefix}flow-history`, JSON.stringify(history)); },
    close: () => redis.quit(),
  };
}
