import { selectRows, type Queryable, type WalletBalanceRow } from '@wallet-service/common';
import type { LockedOutput } from '../domain/lockedAtRead';

/** wallet_balance rows with their token's name, symbol and version (tokens unknown to `token` are left out). */
export interface WalletBalanceWithToken extends WalletBalanceRow {
  name: string;
  symbol: string;
  version: number;
}

export async function walletBalances(db: Queryable, walletId: string, tokenId?: string): Promise<WalletBalanceWithToken[]> {
  return selectRows<WalletBalanceWithToken>(
    db,
    'SELECT wb.*, t.name, t.symbol, t.version FROM wallet_balance wb JOIN token t ON t.id = wb.token_id ' +
      `WHERE wb.wallet_id = ?${tokenId === undefined ? '' : ' AND wb.token_id = ?'} ORDER BY wb.token_id`,
    tokenId === undefined ? [walletId] : [walletId, tokenId],
  );
}

/** Locked, unspent, unvoided outputs of the wallet for `tokens`: what a passed timelock may have unlocked. */
export async function lockedWalletOutputs(db: Queryable, walletId: string, tokens: readonly string[]): Promise<(LockedOutput & { token_id: string })[]> {
  if (tokens.length === 0) return [];
  return selectRows<LockedOutput & { token_id: string }>(
    db,
    'SELECT o.token_id, o.value, o.authorities, o.timelock, o.heightlock FROM address a ' +
      'JOIN tx_output o ON o.address = a.address AND o.token_id IN (?) AND o.spent_by IS NULL AND o.voided = FALSE AND o.locked = TRUE ' +
      'WHERE a.wallet_id = ?',
    [tokens, walletId],
  );
}
