import type { App } from '../app';
import { authorize } from '../auth/authorizer';
import type { HttpEvent } from '../http/event';
import { handleRequest } from '../http/route';
import { ROUTES } from '../routes';
import { casePath, type BenchCase } from './cases';
import { summarize, type Summary } from './stats';

/**
 * Handlers called directly, one request at a time, with the API Gateway event the gateway would build
 * after our authorizer accepted `token` (its context is what the handler sees).
 */
export function gatewayEvent(c: BenchCase, app: App, token: string): HttpEvent {
  const verdict = authorize({ type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn: 'arn:aws:execute-api:local:0:api/dev/GET/x' }, app, ROUTES);
  const multi: Record<string, string[]> = {};
  const single: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.query)) {
    multi[k] = Array.isArray(v) ? v : [v];
    single[k] = multi[k][multi[k].length - 1];
  }
  return {
    httpMethod: c.route.method,
    headers: { Authorization: `Bearer ${token}` },
    body: null,
    isBase64Encoded: false,
    pathParameters: c.params ?? null,
    queryStringParameters: Object.keys(single).length ? single : null,
    multiValueQueryStringParameters: Object.keys(multi).length ? multi : null,
    requestContext: { authorizer: { principalId: verdict.principalId, ...verdict.context } } as unknown as HttpEvent['requestContext'],
  };
}

export interface InProcessOptions {
  warmup: number;
  seconds: number;
  maxRequests: number;
}

export async function measureInProcess(c: BenchCase, app: App, token: string, o: InProcessOptions): Promise<Summary> {
  const event = gatewayEvent(c, app, token);
  const once = async () => {
    const res = await handleRequest(c.route, app, event);
    if (res.statusCode !== 200) throw new Error(`${c.label} (${casePath(c)}) answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  };
  for (let i = 0; i < o.warmup; i++) await once();
  const ms: number[] = [];
  const started = performance.now();
  while (ms.length < o.maxRequests && performance.now() - started < o.seconds * 1000) {
    const t = performance.now();
    await once();
    ms.push(performance.now() - t);
  }
  return summarize(ms, (performance.now() - started) / 1000);
}
