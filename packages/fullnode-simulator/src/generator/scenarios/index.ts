import type { ScenarioDef } from './common';
import { RECORDED_SCENARIOS } from './recorded';

export type { ScenarioDef } from './common';

/** Every named scenario, in a stable order. */
export const SCENARIO_DEFS: readonly ScenarioDef[] = [...RECORDED_SCENARIOS];

export function scenarioDef(name: string): ScenarioDef {
  const def = SCENARIO_DEFS.find((d) => d.name === name);
  if (!def) throw new Error(`unknown scenario '${name}'; known: ${SCENARIO_DEFS.map((d) => d.name).join(', ')}`);
  return def;
}
