import { selectOne, selectRows, type Queryable, type WalletRow } from '@wallet-service/common';

/** The address aggregate, as seen by one wallet: rows the daemon or the load assigned to it. */
export interface WalletAddress {
  address: string;
  index: number;
  transactions: number;
  seqnum: number;
}

const COLUMNS = 'address, `index`, transactions, seqnum';

export async function walletAddresses(db: Queryable, walletId: string): Promise<WalletAddress[]> {
  return selectRows<WalletAddress>(db, `SELECT ${COLUMNS} FROM address WHERE wallet_id = ? ORDER BY \`index\``, [walletId]);
}

export async function walletAddressAt(db: Queryable, walletId: string, index: number): Promise<WalletAddress | null> {
  return selectOne<WalletAddress>(db, `SELECT ${COLUMNS} FROM address WHERE wallet_id = ? AND \`index\` = ?`, [walletId, index]);
}

export async function walletAddress(db: Queryable, walletId: string, address: string): Promise<WalletAddress | null> {
  return selectOne<WalletAddress>(db, `SELECT ${COLUMNS} FROM address WHERE address = ? AND wallet_id = ?`, [address, walletId]);
}

/** Unused addresses after the last used one, at most the wallet's gap: what the client hands out next. */
export async function freshAddresses(db: Queryable, wallet: WalletRow): Promise<WalletAddress[]> {
  return selectRows<WalletAddress>(
    db,
    `SELECT ${COLUMNS} FROM address WHERE wallet_id = ? AND \`index\` > ? AND transactions = 0 ORDER BY \`index\` LIMIT ?`,
    [wallet.id, wallet.last_used_address_index, wallet.max_gap],
  );
}

/** Which of `addresses` the wallet owns. */
export async function ownedAmong(db: Queryable, walletId: string, addresses: readonly string[]): Promise<Set<string>> {
  if (addresses.length === 0) return new Set();
  const rows = await selectRows<{ address: string }>(db, 'SELECT address FROM address WHERE wallet_id = ? AND address IN (?)', [walletId, addresses]);
  return new Set(rows.map((r) => r.address));
}

export async function hasTransactionsAfterFirst(db: Queryable, walletId: string): Promise<boolean> {
  const row = await selectOne<{ one: number }>(
    db,
    'SELECT 1 AS one FROM address WHERE wallet_id = ? AND `index` > 0 AND transactions > 0 LIMIT 1',
    [walletId],
  );
  return row !== null;
}

/** BIP44 path of a receiving address of the account the API serves (m/44'/280'/0'/0/index). */
export const addressPath = (index: number) => `m/44'/280'/0'/0/${index}`;
