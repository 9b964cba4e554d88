// The patient's journey, as plain CommonJS the pages call (and the test runs
// in Node under a simulated wx): identity, booking through the hospital's
// signed flow, the local estimate with its reasons, the grant, payment, the
// sealed receipt into the wallet, and signed status notifications.
//
// The PIN unlocks the device key once per visit (device.unlock): the core keeps
// the opened key under a session that every op below uses, and wipes it when
// the app is hidden (lock(), from app.js's onHide) or after SESSION_TTL_S.
//
// What is kept in wx storage (never the PIN, never an unwrapped key or session):
//   medins.demo.device     {device, public, kpid}: the device key, wrapped under the PIN
//   medins.demo.identity   {token, claims}: the device-bound identity token
//   medins.demo.flow       {kind, state, picks}: the flow instance (resumable)
//   medins.demo.order      the last order the backend created (order, scope, bill, …)
//   medins.demo.inbox      sealed receipts not yet in the wallet
//   medins.demo.timelines  status timelines (status.apply's state)
//   medins.demo.counter    the wallet's last head counter (min_counter)
//   medins.demo.flagged    {order_id, estimate}: the last estimate that flagged a
//                          covered service charged to the patient (a complaint's evidence)
//   medins.wallet.*        the wallet (js-glue's wx wallet store)
const { createApi } = require('./api.js');
const format = require('./format.js');

const SESSION_TTL_S = 600;

const KEY = {
  device: 'medins.demo.device',
  identity: 'medins.demo.identity',
  flow: 'medins.demo.flow',
  order: 'medins.demo.order',
  inbox: 'medins.demo.inbox',
  timelines: 'medins.demo.timelines',
  flagged: 'medins.demo.flagged',
  counter: 'medins.demo.counter',
};

/** An Error carrying a stable code (medins codes pass through as they are). */
function fail(code, message, detail) {
  const e = new Error(message);
  e.code = code;
  if (detail) e.detail = detail;
  return e;
}

/**
 * options: `wx` (the global, or lib/host.js's in its shapes), `medins`
 * (require('medins') after Build npm), `load` and `walletStore` (default
 * medins.load() and medins.wxWalletStore(wx)),
 * `baseUrl`, `lang`, `tzOffsetMin`, `deviceCosts` ({memlimit, opslimit} for
 * device.create: a pair at or above OWASP's floor, docs/identity.md; default
 * medins's 19 MiB / 2 passes).
 */
