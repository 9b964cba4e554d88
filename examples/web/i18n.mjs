// UI strings of the web demo and the estimate's reason codes in zh, en, ru,
// bg, it (status notifications come localized from medins itself).
export const LANGS = ['zh', 'en', 'ru', 'bg', 'it'];

/** Basis points → "70" or "12.5" (integer arithmetic). */
export function pct(bp) {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

const REASONS = {
  zh: {
    class_c: (e) => `丙类（全自费）项目 ${e.code}`,
    over_price_cap: (e) => `${e.code} 超出限价部分`,
    b_self_pay_first: (e) => `乙类项目 ${e.code} 先行自付 ${pct(e.self_pay_bp)}%`,
    deductible: () => '起付线（年度起付标准内自付）',
    coinsurance: (e) => `统筹基金支付 ${pct(e.fund_bp)}%，其余个人负担`,
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
    b_self_pay_first: (e) => `class B item ${e.code}: ${pct(e.self_pay_bp)}% self-pay first`,
    deductible: () => 'deductible: the yearly threshold before the fund pays',
    coinsurance: (e) => `co-insurance: the fund pays ${pct(e.fund_bp)}%, you pay the rest`,
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
    b_self_pay_first: (e) => `позиция класса B ${e.code}: сначала ${pct(e.self_pay_bp)}% за свой счёт`,
    deductible: () => 'франшиза: годовой порог до выплат фонда',
    coinsurance: (e) => `софинансирование: фонд платит ${pct(e.fund_bp)}%, остальное — вы`,
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
    b_self_pay_first: (e) => `позиция клас B ${e.code}: първо ${pct(e.self_pay_bp)}% за ваша сметка`,
    deductible: () => 'самоучастие: годишният праг преди фонда да плаща',
    coinsurance: (e) => `съучастие: фондът плаща ${pct(e.fund_bp)}%, останалото — вие`,
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
    b_self_pay_first: (e) => `voce di classe B ${e.code}: prima il ${pct(e.self_pay_bp)}% a carico tuo`,
    deductible: () => 'franchigia: la soglia annuale prima che paghi il fondo',
    coinsurance: (e) => `compartecipazione: il fondo paga il ${pct(e.fund_bp)}%, il resto tu`,
    over_annual_cap: () => 'oltre il massimale annuo del fondo',
    not_covered_at_level: (e) => `non coperto in un ospedale di livello ${e.hospital_level}`,
    condition_not_recognized: (e) => `patologia${e.condition ? ` ${e.condition}` : ''} non riconosciuta alla data della visita: il fondo per le malattie croniche non paga`,
    care_not_eligible: () => 'nessun diritto all\'assistenza a lungo termine alla data della visita: l\'assicurazione non paga',
    not_a_care_service: (e) => `${e.code}: non è un servizio pagato dall'assicurazione per l'assistenza a lungo termine`,
    over_care_limit: (e) => `${e.code}: la parte oltre il limite del servizio di assistenza`,
  },
};

/** The sentence for one `estimate` explanation entry. */
export function reasonText(lang, entry) {
  const table = REASONS[lang] || REASONS.en;
  const f = table[entry.reason];
  return f ? f(entry) : entry.reason;
}

export const UI = {
  zh: {
    title: '同仁医院 · 医保移动支付（演示）', lang: '语言', pin: '设备 PIN', step: '步骤',
    verify: '实名认证', patient_id: '就诊人编号', name: '姓名', verify_btn: '认证并绑定本设备', verified: '已认证',
    book: '预约挂号', site: '院区', department: '科室', doctor: '医生', slot: '时段', confirm_btn: '确认预约',
    estimate: '费用预估', total: '总费用', fund: '医保统筹', account: '个人账户', cash: '现金', why: '您自付的原因',
    agrees: '本机预估与医院金额一致', disagrees: '本机预估与医院金额不一致', authorize: '医保授权', consent: '授权内容',
    authorize_btn: '确认授权并支付', paid: '支付完成', authorization: '授权号', receipt: '电子票据', invoice: '票据号',
    wallet: '票据夹', wallet_ok: '票据夹完整（签名链校验通过）', wallet_bad: '票据夹被篡改', status: '消息通知',
    outpatient: '门诊缴费', prescription: '处方', pay_rx_btn: '缴费', yuan: '元', entries: '张票据', error: '出错了',
    next_step: '当前步骤', next_btn: '下一步', choose: '请选择',
  },
  en: {
    title: 'Tongren Hospital · mobile insurance payment (demo)', lang: 'Language', pin: 'Device PIN', step: 'Step',
    verify: 'Verify identity', patient_id: 'Patient id', name: 'Name', verify_btn: 'Verify and bind this device', verified: 'Verified',
    book: 'Book an appointment', site: 'Campus', department: 'Department', doctor: 'Doctor', slot: 'Time', confirm_btn: 'Confirm booking',
    estimate: 'Estimate', total: 'Total', fund: 'Insurance fund', account: 'Personal account', cash: 'Cash', why: 'Why you pay this',
    agrees: 'The estimate on this phone matches the hospital\'s amounts', disagrees: 'The estimate on this phone differs from the hospital\'s',
    authorize: 'Authorize insurance', consent: 'You agree to', authorize_btn: 'Authorize and pay', paid: 'Paid',
    authorization: 'Authorization no.', receipt: 'Receipt', invoice: 'Invoice', wallet: 'Receipt wallet',
    wallet_ok: 'Wallet intact (signed chain verified)', wallet_bad: 'Wallet tampered with', status: 'Notifications',
    outpatient: 'Outpatient payment', prescription: 'Prescription', pay_rx_btn: 'Pay', yuan: 'yuan', entries: 'receipts', error: 'Error',
    next_step: 'Current step', next_btn: 'Next', choose: 'Choose…',
  },
  ru: {
    title: 'Больница Тунжэнь · мобильная оплата по страховке (демо)', lang: 'Язык', pin: 'PIN устройства', step: 'Шаг',
    verify: 'Подтверждение личности', patient_id: 'Номер пациента', name: 'Имя', verify_btn: 'Подтвердить и привязать устройство', verified: 'Подтверждено',
    book: 'Запись на приём', site: 'Корпус', department: 'Отделение', doctor: 'Врач', slot: 'Время', confirm_btn: 'Подтвердить запись',
    estimate: 'Предварительный расчёт', total: 'Итого', fund: 'Страховой фонд', account: 'Личный счёт', cash: 'Наличные', why: 'Почему вы платите',
    agrees: 'Расчёт на телефоне совпадает с суммами больницы', disagrees: 'Расчёт на телефоне отличается от сумм больницы',
    authorize: 'Разрешение страховки', consent: 'Вы соглашаетесь', authorize_btn: 'Разрешить и оплатить', paid: 'Оплачено',
    authorization: 'Номер разрешения', receipt: 'Квитанция', invoice: 'Счёт', wallet: 'Кошелёк квитанций',
    wallet_ok: 'Кошелёк цел (подписанная цепочка проверена)', wallet_bad: 'Кошелёк изменён', status: 'Уведомления',
    outpatient: 'Амбулаторная оплата', prescription: 'Назначение', pay_rx_btn: 'Оплатить', yuan: 'юаней', entries: 'квитанций', error: 'Ошибка',
    next_step: 'Текущий шаг', next_btn: 'Далее', choose: 'Выберите…',
  },
  bg: {
    title: 'Болница Тунжън · мобилно плащане със здравна осигуровка (демо)', lang: 'Език', pin: 'PIN на устройството', step: 'Стъпка',
    verify: 'Потвърждаване на самоличност', patient_id: 'Номер на пациент', name: 'Име', verify_btn: 'Потвърди и свържи устройството', verified: 'Потвърдено',
    book: 'Запазване на час', site: 'Сграда', department: 'Отделение', doctor: 'Лекар', slot: 'Час', confirm_btn: 'Потвърди часа',
    estimate: 'Предварителна сметка', total: 'Общо', fund: 'Здравен фонд', account: 'Лична сметка', cash: 'В брой', why: 'Защо плащате това',
    agrees: 'Сметката на телефона съвпада със сумите на болницата', disagrees: 'Сметката на телефона се различава от сумите на болницата',
    authorize: 'Разрешение за осигуровката', consent: 'Вие се съгласявате', authorize_btn: 'Разреши и плати', paid: 'Платено',
    authorization: 'Номер на разрешение', receipt: 'Касова бележка', invoice: 'Фактура', wallet: 'Портфейл с бележки',
    wallet_ok: 'Портфейлът е непокътнат (подписаната верига е проверена)', wallet_bad: 'Портфейлът е променян', status: 'Известия',
    outpatient: 'Амбулаторно плащане', prescription: 'Рецепта', pay_rx_btn: 'Плати', yuan: 'юана', entries: 'бележки', error: 'Грешка',
    next_step: 'Текуща стъпка', next_btn: 'Напред', choose: 'Изберете…',
  },
  it: {
    title: 'Ospedale Tongren · pagamento assicurativo mobile (demo)', lang: 'Lingua', pin: 'PIN del dispositivo', step: 'Passo',
    verify: 'Verifica identità', patient_id: 'Codice paziente', name: 'Nome', verify_btn: 'Verifica e associa questo dispositivo', verified: 'Verificato',
    book: 'Prenotazione visita', site: 'Sede', department: 'Reparto', doctor: 'Medico', slot: 'Orario', confirm_btn: 'Conferma prenotazione',
    estimate: 'Stima', total: 'Totale', fund: 'Fondo assicurativo', account: 'Conto personale', cash: 'Contanti', why: 'Perché paghi questo',
    agrees: 'La stima sul telefono coincide con gli importi dell\'ospedale', disagrees: 'La stima sul telefono differisce da quella dell\'ospedale',
    authorize: 'Autorizza l\'assicurazione', consent: 'Acconsenti a', authorize_btn: 'Autorizza e paga', paid: 'Pagato',
    authorization: 'N. autorizzazione', receipt: 'Ricevuta', invoice: 'Fattura', wallet: 'Portafoglio ricevute',
    wallet_ok: 'Portafoglio integro (catena firmata verificata)', wallet_bad: 'Portafoglio manomesso', status: 'Notifiche',
    outpatient: 'Pagamento ambulatoriale', prescription: 'Prescrizione', pay_rx_btn: 'Paga', yuan: 'yuan', entries: 'ricevute', error: 'Errore',
    next_step: 'Passo attuale', next_btn: 'Avanti', choose: 'Scegli…',
  },
};

export const t = (lang, key) => (UI[lang] && UI[lang][key]) || UI.en[key] || key;

/** A localized name object {zh, en} in `lang` (zh for zh, en otherwise). */
export const nameIn = (lang, n) => (n && typeof n === 'object' ? (lang === 'zh' ? n.zh : n.en) || n.en || n.zh : String(n));
