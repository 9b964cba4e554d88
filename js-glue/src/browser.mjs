// Browser entry of the medins package ('medins/browser'): no node: import.
export * from './common.mjs';
export { load } from './loader/browser.mjs';
export { indexedDbWalletStore, indexedDbBackend } from './storage/indexeddb.mjs';
