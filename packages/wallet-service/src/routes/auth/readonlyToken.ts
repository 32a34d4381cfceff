import { z } from 'zod';
import { walletIdOf } from '../../auth/signature';
import { issueToken } from '../../auth/tokens';
import { defineRoute } from '../../http/route';
import { xpub } from '../../http/fields';
import { requireWallet } from '../../data/wallets';

/**
 * POST /auth/token/readonly: a read-only token for whoever knows the xpub (by design: the xpub already
 * reveals every address and so all of the wallet's history). It cannot reach tx/*, check_mine or push/*.
 */
export const authReadOnlyToken = defineRoute({
  name: 'authReadOnlyToken',
  method: 'POST',
  path: '/auth/token/readonly',
  summary: 'A read-only JWT for a ready wallet, from its xpub alone',
  auth: 'none',
  db: 'write',
  body: z.strictObject({ xpubkey: xpub }),
  response: z.object({ success: z.literal(true), token: z.string() }),
  async run({ app, db, body }) {
    const wallet = await requireWallet(db, walletIdOf(body.xpubkey), 'ready');
    return { success: true, token: issueToken({ wid: wallet.id, mode: 'ro' }, app.config.AUTH_SECRET, app.config.AUTH_TOKEN_LIFETIME_S) };
  },
});
