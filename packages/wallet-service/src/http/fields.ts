import { parseXpub } from '@wallet-service/common';
import { z } from 'zod';

/**
 * Shared pieces of the route schemas. Query strings arrive as text, so their numbers and booleans are
 * converted here (and only here); JSON bodies are validated without conversion.
 */
const HEX64 = /^[0-9a-fA-F]{64}$/;
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

export const txId = z
  .string()
  .regex(HEX64, 'must be a transaction id of 64 hexadecimal characters')
  .transform((s) => s.toLowerCase());

/** A token uid (64 hex) or "00" for HTR. */
export const tokenId = z
  .string()
  .regex(/^(00|[0-9a-fA-F]{64})$/, 'must be "00" (HTR) or a token uid of 64 hexadecimal characters')
  .transform((s) => s.toLowerCase());

export const address = z
  .string()
  .min(34)
  .max(35)
  .regex(BASE58, 'must be a base58 address (no 0, O, I or l)');

/** A base58 extended public key ("xpub…"). */
const parsesAsXpub = (s: string) => {
  try {
    parseXpub(s);
    return true;
  } catch {
    return false;
  }
};

export const xpub = z
  .string()
  .min(100)
  .max(120)
  .regex(BASE58, 'must be a base58 extended public key')
  .refine(parsesAsXpub, 'must be an extended public key (78 bytes with a valid checksum and a public key)');

const INT = /^-?\d+$/;

/** An integer in a query string. */
export const queryInt = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(INT, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A positive amount in a query string (kept exact as a bigint). */
export const queryAmount = z
  .string()
  .regex(/^\d+$/, 'must be a positive integer')
  .transform((s) => BigInt(s))
  .refine((v) => v > 0n, 'must be greater than 0')
  .refine((v) => v < 1n << 64n, 'must be below 2^64');

export const queryBool = z
  .enum(['true', 'false', '1', '0'])
  .transform((s) => s === 'true' || s === '1');
