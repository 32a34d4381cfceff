import { parseJson } from '@wallet-service/common';
import type { WalletKeys } from './keys';

/**
 * Real HTTP against a running API (serverless-offline): what a wallet, a browser or an operator sends,
 * and the answer as it arrives — status, lower-cased headers, the body parsed losslessly.
 */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

export async function request(baseUrl: string, method: string, path: string, o: RequestOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token !== undefined) headers.Authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(new URL(path.replace(/^\//, ''), baseUrl), {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  const text = await res.text();
  const answerHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => (answerHeaders[key] = value));
  let body: Record<string, unknown> = {};
  if (text && (answerHeaders['content-type'] ?? '').includes('json')) body = parseJson(text) as Record<string, unknown>;
  return { status: res.status, headers: answerHeaders, body, text };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function initBody(k: WalletKeys, ts = nowSeconds()) {
  return { xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, xpubkeySignature: k.signAccount(ts), authXpubkeySignature: k.signAuth(ts), timestamp: ts };
}

/** A full token from the real POST /auth/token, signed by the wallet's auth key. */
export async function fullToken(baseUrl: string, k: WalletKeys): Promise<string> {
  const ts = nowSeconds();
  const res = await request(baseUrl, 'POST', 'auth/token', { body: { ts, xpub: k.authXpubkey, sign: k.signAuth(ts), walletId: k.walletId } });
  if (res.status !== 200 || typeof res.body.token !== 'string') throw new Error(`POST /auth/token answered ${res.status}: ${res.text}`);
  return res.body.token;
}

/** A read-only token from the real POST /auth/token/readonly (the wallet must be ready). */
export async function readOnlyToken(baseUrl: string, xpubkey: string): Promise<string> {
  const res = await request(baseUrl, 'POST', 'auth/token/readonly', { body: { xpubkey } });
  if (res.status !== 200 || typeof res.body.token !== 'string') throw new Error(`POST /auth/token/readonly answered ${res.status}: ${res.text}`);
  return res.body.token;
}

/**
 * Whether a browser lets a page on `origin` read this answer (Fetch standard, non-credentialed request):
 * exactly one Access-Control-Allow-Origin value, `*` or the origin itself.
 */
export function browserCanRead(headers: Record<string, string>, origin: string): boolean {
  const allow = headers['access-control-allow-origin'];
  return allow === '*' || allow === origin;
}

/** The names listed in a comma-separated CORS header (its name in any case), lower-cased. */
export function listed(headers: Record<string, string>, name: string): string[] {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return (key === undefined ? '' : headers[key])
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * A synchronous (RequestResponse) invoke of one function through offline's Lambda port, by its deployed
 * name: the handler's raw result, exactly what API Gateway's proxy integration would receive.
 */
export async function invokeFunction(lambdaPort: number, functionName: string, event: unknown): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const res = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${functionName}/invocations`, {
    method: 'POST',
    headers: { 'X-Amz-Invocation-Type': 'RequestResponse', 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  if (res.status !== 200) throw new Error(`invoke of ${functionName} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { statusCode: number; headers: Record<string, string>; body: string };
}
