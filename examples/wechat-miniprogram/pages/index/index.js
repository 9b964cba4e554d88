const { run, journey } = require('../../lib/page.js');
const format = require('../../lib/format.js');
const { host } = require('../../lib/host.js');

Page({
  data: { hospital: '', verified: false, patient: '', step: '', inbox: 0, busy: false, error: '' },
  onShow() {
    return run(this, async () => {
      const j = journey();
      const { config } = await j.ready();
      const id = await j.identity();
      const flow = j.flow();
      this.setData({
        hospital: format.name(config.hospital.name, 'zh'),
        verified: !!id, patient: id ? id.claims.sub : '',
        step: flow && !flow.finished ? flow.current : '',
        inbox: j.inbox().length,
      });
    });
  },
  go(e) {
    host.navigateTo({ url: '/pages/' + e.currentTarget.dataset.page + '/' + e.currentTarget.dataset.page });
  },
});
