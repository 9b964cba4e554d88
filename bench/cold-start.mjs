// Cold start: a fresh Node process imports the SDK, instantiates the module,
// runs the self-test and one op. Median of N processes, side by side with
// node:crypto and libsodium-wrappers doing the equivalent first Ed25519 key.
// Usage: node bench/cold-start.mjs [runs=20]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] || 20);
const contestants = {
  'medins (wasm)': `const t=performance.now(); const {load}=await import('medins'); const s=await load(); s.generateKeys({type:'public'}); console.log(performance.now()-t);`,
  'node:crypto': `const t=performance.now(); const c=await import('node:crypto'); c.generateKeyPairSync('ed25519'); console.log(performance.now()-t);`,
  'libsodium-wrappers': `const t=performance.now(); const m=(await import('node:module')).createRequire(process.cwd()+'/x.js')('libsodium-wrappers'); await m.ready; m.crypto_sign_keypair(); console.log(performance.now()-t);`,
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
export function coldStart() {
  const results = {};
  for (const [name, code] of Object.entries(contestants)) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      times.push(Number(r.stdout.trim()));
    }
    results[name] = median(times);
  }
  return results;
}
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = coldStart();
  for (const [name, ms] of Object.entries(r)) console.log(`${name.padEnd(20)} ${ms.toFixed(2)} ms (median of ${runs})`);
}
