import { z } from 'zod';
import { PUSH_PROVIDERS, pushProvidersOf } from '../../config';
import { registerDevice } from '../../data/pushDevices';
import { invalidPayload } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { deviceId, okResponse, pushFlags } from './shared';

/**
 * POST /wallet/push/register (api-spec §4.14): the device now belongs to this wallet, with these flags,
 * whichever wallet it belonged to before (see data/pushDevices registerDevice for why that is atomic).
 */
export const pushRegister = defineRoute({
  name: 'pushRegister',
  method: 'POST',
  path: '/wallet/push/register',
  summary: "Register a device for the wallet's push notifications",
  auth: 'wallet',
  wallet: 'exists',
  db: 'write',
  body: z.strictObject({ pushProvider: z.enum(PUSH_PROVIDERS), deviceId, ...pushFlags }),
  response: okResponse,
  async run({ app, db, walletId, body, now }) {
    // The schema knows what the database can store; which of those this deployment serves is a setting.
    const allowed = pushProvidersOf(app.config);
    if (!allowed.includes(body.pushProvider)) {
      throw invalidPayload([{ message: `"pushProvider" must be one of [${allowed.join(', ')}]`, path: ['pushProvider'] }]);
    }
    await registerDevice(db, { deviceId: body.deviceId, walletId, provider: body.pushProvider, enablePush: body.enablePush, enableShowAmounts: body.enableShowAmounts }, now);
    app.log.info('push device registered', { walletId, provider: body.pushProvider, enablePush: body.enablePush, enableShowAmounts: body.enableShowAmounts });
    return { success: true };
  },
});
