// Builds the receipt.* and wallet.* vectors with the native CLI from fixed
// seeds. Issuing and adding draw randomness, so the sealed receipts and the
// wallet are made once here and frozen into the files; every case in them is
// deterministic (opening, listing, verifying, and errors raised before any
// randomness is drawn), as vectors must be on every front end.
//   node tests/vectors/receipt.open/make-vectors.mjs [path/to/native/medins]
// Each case states the answer it must get; the script fails if the CLI
// disagrees, so a regenerated file never silently changes a contract.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { callCli } from '../native-cli.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');

const call = callCli;
const keypair = (byte) => call('keys.generate', { type: 'public', seed: Buffer.alloc(32, byte).toString('base64url') });
const files = {};
const ok = (op, name, input) => {
  const expected = call(op, input);
  if (expected.error) throw new Error(`${op} ${name}: ${JSON.stringify(expected.error)}`);
  (files[op] ??= []).push({ name, input, expected });
  return expected;
};
const err = (op, name, input, code) => {
  const out = call(op, input);
  if (out.error?.code !== code) throw new Error(`${op} ${name}: wanted ${code}, got ${JSON.stringify(out)}`);
  (files[op] ??= []).push({ name, input, error: code });
};

const hospital = keypair(0x31);
const device = keypair(0x32);
const other = keypair(0x33);
const rival = keypair(0x34);  // another trusted hospital, bound to its own id
const trusted = (key, id = 'bj-h-001') => ({ key: key.public, hospital: id });
const issuers = [trusted(hospital)];
// A wallet of receipts 0-2 written (by this script, same keys) before the
// duplicate tags named the signing key: it must keep verifying, and its
// receipts must stay duplicates, with nothing migrated.
const legacyWallet = {"entries": ["AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWQ2FoD3sycmzEQcdnPqRZ3NrOHuQWMrsi5VPYsqwAtqbhG5f26MtOp7RZ4g9C-Fp-QzW4o3InqM-pfdMaKTD1uzDTt-bsZjBsUs-vuG7MZkfFoOnUGO3X10VmDiS3-4wTysYh0goAKCxiyi5LUruUsJACcwRmdypOIPu1xAzi1r0TGuScsN65tPXBscQJ5_971ykNK9m_taRu3E5Qp-SW2NzbOldktekE2V8DrzCQeUzS5v1-7N9a7E_21yy-8333StU-pIPnZSenlf3yglkFSRsGubwfrzGlcUdl5Zr9VUjfm92jRMsirCqd5-WRHLf3CReMRZRrjm9hfzlo9HYtE3UoxIaWP3GTrNEVvMtLMXsL7qkvaAtCopcHM15o_NDmhJOp_tH7tkhyYORm9mOJT_LznP6ed9aEWibUHlegS2JXa4QtR_rnGWU7h9S1klYhrXNDC_5F14FmrNMUYHT2EL5YL09c2QHUTYQfU_b6HWOsccHvGrz9xgd-SGOiebxHT8Ri2HHT2HAIyO6hvyVFC4Nf-49Hpk_pXRYwxMkQxlujVsYoTH6Ic3KdjJxb_J8Or7qAIZIhGGLuhR-vcbIOqyLF6S1yh2vMeZPZ1MgnMF1Stcxk0BGSnmKxF-DooFMfYIWEgWPMRZBlJzofX5Q6Kim_4iTbrue_zvi422EQV0RB2Mnz36KZlLUEoB14GvJSrnPYEDnzypGkUSmUbMA1vX1o9-D6DRrgZEFVPGYoS2QEvvHcj9n-lQEXKD3zp9c3UtYBxrDtVp3DnmBwZzSKZaaV6cOahFeEro_EGXaVGJ5Frbasr9gBo", "AQAAAAFkRUjVzJJSA0dWvPxGKMxDDclzegxwO9DJ2JrgBGfG4Hau-XWe5dIkurx-PcPEvDLSvXsRXG7sbbJdAlXrt2H04wak2ispweroJVCcrLEjzuYrVy3u6av9mdgoniUKyYWN0Mcb2bqdu6Xgg6CClx8Wmx9gtXT0x_XTt7bhmivBRWi3zX7hfURMUe-mXk1u9tBRKh6GPe3HRIZ0DKpT4VbpfhDd5p9TQeXzb5prH-UiVG8aNdPWGWNi7Gp6pdgeyYDY1fkQQbCf4lXWktK8D0jIHfBqhqtu6QOXv6L8Vj4NXcul8HvipfK14PQeVob0guKKH_cR2odHw8cMFfQYUT6yWVEVHD44dIaaZquB64Iy5BnYfZReYB-7DZcaW_MpP4pHj26tkC36gIrH678Gt7s91Cc2IC3S5kiyAc7_aGMn491DBLxULs8k-edljzEQqAj934tBzHrXFDcJgLTa-ZOWnziQ2TZBNknDe_eE12hiAbhHhwZI8yUWwe3P8vh8xsMPNq_v1RO-ukKZ57AEX8X217RXwIws0Ynzcy0NuBpsdGzHEyxSXwJ0v8CuTPICbqB22deN6lVGs5VMPBxhKL06u5fAbkPPhzyb90Tna4WAEk_ROTBwxz0e42HQ_yalYyPVu3Fpw-1kREz0_kaFGtvczN648hLUPNGOEalm4ixNB9VgPylOawyI9UxgE49BIFUahd6Bjb3EgCNWxf1xvPzAuUY_qxjVTO6_xc5iLRxrW68IAsULMAhdtEY6Ryb-IzvK_mwQlFEV2xndaHBBRKEhgwGFT_RyRfCGVFMrqzOjJCRiuNgwpS9sVb9-GHUjqQLpAddVNZt7hMhPqcSKZAr5mZ4tBh3ZK_Ix", "AQAAAAIPQSpRDe-XL4l14OYnwDQosirbjXOn4oeQM0HWe4Zri9a-GWA7jGFLrh2E_gpahxLmLA__94kkAtNe5MSbAGBRVneSc0GIpRPiC2-PR_FtjJEWKB8hEs1lIz7_YjrwYD6hclnYOYTLY1tX-usawYgL_IfpG8YnioCUK-VK7D0TkBvG09353wB5TYPmxKBfVat65fOWvf8xa41FWR8vnJ0iPdxZzAVr2j5aU8PlvbRIgX0LKBnw3za5tbzZGbKthbMsWR0uoo64Qv5Vggx8aly22Ba7yC7iQRVxeEZS6zFKlg0hIfLAo41EnNzoW6I7qE68FLpogfuu-O0zfTcIZLDYCt2G7sPMRbc_Ji-oRemDhprB0JxLvQ9MMo0tRBSfmQZMFfHgFoI1ndyhxqtBrzrmZsaUkveAQX-hg9g_Hz1bVaczVjPrggMRSxG6mfFloma52y59jEIRuZhMtJvacW2jN6_i824WPhRpseE27Zkd2s8gOQ7Lkd6KPDJoFvEXBnw_4CxvrHBh7k7Vcf9HPUST6uv_g85MHIh39E7vEKg6i2QSP4dHk4mnRuNBhvrsQZYT5Zpw30uIFje6Ce-Q31bbJWAQz-Xezwd_dhQsyW6sEuomrxbCyZ7GmXevQ8bStSpaFqgEKLtoXX8gpTESkpOlIGGEwlA-rzZqyHURnTlPtEQaDsGAefTDO3oXGO6i97vyGoi-UfCJtX9lByPKPgM4cuvoZAnsyrPCyKPZZtr6s-NRq-1ehh2X2XLKQST07PxlPg8RliSTwI5q30XPVWTjep1igzS4QoX3nzy_brgBMoGbqAYISWxpd4qQtPX49TD91LjFXotixDHXXfozrY9O7TW9OHeAbrT1"], "head": "AQAAAAAAAAADAAAAA6wUz-pTUdTmRAq9FkOOYEIw23fZYtW8Tjkds_jvvbg-sYAoR01k2xpD6mX1BkYXm0rQ2f4WyVYQjI5wQCm4dWz2DfL58YdiCTqjl9YNqdz7333Ro-DyN-ITn3qvHxt8Cg", "v": 1};
const receipt = (i) => ({
  hospital: 'bj-h-001', invoice: `INV-${i}`, order_id: `ord-${i}`, authorization: `AUTH-${i}`,
  visit_date: `2026-0${1 + i}-15`, issued_at: 1767225600 + i,
  lines: [{ name: '挂号费', class: 'A', amount: 5000 }, { name: 'CT', class: 'B', amount: 30000 + i }],
  total: 35000 + i, fund: 21000, account: 4000, cash: 10000 + i,
});
const issue = (i, to = device.public, signer = hospital) =>
  call('receipt.issue', { receipt: receipt(i), hospital_key: signer.secret, recipient: to }).sealed;

