// PIN devices wrapped at 1 MiB / 1 pass of Argon2id, as device.create made
// them before OWASP's floor (docs/identity.md): device.create refuses that
// cost now, opening still takes it, so tests that open a PIN device on every
// call stay fast. Written here from the v1 layout, not by the core, so an
// independent writer holds the format existing devices are stored in.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { argon2id } from '@noble/hashes/argon2';

const sodium = createRequire(import.meta.url)('libsodium-wrappers');  // its ESM build does not load in Node

await sodium.ready;

const HEADER = 'medins.device.v1.pin.';

/** {device, public, seed} of a new PIN device at 1 MiB / 1 pass (`seed` for tests that look for it in memory). */
export function preFloorPinDevice(pin, seed = randomBytes(32)) {
  const salt = randomBytes(16);
  const costs = Buffer.alloc(12);
  costs.writeBigUInt64BE(1048576n, 0);
  costs.writeUInt32BE(1, 8);
  const { publicKey } = sodium.crypto_sign_seed_keypair(seed);
  const prefix = Buffer.concat([salt, costs, publicKey]);  // the AEAD's associated data, after the header
  const nonce = randomBytes(24);
  const key = argon2id(Buffer.from(pin), salt, { t: 1, m: 1024, p: 1, dkLen: 32 });
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(seed, Buffer.concat([Buffer.from(HEADER), prefix]), null, nonce, key);
  return {
    device: HEADER + Buffer.concat([prefix, nonce, sealed]).toString('base64url'),
    public: 'k4.public.' + Buffer.from(publicKey).toString('base64url'),
    seed: Buffer.from(seed),
  };
}
