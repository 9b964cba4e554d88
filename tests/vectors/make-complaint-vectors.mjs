// Builds the complaint and channel vectors of status.apply, status.render and
// status.due with the native CLI (issue 15 items 4 and 5): the complaint's
// three-level state machine with its refusals, its reminders, and the texts
// each channel sends. Ed25519 is deterministic, so the files are the same on
// every run; read them before committing: the expected outputs are the CLI's.
//   node tests/vectors/make-complaint-vectors.mjs [path/to/native/medins]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCli as call } from './native-cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pair = call('keys.generate', { type: 'public', seed: Buffer.alloc(32, 0x51).toString('base64url') });
const keys = [{ key: pair.public, iss: 'sogaz.ru' }];
const now = 1770000000;  // 2 February 2026
const day = 86400;
const kid = call('keys.id', { key: pair.public }).id;
const sign = (event) => call('status.sign', { event, key: pair.secret }).token;
// Signed as an issuer would, without status.sign's check of the payload.
const signRaw = (payload) => call('token.issue', { purpose: 'public', key: pair.secret, payload: JSON.stringify(payload),
  footer: JSON.stringify({ kid }), implicit: 'medins.status.v1' }).token;
const ev = (seq, state, data) => ({ iss: 'sogaz.ru', type: 'complaint', subject: 'C-17', state, seq, at: now - day * (10 - seq), ...(data ? { data } : {}) });
const title = 'Платное МРТ';

// A timeline built by applying `events` in order (each must apply).
function timeline(events) {
  let timelines = {};
  for (const e of events) {
    const out = call('status.apply', { event: sign(e), keys, timelines, now });
    if (out.error) throw new Error(JSON.stringify(out));
    timelines = out.timelines;
  }
  return timelines;
}
const cases = (op, list) =>
  list.map(([name, input]) => {
    const out = call(op, input);
    return out.error ? { name, input, error: out.error.code } : { name, input, expected: out };
  });
const write = (op, file, list) =>
  writeFileSync(join(here, op, file), JSON.stringify(cases(op, list), null, 1) + '\n');

const registered = ev(1, 'registered', { title, due: now + 30 * day });
const level1 = ev(2, 'level_1', { title, due: now + 20 * day });
const level2 = ev(3, 'level_2', { title, due: now + 10 * day });
const atLevel1 = timeline([registered, level1]);
const atLevel2 = timeline([registered, level1, level2]);
const info = ev(4, 'information_requested', { title, count: 2, due: now + 5 * day });
const atInfo = timeline([registered, level1, level2, info]);
const upheld = ev(4, 'upheld', { title, amount: 320000 });
const atUpheld = timeline([registered, level1, level2, upheld]);

write('status.apply', 'complaint.json', [
  ['a complaint registered with the insurer\'s answer deadline (ru)', { event: sign(registered), keys, now, lang: 'ru' }],
  ['escalated from level 1 to level 2, as an SMS in Russian (the short form)', { event: sign(level2), keys, timelines: atLevel1, now, lang: 'ru', channel: 'sms' }],
  ['escalated to level 3 by Viber in Bulgarian', { event: sign(ev(4, 'level_3', { title, due: now + 10 * day })), keys, timelines: atLevel2, now, lang: 'bg', channel: 'viber' }],
  ['the channel app is today\'s output', { event: sign(level2), keys, timelines: atLevel1, now, lang: 'en', channel: 'app' }],
  ['upheld then refunded, as an English SMS (GSM-7)', { event: sign(ev(5, 'refunded', { title: 'Paid MRI', amount: 320000 })), keys, timelines: atUpheld, now, lang: 'en', channel: 'sms' }],
  ['information requested, as an Italian SMS with the deadline on the 1st (no º)', { event: sign(ev(4, 'information_requested', { title: 'Risonanza a pagamento', count: 2, due: 1772323200 })), keys, timelines: atLevel2, now, lang: 'it', channel: 'sms' }],
  ['a timeline cannot begin at level 2', { event: sign(ev(1, 'level_2')), keys, now }],
  ['level 2 cannot go back to level 1', { event: sign(ev(4, 'level_1')), keys, timelines: atLevel2, now }],
  ['an upheld complaint cannot be rejected', { event: sign(ev(5, 'rejected')), keys, timelines: atUpheld, now }],
  ['a complaint state that does not exist', { event: signRaw({ ...ev(1, 'registered'), state: 'escalated' }), keys, now }],
  ['an unknown channel', { event: sign(registered), keys, now, channel: 'telegram' }],
  ['a channel that is not a string', { event: sign(registered), keys, now, channel: 2 }],
]);

