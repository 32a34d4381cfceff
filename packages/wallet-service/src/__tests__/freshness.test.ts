import { selectOne } from '@wallet-service/common';
import { z } from 'zod';
import type { Truth } from 'fullnode-simulator';
import { defineRoute } from '../http/route';
import { walletBalancesRoute } from '../routes/balances';
import { walletHistory } from '../routes/history/list';
import { walletTxOutputs } from '../routes/outputs/txOutputs';
import { createTestApi, rows, type TestApi } from './support/api';
import { call } from './support/http';
import { createAndLoad, scenario, syncEvents } from './support/scenario';

/**
 * Right at the moment of the read: each answer comes from one consistent snapshot and says which
 * committed event it reflects; balances and history carry an ETag; a timelock that passed since the
 * daemon's last commit already reads as unlocked — and the API writes none of that.
 */
type Entry = { token: { id: string }; balance: { unlocked: number | bigint; locked: number | bigint }; lockExpires: number | null; tokenAuthorities: { locked: { mint: boolean; melt: boolean }; unlocked: { mint: boolean; melt: boolean } } };

describe('freshness, ETags, snapshots and timelocks at read', () => {
  let api: TestApi;
  let truth: Truth;
  let walletId: string;
  let cut: number;
  const g = scenario('WALLET_ACTIVITY');
  const as = () => ({ walletId, mode: 'ro' as const });

  beforeAll(async () => {
    api = await createTestApi('freshness');
    truth = g.truth;
    cut = Math.floor(g.stream.events.length * 0.6);
    await syncEvents(api.db.pool, g, { to: cut });
    walletId = await createAndLoad(api.app, truth.setup!.wallets[0]);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  test('wallet reads say which committed event they reflect', async () => {
    const res = await call(walletBalancesRoute, api.app, { as: as() });
    const [meta] = await rows<{ last_event_id: number; t: string }>(api.db.pool, 'SELECT last_event_id, UNIX_TIMESTAMP(updated_at) AS t FROM sync_metadata');
    expect(res.headers['X-Last-Event-Id']).toBe(String(cut - 1));
    expect(meta.last_event_id).toBe(cut - 1);
    expect(res.headers['X-Last-Event-Time']).toBe(String(Math.floor(Number(meta.t))));
    expect(res.headers['Access-Control-Expose-Headers']).toMatch(/X-Last-Event-Id/);
  });

  test('balances and history: ETag, 304 on a match, a new ETag once the daemon commits more for the wallet', async () => {
    for (const route of [walletBalancesRoute, walletHistory]) {
      const first = await call(route, api.app, { as: as() });
      const etag = first.headers.ETag;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const same = await call(route, api.app, { as: as(), headers: { 'If-None-Match': etag } });
      expect(same.status).toBe(304);
      expect(same.text).toBe('');
      expect(same.headers.ETag).toBe(etag);
      expect(same.headers['X-Last-Event-Id']).toBe(first.headers['X-Last-Event-Id']);
      const other = await call(route, api.app, { as: as(), headers: { 'If-None-Match': '"something-else", W/"x"' } });
      expect(other.status).toBe(200);
    }
    const before = await call(walletBalancesRoute, api.app, { as: as() });
    await syncEvents(api.db.pool, g, { from: cut });
    const after = await call(walletBalancesRoute, api.app, { as: as(), headers: { 'If-None-Match': before.headers.ETag } });
    expect(after.status).toBe(200);
    expect(after.headers.ETag).not.toBe(before.headers.ETag);
    expect(after.headers['X-Last-Event-Id']).toBe(String(g.stream.events.length - 1));
  });

  test('a timelock that has passed reads as unlocked before the daemon settles it, and nothing is written', async () => {
    // Every generated future timelock lies between 3e9 and 4e9 (truth/types.ts): read as of 4.1e9.
    const later = api.withApp({}, { clock: () => 4_100_000_000 });
    const stored = await rows(api.db.pool, 'SELECT * FROM wallet_balance WHERE wallet_id = ? ORDER BY token_id', [walletId]);
    const nowAnswer = (await call(walletBalancesRoute, api.app, { as: as() })).body.balances as Entry[];
    const laterAnswer = (await call(walletBalancesRoute, later, { as: as() })).body.balances as Entry[];
    const timelocked = truth.utxos.filter((u) => u.address && (u.timelock ?? 0) > 2e9 && !u.reward_locked);
    expect(timelocked.length).toBeGreaterThan(0);
    let moved = false;
    for (const e of laterAnswer) {
      const was = nowAnswer.find((x) => x.token.id === e.token.id)!;
      const total = (x: Entry) => BigInt(x.balance.unlocked) + BigInt(x.balance.locked);
      expect(total(e)).toBe(total(was));
      // Only height locks (rewards) may remain; no timelock is ahead of 4.1e9.
      expect(e.lockExpires === null || e.lockExpires > 4_100_000_000).toBe(true);
      if (BigInt(e.balance.locked) < BigInt(was.balance.locked)) moved = true;
      if (was.tokenAuthorities.locked.melt && !e.tokenAuthorities.locked.melt) expect(e.tokenAuthorities.unlocked.melt).toBe(true);
    }
    expect(moved).toBe(true);
    const outputs = (await call(walletTxOutputs, later, { as: as(), query: { ignoreLocked: 'true' } })).body.txOutputs as { txId: string; index: number; locked: boolean }[];
    const mineTimelocked = timelocked.filter((u) => u.token === '00' && outputs.some((o) => o.txId === u.tx_id && o.index === u.index));
    expect(mineTimelocked.length).toBeGreaterThan(0);
    expect(outputs.every((o) => !o.locked)).toBe(true);
    expect(await rows(api.db.pool, 'SELECT * FROM wallet_balance WHERE wallet_id = ? ORDER BY token_id', [walletId])).toEqual(stored);
  });

  test('one answer reads one snapshot: a commit between its queries is not seen, and its cursor matches', async () => {
    let release: () => void = () => undefined;
    const paused = new Promise<void>((r) => (release = r));
    let reached: () => void = () => undefined;
    const atPause = new Promise<void>((r) => (reached = r));
    const probe = defineRoute({
      name: 'snapshotProbe',
      method: 'GET',
      path: '/probe',
      summary: 'test',
      auth: 'wallet',
      wallet: 'ready',
      db: 'snapshot',
      query: z.strictObject({}),
      async run({ db }) {
        const first = await selectOne<{ n: number }>(db, 'SELECT last_event_id AS n FROM sync_metadata WHERE id = 0');
        reached();
        await paused;
        const second = await selectOne<{ n: number }>(db, 'SELECT last_event_id AS n FROM sync_metadata WHERE id = 0');
        const tokens = await selectOne<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM token');
        return { first: first!.n, second: second!.n, tokens: Number(tokens!.n) };
      },
    });
    const [{ n: tokensBefore }] = await rows<{ n: number }>(api.db.pool, 'SELECT COUNT(*) AS n FROM token');
    const pending = call(probe, api.app, { as: as() });
    await atPause;
    const conn = await api.db.pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query('UPDATE sync_metadata SET last_event_id = last_event_id + 1000 WHERE id = 0');
      await conn.query("INSERT INTO token (id, name, symbol, version) VALUES (?, 'Probe', 'PRB', 1)", ['cd'.repeat(32)]);
      await conn.commit();
    } finally {
      conn.release();
    }
    release();
    const res = await pending;
    expect(res.body).toEqual({ first: Number(res.headers['X-Last-Event-Id']), second: Number(res.headers['X-Last-Event-Id']), tokens: Number(tokensBefore) });
    await api.db.pool.query('UPDATE sync_metadata SET last_event_id = last_event_id - 1000 WHERE id = 0');
    await api.db.pool.query('DELETE FROM token WHERE id = ?', ['cd'.repeat(32)]);
  });
});
