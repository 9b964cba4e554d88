// Browser entry of the medins package.
export { load } from './loader/browser.mjs';
export { MedinsError, Sdk, EntropySource, createSdk } from './core.mjs';
export { indexedDbWalletStore, indexedDbBackend } from './storage/indexeddb.mjs';
export { createWalletStore, WalletStoreError } from './storage/wallet-store.mjs';
