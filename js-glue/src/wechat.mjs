// WeChat (and Alipay) entry of the medins package; bundled to CommonJS for
// the mini-program npm build (dist/miniprogram/index.js).
export { load, DEFAULT_WECHAT_PATH } from './loader/wechat.mjs';
export { load as loadAlipay } from './loader/alipay.mjs';
export { MedinsError, Sdk, EntropySource, createSdk } from './core.mjs';
