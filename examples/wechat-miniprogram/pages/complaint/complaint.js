// A complaint to the insurer about a service the policy covers in full that
// the patient was charged for: the flagged estimate and the hospital-signed
// receipt go as evidence, signed by the device key and sealed to the insurer.
// Its progress (registered, level 1 to 3, the decision) comes back as status
// notifications.
const { run, journey, takePin } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

const DEFAULT_TEXT = '医保目录内全额报销的项目被要求自费。A service the policy covers in full was charged to me.';

Page({
  data: { lines: [], text: DEFAULT_TEXT, sent: null, locked: true, busy: false, error: '' },
  onShow() {
    this.setData({ lines: journey().flaggedCharges().lines, locked: !journey().isUnlocked() });
  },
  onText(e) { this.setData({ text: e.detail.value }); },
  onPin(e) { this.pin = e.detail.value; },
  onSend() {
    const pin = takePin(this);
    return run(this, async () => {
      const sent = await journey().complain({ text: this.data.text, pin });
      this.setData({ sent, lines: [] });
    });
  },
  onNotifications() {
    host.navigateTo({ url: '/pages/notifications/notifications' });
  },
});
