// Node entry of the medins package ('medins').
export * from './common.mjs';
export { load } from './loader/node.mjs';
export { nodeWalletStore, nodeFileBackend } from './storage/node.mjs';
