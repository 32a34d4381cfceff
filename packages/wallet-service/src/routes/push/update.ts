import { z } from 'zod';
import { updateDevice } from '../../data/pushDevices';
import { ApiError } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { deviceId, okResponse, pushFlags } from './shared';

/** PUT /wallet/push/update (api-spec §4.14): both flags of one of the wallet's devices; an omitted flag is false, as upstream. */
export const pushUpdate = defineRoute({
  name: 'pushUpdate',
  method: 'PUT',
  path: '/wallet/push/update',
  summary: "Change a registered device's push settings",
  auth: 'wallet',
  db: 'write',
  body: z.strictObject({ deviceId, ...pushFlags }),
  response: okResponse,
  async run({ db, walletId, body, now }) {
    const updated = await updateDevice(db, { deviceId: body.deviceId, walletId, enablePush: body.enablePush, enableShowAmounts: body.enableShowAmounts }, now);
    // Another wallet's device answers exactly like a device nobody registered.
    if (!updated) throw new ApiError('device-not-found', { message: 'this wallet has no such device' });
    return { success: true };
  },
});
