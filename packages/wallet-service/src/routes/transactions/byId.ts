import { z } from 'zod';
import { ApiError } from '../../http/errors';
import { txId } from '../../http/fields';
import { defineRoute } from '../../http/route';
import { walletTxTokens } from '../../data/history';
import { tokenInfo } from '../../shape/balances';

/** GET /wallet/transactions/{txId}: what a transaction that stands did to this wallet, per token. */
export const walletTransaction = defineRoute({
  name: 'walletTransaction',
  method: 'GET',
  path: '/wallet/transactions/{txId}',
  summary: 'A transaction of the wallet: its balance per token',
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  params: z.strictObject({ txId }),
  response: z.object({
    success: z.literal(true),
    txTokens: z.array(
      z.object({
        txId: z.string(),
        timestamp: z.number(),
        version: z.number(),
        voided: z.boolean(),
        height: z.number().nullable(),
        weight: z.number(),
        balance: z.number(),
        tokenId: z.string(),
        tokenName: z.string(),
        tokenSymbol: z.string(),
      }),
    ),
  }),
  async run({ db, walletId, params }) {
    const rows = await walletTxTokens(db, walletId, params.txId);
    if (rows.length === 0) throw new ApiError('tx-not-found', { message: 'Transaction not found' });
    return {
      success: true,
      txTokens: rows.map((r) => {
        const token = tokenInfo(r.token_id, r.name ?? '', r.symbol ?? '', 0);
        return {
          txId: r.tx_id,
          timestamp: r.timestamp,
          version: r.version,
          voided: false,
          height: r.height,
          weight: r.weight ?? 0,
          balance: BigInt(r.balance),
          tokenId: r.token_id,
          tokenName: token.name,
          tokenSymbol: token.symbol,
        };
      }),
    };
  },
});
