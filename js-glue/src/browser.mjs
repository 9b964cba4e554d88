// Browser entry of the medins package.
export { load } from './loader/browser.mjs';
export { MedinsError, Sdk, EntropySource, createSdk } from './core.mjs';