// receipt.issue: errors raised before the ephemeral key is drawn.
const base = { hospital_key: hospital.secret, recipient: device.public };
err('receipt.issue', 'no receipt', base, 'receipt.bad_input');
err('receipt.issue', 'visit_date not a date', { ...base, receipt: { ...receipt(0), visit_date: '2026-02-30' } }, 'receipt.bad_input');
err('receipt.issue', 'fractional fen', { ...base, receipt: { ...receipt(0), cash: 10000.5 } }, 'receipt.bad_input');
err('receipt.issue', 'no lines', { ...base, receipt: { ...receipt(0), lines: [] } }, 'receipt.bad_input');
err('receipt.issue', 'fund + account + cash is not total', { ...base, receipt: { ...receipt(0), cash: 9999 } }, 'receipt.inconsistent');
err('receipt.issue', 'lines do not add up to total',
  { ...base, receipt: { ...receipt(0), lines: [{ name: 'x', class: 'A', amount: 1 }] } }, 'receipt.inconsistent');
err('receipt.issue', 'a public key as the hospital key', { ...base, receipt: receipt(0), hospital_key: hospital.public }, 'keys.wrong_key_type');
err('receipt.issue', 'recipient not a key', { ...base, receipt: receipt(0), recipient: 'k4.public.nope' }, 'keys.invalid_key');

