import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { addressPath, freshAddresses } from '../../data/addresses';
import { legacyOnly } from './legacy';

/**
 * GET /wallet/addresses/new: the unused addresses after the last used one. The client parses each item
 * with a strict schema, so nothing but address, index and addressPath may appear.
 */
export const walletNewAddresses = defineRoute({
  name: 'walletNewAddresses',
  method: 'GET',
  path: '/wallet/addresses/new',
  summary: 'Unused addresses the wallet can hand out next (up to its gap limit)',
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  query: z.strictObject({ legacy: legacyOnly }),
  response: z.object({
    success: z.literal(true),
    addresses: z.array(z.strictObject({ address: z.string(), index: z.number(), addressPath: z.string() })),
  }),
  async run({ db, wallet }) {
    const rows = await freshAddresses(db, wallet!);
    return { success: true, addresses: rows.map((r) => ({ address: r.address, index: r.index, addressPath: addressPath(r.index) })) };
  },
});
