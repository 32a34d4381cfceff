import type { WalletRow } from '@wallet-service/common';
import { z } from 'zod';

/** The wallet status object of /wallet/init, /wallet/status and /wallet/auth (api-spec §4.1). */
export const statusSchema = z.object({
  walletId: z.string(),
  xpubkey: z.string(),
  authXpubkey: z.string(),
  status: z.enum(['creating', 'ready', 'error']),
  retryCount: z.number(),
  maxGap: z.number(),
  createdAt: z.number(),
  readyAt: z.number().nullable(),
  lastUsedAddressIndex: z.number(),
  shieldedMaxGap: z.null(),
  lastUsedShieldedIndex: z.null(),
});

export type StatusObject = z.infer<typeof statusSchema>;

export function toStatus(w: WalletRow): StatusObject {
  return {
    walletId: w.id,
    xpubkey: w.xpubkey,
    authXpubkey: w.auth_xpubkey,
    status: w.status,
    retryCount: w.retry_count,
    maxGap: w.max_gap,
    createdAt: w.created_at,
    readyAt: w.ready_at,
    lastUsedAddressIndex: w.last_used_address_index,
    // This API keeps no shielded (confidential) accounts; the client ignores these.
    shieldedMaxGap: null,
    lastUsedShieldedIndex: null,
  };
}
