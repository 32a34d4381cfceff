/**
 * Everything the planner needs from outside, passed in as data: the planner reads no clock, no config and
 * no network.
 */
export interface Rules {
  /** Blocks a reward stays locked for (the node's reward_spend_min_blocks). */
  rewardSpendMinBlocks: number;
  /** Unix seconds the batch is planned at: outputs with a later timelock are locked. */
  now: number;
  /** P2PKH address at `index` of the external chain of an account-level xpub. */
  deriveAddress(xpubkey: string, index: number): string;
}

/** An output is locked while its block reward is not yet spendable at the best height, or its timelock is ahead. */
export function isLocked(
  o: { heightlock: number | null; timelock: number | null },
  bestHeight: number,
  now: number,
): boolean {
  return (o.heightlock !== null && o.heightlock > bestHeight) || (o.timelock !== null && o.timelock > now);
}
