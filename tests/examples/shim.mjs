// Test support: a patient client for a wasm build without grant.create (and
// whose receipt/wallet ops refuse wrapped device keys). It keeps a raw device
// key pair instead of a device.create blob and makes the device proof and the
// grant with token.issue, byte-for-byte the claims the core signs
// (sdk/src/identity/device.cpp, sdk/src/authorization/grant.cpp). Used only
// when sdk.version().ops lacks grant.create; the real path is PatientClient.
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { PatientClient } from '../../examples/web/client.mjs';

const b64 = (buf) => Buffer.from(buf).toString('base64url');
const rfc3339 = (s) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

let sodium = null;
async function blake2b256(text) {
  if (!sodium) {
    sodium = createRequire(import.meta.url)('libsodium-wrappers');  // its ESM build is broken; the CJS one works
    await sodium.ready;
  }
  return b64(sodium.crypto_generichash(32, Buffer.from(text, 'utf8')));
}

export const hasDeviceOps = (sdk) => sdk.version().ops.includes('grant.create');

export class ShimPatientClient extends PatientClient {
  createDevice() {
    const pair = this.sdk.generateKeys({ type: 'public' });
    this.rawKey = pair.secret;
    this.device = { device: null, public: pair.public, kpid: this.sdk.keyId({ key: pair.public }).id };
    this.unlock = null;
    return { public: this.device.public, kpid: this.device.kpid };
  }

  signAs(claims, implicit) {
    return this.sdk.issueToken({ purpose: 'public', key: this.rawKey, payload: JSON.stringify(claims),
      footer: JSON.stringify({ kid: this.device.kpid }), implicit }).token;
  }

  async enroll(patientId, name) {
    const start = await this.api('POST', '/api/identity/start', { auth: false, body: { patient_id: patientId, name, device: this.device.public } });
    const now = Math.floor(Date.now() / 1000);
    const proof = this.signAs({ htm: 'POST', htu: `${this.base}/api/identity`, ath: b64(createHash('sha256').update(start.enrollment_token).digest()),
      iat: rfc3339(now), exp: rfc3339(now + 60), jti: b64(randomBytes(16)), nonce: start.nonce }, 'medins.device-proof.v1');
    const out = await this.api('POST', '/api/identity', { headers: { authorization: `Bearer ${start.enrollment_token}`, 'medins-proof': proof } });
    this.identityToken = out.identity_token;
    this.claims = this.sdk.verifyIdentity({ token: out.identity_token, keys: this.config.keys.identity, audience: this.config.audience, issuer: this.config.issuer }).claims;
    return { claims: this.claims };
  }

  async createGrantAsync(orderRes) {
    const now = Math.floor(Date.now() / 1000);
    const { order } = orderRes;
    const jti = b64(randomBytes(16));
    const grant = this.signAs({
      typ: 'medins.grant.v1', order_id: order.order_id, order_digest: this.sdk.orderDigest({ order }).digest, payee: order.payee,
      amounts: order.amounts, scope: orderRes.scope, ith: await blake2b256(this.identityToken), consent: await blake2b256(orderRes.consent_text),
      iat: rfc3339(now), exp: rfc3339(now + 300), jti,
    }, 'medins.grant.v1');
    return { grant, jti };
  }

  opener() { return { key: this.rawKey }; }
}

/** grant.create through whichever client this is (the shim's is async). */
export async function makeGrant(client, orderRes) {
  return client instanceof ShimPatientClient ? client.createGrantAsync(orderRes) : client.createGrant(orderRes);
}
