// Turns the official RFC 4226 / RFC 6238 tables (tests/vectors/official/rfc*.json)
// into otp.generate / otp.verify op vectors that every front end runs, and adds
// the hostile-input cases of both ops. Re-run after editing: node tests/vectors/import-otp.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const official = (name) => JSON.parse(readFileSync(join(here, 'official', name), 'utf8'));
const b64 = (ascii) => Buffer.from(ascii, 'ascii').toString('base64url');
// BigInt counters are written as bare JSON integers (JSON.stringify cannot).
const write = (op, file, cases) => {
  mkdirSync(join(here, op), { recursive: true });
  const text = JSON.stringify(cases, (k, v) => (typeof v === 'bigint' ? `@big:${v}` : v), 1)
    .replace(/"@big:(\d+)"/g, '$1');
  writeFileSync(join(here, op, file), text + '\n');
};
const referenceHotp = (hash, key, counter, digits) => {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(counter);
  const mac = createHmac(hash, key).update(msg).digest();
  const o = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
};

// ---- RFC 4226 Appendix D ----
const hotp = official('rfc4226-hotp.json');
const hotpSecret = b64(hotp.secret_ascii);
const hotpCases = hotp.tests.map((t) => ({
  name: `RFC 4226 count ${t.count}`,
  input: { secret: hotpSecret, algorithm: 'SHA1', digits: 6, counter: t.count },
  expected: { code: t.hotp },
}));
// The table also gives each truncated 31-bit value, so every digit count
// 7..10 is checked against official data: code = value mod 10^digits,
// zero-padded (10 digits: the value itself, as 10^10 > 2^31).
for (const t of hotp.tests) {
  for (const digits of [7, 8, 9, 10]) {
    const code = String(t.decimal % 10 ** digits).padStart(digits, '0');
    hotpCases.push({
      name: `RFC 4226 count ${t.count}, ${digits} digits from the truncated value ${t.decimal}`,
      input: { secret: hotpSecret, algorithm: 'SHA1', digits, counter: t.count },
      expected: { code },
    });
  }
}
write('otp.generate', 'official-rfc4226.json', hotpCases);

// ---- RFC 6238 Appendix B ----
const totp = official('rfc6238-totp.json');
const totpCases = [];
const totpVerify = [];
for (const t of totp.tests) {
  for (const [algorithm, code] of Object.entries(totp.totp ?? t.totp)) {
    const input = { secret: b64(totp.seeds_ascii[algorithm]), algorithm, digits: totp.digits,
                    period: totp.period, t0: totp.t0, time: t.time };
    totpCases.push({ name: `RFC 6238 ${algorithm} T=${t.time}`, input, expected: { code } });
    totpVerify.push({ name: `RFC 6238 ${algorithm} T=${t.time} verifies at offset 0`,
                      input: { ...input, code }, expected: { valid: true, offset: 0 } });
    // The same code one step later is still accepted with the default window
    // (offset -1: it is the previous step's), and refused with window 0.
    totpVerify.push({ name: `RFC 6238 ${algorithm} T=${t.time} a step later, window 1`,
                      input: { ...input, time: t.time + 30, code }, expected: { valid: true, offset: -1 } });
    totpVerify.push({ name: `RFC 6238 ${algorithm} T=${t.time} a step later, window 0`,
                      input: { ...input, time: t.time + 30, code, window: 0 }, expected: { valid: false, offset: null } });
    totpVerify.push({ name: `RFC 6238 ${algorithm} T=${t.time} a step earlier (clock behind), window 1`,
                      input: { ...input, time: t.time - 30, code }, expected: { valid: true, offset: 1 } });
  }
}
write('otp.generate', 'official-rfc6238.json', totpCases);
const hotpVerify = hotp.tests.map((t) => ({
  name: `RFC 4226 count ${t.count} verifies`,
  input: { secret: hotpSecret, algorithm: 'SHA1', digits: 6, counter: t.count, code: t.hotp },
  expected: { valid: true, offset: 0 },
}));
hotpVerify.push({
  name: 'RFC 4226 count 5 code seen at counter 3: two steps away, outside window 1',
  input: { secret: hotpSecret, algorithm: 'SHA1', digits: 6, counter: 3, code: '254676' },
  expected: { valid: false, offset: null },
});
hotpVerify.push({
  name: 'RFC 4226 count 5 code seen at counter 3 with window 2',
  input: { secret: hotpSecret, algorithm: 'SHA1', digits: 6, counter: 3, code: '254676', window: 2 },
  expected: { valid: true, offset: 2 },
});
hotpVerify.push({
  name: 'RFC 4226 count 0 code at counter 0 with window 3: no negative counters are tried',
  input: { secret: hotpSecret, algorithm: 'SHA1', digits: 6, counter: 0, code: '755224', window: 3 },
  expected: { valid: true, offset: 0 },
});
write('otp.verify', 'official-rfc.json', [...hotpVerify, ...totpVerify]);

