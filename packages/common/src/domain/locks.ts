/**
 * When an output is spendable, shared by the daemon (which stores `locked` as of each commit) and the
 * wallet API (which answers as of the moment of the read, so a timelock that has just expired shows as
 * unlocked before the daemon has settled it).
 */
export interface LockFields {
  heightlock: number | null;
  timelock: number | null;
}

/** Locked while a block reward is not yet spendable at the best height, or the timelock is ahead of `now` (unix s). */
export function isLocked(o: LockFields, bestHeight: number, now: number): boolean {
  return (o.heightlock !== null && o.heightlock > bestHeight) || (o.timelock !== null && o.timelock > now);
}
