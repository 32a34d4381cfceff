import type { APIGatewayProxyEvent } from 'aws-lambda';
import { parseJson } from '@wallet-service/common';

/** The parts of an API Gateway (REST, v1 payload) event a route reads. */
export type HttpEvent = Pick<
  APIGatewayProxyEvent,
  'body' | 'headers' | 'httpMethod' | 'isBase64Encoded' | 'multiValueQueryStringParameters' | 'pathParameters' | 'queryStringParameters' | 'requestContext'
> & { source?: string };

/**
 * Query parameters as the client sent them: a key repeated or written `key[]` (axios's array style,
 * `addresses[]=A&addresses[]=B`) becomes an array, any other key a single string.
 */
export function queryOf(event: HttpEvent): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const multi = event.multiValueQueryStringParameters ?? {};
  for (const [key, values] of Object.entries(multi)) {
    if (!values) continue;
    out[key] = key.endsWith('[]') || values.length > 1 ? [...values] : values[0];
  }
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (!(key in out) && value !== undefined) out[key] = key.endsWith('[]') ? [value] : value;
  }
  return out;
}

export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

export class BodyNotJson extends Error {
  override name = 'BodyNotJson';
}

/** The JSON body (lossless: integers beyond 2^53 stay exact), undefined when there is none. */
export function bodyOf(event: HttpEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return parseJson(text);
  } catch (err) {
    throw new BodyNotJson(`the body is not valid JSON (${(err as Error).message})`);
  }
}
