import { z } from 'zod';
import { unregisterDevice } from '../../data/pushDevices';
import { defineRoute } from '../../http/route';
import { deviceId, okResponse } from './shared';

/**
 * DELETE /wallet/push/unregister/{deviceId} (api-spec §4.14): always 200, so the answer never tells whether
 * the id was registered, here or to another wallet (whose row is left alone).
 */
export const pushUnregister = defineRoute({
  name: 'pushUnregister',
  method: 'DELETE',
  path: '/wallet/push/unregister/{deviceId}',
  summary: 'Stop push notifications to a device',
  auth: 'wallet',
  db: 'write',
  params: z.strictObject({ deviceId }),
  response: okResponse,
  async run({ app, db, walletId, params }) {
    const removed = await unregisterDevice(db, walletId, params.deviceId);
    app.log.info('push device unregistered', { walletId, removed });
    return { success: true };
  },
});