function createJourney(options) {
  const wx = options.wx;
  const medins = options.medins;
  const shown = format.withMedins(medins);
  const api = createApi(wx, options.baseUrl);
  const lang = options.lang || 'zh';
  const tz = typeof options.tzOffsetMin === 'number' ? options.tzOffsetMin : 480;
  const walletStore = options.walletStore || medins.wxWalletStore(wx);
  const cache = { sdk: null, config: null, policy: null, flows: {}, catalogue: null };
  let pendingGrant = null; // {order_id, grant}: lives in memory only, ≤ 5 minutes
  let unlocked = null; // {session, expires} of device.unlock: memory only, this visit

  const read = (key) => {
    const value = wx.getStorageSync(key);
    return value === '' || value === undefined ? null : value;
  };
  const write = (key, value) => wx.setStorageSync(key, value);

  async function ready() {
    if (!cache.sdk) cache.sdk = await (options.load ? options.load() : medins.load());
    if (!cache.config) cache.config = await api.config();
    return { sdk: cache.sdk, config: cache.config };
  }

  // ---- identity --------------------------------------------------------

  function device() {
    return read(KEY.device);
  }

  /** Creates the device key inside medins, wrapped under `pin`; only the blob is stored. */
  async function createDevice(pin) {
    const { sdk } = await ready();
    const input = Object.assign({ pin }, options.deviceCosts || {});
    const made = await sdk.callAsync('device.create', input);
    const record = { device: made.device, public: made.public, kpid: made.kpid };
    write(KEY.device, record);
    wx.removeStorageSync(KEY.identity);
    return { kpid: made.kpid };
  }

  /** The stored identity, verified again locally; null when absent or no longer valid. */
  async function identity() {
    const stored = read(KEY.identity);
    if (!stored) return null;
    const { sdk, config } = await ready();
    try {
      return verifyLocally(sdk, config, stored.token);
    } catch (e) {
      if (/^token\./.test(e.code)) return null; // expired, rotated key: verify again
      throw e;
    }
  }

  function verifyLocally(sdk, config, token) {
    const verified = sdk.call('identity.verify', { token, keys: config.keys.identity, audience: config.audience, issuer: config.issuer });
    const dev = device();
    if (!verified.claims.cnf || !dev || verified.claims.cnf.kpid !== dev.kpid)
      throw fail('demo.identity_not_this_device', 'the identity token is not bound to this device');
    return { token, claims: verified.claims, kid: verified.kid };
  }

  /**
   * Real-name check at the identity provider, then a device-bound identity
   * token for a proof of possession of the device key (PIN), verified here
   * against the provider's keys before it is kept.
   */
  async function verifyIdentity({ patient_id, name, pin }) {
    const { sdk, config } = await ready();
    if (!device()) await createDevice(pin);
    const dev = device();
    const start = await api.startIdentity({ patient_id, name, device: dev.public });
    const url = api.urlOf('/api/identity');
    const { proof } = await withDeviceKey(sdk, pin, (key) => sdk.call('device.proof', Object.assign({
      method: 'POST', url, token: start.enrollment_token, nonce: start.nonce,
    }, key)));
    const issued = await api.identity(start.enrollment_token, proof);
    const verified = verifyLocally(sdk, config, issued.identity_token);
    write(KEY.identity, { token: issued.identity_token });
    return verified;
  }

  async function token() {
    const id = await identity();
    if (!id) throw fail('demo.no_identity', 'verify your identity first');
    return id.token;
  }

  // ---- the flow (hospital-signed) --------------------------------------

  const viewOf = (v) => ({ current: v.current, step: v.step, optional: v.optional, finished: v.finished, allowed: v.allowed, page: v.page || null });

  /** Whether the current step is only a form (a custom step carrying fields): the generic page shows it. */
  function formPending() {
    const v = flow();
    return !!(v && v.step === 'custom' && v.page && v.page.fields);
  }

  /** The current form step's page, with the options of catalogue choices fetched from the backend. */
  async function form() {
    if (!formPending()) throw fail('demo.no_form', 'the current step is not a form');
    const page = flow().page;
    const options = {};
    for (let i = 0; i < page.fields.length; i++) {
      const f = page.fields[i];
      if (f.catalogue) options[f.name] = (await api.choices(f.catalogue)).options;
    }
    return { step: flow().current, page, options };
  }

  // The page of each step kind; a form step has the generic page.
  const PAGE_OF = {
    verify_identity: 'identity', select_site: 'booking', select_department: 'booking', select_doctor: 'booking',
    select_slot: 'booking', confirm: 'booking', select_prescription: 'prescriptions', estimate: 'estimate',
    authorize: 'authorize', pay: 'pay',
  };

  /** The page that shows `view`'s current step. */
  function pageFor(view) {
    if (formPending()) return '/pages/form/form';
    const name = (view && PAGE_OF[view.step]) || 'index';
    return '/pages/' + name + '/' + name;
  }

  /** Completes the form step with what the patient entered; medins checks it (flow.field_* codes, `problems`). */
  async function submitForm(values) {
    if (!formPending()) throw fail('demo.no_form', 'the current step is not a form');
    return advance(flow().current, values);
  }

  async function flowDefinition(kind) {
    if (!cache.flows[kind]) cache.flows[kind] = (await api.flow(kind)).token;
    return cache.flows[kind];
  }

  /** Starts the booking (`registration`) or `outpatient-payment` flow; identity is its first step. */
  async function startFlow(kind) {
    const { sdk, config } = await ready();
    const definition = await flowDefinition(kind);
    cache.catalogue = null; // slots taken since the last booking
    const started = sdk.call('flow.start', { definition, keys: config.keys.hospital });
    let view = viewOf(started);
    write(KEY.flow, { kind, state: started.state, view, picks: {} });
    if (view.current === 'verify_identity') {
      const id = await identity();
      if (id) view = await advance('verify_identity', { verified: true });
    }
    return view;
  }

  /** Where the stored flow instance is: {current, step, optional, finished, allowed}, or null. */
  function flow() {
    const record = read(KEY.flow);
    return record ? record.view : null;
  }

  /** Completes the current step with `data` (no secrets) and moves on. */
  async function advance(step, data, to) {
    const { sdk, config } = await ready();
    const record = read(KEY.flow);
    if (!record) throw fail('demo.no_flow', 'no booking in progress');
    const definition = await flowDefinition(record.kind);
    if (record.view.current !== step)
      throw fail('demo.wrong_step', 'the flow is at ' + record.view.current + ', not ' + step, { current: record.view.current });
    const input = { definition, keys: config.keys.hospital, state: record.state, data: data || {} };
    if (to) input.to = to;
    const view = sdk.call('flow.advance', input);
    record.state = view.state;
    record.view = viewOf(view);
    write(KEY.flow, record);
    return record.view;
  }

  // ---- booking -----------------------------------------------------------

  async function catalogue() {
    if (!cache.catalogue) cache.catalogue = await api.catalogue();
    return cache.catalogue;
  }

  const byId = (list, id, what) => {
    const hit = (list || []).find((x) => x.id === id);
    if (!hit) throw fail('demo.unknown_' + what, 'no ' + what + ' ' + id);
    return hit;
  };

  /** What the patient can pick at the current booking step. */
  async function choices() {
    const record = read(KEY.flow);
    const cat = await catalogue();
    const picks = (record && record.picks) || {};
    const site = picks.site ? byId(cat.sites, picks.site, 'site') : null;
    const dept = site && picks.department ? byId(site.departments, picks.department, 'department') : null;
    const doctor = dept && picks.doctor ? byId(dept.doctors, picks.doctor, 'doctor') : null;
    return {
      sites: cat.sites,
      departments: site ? site.departments : [],
      doctors: dept ? dept.doctors : [],
      slots: doctor ? doctor.slots.filter((s) => s.available !== false) : [],
      picks,
    };
  }

  const PICK_STEP = { site: 'select_site', department: 'select_department', doctor: 'select_doctor', slot: 'select_slot' };

  /** Records a pick (`site`, `department`, `doctor`, `slot`) and completes its flow step. */
  async function pick(what, id) {
    const step = PICK_STEP[what];
    if (!step) throw fail('demo.bad_pick', 'cannot pick ' + what);
    const c = await choices();
    const list = { site: c.sites, department: c.departments, doctor: c.doctors, slot: c.slots }[what];
    byId(list, id, what);
    const view = await advance(step, { [what]: id });
    const record = read(KEY.flow);
    record.picks[what] = id;
    write(KEY.flow, record);
    return view;
  }

  /**
   * Confirms the booking and chooses Beijing medical insurance: the backend
   * creates the order (its own estimate sets the amounts).
   */
  async function confirm() {
    const record = read(KEY.flow);
    if (!record || !record.picks.slot) throw fail('demo.no_slot', 'pick a slot first');
    await advance('confirm', { slot: record.picks.slot });
    const created = await api.createOrder(await token(), { kind: 'registration', slot_id: record.picks.slot, lang });
    write(KEY.order, created);
    await applyEvents(created.events || []);
    await advance('choose_insurance', { insurance: 'beijing', order_id: created.order.order_id });
    return created;
  }

  // ---- outpatient payment (exams, drugs) -------------------------------------

  /** The patient's unpaid prescriptions, at the site picked in the flow when there is one. */
  async function prescriptions() {
    const record = read(KEY.flow);
    const site = record && record.picks.site;
    const { prescriptions: list } = await api.prescriptions(await token());
    return list.filter((rx) => !rx.paid && (!site || rx.site === site)).map((rx) => ({
      id: rx.id, site: rx.site, doctor: rx.doctor, issued_at: rx.issued_at,
      lines: rx.lines.map((l) => ({ name: l.name, class: l.class, amount: shown.money(l.unit_price_fen * l.quantity) })),
      total: shown.money(rx.lines.reduce((n, l) => n + l.unit_price_fen * l.quantity, 0)),
    }));
  }

  /** Picks a prescription to pay ("Pagamento Ambulatoriale"): the backend makes its order. */
  async function choosePrescription(id) {
    const list = await prescriptions();
    byId(list, id, 'prescription');
    await advance('select_prescription', { prescription: id });
    const record = read(KEY.flow);
    record.picks.prescription = id;
    write(KEY.flow, record);
    const created = await api.createOrder(await token(), { kind: 'outpatient_payment', prescription_id: id, lang });
    write(KEY.order, created);
    await applyEvents(created.events || []);
    return created;
  }

  // ---- estimate, grant, payment -------------------------------------------

  function order() {
    const o = read(KEY.order);
    if (!o) throw fail('demo.no_order', 'no order yet');
    return o;
  }

  /**
   * The estimate, computed here from the hospital-signed policy bundle, the
   * insurer's year-to-date figures and the order's bill; it must agree with
   * the amounts the order asks the patient to authorize.
   */
  async function estimate() {
    const { sdk, config } = await ready();
    const o = order();
    if (!cache.policy) cache.policy = (await api.policy()).policy_bundle;
    // Under the patient's coverage credential, as the hospital estimated it.
    const result = sdk.call('estimate', Object.assign({
      policy_bundle: cache.policy, keys: config.keys.hospital, accumulators: o.accumulators, bill: o.bill,
    }, o.coverage ? { coverage: { token: o.coverage, keys: config.keys.coverage } } : {}));
    const t = result.totals;
    const a = o.order.amounts;
    // The bill estimated must hold the lines of the order the grant will sign
    // (its date is the billing day, which the backend may set apart from the
    // appointment), and the split must be the amounts it asks to authorize.
    const sameBill = JSON.stringify(o.bill.lines) === JSON.stringify(o.order.lines);
    const matches = sameBill && t.fund_pay_fen === a.fund_fen && t.account_pay_fen === a.account_fen && t.cash_pay_fen === a.cash_fen;
    if (result.warnings.length) write(KEY.flagged, { order_id: o.order.order_id, estimate: result });
    return {
      estimate: result,
      matches,
      total: shown.money(t.medfee_sumamt_fen),
      split: shown.split(t, lang),
      reasons: shown.reasons(result, o.bill, lang),
      warnings: shown.warnings(result, lang),
      amounts: a,
    };
  }

  /** The patient saw the estimate and agrees: completes the flow's estimate step. */
  async function acceptEstimate() {
    const e = await estimate();
    if (!e.matches) throw fail('demo.estimate_mismatch', 'the order\'s amounts differ from the local estimate: do not authorize');
    await advance('estimate', { fund_fen: e.amounts.fund_fen, account_fen: e.amounts.account_fen, cash_fen: e.amounts.cash_fen });
    return e;
  }

  /** The consent text and amounts the patient authorizes (the authorize page). */
  function consent() {
    const o = order();
    return { text: o.consent_text, scope: o.scope, order_id: o.order.order_id, amounts: o.order.amounts,
      cash: shown.money(o.order.amounts.cash_fen), fund: shown.money(o.order.amounts.fund_fen), account: shown.money(o.order.amounts.account_fen) };
  }

  /**
   * Signs the grant with the device key (PIN) over exactly this order, scope,
   * amounts and consent text, and checks it here as the backend will.
   */
  async function authorize(pin) {
    const { sdk, config } = await ready();
    const o = order();
    const identityToken = await token();
    const made = await withDeviceKey(sdk, pin, (key) => sdk.call('grant.create', Object.assign({
      identity_token: identityToken, order: o.order, scope: o.scope,
      amounts: o.order.amounts, consent_text: o.consent_text,
    }, key)));
    // The same checks the backend runs (its replay store is its own).
    const checked = sdk.call('grant.verify', {
      grant: made.grant, identity_token: identityToken, keys: config.keys.identity, audience: config.audience,
      issuer: config.issuer, order: o.order, scope: o.scope, consent_text: o.consent_text,
    });
    pendingGrant = { order_id: o.order.order_id, grant: made.grant, exp: made.exp };
    await advance('authorize', { grant_verified: true, order_digest: made.order_digest });
    return { authorization: checked.authorization.number, exp: made.exp };
  }

  /** Pays the order with the grant; the sealed receipt waits in the inbox until opened. */
  async function pay() {
    if (!pendingGrant) throw fail('demo.no_grant', 'authorize the payment first');
    const o = order();
    const grant = pendingGrant;
    pendingGrant = null; // a grant pays once, whatever happens next
    const paid = await api.pay(await token(), { order_id: o.order.order_id, grant: grant.grant });
    const inbox = read(KEY.inbox) || [];
    inbox.push(paid.sealed_receipt);
    write(KEY.inbox, inbox);
    await applyEvents(paid.events || []);
    await advance('pay', { paid: true, authorization: paid.settlement.authorization_number });
    const s = paid.settlement;
    return {
      authorization: s.authorization_number,
      fund: shown.money(s.fund_fen), account: shown.money(s.account_fen), cash: shown.money(s.cash_fen),
      settlement: s,
    };
  }

  /** Replays a grant (a test of the backend's replay store; never done by pages). */
  function lastGrantForTests() {
    return pendingGrant;
  }

  // ---- receipts and the wallet ---------------------------------------------

  // ---- the device key: one unlock per visit -------------------------------

  /** True while this visit's session is open (the pages then ask for no PIN). */
  function isUnlocked() {
    return !!unlocked && unlocked.expires * 1000 > Date.now();
  }

  /**
   * Runs fn({session}). A PIN, when the page asked for one, opens a new
   * session (Argon2id once); without one, the open session serves. A session
   * the core no longer has (expired, locked) is forgotten, so the page asks
   * for the PIN again.
   */
  // Runs fn with the device key of this visit's session (unlocked with `pin`
  // when given). It first waits for entropy (sdk.ensureEntropy): unlocking,
  // proofs and grants draw from the pool WeChat fills asynchronously.
  async function withDeviceKey(sdk, pin, fn) {
    await sdk.ensureEntropy();
    if (pin) {
      const dev = device();
      if (!dev) throw fail('demo.no_device', 'no device key on this phone');
      const opened = sdk.unlock({ device_key: dev.device, unlock: { pin }, ttl_s: SESSION_TTL_S });
      if (unlocked) sdk.lock(unlocked.session);
      unlocked = opened;
    }
    if (!unlocked) throw fail('demo.locked', 'enter the device PIN');
    try {
      return await fn({ session: unlocked.session });
    } catch (e) {
      if (e.code === 'device.session_expired' || e.code === 'device.unknown_session') unlocked = null;
      throw e;
    }
  }

  /** Wipes this visit's device key in the core (app.js calls it from onHide). */
  function lock() {
    unlocked = null;
    if (cache.sdk) cache.sdk.lock();
  }

  function minCounter() {
    const c = read(KEY.counter);
    return typeof c === 'number' ? c : 0;
  }

  /** Opens every sealed receipt in the inbox and keeps it in the wallet. */
  async function collectReceipts(pin) {
    const { sdk, config } = await ready();
    const inbox = read(KEY.inbox) || [];
    const added = [];
    while (inbox.length > 0) {
      const sealed = inbox[0];
      let r;
      try {
        // The store passes the core the head and last record only and writes
        // the new record and head: the same cost at 10 receipts as at 5,000.
        r = await withDeviceKey(sdk, pin, (key) => walletStore.add(sdk, Object.assign({ sealed, issuers: config.keys.receipts, min_counter: minCounter() }, key)));
      } catch (e) {
        if (e.code !== 'wallet.duplicate') throw e;
        r = null;
      }
      pin = ''; // unlocked once for the whole inbox
      if (r) {
        write(KEY.counter, r.counter);
        added.push(receiptView(r.receipt, r.issuer));
      }
      inbox.shift();
      write(KEY.inbox, inbox);
    }
    return added;
  }

  /** Opens one sealed receipt (without keeping it): the hospital's signature and totals are checked. */
  async function openReceipt(sealed, pin) {
    const { sdk, config } = await ready();
    const r = await withDeviceKey(sdk, pin, (key) => sdk.call('receipt.open', Object.assign({ sealed, issuers: config.keys.receipts }, key)));
    return receiptView(r.receipt, r.issuer);
  }

  function receiptView(receipt, issuer) {
    return {
      hospital: receipt.hospital, invoice: receipt.invoice, order_id: receipt.order_id,
      authorization: receipt.authorization || null, visit_date: receipt.visit_date, issuer,
      lines: receipt.lines.map((l) => ({ name: l.name, class: l.class, amount: shown.money(l.amount) })),
      total: shown.money(receipt.total), fund: shown.money(receipt.fund), account: shown.money(receipt.account), cash: shown.money(receipt.cash),
      fen: { total: receipt.total, fund: receipt.fund, account: receipt.account, cash: receipt.cash },
    };
  }

  /** The wallet: verified (with the remembered counter), listed, totalled per year. */
  async function wallet(pin) {
    const { sdk } = await ready();
    const state = await walletStore.load();
    if (!state) return { valid: true, count: 0, receipts: [], years: [] };
    const check = await withDeviceKey(sdk, pin, (key) => sdk.call('wallet.verify', Object.assign({ wallet: state, min_counter: minCounter() }, key)));
    if (!check.valid) return { valid: false, problem: check.problem, entry: check.entry, count: check.count, receipts: [], years: [] };
    const listed = await withDeviceKey(sdk, '', (key) => sdk.call('wallet.list', Object.assign({ wallet: state, min_counter: minCounter() }, key)));
    const summary = await withDeviceKey(sdk, '', (key) => sdk.call('wallet.summary', Object.assign({ wallet: state, min_counter: minCounter() }, key)));
    return {
      valid: true, count: check.count, counter: check.counter,
      receipts: listed.receipts.map((x) => Object.assign({ index: x.index }, receiptView(x.receipt, x.issuer))),
      years: summary.years.map((y) => ({ year: y.year, count: y.count, total: shown.money(y.total), fund: shown.money(y.fund), account: shown.money(y.account), cash: shown.money(y.cash) })),
    };
  }

  // ---- coverage (docs/coverage.md) ------------------------------------------

  /**
   * What the patient is covered for: the insurer-signed credential, verified
   * here against the insurer's keys, as rows for the coverage page.
   */
  async function coverage() {
    const { sdk, config } = await ready();
    const { token: credential } = await api.coverage(await token());
    const verified = sdk.call('coverage.verify', { token: credential, keys: config.keys.coverage });
    const c = verified.coverage;
    return {
      active: verified.active, kid: verified.kid,
      scheme: c.scheme, category: c.member_category, region: c.admdvs, insutype: c.insutype,
      from: c.valid_from, until: c.valid_until,
      conditions: (c.conditions || []).map((x) => ({ code: x.code, from: x.from, until: x.until || '' })),
      care: c.long_term_care ? { level: c.long_term_care.level, from: c.long_term_care.from, until: c.long_term_care.until || '' } : null,
      guardian: c.guardian || null,
    };
  }

  // ---- complaints (docs/complaints.md) ---------------------------------------

  /** The lines the last flagged estimate says the patient pays for though the policy covers them in full. */
  function flaggedCharges() {
    const flagged = read(KEY.flagged);
    if (!flagged) return { order_id: null, lines: [] };
    return {
      order_id: flagged.order_id,
      lines: flagged.estimate.warnings.map((w) => ({ line: w.line, code: w.item_code, class: w.class, amount: shown.money(w.self_pay_fen), fen: w.self_pay_fen })),
    };
  }

  /**
   * Complains to the insurer about the flagged charge: the estimate and the
   * paid order's receipt (from the wallet) as evidence, the patient's text,
   * signed by the device key with the identity token and sealed to the
   * insurer; the insurer's first answers arrive as status events.
   */
  async function complain({ text, pin }) {
    const { sdk, config } = await ready();
    const flagged = read(KEY.flagged);
    if (!flagged) throw fail('demo.nothing_flagged', 'no estimate flagged a charge for a covered service');
    const state = await walletStore.load();
    if (!state) throw fail('demo.no_receipt', 'keep the receipt of this order in the wallet first');
    const identityToken = await token();
    const made = await withDeviceKey(sdk, pin, async (key) => {
      const listed = sdk.call('wallet.list', Object.assign({ wallet: state, min_counter: minCounter() }, key));
      const entry = listed.receipts.find((x) => x.receipt.order_id === flagged.order_id);
      if (!entry) throw fail('demo.no_receipt', 'keep the receipt of this order in the wallet first');
      const receipt = sdk.call('wallet.get', Object.assign({ wallet: state, index: entry.index, min_counter: minCounter() }, key));
      return sdk.callAsync('complaint.create', Object.assign({
        estimate: flagged.estimate, receipt: { token: receipt.token }, facts: { text },
        identity_token: identityToken, insurer: config.keys.complaints,
      }, key));
    });
    const sent = await api.complain(identityToken, { sealed: made.sealed });
    wx.removeStorageSync(KEY.flagged);
    const { events } = await api.status(identityToken);
    await applyEvents(events);
    return {
      complaint_id: made.complaint_id, state: sent.state, evidence_valid: sent.evidence_valid,
      claimed: shown.money(made.complaint.amount_claimed_fen),
      charged: sent.covered_charged ? shown.money(sent.covered_charged.total_fen) : null,
    };
  }

  // ---- status notifications -------------------------------------------------

  async function applyEvents(events) {
    const { sdk, config } = await ready();
    let timelines = read(KEY.timelines) || {};
    const notes = [];
    const problems = [];
    for (const event of events) {
      try {
        const r = sdk.call('status.apply', { event, keys: config.keys.status, timelines, lang, tz_offset_min: tz });
        timelines = r.timelines;
        if (r.notification && !r.duplicate) notes.push(r.notification);
      } catch (e) {
        problems.push({ code: e.code, message: e.message });
      }
    }
    write(KEY.timelines, timelines);
    return { notifications: notes, problems };
  }

  /** Fetches the patient's signed events, applies the new ones, lists every subject's state and what is due. */
  async function notifications(days) {
    const { sdk } = await ready();
    const { events } = await api.status(await token());
    const applied = await applyEvents(events);
    const timelines = read(KEY.timelines) || {};
    const current = Object.keys(timelines).map((k) => sdk.call('status.render', { timeline: timelines[k], lang, tz_offset_min: tz }))
      .sort((x, y) => y.at - x.at)
      .map((n) => Object.assign({ when: format.dateTime(n.at, tz) }, n));
    const due = sdk.call('status.due', { timelines, days: typeof days === 'number' ? days : 30, lang, tz_offset_min: tz });
    return { current, due: due.items, fresh: applied.notifications, problems: applied.problems };
  }

  return {
    ready, device, createDevice, identity, verifyIdentity,
    startFlow, flow, advance, formPending, form, submitForm, pageFor, catalogue, choices, pick, confirm, prescriptions, choosePrescription,
    estimate, acceptEstimate, consent, authorize, pay, lastGrantForTests,
    collectReceipts, openReceipt, wallet, notifications, applyEvents, coverage, flaggedCharges, complain,
    isUnlocked, lock,
    inbox: () => read(KEY.inbox) || [],
    flowRecord: () => read(KEY.flow),
    KEY,
  };
}

module.exports = { createJourney, KEY };
