import { generateKeyPairSync } from 'crypto';
import path from 'path';
import { createLogger } from '@wallet-service/common';
import type { BatchResponse, TokenMessage } from 'firebase-admin/messaging';
import { parseApiConfig } from '../config';
import { FCM_BATCH, fcmSender, type MessagingApi } from '../push/fcm';
import { createPushSender, type PushNotification } from '../push/sender';

/**
 * The FCM sender, by what it hands firebase-admin's messaging API (a recording implementation of that one
 * call, since FCM cannot be reached from here): data-only messages that wake a backgrounded app on both
 * platforms, which firebase-admin's own validation accepts and turns into the wire form; batches within
 * FCM's limit; each answer mapped back to its device. And which sender the configuration gives.
 */
const TX = 'cd'.repeat(32);
const note = (deviceId: string, bodyLocArgs?: string): PushNotification => ({
  deviceId,
  walletId: 'w'.repeat(64),
  provider: 'android',
  message: { txId: TX, titleLocKey: 'new_transaction_received_title', bodyLocKey: 'body', ...(bodyLocArgs ? { bodyLocArgs } : {}) },
});

function recordingMessaging(answer: (m: TokenMessage) => BatchResponse['responses'][number] = (m) => ({ success: true, messageId: `id-${m.token}` })) {
  const calls: TokenMessage[][] = [];
  const api: MessagingApi = {
    sendEach(messages) {
      calls.push(structuredClone(messages));
      const responses = messages.map(answer);
      return Promise.resolve({ responses, successCount: responses.filter((r) => r.success).length, failureCount: responses.filter((r) => !r.success).length });
    },
  };
  return { api, calls };
}

describe('the FCM sender', () => {
  test('hands firebase-admin one data-only message per device: android priority high, APNs background push with priority 5', async () => {
    const { api, calls } = recordingMessaging();
    await fcmSender(api).send([note('tok-1', '["1.00 HTR"]'), note('tok-2')]);
    const apns = { headers: { 'apns-priority': '5', 'apns-push-type': 'background' }, payload: { aps: { contentAvailable: true } } };
    expect(calls).toEqual([
      [
        { token: 'tok-1', data: { txId: TX, titleLocKey: 'new_transaction_received_title', bodyLocKey: 'body', bodyLocArgs: '["1.00 HTR"]' }, android: { priority: 'high' }, apns },
        { token: 'tok-2', data: { txId: TX, titleLocKey: 'new_transaction_received_title', bodyLocKey: 'body' }, android: { priority: 'high' }, apns },
      ],
    ]);
    // No notification block: the apps render the text themselves, in the phone's language.
    for (const m of calls[0]) expect(m).not.toHaveProperty('notification');
  });

  test("firebase-admin's own validation accepts the messages, and writes content-available: 1 on the wire", async () => {
    const { api, calls } = recordingMessaging();
    await fcmSender(api).send([note('tok-1', '["1.00 HTR","2"]')]);
    // Not in firebase-admin's exports map: reached by file, as the Messaging class itself reaches it.
    const internal = path.join(path.dirname(require.resolve('firebase-admin/messaging')), 'messaging-internal.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validateMessage } = require(internal) as { validateMessage(m: unknown): void };
    const wire = structuredClone(calls[0][0]) as TokenMessage & { apns: { payload: { aps: Record<string, unknown> } } };
    expect(() => validateMessage(wire)).not.toThrow();
    expect(wire.apns.payload.aps).toEqual({ 'content-available': 1 });
    expect(wire.apns.headers).toEqual({ 'apns-priority': '5', 'apns-push-type': 'background' });
    // Data values must all be strings for FCM: validation refuses anything else.
    expect(() => validateMessage({ token: 't', data: { n: 1 } })).toThrow();
  });

  test(`batches of at most ${FCM_BATCH}, each answer mapped back to its device in order`, async () => {
    const { api, calls } = recordingMessaging((m) =>
      m.token === 'tok-7' ? { success: false, error: { code: 'messaging/registration-token-not-registered' } as never } : m.token === 'tok-600' ? { success: false, error: { code: 'messaging/invalid-argument' } as never } : { success: true, messageId: 'x' },
    );
    const notes = Array.from({ length: 2 * FCM_BATCH + 1 }, (_, i) => note(`tok-${i}`));
    const results = await fcmSender(api).send(notes);
    expect(calls.map((c) => c.length)).toEqual([FCM_BATCH, FCM_BATCH, 1]);
    expect(calls.flat().map((m) => m.token)).toEqual(notes.map((n) => n.deviceId));
    expect(results.map((r) => r.deviceId)).toEqual(notes.map((n) => n.deviceId));
    expect(results.filter((r) => r.outcome !== 'sent')).toEqual([
      { deviceId: 'tok-7', walletId: 'w'.repeat(64), outcome: 'unregistered', error: 'messaging/registration-token-not-registered' },
      { deviceId: 'tok-600', walletId: 'w'.repeat(64), outcome: 'failed', error: 'messaging/invalid-argument' },
    ]);
  });
});

describe('the sender the configuration gives', () => {
  const base = { NETWORK: 'mainnet', AUTH_SECRET: 'a-secret-of-thirty-two-characters-at-least' };
  const lines: string[] = [];
  const log = createLogger({ service: 'test', write: (l) => lines.push(l) });

  test('push off (the default): the logging sender, which sends nothing and says so', async () => {
    const sender = await createPushSender(parseApiConfig(base), log);
    expect(sender.kind).toBe('log');
    expect(await sender.send([note('tok-1')])).toEqual([{ deviceId: 'tok-1', walletId: 'w'.repeat(64), outcome: 'skipped' }]);
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ level: 'info', msg: 'push notification not sent (PUSH_NOTIFICATION_ENABLED=false)', txId: TX });
  });

  test('push on without the service account: an error naming what is missing', async () => {
    await expect(createPushSender(parseApiConfig({ ...base, PUSH_NOTIFICATION_ENABLED: 'true', FIREBASE_PROJECT_ID: 'p' }), log)).rejects.toThrow(
      'PUSH_NOTIFICATION_ENABLED=true needs FIREBASE_CLIENT_EMAIL, FIREBASE_PRIVATE_KEY',
    );
  });

  test('push on with a service account: firebase-admin loaded for real (no network until a send), the key accepted with \\n-escaped line breaks', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const env = { ...base, PUSH_NOTIFICATION_ENABLED: 'true', FIREBASE_PROJECT_ID: 'wallet-test', FIREBASE_CLIENT_EMAIL: 'push@wallet-test.iam.gserviceaccount.com', FIREBASE_PRIVATE_KEY: pem.replace(/\n/g, '\\n') };
    const sender = await createPushSender(parseApiConfig(env), log);
    expect(sender.kind).toBe('fcm');
    // A second container-level creation reuses the firebase app instead of failing on its name.
    expect((await createPushSender(parseApiConfig(env), log)).kind).toBe('fcm');
  });
});
