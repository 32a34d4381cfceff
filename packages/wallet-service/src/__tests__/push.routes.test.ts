import { selectRows } from '@wallet-service/common';
import { insertWallet } from '../data/wallets';
import { pushRegister } from '../routes/push/register';
import { pushUnregister } from '../routes/push/unregister';
import { pushUpdate } from '../routes/push/update';
import { createTestApi, type TestApi } from './support/api';
import { call } from './support/http';
import { freshWallet } from './support/keys';

/**
 * The push device routes (api-spec §4.14) on the real server: register takes a device for the token's
 * wallet (from whichever wallet had it), update and unregister only ever touch the token's own wallet's
 * rows, read-only tokens may use all three (the decision in src/routes/push/shared.ts), and every write
 * stamps updated_at with the request's clock so the stale-device cron sees a live device as live.
 */
const NOW = 1_800_000_000;
let api: TestApi;
let a: string;
let b: string;
const app = (env: Record<string, string> = {}, now = NOW) => api.withApp(env, { clock: () => now });

interface Row {
  device_id: string;
  wallet_id: string;
  push_provider: string;
  enable_push: number;
  enable_show_amounts: number;
  updated: number;
}
const devices = async () =>
  (await selectRows<Row>(api.db.pool, 'SELECT device_id, wallet_id, push_provider, enable_push, enable_show_amounts, UNIX_TIMESTAMP(updated_at) AS updated FROM push_devices ORDER BY device_id')).map(
    (r) => ({ ...r, updated: Number(r.updated) }),
  );

beforeAll(async () => {
  api = await createTestApi('push_routes');
  for (const k of [freshWallet(), freshWallet()]) await insertWallet(api.db.pool, { id: k.walletId, xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, maxGap: 20, now: NOW });
  [a, b] = (await selectRows<{ id: string }>(api.db.pool, 'SELECT id FROM wallet ORDER BY created_at, id')).map((r) => r.id);
});
afterAll(async () => api?.close());
beforeEach(async () => {
  await api.db.pool.query('DELETE FROM push_devices');
});

const full = (walletId: string) => ({ walletId, mode: 'full' as const });
const ro = (walletId: string) => ({ walletId, mode: 'ro' as const });

describe('POST /wallet/push/register', () => {
  test('stores the device for the wallet; omitted flags are false; the answer is {success:true}', async () => {
    const res = await call(pushRegister, app(), { as: full(a), body: { pushProvider: 'android', deviceId: 'dev-1' } });
    expect(res).toMatchObject({ status: 200, body: { success: true } });
    expect(res.body).toEqual({ success: true });
    const both = await call(pushRegister, app(), { as: full(a), body: { pushProvider: 'ios', deviceId: 'dev-2', enablePush: true, enableShowAmounts: true } });
    expect(both.status).toBe(200);
    expect(await devices()).toEqual([
      { device_id: 'dev-1', wallet_id: a, push_provider: 'android', enable_push: 0, enable_show_amounts: 0, updated: NOW },
      { device_id: 'dev-2', wallet_id: a, push_provider: 'ios', enable_push: 1, enable_show_amounts: 1, updated: NOW },
    ]);
  });

  test('a read-only token may register its wallet\'s phone', async () => {
    const res = await call(pushRegister, app(), { as: ro(a), body: { pushProvider: 'android', deviceId: 'watcher', enablePush: true } });
    expect(res.status).toBe(200);
    expect((await devices()).map((d) => [d.device_id, d.wallet_id, d.enable_push])).toEqual([['watcher', a, 1]]);
  });

  test('moves a device from the wallet that had it, with the new settings; one row, whatever the order', async () => {
    await call(pushRegister, app(), { as: full(b), body: { pushProvider: 'ios', deviceId: 'phone', enablePush: true, enableShowAmounts: true } });
    const res = await call(pushRegister, app({}, NOW + 60), { as: full(a), body: { pushProvider: 'android', deviceId: 'phone', enablePush: true } });
    expect(res.status).toBe(200);
    expect(await devices()).toEqual([{ device_id: 'phone', wallet_id: a, push_provider: 'android', enable_push: 1, enable_show_amounts: 0, updated: NOW + 60 }]);
    // Both wallets at once: the device ends up with exactly one of them.
    await Promise.all([a, b].map((w) => call(pushRegister, app(), { as: full(w), body: { pushProvider: 'ios', deviceId: 'phone' } })));
    const rows = await devices();
    expect(rows).toHaveLength(1);
    expect([a, b]).toContain(rows[0].wallet_id);
  });

  test('registering again with the same settings still counts as alive (updated_at moves)', async () => {
    const body = { pushProvider: 'android', deviceId: 'same', enablePush: true };
    await call(pushRegister, app(), { as: full(a), body });
    await call(pushRegister, app({}, NOW + 86_400), { as: full(a), body });
    expect((await devices()).map((d) => d.updated)).toEqual([NOW + 86_400]);
  });

  test('a wallet that does not exist: 404 wallet-not-found, nothing stored', async () => {
    const res = await call(pushRegister, app(), { as: full('f'.repeat(64)), body: { pushProvider: 'android', deviceId: 'x' } });
    expect(res).toMatchObject({ status: 404, body: { success: false, error: 'wallet-not-found' } });
    expect(await devices()).toEqual([]);
  });

  test('only the providers of PUSH_ALLOWED_PROVIDERS, and only known ones', async () => {
    const androidOnly = app({ PUSH_ALLOWED_PROVIDERS: 'android' });
    const ios = await call(pushRegister, androidOnly, { as: full(a), body: { pushProvider: 'ios', deviceId: 'x' } });
    expect(ios).toMatchObject({ status: 400, body: { error: 'invalid-payload', details: [{ message: '"pushProvider" must be one of [android]', path: ['pushProvider'] }] } });
    expect((await call(pushRegister, androidOnly, { as: full(a), body: { pushProvider: 'android', deviceId: 'x' } })).status).toBe(200);
    const unknown = await call(pushRegister, app(), { as: full(a), body: { pushProvider: 'windows', deviceId: 'y' } });
    expect(unknown.body.details?.map((d) => d.path)).toEqual([['pushProvider']]);
    expect((await devices()).map((d) => d.device_id)).toEqual(['x']);
    expect(() => app({ PUSH_ALLOWED_PROVIDERS: 'android,windows' })).toThrow(/PUSH_ALLOWED_PROVIDERS/);
  });

  test('a device id of 256 characters is fine, 257 is a 400', async () => {
    expect((await call(pushRegister, app(), { as: full(a), body: { pushProvider: 'android', deviceId: 'd'.repeat(256) } })).status).toBe(200);
    const long = await call(pushRegister, app(), { as: full(a), body: { pushProvider: 'android', deviceId: 'd'.repeat(257) } });
    expect(long).toMatchObject({ status: 400, body: { error: 'invalid-payload' } });
    expect(long.body.details?.map((d) => d.path)).toEqual([['deviceId']]);
  });

  test('no authorized wallet: 401', async () => {
    expect((await call(pushRegister, app(), { body: { pushProvider: 'android', deviceId: 'x' } })).status).toBe(401);
  });
});

