// Where the hospital backend is (examples/hospital-backend). In the developer
// tools, tick "Does not verify valid domain names" (project.config.json has
// urlCheck: false) to reach it on loopback; a released mini-program needs an
// https:// domain on its request whitelist.
module.exports = {
  baseUrl: 'http://127.0.0.1:8480',
  // WeChat's language (zh_CN, en, …) picks the status notifications' language.
  lang: 'zh',
  // Beijing: status times and due dates are shown at UTC+8.
  tzOffsetMin: 480,
  // Argon2id of the PIN device: 9 MiB x 4 passes, OWASP's minimum at the least
  // time and memory in iOS WeChat, which runs wasm without JIT (docs/identity.md).
  deviceCosts: { memlimit: 9 * 1024 * 1024, opslimit: 4 },
  // Alipay: where the module is in the code package, and the host's CSPRNG
  // (Alipay has none in the logic layer: an Alipay build must supply one).
  alipayWasmPath: '/miniprogram_npm/medins/medins.wasm.br',
  randomBytes: null,
};
