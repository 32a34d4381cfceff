import { toBigInt } from '@wallet-service/common';
import { z } from 'zod';
import { balanceAtRead, mayHaveExpired, type StoredBalance } from '../domain/lockedAtRead';
import { queryBool, tokenId } from '../http/fields';
import { defineRoute } from '../http/route';
import { lockedWalletOutputs, walletBalances } from '../data/balances';
import { readBestHeight } from '../data/sync';
import { findToken } from '../data/tokens';
import { balanceEntrySchema, toBalanceEntry, tokenInfo } from '../shape/balances';

/**
 * GET /wallet/balances[?token_id=]: the wallet's balance per token as of this moment (timelocks that
 * passed since the daemon's last commit count as unlocked), from one snapshot, with an ETag.
 */
export const walletBalancesRoute = defineRoute({
  name: 'walletBalances',
  method: 'GET',
  path: '/wallet/balances',
  summary: "The wallet's unlocked and locked balance and authorities per token",
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  etag: true,
  query: z.strictObject({
    token_id: tokenId.optional(),
    split: queryBool.refine((v) => !v, 'must be false: this API keeps no shielded balances').optional(),
  }),
  response: z.object({ success: z.literal(true), balances: z.array(balanceEntrySchema), status: z.string() }),
  async run({ db, walletId, wallet, query, now }) {
    const rows = await walletBalances(db, walletId, query.token_id);
    const stored = rows.map((r): StoredBalance & { tokenId: string } => ({
      tokenId: r.token_id,
      unlocked: toBigInt(r.unlocked_balance),
      locked: toBigInt(r.locked_balance),
      unlockedAuthorities: r.unlocked_authorities,
      lockedAuthorities: r.locked_authorities,
      timelockExpires: r.timelock_expires,
    }));
    const expiring = stored.filter((b) => mayHaveExpired(b, now)).map((b) => b.tokenId);
    const locked = await lockedWalletOutputs(db, walletId, expiring);
    const bestHeight = expiring.length > 0 ? await readBestHeight(db) : -1;
    const balances = rows.map((r, i) => {
      const b = expiring.includes(r.token_id) ? balanceAtRead(stored[i], locked.filter((o) => o.token_id === r.token_id), bestHeight, now) : stored[i];
      return toBalanceEntry(tokenInfo(r.token_id, r.name, r.symbol, r.version), r.transactions, b);
    });
    if (query.token_id !== undefined && balances.length === 0) {
      const token = await findToken(db, query.token_id);
      if (token) {
        const zero = { unlocked: 0n, locked: 0n, unlockedAuthorities: 0, lockedAuthorities: 0, timelockExpires: null };
        balances.push(toBalanceEntry(tokenInfo(token.id, token.name, token.symbol, token.version), 0, zero));
      }
    }
    return { success: true, balances, status: wallet!.status };
  },
});
