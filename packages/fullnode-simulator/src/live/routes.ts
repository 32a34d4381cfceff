import { stringifyJson } from '@wallet-service/common';
import type { Vertex } from '../generator/model';
import type { HttpReply, HttpRoute } from '../server/http';
import { readJsonBody } from './body';
import type { PushResult } from './push';

export interface LiveActions {
  push(hex: unknown, force: boolean): PushResult;
  mine(): Vertex;
}

const ok = (value: unknown): HttpReply => ({ status: 200, body: stringifyJson(value) });

/** The live node's write routes: push_tx (the node's shapes, always 200) and mine (a simulator extra). */
export function liveRoutes(actions: LiveActions): HttpRoute[] {
  return [
    {
      method: 'POST',
      path: '/v1a/push_tx',
      async handle(_url, req): Promise<HttpReply> {
        const body = await readJsonBody(req);
        if (!body.ok) return ok({ success: false, message: body.error });
        const { hex_tx: hex, force } = body.value as { hex_tx?: unknown; force?: unknown };
        if (force !== undefined && typeof force !== 'boolean') return ok({ success: false, message: '"force" must be a boolean', can_force: false });
        return ok(actions.push(hex, force === true).body);
      },
    },
    {
      // the node still serves the deprecated GET form: ?hex_tx=…&force=true
      method: 'GET',
      path: '/v1a/push_tx',
      handle(url): HttpReply {
        const hex = url.searchParams.get('hex_tx');
        if (hex === null) return ok({ success: false, message: 'Missing hexadecimal data', can_force: false });
        return ok(actions.push(hex, url.searchParams.get('force') === 'true').body);
      },
    },
    {
      method: 'POST',
      path: '/v1a/mine',
      handle(): HttpReply {
        const b = actions.mine();
        return ok({
          success: true,
          block: {
            hash: b.hash,
            height: b.height,
            timestamp: b.timestamp,
            parents: b.parents,
            confirms: b.confirms,
            outputs: b.outputs.map((o) => ({ value: o.value, token_data: o.tokenData, script: o.script.base64, address: o.script.address })),
          },
        });
      },
    },
  ];
}
