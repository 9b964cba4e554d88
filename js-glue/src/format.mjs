// What a page shows of an estimate: amounts in yuan and a sentence for each
// reason the patient pays and each warning, in the languages of the examples
// (zh, en, ru, bg, it). Money is integer fen and becomes text only here, from
// the digits of the integer: no floating point ever touches an amount.

/**
 * Integer fen → yuan with two decimals ("12.34", "-0.05"). A number must be a
 * safe integer (beyond 2^53 a number may no longer be the amount that was
 * meant, so it is refused); a bigint is exact at any size.
 */
export function yuan(fen) {
  let digits;
  if (typeof fen === 'bigint') digits = String(fen < 0 ? -fen : fen);
  else if (Number.isSafeInteger(fen)) digits = String(Math.abs(fen));
  else throw new TypeError(`yuan: amounts are integer fen (a safe integer or a bigint), not ${typeof fen === 'number' ? fen : typeof fen}`);
  digits = digits.padStart(3, '0');
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Basis points → percent: 7000 → "70", 1250 → "12.5", 5 → "0.05". */
export function percent(bp) {
  if (!Number.isSafeInteger(bp) || bp < 0) throw new TypeError(`percent: basis points are a non-negative integer, not ${bp}`);
  const rest = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return rest === '' ? String(Math.floor(bp / 100)) : `${Math.floor(bp / 100)}.${rest}`;
}

const REASONS = {
  zh: {
    class_c: (e) => `丙类（全自费）项目 ${e.code}`,
    over_price_cap: (e) => `${e.code} 超出限价部分`,
    b_self_pay_first: (e) => `乙类项目 ${e.code} 先行自付 ${percent(e.self_pay_bp)}%`,
    deductible: () => '起付线（年度起付标准内自付）',
    coinsurance: (e) => `统筹基金支付 ${percent(e.fund_bp)}%，其余个人负担`,
    over_annual_cap: () => '超过年度统筹基金最高支付限额',
    not_covered_at_level: (e) => `该级别医院（${e.hospital_level}）不予统筹支付`,
    condition_not_recognized: (e) => `病种${e.condition ? ` ${e.condition} ` : ''}在就诊日未经认定，慢特病统筹不予支付`,
    care_not_eligible: () => '就诊日无有效的长期护理待遇资格，护理保险不予支付',
    not_a_care_service: (e) => `${e.code} 不在长期护理服务项目内`,
    over_care_limit: (e) => `${e.code} 超出护理服务支付限额部分`,
  },
  en: {
    class_c: (e) => `class C item ${e.code}: not covered, paid in full`,
    over_price_cap: (e) => `${e.code}: the part above the price cap`,
    b_self_pay_first: (e) => `class B item ${e.code}: ${percent(e.self_pay_bp)}% self-pay first`,
    deductible: () => 'deductible: the yearly threshold before the fund pays',
    coinsurance: (e) => `co-insurance: the fund pays ${percent(e.fund_bp)}%, you pay the rest`,
    over_annual_cap: () => 'above the fund\'s annual cap',
    not_covered_at_level: (e) => `not covered at a ${e.hospital_level} hospital`,
    condition_not_recognized: (e) => `condition${e.condition ? ` ${e.condition}` : ''} not recognized on the visit date: the chronic-disease pool does not pay`,
    care_not_eligible: () => 'no long-term-care eligibility on the visit date: the care insurance does not pay',
    not_a_care_service: (e) => `${e.code}: not a service the long-term-care insurance pays`,
    over_care_limit: (e) => `${e.code}: the part above the care service's limit`,
  },
  ru: {
    class_c: (e) => `позиция класса C ${e.code}: не покрывается`,
    over_price_cap: (e) => `${e.code}: сверх предельной цены`,
    b_self_pay_first: (e) => `позиция класса B ${e.code}: сначала ${percent(e.self_pay_bp)}% за свой счёт`,
    deductible: () => 'франшиза: годовой порог до выплат фонда',
    coinsurance: (e) => `софинансирование: фонд платит ${percent(e.fund_bp)}%, остальное — вы`,
    over_annual_cap: () => 'сверх годового лимита фонда',
    not_covered_at_level: (e) => `не покрывается в больнице уровня ${e.hospital_level}`,
    condition_not_recognized: (e) => `заболевание${e.condition ? ` ${e.condition}` : ''} не признано на дату визита: фонд хронических заболеваний не платит`,
    care_not_eligible: () => 'нет права на долговременный уход на дату визита: страховка ухода не платит',
    not_a_care_service: (e) => `${e.code}: услуга не оплачивается страховкой долговременного ухода`,
    over_care_limit: (e) => `${e.code}: сверх лимита услуги ухода`,
  },
  bg: {
    class_c: (e) => `позиция клас C ${e.code}: не се покрива`,
    over_price_cap: (e) => `${e.code}: над пределната цена`,
    b_self_pay_first: (e) => `позиция клас B ${e.code}: първо ${percent(e.self_pay_bp)}% за ваша сметка`,
    deductible: () => 'самоучастие: годишният праг преди фонда да плаща',
    coinsurance: (e) => `съучастие: фондът плаща ${percent(e.fund_bp)}%, останалото — вие`,
    over_annual_cap: () => 'над годишния лимит на фонда',
    not_covered_at_level: (e) => `не се покрива в болница от ниво ${e.hospital_level}`,
    condition_not_recognized: (e) => `заболяването${e.condition ? ` ${e.condition}` : ''} не е признато към датата на посещението: фондът за хронични заболявания не плаща`,
    care_not_eligible: () => 'няма право на дългосрочни грижи към датата на посещението: застраховката за грижи не плаща',
    not_a_care_service: (e) => `${e.code}: услугата не се плаща от застраховката за дългосрочни грижи`,
    over_care_limit: (e) => `${e.code}: над лимита на услугата за грижи`,
  },
  it: {
    class_c: (e) => `voce di classe C ${e.code}: non coperta`,
    over_price_cap: (e) => `${e.code}: la parte oltre il prezzo massimo`,
    b_self_pay_first: (e) => `voce di classe B ${e.code}: prima il ${percent(e.self_pay_bp)}% a carico tuo`,
    deductible: () => 'franchigia: la soglia annuale prima che paghi il fondo',
    coinsurance: (e) => `compartecipazione: il fondo paga il ${percent(e.fund_bp)}%, il resto tu`,
    over_annual_cap: () => 'oltre il massimale annuo del fondo',
    not_covered_at_level: (e) => `non coperto in un ospedale di livello ${e.hospital_level}`,
    condition_not_recognized: (e) => `patologia${e.condition ? ` ${e.condition}` : ''} non riconosciuta alla data della visita: il fondo per le malattie croniche non paga`,
    care_not_eligible: () => 'nessun diritto all\'assistenza a lungo termine alla data della visita: l\'assicurazione non paga',
    not_a_care_service: (e) => `${e.code}: non è un servizio pagato dall'assicurazione per l'assistenza a lungo termine`,
    over_care_limit: (e) => `${e.code}: la parte oltre il limite del servizio di assistenza`,
  },
};

const WARNINGS = {
  zh: { 'estimate.charged_for_covered_service': (w) => `${w.item_code}：政策规定该项目应予报销，账单却按${w.class}类让您自付 ${yuan(w.self_pay_fen)} 元，付款前可向医院或医保咨询` },
  en: { 'estimate.charged_for_covered_service': (w) => `${w.item_code}: the policy covers this service, but the bill charges it as class ${w.class} and you pay ¥${yuan(w.self_pay_fen)} of it; ask the hospital or your insurer before you pay` },
  ru: { 'estimate.charged_for_covered_service': (w) => `${w.item_code}: полис покрывает эту услугу, но в счёте она указана как класс ${w.class} и вы платите ¥${yuan(w.self_pay_fen)}; спросите больницу или страховщика до оплаты` },
  bg: { 'estimate.charged_for_covered_service': (w) => `${w.item_code}: полицата покрива тази услуга, но в сметката е като клас ${w.class} и плащате ¥${yuan(w.self_pay_fen)}; попитайте болницата или осигурителя преди да платите` },
  it: { 'estimate.charged_for_covered_service': (w) => `${w.item_code}: la polizza copre questa prestazione, ma il conto la addebita come classe ${w.class} e ne paghi ¥${yuan(w.self_pay_fen)}; chiedi all'ospedale o all'assicuratore prima di pagare` },
};

/** The languages reasonText and warningText speak; any other falls back to English. */
export const TEXT_LANGUAGES = Object.freeze(Object.keys(REASONS));

// "zh-CN" speaks zh; an unknown language English.
const table = (tables, lang) => tables[lang] || tables[String(lang || '').slice(0, 2).toLowerCase()] || tables.en;

/** The sentence for one `estimate` explanation entry; an unknown reason is its code. */
export function reasonText(entry, lang = 'en') {
  const f = table(REASONS, lang)[entry.reason];
  return f ? f(entry) : String(entry.reason);
}

/** The sentence for one `estimate` warning; an unknown code is the core's message. */
export function warningText(warning, lang = 'en') {
  const f = table(WARNINGS, lang)[warning.code];
  return f ? f(warning) : String(warning.message || warning.code);
}
