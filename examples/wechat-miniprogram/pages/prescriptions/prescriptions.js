// "Outpatient payment": pick the site, then the prescription (exams, drugs)
// to pay; estimate, authorize and pay are the same pages as for a booking.
const { run, journey } = require('../../lib/page.js');
const format = require('../../lib/format.js');
const { host } = require('../../lib/host.js');

Page({
  data: { step: '', sites: [], prescriptions: [], busy: false, error: '' },
  onLoad() {
    return run(this, async () => {
      const j = journey();
      const flow = j.flow();
      if (!flow || flow.finished || j.flowRecord().kind !== 'outpatient-payment') await j.startFlow('outpatient-payment');
      await this.refresh();
    });
  },
  async refresh() {
    const j = journey();
    const step = j.flow().current;
    if (step === 'select_site') {
      const c = await j.choices();
      this.setData({ step, sites: c.sites.map((s) => ({ id: s.id, label: format.name(s.name, 'zh') })) });
    } else if (step === 'select_prescription') {
      this.setData({ step, prescriptions: await j.prescriptions() });
    } else {
      this.setData({ step });
    }
  },
  onSite(e) {
    return run(this, async () => {
      await journey().pick('site', e.currentTarget.dataset.id);
      await this.refresh();
    });
  },
  onPrescription(e) {
    return run(this, async () => {
      await journey().choosePrescription(e.currentTarget.dataset.id);
      host.navigateTo({ url: '/pages/estimate/estimate' });
    });
  },
});
