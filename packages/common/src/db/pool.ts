import mysql from 'mysql2/promise';
import type { DbConfig } from '../config';

export type Pool = mysql.Pool;
export type Connection = mysql.PoolConnection;
/** Anything that can run a query: the pool itself or a connection inside a transaction. */
export type Queryable = Pick<mysql.Pool, 'query' | 'execute'>;

export interface PoolOptions {
  connectionLimit?: number;
  /** Seconds; how long a connect may take before it counts as an outage. */
  connectTimeoutMs?: number;
  /**
   * An idle connection is closed after this long. mysql2 runs its idle check only when fewer idle
   * connections than the limit may stay, so one connection less may stay idle (none with a limit of 1:
   * the check closes it within a second). Absent: mysql2's defaults (idle connections are never closed).
   */
  idleTimeoutMs?: number;
}

/**
 * BIGINT and DECIMAL come back as strings (`bigNumberStrings`): amounts are converted to bigint by the
 * row readers, never through a double. Dates stay strings so timestamps are not shifted by time zones.
 */
export function createPool(cfg: DbConfig, options: PoolOptions = {}): Pool {
  return mysql.createPool({
    host: cfg.DB_ENDPOINT,
    port: cfg.DB_PORT,
    user: cfg.DB_USER,
    password: cfg.DB_PASS,
    database: cfg.DB_NAME,
    connectionLimit: options.connectionLimit ?? 5,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    ...(options.idleTimeoutMs === undefined
      ? {}
      : { idleTimeout: options.idleTimeoutMs, maxIdle: Math.max(0, (options.connectionLimit ?? 5) - 1) }),
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    multipleStatements: false,
    charset: 'utf8mb4',
  });
}

/**
 * The same queries with a deadline each: a server that stops answering mid-request surfaces as
 * PROTOCOL_SEQUENCE_TIMEOUT (an outage, see isDbOutage) instead of a request that waits forever.
 */
export function withQueryTimeout(db: Queryable, timeoutMs: number): Queryable {
  const query = (sql: string, values?: unknown) => db.query({ sql, timeout: timeoutMs }, values as never);
  const execute = (sql: string, values?: unknown) => db.execute({ sql, timeout: timeoutMs }, values as never);
  return { query: query as Queryable['query'], execute: execute as Queryable['execute'] };
}

/** Error codes that mean "the database is unreachable or went away": worth retrying, not a bug. */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
]);

export function isDbOutage(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && OUTAGE_CODES.has(code);
}

/** One line that says where we tried to connect, as whom, and what failed. */
export function describeDbError(err: unknown, cfg: DbConfig): string {
  const e = err as { code?: string; message?: string };
  const where = `MySQL at ${cfg.DB_ENDPOINT}:${cfg.DB_PORT} as user '${cfg.DB_USER}'`;
  switch (e?.code ?? '') {
    case 'ECONNREFUSED':
      return `cannot connect to ${where}: connection refused (is the server running?)`;
    case 'ETIMEDOUT':
      return `cannot connect to ${where}: connection timed out`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to ${where}: host name not found`;
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return `cannot connect to ${where}: access denied (check DB_USER and DB_PASS)`;
    case 'ER_BAD_DB_ERROR':
      return `cannot use database '${cfg.DB_NAME}' on ${where}: it does not exist`;
    default:
      return `database error on ${where}: ${e?.message ?? String(err)}`;
  }
}

/**
 * Runs `fn` inside BEGIN…COMMIT on one pooled connection. On any error the transaction is rolled back;
 * if even the rollback fails the connection is destroyed rather than returned to the pool with an open
 * transaction on it.
 */
export async function withTransaction<T>(pool: Pool, fn: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  let release = true;
  try {
    await conn.beginTransaction();
    const result = await fn(conn);
    await conn.commit();
    return result;
  } catch (err) {
    try {
      await conn.rollback();
    } catch {
      release = false;
      conn.destroy();
    }
    throw err;
  } finally {
    if (release) conn.release();
  }
}
