// The demo hospital's data: sites, departments, doctors, slots, the patient
// registry and prescriptions. Illustrative, not real doctors or prices.
// Money is integer fen.

export const HOSPITAL = {
  id: 'bj-tongren-demo',
  name: { zh: '北京同仁医院（演示）', en: 'Beijing Tongren Hospital (demo)' },
  level: 'level3',
  status_iss: 'tongren.demo',
};

export const INSURER = { iss: 'nzok.bg', name: { zh: '保加利亚国家医疗保险基金（示例）', en: 'NZOK, Bulgaria (example)' } };

const SITES = [
  { id: 'east', name: { zh: '东区（崇文门）', en: 'East campus (Chongwenmen)' } },
  { id: 'west', name: { zh: '西区（西交民巷）', en: 'West campus (Xijiaominxiang)' } },
];

const DEPARTMENTS = [
  { id: 'ophthalmology', name: { zh: '眼科', en: 'Ophthalmology' } },
  { id: 'ent', name: { zh: '耳鼻咽喉科', en: 'Otolaryngology (ENT)' } },
];

const TITLES = {
  chief: { zh: '主任医师', en: 'Chief physician', fee_fen: 10000, fee_code: 'REG-CHIEF' },
  associate: { zh: '副主任医师', en: 'Associate chief physician', fee_fen: 6000, fee_code: 'REG-ASSOC' },
  attending: { zh: '主治医师', en: 'Attending physician', fee_fen: 5000, fee_code: 'REG-GEN' },
};

const DOCTORS = [
  { id: 'd-wang', site: 'east', department: 'ophthalmology', name: { zh: '王明', en: 'Wang Ming' }, title: 'chief' },
  { id: 'd-li', site: 'east', department: 'ophthalmology', name: { zh: '李静', en: 'Li Jing' }, title: 'attending' },
  { id: 'd-zhao', site: 'east', department: 'ent', name: { zh: '赵磊', en: 'Zhao Lei' }, title: 'associate' },
  { id: 'd-chen', site: 'west', department: 'ophthalmology', name: { zh: '陈芳', en: 'Chen Fang' }, title: 'associate' },
  { id: 'd-liu', site: 'west', department: 'ent', name: { zh: '刘洋', en: 'Liu Yang' }, title: 'chief' },
];

// Beijing time (UTC+8): slots for the next three days, 08:00, 08:30, 09:00, 14:00, 30 minutes each.
const BEIJING_OFFSET_S = 8 * 3600;
const SLOT_TIMES = [[8, 0], [8, 30], [9, 0], [14, 0]];

export function beijingDate(unixSeconds) {
  return new Date((unixSeconds + BEIJING_OFFSET_S) * 1000).toISOString().slice(0, 10);
}

function slotsFor(doctor, nowS) {
  const dayStart = Math.floor((nowS + BEIJING_OFFSET_S) / 86400) * 86400 - BEIJING_OFFSET_S;
  const slots = [];
  for (let d = 1; d <= 3; d++) {
    for (const [h, m] of SLOT_TIMES) {
      const start = dayStart + d * 86400 + h * 3600 + m * 60;
      slots.push({ id: `${doctor.id}@${start}`, start, end: start + 1800 });
    }
  }
  return slots;
}

/** The catalogue as served; `isBooked(slotId)` marks taken slots. */
export function catalogue(nowS, isBooked = () => false) {
  return {
    sites: SITES.map((site) => ({
      ...site,
      departments: DEPARTMENTS.filter((dep) => DOCTORS.some((d) => d.site === site.id && d.department === dep.id)).map((dep) => ({
        ...dep,
        doctors: DOCTORS.filter((d) => d.site === site.id && d.department === dep.id).map((d) => ({
          id: d.id,
          name: d.name,
          title: { zh: TITLES[d.title].zh, en: TITLES[d.title].en },
          fee_code: TITLES[d.title].fee_code,
          fee_fen: TITLES[d.title].fee_fen,
          slots: slotsFor(d, nowS).map((s) => ({ ...s, available: !isBooked(s.id) })),
        })),
      })),
    })),
  };
}

/** Resolves a slot id to {site, department, doctor, slot} or null (only future slots of the catalogue). */
/**
 * A list a flow's choice field names as its `catalogue`: [{value, label}],
 * label by language (zh, en). Unknown names are a 404.
 */
export function choiceCatalogue(name) {
  if (name === 'campuses') return { options: SITES.map((s) => ({ value: s.id, label: s.name })) };
  return null;
}

export function findSlot(slotId, nowS) {
  const [doctorId, startText] = String(slotId).split('@');
  const doctor = DOCTORS.find((d) => d.id === doctorId);
  if (!doctor || !/^\d+$/.test(startText || '')) return null;
  const slot = slotsFor(doctor, nowS).find((s) => s.id === slotId);
  if (!slot) return null;
  return {
    site: SITES.find((s) => s.id === doctor.site),
    department: DEPARTMENTS.find((d) => d.id === doctor.department),
    doctor: { ...doctor, title_info: TITLES[doctor.title] },
    slot,
  };
}

// The demo's real-name registry (what the identity provider checks against
// the national ID database in production).
export const PATIENTS = {
  'P-0001': { id: 'P-0001', name: { zh: '张伟', en: 'Zhang Wei' }, insurance: { scheme: 'employee', region: '110000' } },
  'P-0002': { id: 'P-0002', name: { zh: '玛丽亚·罗西', en: 'Maria Rossi' }, insurance: { scheme: 'employee', region: '110000' } },
};

/** The insurer's year-to-date figures at first contact (simulated). */
export function initialAccumulators(patientId, year) {
  const met = patientId === 'P-0001' ? 175000 : 0;
  return {
    year,
    account_balance_fen: patientId === 'P-0001' ? 30000 : 120000,
    pools: {
      outpatient_general: { deductible_met_fen: met, in_scope_ytd_fen: met, fund_paid_ytd_fen: 0, admissions_ytd: 0 },
    },
  };
}

/** Prescriptions waiting for payment after a visit (the outpatient-payment flow). */
export function initialPrescriptions(patientId, nowS) {
  return [
    {
      id: `RX-${patientId.slice(2)}-01`,
      site: 'east',
      doctor: 'd-wang',
      issued_at: nowS,
      lines: [
        { code: 'EXAM-OCT', name: '光学相干断层扫描 OCT', class: 'A', unit_price_fen: 22000, quantity: 1 },
        { code: 'DRUG-HYAL', name: '玻璃酸钠滴眼液 sodium hyaluronate eye drops', class: 'B', unit_price_fen: 3850, quantity: 2 },
        { code: 'DRUG-TOBDEX', name: '妥布霉素地塞米松滴眼液 tobramycin/dexamethasone', class: 'B', unit_price_fen: 4200, quantity: 1, b_self_pay_first_bp: 2000 },
        { code: 'SUPP-LUTEIN', name: '叶黄素软胶囊 lutein capsules', class: 'C', unit_price_fen: 12800, quantity: 1 },
      ],
    },
  ];
}
