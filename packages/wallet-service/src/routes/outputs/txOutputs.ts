import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { outputEntrySchema } from '../../shape/outputs';
import { findOutputs } from './find';
import { outputsQuery } from './query';

/** GET /wallet/tx_outputs: the wallet's outputs with the client's filters and server-side selection. */
export const walletTxOutputs = defineRoute({
  name: 'walletTxOutputs',
  method: 'GET',
  path: '/wallet/tx_outputs',
  summary: "The wallet's outputs: filters by token, address, authority, value, lock and spent state; selection for an amount",
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  query: outputsQuery,
  response: z.object({ success: z.literal(true), txOutputs: z.array(outputEntrySchema) }),
  async run({ db, walletId, query, now }) {
    return { success: true, txOutputs: await findOutputs(db, walletId, query, now) };
  },
});

/** GET /wallet/utxos (deprecated): tx_outputs of unspent outputs only, under the key `utxos`. */
export const walletUtxos = defineRoute({
  name: 'walletUtxos',
  method: 'GET',
  path: '/wallet/utxos',
  summary: 'Deprecated: the wallet\'s unspent outputs (tx_outputs with skipSpent=true), under "utxos"',
  auth: 'wallet',
  wallet: 'ready',
  db: 'snapshot',
  query: outputsQuery,
  response: z.object({ success: z.literal(true), utxos: z.array(outputEntrySchema) }),
  async run({ db, walletId, query, now }) {
    return { success: true, utxos: await findOutputs(db, walletId, { ...query, skipSpent: true }, now) };
  },
});
