import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { App } from '../app';
import type { RouteSpec } from '../http/route';
import { TokenRejected, verifyToken, type TokenMode } from './tokens';

/**
 * The bearer TOKEN authorizer (api-spec §2.4). API Gateway caches its answer per token for every route,
 * so the policy names every route the token may reach: `/wallet/*` and `/tx/*` for a full token, the
 * routes declared `auth: 'wallet'` for a read-only one. A missing, malformed, expired or tampered token
 * is refused as `Unauthorized` (the gateway's 401); a full token whose embedded proof fails, and a
 * read-only token on a full route, get a Deny (403).
 */
const BEARER = /^Bearer\s+(\S+)$/i;

export class Unauthorized extends Error {
  // API Gateway answers 401 only for this exact message.
  constructor() {
    super('Unauthorized');
  }
}

/** `arn:aws:execute-api:region:account:api/stage` of the method ARN, which the policy's resources extend. */
function apiBase(methodArn: string): string {
  const [prefix, stage] = methodArn.split('/');
  return `${prefix}/${stage}`;
}

/** API Gateway resource pattern of a route path: each {param} matches anything. */
export const resourcePattern = (path: string) => path.replace(/\{[^}]+\}/g, '*');

export function allowedPaths(mode: TokenMode, routes: readonly RouteSpec[]): string[] {
  if (mode === 'full') return ['/wallet/*', '/tx/*'];
  return [...new Set(routes.filter((r) => r.auth === 'wallet').map((r) => resourcePattern(r.path)))].sort();
}

function policy(walletId: string, effect: 'Allow' | 'Deny', resources: string[], mode: TokenMode): APIGatewayAuthorizerResult {
  return {
    principalId: walletId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resources }],
    },
    context: { walletId, mode },
  };
}

export function authorize(event: APIGatewayTokenAuthorizerEvent, app: App, routes: readonly RouteSpec[]): APIGatewayAuthorizerResult {
  const match = BEARER.exec(event.authorizationToken ?? '');
  if (!match) throw new Unauthorized();
  let claims;
  try {
    claims = verifyToken(match[1], app.config.AUTH_SECRET, app.clock());
  } catch (err) {
    if (err instanceof TokenRejected) {
      app.log.info('token refused', { reason: err.message });
      throw new Unauthorized();
    }
    throw err;
  }
  const base = apiBase(event.methodArn);
  if (claims.mode === 'full' && !app.proofs.verified(claims)) {
    app.log.warn('full token with a failing embedded proof', { walletId: claims.wid });
    return policy(claims.wid, 'Deny', [`${base}/*`], claims.mode);
  }
  return policy(claims.wid, 'Allow', allowedPaths(claims.mode, routes).map((p) => `${base}/*${p}`), claims.mode);
}
