// Turns the official PASERK/PASETO vectors (tests/vectors/official/) into op
// vectors (tests/vectors/<op>/official-*.json) that every front end runs.
// Re-run after updating the official files: node tests/vectors/import-official.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
const official = (name) => JSON.parse(readFileSync(join(here, 'official', 'paserk-k4', `${name}.json`), 'utf8')).tests;
const write = (op, file, cases) => {
  mkdirSync(join(here, op), { recursive: true });
  writeFileSync(join(here, op, file), JSON.stringify(cases, null, 1) + '\n');
};

const idCases = [];
for (const [kind, prefix] of [['lid', 'k4.local.'], ['pid', 'k4.public.'], ['sid', 'k4.secret.']]) {
  for (const t of official(`k4.${kind}`)) {
    const input = { key: prefix + b64url(t.key) };
    idCases.push(t['expect-fail'] ? { name: t.name, input, error: 'keys.invalid_key' }
                                  : { name: t.name, input, expected: { id: t.paserk } });
  }
}
for (const kind of ['local', 'public', 'secret']) {
  for (const t of official(`k4.${kind}`)) {
    if (t['expect-fail'] && typeof t.paserk === 'string')
      idCases.push({ name: t.name, input: { key: t.paserk }, error: 'keys.invalid_key' });
  }
}
write('keys.id', 'official-paserk-k4.json', idCases);

const generateCases = official('k4.secret').filter((t) => !t['expect-fail']).map((t) => ({
  name: t.name,
  input: { type: 'public', seed: b64url(t['secret-key-seed']) },
  test_knobs: true,  // a chosen seed: test builds only (docs/security.md)
  expected: { secret: t.paserk, public: 'k4.public.' + b64url(t['public-key']) },
}));
write('keys.generate', 'official-paserk-k4.json', generateCases);

// Wrapped keys: unsealing and unwrapping are deterministic, so every official
// case is an op vector (sealing and wrapping draw randomness; the doctest
// suite round-trips those). A wrong version is a malformed key string; a bad
// tag or password is keys.unwrap_failed.
// Some tampered cases also break strict base64url (non-zero trailing bits),
// which medins refuses before any cryptography: keys.invalid_key.
const strictB64 = (s) => Buffer.from(s, 'base64url').toString('base64url') === s;
const failCode = (t) => {
  const body = t.paserk.slice(t.paserk.lastIndexOf('.') + 1);
  return t.paserk.startsWith('k4.') && strictB64(body) ? 'keys.unwrap_failed' : 'keys.invalid_key';
};
const unsealCases = official('k4.seal').map((t) => {
  const input = { sealed: t.paserk, key: 'k4.secret.' + b64url(t['sealing-secret-key']) };
  return t['expect-fail'] ? { name: t.name, input, error: failCode(t) }
                          : { name: t.name, input, expected: { local: 'k4.local.' + b64url(t.unsealed) } };
});
write('keys.unseal', 'official-paserk-k4.json', unsealCases);
const unwrapPwCases = [];
// medins runs Argon2id at most at 64 MiB / 4 passes (what device.create and
// keys.wrap_password may record), and checks a well-formed string's costs
// before anything else: the vectors at 256 MiB / 3 are refused for that.
const overCap = (t) => t.options.memlimit > 64 * 1048576 || t.options.opslimit > 4;
for (const [kind, prefix] of [['local', 'k4.local.'], ['secret', 'k4.secret.']]) {
  for (const t of official(`k4.${kind}-pw`)) {
    // The vectors' password is the literal string, hex-looking or not.
    const input = { wrapped: t.paserk, password: t.password };
    const malformed = failCode(t) === 'keys.invalid_key';
    const error = malformed ? 'keys.invalid_key' : overCap(t) ? 'keys.unsupported_parameters' : t['expect-fail'] ? failCode(t) : null;
    unwrapPwCases.push(error ? { name: t.name, input, error }
                             : { name: t.name, input, expected: { key: prefix + b64url(t.unwrapped) } });
  }
}
write('keys.unwrap_password', 'official-paserk-k4.json', unwrapPwCases);
const unwrapCases = [];
for (const [kind, prefix] of [['local', 'k4.local.'], ['secret', 'k4.secret.']]) {
  for (const t of official(`k4.${kind}-wrap.pie`)) {
    const input = { wrapped: t.paserk, wrapping_key: 'k4.local.' + b64url(t['wrapping-key']) };
    unwrapCases.push(t['expect-fail'] ? { name: t.name, input, error: failCode(t) }
                                      : { name: t.name, input, expected: { key: prefix + b64url(t.unwrapped) } });
  }
}
write('keys.unwrap', 'official-paserk-k4.json', unwrapCases);

// PASETO v4: every success case is issued (v4.local with the vector's nonce,
// v4.public deterministically) and must reproduce the token byte-exact, and
// verified back to its payload and footer; every expect-fail case must fail
// token.verify with token.invalid.
const paseto = JSON.parse(readFileSync(join(here, 'official', 'paseto-v4.json'), 'utf8')).tests;
const issueCases = [];
const verifyCases = [];
for (const t of paseto) {
  const local = t.key !== undefined;
  const verifyKey = local ? 'k4.local.' + b64url(t.key) : 'k4.public.' + b64url(t['public-key']);
  const verifyInput = { token: t.token, key: verifyKey, implicit: t['implicit-assertion'] };
  if (t['expect-fail']) {
    verifyCases.push({ name: t.name, input: verifyInput, error: 'token.invalid' });
    continue;
  }
  const issueInput = local
    ? { purpose: 'local', key: 'k4.local.' + b64url(t.key), nonce: b64url(t.nonce) }
    : { purpose: 'public', key: 'k4.secret.' + b64url(t['secret-key']) };
  Object.assign(issueInput, { payload: t.payload, footer: t.footer, implicit: t['implicit-assertion'] });
  // A chosen nonce is a test-build input (docs/security.md); v4.public needs none.
  issueCases.push({ name: t.name, input: issueInput, ...(local && { test_knobs: true }), expected: { token: t.token } });
  verifyCases.push({ name: t.name, input: verifyInput, expected: { payload: t.payload, footer: t.footer } });
}
write('token.issue', 'official-paseto-v4.json', issueCases);
write('token.verify', 'official-paseto-v4.json', verifyCases);

console.log(`keys.id: ${idCases.length} cases, keys.generate: ${generateCases.length} cases, ` +
            `keys.unseal: ${unsealCases.length}, keys.unwrap_password: ${unwrapPwCases.length}, keys.unwrap: ${unwrapCases.length}, ` +
            `token.issue: ${issueCases.length} cases, token.verify: ${verifyCases.length} cases`);