describe('PUT /wallet/push/update', () => {
  beforeEach(async () => {
    await call(pushRegister, app(), { as: full(a), body: { pushProvider: 'android', deviceId: 'mine', enablePush: true, enableShowAmounts: true } });
    await call(pushRegister, app(), { as: full(b), body: { pushProvider: 'ios', deviceId: 'theirs', enablePush: true, enableShowAmounts: true } });
  });

  test('sets both flags of the wallet\'s device; omitted flags reset to false (as upstream)', async () => {
    expect((await call(pushUpdate, app({}, NOW + 5), { as: ro(a), body: { deviceId: 'mine', enableShowAmounts: true } })).body).toEqual({ success: true });
    expect((await devices()).find((d) => d.device_id === 'mine')).toMatchObject({ enable_push: 0, enable_show_amounts: 1, updated: NOW + 5 });
    // The same values again in the same second: the row matched, so still 200.
    expect((await call(pushUpdate, app({}, NOW + 5), { as: full(a), body: { deviceId: 'mine', enableShowAmounts: true } })).status).toBe(200);
    await call(pushUpdate, app(), { as: full(a), body: { deviceId: 'mine' } });
    expect((await devices()).find((d) => d.device_id === 'mine')).toMatchObject({ enable_push: 0, enable_show_amounts: 0 });
  });

  test("another wallet's device is a 404 device-not-found, like no device at all, and stays as it was", async () => {
    const before = await devices();
    for (const deviceId of ['theirs', 'nobody']) {
      const res = await call(pushUpdate, app({}, NOW + 9), { as: full(a), body: { deviceId, enablePush: false } });
      expect(res).toMatchObject({ status: 404, body: { success: false, error: 'device-not-found' } });
    }
    expect(await devices()).toEqual(before);
  });

  test('flags must be booleans, unknown keys refused', async () => {
    const res = await call(pushUpdate, app(), { as: full(a), body: { deviceId: 'mine', enablePush: 'true', pushProvider: 'ios' } });
    expect(res.body.details?.map((d) => d.path)).toEqual([['enablePush'], ['pushProvider']]);
  });
});

describe('DELETE /wallet/push/unregister/{deviceId}', () => {
  test("deletes the wallet's device; another wallet's device or none: still 200 and nothing changes", async () => {
    await call(pushRegister, app(), { as: full(a), body: { pushProvider: 'android', deviceId: 'mine' } });
    await call(pushRegister, app(), { as: full(b), body: { pushProvider: 'ios', deviceId: 'theirs' } });
    expect((await call(pushUnregister, app(), { as: ro(a), params: { deviceId: 'mine' } })).body).toEqual({ success: true });
    for (const deviceId of ['theirs', 'mine', 'nobody']) expect((await call(pushUnregister, app(), { as: full(a), params: { deviceId } })).body).toEqual({ success: true });
    expect((await devices()).map((d) => [d.device_id, d.wallet_id])).toEqual([['theirs', b]]);
  });
});
