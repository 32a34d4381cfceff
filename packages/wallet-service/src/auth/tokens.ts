import { createSecretKey, randomUUID, type KeyObject } from 'crypto';
import jwt from 'jsonwebtoken';

/**
 * HS256 JWTs signed with AUTH_SECRET (api-spec §2.3). A full token carries the proof it was issued for
 * (`sign`, `ts`, `addr`) so the authorizer can check it again; a read-only token carries only the wallet.
 */
export type TokenMode = 'full' | 'ro';

export interface FullClaims {
  wid: string;
  mode: 'full';
  sign: string;
  ts: number;
  addr: string;
}

export interface ReadOnlyClaims {
  wid: string;
  mode: 'ro';
}

export type TokenClaims = (FullClaims | ReadOnlyClaims) & { exp: number; iat: number; jti: string };

/**
 * Given a string, jsonwebtoken's verify first tries it as a PEM public key, which throws, and only then
 * makes a secret key of it: 0.7 ms of every authorizer call. A key object skips that; one secret is in
 * use per container, so the last one's key is kept.
 */
let lastKey: { secret: string; key: KeyObject } | undefined;
function keyOf(secret: string): KeyObject {
  if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return lastKey.key;
}

export function issueToken(claims: FullClaims | ReadOnlyClaims, secret: string, lifetimeS: number): string {
  return jwt.sign(claims, keyOf(secret), { algorithm: 'HS256', expiresIn: lifetimeS, jwtid: randomUUID() });
}

export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

/**
 * The claims of a token we issued and that has not expired; anything else (malformed, another secret,
 * another algorithm, expired, claims of the wrong shape) is TokenRejected. Tokens without `mode`
 * (issued by the API we replace) count as full.
 */
export function verifyToken(token: string, secret: string, nowS: number): TokenClaims {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], clockTimestamp: nowS });
  } catch (err) {
    throw new TokenRejected((err as Error).message);
  }
  if (typeof payload !== 'object' || typeof payload.wid !== 'string' || typeof payload.exp !== 'number') {
    throw new TokenRejected('token claims are not a wallet token');
  }
  const base = { wid: payload.wid, exp: payload.exp, iat: Number(payload.iat ?? 0), jti: String(payload.jti ?? '') };
  if (payload.mode === 'ro') return { ...base, mode: 'ro' };
  if (payload.mode !== undefined && payload.mode !== 'full') throw new TokenRejected(`unknown token mode ${String(payload.mode)}`);
  if (typeof payload.sign !== 'string' || typeof payload.ts !== 'number' || typeof payload.addr !== 'string') {
    throw new TokenRejected('full token without its proof');
  }
  return { ...base, mode: 'full', sign: payload.sign, ts: payload.ts, addr: payload.addr };
}
