import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { hasTransactionsAfterFirst } from '../../data/addresses';

/** GET /wallet/addresses/has-transactions-outside-first-address: for the client's single-address mode. */
export const walletHasTxOutsideFirstAddress = defineRoute({
  name: 'walletHasTxOutsideFirstAddress',
  method: 'GET',
  path: '/wallet/addresses/has-transactions-outside-first-address',
  summary: 'Whether any address other than index 0 has transactions',
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  query: z.strictObject({}),
  response: z.object({ success: z.literal(true), hasTransactions: z.boolean() }),
  async run({ db, walletId }) {
    return { success: true, hasTransactions: await hasTransactionsAfterFirst(db, walletId) };
  },
});
