// The mini-program: one journey object (lib/journey.js) shared by every page.
// lib/host.js picks medins's entry for the runtime: in WeChat `require('medins')`
// resolves to miniprogram_npm/medins/ after "Build npm"; in Alipay 'medins/alipay'.
const config = require('./lib/config.js');
const { host, medins, load, walletStore } = require('./lib/host.js');
const { createJourney } = require('./lib/journey.js');

App({
  onLaunch() {
    const info = host.getSystemInfoSync ? host.getSystemInfoSync() : {};
    const lang = /^zh/.test(info.language || config.lang) ? 'zh' : 'en';
    this.journey = createJourney({ wx: host, medins, load, walletStore: walletStore(), baseUrl: config.baseUrl, lang,
      tzOffsetMin: config.tzOffsetMin, deviceCosts: config.deviceCosts });
    // Loads the SDK (fills the entropy pool, instantiates the module, runs its
    // self-test) and reads the hospital's keys while the first page renders.
    this.ready = this.journey.ready().catch((e) => {
      console.error('medins failed to start', e.code || '', e.message);
      throw e;
    });
  },
  // The unlocked device key lives no longer than the visit: hidden is over.
  onHide() {
    if (this.journey) this.journey.lock();
  },
});
