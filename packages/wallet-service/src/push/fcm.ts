import type { BatchResponse, TokenMessage } from 'firebase-admin/messaging';
import type { PushNotification, PushSender, SendResult } from './sender';

/**
 * The FCM implementation of PushSender. Messages are data-only — the wallet apps build the visible
 * notification themselves from the localization keys, in the phone's language — and must wake an app that
 * is in the background: android priority high, and on iOS a background push (content-available, which
 * APNs only accepts with priority 5 and, since iOS 13, the background push type).
 */

/** The one call of firebase-admin's Messaging this needs: the boundary tests record. */
export interface MessagingApi {
  sendEach(messages: TokenMessage[], dryRun?: boolean): Promise<BatchResponse>;
}

/** FCM's limit for one sendEach call. */
export const FCM_BATCH = 500;

const UNREGISTERED = 'messaging/registration-token-not-registered';

export function fcmMessage(n: PushNotification): TokenMessage {
  const { txId, titleLocKey, bodyLocKey, bodyLocArgs } = n.message;
  return {
    token: n.deviceId,
    data: { txId, titleLocKey, bodyLocKey, ...(bodyLocArgs === undefined ? {} : { bodyLocArgs }) },
    android: { priority: 'high' },
    apns: {
      headers: { 'apns-priority': '5', 'apns-push-type': 'background' },
      payload: { aps: { contentAvailable: true } },
    },
  };
}

export function fcmSender(messaging: MessagingApi): PushSender {
  return {
    kind: 'fcm',
    async send(notifications) {
      const out: SendResult[] = [];
      for (let i = 0; i < notifications.length; i += FCM_BATCH) {
        const batch = notifications.slice(i, i + FCM_BATCH);
        const answer = await messaging.sendEach(batch.map(fcmMessage));
        batch.forEach((n, j) => {
          const r = answer.responses[j];
          const base = { deviceId: n.deviceId, walletId: n.walletId };
          if (r?.success) out.push({ ...base, outcome: 'sent' });
          else out.push({ ...base, outcome: r?.error?.code === UNREGISTERED ? 'unregistered' : 'failed', error: r?.error?.code ?? 'no response' });
        });
      }
      return out;
    },
  };
}

export interface FirebaseCredentials {
  projectId: string;
  clientEmail: string;
  privateKey: string;
}

/** firebase-admin's Messaging for these credentials; ./firebaseAdmin is a bundle of its own (scripts/bundle.mjs). */
export async function firebaseMessaging(credentials: FirebaseCredentials): Promise<MessagingApi> {
  const { messagingFor } = await import('./firebaseAdmin');
  return messagingFor(credentials);
}
