import { z } from 'zod';
import { ApiError } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { findToken, tokenSupply } from '../../data/tokens';
import { flags, tokenInfoSchema, tokenInfo } from '../../shape/balances';

/**
 * GET /wallet/tokens/{token_id}/details: a custom token's supply, transaction count and which
 * authorities still exist. Answered from the synced tables (the same snapshot as every other read)
 * rather than by asking the node: it is what the node's thin_wallet/token reports for outputs with an
 * address, and it keeps the client's send/mint/melt path working while the node is slow or away.
 */
export const tokenDetails = defineRoute({
  name: 'tokenDetails',
  method: 'GET',
  path: '/wallet/tokens/{token_id}/details',
  summary: "A custom token's info, total supply, transaction count and existing authorities",
  auth: 'wallet',
  db: 'snapshot',
  params: z.strictObject({ token_id: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a token uid of 64 hexadecimal characters').transform((s) => s.toLowerCase()) }),
  response: z.object({
    success: z.literal(true),
    details: z.object({
      tokenInfo: tokenInfoSchema,
      totalSupply: z.number(),
      totalTransactions: z.number(),
      authorities: z.object({ mint: z.boolean(), melt: z.boolean() }),
    }),
  }),
  async run({ db, params }) {
    const token = await findToken(db, params.token_id);
    if (!token) throw new ApiError('token-not-found', { details: [{ message: 'Token not found', path: ['token_id'] }] });
    const supply = await tokenSupply(db, token.id);
    return {
      success: true,
      details: {
        tokenInfo: tokenInfo(token.id, token.name, token.symbol, token.version),
        totalSupply: supply.total,
        totalTransactions: token.transactions,
        authorities: flags(supply.authorities),
      },
    };
  },
});
