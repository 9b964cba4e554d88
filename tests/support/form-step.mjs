// The reference registration flow (examples/flows/registration.json) with
// one step more that is only a form, "visit_details" after the slot: what a
// hospital adds without new app code. The web demo and the mini-program show
// it with their one generic page (tests/examples/generic-pages.test.mjs).
import { readFileSync } from 'node:fs';

const T = (en, zh, ru, bg, it) => ({ en, zh, ru, bg, it });

export const VISIT_DETAILS = {
  step: 'custom',
  name: 'visit_details',
  title: T('Before your visit', '就诊前信息', 'Перед приёмом', 'Преди прегледа', 'Prima della visita'),
  help: T('The doctor reads this before seeing you.', '医生会在接诊前查看这些信息。', 'Врач прочтёт это до приёма.',
    'Лекарят ще прочете това преди прегледа.', 'Il medico lo leggerà prima della visita.'),
  fields: [
    { name: 'reason', type: 'text', required: true, min_length: 2, max_length: 200,
      label: T('Reason for the visit', '就诊原因', 'Причина обращения', 'Причина за посещението', 'Motivo della visita') },
    { name: 'campus', type: 'choice', catalogue: 'campuses', required: true, label: T('Campus', '院区', 'Корпус', 'Корпус', 'Sede') },
    { name: 'weight_kg', type: 'number', decimals: 1, min: '2.0', max: 300,
      label: T('Weight (kg)', '体重（公斤）', 'Вес (кг)', 'Тегло (кг)', 'Peso (kg)') },
    { name: 'agree', type: 'consent', required: true, label: T('I agree', '我同意', 'Я согласен', 'Съгласен съм', 'Acconsento'),
      text: T('I agree that the doctor sees these answers.', '我同意医生查看以上信息。', 'Я согласен, что врач увидит эти ответы.',
        'Съгласен съм лекарят да види тези отговори.', 'Acconsento che il medico veda queste risposte.') },
  ],
};

/** registration.json with visit_details after select_slot, its version raised. */
export function registrationWithForm() {
  const def = JSON.parse(readFileSync(new URL('../../examples/flows/registration.json', import.meta.url), 'utf8'));
  const at = def.steps.findIndex((s) => s.step === 'select_slot');
  def.steps.splice(at + 1, 0, VISIT_DETAILS);
  def.version += 1;
  return def;
}
