import { z } from 'zod';

/**
 * What the three push routes share. They take any wallet token, read-only included: a read-only token
 * already reads the wallet's whole history and balances, so the notifications it may subscribe a phone to
 * tell its holder nothing new, and a watch-only app is exactly the one that wants them. What such a token
 * could do beyond that is switch off or remove a device of its wallet, which needs that device's id (an
 * FCM registration token) that no route ever returns.
 */
export const deviceId = z.string().min(1).max(256);

export const pushFlags = { enablePush: z.boolean().default(false), enableShowAmounts: z.boolean().default(false) };

export const okResponse = z.object({ success: z.literal(true) });
