export { generateRandom, generateScenario, SCENARIOS, type Generated, type ScenarioOptions } from './generate';
export { expectedPathFor, generateRandomToFile, writeStreamFile } from './files';
export type { RandomOptions } from './random';
export { SCENARIO_DEFS, type ScenarioDef } from './scenarios';
export { KNOWN_WALLETS, type KnownWallet } from './wallets';
