import { z } from 'zod';
import { checkProofs, checkTimestamp } from '../../auth/proofs';
import { addressOfXpub } from '../../auth/signature';
import { issueToken } from '../../auth/tokens';
import { ApiError, invalidPayload } from '../../http/errors';
import { xpub } from '../../http/fields';
import { defineRoute } from '../../http/route';
import { findWallet } from '../../data/wallets';

/**
 * POST /auth/token: a full token for a request signed by the wallet's auth key. Issued whatever the
 * wallet's status, because the client needs it to poll /wallet/status while the wallet loads.
 */
export const authToken = defineRoute({
  name: 'authToken',
  method: 'POST',
  path: '/auth/token',
  summary: 'A full JWT for a request signed by the wallet auth key',
  auth: 'none',
  db: 'write',
  body: z.strictObject({
    ts: z.number().int().positive(),
    xpub,
    sign: z.string().min(1),
    walletId: z.string().regex(/^[0-9a-f]{64}$/, 'must be a wallet id (64 lowercase hexadecimal characters)'),
  }),
  response: z.object({ success: z.literal(true), token: z.string() }),
  async run({ app, db, body, now }) {
    const wallet = await findWallet(db, body.walletId);
    if (!wallet) throw new ApiError('wallet-not-found', { message: `no wallet ${body.walletId}` });
    checkTimestamp(body.ts, now, app.config.AUTH_MAX_TIMESTAMP_SHIFT_S, 'ts', 'invalid-auth-signature');
    if (body.xpub !== wallet.auth_xpubkey) {
      throw invalidPayload([{ message: 'Provided auth_xpubkey does not match the stored auth_xpubkey', path: ['xpub'] }]);
    }
    checkProofs([{ field: 'sign', xpub: body.xpub, signature: body.sign }], body.ts, body.walletId, app.config.NETWORK);
    const addr = addressOfXpub(body.xpub, app.config.NETWORK);
    const token = issueToken(
      { wid: body.walletId, mode: 'full', sign: body.sign, ts: body.ts, addr },
      app.config.AUTH_SECRET,
      app.config.AUTH_TOKEN_LIFETIME_S,
    );
    return { success: true, token };
  },
});
