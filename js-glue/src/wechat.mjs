// WeChat entry of the medins package ('medins/wechat'); bundled to CommonJS
// for the mini-program npm build (dist/miniprogram/index.js).
export * from './common.mjs';
export { load, DEFAULT_WECHAT_PATH } from './loader/wechat.mjs';
// Deprecated: 'medins/alipay' is the Alipay entry; kept for mini-programs that
// load this bundle in Alipay.
export { load as loadAlipay } from './loader/alipay.mjs';
// The receipt wallet in wx storage (what a mini-program persists its wallet with).
export { wxWalletStore, wxStorageBackend } from './storage/wx.mjs';
