import { cert, getApps, initializeApp } from 'firebase-admin/app';
import { getMessaging, type Messaging } from 'firebase-admin/messaging';

/**
 * Everything of firebase-admin the service uses, in one module that only ./fcm imports, and only when push
 * is on: scripts/bundle.mjs makes it its own file, so the HTTP functions' bundle carries none of it.
 */
const APP_NAME = 'wallet-service-push';

export function messagingFor(c: { projectId: string; clientEmail: string; privateKey: string }): Messaging {
  // A warm container reuses its app: initializeApp throws for a name already taken.
  const app = getApps().find((a) => a.name === APP_NAME) ?? initializeApp({ credential: cert(c), projectId: c.projectId }, APP_NAME);
  return getMessaging(app);
}
