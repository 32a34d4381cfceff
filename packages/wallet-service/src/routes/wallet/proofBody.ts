import { z } from 'zod';
import { address, xpub } from '../../http/fields';

/** The body of /wallet/init and PUT /wallet/auth: the account xpub, the auth xpub and a proof for each. */
export const walletProofBody = z.strictObject({
  xpubkey: xpub,
  authXpubkey: xpub,
  xpubkeySignature: z.string().min(1),
  authXpubkeySignature: z.string().min(1),
  timestamp: z.number().int().positive(),
  firstAddress: address.optional(),
});

export type WalletProofBody = z.output<typeof walletProofBody>;
