// One contestant's crypto primitives in this process; prints {case: ops/s}.
// Usage: node bench/primitives.mjs libsodium-wrappers|tweetnacl|noble|node-crypto
// Cases (null = the contestant has no such primitive):
//   ed25519.sign / ed25519.verify (64-byte message), sealedbox.open.512,
//   xchacha20poly1305.encrypt.1k, blake2b256.1k.
// medins itself is timed through its ops (bench/ops.mjs), natively in bench/native_bench.cpp;
// libsodium.js in JavaScriptCore by bench/in-jsc.mjs, with the same cases (timing.mjs).
import * as nodeCrypto from 'node:crypto';
import { measure, require } from './lib.mjs';
import { timeSodium } from './timing.mjs';

const who = process.argv[2];
const msg = nodeCrypto.randomBytes(64);
const kib = nodeCrypto.randomBytes(1024);
const out = {};

if (who === 'libsodium-wrappers') {
  const s = require('libsodium-wrappers');
  await s.ready;
  Object.assign(out, timeSodium(s, (n) => nodeCrypto.randomBytes(n), measure));
} else if (who === 'tweetnacl') {
  const nacl = require('tweetnacl');
  const kp = nacl.sign.keyPair();
  const sig = nacl.sign.detached(msg, kp.secretKey);
  out['ed25519.sign'] = measure(() => nacl.sign.detached(msg, kp.secretKey));
  out['ed25519.verify'] = measure(() => nacl.sign.detached.verify(msg, sig, kp.publicKey));
  out['sealedbox.open.512'] = null;          // no sealed box (no BLAKE2b for its nonce)
  out['xchacha20poly1305.encrypt.1k'] = null; // only XSalsa20-Poly1305
  out['blake2b256.1k'] = null;
} else if (who === 'noble') {
  const { ed25519 } = await import('@noble/curves/ed25519');
  const { blake2b } = await import('@noble/hashes/blake2b');
  const sk = ed25519.utils.randomPrivateKey();
  const pk = ed25519.getPublicKey(sk);
  const sig = ed25519.sign(msg, sk);
  out['ed25519.sign'] = measure(() => ed25519.sign(msg, sk));
  out['ed25519.verify'] = measure(() => ed25519.verify(sig, msg, pk));
  out['sealedbox.open.512'] = null;          // needs @noble/ciphers (not a dependency)
  out['xchacha20poly1305.encrypt.1k'] = null; // idem
  out['blake2b256.1k'] = measure(() => blake2b(kib, { dkLen: 32 }));
} else if (who === 'node-crypto') {
  const { publicKey, privateKey } = nodeCrypto.generateKeyPairSync('ed25519');
  const sig = nodeCrypto.sign(null, msg, privateKey);
  out['ed25519.sign'] = measure(() => nodeCrypto.sign(null, msg, privateKey));
  out['ed25519.verify'] = measure(() => nodeCrypto.verify(null, msg, publicKey, sig));
  out['sealedbox.open.512'] = null;          // no XSalsa20
  // IETF ChaCha20-Poly1305 (12-byte nonce): OpenSSL has no XChaCha20 AEAD.
  const key = nodeCrypto.randomBytes(32), nonce = nodeCrypto.randomBytes(12);
  out['xchacha20poly1305.encrypt.1k'] = measure(() => {
    const c = nodeCrypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    c.update(kib); c.final(); c.getAuthTag();
  });
  // OpenSSL's BLAKE2b-512 (64-byte digest): no 256-bit variant in Node 20.
  out['blake2b256.1k'] = measure(() => nodeCrypto.createHash('blake2b512').update(kib).digest());
} else {
  console.error('usage: node bench/primitives.mjs libsodium-wrappers|tweetnacl|noble|node-crypto');
  process.exit(2);
}
console.log(JSON.stringify(out));
