import type { Logger } from '@wallet-service/common';
import type { ApiConfig, PushProvider } from '../config';

/**
 * Where push notifications leave the service. txPushRequested only knows this interface; the FCM
 * implementation (./fcm) is the one piece that needs firebase-admin and credentials, and the logging one
 * stands in wherever push is off (development, tests, a deployment without Firebase).
 */
export interface PushMessage {
  txId: string;
  titleLocKey: string;
  bodyLocKey: string;
  /** A JSON array of strings, as the wallet apps' localization reads it (FCM data values are strings). */
  bodyLocArgs?: string;
}

export interface PushNotification {
  deviceId: string;
  walletId: string;
  provider: PushProvider;
  message: PushMessage;
}

/** sent · unregistered: FCM says the token is gone for good (the device row goes) · failed: anything else, kept · skipped: push is off. */
export type SendOutcome = 'sent' | 'unregistered' | 'failed' | 'skipped';

export interface SendResult {
  deviceId: string;
  walletId: string;
  outcome: SendOutcome;
  error?: string;
}

export interface PushSender {
  readonly kind: 'fcm' | 'log';
  /** One result per notification, in order. Throws only when nothing could be attempted (credentials, network). */
  send(notifications: readonly PushNotification[]): Promise<SendResult[]>;
}

/** Push off: every notification is logged instead (so a local stack shows what would have gone out). */
export function loggingSender(log: Logger): PushSender {
  return {
    kind: 'log',
    send(notifications) {
      for (const n of notifications) log.info('push notification not sent (PUSH_NOTIFICATION_ENABLED=false)', { walletId: n.walletId, provider: n.provider, ...n.message });
      return Promise.resolve(notifications.map((n) => ({ deviceId: n.deviceId, walletId: n.walletId, outcome: 'skipped' as const })));
    },
  };
}

/** The Firebase service account of the configuration, or why there is none. */
export function firebaseCredentials(c: Pick<ApiConfig, 'FIREBASE_PROJECT_ID' | 'FIREBASE_CLIENT_EMAIL' | 'FIREBASE_PRIVATE_KEY'>) {
  const missing = (['FIREBASE_PROJECT_ID', 'FIREBASE_CLIENT_EMAIL', 'FIREBASE_PRIVATE_KEY'] as const).filter((k) => !c[k]);
  if (missing.length) throw new Error(`PUSH_NOTIFICATION_ENABLED=true needs ${missing.join(', ')}`);
  // A PEM in an environment variable usually arrives with its line breaks written as \n.
  return { projectId: c.FIREBASE_PROJECT_ID!, clientEmail: c.FIREBASE_CLIENT_EMAIL!, privateKey: c.FIREBASE_PRIVATE_KEY!.replace(/\\n/g, '\n') };
}

/**
 * The sender the configuration asks for. The FCM one is imported here, on first use, so that no other
 * function of the bundle loads (or, through scripts/bundle.mjs, even parses) firebase-admin.
 */
export async function createPushSender(config: ApiConfig, log: Logger): Promise<PushSender> {
  if (!config.PUSH_NOTIFICATION_ENABLED) return loggingSender(log);
  const credentials = firebaseCredentials(config);
  const { fcmSender, firebaseMessaging } = await import('./fcm');
  return fcmSender(await firebaseMessaging(credentials));
}
