import { z } from 'zod';
import { relayJson } from '../../fullnode/passThrough';
import { queryInt, txId } from '../../http/fields';
import { defineRoute } from '../../http/route';

/** Repeated keys (`fields=a&fields=b`) and axios's `fields[]=a` both give a list. */
const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const optionalId = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters');

/** GET /wallet/proxy/nano_contract/state: the node's nano_contract/state, relayed. */
export const proxyNanoState = defineRoute({
  name: 'proxyNanoContractState',
  method: 'GET',
  path: '/wallet/proxy/nano_contract/state',
  summary: "The full node's state of a nano contract (fields, balances, calls), relayed",
  auth: 'wallet',
  db: 'none',
  query: z.strictObject({
    id: txId,
    fields: list.optional(),
    'fields[]': list.optional(),
    balances: list.optional(),
    'balances[]': list.optional(),
    calls: list.optional(),
    'calls[]': list.optional(),
    block_hash: optionalId.optional(),
    block_height: queryInt(0).optional(),
    timestamp: queryInt(0).optional(),
  }),
  async run({ app, query }) {
    const answer = await app.fullNode.get('nano_contract/state', {
      id: query.id,
      'fields[]': [...(query.fields ?? []), ...(query['fields[]'] ?? [])],
      'balances[]': [...(query.balances ?? []), ...(query['balances[]'] ?? [])],
      'calls[]': [...(query.calls ?? []), ...(query['calls[]'] ?? [])],
      block_hash: query.block_hash,
      block_height: query.block_height,
      timestamp: query.timestamp,
    });
    return relayJson(answer, app.fullNode.baseUrl, 'nano_contract/state');
  },
});

/** GET /wallet/proxy/nano_contract/history: the node's nano_contract/history, relayed. */
export const proxyNanoHistory = defineRoute({
  name: 'proxyNanoContractHistory',
  method: 'GET',
  path: '/wallet/proxy/nano_contract/history',
  summary: "The full node's transaction history of a nano contract, relayed",
  auth: 'wallet',
  db: 'none',
  query: z.strictObject({ id: txId, count: queryInt(1, 1000).optional(), after: optionalId.optional(), before: optionalId.optional() }),
  async run({ app, query }) {
    return relayJson(await app.fullNode.get('nano_contract/history', query), app.fullNode.baseUrl, 'nano_contract/history');
  },
});

/** GET /wallet/proxy/nano_contract/blueprint/info: the node's blueprint info, relayed. */
export const proxyBlueprintInfo = defineRoute({
  name: 'proxyBlueprintInfo',
  method: 'GET',
  path: '/wallet/proxy/nano_contract/blueprint/info',
  summary: "The full node's description of a blueprint, relayed",
  auth: 'wallet',
  db: 'none',
  query: z.strictObject({ blueprint_id: optionalId }),
  async run({ app, query }) {
    return relayJson(await app.fullNode.get('nano_contract/blueprint/info', query), app.fullNode.baseUrl, 'nano_contract/blueprint/info');
  },
});
