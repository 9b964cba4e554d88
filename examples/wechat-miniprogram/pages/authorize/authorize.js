// "Authorize the insurance code": the patient reads the consent text and the
// amounts and confirms (with the PIN, unless this visit already unlocked the
// device key); the device key signs a grant for exactly this order.
const { run, journey, takePin } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

Page({
  data: { consent: null, authorization: '', locked: true, busy: false, error: '' },
  onLoad() {
    return run(this, async () => this.setData({ consent: journey().consent() }));
  },
  onPin(e) { this.pin = e.detail.value; },
  onAuthorize() {
    const pin = takePin(this);
    return run(this, async () => {
      const r = await journey().authorize(pin);
      this.setData({ authorization: r.authorization });
      host.navigateTo({ url: '/pages/pay/pay' });
    });
  },
});
