import type { Queryable } from './pool';
import { selectOne, selectRows } from './query';

/**
 * The newest migration this code needs. Services refuse to start on a database whose migrations stop
 * short of it (the migrator's job is to bring the schema up; a service never changes it). A test keeps
 * this equal to the last file in db/migrations.
 */
export const REQUIRED_MIGRATION = '20261207000002-drop-history-voided-index.js';

/** The tables that hold data (the README's reset empties exactly these). */
export const SCHEMA_TABLES = [
  'address',
  'address_balance',
  'address_tx_history',
  'api_route_stats',
  'miner',
  'notification_outbox',
  'push_devices',
  'sync_metadata',
  'token',
  'token_creation',
  'transaction',
  'tx_output',
  'tx_proposal',
  'version_data',
  'wallet',
  'wallet_balance',
  'wallet_tx_history',
  'ws_connection',
  'ws_delivery',
  'ws_wallet_connection',
] as const;

/** Tables that coordinate the services rather than hold data (see the sync_lock migration). */
export const CONTROL_TABLES = ['sync_lock'] as const;

/** Every table the migrations create. */
export const ALL_TABLES = [...SCHEMA_TABLES, ...CONTROL_TABLES] as const;

export class SchemaError extends Error {
  override name = 'SchemaError';
}

/** Throws a SchemaError that says what is missing and how to fix it. */
export async function assertSchemaCurrent(db: Queryable, database: string): Promise<void> {
  const tables = await selectRows<{ name: string }>(
    db,
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?',
    [database],
  );
  const present = new Set(tables.map((t) => t.name));
  if (!present.has('SequelizeMeta')) {
    throw new SchemaError(
      `database '${database}' has no schema: run the migrations first (yarn sequelize-cli db:migrate, or the migrator image)`,
    );
  }
  const newest = (await selectOne<{ name: string }>(db, 'SELECT name FROM SequelizeMeta ORDER BY name DESC LIMIT 1'))?.name;
  if (newest === undefined || newest < REQUIRED_MIGRATION) {
    throw new SchemaError(
      `database '${database}' schema is older than this version expects (newest migration ${newest ?? 'none'}, ` +
        `needs ${REQUIRED_MIGRATION}): run the migrations (yarn sequelize-cli db:migrate, or the migrator image)`,
    );
  }
  const missing = ALL_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw new SchemaError(`database '${database}' is missing table(s) ${missing.join(', ')}: run the migrations`);
  }
}
