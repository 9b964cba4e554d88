// Site → department → doctor → slot → confirm, in the order of the
// hospital's signed flow (it decides which step comes next).
const { run, journey } = require('../../lib/page.js');
const format = require('../../lib/format.js');
const { host } = require('../../lib/host.js');

const LIST = { select_site: 'site', select_department: 'department', select_doctor: 'doctor', select_slot: 'slot' };

Page({
  data: { step: '', what: '', items: [], picks: {}, busy: false, error: '' },
  onLoad() {
    return run(this, async () => {
      const j = journey();
      const flow = j.flow();
      if (!flow || flow.finished || j.flowRecord().kind !== 'registration') await j.startFlow('registration');
      await this.refresh();
    });
  },
  async refresh() {
    const j = journey();
    const flow = j.flow();
    if (flow.current === 'verify_identity') return host.redirectTo({ url: '/pages/identity/identity' });
    if (j.formPending()) {
      this.setData({ step: flow.current, what: '', items: [] });
      return host.navigateTo({ url: '/pages/form/form' });
    }
    const c = await j.choices();
    const what = LIST[flow.current] || '';
    const source = { site: c.sites, department: c.departments, doctor: c.doctors, slot: c.slots }[what] || [];
    const items = source.map((x) => ({
      id: x.id,
      label: what === 'slot' ? format.dateTime(x.start, 480) + ' – ' + format.dateTime(x.end, 480).slice(11)
        : format.name(x.name, 'zh') + (x.title ? ' · ' + format.name(x.title, 'zh') : ''),
    }));
    this.setData({ step: flow.current, what, items, picks: c.picks });
  },
  onPick(e) {
    return run(this, async () => {
      await journey().pick(this.data.what, e.currentTarget.dataset.id);
      await this.refresh();
    });
  },
  onConfirm() {
    return run(this, async () => {
      await journey().confirm();
      host.navigateTo({ url: '/pages/estimate/estimate' });
    });
  },
});
