import type { APIGatewayProxyResult } from 'aws-lambda';
import { isDbOutage, withQueryTimeout, type Queryable, type WalletRow } from '@wallet-service/common';
import { z } from 'zod';
import { containerApp, type App } from '../app';
import type { TokenMode } from '../auth/tokens';
import { readSyncPoint, type SyncPoint } from '../data/sync';
import { requireWallet } from '../data/wallets';
import { ApiError, invalidPayload } from './errors';
import { BodyNotJson, bodyOf, header, queryOf, type HttpEvent } from './event';
import { etagOf, jsonResult, matchesEtag, Reply, textResult } from './response';
import { parseOrThrow } from './validate';

/**
 * The one wrapper every HTTP handler goes through: warm-up short-circuit → principal → body and
 * parameter validation → wallet gate → the route's query, inside one consistent snapshot → shaping
 * (exact JSON integers, ETag / 304, freshness headers, CORS) → error → status table. The connection
 * is released on every path; handlers only return data or throw ApiError.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** none: public · wallet: a full or read-only token · full: a full token only · apiKey: operators. */
export type AuthLevel = 'none' | 'wallet' | 'full' | 'apiKey';

/**
 * How a route uses the database. snapshot: every read of the answer comes from one consistent
 * snapshot (balances, history and outputs agree), with the sync cursor of that snapshot in the
 * headers · write: a plain connection the route may open transactions on · none: no database.
 */
export type DbUse = 'snapshot' | 'write' | 'none';

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface RouteSpec<Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType, P extends AnyObject = AnyObject> {
  /** Metric label and handler export, e.g. `walletBalances`. */
  name: string;
  method: HttpMethod;
  /** API Gateway path with {params}, e.g. /wallet/tokens/{token_id}/details. */
  path: string;
  summary: string;
  auth: AuthLevel;
  /** exists: the token's wallet must exist (404) · ready: and have finished loading (400 wallet-not-ready). */
  wallet?: 'exists' | 'ready';
  db: DbUse;
  query?: Q;
  body?: B;
  params?: P;
  /** Answers carry an ETag and a matching If-None-Match gets 304. */
  etag?: boolean;
  /** Response schema, for the OpenAPI document. */
  response?: z.ZodType;
  successStatus?: number;
  run(ctx: RouteContext<z.output<Q>, z.output<B>, z.output<P>>): Promise<unknown>;
}

export interface RouteContext<Q, B, P> {
  app: App;
  /** The request's connection (inside the snapshot for snapshot routes), every query with a deadline. */
  db: Queryable;
  query: Q;
  body: B;
  params: P;
  /** Set on wallet / full routes. */
  walletId: string;
  mode: TokenMode | null;
  /** Set when the route has a wallet gate. */
  wallet: WalletRow | null;
  /** Unix seconds at the start of the request: every time-dependent answer (timelocks) uses this. */
  now: number;
  event: HttpEvent;
}

export type HttpHandler = (event: HttpEvent) => Promise<APIGatewayProxyResult>;

interface Principal {
  walletId: string;
  mode: TokenMode;
}

function principalOf(event: HttpEvent): Principal | null {
  const ctx: Record<string, unknown> | null = event.requestContext?.authorizer ?? null;
  if (!ctx) return null;
  const walletId = typeof ctx.walletId === 'string' ? ctx.walletId : typeof ctx.principalId === 'string' ? ctx.principalId : null;
  if (!walletId) return null;
  return { walletId, mode: ctx.mode === 'ro' ? 'ro' : 'full' };
}

function checkAccess(spec: RouteSpec, app: App, event: HttpEvent): Principal | null {
  if (spec.auth === 'none') return null;
  if (spec.auth === 'apiKey') {
    const expected = app.config.HEALTH_API_KEY;
    // API Gateway checks the key before we run; this check holds where no gateway does (offline, tests).
    if (expected !== undefined && header(event, 'x-api-key') !== expected) throw new ApiError('forbidden', { message: 'a valid x-api-key header is required' });
    return null;
  }
  const principal = principalOf(event);
  if (!principal) throw new ApiError('unauthorized', { message: 'no authorized wallet on this request' });
  if (spec.auth === 'full' && principal.mode !== 'full') {
    throw new ApiError('forbidden', { message: 'this route needs a full token; a read-only token cannot use it' });
  }
  return principal;
}

function inputsOf<S extends RouteSpec>(spec: S, event: HttpEvent): { query: unknown; body: unknown; params: unknown } {
  let body: unknown;
  try {
    body = bodyOf(event);
  } catch (err) {
    if (err instanceof BodyNotJson) throw invalidPayload([{ message: err.message, path: [] }]);
    throw err;
  }
  const query = spec.query ? parseOrThrow(spec.query, queryOf(event)) : {};
  const params = spec.params ? parseOrThrow(spec.params, event.pathParameters ?? {}) : {};
  const parsedBody = spec.body ? parseOrThrow(spec.body, body) : undefined;
  return { query, body: parsedBody, params };
}

