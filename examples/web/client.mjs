// The patient side of the journey against the reference hospital backend,
// runtime-neutral (fetch + a loaded medins Sdk): the web demo, the Node demo
// (examples/node/demo.mjs) and the tests all drive the backend through it.
// The PIN goes only into medins calls and is not kept: it unlocks the device
// key once (device.unlock) and the ops use the session until lock(); nothing
// here logs either.

export class ApiError extends Error {
  constructor(status, error) {
    super(error && error.message ? error.message : `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error && error.code;
    this.detail = error;
  }
}

export class PatientClient {
  /**
   * sdk: a loaded medins Sdk; baseUrl: the backend as the client calls it
   * (proofs are bound to this exact URL); fetch: defaults to globalThis.fetch.
   */
  constructor({ sdk, baseUrl, fetch: fetchFn }) {
    this.sdk = sdk;
    this.base = baseUrl.replace(/\/$/, '');
    this.fetch = fetchFn || globalThis.fetch.bind(globalThis);
    this.device = null;        // {device, public, kpid} from device.create
    this.session = null;       // {session, expires} of device.unlock
    this.identityToken = null;
    this.claims = null;
    this.wallet = null;
    this.walletCounter = 0;    // kept outside the wallet: min_counter of the next call
    this.timelines = {};
    this.flowState = {};
  }

  // --- HTTP ---
  async api(method, path, { body, headers = {}, auth = true } = {}) {
    const h = { ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (auth && this.identityToken && !h.authorization) h.authorization = `Bearer ${this.identityToken}`;
    const res = await this.fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const out = await res.json();
    if (!res.ok) throw new ApiError(res.status, out && out.error);
    return out;
  }

  /** Fetches what the app trusts and runs on: keys, the signed policy and flows. */
  async init() {
    this.config = await this.api('GET', '/api/config', { auth: false });
    this.policy = await this.api('GET', '/api/policy', { auth: false });
    this.flows = {};
    for (const name of this.config.flows) this.flows[name] = await this.api('GET', `/api/flows/${name}`, { auth: false });
    // Check the signatures now rather than at first use.
    this.sdk.verifyPolicy({ policy_bundle: this.policy.policy_bundle, keys: this.config.keys.hospital });
    for (const f of Object.values(this.flows)) this.sdk.validateFlow({ definition: f.token, keys: this.config.keys.hospital });
    return this.config;
  }

  // --- device and identity ---
  /** device.create under a PIN, then unlocked; `costs` ({memlimit, opslimit}) picks another Argon2id pair at or above OWASP's floor (docs/identity.md). */
  createDevice(pin, costs = {}) {
    this.device = this.sdk.createDevice({ pin, ...costs });
    this.unlockDevice({ pin });
    return { public: this.device.public, kpid: this.device.kpid };
  }

  /** One Argon2id for the visit: `unlock` is {pin} or {platform_key}. */
  unlockDevice(unlock, ttlS = 600) {
    const opened = this.sdk.unlock({ device_key: this.device.device, unlock, ttl_s: ttlS });
    if (this.session) this.sdk.lock(this.session.session);
    this.session = opened;
  }

  /** True while the session is open (by this side's clock; the core has the last word). */
  unlocked() {
    return !!this.session && this.session.expires * 1000 > Date.now();
  }

  /** Wipes the unlocked device key in the core (when the page is hidden or left). */
  lock() {
    if (this.session) this.sdk.lock(this.session.session);
    this.session = null;
  }

  /** The device key as every op takes it. */
  deviceKey() {
    if (!this.session) throw Object.assign(new Error('the device is locked: unlock it with the PIN'), { code: 'demo.locked' });
    return { session: this.session.session };
  }

  /** Real-name check, then a proof of possession of the device key for a device-bound identity token. */
  async enroll(patientId, name) {
    const start = await this.api('POST', '/api/identity/start', { auth: false, body: { patient_id: patientId, name, device: this.device.public } });
    const url = `${this.base}/api/identity`;
    const { proof } = this.sdk.proveRequest({ ...this.deviceKey(), method: 'POST', url, token: start.enrollment_token, nonce: start.nonce });
    const out = await this.api('POST', '/api/identity', { headers: { authorization: `Bearer ${start.enrollment_token}`, 'medins-proof': proof } });
    // Verify what we got, as the app would before trusting it.
    const verified = this.sdk.verifyIdentity({ token: out.identity_token, keys: this.config.keys.identity, audience: this.config.audience, issuer: this.config.issuer });
    if (!verified.claims.cnf || verified.claims.cnf.kpid !== this.device.kpid) throw new Error('identity token is not bound to this device');
    this.identityToken = out.identity_token;
    this.claims = verified.claims;
    return { claims: verified.claims, kid: verified.kid };
  }

  // --- flows ---
  flowStart(name, now) {
    const view = this.sdk.startFlow({ definition: this.flows[name].token, keys: this.config.keys.hospital, ...(now ? { now } : {}) });
    this.flowState[name] = view.state;
    return view;
  }

  flowAdvance(name, to, data) {
    const view = this.sdk.advanceFlow({ definition: this.flows[name].token, keys: this.config.keys.hospital, state: this.flowState[name],
      ...(to ? { to } : {}), ...(data ? { data } : {}) });
    this.flowState[name] = view.state;
    return view;
  }

  // --- the HIS ---
  catalogue() { return this.api('GET', '/api/catalogue', { auth: false }); }
  me() { return this.api('GET', '/api/me'); }
  prescriptions() { return this.api('GET', '/api/prescriptions'); }

  /** Asks the backend for an order; recomputes the estimate locally from the signed policy and checks the amounts. */
  async createOrder(input) {
    const res = await this.api('POST', '/api/orders', { body: input });
    const local = this.sdk.estimate({ policy_bundle: this.policy.policy_bundle, keys: this.config.keys.hospital, accumulators: res.accumulators, bill: res.bill,
      ...(res.coverage ? { coverage: { token: res.coverage, keys: this.config.keys.coverage } } : {}) });
    const t = local.totals;
    const a = res.order.amounts;
    const agrees = t.fund_pay_fen === a.fund_fen && t.account_pay_fen === a.account_fen && t.cash_pay_fen === a.cash_fen;
    return { ...res, local, agrees };
  }

  /** The patient consents: the device key signs a grant over exactly this order. */
  createGrant(orderRes) {
    return this.sdk.call('grant.create', {
      ...this.deviceKey(), identity_token: this.identityToken,
      order: orderRes.order, scope: orderRes.scope, amounts: orderRes.order.amounts, consent_text: orderRes.consent_text,
    });
  }

  /** rail: what the hospital's settlement rail needs from the app (opaque here; examples/hospital-backend/settlement/). */
  pay(orderId, grant, rail) { return this.api('POST', '/api/pay', { body: { order_id: orderId, grant, rail } }); }
  receipts() { return this.api('GET', '/api/receipts'); }

  // --- receipts and the wallet ---
  opener() { return this.deviceKey(); }

  openReceipt(sealed) {
    return this.sdk.openReceipt({ sealed, issuers: this.config.keys.receipts, ...this.opener() });
  }

  walletAdd(sealed) {
    const out = this.sdk.addToWallet({ wallet: this.wallet, sealed, issuers: this.config.keys.receipts, min_counter: this.walletCounter, ...this.opener() });
    this.wallet = out.wallet;
    this.walletCounter = out.counter;
    return out;
  }

  walletList(filter = {}) {
    return this.sdk.listWallet({ wallet: this.wallet, min_counter: this.walletCounter, ...filter, ...this.opener() });
  }

  walletGet(index) {
    return this.sdk.getFromWallet({ wallet: this.wallet, index, min_counter: this.walletCounter, ...this.opener() });
  }

  walletVerify(wallet = this.wallet) {
    return this.sdk.verifyWallet({ wallet, min_counter: this.walletCounter, ...this.opener() });
  }

  walletSummary() {
    return this.sdk.summarizeWallet({ wallet: this.wallet, min_counter: this.walletCounter, ...this.opener() });
  }

  /** The insurer-signed coverage credential, verified here against the insurer's keys. */
  async coverage() {
    const { token } = await this.api('GET', '/api/coverage');
    return { token, ...this.sdk.verifyCoverage({ token, keys: this.config.keys.coverage }) };
  }

  // --- complaints (docs/complaints.md) ---
  /**
   * Signs a complaint with the device key, bound to the patient's identity
   * token, and seals it to the insurer: `draft` is complaint.create's input
   * without the keys ({estimate, receipt, facts} for a flagged charge).
   */
  createComplaint(draft) {
    return this.sdk.createComplaint({ ...draft, insurer: this.config.keys.complaints, identity_token: this.identityToken, ...this.deviceKey() });
  }

  /** Sends a sealed complaint to the insurer; it answers with the complaint's first state. */
  sendComplaint(sealed) {
    return this.api('POST', '/api/complaints', { body: { sealed } });
  }

  // --- status notifications ---
  /** Applies every event the backend has for this patient; returns the notifications of newly applied ones. */
  async syncStatus(lang = 'zh', tzOffsetMin = 480) {
    const { events } = await this.api('GET', '/api/status');
    const notifications = [];
    for (const event of events) {
      const out = this.sdk.applyStatus({ event, keys: this.config.keys.status, timelines: this.timelines, lang, tz_offset_min: tzOffsetMin });
      this.timelines = out.timelines;
      if (!out.duplicate && out.notification) notifications.push(out.notification);
    }
    return notifications;
  }

  /** The current notification of every timeline, rendered in `lang`. */
  renderAll(lang = 'zh', tzOffsetMin = 480) {
    return Object.values(this.timelines).map((timeline) => this.sdk.renderStatus({ timeline, lang, tz_offset_min: tzOffsetMin }));
  }

  due(days = 30, lang = 'zh', tzOffsetMin = 480) {
    return this.sdk.dueStatus({ timelines: this.timelines, days, lang, tz_offset_min: tzOffsetMin });
  }
}
