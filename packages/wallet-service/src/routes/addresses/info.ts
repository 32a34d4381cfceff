import { z } from 'zod';
import { ApiError } from '../../http/errors';
import { address } from '../../http/fields';
import { defineRoute } from '../../http/route';
import { walletAddress } from '../../data/addresses';

/** GET /wallet/address/info?address=: index, tx count and nano seqnum of one of the wallet's addresses. */
export const walletAddressInfo = defineRoute({
  name: 'walletAddressInfo',
  method: 'GET',
  path: '/wallet/address/info',
  summary: "One of the wallet's addresses: index, transaction count, nano-contract seqnum",
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  query: z.strictObject({ address }),
  response: z.object({
    success: z.literal(true),
    data: z.object({ address: z.string(), index: z.number(), transactions: z.number(), seqnum: z.number() }),
  }),
  async run({ db, walletId, query }) {
    const row = await walletAddress(db, walletId, query.address);
    if (!row) throw new ApiError('address-not-found', { message: `${query.address} is not an address of this wallet` });
    return { success: true, data: row };
  },
});
