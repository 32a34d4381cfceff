import { createHash } from 'crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { stringifyJson } from '@wallet-service/common';

/** Headers on every answer, errors included, so browsers can read them (the gateway's 4XX gets the same). */
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-None-Match, X-Api-Key',
  'Access-Control-Expose-Headers': 'ETag, Retry-After, X-Last-Event-Id, X-Last-Event-Time',
};

/** What a route may return instead of a plain body: another status, extra headers. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * Amounts are bigints here, and must reach the client exactly. wallet-lib 4.1.0 reads our answers with
 * plain JSON.parse, which rounds every integer beyond 2^53, and coerces each amount field from a number
 * or a string (its bigIntCoercibleSchema). So an amount beyond 2^53 is written as its decimal string;
 * every other stays a JSON integer.
 */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const exactForJsonParse = (value: unknown): unknown => {
  if (typeof value === 'bigint') return value > SAFE || value < -SAFE ? value.toString() : value;
  if (Array.isArray(value)) return value.map(exactForJsonParse);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, exactForJsonParse(v)]));
  }
  return value;
};

export function jsonResult(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/json', ...CORS_HEADERS, ...headers },
    body: stringifyJson(exactForJsonParse(body)),
  };
}

export function textResult(status: number, body: string, contentType: string, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: status, headers: { 'Content-Type': contentType, ...CORS_HEADERS, ...headers }, body };
}

export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** If-None-Match lists one or more tags (or `*`); weak tags compare by their opaque part. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === etag);
}
