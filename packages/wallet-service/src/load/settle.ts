import { executeWrite, selectRows, type Queryable } from '@wallet-service/common';
import type { GapScan } from './scan';

/**
 * The load's writes, all inside the transaction that holds the sync lock (so no daemon batch runs
 * between them): claim the wallet's addresses, then build wallet_balance and wallet_tx_history from the
 * address tables with exactly the definitions the daemon maintains and `verify` checks.
 */
const CLAIM_CHUNK = 1000;

/** Addresses owned by another wallet are left to it (and reported); the rest become this wallet's. */
export async function claimAddresses(db: Queryable, walletId: string, scan: GapScan): Promise<string[]> {
  const foreign = new Set(
    scan.addresses.filter((a) => {
      const owner = scan.seen.get(a)?.wallet_id;
      return owner !== undefined && owner !== null && owner !== walletId;
    }),
  );
  const rows = scan.addresses.flatMap((a, index) => (foreign.has(a) ? [] : [[a, index, walletId, 0]]));
  for (let i = 0; i < rows.length; i += CLAIM_CHUNK) {
    // `index` is assigned before wallet_id: MySQL evaluates these assignments left to right.
    await executeWrite(
      db,
      'INSERT INTO address (address, `index`, wallet_id, transactions) VALUES ? ON DUPLICATE KEY UPDATE ' +
        '`index` = IF(wallet_id IS NULL OR wallet_id = VALUES(wallet_id), VALUES(`index`), `index`), ' +
        'wallet_id = IF(wallet_id IS NULL, VALUES(wallet_id), wallet_id)',
      [rows.slice(i, i + CLAIM_CHUNK)],
    );
  }
  return [...foreign];
}

export async function rebuildWalletTables(db: Queryable, walletId: string): Promise<void> {
  await executeWrite(db, 'DELETE FROM wallet_tx_history WHERE wallet_id = ?', [walletId]);
  await executeWrite(db, 'DELETE FROM wallet_balance WHERE wallet_id = ?', [walletId]);
  await executeWrite(
    db,
    'INSERT INTO wallet_tx_history (wallet_id, token_id, tx_id, balance, timestamp, voided) ' +
      'SELECT ?, h.token_id, h.tx_id, SUM(h.balance), MAX(h.timestamp), FALSE FROM address a ' +
      'JOIN address_tx_history h ON h.address = a.address AND h.voided = FALSE ' +
      'WHERE a.wallet_id = ? GROUP BY h.token_id, h.tx_id',
    [walletId, walletId],
  );
  await executeWrite(
    db,
    'INSERT INTO wallet_balance (wallet_id, token_id, total_received, unlocked_balance, locked_balance, ' +
      'unlocked_authorities, locked_authorities, timelock_expires, transactions) ' +
      'SELECT ?, ab.token_id, SUM(ab.total_received), SUM(ab.unlocked_balance), SUM(ab.locked_balance), ' +
      'BIT_OR(ab.unlocked_authorities), BIT_OR(ab.locked_authorities), MIN(ab.timelock_expires), 0 ' +
      'FROM address a JOIN address_balance ab ON ab.address = a.address WHERE a.wallet_id = ? GROUP BY ab.token_id',
    [walletId, walletId],
  );
  const counts = await selectRows<{ token_id: string; n: number }>(
    db,
    'SELECT token_id, COUNT(*) AS n FROM wallet_tx_history WHERE wallet_id = ? GROUP BY token_id',
    [walletId],
  );
  for (const c of counts) {
    await executeWrite(db, 'UPDATE wallet_balance SET transactions = ? WHERE wallet_id = ? AND token_id = ?', [c.n, walletId, c.token_id]);
  }
}
