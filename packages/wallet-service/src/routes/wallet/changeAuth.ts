import { z } from 'zod';
import { ApiError } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { findWallet, setAuthXpub } from '../../data/wallets';
import { statusSchema, toStatus } from '../../shape/status';
import { checkWalletProofs } from './checks';
import { walletProofBody } from './proofBody';

/** PUT /wallet/auth: replace the auth xpub, proven by the account key and the new auth key. */
export const walletChangeAuth = defineRoute({
  name: 'walletChangeAuth',
  method: 'PUT',
  path: '/wallet/auth',
  summary: "Rotate the wallet's auth xpub (signed by the account key and the new auth key)",
  auth: 'none',
  db: 'write',
  body: walletProofBody,
  response: z.object({ success: z.literal(true), status: statusSchema }),
  async run({ app, db, body, now }) {
    const walletId = checkWalletProofs(body, app.config, now);
    if (!(await findWallet(db, walletId))) throw new ApiError('wallet-not-found', { message: `no wallet ${walletId}` });
    await setAuthXpub(db, walletId, body.authXpubkey);
    return { success: true, status: toStatus((await findWallet(db, walletId))!) };
  },
});
