import { isLocked, toBigInt } from '@wallet-service/common';

/**
 * A wallet's balance for one token as of the moment of the read. The daemon settles locks when it
 * commits; between commits a timelock can pass. When the stored earliest timelock has passed, the
 * pair's locked outputs are re-judged with the same rule the daemon uses (common's isLocked), so the
 * answer shows them unlocked before the daemon has written that — without the API writing anything.
 */
export interface StoredBalance {
  unlocked: bigint;
  locked: bigint;
  unlockedAuthorities: number;
  lockedAuthorities: number;
  timelockExpires: number | null;
}

export interface LockedOutput {
  value: string;
  authorities: number | null;
  timelock: number | null;
  heightlock: number | null;
}

/** Only a pair whose earliest timelock has passed can read differently from what is stored. */
export const mayHaveExpired = (b: Pick<StoredBalance, 'timelockExpires'>, now: number) =>
  b.timelockExpires !== null && b.timelockExpires <= now;

export function balanceAtRead(stored: StoredBalance, lockedOutputs: readonly LockedOutput[], bestHeight: number, now: number): StoredBalance {
  let { unlocked, locked, unlockedAuthorities } = stored;
  let lockedAuthorities = 0;
  let timelockExpires: number | null = null;
  for (const o of lockedOutputs) {
    const authorities = o.authorities ?? 0;
    if (isLocked(o, bestHeight, now)) {
      lockedAuthorities |= authorities;
      if (o.timelock !== null) timelockExpires = timelockExpires === null ? o.timelock : Math.min(timelockExpires, o.timelock);
      continue;
    }
    const value = authorities > 0 ? 0n : toBigInt(o.value);
    unlocked += value;
    locked -= value;
    unlockedAuthorities |= authorities;
  }
  return { unlocked, locked, unlockedAuthorities, lockedAuthorities, timelockExpires };
}
