import { HTR_NAME, HTR_SYMBOL, HTR_UID, TOKEN_MELT_MASK, TOKEN_MINT_MASK } from '@wallet-service/common';
import { z } from 'zod';
import type { StoredBalance } from '../domain/lockedAtRead';

const authorityFlags = z.object({ mint: z.boolean(), melt: z.boolean() });

export const tokenInfoSchema = z.object({ id: z.string(), name: z.string(), symbol: z.string(), version: z.number() });

export const balanceEntrySchema = z.object({
  token: tokenInfoSchema,
  transactions: z.number(),
  balance: z.object({ unlocked: z.number(), locked: z.number() }),
  tokenAuthorities: z.object({ unlocked: authorityFlags, locked: authorityFlags }),
  lockExpires: z.number().nullable(),
});

export const flags = (mask: number) => ({ mint: (mask & TOKEN_MINT_MASK) !== 0, melt: (mask & TOKEN_MELT_MASK) !== 0 });

/** HTR's name and symbol are fixed, whatever the token table says. */
export function tokenInfo(id: string, name: string, symbol: string, version: number) {
  return id === HTR_UID ? { id, name: HTR_NAME, symbol: HTR_SYMBOL, version: 0 } : { id, name, symbol, version };
}

export function toBalanceEntry(token: ReturnType<typeof tokenInfo>, transactions: number, b: StoredBalance) {
  return {
    token,
    transactions,
    balance: { unlocked: b.unlocked, locked: b.locked },
    tokenAuthorities: { unlocked: flags(b.unlockedAuthorities), locked: flags(b.lockedAuthorities) },
    lockExpires: b.timelockExpires,
  };
}
