import { parseJson, selectRows } from '@wallet-service/common';
import { KNOWN_WALLETS } from 'fullnode-simulator';
import { formatAmount } from '../push/message';
import type { PushNotification, PushSender } from '../push/sender';
import { handlePushRequest } from '../push/txPushRequested';
import { createTestApi, type TestApi } from './support/api';
import { createAndLoad, scenario, syncEvents } from './support/scenario';

/**
 * The daemon and txPushRequested agree: the push requests the daemon's own store writes to its outbox
 * (a generated stream with wallet activity, push enabled), handed over as the daemon's sink hands them
 * to Lambda (its body as one JSON string, which Lambda JSON.parses), are each accepted whole, and every
 * device of a receiving wallet gets a message whose amounts are the daemon's, to the last unit.
 */
jest.setTimeout(60_000);

interface Entry {
  walletId: string;
  walletBalanceForTx: { tokenSymbol: string; total: bigint | number }[];
}

let api: TestApi;
let rows: { notification_id: string; body: string }[];
let wallets: string[];

beforeAll(async () => {
  api = await createTestApi('push_contract');
  wallets = [];
  // Ready before the stream: every tx paying them owes a push request.
  for (const w of KNOWN_WALLETS) wallets.push(await createAndLoad(api.app, w));
  for (const [i, walletId] of wallets.entries()) {
    await api.db.pool.query('INSERT INTO push_devices (device_id, wallet_id, push_provider, enable_push, enable_show_amounts) VALUES (?, ?, ?, TRUE, TRUE)', [
      `phone-${i}`,
      walletId,
      i % 2 ? 'ios' : 'android',
    ]);
  }
  await syncEvents(api.db.pool, scenario('WALLET_ACTIVITY'), { pushNotifications: true, batch: 50 });
  rows = await selectRows(api.db.pool, "SELECT notification_id, body FROM notification_outbox WHERE channel = 'push' ORDER BY id");
});

afterAll(async () => {
  await api?.close();
});

test('every push request the daemon writes is accepted whole, and each receiving wallet device gets its exact amounts', async () => {
  expect(rows.length).toBeGreaterThan(3);
  for (const row of rows) {
    const sent: PushNotification[] = [];
    const sender: PushSender = {
      kind: 'log',
      send: (ns) => {
        sent.push(...ns);
        return Promise.resolve(ns.map((n) => ({ deviceId: n.deviceId, walletId: n.walletId, outcome: 'sent' as const })));
      },
    };
    // What Lambda hands the handler: JSON.parse of the invoke's payload.
    const event: unknown = JSON.parse(JSON.stringify(row.body));
    const summary = await handlePushRequest(api.app, sender, event);
    expect({ id: row.notification_id, invalid: summary.invalid }).toEqual({ id: row.notification_id, invalid: 0 });
    const request = parseJson(row.body) as Record<string, Entry>;
    const receiving = Object.values(request).filter((e) => e.walletBalanceForTx.some((b) => BigInt(b.total) > 0n));
    expect(sent.map((n) => n.walletId).sort()).toEqual(receiving.map((e) => e.walletId).filter((w) => wallets.includes(w)).sort());
    for (const n of sent) {
      const entry = request[n.walletId];
      const received = entry.walletBalanceForTx.filter((b) => BigInt(b.total) > 0n);
      const expected = received.slice(0, 2).map((b) => `${formatAmount(BigInt(b.total))} ${b.tokenSymbol}`);
      expect((JSON.parse(n.message.bodyLocArgs ?? '[]') as string[]).slice(0, expected.length)).toEqual(expected);
    }
  }
});