async function withConnection<T>(app: App, use: DbUse, fn: (db: Queryable | null) => Promise<T>): Promise<T> {
  if (use === 'none') return fn(null);
  const conn = await app.pool.getConnection();
  const db = withQueryTimeout(conn, app.config.DB_QUERY_TIMEOUT_MS);
  let broken = false;
  try {
    if (use === 'snapshot') {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await db.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    }
    const result = await fn(db);
    if (use === 'snapshot') await db.query('COMMIT');
    return result;
  } catch (err) {
    broken = isDbOutage(err);
    if (!broken && use === 'snapshot') await conn.query('ROLLBACK').catch(() => (broken = true));
    throw err;
  } finally {
    if (broken) conn.destroy();
    else conn.release();
  }
}

function freshnessHeaders(point: SyncPoint | null): Record<string, string> {
  if (!point) return {};
  return { 'X-Last-Event-Id': String(point.lastEventId), 'X-Last-Event-Time': String(point.committedAt) };
}

function errorResult(err: unknown, app: App, spec: RouteSpec): APIGatewayProxyResult {
  if (err instanceof ApiError) {
    const headers = err.code === 'database-unavailable' ? { 'Retry-After': String(app.config.DB_RETRY_AFTER_S) } : undefined;
    return jsonResult(err.status, { success: false, error: err.code, ...err.extra }, headers);
  }
  if (isDbOutage(err)) {
    app.log.warn('database unavailable', { route: spec.name, err });
    return jsonResult(
      503,
      { success: false, error: 'database-unavailable', message: 'the database is unavailable; retry shortly' },
      { 'Retry-After': String(app.config.DB_RETRY_AFTER_S) },
    );
  }
  app.log.error('unexpected error', { route: spec.name, err });
  const production = app.config.NODE_ENV === 'production';
  return jsonResult(500, { success: false, error: 'internal-server-error', ...(production ? {} : { message: (err as Error)?.message ?? String(err) }) });
}

/** Runs one request through `spec` against `app`. */
export async function handleRequest(spec: RouteSpec, app: App, event: HttpEvent): Promise<APIGatewayProxyResult> {
  const started = performance.now();
  let result: APIGatewayProxyResult;
  try {
    const principal = checkAccess(spec, app, event);
    const inputs = inputsOf(spec, event);
    const now = app.clock();
    result = await withConnection(app, spec.db, async (db) => {
      const point = db && spec.wallet ? await readSyncPoint(db) : null;
      const wallet = db && spec.wallet && principal ? await requireWallet(db, principal.walletId, spec.wallet) : null;
      const out = await spec.run({
        app,
        db: db as Queryable,
        query: inputs.query as Record<string, unknown>,
        body: inputs.body,
        params: inputs.params as Record<string, unknown>,
        walletId: principal?.walletId ?? '',
        mode: principal?.mode ?? null,
        wallet,
        now,
        event,
      });
      return shape(spec, out, event, freshnessHeaders(point));
    });
  } catch (err) {
    result = errorResult(err, app, spec);
  }
  const ms = performance.now() - started;
  app.metrics.observe(spec.name, result.statusCode, ms);
  const level = result.statusCode >= 500 ? 'error' : result.statusCode >= 400 ? 'info' : 'debug';
  app.log[level]('request', { route: spec.name, method: spec.method, status: result.statusCode, ms: Math.round(ms * 10) / 10 });
  await app.metrics.flush(app.pool, Date.now());
  return result;
}

function shape(spec: RouteSpec, out: unknown, event: HttpEvent, fresh: Record<string, string>): APIGatewayProxyResult {
  if (out instanceof Reply) {
    if (typeof out.body === 'string') return textResult(out.status, out.body, out.headers['Content-Type'] ?? 'text/plain', { ...fresh, ...out.headers });
    return jsonResult(out.status, out.body, { ...fresh, ...out.headers });
  }
  const result = jsonResult(spec.successStatus ?? 200, out, { 'Cache-Control': 'no-store', ...fresh });
  if (!spec.etag) return result;
  const etag = etagOf(result.body);
  const headers = { ...result.headers, ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (matchesEtag(header(event, 'if-none-match'), etag)) return { statusCode: 304, headers, body: '' };
  return { ...result, headers };
}

/** A Lambda handler for `spec` (warm-up pings answer at once, before any configuration is read). */
export function httpHandler(spec: RouteSpec): HttpHandler {
  return async (event) => {
    if (event.source === 'serverless-plugin-warmup') return textResult(200, 'OK', 'text/plain');
    return handleRequest(spec, containerApp(), event);
  };
}

/** Typed `RouteSpec` literal (keeps the schemas' output types in the route's `run`). */
export function defineRoute<Q extends AnyObject, B extends z.ZodType, P extends AnyObject>(spec: RouteSpec<Q, B, P>): RouteSpec<Q, B, P> {
  return spec;
}
