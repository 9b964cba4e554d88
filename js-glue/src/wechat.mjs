// WeChat (and Alipay) entry of the medins package; bundled to CommonJS for
// the mini-program npm build (dist/miniprogram/index.js).
export { load, DEFAULT_WECHAT_PATH } from './loader/wechat.mjs';
export { load as loadAlipay } from './loader/alipay.mjs';
export { MedinsError, Sdk, EntropySource, createSdk } from './core.mjs';
// The receipt wallet in wx storage (what a mini-program persists its wallet with).
export { wxWalletStore, wxStorageBackend } from './storage/wx.mjs';
export { createWalletStore, WalletStoreError } from './storage/wallet-store.mjs';
