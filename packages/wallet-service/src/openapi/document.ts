import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteSpec } from '../http/route';
import { STATUS_BY_CODE } from '../http/errors';

/**
 * The OpenAPI 3.1 document of every HTTP route, generated from the same zod schemas the routes validate
 * with, so it cannot drift from what the API accepts.
 */
const errorBody = z.object({
  success: z.literal(false),
  error: z.enum(Object.keys(STATUS_BY_CODE) as [string, ...string[]]),
  message: z.string().optional(),
  details: z.array(z.object({ message: z.string(), path: z.array(z.union([z.string(), z.number()])) })).optional(),
});

function operation(route: RouteSpec): ZodOpenApiOperationObject {
  const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
  const responses: ZodOpenApiOperationObject['responses'] = {
    [String(route.successStatus ?? 200)]: { description: 'Success', content: json(route.response ?? z.object({ success: z.literal(true) }).loose()) },
    '400': { description: 'Invalid request (`invalid-payload` lists each bad field)', content: json(errorBody) },
    '503': { description: 'Database unavailable (with Retry-After)', content: json(errorBody) },
  };
  if (route.auth === 'wallet' || route.auth === 'full') {
    responses['401'] = { description: 'Missing, malformed, expired or tampered token' };
    responses['403'] = { description: route.auth === 'full' ? 'Read-only token, or a token whose proof fails' : 'Token whose proof fails' };
  }
  if (route.wallet) responses['404'] = { description: 'Wallet not found', content: json(errorBody) };
  if (route.etag) responses['304'] = { description: 'Not modified (If-None-Match matched the ETag)' };
  const op: ZodOpenApiOperationObject = { operationId: route.name, summary: route.summary, responses };
  if (route.auth === 'wallet' || route.auth === 'full') op.security = [{ bearer: [] }];
  if (route.auth === 'apiKey') op.security = [{ apiKey: [] }];
  const params: NonNullable<ZodOpenApiOperationObject['requestParams']> = {};
  if (route.query) params.query = route.query as never;
  if (route.params) params.path = route.params as never;
  if (route.query || route.params) op.requestParams = params;
  if (route.body) op.requestBody = { content: json(route.body) };
  return op;
}

export function openApiDocument(routes: readonly RouteSpec[], version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'] = operation(route);
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Hathor wallet service API', version, description: 'The wallet HTTP API served to @hathor/wallet-lib HathorWalletServiceWallet clients.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
    paths,
  });
}
