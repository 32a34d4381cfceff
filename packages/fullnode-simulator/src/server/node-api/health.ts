import type { HttpRoute } from '../http';
import { jsonReply } from '../http';
import type { VersionInfo } from '../version';

/**
 * GET /v1a/health, the node's healthcheck shape. The node's one component is sync (recent blocks and a synced
 * peer); a simulator serving its own stream is in sync by definition, so it always passes with 200.
 */
export function healthRoute(version: () => VersionInfo): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/health',
    handle: () =>
      jsonReply({
        status: 'pass',
        description: `Hathor-core v${version().version}`,
        checks: {
          sync: [
            {
              componentName: 'sync',
              componentType: 'internal',
              status: 'pass',
              output: 'Healthy',
              time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
            },
          ],
        },
      }),
  };
}
