// Complaints, the insurer's side (docs/complaints.md). The patient's device
// seals a complaint to the insurer's key; the insurer's desk here opens it,
// checks the device's signature, the receipts against the hospital keys and
// the identity token against the identity provider's, works out what was
// charged for services the policy covers in full, and answers through the
// three levels with signed status events of type `complaint` that the phone
// applies like every other status event. This backend plays the insurer's
// desk only as an example: a real insurer runs complaint.open on its own
// servers, with its own key.
import { HttpError, readBody, staffCheck } from '../http.mjs';
import { nowS } from '../store.mjs';

const DAY_S = 86400;
// The answer deadline the demo sets at each level (illustrative, not a legal term).
const ANSWER_DAYS = { registered: 5, level_1: 5, level_2: 10, level_3: 30 };

export function complaintRoutes({ sdk, keys, store, config, audience, issuer, patient, status, policy, staffToken }) {
  const staff = staffCheck(staffToken, 'complaint.not_staff');

  /**
   * Signs the complaint's next state, by the insurer, after checking it
   * against the patient's timeline exactly as the phone will (status.apply
   * refuses an impossible change with status.impossible_transition), then
   * keeps it: nothing is sent that the phone would refuse.
   */
  async function advance(record, state, data = {}) {
    const due = ANSWER_DAYS[state] ? { due: nowS() + ANSWER_DAYS[state] * DAY_S } : {};
    const token = status.signStatus({ type: 'complaint', subject: record.complaint_id, state, seq: record.seq + 1,
      data: { title: record.title, ...due, ...data } }, 'insurer');
    let timelines = {};
    for (const event of await store.events(record.patient))
      timelines = sdk.applyStatus({ event, keys: config.keys.status, timelines }).timelines;
    sdk.applyStatus({ event: token, keys: config.keys.status, timelines });
    record.seq += 1;
    record.state = state;
    await store.saveComplaint(record);
    await store.appendEvents(record.patient, [token]);
  }

  return {
    /** The patient sends a sealed complaint; the insurer's desk opens and registers it. */
    'POST /api/complaints': async (req) => {
      const { claims } = await patient(req);
      const { sealed } = await readBody(req);
      if (typeof sealed !== 'string') throw new HttpError(400, 'complaint.bad_input', 'sealed: a sealed complaint is required');
      const opened = sdk.openComplaint({
        sealed, key: keys.insurer.secret, issuers: config.keys.receipts,
        identity: { keys: config.keys.identity, audience, issuer }, policy,
      });
      // Only the patient whose device signed it may send it: the identity
      // token inside was bound to that device and names the patient.
      if (!opened.patient || !opened.patient.verified || opened.patient.sub !== claims.sub)
        throw new HttpError(403, 'complaint.not_yours', 'the complaint is not signed by this patient\'s device');
      if (!(await store.once(`complaint|${opened.complaint_id}`)))
        throw new HttpError(409, 'complaint.already_sent', 'this complaint was already received');
      const record = {
        complaint_id: opened.complaint_id, patient: claims.sub, seq: 0, state: null,
        title: { imposed_paid_service: '强制自费 paid service imposed', refused_free_care: '拒绝免费医疗 free care refused',
                 long_wait: '候诊过久 long wait', quality_of_care: '医疗质量 quality of care', other: '其他 other' }[opened.complaint.category],
        opened,
      };
      await advance(record, 'submitted');
      await advance(record, 'registered');
      return { complaint_id: record.complaint_id, state: record.state, evidence_valid: opened.evidence_valid,
               covered_charged: opened.covered_charged ?? null };
    },

    /** Staff of the insurer: what a complaint says, as opened. */
    'POST /api/insurer/complaints/get': async (req) => {
      staff(req);
      const { complaint_id } = await readBody(req);
      const record = await store.complaint(complaint_id);
      if (!record) throw new HttpError(404, 'complaint.not_found', 'no such complaint');
      return record;
    },

    /**
     * Staff of the insurer: moves a complaint on (level_1, level_2, level_3,
     * information_requested, upheld, refunded, rejected); an impossible change
     * is refused before anything is signed.
     */
    'POST /api/insurer/complaints/advance': async (req) => {
      staff(req);
      const { complaint_id, state, data } = await readBody(req);
      const record = await store.complaint(complaint_id);
      if (!record) throw new HttpError(404, 'complaint.not_found', 'no such complaint');
      await advance(record, state, data && typeof data === 'object' ? data : {});
      return { complaint_id, state: record.state, seq: record.seq };
    },
  };
}
