import { createLogger, selectRows, stringifyJson } from '@wallet-service/common';
import type { BatchResponse, TokenMessage } from 'firebase-admin/messaging';
import { insertWallet } from '../data/wallets';
import { fcmSender } from '../push/fcm';
import type { PushNotification, PushSender, SendOutcome } from '../push/sender';
import { handlePushRequest } from '../push/txPushRequested';
import { createTestApi, type TestApi } from './support/api';
import { freshWallet } from './support/keys';

/**
 * txPushRequested on the real server with a recording sender: which devices get a notification (push on,
 * an allowed provider, a wallet of the request that received something), what each says (generic without
 * amounts, or up to two exact "<amount> <SYMBOL>" then how many more), and what happens to a device FCM
 * reports unregistered (deleted, through the FCM sender's own mapping).
 */
const TX = 'ab'.repeat(32);
const HUGE = 123456789012345678901n; // far above 2^53: one rounding and the last digits change

let api: TestApi;
let lines: string[];
let wallets: string[];
const app = (env: Record<string, string> = {}) => api.withApp(env, { log: createLogger({ service: 'test', write: (l) => lines.push(l) }) });

function recording(outcomes: Record<string, SendOutcome> = {}): PushSender & { sent: PushNotification[] } {
  const sent: PushNotification[] = [];
  return {
    kind: 'log',
    sent,
    send(ns) {
      sent.push(...ns);
      return Promise.resolve(ns.map((n) => ({ deviceId: n.deviceId, walletId: n.walletId, outcome: outcomes[n.deviceId] ?? 'sent' })));
    },
  };
}

const balance = (tokenSymbol: string, total: bigint | number | string, tokenId = tokenSymbol.toLowerCase().padEnd(64, '0')) => ({
  tokenId,
  tokenSymbol,
  totalAmountSent: 0,
  lockedAmount: 0,
  unlockedAmount: total,
  lockedAuthorities: { mint: false, melt: false },
  unlockedAuthorities: { mint: false, melt: false },
  lockExpires: null,
  total,
});
const entry = (walletId: string, balances: ReturnType<typeof balance>[]) => ({ txId: TX, walletId, addresses: ['HH5As5aLtzFkcbmbXZmE65wSd22GqPWq2T'], walletBalanceForTx: balances });

async function device(deviceId: string, walletId: string, provider: 'android' | 'ios', enablePush: boolean, showAmounts: boolean) {
  await api.db.pool.query('INSERT INTO push_devices (device_id, wallet_id, push_provider, enable_push, enable_show_amounts) VALUES (?, ?, ?, ?, ?)', [deviceId, walletId, provider, enablePush, showAmounts]);
}
const deviceIds = async () => (await selectRows<{ device_id: string }>(api.db.pool, 'SELECT device_id FROM push_devices ORDER BY device_id')).map((r) => r.device_id);

beforeAll(async () => {
  api = await createTestApi('push_request');
  wallets = [];
  for (let i = 0; i < 4; i++) {
    const k = freshWallet();
    await insertWallet(api.db.pool, { id: k.walletId, xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, maxGap: 20, now: 1 });
    wallets.push(k.walletId);
  }
});
afterAll(async () => api?.close());
beforeEach(async () => {
  lines = [];
  await api.db.pool.query('DELETE FROM push_devices');
  const [a, b, c, d] = wallets;
  await device('a-amounts', a, 'android', true, true);
  await device('a-generic', a, 'ios', true, false);
  await device('a-off', a, 'android', false, true);
  await device('b-phone', b, 'android', true, true);
  await device('c-ios', c, 'ios', true, true);
  await device('d-phone', d, 'android', true, true);
});

