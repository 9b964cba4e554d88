// Enrollment: a patient proves who they are (demo registry) and gets a
// one-use enrollment token for their device key; the device then proves
// possession and gets its device-bound identity token.
import { randomBytes } from 'node:crypto';
import { PATIENTS } from '../catalogue.mjs';
import { HttpError, bearer, readBody, requestUrl } from '../http.mjs';

export function identityRoutes({ sdk, keys, replay, store, config, audience, issuer, log, status }) {
  return {
    'POST /api/identity/start': async (req) => {
      const { patient_id: id, name, device } = await readBody(req);
      const p = PATIENTS[id];
      if (!p || (name !== p.name.zh && name !== p.name.en))
        throw new HttpError(403, 'identity.not_found', 'no patient with this id and name (demo registry: P-0001 张伟 / Zhang Wei, P-0002 Maria Rossi)');
      if (typeof device !== 'string' || !device.startsWith('k4.public.'))
        throw new HttpError(400, 'http.bad_input', 'device must be the k4.public of device.create');
      const nonce = randomBytes(16).toString('base64url');
      const issued = sdk.issueIdentity({ key: keys.idp.secret, claims: { aud: audience, iss: issuer, sub: id, scope: 'enroll', nonce }, ttl_s: 120, device });
      return { enrollment_token: issued.token, nonce, expires_in: 120 };
    },

    'POST /api/identity': async (req) => {
      const token = bearer(req);
      const proof = req.headers['medins-proof'];
      if (!proof) throw new HttpError(401, 'http.no_proof', 'Medins-Proof: <device.proof> is required');
      const { claims } = sdk.verifyIdentity({ token, keys: config.keys.identity, audience, issuer });
      if (claims.scope !== 'enroll') throw new HttpError(401, 'http.wrong_token', 'an enrollment token is required');
      const verified = sdk.verifyProof({ proof, token, keys: config.keys.identity, audience, issuer, method: 'POST', url: requestUrl(req), nonce: claims.nonce });
      // One identity per enrollment, across instances.
      if (!(await replay.claim(`enroll|${claims.jti}`, 600 * 1000)))
        throw new HttpError(409, 'identity.enrollment_used', 'this enrollment token was already used');
      const issued = sdk.issueIdentity({ key: keys.idp.secret, claims: { aud: audience, iss: issuer, sub: claims.sub, scope: 'patient' }, ttl_s: 3600, device: claims.cnf.k });
      await status.seedStatus(await store.patientRecord(claims.sub));
      log(`identity: issued a device-bound identity token to ${claims.sub} (device ${verified.device})`);
      return { identity_token: issued.token, claims: issued.claims, kid: issued.kid };
    },
  };
}

/** The patient of a request: a verified identity token of scope "patient", bound to a device. */
export function requirePatient({ sdk, store, config, audience, issuer }) {
  return async (req) => {
    const token = bearer(req);
    const { claims } = sdk.verifyIdentity({ token, keys: config.keys.identity, audience, issuer });
    if (claims.scope !== 'patient' || !PATIENTS[claims.sub])
      throw new HttpError(401, 'http.wrong_token', 'this endpoint needs a patient identity token (not an enrollment token)');
    if (!claims.cnf) throw new HttpError(401, 'token.missing_claim', 'the identity token is not bound to a device');
    return { token, claims, record: await store.patientRecord(claims.sub) };
  };
}
