import { z } from 'zod';
import { openApiDocument } from '../../openapi/document';
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
      doc ??= openApiDocument(routes(), '1.0.0');
      return doc;
    },
  });
}
