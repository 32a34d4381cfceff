import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import mysql from 'mysql2/promise';
import { createPool, executeWrite, HTR_UID, selectRows, type DbConfig, type Logger, type Pool } from '@wallet-service/common';
import { DB_DIR, migrate, serverConfig } from '@wallet-service/common/testing/database';
import { buildWhale, whaleKeys, type WhaleKeys, type WhaleSizes } from './whale';

/**
 * The whale's database, written with multi-row INSERTs straight into the daemon's tables (transaction,
 * tx_output, address, address_balance, address_tx_history, token, token_creation) — no wallet yet, as
 * when a wallet is created after its addresses were used. Populating takes a while, so the database is
 * kept and reused by name: `bench_api_<hash>`, the hash covering the migrations, this generator's
 * version and the sizes. A database of that name is only reused when its population finished (the
 * `bench_population_done` marker); otherwise it is dropped and rebuilt. `--fresh` always rebuilds.
 */
const POPULATION_VERSION = 1;
const CHUNK = 2_000;
const WHALE_LABEL = 'bench-whale';

export interface WhaleDatabase {
  name: string;
  config: DbConfig;
  pool: Pool;
  keys: WhaleKeys;
  tokenId: string;
  reused: boolean;
  populateSeconds: number;
}

function databaseName(sizes: WhaleSizes): string {
  const h = createHash('sha256').update(JSON.stringify({ POPULATION_VERSION, sizes }));
  const dir = path.join(DB_DIR, 'migrations');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(path.join(dir, f)));
  return `bench_api_${h.digest('hex').slice(0, 12)}`;
}

async function admin(cfg: DbConfig) {
  return mysql.createConnection({ host: cfg.DB_ENDPOINT, port: cfg.DB_PORT, user: cfg.DB_USER, password: cfg.DB_PASS });
}

async function isComplete(conn: mysql.Connection, name: string): Promise<boolean> {
  const rows = await selectRows<{ n: number }>(conn, 'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [name, 'bench_population_done']);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Inserts `rows` CHUNK at a time, logging rate, percent and ETA every few seconds. */
async function insertAll(pool: Pool, log: Logger, table: string, columns: string, rows: unknown[][]): Promise<void> {
  const started = Date.now();
  let lastLog = started;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await executeWrite(pool, `INSERT INTO ${table} (${columns}) VALUES ?`, [rows.slice(i, i + CHUNK)]);
    const done = Math.min(i + CHUNK, rows.length);
    if (Date.now() - lastLog > 3_000 || done === rows.length) {
      lastLog = Date.now();
      const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
      log.info('populating', { table, rows: done, of: rows.length, percent: Math.round((done / rows.length) * 1000) / 10, rowsPerSecond: Math.round(rate), etaSeconds: Math.round((rows.length - done) / rate) });
    }
  }
}

export interface InsertedWhale {
  keys: WhaleKeys;
  tokenId: string;
  /** Receiving addresses by index (what the wallet's load derives). */
  addresses: string[];
}

/** One whale's rows (several whales can share a database: their transactions, addresses and token differ). */
export async function insertWhale(pool: Pool, log: Logger, sizes: WhaleSizes, label: string): Promise<InsertedWhale> {
  const t = Date.now();
  const w = buildWhale(sizes, label);
  log.info('whale rows generated', { label, ms: Date.now() - t, outputs: w.outputs.length, addressHistory: w.addressHistory.length });
  await executeWrite(pool, "INSERT INTO token (id, name, symbol, transactions, version) VALUES (?, 'Whale Token', 'WHALE', 0, 1)", [w.tokenId]);
  await executeWrite(pool, 'INSERT INTO token_creation (token_id, tx_id) VALUES (?, ?)', [w.tokenId, w.tokenId]);
  for (const [token, n] of w.tokenTransactions) await executeWrite(pool, 'UPDATE token SET transactions = transactions + ? WHERE id = ?', [n, token]);
  await insertAll(pool, log, '`transaction`', 'tx_id, timestamp, version, voided, height, weight, first_block', w.transactions);
  await insertAll(pool, log, 'tx_output', 'tx_id, `index`, token_id, address, value, authorities, timelock, heightlock, locked, tx_proposal, tx_proposal_index, spent_by, voided', w.outputs);
  await insertAll(pool, log, 'address', 'address, `index`, wallet_id, transactions, seqnum', w.addresses);
  await insertAll(pool, log, 'address_balance', 'address, token_id, unlocked_balance, locked_balance, unlocked_authorities, locked_authorities, timelock_expires, transactions, total_received', w.addressBalances);
  await insertAll(pool, log, 'address_tx_history', 'address, tx_id, token_id, balance, timestamp, voided', w.addressHistory);
  return { keys: w.keys, tokenId: w.tokenId, addresses: w.walletAddresses };
}

/** The daemon's cursor, and fresh statistics as a long-running server would have: the optimizer's choices are what we measure. */
export async function finishPopulation(pool: Pool, lastEventId: number): Promise<void> {
  await executeWrite(pool, 'INSERT INTO sync_metadata (id, last_event_id) VALUES (0, ?)', [lastEventId]);
  for (const table of ['`transaction`', 'tx_output', 'address', 'address_balance', 'address_tx_history', 'token', 'wallet_tx_history', 'wallet_balance']) {
    await pool.query(`ANALYZE TABLE ${table}`);
  }
}

/** The whale's database: reused when a complete one of this version exists, else (re)built. */
export async function openWhaleDatabase(sizes: WhaleSizes, log: Logger, options: { fresh?: boolean } = {}): Promise<WhaleDatabase> {
  const server = serverConfig();
  const name = databaseName(sizes);
  const config = { ...server, DB_NAME: name };
  const conn = await admin(server);
  let reused = false;
  const started = Date.now();
  try {
    reused = !options.fresh && (await isComplete(conn, name));
    if (!reused) {
      log.info('populating the whale database', { database: name, ...sizes });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    }
  } finally {
    await conn.end();
  }
  const pool = createPool(config, { connectionLimit: 12 });
  const keys = whaleKeys(WHALE_LABEL);
  if (!reused) {
    await migrate(config, { seed: true });
    await insertWhale(pool, log, sizes, WHALE_LABEL);
    await finishPopulation(pool, sizes.txs);
    await pool.query('CREATE TABLE bench_population_done (id INT PRIMARY KEY)');
  } else log.info('reusing the whale database', { database: name });
  const [token] = await selectRows<{ id: string }>(pool, 'SELECT id FROM token WHERE id <> ? LIMIT 1', [HTR_UID]);
  return { name, config, pool, keys, tokenId: token.id, reused, populateSeconds: (Date.now() - started) / 1000 };
}

/** Undoes a previous run's load (owner, wallet tables, wallet row), so each run measures a load from scratch. */
export async function resetWallet(pool: Pool, walletId: string): Promise<void> {
  await executeWrite(pool, 'UPDATE address SET wallet_id = NULL, `index` = NULL WHERE wallet_id = ?', [walletId]);
  // Addresses the load added past the last used one (the gap) had no history: the daemon would not have them.
  await executeWrite(pool, 'DELETE FROM address WHERE wallet_id IS NULL AND transactions = 0');
  await executeWrite(pool, 'DELETE FROM wallet_tx_history WHERE wallet_id = ?', [walletId]);
  await executeWrite(pool, 'DELETE FROM wallet_balance WHERE wallet_id = ?', [walletId]);
  await executeWrite(pool, 'DELETE FROM wallet WHERE id = ?', [walletId]);
}
