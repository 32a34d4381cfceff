import type { AddressNetwork } from '@wallet-service/common';
import { ApiError, invalidPayload } from '../http/errors';
import { addressOfXpub, proofMessage, verifyMessage } from './signature';

/**
 * The checks of a signed request: its timestamp within the window (a replayed old signature is refused
 * here), then each signature against the key it claims. Errors name the field that failed.
 */
export function checkTimestamp(timestamp: number, now: number, maxShift: number, field: string, code: 'invalid-payload' | 'invalid-auth-signature'): void {
  const shift = Math.floor(Math.abs(now - timestamp));
  if (shift < maxShift) return;
  const details = [{ message: `The timestamp is shifted ${shift}(s). Limit is ${maxShift}(s).`, path: [field] }];
  throw code === 'invalid-payload' ? invalidPayload(details) : new ApiError(code, { details });
}

export interface Proof {
  field: string;
  xpub: string;
  signature: string;
}

/** Each proof signs `timestamp ‖ walletId ‖ address(xpub)` with that xpub's key. */
export function checkProofs(proofs: Proof[], timestamp: number, walletId: string, network: AddressNetwork): void {
  const failed = proofs.filter((p) => !verifyMessage(proofMessage(timestamp, walletId, addressOfXpub(p.xpub, network)), p.signature, addressOfXpub(p.xpub, network)));
  if (failed.length === 0) return;
  throw new ApiError('invalid-auth-signature', {
    details: failed.map((p) => ({ message: `"${p.field}" is not a valid signature of this request by its key`, path: [p.field] })),
  });
}
