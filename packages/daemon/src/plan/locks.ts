import type { OutputState } from '../state/rows';
import { outputKey } from '../state/rows';
import type { State } from '../state/state';
import { putOutput } from './ledger';
import { isLocked } from './rules';

/**
 * Whether an output is locked depends only on the output, the best height and the clock, so after a
 * batch every output whose lock could have changed — those the batch touched, those whose height lock
 * lies between the old and the new best height, those whose timelock has passed — is set to what that
 * rule says. The balance moves between locked and unlocked through `putOutput`. Because the rule is a
 * function of the final best height only, it does not matter how the events were split into batches,
 * and a reorg that shortens the chain locks rewards again.
 */
export function reconcileLocks(s: State, candidates: Iterable<OutputState>, bestHeight: number, now: number): number {
  let flipped = 0;
  for (const candidate of candidates) {
    const current = s.outputs.get(outputKey(candidate.txId, candidate.index));
    if (!current) continue;
    const locked = isLocked(current, bestHeight, now);
    if (locked === current.locked) continue;
    putOutput(s, current, { ...current, locked });
    flipped++;
  }
  return flipped;
}
