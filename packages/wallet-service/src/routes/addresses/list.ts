import { z } from 'zod';
import { ApiError } from '../../http/errors';
import { queryInt } from '../../http/fields';
import { defineRoute } from '../../http/route';
import { walletAddressAt, walletAddresses } from '../../data/addresses';
import { legacyOnly } from './legacy';

const item = z.object({ address: z.string(), index: z.number(), transactions: z.number(), seqnum: z.number() });

/** GET /wallet/addresses[?index=i]: every address of the wallet by index, or the one at `index`. */
export const walletAddressesList = defineRoute({
  name: 'walletAddresses',
  method: 'GET',
  path: '/wallet/addresses',
  summary: "The wallet's addresses (all of them, or the one at ?index)",
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  query: z.strictObject({ index: queryInt(0).optional(), legacy: legacyOnly }),
  response: z.object({ success: z.literal(true), addresses: z.array(item) }),
  async run({ db, walletId, query }) {
    if (query.index === undefined) return { success: true, addresses: await walletAddresses(db, walletId) };
    const one = await walletAddressAt(db, walletId, query.index);
    if (!one) throw new ApiError('address-not-found', { message: `the wallet has no address at index ${query.index}` });
    return { success: true, addresses: [one] };
  },
});
