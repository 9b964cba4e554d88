// The patient's mini-program, as a plain browser app against the reference
// hospital backend (which serves this folder, js-glue/src and the wasm).
// Every step goes through the signed flow (flow.start/advance); every amount
// is integer fen from medins; the PIN stays in the input and in medins calls.
import { load, yuan, percent, reasonText, warningText } from '../js-glue/src/browser.mjs';
import { PatientClient } from './client.mjs';
import { LANGS, t, nameIn } from './i18n.mjs';

const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const S = {
  lang: new URLSearchParams(location.search).get('lang') || localStorage.getItem('medins.lang') || 'zh',
  client: null, cat: null, sel: {}, order: null, orderFlow: null, lastPaid: null, receipt: null, notes: [], rxs: [],
  walletCheck: null, busy: false, form: null,
};
if (!LANGS.includes(S.lang)) S.lang = 'zh';
window.medinsDemo = S;  // for the end-to-end test: read-only inspection

function fail(e) {
  $('#error').textContent = `${t(S.lang, 'error')}: ${e.code ? `${e.code} — ` : ''}${e.message}`;
  console.error(e);
}

async function run(fn) {
  if (S.busy) return;
  S.busy = true;
  $('#error').textContent = '';
  document.body.dataset.busy = '1';
  try {
    await fn();
  } catch (e) {
    fail(e);
  } finally {
    S.busy = false;
    delete document.body.dataset.busy;
    render();
  }
}

const pin = () => {
  const v = $('#pin').value;
  if (!/^\d{6,12}$/.test(v)) throw Object.assign(new Error('PIN: 6-12 digits'), { code: 'demo.pin' });
  return v;
};

// --- rendering -------------------------------------------------------------
function money(fen) {
  return `¥${yuan(fen)}`;
}

function renderVerify() {
  const L = S.lang;
  const c = S.client;
  const done = !!(c && c.claims);
  $('#step-verify').innerHTML = `<h2>1 · ${t(L, 'verify')}</h2>` + (done
    ? `<p class="ok" data-testid="verified">✓ ${t(L, 'verified')}: ${esc(c.claims.sub)} · ${esc(nameIn(L, S.me?.patient?.name))}</p>
       <p class="muted mono">cnf ${esc(c.claims.cnf.kpid)}<br>exp ${esc(c.claims.exp)}</p>`
    : `<div class="row"><label>${t(L, 'patient_id')}</label><input id="pid" value="P-0001" size="10"></div>
       <div class="row"><label>${t(L, 'name')}</label><input id="pname" value="张伟" size="14"></div>
       <div class="row"><button id="verify-btn">${t(L, 'verify_btn')}</button></div>
       <p class="muted">device.create (Argon2id 19 MiB × 2) → device.unlock (once per visit) → device.proof → identity token</p>`);
  if (!done) $('#verify-btn').onclick = () => run(verify);
}

function options(list, selected, label) {
  return list.map((x) => `<option value="${esc(x.id)}"${x.id === selected ? ' selected' : ''}${x.available === false ? ' disabled' : ''}>${esc(label(x))}</option>`).join('');
}

function slotLabel(s) {
  const d = new Date((s.start + 8 * 3600) * 1000).toISOString();
  return `${d.slice(5, 10)} ${d.slice(11, 16)}`;
}

