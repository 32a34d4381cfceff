import type { Vertex } from '../generator/model';
import type { LiveChain } from './chain';
import { parseTxHex } from './parse-tx';
import { pushedTxJson } from './tx-json';
import { validateTx } from './validate-tx';

/** push_tx's answer (always HTTP 200) and, when accepted, the new vertex. */
export interface PushResult {
  body: { success: boolean; message: string; tx?: Record<string, unknown>; can_force?: boolean };
  accepted: Vertex | null;
}

/**
 * The node's push_tx: decode, validate, accept. `force` does not skip validation: hathor-core's manager
 * verifies a forced tx fully as well, so an invalid one is refused either way (without can_force).
 */
export function pushTx(chain: LiveChain, hex: unknown, force: boolean): PushResult {
  const parsed = parseTxHex(hex, chain.meta.network);
  if (!parsed.ok) return { body: { success: false, message: parsed.message, can_force: false }, accepted: null };
  const verdict = validateTx(chain.dag, parsed.tx, chain.meta.network, chain.clock());
  if (!verdict.ok) {
    const body = force ? { success: false, message: verdict.message } : { success: false, message: verdict.message, can_force: verdict.canForce };
    return { body, accepted: null };
  }
  const vertex = chain.acceptTx(verdict.spec);
  return { body: { success: true, message: '', tx: pushedTxJson(parsed.tx) }, accepted: vertex };
}
