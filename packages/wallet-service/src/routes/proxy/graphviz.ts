import { z } from 'zod';
import { ApiError } from '../../http/errors';
import { queryInt, txId } from '../../http/fields';
import { Reply } from '../../http/response';
import { defineRoute } from '../../http/route';

/** GET /wallet/proxy/graphviz/neighbours: the node's DOT graph of a transaction's neighbours, as a JSON string. */
export const proxyGraphviz = defineRoute({
  name: 'proxyGraphvizNeighbours',
  method: 'GET',
  path: '/wallet/proxy/graphviz/neighbours',
  summary: "The full node's graphviz (DOT) graph of a transaction's neighbours",
  auth: 'wallet',
  db: 'none',
  query: z.strictObject({ txId, graphType: z.enum(['funds', 'verification']), maxLevel: queryInt(0, 10) }),
  response: z.string(),
  async run({ app, query }) {
    const answer = await app.fullNode.get('graphviz/neighbours.dot', { tx: query.txId, graph_type: query.graphType, max_level: query.maxLevel });
    if (answer.status >= 400) {
      throw new ApiError('fullnode-error', { message: `the full node at ${app.fullNode.baseUrl} answered graphviz/neighbours.dot with HTTP ${answer.status}`, fullnodeStatus: answer.status });
    }
    // The client expects the DOT text as a JSON string.
    return new Reply(200, JSON.stringify(answer.text), { 'Content-Type': 'application/json' });
  },
});