function renderBook() {
  const L = S.lang;
  const sec = $('#step-book');
  sec.hidden = !(S.client && S.client.claims);
  if (sec.hidden || !S.cat) return;
  const site = S.cat.sites.find((x) => x.id === S.sel.site) || S.cat.sites[0];
  const dep = site.departments.find((x) => x.id === S.sel.department) || site.departments[0];
  const doc = dep.doctors.find((x) => x.id === S.sel.doctor) || dep.doctors[0];
  const slot = doc.slots.find((x) => x.id === S.sel.slot && x.available) || doc.slots.find((x) => x.available);
  Object.assign(S.sel, { site: site.id, department: dep.id, doctor: doc.id, slot: slot && slot.id });
  const booked = (S.order && S.orderFlow === 'registration') || S.form;
  sec.innerHTML = `<h2>2 · ${t(L, 'book')}</h2>
    <div class="row"><label>${t(L, 'site')}</label><select id="site">${options(S.cat.sites, site.id, (x) => nameIn(L, x.name))}</select></div>
    <div class="row"><label>${t(L, 'department')}</label><select id="department">${options(site.departments, dep.id, (x) => nameIn(L, x.name))}</select></div>
    <div class="row"><label>${t(L, 'doctor')}</label><select id="doctor">${options(dep.doctors, doc.id, (x) => `${nameIn(L, x.name)} · ${nameIn(L, x.title)} · ${money(x.fee_fen)}`)}</select></div>
    <div class="row"><label>${t(L, 'slot')}</label><select id="slot">${options(doc.slots, slot && slot.id, slotLabel)}</select></div>
    <div class="row"><button id="book-btn"${booked || !slot ? ' disabled' : ''}>${t(L, 'confirm_btn')}</button></div>`;
  for (const k of ['site', 'department', 'doctor', 'slot']) {
    $(`#${k}`).onchange = (ev) => {
      S.sel[k] = ev.target.value;
      if (k === 'site') S.sel.department = S.sel.doctor = S.sel.slot = null;
      if (k === 'department') S.sel.doctor = S.sel.slot = null;
      if (k === 'doctor') S.sel.slot = null;
      render();
    };
  }
  $('#book-btn').onclick = () => run(book);
}

function renderEstimate() {
  const L = S.lang;
  const sec = $('#step-estimate');
  const o = S.order;
  sec.hidden = !o;
  if (!o) return;
  const e = o.local.totals;
  const rows = o.bill.lines.map((l, i) => `<tr><td>${esc(l.class)}</td><td>${esc(l.name)}</td><td class="num">${l.quantity} × ${money(l.unit_price_fen)}</td><td class="num">${money(o.local.lines[i].amount_fen)}</td></tr>`).join('');
  const reasons = o.local.explanation.map((x) => `<tr><td>${esc(reasonText(x, L))}</td><td class="num">${money(x.amount_fen)}</td></tr>`).join('');
  const bands = e.bands.map((b) => `${money(b.amount_fen)} × ${percent(b.bp)}% → ${money(b.fund_fen)}`).join('; ');
  const warnings = o.local.warnings.map((w) => `<p class="bad" data-testid="warning">${esc(warningText(w, L))}</p>`).join('');
  sec.innerHTML = `<h2>3 · ${t(L, 'estimate')} <span class="muted">${esc(o.order.order_id)}</span></h2>
    <table data-testid="lines"><tbody>${rows}</tbody></table>
    <table style="margin-top:8px" data-testid="split"><tbody>
      <tr><th>${t(L, 'total')}</th><td class="num">${money(e.medfee_sumamt_fen)}</td></tr>
      <tr><th>${t(L, 'fund')}</th><td class="num" data-testid="fund">${money(e.fund_pay_fen)}</td></tr>
      <tr><th>${t(L, 'account')}</th><td class="num" data-testid="account">${money(e.account_pay_fen)}</td></tr>
      <tr><th>${t(L, 'cash')}</th><td class="num" data-testid="cash">${money(e.cash_pay_fen)}</td></tr></tbody></table>
    <p class="muted">${bands}</p>
    <h2 style="margin-top:10px">${t(L, 'why')} (${money(e.patient_share_fen)})</h2>
    <table data-testid="reasons"><tbody>${reasons}</tbody></table>${warnings}
    <p class="${o.agrees ? 'ok' : 'bad'}" data-testid="agrees">${o.agrees ? '✓' : '✗'} ${t(L, o.agrees ? 'agrees' : 'disagrees')}</p>
    <h2>4 · ${t(L, 'authorize')}</h2>
    <p data-testid="consent"><span class="muted">${t(L, 'consent')}:</span> ${esc(o.consent_text)}</p>
    <div class="row"><button id="pay-btn"${S.form ? ' disabled' : ''}>${t(L, 'authorize_btn')}</button></div>`;
  $('#pay-btn').onclick = () => run(authorizeAndPay);
}

// The one generic page: any step of the signed flow that is only a form
// (a custom step carrying `fields`) is drawn from the flow's own data.
const isForm = (v) => !!(v && v.step === 'custom' && v.page && v.page.fields);
const textIn = (L, x) => (x ? x[L] || x.en || x.zh || '' : '');

