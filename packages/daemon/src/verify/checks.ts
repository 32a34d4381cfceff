import { BLOCK_VERSIONS } from '@wallet-service/common';

/**
 * Self-audit: every aggregate the daemon keeps, recomputed from the rows it summarises (tx_output and the
 * history tables) in one set-based query per table. Each query returns only the rows that disagree, with
 * what is stored and what it should be. The definitions are the same ones the planner maintains.
 */
export interface Check {
  name: string;
  sql: string;
}

const UTXO = 'o.voided = FALSE AND o.spent_by IS NULL';
const PAIR_DIFF = `
  s.unlocked_balance <> COALESCE(e.unlocked, 0) OR s.locked_balance <> COALESCE(e.locked, 0)
  OR s.total_received <> COALESCE(e.total, 0) OR s.unlocked_authorities <> COALESCE(e.ua, 0)
  OR s.locked_authorities <> COALESCE(e.la, 0) OR NOT (s.timelock_expires <=> e.te)
  OR s.transactions <> COALESCE(h.n, 0)`;

const ADDRESS_EXPECTED = `
  SELECT o.address, o.token_id,
    SUM(CASE WHEN ${UTXO} AND o.locked = FALSE THEN o.value ELSE 0 END) AS unlocked,
    SUM(CASE WHEN ${UTXO} AND o.locked = TRUE THEN o.value ELSE 0 END) AS locked,
    SUM(CASE WHEN o.voided = FALSE THEN o.value ELSE 0 END) AS total,
    BIT_OR(CASE WHEN ${UTXO} AND o.locked = FALSE THEN o.authorities ELSE 0 END) AS ua,
    BIT_OR(CASE WHEN ${UTXO} AND o.locked = TRUE THEN o.authorities ELSE 0 END) AS la,
    MIN(CASE WHEN ${UTXO} AND o.locked = TRUE THEN o.timelock END) AS te
  FROM tx_output o GROUP BY o.address, o.token_id`;

const ADDRESS_HISTORY = `SELECT address, token_id, COUNT(*) AS n FROM address_tx_history WHERE voided = FALSE GROUP BY address, token_id`;

/** Net change of each (address, token) made by each active transaction, from its outputs and spends. */
const MOVES = `
  SELECT address, token_id, tx_id, SUM(amount) AS balance FROM (
    SELECT o.address, o.token_id, o.tx_id, CAST(o.value AS DECIMAL(21, 0)) AS amount
      FROM tx_output o JOIN \`transaction\` t ON t.tx_id = o.tx_id AND t.voided = FALSE
    UNION ALL
    SELECT o.address, o.token_id, o.spent_by, -CAST(o.value AS DECIMAL(21, 0))
      FROM tx_output o JOIN \`transaction\` t ON t.tx_id = o.spent_by AND t.voided = FALSE
  ) m GROUP BY address, token_id, tx_id`;

const READY_ADDRESSES = `SELECT a.address, a.wallet_id FROM address a JOIN wallet w ON w.id = a.wallet_id AND w.status = 'ready'`;

const WALLET_EXPECTED = `
  SELECT ra.wallet_id, ab.token_id, SUM(ab.unlocked_balance) AS unlocked, SUM(ab.locked_balance) AS locked,
    SUM(ab.total_received) AS total, BIT_OR(ab.unlocked_authorities) AS ua, BIT_OR(ab.locked_authorities) AS la,
    MIN(ab.timelock_expires) AS te
  FROM address_balance ab JOIN (${READY_ADDRESSES}) ra ON ra.address = ab.address
  GROUP BY ra.wallet_id, ab.token_id`;

const WALLET_HISTORY_EXPECTED = `
  SELECT ra.wallet_id, h.token_id, h.tx_id, SUM(h.balance) AS balance
  FROM address_tx_history h JOIN (${READY_ADDRESSES}) ra ON ra.address = h.address
  WHERE h.voided = FALSE GROUP BY ra.wallet_id, h.token_id, h.tx_id`;

const WALLET_HISTORY = `SELECT wallet_id, token_id, COUNT(*) AS n FROM wallet_tx_history WHERE voided = FALSE GROUP BY wallet_id, token_id`;

const BLOCKS = `(${BLOCK_VERSIONS.join(', ')})`;

/**
 * A balance table against what its rows should hold (`expected`, per owner and token) and its history
 * (`history`, rows per owner and token): stored rows that differ, and pairs with history but no row.
 */
function balanceCheck(table: string, owner: string, expected: string, history: string): Check {
  return {
    name: table,
    sql: `
      SELECT s.${owner} AS owner, s.token_id, 'stored row differs' AS problem,
        s.unlocked_balance, e.unlocked AS expected_unlocked, s.locked_balance, e.locked AS expected_locked,
        s.total_received, e.total AS expected_total, s.unlocked_authorities, e.ua AS expected_unlocked_authorities,
        s.locked_authorities, e.la AS expected_locked_authorities, s.timelock_expires, e.te AS expected_timelock_expires,
        s.transactions, h.n AS expected_transactions
      FROM ${table} s
      LEFT JOIN (${expected}) e ON e.${owner} = s.${owner} AND e.token_id = s.token_id
      LEFT JOIN (${history}) h ON h.${owner} = s.${owner} AND h.token_id = s.token_id
      WHERE ${PAIR_DIFF}
      UNION ALL
      SELECT h.${owner}, h.token_id, 'row missing', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, h.n
      FROM (${history}) h LEFT JOIN ${table} s ON s.${owner} = h.${owner} AND s.token_id = h.token_id
      WHERE s.${owner} IS NULL`,
  };
}

