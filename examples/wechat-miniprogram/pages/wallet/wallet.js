// The receipt wallet: verified against tampering and rollback, listed and
// totalled per year. Everything is decrypted on the phone with the device key
// (the PIN once per visit).
const { run, journey, takePin } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

Page({
  data: { opened: false, valid: true, problem: '', receipts: [], years: [], flagged: false, locked: true, busy: false, error: '' },
  onShow() {
    this.setData({ locked: !journey().isUnlocked(), flagged: journey().flaggedCharges().lines.length > 0 });
  },
  onComplain() {
    host.navigateTo({ url: '/pages/complaint/complaint' });
  },
  onPin(e) { this.pin = e.detail.value; },
  onUnlock() {
    const pin = takePin(this);
    return run(this, async () => {
      const w = await journey().wallet(pin);
      this.setData({ opened: true, valid: w.valid, problem: w.problem || '', receipts: w.receipts, years: w.years });
    });
  },
});
