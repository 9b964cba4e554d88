// The local estimate from the hospital-signed policy, with a reason for
// every fen the patient pays; it must agree with the order's amounts.
const { run, journey } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

Page({
  data: { total: '', split: [], reasons: [], warnings: [], matches: false, busy: false, error: '' },
  onLoad() {
    return run(this, async () => {
      const e = await journey().estimate();
      this.setData({ total: e.total, split: e.split, reasons: e.reasons, warnings: e.warnings, matches: e.matches });
    });
  },
  onAccept() {
    return run(this, async () => {
      await journey().acceptEstimate();
      host.navigateTo({ url: '/pages/authorize/authorize' });
    });
  },
});
