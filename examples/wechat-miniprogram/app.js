// The mini-program: one journey object (lib/journey.js) shared by every page.
// `require('medins')` resolves to miniprogram_npm/medins/ after "Build npm".
const medins = require('medins');
const config = require('./lib/config.js');
const { createJourney } = require('./lib/journey.js');

App({
  onLaunch() {
    const info = wx.getSystemInfoSync ? wx.getSystemInfoSync() : {};
    const lang = /^zh/.test(info.language || config.lang) ? 'zh' : 'en';
    this.journey = createJourney({ wx, medins, baseUrl: config.baseUrl, lang, tzOffsetMin: config.tzOffsetMin,
      deviceCosts: config.deviceCosts });
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
