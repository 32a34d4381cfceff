import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../../http/route';

/** GET /openapi.json: the OpenAPI document of every route (built once per container). */
export function openApiRoute(routes: () => readonly RouteSpec[]) {
  let doc: unknown;
  return defineRoute({
    name: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: 'none',
    db: 'none',
    query: z.strictObject({}),
    async run() {
      // zod-openapi is loaded by the one function that needs it, not by every cold start.
      const { openApiDocument } = await import('../../openapi/document');
      doc ??= openApiDocument(routes(), '1.0.0');
      return doc;
    },
  });
}
