// Sends the grant; the backend verifies it, settles the fund and account
// parts with the insurer and seals the receipt to this device.
const { run, journey } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

Page({
  data: { paid: null, busy: false, error: '' },
  onLoad() {
    return run(this, async () => {
      const paid = await journey().pay();
      this.setData({ paid: { authorization: paid.authorization, fund: paid.fund, account: paid.account, cash: paid.cash } });
    });
  },
  onReceipt() {
    host.navigateTo({ url: '/pages/receipt/receipt' });
  },
});
