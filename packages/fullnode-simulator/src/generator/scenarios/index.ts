import type { ScenarioDef } from './common';
import { CONFLICT_SCENARIOS } from './conflicts';
import { NANO_SCENARIOS } from './nano';
import { RECORDED_SCENARIOS } from './recorded';
import { TOKEN_SCENARIOS } from './tokens';
import { WALLET_SCENARIOS } from './wallet';

export type { ScenarioDef } from './common';

/** Every named scenario, in a stable order. */
export const SCENARIO_DEFS: readonly ScenarioDef[] = [
  ...RECORDED_SCENARIOS,
  ...CONFLICT_SCENARIOS,
  ...TOKEN_SCENARIOS,
  ...NANO_SCENARIOS,
  ...WALLET_SCENARIOS,
];

export function scenarioDef(name: string): ScenarioDef {
  const def = SCENARIO_DEFS.find((d) => d.name === name);
  if (!def) throw new Error(`unknown scenario '${name}'; known: ${SCENARIO_DEFS.map((d) => d.name).join(', ')}`);
  return def;
}
