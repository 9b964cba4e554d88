// What every entry of the package exports besides its loader and its storage
// backend: the runtime-neutral core, the wallet store and the UTF-8 codec
// (mini-programs have no TextEncoder/TextDecoder).
export { MedinsError, Sdk, EntropySource, createSdk, utf8Encode, utf8Decode } from './core.mjs';
export { createWalletStore, WalletStoreError } from './storage/wallet-store.mjs';
