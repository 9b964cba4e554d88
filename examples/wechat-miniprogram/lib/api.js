// The hospital backend's HTTP API (examples/hospital-backend/README.md) over
// wx.request. Every answer that is not 2xx becomes an Error with the
// backend's error code (medins codes stay medins codes: grant.replayed, …).

function request(wx, args) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: args.url,
      method: args.method,
      data: args.data,
      header: Object.assign({ 'content-type': 'application/json' }, args.header || {}),
      dataType: 'json',
      success(res) {
        if (res.statusCode >= 200 && res.statusCode < 300) return resolve(res.data);
        const error = (res.data && res.data.error) || {};
        const e = new Error(error.message || ('HTTP ' + res.statusCode));
        e.code = error.code || 'http.' + res.statusCode;
        e.statusCode = res.statusCode;
        e.detail = error;
        reject(e);
      },
      fail(err) {
        const e = new Error('the hospital backend did not answer: ' + (err && err.errMsg));
        e.code = 'http.unreachable';
        reject(e);
      },
    });
  });
}

/**
 * `session()` returns {token} for patient endpoints; `prove({method, url,
 * token, nonce})` returns a device proof for endpoints that need one.
 */
function createApi(wx, baseUrl) {
  const base = baseUrl.replace(/\/+$/, '');
  const get = (path, token) => request(wx, { url: base + path, method: 'GET', header: token ? { Authorization: 'Bearer ' + token } : {} });
  const post = (path, body, token, proof) => {
    const header = {};
    if (token) header.Authorization = 'Bearer ' + token;
    if (proof) header['Medins-Proof'] = proof;
    return request(wx, { url: base + path, method: 'POST', data: body, header });
  };
  return {
    base,
    /** The URL a device proof must name for `path` (as this client calls it). */
    urlOf: (path) => base + path,
    config: () => get('/api/config'),
    policy: () => get('/api/policy'),
    flow: (kind) => get('/api/flows/' + kind),
    catalogue: () => get('/api/catalogue'),
    choices: (name) => get('/api/catalogues/' + name),
    startIdentity: (body) => post('/api/identity/start', body),
    identity: (enrollmentToken, proof) => post('/api/identity', {}, enrollmentToken, proof),
    me: (token) => get('/api/me', token),
    coverage: (token) => get('/api/coverage', token),
    prescriptions: (token) => get('/api/prescriptions', token),
    createOrder: (token, body) => post('/api/orders', body, token),
    pay: (token, body) => post('/api/pay', body, token),
    receipts: (token) => get('/api/receipts', token),
    status: (token) => get('/api/status', token),
    complain: (token, body) => post('/api/complaints', body, token),
  };
}

module.exports = { createApi, request };
