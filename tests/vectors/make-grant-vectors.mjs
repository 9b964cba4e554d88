// Builds tests/vectors/grant.verify/consent.json with the native CLI: a real
// grant (a platform-key device, so no Argon2) checked without, with an empty
// and with another consent text. Device keys and jtis are random, so a re-run
// writes other, equally valid tokens; every case names the code it must give
// and the script fails if the CLI disagrees.
//   node tests/vectors/make-grant-vectors.mjs [path/to/native/medins]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCli } from './native-cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const NOW = 1767225600; // the vectors' default clock: 2026-01-01T00:00:00Z

const call = callCli;

const issuer = call('keys.generate', { type: 'public', seed: Buffer.alloc(32, 1).toString('base64url') });
const platformKey = Buffer.alloc(32, 0x42).toString('base64url');
const device = call('device.create', { platform_key: platformKey });
const identityToken = call('identity.issue', {
  key: issuer.secret, now: NOW, ttl_s: 3600, device: device.public, claims: { aud: 'wx-app-1', sub: 'patient-1' },
}).token;
const order = {
  order_id: 'BJ-2026-000123', payee: 'hospital:110105001',
  amounts: { fund_fen: 4128, account_fen: 1000, cash_fen: 1032 },
};
const consent = '本人同意以北京医保支付订单 BJ-2026-000123：医保统筹基金 41.28 元，个人账户 10.00 元，现金 10.32 元。';
const { grant } = call('grant.create', {
  device: device.device, platform_key: platformKey, identity_token: identityToken, order,
  scope: 'outpatient_payment', amounts: order.amounts, consent_text: consent, now: NOW,
});
const base = { grant, identity_token: identityToken, keys: [issuer.public], audience: 'wx-app-1', order, scope: 'outpatient_payment', now: NOW + 5 };
const cases = [
  { name: 'no consent_text: the backend must say which text it gave the app', input: base, error: 'grant.bad_input' },
  { name: 'empty consent_text', input: { ...base, consent_text: '' }, error: 'grant.bad_input' },
  { name: 'consent_text of another kind', input: { ...base, consent_text: 7 }, error: 'grant.bad_input' },
  { name: 'another consent text than the patient confirmed', input: { ...base, consent_text: consent.replace('10.32', '10.33') }, error: 'grant.consent_mismatch' },
];
for (const c of cases) {
  const got = call('grant.verify', c.input).error?.code;
  if (got !== c.error) throw new Error(`${c.name}: expected ${c.error}, the CLI says ${got}`);
}
mkdirSync(join(here, 'grant.verify'), { recursive: true });
writeFileSync(join(here, 'grant.verify', 'consent.json'), JSON.stringify(cases, null, 1) + '\n');
