// What the patient is covered for: the insurer-signed coverage credential,
// verified on the phone (scheme, region, validity, recognized chronic
// conditions, long-term care). Every estimate runs under it.
const { run, journey } = require('../../lib/page.js');

Page({
  data: { coverage: null, busy: false, error: '' },
  onShow() {
    return run(this, async () => {
      this.setData({ coverage: await journey().coverage() });
    });
  },
});
