// Per-function code size of a wasm module built with `--profiling-funcs`
// (names in the name section), grouped by owner: nlohmann/json, libc++,
// libsodium, medins modules, libc. Used for docs/performance.md.
// Usage: node bench/func-sizes.mjs MODULE.wasm [TOP=25]
import { readFileSync } from 'node:fs';

const bytes = readFileSync(process.argv[2]);
const top = Number(process.argv[3] || 25);
let p = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 127) << s; s += 7; } while (b & 128); return r >>> 0; };
const name = () => { const n = u32(); const t = bytes.subarray(p, p + n).toString(); p += n; return t; };
let importedFuncs = 0;
const bodies = [];
const names = new Map();
const sections = {};
while (p < bytes.length) {
  const id = bytes[p++];
  const size = u32();
  const end = p + size;
  if (id === 0) {
    const n = name();
    sections[`custom:${n}`] = size;
    if (n === 'name') {
      while (p < end) {
        const sub = bytes[p++]; const len = u32(); const subEnd = p + len;
        if (sub === 1) { const count = u32(); for (let i = 0; i < count; i++) { const idx = u32(); names.set(idx, name()); } }
        p = subEnd;
      }
    }
  } else {
    sections[id] = (sections[id] || 0) + size;
    if (id === 2) {
      const count = u32();
      for (let i = 0; i < count; i++) {
        name(); name(); const kind = bytes[p++];
        if (kind === 0) { u32(); importedFuncs++; } else if (kind === 1) { p++; const f = bytes[p++]; u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = bytes[p++]; u32(); if (f & 1) u32(); } else if (kind === 3) { p += 2; }
      }
    } else if (id === 10) {
      const count = u32();
      for (let i = 0; i < count; i++) { const len = u32(); bodies.push({ index: importedFuncs + i, size: len }); p += len; }
    }
  }
  p = end;
}
const owner = (n) => {
  if (/nlohmann/.test(n)) return 'nlohmann/json';
  if (/^(crypto_|sodium_|_?randombytes|blake2b|fe25519|ge25519|sc25519|argon2|_crypto|escrypt|chacha|salsa|poly1305|x25519|curve25519|ed25519|hchacha|stream_|core_|_sodium|slide|crypto_generichash|ristretto|store|load)/.test(n)) return 'libsodium';
  const m = n.match(/medins::(\w+)/);
  if (m) return `medins::${m[1]}`;
  if (/std::|__2::|operator new|operator delete/.test(n)) return 'libc++';
  return 'libc/other';
};
const groups = {};
let total = 0;
for (const b of bodies) {
  const n = names.get(b.index) || `func${b.index}`;
  b.name = n;
  const g = owner(n);
  groups[g] = (groups[g] || 0) + b.size;
  total += b.size;
}
console.log(`code section: ${total} bytes in ${bodies.length} functions; data: ${sections[11] || 0} bytes`);
for (const [g, s] of Object.entries(groups).sort((a, b) => b[1] - a[1]))
  console.log(`${String(s).padStart(8)}  ${(100 * s / total).toFixed(1).padStart(5)}%  ${g}`);
console.log(`\nlargest ${top}:`);
for (const b of bodies.sort((a, b) => b.size - a.size).slice(0, top))
  console.log(`${String(b.size).padStart(8)}  ${b.name.slice(0, 150)}`);
