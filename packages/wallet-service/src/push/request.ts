import { parseJson } from '@wallet-service/common';
import { z } from 'zod';

/**
 * The payload the daemon invokes txPushRequested with (api-spec §8): a map walletId → that wallet's
 * balance summary for one committed tx. Amounts are exact: Lambda hands an invoke's JSON to the handler
 * through JSON.parse, which rounds integers above 2^53, so the daemon may send the payload as one JSON
 * string (parsed here losslessly) or write such amounts as decimal strings; a number that is no longer
 * exact is refused rather than shown to a user rounded.
 */
const amount = z
  .union([
    z.bigint(),
    z.number().refine(Number.isSafeInteger, 'must be an integer below 2^53 (send larger amounts as strings)'),
    z.string().regex(/^-?\d+$/, 'must be an integer'),
  ])
  .transform((v) => BigInt(v));

const authorities = z.object({ mint: z.boolean(), melt: z.boolean() });

export const tokenBalance = z.object({
  tokenId: z.string().min(1),
  tokenSymbol: z.string(),
  totalAmountSent: amount,
  lockedAmount: amount,
  unlockedAmount: amount,
  lockedAuthorities: authorities,
  unlockedAuthorities: authorities,
  lockExpires: z.number().int().nullable(),
  total: amount,
});

export const walletPushRequest = z.object({
  txId: z.string().regex(/^[0-9a-f]{64}$/),
  walletId: z.string().min(1).max(64),
  addresses: z.array(z.string()),
  walletBalanceForTx: z.array(tokenBalance),
});

export type TokenBalance = z.output<typeof tokenBalance>;
export type WalletPushRequest = z.output<typeof walletPushRequest>;

export interface ParsedPushRequest {
  wallets: WalletPushRequest[];
  /** Entries refused, with why: one bad entry never costs the other wallets their notification. */
  invalid: { walletId: string; issues: string[] }[];
}

export function parsePushRequest(event: unknown): ParsedPushRequest {
  const payload = typeof event === 'string' ? parseJson(event) : event;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { wallets: [], invalid: [{ walletId: '', issues: ['the payload must be an object of walletId → request'] }] };
  }
  const out: ParsedPushRequest = { wallets: [], invalid: [] };
  for (const [walletId, entry] of Object.entries(payload)) {
    const r = walletPushRequest.safeParse(entry);
    if (!r.success) out.invalid.push({ walletId, issues: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    else if (r.data.walletId !== walletId) out.invalid.push({ walletId, issues: [`walletId ${r.data.walletId} under the key of another wallet`] });
    else out.wallets.push(r.data);
  }
  return out;
}
