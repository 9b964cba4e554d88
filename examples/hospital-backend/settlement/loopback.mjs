// The loopback rail: no insurer and no payment channel, the split the patient
// signed is what "settles". What the reference backend uses unless told
// otherwise (settlement/index.mjs).
import { rid } from '../store.mjs';

export function loopbackSettlement() {
  return {
    name: 'loopback',
    async preSettle({ order }) {
      const { fund_fen, account_fen, cash_fen } = order.amounts;
      return { fund_fen, account_fen, cash_fen };
    },
    async settle({ authorization }, figures) {
      return {
        authorization_number: authorization.number,
        insurer_ref: `SETL-${rid(5).toUpperCase()}`,
        fund_fen: figures.fund_fen, account_fen: figures.account_fen, cash_fen: figures.cash_fen,
        cash_method: figures.cash_fen > 0 ? 'wechat_pay (simulated)' : 'none',
      };
    },
    async reverse() {},
  };
}
