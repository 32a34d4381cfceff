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

export function jsonResult(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/json', ...CORS_HEADERS, ...headers },
    // Amounts are bigints here: written as exact JSON integers, never strings and never rounded.
    body: stringifyJson(body),
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
