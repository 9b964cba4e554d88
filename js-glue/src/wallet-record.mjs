// What the glue reads of a wallet record without the core, and wallet.add's
// whole-wallet form made constant in what crosses into the module.
//
// The record header is clear text (docs/receipts.md): version(1) ‖ index(4) ‖
// prev(32) ‖ tag(16), then the nonce and the AEAD. Only the tag is read here,
// to look duplicates up; the AEAD that authenticates it is wallet.verify's.
import { MedinsError } from './core.mjs';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) DIGIT[B64.charCodeAt(i)] = i;
const TAG_AT = 37, TAG_BYTES = 16;
// Bytes 36…53 are base64 characters 48…71: the tag and one byte either side.
const GROUP_AT = 36, FIRST_CHAR = 48, HEADER_CHARS = 72;
const MAX_WALLET_ENTRIES = 100000;

/** The duplicate tag in a record's clear header, base64url as wallet.add returns it; null if unreadable. */
export function recordTag(record) {
  if (typeof record !== 'string' || record.length < HEADER_CHARS) return null;
  // The whole header must be base64url, as the core's decoder requires.
  for (let i = 0; i < HEADER_CHARS; i++) {
    const c = record.charCodeAt(i);
    if (c >= 128 || DIGIT[c] < 0) return null;
  }
  const bytes = decode(record.slice(FIRST_CHAR, HEADER_CHARS));
  return encode(bytes.subarray(TAG_AT - GROUP_AT, TAG_AT - GROUP_AT + TAG_BYTES));
}

// Base64url without padding, of valid text only.
function decode(text) {
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let v = 0, bits = 0, n = 0;
  for (let i = 0; i < text.length; i++) {
    v = ((v << 6) | DIGIT[text.charCodeAt(i)]) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (v >> bits) & 255;
    }
  }
  return out;
}

function encode(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const n = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < n; j++) out += B64[(v >> (18 - 6 * j)) & 63];
  }
  return out;
}

// The header characters that hold only bits of the tag (50…69): a record
// whose characters there differ from `tag`'s cannot carry it. One native
// string comparison per entry instead of a decode: the scan of a 10,000-entry
// wallet stays small beside the add itself in an interpreter.
function tagWindow(tag) {
  const group = new Uint8Array(18);
  group.set(decode(tag), TAG_AT - GROUP_AT);
  return encode(group).slice(2, 22);
}

const isWholeWallet = (w) => w !== null && typeof w === 'object' && !Array.isArray(w) && w.v === 1 &&
  typeof w.head === 'string' && Array.isArray(w.entries) && w.entries.length > 0 &&
  w.entries.length < MAX_WALLET_ENTRIES && w.entries.every((e) => typeof e === 'string');

/**
 * wallet.add with `wallet` (an object), through the append form: the module
 * gets the head and the last record, not the wallet, and the new wallet is
 * the old entries plus the new record. Each earlier entry's clear tag is
 * compared here, as the core's whole form does. Wherever the answer could
 * differ from the core's whole form — any refusal, a head that counts other
 * entries than the wallet holds, a record with the receipt's legacy tag
 * (written before tags named the signing key: only its decryption decides)
 * — it returns null and the caller asks the core with the whole wallet.
 * `call(op, input)` runs an op in the module.
 */
export function addToWholeWallet(call, input) {
  const { wallet, ...rest } = input;
  if (!isWholeWallet(wallet) || 'head' in rest || 'last' in rest) return null;
  const entries = wallet.entries;
  const n = entries.length;
  let out;
  try {
    out = call('wallet.add', { ...rest, head: wallet.head, last: entries[n - 1] });
  } catch (err) {
    if (err instanceof MedinsError) return null;
    throw err;
  }
  if (out.index !== n) return null;
  const window = tagWindow(out.tag), legacyWindow = tagWindow(out.legacy_tag);
  const at = FIRST_CHAR + 2;
  for (let i = 0; i < n - 1; i++) {
    const e = entries[i];
    if (!e.startsWith(window, at) && !e.startsWith(legacyWindow, at)) continue;
    const tag = recordTag(e);
    if (tag === out.legacy_tag) return null;
    if (tag === out.tag)
      throw new MedinsError('wallet.duplicate', "the wallet already holds this hospital's invoice", { entry: i });
  }
  out.wallet = { v: 1, head: out.head, entries: [...entries, out.record] };
  return out;
}
