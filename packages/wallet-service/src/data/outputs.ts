import { selectOne, selectRows, type Queryable, type TxOutputRow } from '@wallet-service/common';

/** tx_output rows of a wallet, with the index of the address they pay (for the signing path) and its owner. */
export type WalletOutputRow = Omit<TxOutputRow, 'locked' | 'voided'> & {
  address_index: number | null;
  wallet_id: string | null;
};

const COLUMNS =
  'o.tx_id, o.`index`, o.token_id, o.address, o.value, o.authorities, o.timelock, o.heightlock, ' +
  'o.tx_proposal, o.tx_proposal_index, o.spent_by, a.`index` AS address_index, a.wallet_id';

export interface OutputFilter {
  walletId: string;
  /** Restrict to these (owned) addresses; all of the wallet's otherwise. */
  addresses?: readonly string[];
  tokenId: string;
  /** Authority outputs whose mask shares a bit with this; 0 = value outputs only. */
  authority: number;
  /** Exclusive bounds on value (value outputs only). */
  biggerThan?: bigint;
  smallerThan?: bigint;
  /** Unspent and not held by a tx proposal. */
  skipSpent: boolean;
  /** Only outputs spendable now: locks judged at `bestHeight` and `now` with the daemon's rule. */
  ignoreLocked: boolean;
  bestHeight: number;
  now: number;
  limit: number;
}

/** The wallet's outputs matching `f`, largest value first (ties by tx id and index). */
export async function walletOutputs(db: Queryable, f: OutputFilter): Promise<WalletOutputRow[]> {
  const where = ['a.wallet_id = ?', 'o.token_id = ?', 'o.voided = FALSE'];
  const params: unknown[] = [f.walletId, f.tokenId];
  if (f.addresses) {
    where.push('a.address IN (?)');
    params.push(f.addresses);
  }
  if (f.authority > 0) {
    where.push('(o.authorities & ?) > 0');
    params.push(f.authority);
  } else {
    where.push('o.authorities = 0');
    if (f.biggerThan !== undefined) {
      where.push('o.value > ?');
      params.push(f.biggerThan.toString());
    }
    if (f.smallerThan !== undefined) {
      where.push('o.value < ?');
      params.push(f.smallerThan.toString());
    }
  }
  if (f.skipSpent) where.push('o.spent_by IS NULL', 'o.tx_proposal IS NULL');
  if (f.ignoreLocked) {
    where.push('(o.heightlock IS NULL OR o.heightlock <= ?)', '(o.timelock IS NULL OR o.timelock <= ?)');
    params.push(f.bestHeight, f.now);
  }
  params.push(f.limit);
  // Ranked first from the lookup index alone (every filter above is one of its columns), then only the
  // page's rows are read: a whale's tens of thousands of candidates are never fetched whole.
  const page =
    'SELECT o.tx_id, o.`index` FROM address a JOIN tx_output o ON o.address = a.address ' +
    `WHERE ${where.join(' AND ')} ORDER BY o.value DESC, o.tx_id, o.\`index\` LIMIT ?`;
  return selectRows<WalletOutputRow>(
    db,
    `SELECT ${COLUMNS} FROM (${page}) p JOIN tx_output o ON o.tx_id = p.tx_id AND o.\`index\` = p.\`index\` ` +
      'JOIN address a ON a.address = o.address ORDER BY o.value DESC, o.tx_id, o.`index`',
    params,
  );
}

/** One output that stands, whoever owns it (the caller checks ownership). */
export async function outputById(db: Queryable, txId: string, index: number, skipSpent: boolean): Promise<WalletOutputRow | null> {
  return selectOne<WalletOutputRow>(
    db,
    `SELECT ${COLUMNS} FROM tx_output o LEFT JOIN address a ON a.address = o.address ` +
      `WHERE o.tx_id = ? AND o.\`index\` = ? AND o.voided = FALSE${skipSpent ? ' AND o.spent_by IS NULL AND o.tx_proposal IS NULL' : ''}`,
    [txId, index],
  );
}
