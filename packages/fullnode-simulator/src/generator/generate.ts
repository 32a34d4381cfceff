import type { EventStream } from '../stream';
import type { Truth } from '../truth/types';
import { runRandom, type RandomOptions } from './random';
import type { Seed } from './rng';
import { SCENARIO_DEFS, scenarioDef } from './scenarios';
import { Sim } from './sim';
import { computeTruth } from './truth';

export interface Generated {
  stream: EventStream;
  truth: Truth;
  /**
   * The truth at each of the scenario's checkpoints (`Sim.checkpoint`), by name: the state after the
   * first `truth.events` events of the stream.
   */
  checkpoints?: Record<string, Truth>;
}

export interface ScenarioOptions {
  seed?: Seed;
  /** default 10, the value the recorded streams use */
  rewardSpendMinBlocks?: number;
  network?: string;
  peerId?: string;
  streamId?: string;
}

/** Names of the named scenarios. */
export const SCENARIOS: readonly string[] = SCENARIO_DEFS.map((d) => d.name);

export function generateScenario(name: string, options: ScenarioOptions = {}): Generated {
  const def = scenarioDef(name);
  const checkpoints: Record<string, Truth> = {};
  const onCheckpoint = (s: Sim, point: string) => {
    if (point in checkpoints) throw new Error(`generator: checkpoint '${point}' is used twice in ${name}`);
    checkpoints[point] = computeTruth(s);
  };
  const sim = new Sim({ ...options, scenario: name, rewardMargin: def.rewardMargin, onCheckpoint });
  def.run(sim);
  const truth = computeTruth(sim);
  return { stream: { meta: sim.meta, events: sim.events }, truth, ...(Object.keys(checkpoints).length > 0 ? { checkpoints } : {}) };
}

/** A seeded random stream mixing every feature (sizes and rates in RandomOptions). */
export function generateRandom(options: RandomOptions): Generated {
  const sim = runRandom(options);
  return { stream: { meta: sim.meta, events: sim.events }, truth: computeTruth(sim) };
}
