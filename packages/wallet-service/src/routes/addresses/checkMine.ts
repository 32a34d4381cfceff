import { z } from 'zod';
import { address } from '../../http/fields';
import { defineRoute } from '../../http/route';
import { ownedAmong } from '../../data/addresses';

/** POST /wallet/addresses/check_mine: which of the given addresses belong to the wallet (full token only). */
export const walletCheckMine = defineRoute({
  name: 'walletCheckAddressesMine',
  method: 'POST',
  path: '/wallet/addresses/check_mine',
  summary: 'Which of the given addresses belong to the wallet',
  auth: 'full',
  wallet: 'ready',
  db: 'snapshot',
  body: z.strictObject({ addresses: z.array(address).min(1).max(512) }),
  response: z.object({ success: z.literal(true), addresses: z.record(z.string(), z.boolean()) }),
  async run({ db, walletId, body }) {
    const owned = await ownedAmong(db, walletId, body.addresses);
    return { success: true, addresses: Object.fromEntries(body.addresses.map((a) => [a, owned.has(a)])) };
  },
});
