// estimate through policies prepared once. Without this, every estimate
// carries its policy into the module as JSON and the core parses and
// validates it again: most of an estimate's cost in an interpreter
// (docs/performance.md). The first estimate with a policy (or a bundle and
// its keys) runs policy.prepare; later ones with the same pass its handle.
import { MedinsError } from './core.mjs';

// As many as the core keeps (kMaxPreparedPolicies): an evicted handle would
// only cost a fallback, but there is no point remembering more.
const MAX_CACHED = 8;

function cacheKey({ policy, policy_bundle: bundle, keys, policy_handle: handle }) {
  if (handle !== undefined) return null;
  if (typeof bundle === 'string' && policy === undefined && Array.isArray(keys)) return `b${JSON.stringify([bundle, keys])}`;
  if (policy !== null && typeof policy === 'object' && bundle === undefined && keys === undefined)
    return `p${JSON.stringify(policy)}`;
  return null;
}

/**
 * estimate's output for `input` through a prepared policy, or null where the
 * caller must run estimate as given: no policy to prepare, a policy the core
 * refuses to prepare, or any refusal of the prepared estimate (so that every
 * error is the one estimate gives with the policy itself). `call(op, input)`
 * runs an op in the module; `state` is the Sdk's, which holds the cache.
 */
export function estimateWithPreparedPolicy(call, input, state) {
  const key = cacheKey(input);
  if (key === null) return null;
  const cache = state.preparedPolicies || (state.preparedPolicies = new Map());
  let handle = cache.get(key);
  if (handle !== undefined) cache.delete(key); // re-inserted below: the Map's order is the use order
  else {
    const { policy, policy_bundle: bundle, keys } = input;
    try {
      handle = call('policy.prepare', bundle !== undefined ? { policy_bundle: bundle, keys } : { policy }).policy_handle;
    } catch (err) {
      if (err instanceof MedinsError) return null;
      throw err;
    }
  }
  cache.set(key, handle);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value);
  const { policy: _p, policy_bundle: _b, keys: _k, ...rest } = input;
  try {
    return call('estimate', { ...rest, policy_handle: handle });
  } catch (err) {
    if (!(err instanceof MedinsError)) throw err;
    // policy.unknown_handle: dropped by the core for newer ones (or the
    // module was reloaded); the next estimate prepares it again.
    if (err.code === 'policy.unknown_handle') cache.delete(key);
    return null;
  }
}
