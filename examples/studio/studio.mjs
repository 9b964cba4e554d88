// The flow studio: hospital staff build a flow (steps, titles, form fields,
// branches), see flow.validate's findings live from the same wasm core the
// apps run, preview each step as the patient will see it, and have the
// backend sign it with the hospital key as a new version (the key never
// reaches this page); an earlier version can be published again.
// Format: docs/flows.md. Served by the reference backend at /studio/.
import { load } from '../js-glue/src/browser.mjs';

const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const LANGS = ['en', 'zh', 'ru', 'bg', 'it'];
const KINDS = ['verify_identity', 'select_site', 'select_department', 'select_doctor', 'select_slot', 'confirm',
  'choose_insurance', 'estimate', 'authorize', 'pay', 'select_prescription', 'custom', 'done'];
const TYPES = ['text', 'number', 'choice', 'date', 'phone', 'resident_id', 'consent'];
// The rules that belong to one type only (flow.validate refuses them elsewhere).
const RULES = { min_length: 'text', max_length: 'text', min: 'number', max: 'number', decimals: 'number', options: 'choice', catalogue: 'choice', text: 'consent' };

const S = { sdk: null, def: { id: 'new.flow', version: 1, steps: [] }, sel: -1, finding: null, digest: '', versions: null, busy: false };
window.medinsStudio = S;  // for the end-to-end test: read-only inspection