function fieldInput(L, fl, f) {
  const v = f.values[fl.name];
  const attrs = `id="f-${esc(fl.name)}" data-input="${esc(fl.name)}"`;
  if (fl.type === 'consent')
    return `<p class="muted" data-testid="consent-${esc(fl.name)}">${esc(textIn(L, fl.text))}</p><input type="checkbox" ${attrs}${v ? ' checked' : ''}>`;
  if (fl.type === 'choice') {
    const list = fl.options || f.catalogues[fl.name] || [];
    return `<select ${attrs}><option value="">${t(L, 'choose')}</option>${list.map((o) => `<option value="${esc(o.value)}"${o.value === v ? ' selected' : ''}>${esc(textIn(L, o.label))}</option>`).join('')}</select>`;
  }
  const type = { date: 'date', phone: 'tel' }[fl.type] || 'text';
  const mode = fl.type === 'number' ? ' inputmode="decimal"' : fl.type === 'phone' ? ' inputmode="tel"' : '';
  return `<input ${attrs} type="${type}"${mode} value="${esc(v ?? '')}"${fl.max_length ? ` maxlength="${fl.max_length}"` : ''}>`;
}

function renderForm() {
  const L = S.lang;
  const sec = $('#step-form');
  const f = S.form;
  sec.hidden = !f;
  if (!f) return;
  const p = f.view.page;
  sec.innerHTML = `<h2 data-testid="form-title">${esc(textIn(L, p.title))}</h2>${p.help ? `<p class="muted">${esc(textIn(L, p.help))}</p>` : ''}`
    + p.fields.map((fl) => `<div class="row"><label for="f-${esc(fl.name)}">${esc(textIn(L, fl.label))}${fl.required ? ' *' : ''}</label>${fieldInput(L, fl, f)}`
      + (f.problems[fl.name] ? ` <span class="bad" data-testid="problem-${esc(fl.name)}">${esc(f.problems[fl.name])}</span>` : '')
      + (fl.help ? `<span class="muted">${esc(textIn(L, fl.help))}</span>` : '') + '</div>').join('')
    + `<div class="row"><button id="form-btn">${t(L, 'next_btn')}</button></div>`;
  for (const el of sec.querySelectorAll('[data-input]'))
    el.oninput = el.onchange = () => { f.values[el.dataset.input] = el.type === 'checkbox' ? el.checked : el.value; };
  $('#form-btn').onclick = () => run(submitForm);
}

function renderReceipt() {
  const L = S.lang;
  const sec = $('#step-receipt');
  const r = S.receipt;
  sec.hidden = !r;
  if (!r) return;
  const rc = r.receipt;
  sec.innerHTML = `<h2>5 · ${t(L, 'receipt')} <span class="ok">✓ ${t(L, 'paid')}</span></h2>
    <p class="muted">${esc(rc.hospital)} · ${t(L, 'invoice')} <b data-testid="invoice">${esc(rc.invoice)}</b> · ${esc(rc.visit_date)}<br>
      ${t(L, 'authorization')} <span class="mono" data-testid="authorization">${esc(rc.authorization)}</span></p>
    <table><tbody>${rc.lines.map((l) => `<tr><td>${esc(l.class)}</td><td>${esc(l.name)}</td><td class="num">${money(l.amount)}</td></tr>`).join('')}
      <tr><th>${t(L, 'total')}</th><td></td><td class="num">${money(rc.total)}</td></tr>
      <tr><td></td><td>${t(L, 'fund')} / ${t(L, 'account')} / ${t(L, 'cash')}</td><td class="num">${money(rc.fund)} / ${money(rc.account)} / ${money(rc.cash)}</td></tr></tbody></table>
    <p class="muted mono">signed by ${esc(r.issuer)}</p>`;
}

