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
  /** PUSH_NOTIFICATION_ENABLED: new transactions also owe a push request. */
  pushNotifications?: boolean;
}

export { isLocked } from '@wallet-service/common';
