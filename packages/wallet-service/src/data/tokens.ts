import { selectOne, selectRows, type Queryable, type TokenRow } from '@wallet-service/common';

export async function findToken(db: Queryable, id: string): Promise<TokenRow | null> {
  return selectOne<TokenRow>(db, 'SELECT id, name, symbol, transactions, version FROM token WHERE id = ?', [id]);
}

/** Tokens the wallet has history in (a loose scan of the history's primary key prefix). */
export async function walletTokenIds(db: Queryable, walletId: string): Promise<string[]> {
  const rows = await selectRows<{ token_id: string }>(db, 'SELECT DISTINCT token_id FROM wallet_tx_history WHERE wallet_id = ? ORDER BY token_id', [walletId]);
  return rows.map((r) => r.token_id);
}

export interface TokenSupply {
  /** Sum of the token's unspent outputs of transactions that stand. */
  total: bigint;
  /** OR of the authority masks still unspent (mint 1, melt 2). */
  authorities: number;
}

export async function tokenSupply(db: Queryable, id: string): Promise<TokenSupply> {
  const row = await selectOne<{ total: string | null; authorities: string | number | null }>(
    db,
    'SELECT SUM(CASE WHEN authorities = 0 THEN value ELSE 0 END) AS total, BIT_OR(authorities) AS authorities ' +
      'FROM tx_output WHERE token_id = ? AND spent_by IS NULL AND voided = FALSE',
    [id],
  );
  return { total: BigInt(row?.total ?? 0), authorities: Number(row?.authorities ?? 0) };
}
