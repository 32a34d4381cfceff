import { createLogger, selectRows } from '@wallet-service/common';
import { deleteStaleDevicesNow } from '../cron/stalePushDevices';
import { insertWallet } from '../data/wallets';
import { createTestApi, type TestApi } from './support/api';
import { freshWallet } from './support/keys';

/**
 * The deleteStalePushDevices cron on the real server: devices not registered or updated for
 * PUSH_DEVICE_STALE_AFTER_DAYS go, in batches, younger ones stay, and one JSON line sums the run up.
 */
const NOW = 1_800_000_000;
const DAY = 86_400;
let api: TestApi;
let lines: string[];
let walletId: string;
const app = (env: Record<string, string> = {}) => api.withApp(env, { clock: () => NOW, log: createLogger({ service: 'test', write: (l) => lines.push(l) }) });

async function device(id: string, ageSeconds: number) {
  await api.db.pool.query("INSERT INTO push_devices (device_id, wallet_id, push_provider, enable_push, updated_at) VALUES (?, ?, 'android', TRUE, FROM_UNIXTIME(?))", [id, walletId, NOW - ageSeconds]);
}
const left = async () => (await selectRows<{ device_id: string }>(api.db.pool, 'SELECT device_id FROM push_devices ORDER BY device_id')).map((r) => r.device_id);

beforeAll(async () => {
  api = await createTestApi('stale_push');
  const k = freshWallet();
  walletId = k.walletId;
  await insertWallet(api.db.pool, { id: k.walletId, xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, maxGap: 20, now: NOW });
});
afterAll(async () => api?.close());
beforeEach(async () => {
  lines = [];
  await api.db.pool.query('DELETE FROM push_devices');
});

test('deletes devices older than 30 days by default, keeps the rest (30 days exactly is not older)', async () => {
  await device('old-1', 31 * DAY);
  await device('old-2', 400 * DAY);
  await device('edge', 30 * DAY);
  await device('fresh', 60);
  expect(await deleteStaleDevicesNow(app())).toEqual({ deleted: 2, before: NOW - 30 * DAY });
  expect(await left()).toEqual(['edge', 'fresh']);
  expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ level: 'info', msg: 'stale push devices deleted', deleted: 2, before: NOW - 30 * DAY });
});

test('PUSH_DEVICE_STALE_AFTER_DAYS sets the age; a backlog goes in batches until one comes back short', async () => {
  for (let i = 0; i < 7; i++) await device(`old-${i}`, 3 * DAY + 1 + i);
  await device('young', 2 * DAY);
  expect(await deleteStaleDevicesNow(app({ PUSH_DEVICE_STALE_AFTER_DAYS: '3' }), 2)).toEqual({ deleted: 7, before: NOW - 3 * DAY });
  expect(await left()).toEqual(['young']);
  // Nothing left to do: a run that deletes nothing still says so.
  expect((await deleteStaleDevicesNow(app({ PUSH_DEVICE_STALE_AFTER_DAYS: '3' }), 2)).deleted).toBe(0);
  expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ msg: 'stale push devices deleted', deleted: 0 });
});