describe('txPushRequested', () => {
  test('devices with push on, of wallets that received something; exact amounts, two tokens then the count of the rest', async () => {
    const [a, b, c] = wallets;
    // As the daemon should send it: one JSON string, parsed losslessly here (amounts as bare integers).
    const payload = stringifyJson({
      [a]: entry(a, [balance('HTR', HUGE, '00'), balance('TKA', 5n), balance('TKB', 0n), balance('TKC', -700n), balance('TKD', 1n), balance('TKE', 250n)]),
      // B only sent: nothing for B's phone.
      [b]: entry(b, [balance('HTR', -100n, '00')]),
      [c]: entry(c, [balance('TKA', 12_345n)]),
    });
    expect(payload).toContain(`"total":${HUGE}`);
    const sender = recording();
    const summary = await handlePushRequest(app(), sender, payload);
    const message = (bodyLocArgs?: string[]) => ({
      txId: TX,
      titleLocKey: 'new_transaction_received_title',
      bodyLocKey: bodyLocArgs ? 'new_transaction_received_description_with_tokens' : 'new_transaction_received_description_without_tokens',
      ...(bodyLocArgs ? { bodyLocArgs: JSON.stringify(bodyLocArgs) } : {}),
    });
    const expected = [
      { deviceId: 'a-amounts', walletId: a, provider: 'android', message: message(['1234567890123456789.01 HTR', '0.05 TKA', '2']) },
      { deviceId: 'a-generic', walletId: a, provider: 'ios', message: message() },
      { deviceId: 'c-ios', walletId: c, provider: 'ios', message: message(['123.45 TKA']) },
    ];
    expect([...sender.sent].sort((x, y) => x.deviceId.localeCompare(y.deviceId))).toEqual(expected);
    expect(sender.sent.find((n) => n.deviceId === 'a-generic')!.message).not.toHaveProperty('bodyLocArgs');
    expect(summary).toEqual({ wallets: 3, invalid: 0, receiving: 2, devices: 3, sent: 3, skipped: 0, failed: 0, removed: 0 });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'push request handled');
    expect(logged).toMatchObject({ level: 'info', wallets: 3, devices: 3, sent: 3, txIds: [TX], sender: 'log' });
  });

  test('exactly two received tokens: no count; amounts as decimal strings or safe numbers in an object payload work alike', async () => {
    const [a] = wallets;
    const sender = recording();
    await handlePushRequest(app(), sender, { [a]: entry(a, [balance('HTR', '9007199254740993', '00'), balance('TKA', 100)]) });
    expect(sender.sent.find((n) => n.deviceId === 'a-amounts')!.message.bodyLocArgs).toBe(JSON.stringify(['90071992547409.93 HTR', '1.00 TKA']));
  });

  test('only providers of PUSH_ALLOWED_PROVIDERS', async () => {
    const [a, , c] = wallets;
    const sender = recording();
    await handlePushRequest(app({ PUSH_ALLOWED_PROVIDERS: 'android' }), sender, { [a]: entry(a, [balance('HTR', 1n, '00')]), [c]: entry(c, [balance('HTR', 1n, '00')]) });
    expect(sender.sent.map((n) => n.deviceId)).toEqual(['a-amounts']);
  });

  test('a bad entry is refused and logged, the other wallets still get theirs; a rounded amount is refused, never shown', async () => {
    const [a, b, , d] = wallets;
    const sender = recording();
    const summary = await handlePushRequest(app(), sender, {
      [a]: entry(a, [balance('HTR', 2 ** 60, '00')]),
      [b]: { ...entry(b, [balance('HTR', 1n, '00')]), txId: 'not-a-tx' },
      [d]: entry(d, [balance('HTR', 3n, '00')]),
    });
    expect(sender.sent.map((n) => n.deviceId)).toEqual(['d-phone']);
    expect(summary).toMatchObject({ wallets: 3, invalid: 2, receiving: 1, sent: 1 });
    const refused = lines.map((l) => JSON.parse(l) as { msg: string; walletId?: string; issues?: string[] }).filter((l) => l.msg === 'push request entry refused');
    expect(refused.map((l) => l.walletId).sort()).toEqual([a, b].sort());
    expect(refused.find((l) => l.walletId === a)!.issues!.join()).toMatch(/walletBalanceForTx\.0\.unlockedAmount: .*2\^53/);
    expect(await handlePushRequest(app(), sender, '[1, 2]')).toMatchObject({ invalid: 1, devices: 0 });
  });

  test('a device FCM reports unregistered is deleted (only it); one that failed otherwise is kept', async () => {
    const [a, , , d] = wallets;
    const handed: TokenMessage[] = [];
    const messaging = {
      sendEach(messages: TokenMessage[]): Promise<BatchResponse> {
        handed.push(...messages);
        const error = (code: string) => ({ success: false, error: { code, message: code } });
        const responses = messages.map((m) =>
          m.token === 'a-generic' ? error('messaging/registration-token-not-registered') : m.token === 'd-phone' ? error('messaging/internal-error') : { success: true, messageId: `m-${m.token}` },
        );
        return Promise.resolve({ responses, successCount: 1, failureCount: 2 } as BatchResponse);
      },
    };
    const summary = await handlePushRequest(app(), fcmSender(messaging), { [a]: entry(a, [balance('HTR', 1n, '00')]), [d]: entry(d, [balance('HTR', 1n, '00')]) });
    expect(handed.map((m) => m.token).sort()).toEqual(['a-amounts', 'a-generic', 'd-phone']);
    expect(summary).toMatchObject({ devices: 3, sent: 1, failed: 1, removed: 1 });
    expect(await deviceIds()).toEqual(['a-amounts', 'a-off', 'b-phone', 'c-ios', 'd-phone']);
    const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'push notification failed');
    expect(failed).toMatchObject({ level: 'warn', walletId: d, error: 'messaging/internal-error' });
  });

  test('nothing received anywhere: no device is read or sent to', async () => {
    const [a] = wallets;
    const sender = recording();
    expect(await handlePushRequest(app(), sender, { [a]: entry(a, [balance('HTR', 0n, '00')]) })).toMatchObject({ receiving: 0, devices: 0, sent: 0 });
    expect(sender.sent).toEqual([]);
  });
});
