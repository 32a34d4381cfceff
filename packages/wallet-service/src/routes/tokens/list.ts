import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { walletTokenIds } from '../../data/tokens';

/** GET /wallet/tokens: the tokens the wallet has history in. */
export const walletTokens = defineRoute({
  name: 'walletTokens',
  method: 'GET',
  path: '/wallet/tokens',
  summary: 'Token uids the wallet has transactions in',
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  query: z.strictObject({}),
  response: z.object({ success: z.literal(true), tokens: z.array(z.string()) }),
  async run({ db, walletId }) {
    return { success: true, tokens: await walletTokenIds(db, walletId) };
  },
});
