import { Lru } from '@wallet-service/common';
import { proofMessage, verifyMessage } from './signature';
import type { FullClaims } from './tokens';

/**
 * A full token carries the proof it was issued for, and the authorizer checks it on every request it
 * sees. Recovering the key costs ~2 ms of CPU, the bulk of an authorizer call; its outcome depends on
 * the claims alone, so a container remembers the outcomes of the proofs it checked — the same answer
 * for the same input, bounded in entries. API Gateway spares the authorizer most calls with its policy
 * cache; serverless offline has none and calls it before every request.
 */
export interface ProofMemo {
  verified(claims: Pick<FullClaims, 'ts' | 'wid' | 'addr' | 'sign'>): boolean;
  readonly size: number;
}

export function createProofMemo(maxEntries: number): ProofMemo {
  const outcomes = new Lru<boolean>(maxEntries);
  return {
    verified({ ts, wid, addr, sign }) {
      const message = proofMessage(ts, wid, addr);
      // Keyed by exactly the check's inputs, quoted so that no two inputs share a key.
      const key = JSON.stringify([message, addr, sign]);
      const known = outcomes.get(key);
      if (known !== undefined) return known;
      const ok = verifyMessage(message, sign, addr);
      outcomes.set(key, ok);
      return ok;
    },
    get size() {
      return outcomes.size;
    },
  };
}
