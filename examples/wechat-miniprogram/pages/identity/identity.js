const { run, journey, takePin } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

Page({
  data: { patientId: 'P-0001', name: '张伟', hasDevice: false, claims: null, busy: false, error: '' },
  onLoad() {
    this.setData({ hasDevice: !!journey().device() });
  },
  onPatientId(e) { this.setData({ patientId: e.detail.value }); },
  onName(e) { this.setData({ name: e.detail.value }); },
  onPin(e) { this.pin = e.detail.value; },
  onVerify() {
    const pin = takePin(this);
    return run(this, async () => {
      const verified = await journey().verifyIdentity({ patient_id: this.data.patientId, name: this.data.name, pin });
      this.setData({ claims: { sub: verified.claims.sub, exp: verified.claims.exp, kpid: verified.claims.cnf.kpid }, hasDevice: true });
      host.navigateTo({ url: '/pages/booking/booking' });
    });
  },
});
