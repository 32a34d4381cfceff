import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { statusSchema, toStatus } from '../../shape/status';

/** GET /wallet/status: the wallet's status object; no ready gate (the client polls it while creating). */
export const walletStatus = defineRoute({
  name: 'walletStatus',
  method: 'GET',
  path: '/wallet/status',
  summary: "The token's wallet: load status, gap limit, timestamps",
  auth: 'wallet',
  wallet: 'exists',
  db: 'snapshot',
  query: z.strictObject({}),
  response: z.object({ success: z.literal(true), status: statusSchema }),
  async run({ wallet }) {
    return { success: true, status: toStatus(wallet!) };
  },
});
