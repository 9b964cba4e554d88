// Inside `jsc`: the SDK's entropy from a file of random bytes Node drew
// (node:crypto) for this process; each byte serves once, and running out is
// an error, never a PRNG. For the bench scripts that re-run themselves in jsc.
import { EntropySource } from '../js-glue/src/core.mjs';

export function fileEntropy(path) {
  const random = globalThis.readFile(path, 'binary');
  let used = 0;
  return new EntropySource({
    sync: (a) => {
      if (used + a.length > random.length) throw new Error('bench: random file exhausted');
      a.set(random.subarray(used, used + a.length));
      used += a.length;
    },
  });
}
