// What every entry of the package exports besides its loader and its storage
// backend: the runtime-neutral core, the wallet store and the display helpers
// (money, the estimate's reasons and warnings). (The glue's UTF-8
// codec is internal: the API is strings; tests import it from core.mjs.)
export { MedinsError, Sdk, EntropySource, createSdk } from './core.mjs';
export { createWalletStore, WalletStoreError } from './storage/wallet-store.mjs';
export { yuan, percent, reasonText, warningText, TEXT_LANGUAGES } from './format.mjs';
