// Timing and the cases every JS contestant runs, in Node (ops.mjs,
// primitives.mjs) and in JavaScriptCore's shell (in-jsc.mjs): nothing here
// touches a runtime's globals, the caller gives the clock and the randomness.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Times `fn`: a warm-up run, then the median of `runs` runs of at least
 * `runMs` (and one call) each. Returns {rate (ops/s), runs, calls}. A case
 * slower than 1 s a call gets at most 3 runs; with `budgetMs`, the timed runs
 * of a slow case fit in about that time (at least one run), so `runs` may come
 * back smaller than asked: the caller reports it. `firstMs`: the time of a
 * call just made, which serves as the warm-up when it lasted a whole run.
 */
export function timeRuns(fn, { now, runs = 5, runMs = 300, budgetMs = Infinity, firstMs = 0 }) {
  const rates = [];
  let calls = 0;
  let r = firstMs >= runMs ? 0 : -1;  // -1: the warm-up run
  if (r === 0) runs = fit(runs, firstMs, runMs, budgetMs);
  for (; r < runs; r++) {
    let n = 0;
    const start = now();
    let elapsed;
    do {
      fn();
      n++;
      elapsed = now() - start;
    } while (elapsed < runMs);
    if (r === -1) runs = fit(runs, elapsed / n, runMs, budgetMs);
    else {
      rates.push((n * 1000) / elapsed);
      calls += n;
    }
  }
  return { rate: median(rates), runs, calls };
}

function fit(runs, callMs, runMs, budgetMs) {
  if (callMs > 1000) runs = Math.min(runs, 3);
  return Math.max(1, Math.min(runs, Math.floor(budgetMs / Math.max(runMs, callMs))));
}

/**
 * Each op case (cases.mjs: {name, op, input: "<json text>", now, setup?})
 * through sdk.callRaw: a case with `setup` first runs it (device.unlock,
 * policy.prepare) and adds its output field to the input; one call that must succeed (else null, the
 * reason to `warn`), then `measure(fn, firstMs)`. `setNow(seconds)` sets the
 * clock the sdk reads.
 */
export function timeOps(sdk, cases, { setNow, now, measure, warn }) {
  const out = {};
  for (const c of cases) {
    setNow(c.now ?? 1767225600);
    let input = c.input;
    if (c.setup) {
      const done = sdk.callRaw(c.setup.op, c.setup.input);
      if (done.outcome !== 0) {
        warn(`${c.name}: ${c.setup.op}: ${done.text.slice(0, 300)}`);
        out[c.name] = null;
        continue;
      }
      input = JSON.stringify({ ...JSON.parse(input), [c.setup.field]: JSON.parse(done.text)[c.setup.field] });
    }
    const t0 = now();
    const first = sdk.callRaw(c.op, input);
    const firstMs = now() - t0;
    if (first.outcome !== 0) {
      warn(`${c.name}: ${first.text.slice(0, 300)}`);
      out[c.name] = null;
      continue;
    }
    out[c.name] = measure(() => sdk.callRaw(c.op, input), firstMs);
  }
  return out;
}

/**
 * libsodium.js's primitive rows (ready `s`), on inputs from `random(n)`:
 * ed25519.sign / ed25519.verify (64-byte message), sealedbox.open.512,
 * xchacha20poly1305.encrypt.1k, blake2b256.1k.
 */
export function timeSodium(s, random, measure) {
  const msg = random(64);
  const kib = random(1024);
  const out = {};
  const { publicKey, privateKey } = s.crypto_sign_keypair();
  const sig = s.crypto_sign_detached(msg, privateKey);
  out['ed25519.sign'] = measure(() => s.crypto_sign_detached(msg, privateKey));
  out['ed25519.verify'] = measure(() => s.crypto_sign_verify_detached(sig, msg, publicKey));
  const box = s.crypto_box_keypair();
  const sealed = s.crypto_box_seal(random(512), box.publicKey);
  out['sealedbox.open.512'] = measure(() => s.crypto_box_seal_open(sealed, box.publicKey, box.privateKey));
  const key = random(32), nonce = random(24);
  out['xchacha20poly1305.encrypt.1k'] = measure(() =>
    s.crypto_aead_xchacha20poly1305_ietf_encrypt(kib, null, null, nonce, key));
  out['blake2b256.1k'] = measure(() => s.crypto_generichash(32, kib));
  return out;
}
