import type { HttpReply, HttpRoute } from '../http';
import { bigJsonReply, findVertex, messageReply, missingParams } from './params';
import type { VertexIndex } from './vertex-index';
import { metaJson, spentOutputsJson, txJson } from './vertex-json';

/**
 * GET /v1a/transaction?id=<hash> → {success, tx, meta, spent_outputs}, the node's get_tx_extra_data shape.
 * Unknown, removed and malformed ids get the node's answers (status 200, {success:false, message}). Without
 * `id` the node lists vertices by `type` and `count`; the simulator asks for `id` instead.
 */
export function transactionRoute(index: VertexIndex): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/transaction',
    async handle(url): Promise<HttpReply> {
      await index.catchUp();
      const id = url.searchParams.get('id');
      if (id === null) {
        const missing = missingParams(url, ['count', 'type']);
        if (missing !== null) return messageReply(missing);
        return messageReply('listing vertices by type and count is not simulated; ask for one vertex with ?id=<hash>', 400);
      }
      const found = findVertex(index, id);
      if ('message' in found) return messageReply(found.message);
      const data = index.data(found.vid);
      return bigJsonReply({
        success: true,
        tx: txJson(index, found.vid, data),
        meta: metaJson(index, found.vid, data),
        spent_outputs: spentOutputsJson(index, data),
      });
    },
  };
}
