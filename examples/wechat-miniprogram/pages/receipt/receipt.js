// Opens the sealed receipts waiting for this device (PIN), checks the
// hospital's signature and totals, and keeps them in the wallet.
const { run, journey, takePin } = require('../../lib/page.js');

Page({
  data: { waiting: 0, receipts: [], busy: false, error: '' },
  onShow() {
    this.setData({ waiting: journey().inbox().length });
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
    wx.navigateTo({ url: '/pages/wallet/wallet' });
  },
});
