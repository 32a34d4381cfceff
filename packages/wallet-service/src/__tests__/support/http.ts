import type { APIGatewayProxyResult } from 'aws-lambda';
import { parseJson } from '@wallet-service/common';
import type { App } from '../../app';
import type { HttpEvent } from '../../http/event';
import { handleRequest, type RouteSpec } from '../../http/route';

/**
 * API Gateway (REST, v1) events as the gateway builds them, so handler tests exercise the same parsing
 * as deployed: repeated `key[]` query keys in multiValueQueryStringParameters, the authorizer's context.
 */
export interface CallOptions {
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** A raw body (not JSON-encoded), to send malformed JSON. */
  rawBody?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** The authorizer's verdict: which wallet and token mode. */
  as?: { walletId: string; mode: 'full' | 'ro' };
}

export function eventFor(route: RouteSpec, o: CallOptions = {}): HttpEvent {
  const multi: Record<string, string[]> = {};
  const single: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.query ?? {})) {
    const list = Array.isArray(v) ? v : [v];
    multi[k] = list;
    single[k] = list[list.length - 1];
  }
  return {
    httpMethod: route.method,
    headers: { 'Content-Type': 'application/json', ...(o.headers ?? {}) },
    body: o.rawBody ?? (o.body === undefined ? null : JSON.stringify(o.body)),
    isBase64Encoded: false,
    pathParameters: o.params ?? null,
    queryStringParameters: Object.keys(single).length ? single : null,
    multiValueQueryStringParameters: Object.keys(multi).length ? multi : null,
    requestContext: {
      authorizer: o.as ? { principalId: o.as.walletId, walletId: o.as.walletId, mode: o.as.mode } : undefined,
    } as HttpEvent['requestContext'],
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** Parsed losslessly (amounts beyond 2^53 come back as bigint). */
  body: Record<string, unknown> & { success?: boolean; error?: string; details?: { message: string; path: (string | number)[] }[] };
  text: string;
}

export function answerOf(result: APIGatewayProxyResult): Answer {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
  let body: Answer['body'] = {};
  if (result.body && (headers['Content-Type'] ?? '').includes('json')) body = parseJson(result.body) as Answer['body'];
  return { status: result.statusCode, headers, body, text: result.body };
}

export async function call(route: RouteSpec, app: App, o: CallOptions = {}): Promise<Answer> {
  return answerOf(await handleRequest(route, app, eventFor(route, o)));
}
