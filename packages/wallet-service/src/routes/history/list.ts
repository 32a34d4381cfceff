import { HTR_UID } from '@wallet-service/common';
import { z } from 'zod';
import { invalidPayload } from '../../http/errors';
import { queryInt, tokenId } from '../../http/fields';
import { defineRoute } from '../../http/route';
import { walletHistoryPage } from '../../data/history';

const entry = z.object({
  txId: z.string(),
  timestamp: z.number(),
  voided: z.number(),
  balance: z.number(),
  version: z.number(),
  tx_kind: z.literal('transparent'),
  balanceBreakdown: z.object({ transparent: z.number(), shielded: z.number() }),
});

/** GET /wallet/history: the wallet's net movement per transaction for one token, newest first, paged. */
export const walletHistory = defineRoute({
  name: 'walletHistory',
  method: 'GET',
  path: '/wallet/history',
  summary: "One page of the wallet's history for a token (net balance per transaction), newest first",
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  etag: true,
  query: z.strictObject({ token_id: tokenId.default(HTR_UID), skip: queryInt(0).default(0), count: queryInt(1).optional() }),
  response: z.object({ success: z.literal(true), skip: z.number(), count: z.number(), history: z.array(entry) }),
  async run({ app, db, walletId, query }) {
    const max = app.config.TX_HISTORY_MAX_COUNT;
    if (query.count !== undefined && query.count > max) throw invalidPayload([{ message: `"count" must be at most ${max}`, path: ['count'] }]);
    const count = query.count ?? max;
    const rows = await walletHistoryPage(db, walletId, query.token_id, query.skip, count);
    return {
      success: true,
      skip: query.skip,
      count,
      history: rows.map((r) => {
        const balance = BigInt(r.balance);
        // `voided` stays a number: the client turns it into a boolean with === 1.
        return { txId: r.tx_id, timestamp: r.timestamp, voided: r.voided ? 1 : 0, balance, version: r.version, tx_kind: 'transparent', balanceBreakdown: { transparent: balance, shielded: 0 } };
      }),
    };
  },
});
