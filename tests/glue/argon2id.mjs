// An independent Argon2id (RFC 9106, version 0x13, one lane, as libsodium
// runs it) and BLAKE2b (RFC 7693), for the memory test: it recomputes what the
// core's Argon2id would leave behind (the key and the last memory block) so
// the test can search linear memory for them. BigInt is slow: 1 MiB / 1 pass
// takes about a second.
const IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const SIGMA = ['0123456789abcdef', 'ea489fd61c02b753', 'b8c052fdae367194', '7931dcbe265a40f8',
  '905724afe1bc683d', '2c6a0b834d75fe19', 'c51fed4a0763928b', 'db7ec13950f4862a',
  '6fe9b308c2d714a5', 'a2847615fb9e3cd0'].map((row) => [...row].map((c) => parseInt(c, 16)));
const LO = 0xffffffffn;
const u32le = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };

// Stores into a BigUint64Array wrap modulo 2^64, so no masks are needed.
function mix(v, a, b, c, d, x, y, blaMka) {
  const add = (p, q, extra) => v[p] + v[q] + extra + (blaMka ? 2n * (v[p] & LO) * (v[q] & LO) : 0n);
  const rotr = (w, n) => (w >> n) | (w << (64n - n));
  v[a] = add(a, b, x); v[d] = rotr(v[d] ^ v[a], 32n);
  v[c] = add(c, d, 0n); v[b] = rotr(v[b] ^ v[c], 24n);
  v[a] = add(a, b, y); v[d] = rotr(v[d] ^ v[a], 16n);
  v[c] = add(c, d, 0n); v[b] = rotr(v[b] ^ v[c], 63n);
}

/** BLAKE2b of `data` with `outlen` bytes (1..64) and an optional key. */
export function blake2b(data, outlen = 64, key = Buffer.alloc(0)) {
  const h = new BigUint64Array(IV);
  h[0] ^= 0x01010000n ^ BigInt(key.length << 8) ^ BigInt(outlen);
  const input = key.length ? Buffer.concat([key, Buffer.alloc(128 - key.length), data]) : Buffer.from(data);
  const blocks = Math.max(1, Math.ceil(input.length / 128));
  const padded = Buffer.concat([input, Buffer.alloc(blocks * 128 - input.length)]);
  const v = new BigUint64Array(16);
  for (let b = 0; b < blocks; b++) {
    const m = Array.from({ length: 16 }, (_, i) => padded.readBigUInt64LE(b * 128 + i * 8));
    v.set(h); v.set(IV, 8);
    v[12] ^= BigInt(b === blocks - 1 ? input.length : (b + 1) * 128);
    if (b === blocks - 1) v[14] = ~v[14];
    for (let r = 0; r < 12; r++) {
      const s = SIGMA[r % 10];
      [[0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15],
        [0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14]]
        .forEach(([a, bb, c, d], k) => mix(v, a, bb, c, d, m[s[2 * k]], m[s[2 * k + 1]], false));
    }
    for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  }
  return Buffer.from(h.buffer).subarray(0, outlen);
}

// H' (RFC 9106 section 3.3): BLAKE2b stretched to any output length.
function hashLong(data, outlen) {
  const input = Buffer.concat([u32le(outlen), data]);
  if (outlen <= 64) return blake2b(input, outlen);
  const r = Math.ceil(outlen / 32) - 2;
  const parts = [];
  let v = blake2b(input);
  for (let i = 1; i < r; i++) { parts.push(v.subarray(0, 32)); v = blake2b(v); }
  parts.push(v.subarray(0, 32), blake2b(v, outlen - 32 * r));
  return Buffer.concat(parts);
}

// The 16 word positions of each row and each column of a block as a 8x8
// matrix of 16-byte registers (RFC 9106 section 3.6).
const LINES = [];
for (let i = 0; i < 8; i++) LINES.push(Array.from({ length: 16 }, (_, k) => 16 * i + k));
for (let i = 0; i < 8; i++) LINES.push(Array.from({ length: 16 }, (_, k) => 2 * i + (k & 1) + 16 * (k >> 1)));
const ROUND = [[0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15],
  [0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14]];

// out = R ^ P(R) with R = x ^ y, or out ^= that (passes after the first,
// v1.3). Returns R, which libsodium's fill_block leaves on its stack.
function compress(x, y, out, xorInto) {
  const r = new BigUint64Array(128);
  for (let i = 0; i < 128; i++) r[i] = x[i] ^ y[i];
  const z = r.slice();
  for (const line of LINES) for (const [a, b, c, d] of ROUND) mix(z, line[a], line[b], line[c], line[d], 0n, 0n, true);
  for (let i = 0; i < 128; i++) out[i] = (xorInto ? out[i] : 0n) ^ r[i] ^ z[i];
  return r;
}

/**
 * Argon2id as libsodium's crypto_pwhash(ALG_ARGON2ID13) computes it: returns
 * {key, lastBlock, lastInput}: the tag, the 1024 bytes of the final memory
 * block, and R (previous block ^ reference block) from which it was made.
 */
export function argon2id({ password, salt, memlimit, opslimit, outlen = 32 }) {
  const mCost = Math.floor(memlimit / 1024);
  const seg = Math.floor(Math.max(mCost, 8) / 4);
  const m = seg * 4;
  const h0 = blake2b(Buffer.concat([u32le(1), u32le(outlen), u32le(mCost), u32le(opslimit), u32le(0x13), u32le(2),
    u32le(password.length), password, u32le(salt.length), salt, u32le(0), u32le(0)]));
  const mem = Array.from({ length: m }, () => new BigUint64Array(128));
  const toBlock = (bytes) => new BigUint64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 1024));
  mem[0] = toBlock(hashLong(Buffer.concat([h0, u32le(0), u32le(0)]), 1024));
  mem[1] = toBlock(hashLong(Buffer.concat([h0, u32le(1), u32le(0)]), 1024));
  const zero = new BigUint64Array(128);
  let lastInput;
  for (let pass = 0; pass < opslimit; pass++) {
    for (let slice = 0; slice < 4; slice++) {
      // Data-independent addresses in the first half of the first pass.
      const rands = [];
      if (pass === 0 && slice < 2) {
        const input = new BigUint64Array(128);
        input.set([BigInt(pass), 0n, BigInt(slice), BigInt(m), BigInt(opslimit), 2n]);
        const tmp = new BigUint64Array(128), addresses = new BigUint64Array(128);
        for (let i = 0; i < seg; i++) {
          if (i % 128 === 0) { input[6]++; compress(zero, input, tmp, false); compress(zero, tmp, addresses, false); }
          rands.push(addresses[i % 128]);
        }
      }
      for (let i = pass === 0 && slice === 0 ? 2 : 0; i < seg; i++) {
        const cur = slice * seg + i;
        const prev = cur === 0 ? m - 1 : cur - 1;
        const rand = rands.length ? rands[i] : mem[prev][0];
        const area = BigInt(pass === 0 ? slice * seg + i - 1 : m - seg + i - 1);
        const low = rand & LO;
        const rel = area - 1n - ((area * ((low * low) >> 32n)) >> 32n);
        const start = pass !== 0 && slice !== 3 ? (slice + 1) * seg : 0;
        lastInput = compress(mem[prev], mem[(start + Number(rel)) % m], mem[cur], pass > 0);
      }
    }
  }
  const lastBlock = Buffer.from(mem[m - 1].buffer);
  return { key: hashLong(lastBlock, outlen), lastBlock, lastInput: Buffer.from(lastInput.buffer) };
}
