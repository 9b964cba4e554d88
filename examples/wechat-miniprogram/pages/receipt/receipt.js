// Opens the sealed receipts waiting for this device (the PIN if this visit
// has not unlocked the device key yet), checks the
// hospital's signature and totals, and keeps them in the wallet.
const { run, journey, takePin } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

Page({
  data: { waiting: 0, receipts: [], locked: true, busy: false, error: '' },
  onShow() {
    this.setData({ waiting: journey().inbox().length, locked: !journey().isUnlocked() });
  },
  onPin(e) { this.pin = e.detail.value; },
  onOpen() {
    const pin = takePin(this);
    return run(this, async () => {
      const added = await journey().collectReceipts(pin);
      this.setData({ receipts: added, waiting: journey().inbox().length });
    });
  },
  onWallet() {
    host.navigateTo({ url: '/pages/wallet/wallet' });
  },
});