const longTitle = [...'Кардиология, д-р Петрова, кабинет 214; '.repeat(3)].slice(0, 100).join('');
const long = { type: 'drug_protocol', issuer: 'nzok.bg', subject: 'P-' + '7'.repeat(126), seq: 1, state: 'registered', pending: [],
  events: [{ seq: 1, state: 'registered', at: now, data: { title: longTitle } }] };
const protocol = { type: 'drug_protocol', issuer: 'nzok.bg', subject: '2024-0001', seq: 2, state: 'documents_needed', pending: [],
  events: [{ seq: 1, state: 'registered', at: now - day }, { seq: 2, state: 'documents_needed', at: now, data: { title: 'Humira', count: 2, due: now + 14 * day } }] };
const booking = { type: 'booking', issuer: 'hospital.example', subject: 'B-1', seq: 1, state: 'confirmed', pending: [],
  events: [{ seq: 1, state: 'confirmed', at: now, data: { title: '{}'.repeat(30), due: now + 3 * day } }] };
write('status.render', 'channels.json', [
  ['a protocol needing documents as a Bulgarian SMS (short form, UCS-2)', { timeline: protocol, now, lang: 'bg', channel: 'sms', tz_offset_min: 120 }],
  ['the same in English (GSM-7, one segment)', { timeline: protocol, now, lang: 'en', channel: 'sms' }],
  ['the same in Chinese (UCS-2)', { timeline: protocol, now, lang: 'zh', channel: 'sms', tz_offset_min: 480 }],
  ['the same by Viber in Russian (title and body)', { timeline: protocol, now, lang: 'ru', channel: 'viber' }],
  ['GSM-7 extension characters count twice: 114 characters, 174 septets, 2 segments', { timeline: booking, now, lang: 'en', channel: 'sms' }],
  ['a 100-character title and a 128-character id: the title is dropped and the id cut to fit two segments', { timeline: long, now, lang: 'bg', channel: 'sms' }],
  ['a 100-character Cyrillic title in an English SMS: UCS-2, the title cut to the longest prefix that fits', { timeline: { ...long, subject: 'P-1' }, now, lang: 'en', channel: 'sms' }],
  ['by Viber the same values fit whole', { timeline: long, now, lang: 'bg', channel: 'viber' }],
  ['a complaint at level 2 as a Chinese SMS', { timeline: atLevel2['complaint:sogaz.ru:C-17'], now, lang: 'zh', channel: 'sms' }],
  ['an unknown channel', { timeline: protocol, now, channel: 'SMS' }],
]);

const withUndated = timeline([registered, level1, ev(3, 'information_requested', { title })]);
const overdue = timeline([ev(1, 'registered', { title, due: now - 2 * day })]);
const renamed = (tls, subject) => Object.fromEntries(Object.entries(tls).map(([k, v]) => [k.replace('C-17', subject), { ...v, subject }]));
const all = { ...atInfo, ...renamed(atLevel2, 'C-18'), ...renamed(withUndated, 'C-19'), ...renamed(overdue, 'C-20'), ...renamed(atUpheld, 'C-21') };
write('status.due', 'complaint.json', [
  ['the patient\'s deadline, the insurer\'s answer deadlines (one overdue) and information awaited without a date (ru)', { timelines: all, days: 30, now, lang: 'ru' }],
  ['only what falls within 7 days', { timelines: all, days: 7, now, lang: 'en' }],
  ['as SMS in Bulgarian', { timelines: all, days: 30, now, lang: 'bg', channel: 'sms' }],
  ['an unknown channel', { timelines: all, days: 30, now, channel: 'fax' }],
]);

mkdirSync(join(here, 'status.sign'), { recursive: true });
write('status.sign', 'complaint.json', [
  ['a complaint escalated to level 3 signs', { event: ev(4, 'level_3', { title, due: now + 10 * day }), key: pair.secret }],
  ['a complaint state that does not exist', { event: { ...ev(4, 'level_4') }, key: pair.secret }],
  ['a complaint with a negative amount', { event: ev(5, 'refunded', { amount: -1 }), key: pair.secret }],
]);