function renderOutpatient() {
  const L = S.lang;
  const sec = $('#step-outpatient');
  sec.hidden = !(S.lastPaid && S.rxs.length);
  if (sec.hidden) return;
  sec.innerHTML = `<h2>6 · ${t(L, 'outpatient')}</h2>` + S.rxs.map((rx) => `<div class="row">
      <span>${t(L, 'prescription')} <b>${esc(rx.id)}</b> · ${rx.lines.length} · ${money(rx.lines.reduce((s, l) => s + l.unit_price_fen * l.quantity, 0))}</span>
      ${rx.paid ? `<span class="ok">✓ ${t(L, 'paid')}</span>` : `<button class="rx-btn" data-rx="${esc(rx.id)}"${S.order ? ' disabled' : ''}>${t(L, 'pay_rx_btn')}</button>`}</div>`).join('');
  for (const b of sec.querySelectorAll('.rx-btn')) b.onclick = () => run(() => payPrescription(b.dataset.rx));
}

function renderWallet() {
  const L = S.lang;
  const sec = $('#step-wallet');
  const c = S.client;
  sec.hidden = !(c && c.wallet);
  if (sec.hidden) return;
  const list = c.walletList().receipts;
  const v = S.walletCheck;
  sec.innerHTML = `<h2>${t(L, 'wallet')} · <span data-testid="wallet-count">${list.length}</span> ${t(L, 'entries')}</h2>
    <table><tbody>${list.map((x) => `<tr><td>#${x.index}</td><td>${esc(x.receipt.visit_date)}</td><td>${esc(x.receipt.invoice)}</td><td class="num">${money(x.receipt.total)}</td><td class="num">${money(x.receipt.fund)}</td></tr>`).join('')}</tbody></table>
    <p class="${v && v.valid ? 'ok' : 'bad'}" data-testid="wallet-valid">${v && v.valid ? `✓ ${t(L, 'wallet_ok')}` : `✗ ${t(L, 'wallet_bad')}: ${esc(v && v.problem)}`} · counter ${v ? v.counter : '-'}</p>`;
}

function renderStatus() {
  const L = S.lang;
  const sec = $('#step-status');
  const c = S.client;
  const notes = c && Object.keys(c.timelines).length ? c.renderAll(L, 480) : [];
  sec.hidden = !notes.length;
  if (sec.hidden) return;
  const due = c.due(30, L, 480).items;
  sec.innerHTML = `<h2>${t(L, 'status')}</h2><ul class="notes" data-testid="notes">${notes.map((n) => `<li><b>${esc(n.title)}</b> — ${esc(n.body)}</li>`).join('')}</ul>`
    + (due.length ? `<ul class="notes">${due.map((d) => `<li class="bad">${esc(d.message)}</li>`).join('')}</ul>` : '');
}

function renderFlow() {
  const c = S.client;
  const name = S.orderFlow || 'registration';
  const st = c && c.flowState[name];
  $('#flow').innerHTML = st && S.view ? `${t(S.lang, 'next_step')}: <b data-testid="flow-step">${esc(S.view.current)}</b> (${esc(name)})` : '';
}

function render() {
  const L = S.lang;
  document.documentElement.lang = L;
  $('#title').textContent = t(L, 'title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(L, el.dataset.t);
  $('#lang').value = L;
  renderVerify();
  renderBook();
  renderForm();
  renderEstimate();
  renderReceipt();
  renderOutpatient();
  renderWallet();
  renderStatus();
  renderFlow();
  $('#footer').textContent = S.client ? `medins ${S.client.sdk.version().version} · ${S.client.config.hospital.name[L === 'zh' ? 'zh' : 'en']} · ${location.origin}` : '';
}

// --- the steps ---------------------------------------------------------------
async function verify() {
  const c = S.client;
  c.createDevice(pin());
  S.view = c.flowStart('registration');
  await c.enroll($('#pid').value.trim(), $('#pname').value.trim());
  S.me = await c.me();
  S.view = c.flowAdvance('registration', null, { patient: c.claims.sub });
  S.cat = await c.catalogue();
  await syncStatus();
}

// What the booking section completes each step of the registration flow
// with, by step kind; the flow's order decides which comes when.
const BOOKING = {
  select_site: () => ({ site: S.sel.site }),
  select_department: () => ({ department: S.sel.department }),
  select_doctor: () => ({ doctor: S.sel.doctor }),
  select_slot: () => ({ slot: S.sel.slot }),
  confirm: () => ({}),
  choose_insurance: () => ({ insurance: 'beijing' }),
};

async function book() {
  const c = S.client;
  if (!c.unlocked()) c.unlockDevice({ pin: pin() });
  // Each booking is a new instance of the signed registration flow; identity is already verified.
  S.view = c.flowStart('registration');
  S.view = c.flowAdvance('registration', null, { patient: c.claims.sub });
  await drive();
}

// Runs the registration flow on from where it stands until a step needs the
// patient: a form (the generic page) or authorize (the estimate's button).
async function drive() {
  const c = S.client;
  for (;;) {
    const v = S.view;
    if (isForm(v)) {
      const catalogues = {};
      for (const fl of v.page.fields)
        if (fl.catalogue) catalogues[fl.name] = (await c.api('GET', `/api/catalogues/${fl.catalogue}`, { auth: false })).options;
      S.form = { flow: 'registration', view: v, values: {}, problems: {}, catalogues };
      return;
    }
    if (BOOKING[v.step]) {
      S.view = c.flowAdvance('registration', null, BOOKING[v.step]());
    } else if (v.step === 'estimate') {
      S.order = await c.createOrder({ kind: 'registration', slot_id: S.sel.slot, lang: S.lang });
      S.orderFlow = 'registration';
      S.view = c.flowAdvance('registration', null, { order_id: S.order.order.order_id });
      await syncStatus();
    } else {
      return;
    }
  }
}

// The generic page's button: the core checks the fields against the step's
// rules (flow.field_* codes, every field at fault in `problems`).
async function submitForm() {
  const f = S.form;
  const data = {};
  for (const fl of f.view.page.fields) {
    const v = f.values[fl.name];
    if (v !== undefined && v !== '') data[fl.name] = v;
  }
  f.problems = {};
  try {
    S.view = S.client.flowAdvance(f.flow, null, data);
  } catch (e) {
    for (const p of (e.detail && e.detail.problems) || []) f.problems[p.field] = p.code;
    throw e;
  }
  S.form = null;
  await drive();
}

async function payPrescription(id) {
  const c = S.client;
  if (!c.unlocked()) c.unlockDevice({ pin: pin() });
  S.view = c.flowStart('outpatient-payment');
  S.view = c.flowAdvance('outpatient-payment', null, { site: S.rxs.find((r) => r.id === id).site });
  S.view = c.flowAdvance('outpatient-payment', null, { prescription_id: id });
  S.order = await c.createOrder({ kind: 'outpatient_payment', prescription_id: id, lang: S.lang });
  S.orderFlow = 'outpatient-payment';
  S.view = c.flowAdvance('outpatient-payment', null, { order_id: S.order.order.order_id });
}

async function authorizeAndPay() {
  const c = S.client;
  if (!c.unlocked()) c.unlockDevice({ pin: pin() });
  const o = S.order;
  const g = c.createGrant(o);
  S.view = c.flowAdvance(S.orderFlow, null, { grant_verified: true, jti: g.jti });
  const paid = await c.pay(o.order.order_id, g.grant);
  S.view = c.flowAdvance(S.orderFlow, null, { paid: true });
  S.receipt = c.openReceipt(paid.sealed_receipt);
  c.walletAdd(paid.sealed_receipt);
  S.walletCheck = c.walletVerify();
  S.lastPaid = { kind: o.order.kind, order_id: o.order.order_id, authorization: paid.authorization.number };
  S.order = null;
  S.cat = await c.catalogue();
  S.rxs = (await c.prescriptions()).prescriptions;
  await syncStatus();
}

async function syncStatus() {
  await S.client.syncStatus(S.lang, 480);
}

// --- start -------------------------------------------------------------------
$('#lang').onchange = (ev) => {
  S.lang = ev.target.value;
  localStorage.setItem('medins.lang', S.lang);
  render();
};

// The unlocked device key lives no longer than the visit: a hidden tab is over.
document.addEventListener('visibilitychange', () => {
  if (document.hidden && S.client) S.client.lock();
});

render();
run(async () => {
  const sdk = await load();
  S.client = new PatientClient({ sdk, baseUrl: location.origin });
  await S.client.init();
  document.body.dataset.ready = '1';
});
