// Node entry of the medins package.
export { load } from './loader/node.mjs';
export { MedinsError, Sdk, EntropySource, createSdk, utf8Encode, utf8Decode } from './core.mjs';
export { nodeWalletStore, nodeFileBackend } from './storage/node.mjs';
export { createWalletStore, WalletStoreError } from './storage/wallet-store.mjs';
