import { executeWrite, selectRows, type Queryable } from '@wallet-service/common';
import type { PushProvider } from '../config';

/**
 * The push_devices aggregate: one row per device (device_id is the primary key), owned by one wallet at a
 * time. Every write stamps updated_at itself: the column's ON UPDATE only fires when a value changes, and
 * a device that re-registers with the same settings must still count as alive for the stale-device cron.
 */
export interface DeviceSettings {
  deviceId: string;
  walletId: string;
  provider: PushProvider;
  enablePush: boolean;
  enableShowAmounts: boolean;
}

export interface PushTarget {
  deviceId: string;
  walletId: string;
  provider: PushProvider;
  enableShowAmounts: boolean;
}

/**
 * Registers `d` for its wallet, taking the device from whichever wallet had it (a phone that switched
 * wallets). One upsert on the primary key, so the move is a single atomic statement: no moment where the
 * device belongs to both wallets or to none, and two concurrent registers of one device end with one row.
 */
export async function registerDevice(db: Queryable, d: DeviceSettings, now: number): Promise<void> {
  await executeWrite(
    db,
    'INSERT INTO push_devices (device_id, wallet_id, push_provider, enable_push, enable_show_amounts, updated_at) VALUES (?, ?, ?, ?, ?, FROM_UNIXTIME(?)) ' +
      // The values again rather than VALUES(col), which MySQL 8 deprecates and its row alias MariaDB lacks.
      'ON DUPLICATE KEY UPDATE wallet_id = ?, push_provider = ?, enable_push = ?, enable_show_amounts = ?, updated_at = FROM_UNIXTIME(?)',
    [d.deviceId, d.walletId, d.provider, d.enablePush, d.enableShowAmounts, now, d.walletId, d.provider, d.enablePush, d.enableShowAmounts, now],
  );
}

/** Sets both flags of the wallet's device; false when the wallet has no such device. */
export async function updateDevice(db: Queryable, d: Omit<DeviceSettings, 'provider'>, now: number): Promise<boolean> {
  const r = await executeWrite(
    db,
    'UPDATE push_devices SET enable_push = ?, enable_show_amounts = ?, updated_at = FROM_UNIXTIME(?) WHERE device_id = ? AND wallet_id = ?',
    [d.enablePush, d.enableShowAmounts, now, d.deviceId, d.walletId],
  );
  // mysql2 connects with FOUND_ROWS, so a matched row counts even when nothing in it changed.
  return r.affectedRows === 1;
}

/** Removes the wallet's device; a device of another wallet is never touched. */
export async function unregisterDevice(db: Queryable, walletId: string, deviceId: string): Promise<boolean> {
  const r = await executeWrite(db, 'DELETE FROM push_devices WHERE device_id = ? AND wallet_id = ?', [deviceId, walletId]);
  return r.affectedRows === 1;
}

/** Bounds the IN list of one statement, whatever the size of a push request. */
const WALLETS_PER_QUERY = 500;

/** The devices of `walletIds` that want push, on an allowed provider (push_devices_wallet_id_idx). */
export async function pushTargets(db: Queryable, walletIds: readonly string[], providers: readonly PushProvider[]): Promise<PushTarget[]> {
  const out: PushTarget[] = [];
  for (let i = 0; i < walletIds.length; i += WALLETS_PER_QUERY) {
    const chunk = walletIds.slice(i, i + WALLETS_PER_QUERY);
    const rows = await selectRows<{ device_id: string; wallet_id: string; push_provider: PushProvider; enable_show_amounts: number }>(
      db,
      `SELECT device_id, wallet_id, push_provider, enable_show_amounts FROM push_devices WHERE wallet_id IN (${chunk.map(() => '?').join(', ')}) ` +
        `AND enable_push = TRUE AND push_provider IN (${providers.map(() => '?').join(', ')}) ORDER BY wallet_id, device_id`,
      [...chunk, ...providers],
    );
    for (const r of rows) out.push({ deviceId: r.device_id, walletId: r.wallet_id, provider: r.push_provider, enableShowAmounts: Boolean(r.enable_show_amounts) });
  }
  return out;
}

/**
 * Deletes up to `limit` devices last registered or updated before `before` (Unix seconds); how many it
 * deleted. The cron calls it until a batch comes back short, so no one statement holds locks for long.
 */
export async function deleteStaleDevices(db: Queryable, before: number, limit: number): Promise<number> {
  const r = await executeWrite(db, 'DELETE FROM push_devices WHERE updated_at < FROM_UNIXTIME(?) ORDER BY updated_at LIMIT ?', [before, limit]);
  return r.affectedRows;
}
