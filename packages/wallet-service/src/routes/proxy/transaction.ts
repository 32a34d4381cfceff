import { z } from 'zod';
import { relayJson } from '../../fullnode/passThrough';
import { txId } from '../../http/fields';
import { defineRoute } from '../../http/route';

/** GET /wallet/proxy/transactions/{txId}: the node's GET transaction?id= answer, as it came. */
export const proxyTransaction = defineRoute({
  name: 'proxyTransaction',
  method: 'GET',
  path: '/wallet/proxy/transactions/{txId}',
  summary: "The full node's view of a transaction (tx and meta), relayed",
  auth: 'wallet',
  db: 'none',
  params: z.strictObject({ txId }),
  async run({ app, params }) {
    return relayJson(await app.fullNode.get('transaction', { id: params.txId }), app.fullNode.baseUrl, 'transaction');
  },
});

/** GET /wallet/proxy/transactions/{txId}/confirmation_data: the node's transaction_acc_weight answer. */
export const proxyConfirmationData = defineRoute({
  name: 'proxyConfirmationData',
  method: 'GET',
  path: '/wallet/proxy/transactions/{txId}/confirmation_data',
  summary: "The full node's accumulated weight and confirmation level of a transaction, relayed",
  auth: 'wallet',
  db: 'none',
  params: z.strictObject({ txId }),
  async run({ app, params }) {
    return relayJson(await app.fullNode.get('transaction_acc_weight', { id: params.txId }), app.fullNode.baseUrl, 'transaction_acc_weight');
  },
});
