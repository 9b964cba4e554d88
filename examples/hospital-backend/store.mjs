// The backend's files in its data folder, shared by every instance on one
// host: keys (made once), patients, orders, events, receipts, booked slots.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync, existsSync, chmodSync, linkSync, unlinkSync } from 'node:fs';
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

/** The records of `dataDir`: paths per kind, and the patient and event helpers. */
export function fileStore(dataDir) {
  mkdirSync(join(dataDir, 'slots'), { recursive: true });
  const paths = {
    order: (id) => join(dataDir, 'orders', `${safeName(id)}.json`),
    patient: (id) => join(dataDir, 'patients', `${safeName(id)}.json`),
    events: (id) => join(dataDir, 'events', `${safeName(id)}.json`),
    receipts: (id) => join(dataDir, 'receipts', `${safeName(id)}.json`),
    slot: (id) => join(dataDir, 'slots', safeName(id)),
  };
  return {
    paths,
    isBooked: (slotId) => existsSync(paths.slot(slotId)),
    /** The patient's record, started afresh at the first request of a new year. */
    patientRecord(id) {
      let rec = readJson(paths.patient(id), null);
      const year = Number(beijingDate(nowS()).slice(0, 4));
      if (!rec || rec.accumulators.year !== year) {
        rec = { id, rev: 1, accumulators: initialAccumulators(id, year), prescriptions: initialPrescriptions(id, nowS()), status_seeded: false };
        writeJsonAtomic(paths.patient(id), rec);
      }
      return rec;
    },
    appendEvents(patientId, tokens) {
      const list = readJson(paths.events(patientId), []);
      list.push(...tokens);
      writeJsonAtomic(paths.events(patientId), list);
    },
  };
}