// ---- hostile and malformed input ----
const sha256 = { secret: b64(totp.seeds_ascii.SHA256), algorithm: 'SHA256', digits: 8, time: 59 };
const bad = (name, input, error) => ({ name, input, error });
write('otp.generate', 'errors.json', [
  bad('unknown algorithm', { ...sha256, algorithm: 'MD5' }, 'otp.unsupported_algorithm'),
  bad('lower-case algorithm name', { ...sha256, algorithm: 'sha256' }, 'otp.unsupported_algorithm'),
  bad('missing secret', { algorithm: 'SHA256', digits: 8, time: 59 }, 'otp.bad_input'),
  bad('secret not base64url', { ...sha256, secret: 'MTIz+/==' }, 'otp.bad_input'),
  bad('secret shorter than 128 bits', { ...sha256, secret: b64('123456789012345') }, 'otp.bad_input'),
  bad('secret longer than 1024 bytes', { ...sha256, secret: b64('x'.repeat(1025)) }, 'otp.bad_input'),
  bad('5 digits', { ...sha256, digits: 5 }, 'otp.bad_input'),
  bad('11 digits', { ...sha256, digits: 11 }, 'otp.bad_input'),
  bad('digits as a string', { ...sha256, digits: '8' }, 'otp.bad_input'),
  bad('fractional time', { ...sha256, time: 59.5 }, 'otp.bad_input'),
  bad('time before t0', { ...sha256, t0: 60 }, 'otp.bad_input'),
  bad('period 0', { ...sha256, period: 0 }, 'otp.bad_input'),
  bad('counter and time together', { ...sha256, counter: 1 }, 'otp.bad_input'),
  bad('negative counter', { secret: sha256.secret, algorithm: 'SHA256', digits: 8, counter: -1 }, 'otp.bad_input'),
  bad('counter beyond int64', { secret: sha256.secret, algorithm: 'SHA256', digits: 8, counter: 18446744073709551615n }, 'otp.bad_input'),
  // A counter using seven of the eight big-endian bytes (2^53 - 1, the largest
  // a JS number holds, so the JS front end sends it exactly); its code comes
  // from node:crypto, an implementation independent of medins.
  { name: 'counter 2^53-1', input: { secret: hotpSecret, algorithm: 'SHA1', digits: 6, counter: 9007199254740991n },
    expected: { code: referenceHotp('sha1', Buffer.from(hotp.secret_ascii), 2n ** 53n - 1n, 6) } },
  { name: 'counter 2^53-1, HMAC-SHA-512, 10 digits', input: { secret: b64(totp.seeds_ascii.SHA512), algorithm: 'SHA512', digits: 10, counter: 9007199254740991n },
    expected: { code: referenceHotp('sha512', Buffer.from(totp.seeds_ascii.SHA512), 2n ** 53n - 1n, 10) } },
  { name: 'HMAC-SHA-256 with a 100-byte key (longer than a block: hashed first)', input: { secret: b64('k'.repeat(100)), algorithm: 'SHA256', digits: 6, counter: 1 },
    expected: { code: referenceHotp('sha256', Buffer.from('k'.repeat(100)), 1n, 6) } },
  { name: 'HMAC-SHA-1 with a 100-byte key (longer than a block: hashed first)', input: { secret: b64('k'.repeat(100)), algorithm: 'SHA1', digits: 6, counter: 1 },
    expected: { code: referenceHotp('sha1', Buffer.from('k'.repeat(100)), 1n, 6) } },
]);
write('otp.verify', 'errors.json', [
  bad('window 11', { ...sha256, code: '46119246', window: 11 }, 'otp.bad_input'),
  bad('negative window', { ...sha256, code: '46119246', window: -1 }, 'otp.bad_input'),
  bad('code as a number', { ...sha256, code: 46119246 }, 'otp.bad_input'),
  bad('missing code', { ...sha256 }, 'otp.bad_input'),
  bad('unknown algorithm', { ...sha256, algorithm: 'SHA3', code: '46119246' }, 'otp.unsupported_algorithm'),
  { name: 'wrong code', input: { ...sha256, code: '46119247' }, expected: { valid: false, offset: null } },
  { name: 'code with a missing digit', input: { ...sha256, code: '4611924' }, expected: { valid: false, offset: null } },
  { name: 'code with an extra digit', input: { ...sha256, code: '461192460' }, expected: { valid: false, offset: null } },
  { name: 'code with a non-digit', input: { ...sha256, code: '4611924a' }, expected: { valid: false, offset: null } },
  { name: 'time defaults to the clock', now: 59, input: { secret: sha256.secret, algorithm: 'SHA256', digits: 8, code: '46119246' },
    expected: { valid: true, offset: 0 } },
]);
