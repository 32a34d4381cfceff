import type { Queryable } from '@wallet-service/common';
import type { State } from '../state/state';
import { KEYS_PER_STATEMENT } from './sql';

/**
 * The aggregates that cannot be kept by adding and subtracting — bitwise ORs of authorities, the
 * earliest timelock, a token's transaction count when it first appears, a miner's first and last block
 * after it lost one — are recomputed from the rows they summarise, for just the keys the batch touched.
 * Runs after `flush`, in the same transaction.
 */
const UTXO = 'o.spent_by IS NULL AND o.voided = FALSE';

const ADDRESS_AUTHORITIES = `
  UPDATE address_balance ab SET
    unlocked_authorities = COALESCE((SELECT BIT_OR(o.authorities) FROM tx_output o
      WHERE o.address = ab.address AND o.token_id = ab.token_id AND ${UTXO} AND o.locked = FALSE AND o.authorities > 0), 0),
    locked_authorities = COALESCE((SELECT BIT_OR(o.authorities) FROM tx_output o
      WHERE o.address = ab.address AND o.token_id = ab.token_id AND ${UTXO} AND o.locked = TRUE AND o.authorities > 0), 0),
    timelock_expires = (SELECT MIN(o.timelock) FROM tx_output o
      WHERE o.address = ab.address AND o.token_id = ab.token_id AND ${UTXO} AND o.locked = TRUE AND o.timelock IS NOT NULL)
  WHERE (ab.address, ab.token_id) IN (?)`;

const WALLET_AUTHORITIES = `
  UPDATE wallet_balance wb SET
    unlocked_authorities = COALESCE((SELECT BIT_OR(ab.unlocked_authorities) FROM address_balance ab
      JOIN address a ON a.address = ab.address WHERE a.wallet_id = wb.wallet_id AND ab.token_id = wb.token_id), 0),
    locked_authorities = COALESCE((SELECT BIT_OR(ab.locked_authorities) FROM address_balance ab
      JOIN address a ON a.address = ab.address WHERE a.wallet_id = wb.wallet_id AND ab.token_id = wb.token_id), 0),
    timelock_expires = (SELECT MIN(ab.timelock_expires) FROM address_balance ab
      JOIN address a ON a.address = ab.address WHERE a.wallet_id = wb.wallet_id AND ab.token_id = wb.token_id)
  WHERE (wb.wallet_id, wb.token_id) IN (?)`;

/** Distinct active transactions that create an output of the token or spend one (as the HTR seed counts). */
export const TOKEN_TRANSACTIONS = `
  SELECT COUNT(*) AS n FROM (
    SELECT o.tx_id AS tx_id FROM tx_output o WHERE o.token_id = ?
    UNION
    SELECT o.spent_by AS tx_id FROM tx_output o WHERE o.token_id = ? AND o.spent_by IS NOT NULL
  ) moved JOIN \`transaction\` t ON t.tx_id = moved.tx_id WHERE t.voided = FALSE`;

const BLOCK_VERSIONS = '(0, 3, 5)';
const MINER_BLOCKS = `
  FROM tx_output o JOIN \`transaction\` t ON t.tx_id = o.tx_id
  WHERE o.address = ? AND o.\`index\` = 0 AND t.voided = FALSE AND t.version IN ${BLOCK_VERSIONS}`;

async function updatePairs(db: Queryable, sql: string, keys: string[]): Promise<void> {
  const pairs = keys.map((k) => {
    const bar = k.indexOf('|');
    return [k.slice(k.indexOf(':') + 1, bar), k.slice(bar + 1)];
  });
  for (let i = 0; i < pairs.length; i += KEYS_PER_STATEMENT) await db.query(sql, [pairs.slice(i, i + KEYS_PER_STATEMENT)]);
}

export async function recompute(db: Queryable, s: State): Promise<void> {
  const dirty = [...s.dirtyAuthorities];
  await updatePairs(db, ADDRESS_AUTHORITIES, dirty.filter((k) => k.startsWith('address:')));
  await updatePairs(db, WALLET_AUTHORITIES, dirty.filter((k) => k.startsWith('wallet:')));

  for (const token of s.newTokens) {
    const [rows] = (await db.query(TOKEN_TRANSACTIONS, [token, token])) as unknown as [{ n: number | string }[]];
    await db.query('UPDATE token SET transactions = ? WHERE id = ?', [Number(rows[0].n), token]);
  }

  for (const address of s.dirtyMiners) {
    const [counts] = (await db.query(`SELECT COUNT(*) AS n ${MINER_BLOCKS}`, [address])) as unknown as [{ n: number | string }[]];
    const count = Number(counts[0].n);
    if (count === 0) {
      await db.query('DELETE FROM miner WHERE address = ?', [address]);
      continue;
    }
    const edge = async (order: 'ASC' | 'DESC') => {
      const [rows] = (await db.query(`SELECT t.tx_id ${MINER_BLOCKS} ORDER BY t.height ${order} LIMIT 1`, [address])) as unknown as [
        { tx_id: string }[],
      ];
      return rows[0].tx_id;
    };
    await db.query(
      'INSERT INTO miner (address, first_block, last_block, count) VALUES (?, ?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE first_block = VALUES(first_block), last_block = VALUES(last_block), count = VALUES(count)',
      [address, await edge('ASC'), await edge('DESC'), count],
    );
  }
}