export function checks(now: number): Check[] {
  return [
    balanceCheck('address_balance', 'address', ADDRESS_EXPECTED, ADDRESS_HISTORY),
    {
      name: 'address_tx_history',
      sql: `
        SELECT h.address AS owner, h.token_id, h.tx_id, 'balance differs' AS problem, h.balance, COALESCE(m.balance, 0) AS expected_balance
        FROM address_tx_history h LEFT JOIN (${MOVES}) m ON m.address = h.address AND m.token_id = h.token_id AND m.tx_id = h.tx_id
        WHERE h.voided = FALSE AND h.balance <> COALESCE(m.balance, 0)
        UNION ALL
        SELECT m.address, m.token_id, m.tx_id, 'row missing', NULL, m.balance
        FROM (${MOVES}) m LEFT JOIN address_tx_history h ON h.address = m.address AND h.token_id = m.token_id AND h.tx_id = m.tx_id
        WHERE h.address IS NULL
        UNION ALL
        SELECT h.address, h.token_id, h.tx_id, 'row of an inactive transaction', h.balance, NULL
        FROM address_tx_history h LEFT JOIN \`transaction\` t ON t.tx_id = h.tx_id
        WHERE t.tx_id IS NULL OR t.voided = TRUE`,
    },
    {
      name: 'address.transactions',
      sql: `
        SELECT a.address AS owner, a.transactions, COALESCE(h.n, 0) AS expected_transactions
        FROM address a LEFT JOIN (SELECT address, COUNT(DISTINCT tx_id) AS n FROM address_tx_history WHERE voided = FALSE GROUP BY address) h
          ON h.address = a.address
        WHERE a.transactions <> COALESCE(h.n, 0)`,
    },
    balanceCheck('wallet_balance', 'wallet_id', WALLET_EXPECTED, WALLET_HISTORY),
    {
      name: 'wallet_tx_history',
      sql: `
        SELECT h.wallet_id AS owner, h.token_id, h.tx_id, 'balance differs' AS problem, h.balance, COALESCE(e.balance, 0) AS expected_balance
        FROM wallet_tx_history h LEFT JOIN (${WALLET_HISTORY_EXPECTED}) e
          ON e.wallet_id = h.wallet_id AND e.token_id = h.token_id AND e.tx_id = h.tx_id
        WHERE h.voided = FALSE AND (e.wallet_id IS NULL OR h.balance <> e.balance)
        UNION ALL
        SELECT e.wallet_id, e.token_id, e.tx_id, 'row missing', NULL, e.balance
        FROM (${WALLET_HISTORY_EXPECTED}) e LEFT JOIN wallet_tx_history h
          ON h.wallet_id = e.wallet_id AND h.token_id = e.token_id AND h.tx_id = e.tx_id
        WHERE h.wallet_id IS NULL`,
    },
    {
      name: 'token.transactions',
      sql: `
        SELECT k.id AS owner, k.transactions, COALESCE(c.n, 0) AS expected_transactions
        FROM token k LEFT JOIN (
          SELECT moved.token_id, COUNT(*) AS n FROM (
            SELECT o.token_id, o.tx_id FROM tx_output o
            UNION
            SELECT o.token_id, o.spent_by FROM tx_output o WHERE o.spent_by IS NOT NULL
          ) moved JOIN \`transaction\` t ON t.tx_id = moved.tx_id AND t.voided = FALSE
          GROUP BY moved.token_id
        ) c ON c.token_id = k.id
        WHERE k.transactions <> COALESCE(c.n, 0)`,
    },
    {
      name: 'miner',
      sql: `
        SELECT COALESCE(m.address, b.address) AS owner, m.count, b.n AS expected_count
        FROM miner m LEFT JOIN (
          SELECT o.address, COUNT(*) AS n FROM tx_output o JOIN \`transaction\` t ON t.tx_id = o.tx_id
          WHERE o.\`index\` = 0 AND t.voided = FALSE AND t.version IN ${BLOCKS} GROUP BY o.address
        ) b ON b.address = m.address
        WHERE m.count <> COALESCE(b.n, 0)`,
    },
    {
      name: 'tx_output.locked',
      sql: `
        SELECT CONCAT(o.tx_id, ':', o.\`index\`) AS owner, o.locked, o.heightlock, o.timelock, best.h AS best_height
        FROM tx_output o CROSS JOIN (
          SELECT COALESCE(MAX(height), -1) AS h FROM \`transaction\` WHERE voided = FALSE AND version IN ${BLOCKS}
        ) best
        WHERE o.locked <> ((o.heightlock IS NOT NULL AND o.heightlock > best.h) OR (o.timelock IS NOT NULL AND o.timelock > ${Number(now)}))`,
    },
    {
      name: 'tx_output.voided',
      sql: `
        SELECT CONCAT(o.tx_id, ':', o.\`index\`) AS owner, o.voided, t.voided AS tx_voided
        FROM tx_output o LEFT JOIN \`transaction\` t ON t.tx_id = o.tx_id
        WHERE t.tx_id IS NULL OR o.voided <> t.voided`,
    },
  ];
}
