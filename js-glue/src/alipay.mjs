// Alipay entry of the medins package ('medins/alipay'); bundled to CommonJS
// beside the WeChat one (dist/miniprogram/alipay.js).
export * from './common.mjs';
export { load } from './loader/alipay.mjs';
// The receipt wallet in my storage (200 KB per key).
export { myWalletStore, myStorageBackend } from './storage/wx.mjs';