const stepId = (s) => s.name || s.step;
const textIn = (L, x) => (x ? x[L] || x.en || '' : '');

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Staff ${$('#staff').value}` },
    body: body ? JSON.stringify(body) : undefined,
  });
  const out = await res.json();
  if (!res.ok) throw Object.assign(new Error(out.error.message), { code: out.error.code });
  return out;
}

function validate() {
  try {
    S.digest = S.sdk.validateFlow({ definition: S.def }).digest;
    S.finding = null;
  } catch (e) {
    S.finding = { code: e.code, message: e.message, ...(e.detail || {}) };
  }
}

// --- rendering ---------------------------------------------------------------
function renderFindings() {
  const f = S.finding;
  $('#findings').innerHTML = f
    ? `<span class="bad">✗ <b data-testid="finding-code">${esc(f.code)}</b> — ${esc(f.message)}</span>`
      + `<br><span class="muted">${f.step ? `step ${esc(f.step)}` : ''}${f.field ? ` · field ${esc(f.field)}` : ''}${f.path ? ` · ${esc(f.path)}` : ''}</span>`
    : `<span class="ok" data-testid="valid">✓ valid</span> <span class="muted mono">digest ${esc(S.digest)}</span>`;
  $('#sign-btn').disabled = !!f;
}

function renderSteps() {
  $('#flow-id').value = S.def.id;
  $('#flow-version').value = S.def.version;
  $('#steps').innerHTML = S.def.steps.map((s, i) => `<li class="${i === S.sel ? 'sel' : ''}">
    <a href="#" data-sel="${i}">${esc(stepId(s))}</a> <span class="muted">${esc(s.step)}${s.fields ? ` · ${s.fields.length} fields` : ''}</span>
    <button class="small" data-up="${i}">↑</button><button class="small" data-down="${i}">↓</button><button class="small" data-del="${i}">✕</button></li>`).join('');
}

const texts = (path, obj) => `<div class="row">${LANGS.map((l) => `<input class="t" data-path="${path}.${l}" placeholder="${l}" value="${esc(obj?.[l])}">`).join('')}</div>`;

function renderEditor() {
  const s = S.def.steps[S.sel];
  $('#step-id').textContent = s ? stepId(s) : '';
  if (!s) { $('#editor').innerHTML = '<p class="muted">Select a step.</p>'; return; }
  const p = `steps.${S.sel}`;
  const ids = S.def.steps.map(stepId);
  $('#editor').innerHTML = `<div class="row"><label>title</label></div>${texts(`${p}.title`, s.title)}
    <div class="row"><label>help</label></div>${texts(`${p}.help`, s.help)}
    <div class="row"><label>optional</label><input type="checkbox" data-path="${p}.optional"${s.optional ? ' checked' : ''}></div>`
    + (s.fields || []).map((f, j) => {
      const q = `${p}.fields.${j}`;
      return `<div class="field"><div class="row"><label>field</label><input data-path="${q}.name" value="${esc(f.name)}" size="12">
        <select data-path="${q}.type" data-restructure="1">${TYPES.map((t) => `<option${t === f.type ? ' selected' : ''}>${t}</option>`).join('')}</select>
        <label><input type="checkbox" data-path="${q}.required"${f.required ? ' checked' : ''}> required</label>
        <button class="small" data-del-field="${j}">✕</button></div>
        <div class="row"><label>label</label></div>${texts(`${q}.label`, f.label)}`
        + (f.type === 'consent' ? `<div class="row"><label>consent text</label></div>${texts(`${q}.text`, f.text)}` : '')
        + (f.type === 'choice' ? `<div class="row"><label>options</label><input data-options="${q}" value="${esc((f.options || []).map((o) => o.value).join(','))}" placeholder="a,b,c (labels: the values)">
            <label>or catalogue</label><input data-path="${q}.catalogue" value="${esc(f.catalogue)}" size="10"></div>` : '')
        + (f.type === 'text' ? `<div class="row"><label>length</label><input data-path="${q}.min_length" data-int="1" value="${esc(f.min_length)}" size="4"> – <input data-path="${q}.max_length" data-int="1" value="${esc(f.max_length)}" size="4"></div>` : '')
        + (f.type === 'number' ? `<div class="row"><label>min / max</label><input data-path="${q}.min" value="${esc(f.min)}" size="6"> – <input data-path="${q}.max" value="${esc(f.max)}" size="6"><label>decimals</label><input data-path="${q}.decimals" data-int="1" value="${esc(f.decimals)}" size="2"></div>` : '')
        + '</div>';
    }).join('')
    + `<div class="row"><button id="add-field">Add field</button></div>`
    + (s.branches || []).map((b, j) => `<div class="row"><label>branch</label>if <input data-path="${p}.branches.${j}.field" value="${esc(b.field)}" size="10">
        = <input data-path="${p}.branches.${j}.equals" value="${esc(b.equals)}" size="8"> → <select data-path="${p}.branches.${j}.to">${ids.map((id) => `<option${id === b.to ? ' selected' : ''}>${esc(id)}</option>`).join('')}</select>
        <button class="small" data-del-branch="${j}">✕</button></div>`).join('')
    + `<div class="row"><button id="add-branch">Add branch</button></div>`;
}

function renderPreview() {
  const L = $('#preview-lang').value;
  const s = S.def.steps[S.sel];
  if (!s) { $('#preview').innerHTML = ''; return; }
  if (!s.fields) { $('#preview').innerHTML = `<p class="muted">${esc(s.step)}: a page of the app${s.title ? ` titled “${esc(textIn(L, s.title))}”` : ''}</p>`; return; }
  $('#preview').innerHTML = `<h2>${esc(textIn(L, s.title))}</h2>${s.help ? `<p class="muted">${esc(textIn(L, s.help))}</p>` : ''}`
    + s.fields.map((f) => `<div class="row"><label>${esc(textIn(L, f.label))}${f.required ? ' *' : ''}</label>${f.type === 'consent'
      ? `<span class="muted">${esc(textIn(L, f.text))}</span> <input type="checkbox" disabled>`
      : f.type === 'choice' ? `<select disabled>${(f.options || []).map((o) => `<option>${esc(textIn(L, o.label))}</option>`).join('') || `<option>${esc(f.catalogue || '')} …</option>`}</select>`
        : `<input disabled placeholder="${esc(f.type)}">`}</div>`).join('')
    + '<button disabled>Next</button>';
}

function renderVersions() {
  const h = S.versions && S.versions[$('#flow-name').value];
  $('#versions').innerHTML = h ? h.versions.map((v) => `<li>v${v.n} · ${esc(v.id)} version ${v.version} · ${v.steps} steps
    ${v.n === h.current ? '<b class="ok" data-testid="published">published</b>' : `<button class="small" data-rollback="${v.n}">Publish again</button>`}</li>`).join('') : '';
}

function render() {
  validate();
  renderSteps();
  renderEditor();
  renderFindings();
  renderPreview();
  renderVersions();
}

// --- editing -----------------------------------------------------------------
// data-path="steps.1.fields.0.label.en": where an input's value goes. An
// emptied text is removed, so a missing translation shows as one.
function setPath(path, value) {
  const keys = path.split('.');
  let o = S.def;
  for (let i = 0; i < keys.length - 1; i++) o = o[keys[i]] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
  const last = keys.at(-1);
  if (value === '' || value === false || value === null) delete o[last];
  else o[last] = value;
  // An emptied text object goes too (a step without help has no `help`).
  if (keys.length > 2 && LANGS.includes(last) && Object.keys(o).length === 0) setPath(keys.slice(0, -1).join('.'), '');
}

function onEdit(el) {
  if (el.dataset.options) {
    const values = el.value.split(',').map((v) => v.trim()).filter(Boolean);
    setPath(`${el.dataset.options}.options`, values.length ? values.map((v) => ({ value: v, label: Object.fromEntries(LANGS.map((l) => [l, v])) })) : '');
  } else if (el.dataset.path) {
    let v = el.type === 'checkbox' ? el.checked : el.value;
    if (el.dataset.int && v !== '') v = Number(v);
    setPath(el.dataset.path, v);
    if (el.dataset.restructure) {
      const field = el.dataset.path.split('.').slice(0, -1).reduce((o, k) => o[k], S.def);
      for (const [rule, type] of Object.entries(RULES)) if (type !== field.type) delete field[rule];
    }
  } else if (el.id === 'flow-id') {
    S.def.id = el.value;
  } else if (el.id === 'flow-version') {
    S.def.version = Number(el.value);
  } else if (el.id === 'preview-lang') {
    return renderPreview();
  } else {
    return;
  }
  validate();
  renderFindings();
  renderPreview();
  if (el.dataset.restructure || el.dataset.path?.endsWith('.name')) { renderSteps(); if (el.dataset.restructure) renderEditor(); }
}

document.addEventListener('input', (ev) => onEdit(ev.target));
document.addEventListener('change', (ev) => { if (ev.target.tagName === 'SELECT' || ev.target.type === 'checkbox') onEdit(ev.target); });

async function act(fn) {
  if (S.busy) return;
  S.busy = true;
  document.body.dataset.busy = '1';
  try {
    await fn();
    $('#signed').textContent = S.note || '';
  } catch (e) {
    $('#signed').innerHTML = `<span class="bad">${esc(e.code)} — ${esc(e.message)}</span>`;
  } finally {
    S.note = '';
    S.busy = false;
    delete document.body.dataset.busy;
    render();
  }
}

document.addEventListener('click', (ev) => {
  const d = ev.target.dataset || {};
  const steps = S.def.steps;
  const swap = (i, j) => { if (j >= 0 && j < steps.length) [steps[i], steps[j]] = [steps[j], steps[i]]; S.sel = j >= 0 && j < steps.length ? j : i; };
  if (d.sel !== undefined) { ev.preventDefault(); S.sel = Number(d.sel); }
  else if (d.up !== undefined) swap(Number(d.up), Number(d.up) - 1);
  else if (d.down !== undefined) swap(Number(d.down), Number(d.down) + 1);
  else if (d.del !== undefined) { steps.splice(Number(d.del), 1); S.sel = -1; }
  else if (d.delField !== undefined) { steps[S.sel].fields.splice(Number(d.delField), 1); if (!steps[S.sel].fields.length) delete steps[S.sel].fields; }
  else if (d.delBranch !== undefined) { steps[S.sel].branches.splice(Number(d.delBranch), 1); if (!steps[S.sel].branches.length) delete steps[S.sel].branches; }
  else if (ev.target.id === 'add-field') (steps[S.sel].fields ??= []).push({ name: `field${(steps[S.sel].fields?.length || 0) + 1}`, type: 'text', label: {} });
  else if (ev.target.id === 'add-branch') (steps[S.sel].branches ??= []).push({ field: steps[S.sel].fields?.[0]?.name || 'field', equals: '', to: stepId(steps.at(-1)) });
  else if (ev.target.id === 'add-btn') {
    const name = $('#add-name').value.trim();
    steps.push({ step: $('#add-kind').value, ...(name ? { name } : {}) });
    $('#add-name').value = '';
    S.sel = steps.length - 1;
  } else if (ev.target.id === 'new-btn') { S.def = { id: 'new.flow', version: 1, steps: [] }; S.sel = -1; }
  else if (ev.target.id === 'load-btn') return act(loadPublished);
  else if (ev.target.id === 'sign-btn') return act(sign);
  else if (d.rollback !== undefined) return act(() => rollback(Number(d.rollback)));
  else return;
  render();
});

async function loadPublished() {
  S.versions = await api('GET', '/api/studio/flows');
  S.def = structuredClone(S.versions[$('#flow-name').value].definition);
  S.sel = -1;
}

async function sign() {
  const out = await api('POST', '/api/studio/sign', { name: $('#flow-name').value, definition: S.def });
  S.versions = await api('GET', '/api/studio/flows');
  S.note = `signed and published as v${out.n}`;
}

async function rollback(n) {
  await api('POST', '/api/studio/rollback', { name: $('#flow-name').value, n });
  await loadPublished();
  S.note = `v${n} published again`;
}

$('#add-kind').innerHTML = KINDS.map((k) => `<option>${k}</option>`).join('');
S.sdk = await load();
render();
document.body.dataset.ready = '1';
