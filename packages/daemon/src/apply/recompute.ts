import { BLOCK_VERSIONS, selectOne, selectRows, type Queryable } from '@wallet-service/common';
import type { State } from '../state/state';
import { InvariantError } from './flush';
import { forKeyChunks } from './sql';

/**
 * What cannot be kept by adding and subtracting is recounted from the rows it summarises, for just the
 * keys that need it: authorities and the earliest timelock of a pair that lost an output (gains are folded
 * in by the planner), a token's transaction count when it first appears, a miner's first and last block
 * after it lost one of them. Runs after `flush`, in the same transaction.
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
  WHERE `;

const WALLET_AUTHORITIES = `
  UPDATE wallet_balance wb SET
    unlocked_authorities = COALESCE((SELECT BIT_OR(ab.unlocked_authorities) FROM address_balance ab
      JOIN address a ON a.address = ab.address WHERE a.wallet_id = wb.wallet_id AND ab.token_id = wb.token_id), 0),
    locked_authorities = COALESCE((SELECT BIT_OR(ab.locked_authorities) FROM address_balance ab
      JOIN address a ON a.address = ab.address WHERE a.wallet_id = wb.wallet_id AND ab.token_id = wb.token_id), 0),
    timelock_expires = (SELECT MIN(ab.timelock_expires) FROM address_balance ab
      JOIN address a ON a.address = ab.address WHERE a.wallet_id = wb.wallet_id AND ab.token_id = wb.token_id)
  WHERE `;

/** Distinct active transactions that create an output of the token or spend one (as the HTR seed counts). */
export const TOKEN_TRANSACTIONS = `
  SELECT COUNT(*) AS n FROM (
    SELECT o.tx_id AS tx_id FROM tx_output o WHERE o.token_id = ?
    UNION
    SELECT o.spent_by AS tx_id FROM tx_output o WHERE o.token_id = ? AND o.spent_by IS NOT NULL
  ) moved JOIN \`transaction\` t ON t.tx_id = moved.tx_id WHERE t.voided = FALSE`;


/** A miner's lowest active block: from its outputs (a first block is rarely voided, and then early). */
const FIRST_MINED = `
  SELECT t.tx_id FROM tx_output o JOIN \`transaction\` t ON t.tx_id = o.tx_id
  WHERE o.address = ? AND o.\`index\` = 0 AND t.voided = FALSE AND t.version IN (${BLOCK_VERSIONS.join(', ')})
  ORDER BY t.height ASC LIMIT 1`;

/**
 * A miner's highest active block, walking the best chain down from the tip (a reorg voids the top, and
 * the miner's previous block is close below it) rather than every output the address ever received.
 */
const LAST_MINED = BLOCK_VERSIONS.map(
  () => `(SELECT t.tx_id, t.height FROM \`transaction\` t STRAIGHT_JOIN tx_output o ON o.tx_id = t.tx_id AND o.\`index\` = 0
    WHERE t.voided = FALSE AND t.version = ? AND o.address = ? ORDER BY t.height DESC LIMIT 1)`,
).join(' UNION ALL ');

/** `sql` ends in WHERE: the pairs' key match is appended, a chunk of pairs at a time. */
async function updatePairs(db: Queryable, sql: string, columns: readonly string[], keys: string[]): Promise<void> {
  const pairs = keys.map((k) => {
    const bar = k.indexOf('|');
    return [k.slice(k.indexOf(':') + 1, bar), k.slice(bar + 1)];
  });
  await forKeyChunks(columns, pairs, (m) => db.query(sql + m.sql, m.values));
}

export async function recompute(db: Queryable, s: State): Promise<void> {
  const dirty = [...s.dirtyAuthorities];
  await updatePairs(db, ADDRESS_AUTHORITIES, ['ab.address', 'ab.token_id'], dirty.filter((k) => k.startsWith('address:')));
  await updatePairs(db, WALLET_AUTHORITIES, ['wb.wallet_id', 'wb.token_id'], dirty.filter((k) => k.startsWith('wallet:')));

  for (const token of s.newTokens) {
    const [count] = await selectRows<{ n: number | string }>(db, TOKEN_TRANSACTIONS, [token, token]);
    await db.query('UPDATE token SET transactions = ? WHERE id = ?', [Number(count.n), token]);
  }

  for (const address of s.dirtyMiners) await settleMiner(db, s, address);
}

async function settleMiner(db: Queryable, s: State, address: string): Promise<void> {
  const row = s.miners.get(address);
  if (!row || row.count <= 0) {
    await db.query('DELETE FROM miner WHERE address = ?', [address]);
    return;
  }
  const refs = await selectRows<{ tx_id: string }>(db, 'SELECT tx_id FROM `transaction` WHERE tx_id IN (?) AND voided = FALSE', [
    [row.firstBlock, row.lastBlock],
  ]);
  const standing = new Set(refs.map((r) => r.tx_id));
  let { firstBlock, lastBlock } = row;
  if (!standing.has(firstBlock)) {
    const first = await selectOne<{ tx_id: string }>(db, FIRST_MINED, [address]);
    if (!first) throw new InvariantError(`miner ${address} counts ${row.count} block(s) but has no active block`);
    firstBlock = first.tx_id;
  }
  if (!standing.has(lastBlock)) {
    const rows = await selectRows<{ tx_id: string; height: number }>(db, LAST_MINED, BLOCK_VERSIONS.flatMap((v) => [v, address]));
    lastBlock = rows.reduce((best, r) => (r.height > best.height ? r : best)).tx_id;
  }
  await db.query('UPDATE miner SET first_block = ?, last_block = ? WHERE address = ?', [firstBlock, lastBlock, address]);
}
