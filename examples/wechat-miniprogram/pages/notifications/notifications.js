// Signed status events (booking, payment, an NZOK drug protocol), applied in
// order to the patient's timelines and rendered in the patient's language.
const { run, journey } = require('../../lib/page.js');

Page({
  data: { current: [], due: [], busy: false, error: '' },
  onShow() {
    return run(this, async () => {
      const n = await journey().notifications(30);
      this.setData({ current: n.current, due: n.due });
    });
  },
});
