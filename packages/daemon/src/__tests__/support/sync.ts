import { createLogger, type Pool } from '@wallet-service/common';
import type { FullNodeEvent } from '@wallet-service/common';
import { createStore } from '../../apply/store';
import { createAddressDeriver } from '../../hathor/derive';
import type { EventStore, StreamIdentity } from '../../sync/contract';

const log = createLogger({ service: 'test', level: 'error' });

export interface ApplyOptions {
  batch?: number;
  rewardSpendMinBlocks?: number;
  now?: number;
  /** TX_CACHE_SIZE of the store (default 0: no row cache). */
  cache?: number;
}

/** Applies events straight to the store (no websocket), `batch` at a time. */
export async function applyEvents(pool: Pool, events: FullNodeEvent[], identity: StreamIdentity, options: ApplyOptions = {}): Promise<void> {
  const store = testStore(pool, options);
  const cursor = await store.readCursor();
  const start = cursor ? cursor.lastEventId + 1 : 0;
  const batch = options.batch ?? 100;
  for (let i = start; i < events.length; i += batch) await store.applyBatch(events.slice(i, i + batch), identity);
}

export function testStore(pool: Pool, options: ApplyOptions = {}): EventStore {
  return createStore({
    pool,
    log,
    rewardSpendMinBlocks: options.rewardSpendMinBlocks ?? 10,
    deriveAddress: createAddressDeriver('mainnet'),
    clock: options.now === undefined ? undefined : () => options.now as number,
    cacheSize: options.cache,
  });
}

const DATA_TABLES = [
  'address_tx_history',
  'wallet_tx_history',
  'address_balance',
  'wallet_balance',
  'address',
  'tx_output',
  'transaction',
  'miner',
  'token_creation',
  'sync_metadata',
  'notification_outbox',
];

/** Empties what the daemon writes (keeps the HTR row, reset to 0, and registered wallets are removed). */
export async function resetData(pool: Pool): Promise<void> {
  for (const t of DATA_TABLES) await pool.query(`DELETE FROM \`${t}\``);
  await pool.query('DELETE FROM wallet');
  await pool.query("DELETE FROM token WHERE id <> '00'");
  await pool.query("UPDATE token SET transactions = 0 WHERE id = '00'");
}