// receipt.open: a frozen sealed receipt opens to the same answer everywhere.
const sealed = issue(0);
ok('receipt.open', 'opens on its device', { sealed, key: device.secret, issuers });
ok('receipt.open', 'opens with the issuer among rotated keys', { sealed, key: device.secret, issuers: [trusted(other), trusted(hospital)] });
ok('receipt.open', 'opens with its key listed for several hospitals', { sealed, key: device.secret, issuers: [trusted(hospital, 'bj-h-009'), trusted(hospital)] });
const rivals = [trusted(hospital), trusted(rival, 'rival-h')];
err('receipt.open', 'a trusted key signing in another hospital\'s name', { sealed: issue(0, device.public, rival), key: device.secret, issuers: rivals }, 'receipt.wrong_hospital');
err('receipt.open', 'its own key bound to another hospital', { sealed, key: device.secret, issuers: [trusted(hospital, 'bj-h-002')] }, 'receipt.wrong_hospital');
err('receipt.open', 'a bare key as an issuer', { sealed, key: device.secret, issuers: [hospital.public] }, 'receipt.bad_input');
err('receipt.open', 'an issuer without a hospital', { sealed, key: device.secret, issuers: [{ key: hospital.public }] }, 'receipt.bad_input');
err('receipt.open', 'an issuer with an empty hospital', { sealed, key: device.secret, issuers: [trusted(hospital, '')] }, 'receipt.bad_input');
err('receipt.open', 'another device', { sealed, key: other.secret, issuers }, 'receipt.invalid');
const bytes = Buffer.from(sealed, 'base64url');
for (const at of [0, 31, 32, 48, bytes.length - 1]) {
  const flipped = Buffer.from(bytes);
  flipped[at] ^= 1;
  err('receipt.open', `one bit flipped at byte ${at}`, { sealed: flipped.toString('base64url'), key: device.secret, issuers }, 'receipt.invalid');
}
err('receipt.open', 'truncated', { sealed: sealed.slice(0, 60), key: device.secret, issuers }, 'receipt.invalid');
err('receipt.open', 'not base64url', { sealed: sealed + '=', key: device.secret, issuers }, 'receipt.invalid');
err('receipt.open', 'unknown issuer', { sealed, key: device.secret, issuers: [trusted(other)] }, 'receipt.unknown_issuer');
err('receipt.open', 'no issuers', { sealed, key: device.secret, issuers: [] }, 'receipt.bad_input');
err('receipt.open', 'no key', { sealed, issuers }, 'receipt.bad_input');
err('receipt.open', 'a public key to open with', { sealed, key: device.public, issuers }, 'keys.wrong_key_type');

