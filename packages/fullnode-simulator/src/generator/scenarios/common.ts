import type { Sim } from '../sim';

export interface ScenarioDef {
  name: string;
  /** what the scenario exercises (listed by the CLI and the docs) */
  covers: string;
  run: (sim: Sim) => void;
  /** extra maturity blocks for rewards offered to random spending (reorg safety) */
  rewardMargin?: number;
}

/** Unwraps a builder result; a named scenario that cannot be funded is a generator bug. */
export function must<T>(value: T | null): T {
  if (value === null) throw new Error('generator: a scenario step could not be funded');
  return value;
}

/** A timelock far in the future (locked whenever a test runs, and inside INT UNSIGNED). */
export function futureTimelock(sim: Sim): number {
  return sim.rng.range(3_000_000_000, 3_999_999_999);
}

/** A timelock long expired (before every generated tx, so spendable). */
export function expiredTimelock(sim: Sim): number {
  return sim.rng.range(1_500_000_000, 1_570_000_000);
}
