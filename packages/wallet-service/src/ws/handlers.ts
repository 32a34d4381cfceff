import type { APIGatewayProxyStructuredResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { parseJson, withQueryTimeout, type Queryable } from '@wallet-service/common';
import type { App } from '../app';
import { TokenRejected, verifyToken } from '../auth/tokens';
import { findWallet } from '../data/wallets';
import { addConnection, joinWallet, removeConnection } from './connections';

/**
 * The websocket routes (api-spec §4.13). ping and join answer in the route response: their returned
 * body is the frame the client gets (serverless.yml gives both `routeResponseSelectionExpression:
 * $default`), so a reply costs no @connections call.
 */
export type WsEvent = APIGatewayProxyWebsocketEventV2;
export type WsResult = APIGatewayProxyStructuredResultV2;

const reply = (frame: Record<string, unknown>): WsResult => ({ statusCode: 200, body: JSON.stringify(frame) });
const NO_REPLY: WsResult = { statusCode: 200, body: '' };
const INVALID = reply({ type: 'error', message: 'Invalid parameters' });

function dbOf(app: App): Queryable {
  return withQueryTimeout(app.pool, app.config.DB_QUERY_TIMEOUT_MS);
}

/** $connect, $disconnect and ping. */
export async function connectionRoute(app: App, event: WsEvent): Promise<WsResult> {
  const { routeKey, connectionId } = event.requestContext;
  const log = app.log.child({ route: routeKey, connectionId });
  switch (routeKey) {
    case '$connect':
      try {
        await addConnection(dbOf(app), connectionId, app.clock());
        return NO_REPLY;
      } catch (err) {
        // Refused (the client reconnects) rather than accepted unrecorded. A join would record it anyway,
        // but a connection we cannot write now would most likely fail its join too.
        log.error('websocket connect not recorded; connection refused', { err });
        return { statusCode: 500, body: '' };
      }
    case '$disconnect':
      try {
        await removeConnection(dbOf(app), connectionId);
      } catch (err) {
        // Not retried by the gateway: the row stays until the consumer's first send to it answers 410.
        log.error('websocket disconnect not recorded; its joins are purged at the next send', { err });
      }
      return NO_REPLY;
    case 'ping':
      return reply({ type: 'pong' });
    default:
      log.warn('websocket route without a handler');
      return NO_REPLY;
  }
}

type JoinRequest = { id: string; token?: string };

function joinRequestOf(body: string | undefined): JoinRequest | null {
  let frame: unknown;
  try {
    frame = parseJson(body ?? '');
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { id, token } = frame as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) return null;
  if (token !== undefined && typeof token !== 'string') return null;
  return { id, token };
}

/**
 * join: `{"action":"join","id":"<walletId>"[,"token":"<JWT from /auth/token>"]}`. A token, when given (or
 * when WS_JOIN_REQUIRES_TOKEN), must be one of ours, unexpired, for that wallet; then the wallet must
 * exist. Without WS_JOIN_REQUIRES_TOKEN anyone who knows a wallet id may listen to it (README, Realtime).
 */
export async function joinRoute(app: App, event: WsEvent): Promise<WsResult> {
  const { connectionId } = event.requestContext;
  const log = app.log.child({ route: 'join', connectionId });
  const request = joinRequestOf(event.body);
  if (!request) return INVALID;
  const now = app.clock();
  if (request.token === undefined) {
    if (app.config.WS_JOIN_REQUIRES_TOKEN) return reply({ type: 'error', message: 'Token required' });
  } else {
    try {
      const claims = verifyToken(request.token, app.config.AUTH_SECRET, now);
      if (claims.wid !== request.id) return reply({ type: 'error', message: 'Invalid token' });
    } catch (err) {
      if (!(err instanceof TokenRejected)) throw err;
      log.info('websocket join with a rejected token', { reason: err.message });
      return reply({ type: 'error', message: 'Invalid token' });
    }
  }
  try {
    const db = dbOf(app);
    if (!(await findWallet(db, request.id))) return INVALID;
    await joinWallet(db, connectionId, request.id, now);
  } catch (err) {
    // No answer: the client sends join again when no join-success came within 5 s.
    log.error('websocket join failed', { err, walletId: request.id });
    return NO_REPLY;
  }
  log.info('websocket joined', { walletId: request.id, withToken: request.token !== undefined });
  return reply({ type: 'join-success', message: 'Listening', id: request.id });
}