// The wallet: three receipts, frozen.
let wallet = null;
for (let i = 0; i < 3; i++) {
  const out = call('wallet.add', { wallet, sealed: issue(i), key: device.secret, issuers });
  if (out.error) throw new Error(JSON.stringify(out));
  wallet = out.wallet;
}
const w = { wallet, key: device.secret };
ok('wallet.verify', 'a valid wallet', { ...w, min_counter: 3 });
const entries = wallet.entries;
ok('wallet.verify', 'deleted', { ...w, wallet: { ...wallet, entries: [entries[0], entries[2]] } });
ok('wallet.verify', 'swapped', { ...w, wallet: { ...wallet, entries: [entries[1], entries[0], entries[2]] } });
const edited = Buffer.from(entries[1], 'base64url');
edited[100] ^= 1;
ok('wallet.verify', 'edited', { ...w, wallet: { ...wallet, entries: [entries[0], edited.toString('base64url'), entries[2]] } });
ok('wallet.verify', 'rolled back (min_counter)', { ...w, min_counter: 4 });
ok('wallet.verify', 'another device', { ...w, key: other.secret });
err('wallet.verify', 'no wallet', { key: device.secret }, 'wallet.bad_input');
err('wallet.verify', 'another wallet version', { ...w, wallet: { ...wallet, v: 2 } }, 'wallet.bad_input');

ok('wallet.list', 'all', w);
ok('wallet.list', 'filtered by date and amount', { ...w, from: '2026-02-01', to: '2026-12-31', max_total: 35001 });
err('wallet.list', 'a date that is not YYYY-MM-DD', { ...w, from: '2026-1-1' }, 'wallet.bad_input');
err('wallet.list', 'tampered', { ...w, wallet: { ...wallet, entries: [entries[1], entries[0], entries[2]] } }, 'wallet.invalid');
err('wallet.list', 'rolled back', { ...w, min_counter: 9 }, 'wallet.rolled_back');
ok('wallet.get', 'entry 1', { ...w, index: 1 });
err('wallet.get', 'past the end', { ...w, index: 3 }, 'wallet.not_found');
err('wallet.get', 'negative index', { ...w, index: -1 }, 'wallet.bad_input');
ok('wallet.summary', 'per year', w);
const head = Buffer.from(wallet.head, 'base64url');
head[20] ^= 1;
err('wallet.summary', 'forged head', { ...w, wallet: { ...wallet, head: head.toString('base64url') } }, 'wallet.invalid');
err('wallet.export', 'past the end', { ...w, index: 7, to: other.public }, 'wallet.not_found');
err('wallet.export', 'recipient not a key', { ...w, index: 0, to: 'k4.public.x' }, 'keys.invalid_key');
err('wallet.add', 'the same invoice again', { ...w, sealed: issue(1), issuers }, 'wallet.duplicate');
err('wallet.add', 'sealed to another device', { ...w, sealed: issue(5, other.public), issuers }, 'receipt.invalid');
err('wallet.add', 'rolled back', { ...w, sealed: issue(5), issuers, min_counter: 4 }, 'wallet.rolled_back');
err('wallet.add', 'no sealed', { ...w, issuers }, 'wallet.bad_input');
err('wallet.add', 'another trusted hospital taking this hospital\'s next invoice', { ...w, sealed: issue(3, device.public, rival), issuers: rivals }, 'receipt.wrong_hospital');
err('wallet.add', 'a bare key as an issuer', { ...w, sealed: issue(3), issuers: [hospital.public] }, 'wallet.bad_input');
const legacy = { wallet: legacyWallet, key: device.secret };
ok('wallet.verify', 'a wallet written before tags named the signing key', { ...legacy, min_counter: 3 });
ok('wallet.list', 'a wallet written before tags named the signing key', legacy);
err('wallet.add', 'the same invoice again, into a wallet written before tags named the signing key', { ...legacy, sealed: issue(1), issuers }, 'wallet.duplicate');

for (const [op, cases] of Object.entries(files)) {
  mkdirSync(join(here, op), { recursive: true });
  writeFileSync(join(here, op, 'cases.json'), JSON.stringify(cases, null, 1) + '\n');
  console.log(`${op}: ${cases.length} cases`);
}
